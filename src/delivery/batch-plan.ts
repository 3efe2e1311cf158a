import type { Tier } from '../content/article.ts';

/** Resend accepts at most 100 emails per batch call. */
export const MAX_BATCH_SIZE = 100;

export interface Recipient {
  subscriberId: number;
  tier: Tier;
  /** With per-reader local delivery: the instant (ms) this reader's local time comes. */
  notBefore?: number | null;
}

export interface PlannedBatch {
  seq: number;
  tier: Tier;
  notBefore: number | null;
  subscriberIds: number[];
}

/**
 * Splits one page of recipients (ordered by id) into batches of one tier and one
 * due time each, so every batch uses one rendered variant and goes out at once.
 * `firstSeq` continues the edition's numbering; earlier batches get lower numbers.
 */
export function planBatches(recipients: readonly Recipient[], firstSeq: number, size = MAX_BATCH_SIZE): PlannedBatch[] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) throw new RangeError(`batch size must be 1..${MAX_BATCH_SIZE}`);
  const groups = new Map<string, { tier: Tier; notBefore: number | null; ids: number[] }>();
  for (const r of recipients) {
    const notBefore = r.notBefore ?? null;
    const key = `${notBefore ?? ''}|${r.tier}`;
    const group = groups.get(key) ?? { tier: r.tier, notBefore, ids: [] };
    group.ids.push(r.subscriberId);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.notBefore ?? 0) - (b.notBefore ?? 0) || a.tier.localeCompare(b.tier));
  const batches: PlannedBatch[] = [];
  let seq = firstSeq;
  for (const { tier, notBefore, ids } of ordered) {
    for (let i = 0; i < ids.length; i += size) batches.push({ seq: seq++, tier, notBefore, subscriberIds: ids.slice(i, i + size) });
  }
  return batches;
}
