import { describe, expect, it } from 'vitest';
import { MAX_BATCH_SIZE, planBatches, type Recipient } from '../../src/delivery/batch-plan.ts';

const readers = (n: number, tier: (i: number) => 'free' | 'paid' = () => 'free'): Recipient[] =>
  Array.from({ length: n }, (_, i) => ({ subscriberId: i + 1, tier: tier(i + 1) }));

describe('batch planning', () => {
  it('splits a page into batches of at most 100, numbered on from the edition so far', () => {
    const plan = planBatches(readers(250), 7);
    expect(plan.map((b) => [b.seq, b.subscriberIds.length])).toEqual([[7, 100], [8, 100], [9, 50]]);
    expect(plan.flatMap((b) => b.subscriberIds)).toEqual(readers(250).map((r) => r.subscriberId));
  });

  it('keeps one tier per batch so each uses one rendered variant', () => {
    const plan = planBatches(readers(10, (i) => (i % 3 === 0 ? 'paid' : 'free')), 1, 4);
    expect(plan.map((b) => [b.tier, b.subscriberIds])).toEqual([
      ['free', [1, 2, 4, 5]],
      ['free', [7, 8, 10]],
      ['paid', [3, 6, 9]],
    ]);
  });

  it('puts every reader in exactly one batch', () => {
    const plan = planBatches(readers(1234, (i) => (i % 5 === 0 ? 'paid' : 'free')), 1);
    const ids = plan.flatMap((b) => b.subscriberIds);
    expect(new Set(ids).size).toBe(1234);
    expect(plan.every((b) => b.subscriberIds.length <= MAX_BATCH_SIZE)).toBe(true);
  });

  it("keeps one due time per batch for per-reader local delivery, earliest first", () => {
    const due = [3000, 1000, 3000, null, 1000, 2000];
    const plan = planBatches(due.map((notBefore, i) => ({ subscriberId: i + 1, tier: 'free' as const, notBefore })), 1);
    expect(plan.map((b) => [b.seq, b.notBefore, b.subscriberIds])).toEqual([
      [1, null, [4]],
      [2, 1000, [2, 5]],
      [3, 2000, [6]],
      [4, 3000, [1, 3]],
    ]);
  });

  it('plans nothing for an empty page and refuses impossible sizes', () => {
    expect(planBatches([], 1)).toEqual([]);
    expect(() => planBatches(readers(1), 1, 101)).toThrow(RangeError);
    expect(() => planBatches(readers(1), 1, 0)).toThrow(RangeError);
  });
});
