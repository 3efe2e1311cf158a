import { describe, expect, it } from 'vitest';
import { RecipientTally } from '../support/recipient-tally.ts';

describe("the benchmark's recipient tally", () => {
  it('counts distinct addresses and repeats as a Map of every address would, through its growth', () => {
    const tally = new RecipientTally();
    const exact = new Map<string, number>();
    for (let i = 0; i < 300_000; i++) {
      // Every 1,000th reader twice, every 7,000th three times; addresses that differ in one character.
      const n = i % 1000 === 0 ? i - (i % 7000 === 0 ? 0 : 1000) : i;
      const address = `reader${String(Math.max(n, 0)).padStart(6, '0')}@bench.example`;
      tally.add(address);
      exact.set(address, (exact.get(address) ?? 0) + 1);
    }
    expect(tally.size).toBe(exact.size);
    expect(tally.duplicates).toBe([...exact.values()].reduce((d, n) => d + n - 1, 0));
    expect(tally.duplicates).toBeGreaterThan(0);
    tally.clear();
    expect([tally.size, tally.duplicates]).toEqual([0, 0]);
  });
});
