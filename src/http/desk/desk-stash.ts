import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../../redis-connection.ts';

/**
 * Short-lived things the desk keeps between two requests, in Redis so any server
 * process can answer the second: an unsaved draft being previewed, a feed file
 * waiting for the editor's choice. Keys are random and expire on their own.
 */
export interface DeskStash {
  put(kind: 'draft' | 'upload', value: unknown, ttlSeconds: number): Promise<string>;
  get<T>(kind: 'draft' | 'upload', key: string): Promise<T | null>;
}

const KEY = /^[A-Za-z0-9_-]{22}$/;

export function deskStash(redis: () => Promise<RedisClient>, prefix: string): DeskStash {
  const name = (kind: string, key: string) => `${prefix}:desk-${kind}:${key}`;
  return {
    async put(kind, value, ttlSeconds) {
      const key = randomBytes(16).toString('base64url');
      await (await redis()).set(name(kind, key), JSON.stringify(value), 'EX', ttlSeconds);
      return key;
    },
    async get<T>(kind: 'draft' | 'upload', key: string) {
      if (!KEY.test(key)) return null;
      const raw = await (await redis()).get(name(kind, key));
      return raw === null ? null : (JSON.parse(raw) as T);
    },
  };
}
