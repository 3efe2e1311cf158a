import { describe, expect, it } from 'vitest';
import { emailBytes, InFlightBytes } from '../../src/delivery/in-flight-bytes.ts';

/** A job that holds its bytes until released by hand. */
function job(budget: InFlightBytes, bytes: number, log: string[], name: string) {
  let release!: () => void;
  const done = budget.hold(bytes, () => {
    log.push(`start ${name}`);
    return new Promise<void>((r) => (release = () => (log.push(`end ${name}`), r())));
  });
  return { done, release: () => release() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('bytes in flight', () => {
  it('lets batches run together while they fit, holds the next until one ends, first come first served', async () => {
    const budget = new InFlightBytes(100);
    const log: string[] = [];
    const a = job(budget, 60, log, 'a');
    const b = job(budget, 30, log, 'b');
    const c = job(budget, 50, log, 'c'); // does not fit beside a and b
    const d = job(budget, 10, log, 'd'); // would fit, but waits its turn behind c
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect(budget.inUse).toBe(90);
    a.release();
    await a.done;
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end a', 'start c', 'start d']);
    expect(budget.inUse).toBe(90);
    b.release(), c.release(), d.release();
    await Promise.all([b.done, c.done, d.done]);
    expect(budget.inUse).toBe(0);
  });

  it('sends a batch bigger than the whole allowance alone rather than never', async () => {
    const budget = new InFlightBytes(100);
    const log: string[] = [];
    const big = job(budget, 500, log, 'big');
    const small = job(budget, 1, log, 'small');
    await tick();
    expect(log).toEqual(['start big']);
    big.release();
    await big.done;
    await tick();
    expect(log).toEqual(['start big', 'end big', 'start small']);
    small.release();
    await small.done;
  });

  it('gives the bytes back when a send fails', async () => {
    const budget = new InFlightBytes(100);
    await expect(budget.hold(80, async () => Promise.reject(new Error('provider down')))).rejects.toThrow('provider down');
    expect(budget.inUse).toBe(0);
  });

  it('counts an email as its bodies three times over', () => {
    expect(emailBytes(25_000, 4_000)).toBe(87_000);
  });
});
