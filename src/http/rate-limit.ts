import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis-connection.ts';

/**
 * A fixed-window counter in Redis, shared by every server process. Keys hold a
 * hash of the client, never its address.
 */
export function createRateLimit(redis: () => Promise<RedisClient>, prefix: string, limit: number, windowMs: number) {
  return async (client: string): Promise<{ allowed: boolean; retryAfterS: number }> => {
    const key = `${prefix}:rate:${createHash('sha256').update(client).digest('hex').slice(0, 24)}`;
    const r = await redis();
    const [[, count], [, ttl]] = (await r.multi().incr(key).pttl(key).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await r.pexpire(key, windowMs);
    return { allowed: count <= limit, retryAfterS: Math.max(1, Math.ceil((ttl < 0 ? windowMs : ttl) / 1000)) };
  };
}

/**
 * Counts failures only (a wrong token at the desk's sign-in), so people who share
 * an address with someone mistyping are not locked out: `blocked` says whether the
 * client is over the limit, `failed` records one more failure.
 */
export function createFailureLimit(redis: () => Promise<RedisClient>, prefix: string, limit: number, windowMs: number) {
  const keyOf = (client: string) => `${prefix}:fail:${createHash('sha256').update(client).digest('hex').slice(0, 24)}`;
  return {
    async blocked(client: string): Promise<{ blocked: boolean; retryAfterS: number }> {
      const r = await redis();
      const [[, count], [, ttl]] = (await r.multi().get(keyOf(client)).pttl(keyOf(client)).exec()) as [[null, string | null], [null, number]];
      return { blocked: Number(count ?? 0) >= limit, retryAfterS: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000)) };
    },
    async failed(client: string): Promise<void> {
      const r = await redis();
      const [, [, ttl]] = (await r.multi().incr(keyOf(client)).pttl(keyOf(client)).exec()) as [[null, number], [null, number]];
      if (ttl < 0) await r.pexpire(keyOf(client), windowMs);
    },
  };
}
