import type { Queryable } from '../db/database.ts';
import { sourcesOf } from '../editions/edition-status.ts';

/**
 * Closes the edition when no batch is left to do. Runs after each batch commits;
 * the row condition makes it safe under races: the last batch to commit sees
 * all the others and closes the edition, exactly once.
 */
export async function completeIfDone(db: Queryable, editionId: string): Promise<boolean> {
  const rows = await db.query(
    `update editions e
        set status = case when exists (select 1 from deliveries d where d.edition_id = e.id and d.status = 'failed')
                          then 'sent_with_failures' else 'sent' end,
            completed_at = now(), updated_at = now()
      where e.id = $1 and e.status = 'sending'
        and not exists (select 1 from batches b where b.edition_id = e.id
                          and b.status in ('pending', 'submitting', 'retryable', 'parked'))
      returning e.id`,
    [editionId],
  );
  return rows.length > 0;
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
