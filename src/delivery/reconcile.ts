import type { Queryable } from '../db/database.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import type { Logger } from '../logger.ts';
import { completeIfDone } from './completion.ts';
import { restoreSchedules } from '../scheduling/schedules.ts';

export interface ReconcileReport {
  editions: number;
  preparesEnqueued: number;
  batchesEnqueued: number;
  completed: number;
  /** Recurring digests whose job schedulers were put back. */
  schedules: number;
}

const PAGE = 1000;

/**
 * Rebuilds Redis's work from the database, the truth: every scheduled or preparing
 * edition gets its prepare job back, every unfinished batch its send job and every
 * recurring digest its job scheduler. Job ids are derived from row ids, so work
 * already queued is not queued twice. Run at worker start and after losing Redis.
 */
export async function reconcile(db: Queryable, queue: WorkQueue, logger: Logger, now = new Date()): Promise<ReconcileReport> {
  const report: ReconcileReport = { editions: 0, preparesEnqueued: 0, batchesEnqueued: 0, completed: 0, schedules: await restoreSchedules(db, queue) };
  const editions = await db.query<{ id: string; status: string; sendAt: Date | null }>(
    `select id, status, send_at as "sendAt" from editions where status in ('scheduled', 'preparing', 'sending') order by created_at`,
  );
  for (const e of editions) {
    report.editions++;
    const r = await requeueEdition(db, queue, e, now);
    report.preparesEnqueued += r.prepares;
    report.batchesEnqueued += r.batches;
    if (r.completed) report.completed++;
  }
  logger.info('reconcile.done', { ...report });
  return report;
}

/** Re-queues one edition's unfinished work: its prepare job, or a send job per unfinished batch. */
export async function requeueEdition(
  db: Queryable,
  queue: WorkQueue,
  e: { id: string; status: string; sendAt: Date | null },
  now = new Date(),
): Promise<{ prepares: number; batches: number; completed: boolean }> {
  const out = { prepares: 0, batches: 0, completed: false };
  if (e.status === 'scheduled' || e.status === 'preparing') {
    await queue.enqueuePrepare(e.id, e.status === 'scheduled' && e.sendAt ? Math.max(0, e.sendAt.getTime() - now.getTime()) : 0);
    out.prepares++;
    if (e.status === 'scheduled') return out;
  }
  // Page by batch id: an edition of two million readers has twenty thousand batches.
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db.query<{ id: string; notBefore: Date | null }>(
      `select id, not_before as "notBefore" from batches where edition_id = $1 and status in ('pending', 'retryable', 'submitting') and id > $2 order by id limit $3`,
      [e.id, after, PAGE],
    );
    if (!rows.length) break;
    await queue.enqueueBatches(e.id, rows, { requeue: true });
    out.batches += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  if (e.status === 'sending') out.completed = await completeIfDone(db, e.id);
  return out;
}
