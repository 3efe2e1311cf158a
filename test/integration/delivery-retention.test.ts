import { afterEach, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { generateSubscriberCsv } from '../../src/cli/demo-readers.ts';
import { rollUpDeliveries } from '../../src/delivery/delivery-retention.ts';
import { createEdition, editionProgress, editionStats } from '../../src/editions/edition-service.ts';
import { silentLogger } from '../../src/logger.ts';
import { listTrends } from '../../src/subscribers/list-trends.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.dispose();
  database = undefined;
});

const READERS = 40;
const DAYS = 365;
const RETENTION = 120;

describe('delivery retention', () => {
  it('a year of daily editions: deliveries past the retention period become totals, the table stays bounded, and every figure the desk shows is unchanged', async () => {
    database = await createTestDatabase('postgres');
    const { db } = database;
    await createList(db, 'daily-digest', 'The Broadsheet Daily');
    await importSubscribers(db, 'daily-digest', generateSubscriberCsv(READERS));
    const ids: string[] = [];
    for (let i = 0; i < DAYS; i++) ids.push((await createEdition(db, { listSlug: 'daily-digest', content: seedDigest, editionDate: new Date(Date.now() - (DAYS - i) * 86400_000).toISOString().slice(0, 10) })).id);
    // Each edition sent on its day, as the pipeline leaves it: a batch, deliveries (one failed, one skipped), events, clicks.
    await db.query(
      `with e as (select id, (row_number() over (order by edition_date))::int as i, edition_date from editions)
       update editions ed set status = 'sent', created_at = e.edition_date::timestamptz + interval '5 hours', send_at = e.edition_date::timestamptz + interval '6 hours',
              prepared_at = e.edition_date::timestamptz + interval '6 hours', completed_at = e.edition_date::timestamptz + interval '7 hours'
         from e where ed.id = e.id`,
    );
    await db.query(
      `insert into batches (edition_id, seq, tier, status, size, attempts, frozen_at, first_attempt_at, submitted_at)
       select id, 0, 'free', 'submitted', $1, 1, send_at, send_at, send_at + interval '3 seconds' from editions`,
      [READERS],
    );
    await db.query(
      `insert into deliveries (edition_id, subscriber_id, batch_id, status, provider_id, updated_at)
       select e.id, s.id, b.id,
              case when s.id % $1 = (extract(doy from e.edition_date)::int % $1) then 'failed' when s.id % $1 = ((extract(doy from e.edition_date)::int + 1) % $1) then 'skipped' else 'submitted' end,
              'p-' || e.id || '-' || s.id, e.send_at + interval '3 seconds'
         from editions e join batches b on b.edition_id = e.id cross join subscribers s`,
      [READERS],
    );
    await db.query(
      `insert into delivery_events (provider_id, edition_id, type, occurred_at)
       select provider_id, edition_id, case when subscriber_id % 13 = 0 then 'email.bounced' else 'email.delivered' end, updated_at + interval '1 minute'
         from deliveries where status = 'submitted'`,
    );
    await db.query(
      `insert into clicks (provider_id, edition_id, subscriber_id, link, story_url, position, clicked_at, scanner)
       select provider_id, edition_id, subscriber_id, $1, $1, 'lead', updated_at + interval '2 hours', subscriber_id % 17 = 0
         from deliveries where status = 'submitted' and subscriber_id % 4 = 0`,
      [seedDigest.lead.url],
    );
    // Readers leaving over the year.
    await db.query(`update subscriptions set status = 'unsubscribed', unsubscribed_at = now() - make_interval(days => subscriber_id * 8) where subscriber_id % 5 = 0`);

    const figures = async () => ({
      editions: await Promise.all(ids.map(async (id) => ({ progress: await editionProgress(db, id), stats: await editionStats(db, id) }))),
      trends: await listTrends(db, 'daily-digest', 366),
    });
    const before = await figures();
    // Figures worth keeping: failures, skips, bounces, clicks and leavers in every old edition.
    expect(before.editions[0]).toMatchObject({ progress: { recipients: READERS, sent: READERS - 2, failed: 1, skipped: 1, pending: 0 }, stats: { submitted: READERS - 2, clicked: expect.any(Number) } });
    expect(before.editions[0]!.stats.unsubscribed).toBeGreaterThan(0);
    expect(before.editions[0]!.stats.bounced).toBeGreaterThan(0);
    expect(before.trends.editions.some((e) => e.unsubscribes > 0)).toBe(true);
    const rowsBefore = (await db.query<{ n: number }>(`select count(*)::int as n from deliveries`))[0]!.n;

    let rolled = 0;
    for (let n = -1; n !== 0; rolled += n) n = await rollUpDeliveries(db, RETENTION, silentLogger, 50);
    const rowsAfter = (await db.query<{ n: number }>(`select count(*)::int as n from deliveries`))[0]!.n;
    const kept = (await db.query<{ n: number }>(`select count(*)::int as n from editions where completed_at >= now() - make_interval(days => $1)`, [RETENTION]))[0]!.n;
    console.log(`[measure] a year of daily editions to ${READERS} readers: ${rowsBefore} delivery rows → ${rowsAfter} (the last ${kept} editions); ${rolled} editions rolled up`);

    // Bounded: only the editions inside the retention period keep their rows.
    expect(rolled).toBe(DAYS - kept);
    expect(rowsAfter).toBe(kept * READERS);
    expect(kept).toBeLessThanOrEqual(RETENTION + 1);
    // And nothing the desk or the API shows has moved.
    expect(await figures()).toEqual(before);
    // A second run finds nothing to do.
    expect(await rollUpDeliveries(db, RETENTION, silentLogger, 50)).toBe(0);
  });
});
