import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPgliteDatabase } from '../../src/db/pglite-database.ts';
import { createPostgresDatabase } from '../../src/db/postgres-database.ts';

/** The PostgreSQL the integration tests use; CI and the README point it at the local server. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type DatabaseKind = 'postgres' | 'pglite';
export const DATABASE_KINDS: DatabaseKind[] = ['postgres', 'pglite'];

export interface TestDatabase {
  db: Database;
  /** A DATABASE_URL for child processes that lands in the same place (PostgreSQL only). */
  url?: string;
  /** Drops what the test made. */
  dispose(): Promise<void>;
}

/** A migrated database of its own for one test: a fresh schema on PostgreSQL, or an in-memory PGlite. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await createPgliteDatabase();
    await migrate(db);
    return {
      db,
      async dispose() {
        await expectBatchCountsTrue(db);
        await db.close();
      },
    };
  }
  const schema = `bs_test_${randomBytes(6).toString('hex')}`;
  const admin = createPostgresDatabase({ url: TEST_DATABASE_URL, max: 1 });
  await admin.query(`create schema ${schema}`);
  const db = createPostgresDatabase({ url: TEST_DATABASE_URL, schema, max: 12 });
  await migrate(db);
  return {
    db,
    url: `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async dispose() {
      await expectBatchCountsTrue(db);
      await db.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.close();
    },
  };
}

/**
 * Every test's database ends with each batch's delivery counts (kept by migration 020's trigger) equal to its
 * delivery rows by status, whatever the test did: sends, failures, retries, settling, erasure, roll-ups.
 */
async function expectBatchCountsTrue(db: Database): Promise<void> {
  let drift: unknown[];
  try {
    drift = await db.query(
      `select b.id, b.status, b.pending_deliveries, b.submitted_deliveries, b.failed_deliveries, b.skipped_deliveries, d.*
         from batches b left join (
           select batch_id, count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'submitted')::int as submitted,
                  count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status = 'skipped')::int as skipped
             from deliveries group by batch_id) d on d.batch_id = b.id
        where (b.pending_deliveries, b.submitted_deliveries, b.failed_deliveries, b.skipped_deliveries)
              is distinct from (coalesce(d.pending, 0), coalesce(d.submitted, 0), coalesce(d.failed, 0), coalesce(d.skipped, 0))
        limit 5`,
    );
  } catch {
    return; // a test that took the database away; its own assertions say what happened
  }
  if (drift.length) throw new Error(`batch delivery counts differ from the delivery rows: ${JSON.stringify(drift)}`);
}
