import type { Queryable } from '../db/database.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import type { Logger } from '../logger.ts';
import { completeIfDone } from './completion.ts';

export interface ReconcileReport {
  editions: number;
  preparesEnqueued: number;
  batchesEnqueued: number;
  completed: number;
}

const PAGE = 1000;

/**
 * Rebuilds Redis's work from the database, the truth: every scheduled or preparing
 * edition gets its prepare job back and every unfinished batch its send job. Job ids
 * are derived from row ids, so work already queued is not queued twice. Run at
 * worker start and after losing Redis.
 */
export async function reconcile(db: Queryable, queue: WorkQueue, logger: Logger, now = new Date()): Promise<ReconcileReport> {
  const report: ReconcileReport = { editions: 0, preparesEnqueued: 0, batchesEnqueued: 0, completed: 0 };
  const editions = await db.query<{ id: string; status: string; sendAt: Date | null }>(
    `select id, status, send_at as "sendAt" from editions where status in ('scheduled', 'preparing', 'sending') order by created_at`,
  );
  for (const e of editions) {
    report.editions++;
    if (e.status === 'scheduled' || e.status === 'preparing') {
      await queue.enqueuePrepare(e.id, e.status === 'scheduled' && e.sendAt ? Math.max(0, e.sendAt.getTime() - now.getTime()) : 0);
      report.preparesEnqueued++;
      if (e.status === 'scheduled') continue;
    }
    // Page by batch id: an edition of two million readers has twenty thousand batches.
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await db.query<{ id: string }>(
        `select id from batches where edition_id = $1 and status in ('pending', 'retryable', 'submitting') and id > $2 order by id limit $3`,
        [e.id, after, PAGE],
      );
      if (!rows.length) break;
      await queue.enqueueBatches(e.id, rows.map((r) => r.id));
      report.batchesEnqueued += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    if (e.status === 'sending' && (await completeIfDone(db, e.id))) report.completed++;
  }
  logger.info('reconcile.done', { ...report });
  return report;
}
