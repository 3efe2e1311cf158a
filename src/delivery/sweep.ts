import type { Database, Queryable } from '../db/database.ts';
import { rollUpDeliveries } from './delivery-retention.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import type { Logger } from '../logger.ts';
import { reconcile, type ReconcileReport } from './reconcile.ts';
import { staleQueued } from '../webhooks/webhook-dispatch.ts';

/**
 * Frozen copies of readers' emails are kept only while a retry could need them:
 * past the idempotency window a batch is parked, never resent under its key, so
 * the address, name and links are forgotten.
 */
export async function forgetFrozenEmails(db: Queryable, windowMs: number): Promise<number> {
  const [{ forgotten }] = (await db.query<{ forgotten: number }>(
    `with expired as (
       select id, (select count(*) from jsonb_object_keys(personal)) as readers from batches
        where personal is not null and first_attempt_at < now() - make_interval(secs => $1::double precision / 1000)
        for update),
     batch_readers as (update batches b set personal = null from expired where b.id = expired.id returning expired.readers),
     -- Batches frozen before 019 kept them in their deliveries.
     delivery_readers as (
       update deliveries d set personal = null
         from batches b
        where d.personal is not null and b.id = d.batch_id
          and b.first_attempt_at < now() - make_interval(secs => $1::double precision / 1000)
       returning 1)
     select ((select coalesce(sum(readers), 0) from batch_readers) + (select count(*) from delivery_readers))::int as forgotten`,
    [windowMs],
  )) as [{ forgotten: number }];
  return forgotten;
}

/**
 * The periodic sweep: whatever the database says is unfinished is queued again
 * (a job that failed while the database was down, a lost Redis key), so no edition
 * waits for the next worker restart; and frozen emails past their window are forgotten.
 */
export async function sweep(
  db: Database,
  queue: WorkQueue,
  logger: Logger,
  windowMs: number,
  retentionDays: number,
): Promise<ReconcileReport & { forgotten: number; webhooksRequeued: number; rolledUp: number }> {
  const forgotten = await forgetFrozenEmails(db, windowMs);
  const report = await reconcile(db, queue, logger);
  // Webhook deliveries whose jobs Redis lost: queued long ago and still pending (a live job's id makes this a no-op).
  const stale = await staleQueued(db, 3 * 3600_000);
  if (stale.length) await queue.enqueueWebhookDeliveries(stale);
  // Delivered events are kept 30 days for the desk, then go with their attempts.
  await db.query(`delete from outbound_events ev where ev.created_at < now() - interval '30 days' and not exists (select 1 from outbound_deliveries d where d.event_id = ev.id and d.status = 'pending')`);
  // Deliveries past the retention period become per-edition totals, a few editions per sweep.
  const rolledUp = await rollUpDeliveries(db, retentionDays, logger);
  return { ...report, forgotten, webhooksRequeued: stale.length, rolledUp };
}
