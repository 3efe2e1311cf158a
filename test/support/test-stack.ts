import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { generateSubscriberCsv } from '../../src/cli/demo-readers.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createContainer, type Container } from '../../src/container.ts';
import type { Edition } from '../../src/editions/edition.ts';
import { createEdition } from '../../src/editions/edition-service.ts';
import { PATIENCE_MS } from './patience.ts';
import type { WorkQueue } from '../../src/jobs/work-queue.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import type { EmailTransport } from '../../src/transports/email-transport.ts';
import { createResendTransport } from '../../src/transports/resend-transport.ts';
import { silentLogger } from '../../src/logger.ts';
import { startWorkers, type RunningWorkers } from '../../worker/workers.ts';
import { createTestDatabase, TEST_REDIS_URL, type DatabaseKind, type TestDatabase } from './databases.ts';
import { FakeResend, type FakeResendOptions } from './fake-resend-server.ts';
import { testQueuePrefix } from './redis-prefix.ts';

/** Broadsheet's own address in tests: not the newsroom's site (news.broadsheet.example), as in production. */
export const TEST_PUBLIC_URL = 'https://letters.broadsheet.example';
export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

/** The environment of a production-like process in tests: Resend (the fake server), https links, a real secret. */
export function testEnv(resendUrl: string, queuePrefix: string): Record<string, string> {
  return {
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: resendUrl,
    EMAIL_FROM: 'The Broadsheet Daily <digest@news.broadsheet.example>',
    PUBLIC_URL: TEST_PUBLIC_URL,
    BROADSHEET_SECRET: TEST_SECRET,
    PUBLISHER_NAME: 'The Broadsheet Daily',
    PUBLISHER_ADDRESS: 'Av. Reforma 123, 06600 Ciudad de México',
    RESEND_RPS: '50',
  };
}

export interface TestStack {
  container: Container;
  resend: FakeResend;
  database: TestDatabase;
  workers(): Promise<RunningWorkers>;
  dispose(): Promise<void>;
}

/**
 * The real pipeline on real services: PostgreSQL (own schema) or PGlite, Redis
 * (own queue prefix), BullMQ workers in this process, and the `resend` SDK talking
 * to a fake Resend server on loopback.
 */
export async function createTestStack(
  kind: DatabaseKind,
  opts: { resend?: FakeResendOptions; env?: Record<string, string>; retry?: { attempts: number; backoffMs: number }; transport?: EmailTransport } = {},
): Promise<TestStack> {
  const database = await createTestDatabase(kind);
  const resend = await new FakeResend(opts.resend).start();
  const queue = testQueuePrefix();
  const config: Config = loadConfig({ ...testEnv(resend.url, queue.prefix), WORKER_CONCURRENCY: '8', ...opts.env });
  const container = await createContainer(config, {
    db: database.db,
    transport: opts.transport ?? createResendTransport({ apiKey: 're_test_key', baseUrl: resend.url }),
    logger: silentLogger,
    retry: opts.retry ?? { attempts: 25, backoffMs: 20 },
  });
  const running: RunningWorkers[] = [];
  return {
    container,
    resend,
    database,
    async workers() {
      const w = await startWorkers(container);
      running.push(w);
      return w;
    },
    async dispose() {
      for (const w of running) await w.close();
      await container.close();
      await queue.cleanup();
      await resend.stop();
      await database.dispose();
    },
  };
}

/** Polls until `check` returns a value; fails, naming `what`, only after PATIENCE_MS (see there). */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, what = 'condition'): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${PATIENCE_MS / 1000} s for ${what}, and it did not happen`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A WorkQueue that only records batch ids: lets a test run prepare and decide when batches go. */
export function holdingQueue(): WorkQueue & { batchIds: string[] } {
  const batchIds: string[] = [];
  return {
    batchIds,
    enqueuePrepare: async () => {},
    enqueueBatches: async (_editionId, batches) => void batchIds.push(...batches.map((b) => b.id)),
    enqueueConfirmation: async () => {},
    setDigestSchedule: async () => {},
    removeDigestSchedule: async () => {},
    scheduleSweep: async () => {},
    scheduleListHealth: async () => {},
    enqueueWebhookDeliveries: async () => {},
    scheduleWebhookRelay: async () => {},
    close: async () => {},
  };
}

/** The `daily-digest` list with `readers` generated readers, and a draft edition of the seed digest. */
export async function seedEdition(s: { container: Container }, readers: number): Promise<Edition> {
  const { db } = s.container;
  await createList(db, 'daily-digest', 'The Broadsheet Daily');
  await importSubscribers(db, 'daily-digest', generateSubscriberCsv(readers));
  return createEdition(db, { listSlug: 'daily-digest', content: seedDigest });
}

/** An afterEach that closes a test's server, then disposes its stack, and forgets both. */
export function closeServerAndStack(held: () => [{ close(): Promise<void> } | undefined, TestStack | undefined], forget: () => void): () => Promise<void> {
  return async () => {
    const [server, stack] = held();
    await server?.close();
    await stack?.dispose();
    forget();
  };
}
