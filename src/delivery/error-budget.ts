import type { Queryable } from '../db/database.ts';
import { pauseActiveEdition } from './completion.ts';

export interface AttemptCounts {
  submitted: number;
  failed: number;
}

/** Too few attempts say nothing: a budget is only judged once this many deliveries were tried. */
export const MIN_SAMPLE = 100;

/** Whether an edition has failed more than its budget allows (a fraction of attempted deliveries). */
export function overErrorBudget(c: AttemptCounts, budget: number, minSample = MIN_SAMPLE): boolean {
  const attempted = c.submitted + c.failed;
  return attempted >= minSample && c.failed / attempted > budget;
}

/**
 * Pauses an edition that keeps failing (a bad list, a broken template, a provider
 * in trouble) so a person looks before the rest of the list is burnt. Called only
 * after a batch had failures, so the count is rare work.
 */
export async function enforceErrorBudget(db: Queryable, editionId: string, budget: number): Promise<boolean> {
  const [c] = await db.query<AttemptCounts & { commonest: string | null; commonestCount: number }>(
    `with d as (select status, error from deliveries where edition_id = $1),
          top as (select error, count(*)::int as n from d where status = 'failed' group by error order by n desc limit 1)
     select count(*) filter (where status = 'submitted')::int as submitted, count(*) filter (where status = 'failed')::int as failed,
            (select error from top) as commonest, coalesce((select n from top), 0) as "commonestCount"
       from d`,
    [editionId],
  );
  if (!c || !overErrorBudget(c, budget)) return false;
  const pct = ((c.failed / (c.submitted + c.failed)) * 100).toFixed(1);
  const why = c.commonest ? ` Most common: "${c.commonest.slice(0, 200)}" (${c.commonestCount}).` : '';
  return pauseActiveEdition(
    db,
    editionId,
    `paused: error budget exceeded, ${c.failed} of ${c.submitted + c.failed} deliveries failed (${pct}% > ${budget * 100}%).${why} Fix the cause, then resume and retry-failed`,
  );
}
