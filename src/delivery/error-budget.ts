import type { Queryable } from '../db/database.ts';
import { pauseActiveEdition } from './completion.ts';
import { countedTotals } from './delivery-retention.ts';

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
 * in trouble) so a person looks before the rest of the list is burnt. Runs after
 * every batch that had a failure (a list with scattered bad addresses: most of
 * them), so it judges from the batches' counts (O(batches), not O(readers)) and
 * reads the failed deliveries' errors only to word the pause.
 */
export async function enforceErrorBudget(db: Queryable, editionId: string, budget: number): Promise<boolean> {
  const c = await countedTotals(db, editionId);
  if (!overErrorBudget(c, budget)) return false;
  const [top] = await db.query<{ error: string | null; n: number }>(
    `select error, count(*)::int as n from deliveries where edition_id = $1 and status = 'failed' group by error order by n desc limit 1`,
    [editionId],
  );
  const pct = ((c.failed / (c.submitted + c.failed)) * 100).toFixed(1);
  const why = top?.error ? ` Most common: "${top.error.slice(0, 200)}" (${top.n}).` : '';
  return pauseActiveEdition(
    db,
    editionId,
    `paused: error budget exceeded, ${c.failed} of ${c.submitted + c.failed} deliveries failed (${pct}% > ${budget * 100}%).${why} Fix the cause, then resume and retry-failed`,
  );
}
