import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.dispose(); // also checks every batch's counts against its rows
  database = undefined;
});

describe.each(DATABASE_KINDS)('batch counts of their deliveries (%s)', (kind) => {
  it('follow inserts, status changes, a change that nets to nothing, a move to another batch, and deletes', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const [{ id: listId }] = (await db.query<{ id: number }>(`insert into lists (slug, name) values ('daily', 'Daily') returning id`)) as [{ id: number }];
    await db.query(`insert into subscribers (email, email_normalized) select 'r' || g || '@news.example', 'r' || g || '@news.example' from generate_series(1, 10) g`);
    const [{ id: editionId }] = (await db.query<{ id: string }>(
      `insert into editions (list_id, subject, content, edition_date) values ($1, 'S', '{}'::jsonb, '2026-01-01') returning id`,
      [listId],
    )) as [{ id: string }];
    const batch = async (seq: number) =>
      (await db.query<{ id: string }>(`insert into batches (edition_id, seq, tier, size) values ($1, $2, 'free', 5) returning id`, [editionId, seq]))[0]!.id;
    const [first, second] = [await batch(1), await batch(2)];
    const counts = () =>
      db.query(`select seq, pending_deliveries as pending, submitted_deliveries as submitted, failed_deliveries as failed, skipped_deliveries as skipped from batches order by seq`);

    await db.query(`insert into deliveries (edition_id, subscriber_id, batch_id) select $1, id, case when id <= 5 then $2::uuid else $3::uuid end from subscribers`, [editionId, first, second]);
    expect(await counts()).toEqual([
      { seq: 1, pending: 5, submitted: 0, failed: 0, skipped: 0 },
      { seq: 2, pending: 5, submitted: 0, failed: 0, skipped: 0 },
    ]);

    await db.query(`update deliveries set status = 'submitted' where batch_id = $1 and subscriber_id <= 3`, [first]);
    await db.query(`update deliveries set status = 'failed' where batch_id = $1 and subscriber_id = 4`, [first]);
    await db.query(`update deliveries set status = 'skipped' where batch_id = $1 and subscriber_id = 10`, [second]);
    await db.query(`update deliveries set provider_id = 'em_' || subscriber_id`); // no status changes: nothing to count
    expect(await counts()).toEqual([
      { seq: 1, pending: 1, submitted: 3, failed: 1, skipped: 0 },
      { seq: 2, pending: 4, submitted: 0, failed: 0, skipped: 1 },
    ]);

    // A retry moves a failed delivery to another batch, pending again: it leaves one count and joins the other.
    await db.query(`update deliveries set batch_id = $2, status = 'pending' where batch_id = $1 and status = 'failed'`, [first, second]);
    expect(await counts()).toEqual([
      { seq: 1, pending: 1, submitted: 3, failed: 0, skipped: 0 },
      { seq: 2, pending: 5, submitted: 0, failed: 0, skipped: 1 },
    ]);

    // An erased reader's rows go (a cascade from subscribers), and so do a rolled-up edition's.
    await db.query(`delete from subscribers where id in (1, 6)`);
    expect(await counts()).toEqual([
      { seq: 1, pending: 1, submitted: 2, failed: 0, skipped: 0 },
      { seq: 2, pending: 4, submitted: 0, failed: 0, skipped: 1 },
    ]);
    await db.query(`delete from deliveries where edition_id = $1`, [editionId]);
    expect(await counts()).toEqual([
      { seq: 1, pending: 0, submitted: 0, failed: 0, skipped: 0 },
      { seq: 2, pending: 0, submitted: 0, failed: 0, skipped: 0 },
    ]);
  });
});
