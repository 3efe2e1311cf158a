import type { Queryable } from '../db/database.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import type { Logger } from '../logger.ts';
import { reconcile, type ReconcileReport } from './reconcile.ts';

/** How often every worker fleet sweeps (one sweep per period, whichever worker takes it). */
export const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Frozen copies of readers' emails are kept only while a retry could need them:
 * past the idempotency window a batch is parked, never resent under its key, so
 * the address, name and links are forgotten.
 */
export async function forgetFrozenEmails(db: Queryable, windowMs: number): Promise<number> {
  const rows = await db.query(
    `update deliveries d set personal = null
       from batches b
      where d.personal is not null and b.id = d.batch_id
        and b.first_attempt_at < now() - make_interval(secs => $1::double precision / 1000)
      returning 1`,
    [windowMs],
  );
  return rows.length;
}

/**
 * The periodic sweep: whatever the database says is unfinished is queued again
 * (a job that failed while the database was down, a lost Redis key), so no edition
 * waits for the next worker restart; and frozen emails past their window are forgotten.
 */
export async function sweep(db: Queryable, queue: WorkQueue, logger: Logger, windowMs: number): Promise<ReconcileReport & { forgotten: number }> {
  const forgotten = await forgetFrozenEmails(db, windowMs);
  const report = await reconcile(db, queue, logger);
  return { ...report, forgotten };
}
