import { Redis } from 'ioredis';

/**
 * Connects to Redis or fails within `timeoutMs` with a message naming REDIS_URL,
 * instead of ioredis's default of retrying silently forever. Once connected,
 * ioredis reconnects on its own. BullMQ needs maxRetriesPerRequest: null.
 */
export async function connectRedis(url: string, timeoutMs = 5000): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, enableOfflineQueue: true });
  redis.on('error', () => {}); // reconnects are logged by whoever cares; an unhandled 'error' would crash the process
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('timed out')), timeoutMs).unref(),
  );
  try {
    await Promise.race([redis.connect(), timeout]);
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    const where = url.replace(/\/\/[^@/]*@/, '//***@');
    throw new Error(`Redis is not reachable at ${where} (REDIS_URL): ${(err as Error).message}. Start redis-server, or point REDIS_URL at one.`);
  }
}
