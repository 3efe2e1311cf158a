import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { editionProgress, editionStats, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { recordClick } from '../../src/webhooks/click-store.ts';
import { createTestStack, seedEdition, TEST_PUBLIC_URL, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const READERS = 400;
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)';

describe('a subject test (PostgreSQL, the resend SDK)', () => {
  it('sends A and B to half the test share each, then the subject more readers clicked to everyone else, each reader once', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const edition = await seedEdition(stack, READERS);
    const queue = await stack.container.queue();

    // Refused: too few readers for a 20 % share, and a test with delivery at readers' local hours.
    await expect(scheduleEdition(db, queue, edition.id, { subjectTest: { subjectB: 'Another subject' } })).rejects.toThrow(
      /^subject-b: a subject test needs at least 100 readers per subject: 1000 readers at a 20 % share; daily-digest has 400 \(a larger --test-share needs fewer: at 50 %, 400\)$/,
    );
    await expect(scheduleEdition(db, queue, edition.id, { subjectTest: { subjectB: 'Another subject', share: 50 }, readerLocal: { time: '07:00', timezone: 'UTC' } })).rejects.toThrow(/cannot go together/);

    const subjectB = 'WhatsApp: the cartels’ secret weapon';
    await scheduleEdition(db, queue, edition.id, { subjectTest: { subjectB, share: 50, decideAfterMs: 3_600_000 } });
    await stack.workers();
    // The test halves go at once (each reader's half fixed by a hash: about 100 each); the rest wait for the decision.
    const groupCount = async (g: string, status?: string) =>
      (await db.query<{ n: number }>(`select count(*)::int as n from deliveries where edition_id = $1 and ab_group = $2 and ($3::text is null or status = $3)`, [edition.id, g, status ?? null]))[0]!.n;
    await waitFor(async () => (await editionProgress(db, edition.id)).recipients === READERS && (await groupCount('a', 'pending')) + (await groupCount('b', 'pending')) === 0, 'both halves sent');
    const [sizeA, sizeB, rest] = [await groupCount('a'), await groupCount('b'), await groupCount('rest', 'pending')];
    expect(sizeA + sizeB + rest).toBe(READERS);
    expect(Math.abs(sizeA + sizeB - 200)).toBeLessThan(40);
    expect(stack.resend.accepted).toHaveLength(sizeA + sizeB);

    // Readers click: 30 of B's, 12 of A's; a scanner clicks A's more, and does not count.
    const byGroup = async (g: string) => (await db.query<{ id: string }>(`select provider_id as id from deliveries where edition_id = $1 and ab_group = $2 order by subscriber_id`, [edition.id, g])).map((r) => r.id);
    const [a, b] = [await byGroup('a'), await byGroup('b')];
    const click = (id: string, userAgent = BROWSER) => recordClick(db, id, { link: seedDigest.lead.url, userAgent, at: new Date().toISOString() }, null, { publicUrl: TEST_PUBLIC_URL });
    for (const id of b.slice(0, 30)) await click(id);
    for (const id of a.slice(0, 12)) await click(id);
    for (const id of a.slice(12, 60)) await click(id, 'Mimecast URL Protect');

    // Its time comes (moved up from an hour): the waiting batches become due and the first of them decides.
    await db.query(`update editions set decide_at = now() where id = $1`, [edition.id]);
    await db.query(`update batches set not_before = now() where edition_id = $1 and not_before is not null`, [edition.id]);
    const sendQueue = new Queue(QUEUES.sendBatch, { connection: await stack.container.redis(), prefix: stack.container.config.queuePrefix });
    for (const job of await sendQueue.getDelayed()) await job.promote();
    await sendQueue.close();
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');

    // Every reader exactly once; A's half got A, B's half got B, the rest B, the winner.
    const counts = stack.resend.countByRecipient();
    expect({ readers: counts.size, twice: [...counts].filter(([, n]) => n > 1) }).toEqual({ readers: READERS, twice: [] });
    const groups = new Map((await db.query<{ email: string; grp: string }>(`select s.email, d.ab_group as grp from deliveries d join subscribers s on s.id = d.subscriber_id where d.edition_id = $1`, [edition.id])).map((r) => [r.email, r.grp]));
    const subjects = { a: new Set<string>(), b: new Set<string>(), rest: new Set<string>() } as Record<string, Set<string>>;
    for (const e of stack.resend.accepted) subjects[groups.get(e.to[0]!)!]!.add(e.subject);
    expect({ a: [...subjects.a!], b: [...subjects.b!], rest: [...subjects.rest!] }).toEqual({ a: [edition.subject], b: [subjectB], rest: [subjectB] });

    const stats = await editionStats(db, edition.id);
    expect(stats.subjectTest).toMatchObject({
      share: 50,
      winner: 'b',
      a: { subject: edition.subject, sent: sizeA, uniqueClickers: 12 },
      b: { subject: subjectB, sent: sizeB, uniqueClickers: 30 },
      decision: `B won: 30 of ${sizeB} readers clicked (${((30 / sizeB) * 100).toFixed(1)} %) against A's 12 of ${sizeA} readers clicked (${((12 / sizeA) * 100).toFixed(1)} %)`,
    });
  });
});
