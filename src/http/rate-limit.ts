import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A fixed-window counter in Redis, shared by every server process. Keys hold a
 * hash of the client, never its address.
 */
export function createRateLimit(redis: () => Promise<Redis>, prefix: string, limit: number, windowMs: number) {
  return async (client: string): Promise<{ allowed: boolean; retryAfterS: number }> => {
    const key = `${prefix}:rate:${createHash('sha256').update(client).digest('hex').slice(0, 24)}`;
    const r = await redis();
    const [[, count], [, ttl]] = (await r.multi().incr(key).pttl(key).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await r.pexpire(key, windowMs);
    return { allowed: count <= limit, retryAfterS: Math.max(1, Math.ceil((ttl < 0 ? windowMs : ttl) / 1000)) };
  };
}
