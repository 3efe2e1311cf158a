import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_DELIVERY_GRACE_MS } from '../../src/delivery/prepare-edition.ts';
import { reconcile } from '../../src/delivery/reconcile.ts';
import { sendBatch, VariantCache } from '../../src/delivery/send-batch.ts';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { readFeed } from '../../src/content/read-feed.ts';
import { digestSchedulerId, QUEUES } from '../../src/jobs/queues.ts';
import type { WorkQueue } from '../../src/jobs/work-queue.ts';
import { silentLogger } from '../../src/logger.ts';
import { nextLocalOccurrence, parseLocalTime } from '../../src/scheduling/local-time.ts';
import { runSchedule } from '../../src/scheduling/scheduled-run.ts';
import { getSchedule, removeSchedule, setSchedule } from '../../src/scheduling/schedules.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { generateSubscriberCsv } from '../../src/cli/demo-readers.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { createTestStack, holdingQueue, seedEdition, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let feeds: Awaited<ReturnType<typeof startFeedServer>> | undefined;
afterEach(async () => {
  await stack?.dispose();
  await feeds?.stop();
  stack = feeds = undefined;
});

const MX = 'America/Mexico_City';

async function digestQueue(s: TestStack): Promise<Queue> {
  return new Queue(QUEUES.digestSchedule, { connection: await s.container.redis(), prefix: s.container.config.queuePrefix });
}

function runDeps(s: TestStack, queue: WorkQueue = holdingQueue()) {
  const c = s.container;
  return { db: c.db, queue, logger: silentLogger, check: c.presendCheck, readFeed: (w: string) => readFeed(w) };
}

describe('recurring digests (PostgreSQL, Redis, BullMQ job schedulers)', () => {
  it('fires on a job scheduler at the local time, builds the day’s edition from the feed and sends it once', async () => {
    stack = await createTestStack('postgres');
    feeds = await startFeedServer();
    const { db } = stack.container;
    await createList(db, 'daily-digest', 'The Broadsheet Daily');
    await importSubscribers(db, 'daily-digest', generateSubscriberCsv(20));
    const queue = await stack.container.queue();
    const schedule = await setSchedule(db, queue, 'daily-digest', { at: '07:00', timezone: MX, feed: feeds.feedUrl });
    expect(schedule).toMatchObject({ at: '07:00', timezone: MX, approve: false, readerTimezone: false, lead: 'newest', teasers: 8 });

    const q = await digestQueue(stack);
    const listId = (await db.query<{ id: number }>(`select id from lists where slug = 'daily-digest'`))[0]!.id;
    const scheduler = await q.getJobScheduler(digestSchedulerId(listId));
    expect(scheduler).toMatchObject({ pattern: '0 7 * * *', tz: MX });
    expect(scheduler!.next).toBe(nextLocalOccurrence(parseLocalTime('07:00'), MX, new Date()).getTime());

    // Redis forgets it; reconcile puts it back from the database.
    await q.removeJobScheduler(digestSchedulerId(listId));
    expect((await reconcile(db, queue, silentLogger)).schedules).toBe(1);
    expect(await q.getJobScheduler(digestSchedulerId(listId))).toMatchObject({ pattern: '0 7 * * *', tz: MX });

    // Make the waiting firing due now, as 07:00 would, and let the workers run it.
    await stack.workers();
    const [firing] = (await q.getDelayed()).filter((j) => j.data.listId === listId);
    await firing!.promote();
    const edition = await waitFor(async () => (await db.query<{ id: string; status: string }>(`select id, status from editions where schedule_run is not null`))[0], 'the scheduled edition').catch(async (err: Error) => {
      const jobs = await q.getJobs(['delayed', 'waiting', 'active', 'completed', 'failed']);
      const states = await Promise.all(jobs.map(async (j) => `${j.id}:${await j.getState()}:${j.failedReason ?? ''}:${j.attemptsMade}`));
      throw new Error(`${err.message}; promoted ${firing?.id}; digest jobs ${states.join(' | ')}; schedule ${JSON.stringify(await getSchedule(db, 'daily-digest'))}`);
    });
    await waitFor(async () => (await editionProgress(db, edition.id)).status === 'sent', 'the edition sent');
    expect(stack.resend.accepted).toHaveLength(20);
    expect((await getSchedule(db, 'daily-digest')).lastEditionId).toBe(edition.id);

    // The same day fired again (a retry, a second worker): no second edition, nobody mailed twice.
    const again = await runSchedule(runDeps(stack, queue), listId, new Date());
    expect(again).toMatchObject({ outcome: 'already-ran', editionId: edition.id, status: 'sent' });
    expect(await db.query(`select id from editions`)).toHaveLength(1);
    expect(stack.resend.accepted).toHaveLength(20);

    await removeSchedule(db, queue, 'daily-digest');
    expect(await q.getJobScheduler(digestSchedulerId(listId))).toBeUndefined();
    await q.close();
  });

  it('runs on chosen days: a weekly roundup on Sundays with a week of stories, kept by reconcile; refuses a day that is no day', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    await createList(db, 'weekly', 'The Week');
    const queue = await stack.container.queue();
    const weekly = await setSchedule(db, queue, 'weekly', { at: '09:00', timezone: MX, days: 'sun', sinceHours: 168, feed: 'https://news.broadsheet.example/feed.xml' });
    expect(weekly).toMatchObject({ days: [0], sinceHours: 168 });
    const q = await digestQueue(stack);
    const listId = (await db.query<{ id: number }>(`select id from lists where slug = 'weekly'`))[0]!.id;
    const scheduler = await q.getJobScheduler(digestSchedulerId(listId));
    expect(scheduler).toMatchObject({ pattern: '0 9 * * 0', tz: MX });
    // The next firing is a Sunday at 09:00 in Mexico City.
    const next = new Date(scheduler!.next!);
    expect(new Intl.DateTimeFormat('en-US', { timeZone: MX, weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(next)).toBe('Sun 09:00');
    await q.removeJobScheduler(digestSchedulerId(listId));
    await reconcile(db, queue, silentLogger);
    expect(await q.getJobScheduler(digestSchedulerId(listId))).toMatchObject({ pattern: '0 9 * * 0' });

    // Weekdays; and a day that is no day is refused with what was typed.
    expect((await setSchedule(db, queue, 'weekly', { at: '07:00', timezone: MX, days: 'mon-fri', feed: 'https://news.broadsheet.example/feed.xml' })).days).toEqual([1, 2, 3, 4, 5]);
    expect(await q.getJobScheduler(digestSchedulerId(listId))).toMatchObject({ pattern: '0 7 * * 1,2,3,4,5' });
    await expect(setSchedule(db, queue, 'weekly', { at: '07:00', timezone: MX, days: 'lunes', feed: 'https://news.broadsheet.example/feed.xml' })).rejects.toThrow(
      /^days: "lunes" is not a day or a range of days/,
    );
    await q.close();
  });

  it('leaves a draft for approval, records a broken feed without saving anything, and retries an unavailable one', async () => {
    stack = await createTestStack('postgres');
    feeds = await startFeedServer();
    const { db } = stack.container;
    await createList(db, 'daily-digest', 'The Broadsheet Daily');
    await importSubscribers(db, 'daily-digest', generateSubscriberCsv(5));
    const queue = holdingQueue();
    const listId = (await db.query<{ id: number }>(`select id from lists where slug = 'daily-digest'`))[0]!.id;

    await setSchedule(db, queue, 'daily-digest', { at: '07:00', timezone: MX, feed: feeds.feedUrl, approve: true });
    const r = await runSchedule(runDeps(stack, queue), listId, new Date());
    expect(r.outcome).toBe('awaiting-approval');
    const [draft] = await db.query<{ status: string; teasers: number; candidates: number }>(
      `select status, jsonb_array_length(content->'teasers') as teasers, jsonb_array_length(candidates) as candidates from editions`,
    );
    expect(draft).toMatchObject({ status: 'draft' });
    expect(draft!.candidates).toBeGreaterThan(draft!.teasers);

    await db.query(`delete from editions`);
    feeds.set('/broken.xml', 200, '<rss><channel><item><title>half');
    await setSchedule(db, queue, 'daily-digest', { at: '07:00', timezone: MX, feed: `${feeds.url}/broken.xml` });
    const refused = await runSchedule(runDeps(stack, queue), listId, new Date());
    expect(refused).toMatchObject({ outcome: 'refused' });
    expect((refused as { reason: string }).reason).toMatch(/broken\.xml: not well-formed XML at line 1/);
    expect((await getSchedule(db, 'daily-digest')).lastError).toMatch(/not well-formed/);
    expect(await db.query(`select id from editions`)).toHaveLength(0);

    feeds.set('/down.xml', 503, 'maintenance');
    await setSchedule(db, queue, 'daily-digest', { at: '07:00', timezone: MX, feed: `${feeds.url}/down.xml` });
    await expect(runSchedule(runDeps(stack, queue), listId, new Date())).rejects.toThrow(/HTTP 503/);
    expect((await getSchedule(db, 'daily-digest')).lastError).toMatch(/HTTP 503/);

    // Bad settings name the field; the API may not point the server at its own files.
    await expect(setSchedule(db, queue, 'daily-digest', { at: '7am', timezone: 'Mars/Olympus', feed: '/etc/passwd' })).rejects.toThrow(
      /at: must be a 24-hour time such as 07:00; timezone: must be an IANA time zone/,
    );
    await expect(setSchedule(db, queue, 'daily-digest', { at: '07:00', timezone: MX, feed: '/etc/passwd' })).rejects.toThrow(/feed: must be an http/);
  });

  it("delivers at the hour in each reader's own time zone: due batches now, the rest delayed until their hour", async () => {
    stack = await createTestStack('postgres', { env: { BATCH_SIZE: '10' } });
    const { db } = stack.container;
    const edition = await seedEdition(stack, 0);
    const zones = [MX, 'America/Los_Angeles', 'Europe/Madrid', 'Asia/Tokyo', ''];
    const csv = ['email,name,tier,timezone', ...Array.from({ length: 25 }, (_, i) => `tz${i}@example.com,Reader ${i},${i % 2 ? 'paid' : 'free'},${zones[i % 5]}`)].join('\n');
    await importSubscribers(db, 'daily-digest', (async function* () { yield csv + '\n'; })());

    // "Now" in Mexico City, to the minute: Mexico City readers (and those with no zone, who get the fallback) are due at once.
    const now = new Date();
    const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: MX, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
    await stack.workers();
    const queue = await stack.container.queue();
    const scheduled = await scheduleEdition(db, queue, edition.id, { at: now, readerLocal: { time: hhmm, timezone: MX } });
    expect(scheduled).toMatchObject({ deliverLocalTime: hhmm, fallbackTimezone: MX });

    await waitFor(async () => (await editionProgress(db, edition.id)).sent === 10, 'Mexico City and zone-less readers sent');
    const batches = await db.query<{ notBefore: Date | null; size: number; status: string }>(
      `select not_before as "notBefore", size, status from batches where edition_id = $1 order by not_before, seq`,
      [edition.id],
    );
    const time = parseLocalTime(hhmm);
    const due = (tz: string) => nextLocalOccurrence(time, tz, now, LOCAL_DELIVERY_GRACE_MS).getTime();
    const byTime = new Map<number, number>();
    for (const b of batches) byTime.set(b.notBefore!.getTime(), (byTime.get(b.notBefore!.getTime()) ?? 0) + b.size);
    expect(byTime).toEqual(
      new Map([
        [due(MX), 10],
        [due('America/Los_Angeles'), 5],
        [due('Europe/Madrid'), 5],
        [due('Asia/Tokyo'), 5],
      ]),
    );
    // Los Angeles is two hours behind: today; Madrid's hour has passed: tomorrow.
    expect(due('America/Los_Angeles') - due(MX)).toBe(2 * 3600_000);
    expect(due('Europe/Madrid')).toBeGreaterThan(now.getTime() + 3600_000);

    const p = await editionProgress(db, edition.id);
    expect(p).toMatchObject({ status: 'sending', sent: 10, pending: 15 });
    expect(p.waitingFrom!.getTime()).toBe(Math.min(due('America/Los_Angeles'), due('Europe/Madrid'), due('Asia/Tokyo')));
    expect(p.etaSeconds).toBeGreaterThan(3600);

    // The waiting batches sit in BullMQ as delayed jobs; reconcile does not send them early, nor does a direct run.
    const sendQueue = new Queue(QUEUES.sendBatch, { connection: await stack.container.redis(), prefix: stack.container.config.queuePrefix });
    expect(await sendQueue.getDelayedCount()).toBe(batches.filter((b) => b.status === 'pending').length);
    await reconcile(db, queue, silentLogger);
    await new Promise((r) => setTimeout(r, 500));
    expect((await editionProgress(db, edition.id)).sent).toBe(10);
    const waiting = (await db.query<{ id: string }>(`select id from batches where edition_id = $1 and status = 'pending' limit 1`, [edition.id]))[0]!;
    const c = stack.container;
    const direct = await sendBatch(
      { db, transport: c.transport, links: c.links, from: c.config.emailFrom, logger: silentLogger, idempotencyWindowMs: c.config.idempotencyWindowMs, errorBudget: c.config.errorBudget, variants: new VariantCache() },
      edition.id,
      waiting.id,
    );
    expect(direct.outcome).toBe('not-due');
    expect(stack.resend.accepted.flatMap((e) => e.to).sort()).toEqual([0, 4, 5, 9, 10, 14, 15, 19, 20, 24].map((i) => `tz${i}@example.com`).sort());
    await sendQueue.close();
  });
});
