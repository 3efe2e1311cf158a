import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './databases.ts';

/** A queue prefix of the test's own (hash-tagged, as in production) and a way to delete its keys. */
export function testQueuePrefix(): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `{bs-test-${randomBytes(5).toString('hex')}}`;
  return {
    prefix,
    async cleanup() {
      const redis = new Redis(TEST_REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
