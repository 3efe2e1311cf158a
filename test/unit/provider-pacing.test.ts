import { describe, expect, it } from 'vitest';
import { providerLimiter } from '../../src/delivery/provider-pacing.ts';

describe('provider pacing', () => {
  it('spreads the rate evenly over small windows', () => {
    expect(providerLimiter(2)).toEqual({ max: 1, duration: 500 });
    expect(providerLimiter(5)).toEqual({ max: 2, duration: 400 });
    expect(providerLimiter(10)).toEqual({ max: 5, duration: 500 });
    expect(providerLimiter(25)).toEqual({ max: 12, duration: 480 });
    expect(providerLimiter(0.5)).toEqual({ max: 1, duration: 2000 });
  });

  it('never allows more than the configured rate', () => {
    for (const rps of [0.5, 1, 2, 3, 5, 7, 10, 15, 25, 99, 250, 1000]) {
      const { max, duration } = providerLimiter(rps);
      expect((max * 1000) / duration).toBeLessThanOrEqual(rps * 1.02);
      expect((max * 1000) / duration).toBeGreaterThanOrEqual(rps * 0.95);
    }
  });
});
