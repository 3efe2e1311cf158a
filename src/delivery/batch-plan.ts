import type { Tier } from '../content/article.ts';

/** Resend accepts at most 100 emails per batch call. */
export const MAX_BATCH_SIZE = 100;

export interface Recipient {
  subscriberId: number;
  tier: Tier;
}

export interface PlannedBatch {
  seq: number;
  tier: Tier;
  subscriberIds: number[];
}

/**
 * Splits one page of recipients (ordered by id) into batches of one tier each,
 * so every batch uses one rendered variant. `firstSeq` continues the edition's numbering.
 */
export function planBatches(recipients: readonly Recipient[], firstSeq: number, size = MAX_BATCH_SIZE): PlannedBatch[] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) throw new RangeError(`batch size must be 1..${MAX_BATCH_SIZE}`);
  const byTier = new Map<Tier, number[]>();
  for (const r of recipients) {
    const ids = byTier.get(r.tier) ?? [];
    ids.push(r.subscriberId);
    byTier.set(r.tier, ids);
  }
  const batches: PlannedBatch[] = [];
  let seq = firstSeq;
  for (const [tier, ids] of [...byTier].sort(([a], [b]) => a.localeCompare(b))) {
    for (let i = 0; i < ids.length; i += size) batches.push({ seq: seq++, tier, subscriberIds: ids.slice(i, i + size) });
  }
  return batches;
}
