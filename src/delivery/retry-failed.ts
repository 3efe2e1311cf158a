import type { Tier } from '../content/article.ts';
import type { Database, Queryable } from '../db/database.ts';
import { UUID } from '../editions/edition.ts';
import { sourcesOf } from '../editions/edition-status.ts';
import { UserError } from '../errors.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import { planBatches } from './batch-plan.ts';
import { completeIfDone } from './completion.ts';

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
  if (!UUID.test(editionId)) throw new UserError('not_found', `no edition ${JSON.stringify(editionId.slice(0, 60))}`);
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
    const newIds = await moveToNewBatches(tx, editionId, rejected, opts.batchSize);
    if (whole.length || newIds.length || expired.length) {
      await tx.query(`update editions set status = 'sending', status_reason = null, completed_at = null, updated_at = now() where id = $1`, [editionId]);
    }
    return [...whole.map((b) => b.id), ...newIds];
  });
  if (batchIds.length) await queue.enqueueBatches(editionId, batchIds.map((id) => ({ id })), { requeue: true });
  // Only parked batches left (too old to resend): the edition ends incomplete, saying what to do.
  else await completeIfDone(db, editionId);
  return report;
}

/**
 * Moves deliveries into new batches (so new idempotency keys), numbered after the
 * edition's last batch, as pending and unfrozen: their emails are composed afresh.
 * For readers the provider never took. Returns the new batch ids.
 */
export async function moveToNewBatches(tx: Queryable, editionId: string, recipients: { subscriberId: number; tier: Tier }[], batchSize: number): Promise<string[]> {
  if (!recipients.length) return [];
  const [{ next }] = (await tx.query<{ next: number }>(`select coalesce(max(seq), 0) + 1 as next from batches where edition_id = $1`, [editionId])) as [{ next: number }];
  const ids: string[] = [];
  for (const b of planBatches(recipients, next, batchSize)) {
    const [row] = await tx.query<{ id: string }>(`insert into batches (edition_id, seq, tier, size) values ($1, $2, $3, $4) returning id`, [
      editionId,
      b.seq,
      b.tier,
      b.subscriberIds.length,
    ]);
    await tx.query(
      `update deliveries set batch_id = $3, status = 'pending', error = null, provider_id = null, personal = null, updated_at = now()
        where edition_id = $1 and subscriber_id = any($2::int[])`,
      [editionId, b.subscriberIds, row!.id],
    );
    ids.push(row!.id);
  }
  return ids;
}
