import { afterEach, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { generateSubscriberCsv } from '../../src/cli/demo-readers.ts';
import { createEdition, editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { verifyToken } from '../../src/security/signed-token.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { randomFaults } from '../support/fake-resend-server.ts';
import { createTestStack, TEST_SECRET, waitFor, type TestStack } from '../support/test-stack.ts';

const READERS = 1000;

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

/** Loads 1,000 readers, then takes some out: unsubscribed, suppressed. Returns the addresses that must get mail. */
async function seedReaders(s: TestStack): Promise<{ listId: number; expected: Map<string, number> }> {
  const { db } = s.container;
  const list = await createList(db, 'daily-digest', 'The Broadsheet Daily');
  await importSubscribers(db, 'daily-digest', generateSubscriberCsv(READERS));
  await db.query(`update subscriptions set status = 'unsubscribed' where subscriber_id % 37 = 0`);
  // Suppressed while still active: prepare must skip it on its own.
  await db.query(`insert into suppressions (email_normalized, email_hash, reason) values ('reader000500@example.com', bs_email_hash('reader000500@example.com'), 'hard bounce')`);
  const rows = await db.query<{ id: number; email: string }>(
    `select s.id, s.email from subscribers s join subscriptions sub on sub.subscriber_id = s.id
      where sub.list_id = $1 and sub.status = 'active' and s.email_normalized <> 'reader000500@example.com'`,
    [list.id],
  );
  return { listId: list.id, expected: new Map(rows.map((r) => [r.email, r.id])) };
}

async function sendAndWait(s: TestStack): Promise<{ editionId: string; ms: number }> {
  const { db } = s.container;
  const edition = await createEdition(db, { listSlug: 'daily-digest', content: seedDigest, editionDate: '2024-11-21' });
  await s.workers();
  const started = performance.now();
  await scheduleEdition(db, await s.container.queue(), edition.id);
  await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');
  return { editionId: edition.id, ms: performance.now() - started };
}

function assertExactlyOnce(s: TestStack, expected: Map<string, number>, listId: number, editionId: string) {
  const counts = s.resend.countByRecipient();
  const duplicates = [...counts].filter(([, n]) => n > 1);
  const missing = [...expected.keys()].filter((email) => !counts.has(email));
  const unexpected = [...counts.keys()].filter((email) => !expected.has(email));
  expect({ duplicates, missing, unexpected }).toEqual({ duplicates: [], missing: [], unexpected: [] });

  for (const email of s.resend.accepted) {
    const subscriberId = expected.get(email.to[0]!)!;
    const header = email.headers['List-Unsubscribe']!;
    const url = /^<(https:\/\/letters\.broadsheet\.example\/u\/([^>]+))>$/.exec(header);
    expect(url, header).not.toBeNull();
    // The reader's own link: signed for them and this list, and the same one the footer shows.
    expect(verifyToken([TEST_SECRET], url![2]!)).toEqual({ purpose: 'unsubscribe', subscriberId, listId });
    expect(email.html).toContain(`href="${url![1]}"`);
    expect(email.text).toContain(url![1]);
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(email.tags).toContainEqual({ name: 'edition', value: editionId });
  }
}

describe.each(DATABASE_KINDS)('a 1,000-reader edition on %s', (kind) => {
  it('reaches every active reader exactly once, each with their own unsubscribe link', async () => {
    stack = await createTestStack(kind);
    const { listId, expected } = await seedReaders(stack);
    const { editionId, ms } = await sendAndWait(stack);

    assertExactlyOnce(stack, expected, listId, editionId);
    const progress = await editionProgress(stack.container.db, editionId);
    expect(progress).toMatchObject({ status: 'sent', sent: expected.size, failed: 0, pending: 0, recipients: expected.size });
    console.info(`[measure] ${kind} no faults: ${stack.resend.accepted.length} delivered, 0 duplicates, ${stack.resend.stats.requests} requests, ${Math.round(ms)} ms`);
  });

  it('still reaches every reader exactly once when a fifth of the requests fail or are dropped after acceptance', async () => {
    // Batches of 20 make 50 calls, so a fifth of them failing exercises every kind of fault.
    stack = await createTestStack(kind, {
      env: { BATCH_SIZE: '20' },
      resend: { faults: randomFaults(0.2, ['server-error', 'unavailable', 'drop-before-accept', 'drop-after-accept', 'rate-limit'], kind === 'postgres' ? 7 : 11) },
    });
    const { listId, expected } = await seedReaders(stack);
    const { editionId, ms } = await sendAndWait(stack);

    assertExactlyOnce(stack, expected, listId, editionId);
    expect((await editionProgress(stack.container.db, editionId)).status).toBe('sent');
    const faults = Object.fromEntries(stack.resend.stats.faults);
    const faulted = Object.values(faults).reduce((a, b) => a + b, 0);
    expect(faulted / stack.resend.stats.requests).toBeGreaterThan(0.1);
    expect(faults['drop-after-accept']).toBeGreaterThan(0);
    console.info(`[measure] ${kind} 20% faults: ${stack.resend.accepted.length} delivered, 0 duplicates, ${stack.resend.stats.requests} requests, faults ${JSON.stringify(faults)}, ${Math.round(ms)} ms`);
  });
});

describe('a burst of provider errors (PostgreSQL)', () => {
  it('rides out twelve 5xx answers in a row and still sends every reader once', async () => {
    const burst = (n: number) => (n >= 3 && n < 15 ? (n % 2 ? 'server-error' : 'unavailable') : 'none');
    stack = await createTestStack('postgres', { env: { BATCH_SIZE: '50' }, resend: { faults: burst } });
    const { listId, expected } = await seedReaders(stack);
    const { editionId } = await sendAndWait(stack);
    assertExactlyOnce(stack, expected, listId, editionId);
    expect(stack.resend.stats.byStatus.get(500)! + stack.resend.stats.byStatus.get(503)!).toBe(12);
    expect((await editionProgress(stack.container.db, editionId)).status).toBe('sent');
  });
});
