import type { Database, Queryable } from '../db/database.ts';
import type { Logger } from '../logger.ts';

export interface DeliveryTotals {
  recipients: number;
  submitted: number;
  failed: number;
  skipped: number;
  pending: number;
}

/** What an edition's deliveries added up to when they were rolled up; null while its rows are still there. */
export async function rolledUpTotals(db: Queryable, editionId: string): Promise<(DeliveryTotals & { unsubscribed: number }) | null> {
  const [rolled] = await db.query<DeliveryTotals & { unsubscribed: number }>(
    `select recipients, submitted, failed, skipped, 0 as pending, unsubscribed from edition_totals where edition_id = $1`,
    [editionId],
  );
  return rolled ?? null;
}

/** An edition's deliveries by status, from its batches' counts (kept with the rows by migration 020's trigger). */
export async function countedTotals(db: Queryable, editionId: string): Promise<DeliveryTotals> {
  const [counted] = await db.query<DeliveryTotals>(
    `select coalesce(sum(pending_deliveries + submitted_deliveries + failed_deliveries + skipped_deliveries), 0)::int as recipients,
            coalesce(sum(submitted_deliveries), 0)::int as submitted, coalesce(sum(failed_deliveries), 0)::int as failed,
            coalesce(sum(skipped_deliveries), 0)::int as skipped, coalesce(sum(pending_deliveries), 0)::int as pending
       from batches where edition_id = $1`,
    [editionId],
  );
  return counted!;
}

/** Readers who got the edition (by its rows) and have left its list since it was made, not for a suppression. */
export async function countedUnsubscribed(db: Queryable, edition: { id: string; listId: number; createdAt: Date }): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from subscriptions sub
      where sub.list_id = $2 and sub.status = 'unsubscribed' and sub.unsubscribed_at >= $3
        and exists (select 1 from deliveries d where d.edition_id = $1 and d.subscriber_id = sub.subscriber_id)
        and not exists (select 1 from subscribers s join suppressions x on x.email_hash = s.email_hash where s.id = sub.subscriber_id)`,
    [edition.id, edition.listId, edition.createdAt],
  );
  return row!.n;
}

/**
 * Rolls up the deliveries of editions finished more than `retentionDays` ago:
 * their totals are kept (what the stats read), then their rows are deleted, one
 * edition per transaction, at most `limit` editions a run (the sweep calls it
 * every few minutes, so a backlog drains without a long transaction).
 * Events and clicks stay: they carry their edition and feed the stats as before.
 */
export async function rollUpDeliveries(db: Database, retentionDays: number, logger: Logger, limit = 5): Promise<number> {
  const due = await db.query<{ id: string; listId: number; createdAt: Date }>(
    `select e.id, e.list_id as "listId", e.created_at as "createdAt" from editions e
      where e.completed_at < now() - make_interval(days => $1) and not exists (select 1 from edition_totals t where t.edition_id = e.id)
      order by e.completed_at limit $2`,
    [retentionDays, limit],
  );
  for (const e of due) {
    const removed = await db.transaction(async (tx) => {
      const t = await countedTotals(tx, e.id);
      const unsubscribed = await countedUnsubscribed(tx, e);
      await tx.query(
        `insert into edition_totals (edition_id, recipients, submitted, failed, skipped, unsubscribed) values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
        [e.id, t.recipients, t.submitted, t.failed, t.skipped, unsubscribed],
      );
      const [gone] = await tx.query<{ n: number }>(`with d as (delete from deliveries where edition_id = $1 returning 1) select count(*)::int as n from d`, [e.id]);
      return gone!.n;
    });
    logger.info('deliveries.rolled_up', { editionId: e.id, removed });
  }
  return due.length;
}
