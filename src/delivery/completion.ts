import { publishEditionEvent } from '../webhooks/outgoing-events.ts';
import type { Queryable } from '../db/database.ts';
import { sourcesOf } from '../editions/edition-status.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

export interface ParkedCounts {
  batches: number;
  readers: number;
  /** A few of the parked batches' idempotency keys, to look up in the provider's logs. */
  keys: string[];
}

/** What an operator reads on an edition that ended with parked batches: what happened and what to do. Pure. */
export function parkedReason(editionId: string, c: ParkedCounts): string {
  const keys = c.keys.length ? ` (idempotency keys ${c.keys.join(', ')}${c.batches > c.keys.length ? ', …' : ''})` : '';
  return (
    `${c.batches} batch${c.batches === 1 ? '' : 'es'} (${c.readers} reader${c.readers === 1 ? '' : 's'}) parked: the provider may or may not have sent them, ` +
    `and resending blindly could send twice. Look them up in the provider's logs${keys}, then run ` +
    `"broadsheet editions settle ${editionId} --as sent" if they went out, or "--as resend" if they did not`
  );
}

/**
 * Closes the edition when no batch is left to do. Runs after each batch ends
 * (sent, failed or parked); the row condition makes it safe under races: the last
 * batch to finish sees all the others and closes the edition, exactly once.
 * Parked batches end it as `incomplete`, with the reason and the operator's next
 * step; failed deliveries as `sent_with_failures`.
 */
export async function completeIfDone(db: Queryable, editionId: string): Promise<boolean> {
  // The reason is written with the status, in one statement: nobody may see an incomplete edition without its next
  // step. It names the parked batches counted here, and the update holds only while that count is still true (then
  // it is also what decides incomplete); if one more parks meanwhile, that batch's own completion writes it.
  const parked = await parkedCounts(db, editionId);
  const rows = await db.query<{ status: string }>(
    `update editions e
        set status = case when $3::int > 0 then 'incomplete'
                          when exists (select 1 from batches b where b.edition_id = e.id and b.failed_deliveries > 0) then 'sent_with_failures'
                          else 'sent' end,
            status_reason = case when $3::int > 0 then $2 end, completed_at = now(), updated_at = now()
      where e.id = $1 and e.status = 'sending'
        and not exists (select 1 from batches b where b.edition_id = e.id and b.status in ('pending', 'submitting', 'retryable'))
        and (select count(*) from batches b where b.edition_id = e.id and b.status = 'parked') = $3::int
      returning e.status`,
    [editionId, parkedReason(editionId, parked), parked.batches],
  );
  if (!rows.length) return false;
  await publishEditionEvent(db, 'edition.sent', editionId);
  return true;
}

export async function parkedCounts(db: Queryable, editionId: string): Promise<ParkedCounts> {
  const [c] = await db.query<{ batches: number; readers: number; ids: string[] }>(
    `select count(distinct b.id)::int as batches, count(d.subscriber_id) filter (where d.status = 'pending')::int as readers,
            (array_agg(distinct b.id::text))[1:3] as ids
       from batches b left join deliveries d on d.batch_id = b.id
      where b.edition_id = $1 and b.status = 'parked'`,
    [editionId],
  );
  return { batches: c?.batches ?? 0, readers: c?.readers ?? 0, keys: (c?.ids ?? []).map(idempotencyKeyOf) };
}

/** Moves an active edition to paused with the reason an operator will read; false if it was not active. */
export async function pauseActiveEdition(db: Queryable, editionId: string, reason: string): Promise<boolean> {
  const rows = await db.query(`update editions set status = 'paused', status_reason = $2, updated_at = now() where id = $1 and status = any($3) returning id`, [
    editionId,
    reason,
    sourcesOf('pause'),
  ]);
  return rows.length > 0;
}
