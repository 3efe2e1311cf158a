import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareEdition } from '../../src/delivery/prepare-edition.ts';
import { sendBatch } from '../../src/delivery/send-batch.ts';
import { listParked, settleParked } from '../../src/delivery/settle-parked.ts';
import { forgetFrozenEmails } from '../../src/delivery/sweep.ts';
import { createContainer } from '../../src/container.ts';
import { loadConfig } from '../../src/config.ts';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { silentLogger } from '../../src/logger.ts';
import { eraseSubscriber } from '../../src/subscribers/erasure.ts';
import { createOutboxTransport } from '../../src/transports/outbox-transport.ts';
import { startWorkers, type RunningWorkers } from '../../worker/workers.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { testQueuePrefix } from '../support/redis-prefix.ts';
import { createTestStack, holdingQueue, seedEdition, testEnv, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The pipeline on the local outbox, with its directory under a regular file: every write fails with ENOTDIR. */
async function unwritableOutboxStack(readers: number, env: Record<string, string> = {}) {
  const scratch = await mkdtemp(join(tmpdir(), 'bs-outbox-'));
  cleanups.push(() => rm(scratch, { recursive: true, force: true }));
  await writeFile(join(scratch, 'not-a-dir'), '');
  const outboxDir = join(scratch, 'not-a-dir', 'outbox');
  const database: TestDatabase = await createTestDatabase('postgres');
  cleanups.push(() => database.dispose());
  const queue = testQueuePrefix();
  cleanups.push(() => queue.cleanup());
  const config = loadConfig({ ...testEnv('http://127.0.0.1:9', queue.prefix), RESEND_API_KEY: '', ...env });
  const c = await createContainer(config, { db: database.db, transport: createOutboxTransport({ dir: outboxDir }), logger: silentLogger, retry: { attempts: 3, backoffMs: 10 } });
  cleanups.push(() => c.close());
  const edition = await seedEdition({ container: c }, readers);
  let workers: RunningWorkers | undefined;
  cleanups.push(async () => workers?.close());
  return { c, edition, outboxDir, start: async () => (workers = await startWorkers(c)) };
}

/** A free-tier edition prepared into a holding queue, and what sendBatch needs to send its batches by hand. */
async function preparedBatches(readers: number) {
  const { db, links, transport, render } = stack!.container;
  const edition = await seedEdition(stack!, readers);
  await db.query(`update subscribers set tier = 'free'`);
  await db.query(`update editions set status = 'scheduled', send_at = now() where id = $1`, [edition.id]);
  const holding = holdingQueue();
  await prepareEdition({ db, queue: holding, render, logger: silentLogger }, edition.id);
  const deps = { db, transport, links, from: 'The Daily <daily@news.example>', logger: silentLogger, idempotencyWindowMs: 23 * 3600_000, errorBudget: 1 };
  return { db, edition, batchIds: holding.batchIds, deps };
}

describe('every failure ends somewhere visible (PostgreSQL)', () => {
  it('an unwritable outbox fails each batch after its attempts and pauses the edition on the error budget, saying why', async () => {
    const { c, edition, outboxDir, start } = await unwritableOutboxStack(150);
    expect(await c.transport.problem!()).toBe(`cannot write the outbox ${outboxDir} (OUTBOX_DIR): ENOTDIR`);
    await start();
    await scheduleEdition(c.db, await c.queue(), edition.id);
    const p = await waitFor(async () => {
      const p = await editionProgress(c.db, edition.id);
      return p.status === 'paused' && p;
    }, 'the edition to pause');
    expect(p.reason).toContain(`Most common: "gave up after 3 attempts: cannot write the outbox ${outboxDir} (OUTBOX_DIR): ENOTDIR"`);
    expect(p.failed).toBeGreaterThanOrEqual(100);
    // Nothing stays in flight: failed batches are failed, the rest wait (pending or retryable) for an editor to resume.
    await waitFor(async () => (await c.db.query(`select 1 from batches where status = 'submitting'`)).length === 0, 'in-flight batches to settle');
  });

  it('a small edition whose every batch fails ends sent_with_failures, each delivery with the reason', async () => {
    const { c, edition, start } = await unwritableOutboxStack(30);
    await start();
    await scheduleEdition(c.db, await c.queue(), edition.id);
    const p = await waitFor(async () => {
      const p = await editionProgress(c.db, edition.id);
      return isFinal(p.status) && p;
    }, 'the edition to end');
    expect(p).toMatchObject({ status: 'sent_with_failures', failed: 30, sent: 0, pending: 0 });
    const errors = await c.db.query<{ error: string }>(`select distinct error from deliveries`);
    expect(errors.map((e) => e.error)).toEqual([expect.stringMatching(/^gave up after 3 attempts: cannot write the outbox .* \(OUTBOX_DIR\): ENOTDIR$/)]);
  });

  it('ends an edition whose last batches are parked as incomplete, with the keys and the next step; settling finishes it', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const queue = await stack.container.queue();
    const edition = await seedEdition(stack, 250);
    await db.query(`update editions set status = 'scheduled', send_at = now() where id = $1`, [edition.id]);
    await prepareEdition({ db, queue: holdingQueue(), render: stack.container.render, logger: silentLogger }, edition.id);
    // Two batches were claimed by a worker that died a day ago: the provider may or may not have them.
    const dead = await db.query<{ id: string; size: number }>(
      `update batches set status = 'submitting', attempts = 1, frozen_at = now(), first_attempt_at = now() - interval '25 hours'
        where id in (select id from batches where edition_id = $1 order by seq limit 2) returning id, size`,
      [edition.id],
    );
    await stack.workers(); // reconciles on start: sends the rest, parks the two
    const p = await waitFor(async () => {
      const p = await editionProgress(db, edition.id);
      return isFinal(p.status) && p;
    }, 'the edition to end');
    const parkedReaders = dead.reduce((n, b) => n + b.size, 0);
    expect(p).toMatchObject({ status: 'incomplete', parkedBatches: 2, pending: parkedReaders, sent: 250 - parkedReaders });
    expect(p.reason).toContain(`2 batches (${parkedReaders} readers) parked: the provider may or may not have sent them`);
    expect(p.reason).toContain(`broadsheet-batch-${[...dead.map((b) => b.id)].sort()[0]}`);
    expect(p.reason).toContain(`"broadsheet editions settle ${edition.id} --as sent" if they went out, or "--as resend" if they did not`);
    const parked = await listParked(db, edition.id);
    expect(parked.map((b) => b.id).sort()).toEqual(dead.map((b) => b.id).sort());

    // The operator finds the first in the provider's logs (it went out) and not the second.
    const [went, lost] = parked;
    expect(await settleParked(db, queue, edition.id, { as: 'sent', batchId: went!.id, batchSize: 100 })).toMatchObject({ batches: 1, readers: went!.readers });
    expect((await editionProgress(db, edition.id)).status).toBe('incomplete');
    expect(await settleParked(db, queue, edition.id, { as: 'resend', batchSize: 100 })).toMatchObject({ batches: 1, readers: lost!.readers, newBatches: 1 });
    const done = await waitFor(async () => {
      const p = await editionProgress(db, edition.id);
      return p.status === 'sent' && p;
    }, 'the edition to be sent');
    expect(done).toMatchObject({ sent: 250, pending: 0, parkedBatches: 0, reason: null });
    expect(stack.resend.accepted).toHaveLength(250 - went!.readers);
    expect([...stack.resend.countByRecipient().values()].every((n) => n === 1)).toBe(true);
    await expect(settleParked(db, queue, edition.id, { as: 'sent', batchSize: 100 })).rejects.toThrow(/is sent: only incomplete, sending, paused editions/);
  });
});

describe('a retried batch sends the same bytes (PostgreSQL)', () => {
  it('freezes address, name and links at the first claim: a rename, a new address and an erasure between tries change nothing', async () => {
    // The provider takes the batch the first time, but the answer is lost: the retry must match it byte for byte.
    let lose = true;
    stack = await createTestStack('postgres', { resend: { faults: () => (lose ? 'drop-after-accept' : 'none') } });
    const { db, edition, batchIds, deps } = await preparedBatches(4);
    expect(batchIds).toHaveLength(1);
    const batchId = batchIds[0]!;
    await expect(sendBatch(deps, edition.id, batchId)).rejects.toThrow();
    const first = stack.resend.accepted.map((e) => ({ to: e.to, html: e.html, text: e.text, from: e.from }));
    expect(first).toHaveLength(4);

    await db.query(`update subscribers set name = 'Renamed' where email = 'reader000001@example.com'`);
    await db.query(`update subscribers set email = 'moved@example.com', email_normalized = 'moved@example.com' where email = 'reader000002@example.com'`);
    await eraseSubscriber(db, 'reader000003@example.com');
    lose = false;
    const outcome = await sendBatch({ ...deps, from: 'Someone Else <other@news.example>' }, edition.id, batchId);
    // A different body under the same key would be a 409 and a parked batch.
    expect(outcome).toEqual({ outcome: 'submitted', accepted: 4, rejected: 0, skipped: 0 });
    expect(stack.resend.accepted.map((e) => ({ to: e.to, html: e.html, text: e.text, from: e.from }))).toEqual(first);
    expect(stack.resend.stats.byStatus.get(409)).toBeUndefined();
    // Once the provider has the batch, the frozen copies are gone.
    expect(await db.query(`select 1 from batches where personal is not null union all select 1 from deliveries where personal is not null`)).toEqual([]);
  });

  it('still drops a reader who left or was erased before their batch was first claimed', async () => {
    stack = await createTestStack('postgres');
    const { db, edition, batchIds, deps } = await preparedBatches(4);
    await eraseSubscriber(db, 'reader000003@example.com');
    expect(await sendBatch(deps, edition.id, batchIds[0]!)).toEqual({ outcome: 'submitted', accepted: 3, rejected: 0, skipped: 1 });
    expect(stack.resend.accepted.map((e) => e.to[0])).not.toContain('reader000003@example.com');
  });

  it('forgets frozen copies once a batch is past the idempotency window', async () => {
    stack = await createTestStack('postgres', { resend: { faults: () => 'server-error' } });
    const { db, edition, batchIds, deps } = await preparedBatches(3);
    await expect(sendBatch(deps, edition.id, batchIds[0]!)).rejects.toThrow();
    // Frozen on the batch, one entry per reader.
    expect(await db.query(`select jsonb_object_keys(personal) from batches where id = $1`, [batchIds[0]])).toHaveLength(3);
    // A batch frozen before migration 019 kept a reader's copy in the delivery row: forgotten the same way.
    await db.query(`update deliveries set personal = '{"to":"old@example.com"}' where subscriber_id = (select min(subscriber_id) from deliveries)`);
    expect(await forgetFrozenEmails(db, 23 * 3600_000)).toBe(0);
    await db.query(`update batches set first_attempt_at = now() - interval '24 hours'`);
    expect(await forgetFrozenEmails(db, 23 * 3600_000)).toBe(4);
    expect(await db.query(`select 1 from batches where personal is not null union all select 1 from deliveries where personal is not null`)).toEqual([]);
    expect(await sendBatch(deps, edition.id, batchIds[0]!)).toMatchObject({ outcome: 'parked' });
  });
});
