import type { Tier } from '../content/article.ts';
import type { Database } from '../db/database.ts';
import { sourcesOf } from '../editions/edition-status.ts';
import { UserError } from '../errors.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import { planBatches } from './batch-plan.ts';

export interface RetryReport {
  /** Whole batches sent again under their own idempotency key (the provider may have taken them already). */
  batchesRequeued: number;
  /** Deliveries the provider refused one by one, put into new batches with new keys. */
  deliveriesRebatched: number;
  /** Failed batches first tried outside the idempotency window: parked, not resent. */
  batchesParked: number;
}

/**
 * Gives an edition's failed deliveries another go, without risking a duplicate:
 * a batch that failed as a whole keeps its key, so whatever the provider already
 * accepted under it is not sent again — unless the key has expired, then it is
 * parked; deliveries the provider rejected individually were never accepted and
 * go out in new batches.
 */
export async function retryFailed(db: Database, queue: WorkQueue, editionId: string, opts: { windowMs: number; batchSize: number }): Promise<RetryReport> {
  const report: RetryReport = { batchesRequeued: 0, deliveriesRebatched: 0, batchesParked: 0 };
  const batchIds = await db.transaction(async (tx) => {
    const [edition] = await tx.query<{ status: string }>(`select status from editions where id = $1 for update`, [editionId]);
    if (!edition) throw new UserError('not_found', `no edition ${JSON.stringify(editionId)}`);
    if (!sourcesOf('retry').includes(edition.status as never)) {
      throw new UserError('illegal_state', `edition ${editionId} is ${edition.status}: only ${sourcesOf('retry').join(' or ')} editions can retry failures`);
    }
    const expired = await tx.query<{ id: string }>(
      `update batches set status = 'parked',
              last_error = 'parked by retry-failed: first tried outside the idempotency window, resending could duplicate'
        where edition_id = $1 and status = 'failed' and first_attempt_at < now() - make_interval(secs => $2::double precision / 1000)
        returning id`,
      [editionId, opts.windowMs],
    );
    report.batchesParked = expired.length;
    const whole = await tx.query<{ id: string }>(
      `update batches set status = 'retryable', last_error = null where edition_id = $1 and status = 'failed' returning id`,
      [editionId],
    );
    report.batchesRequeued = whole.length;
    if (whole.length) {
      await tx.query(`update deliveries set status = 'pending', error = null, updated_at = now() where batch_id = any($1::uuid[]) and status = 'failed'`, [
        whole.map((b) => b.id),
      ]);
    }
    // Individually rejected: new batches, so new keys, continuing the edition's numbering.
    const rejected = await tx.query<{ subscriberId: number; tier: Tier }>(
      `select d.subscriber_id as "subscriberId", b.tier from deliveries d join batches b on b.id = d.batch_id
        where d.edition_id = $1 and d.status = 'failed' and b.status = 'submitted' order by d.subscriber_id`,
      [editionId],
    );
    report.deliveriesRebatched = rejected.length;
    const newIds: string[] = [];
    if (rejected.length) {
      const [{ next }] = (await tx.query<{ next: number }>(`select coalesce(max(seq), 0) + 1 as next from batches where edition_id = $1`, [editionId])) as [{ next: number }];
      for (const b of planBatches(rejected, next, opts.batchSize)) {
        const [row] = await tx.query<{ id: string }>(`insert into batches (edition_id, seq, tier, size) values ($1, $2, $3, $4) returning id`, [
          editionId,
          b.seq,
          b.tier,
          b.subscriberIds.length,
        ]);
        await tx.query(
          `update deliveries set batch_id = $3, status = 'pending', error = null, provider_id = null, updated_at = now()
            where edition_id = $1 and subscriber_id = any($2::int[])`,
          [editionId, b.subscriberIds, row!.id],
        );
        newIds.push(row!.id);
      }
    }
    if (whole.length || newIds.length) {
      await tx.query(`update editions set status = 'sending', status_reason = null, completed_at = null, updated_at = now() where id = $1`, [editionId]);
    }
    return [...whole.map((b) => b.id), ...newIds];
  });
  if (batchIds.length) await queue.enqueueBatches(editionId, batchIds.map((id) => ({ id })), { requeue: true });
  return report;
}
