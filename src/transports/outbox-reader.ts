import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readMessage, type ReadMessage } from './eml-reader.ts';
import type { OutboxEntry } from './outbox-transport.ts';

/** The names the outbox writes (`outbox-<24 hex>-<n>.eml`): nothing else is read, so no path leaves the directory. */
export const OUTBOX_FILE = /^outbox-[0-9a-f]{24}-\d{1,3}\.eml$/;

/**
 * The outbox's messages, newest first: `skip` and `limit` page through them.
 * Reads index.jsonl from its end, a chunk at a time, so a page of a large
 * outbox costs what the page holds.
 */
export async function listOutbox(dir: string, opts: { skip: number; limit: number }): Promise<{ entries: OutboxEntry[]; more: boolean }> {
  const want = opts.skip + opts.limit + 1;
  const handle = await open(join(dir, 'index.jsonl'), 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!handle) return { entries: [], more: false };
  const lines: string[] = [];
  try {
    let position = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    const CHUNK = 64 * 1024;
    while (position > 0 && lines.length < want) {
      const size = Math.min(CHUNK, position);
      position -= size;
      const buf = Buffer.alloc(size);
      await handle.read(buf, 0, size, position);
      const joined = Buffer.concat([buf, carry]);
      const parts = joined.toString('utf8').split('\n');
      // The first piece may be a line cut by the chunk: keep its bytes for the next round.
      carry = position > 0 ? Buffer.from(parts.shift()!, 'utf8') : Buffer.alloc(0);
      for (const line of parts.reverse()) if (line.trim()) lines.push(line);
    }
  } finally {
    await handle.close();
  }
  const entries = lines
    .slice(opts.skip, opts.skip + opts.limit)
    .map((l) => {
      try {
        return JSON.parse(l) as OutboxEntry;
      } catch {
        return null;
      }
    })
    .filter((e): e is OutboxEntry => e !== null && typeof e.file === 'string' && OUTBOX_FILE.test(e.file));
  return { entries, more: lines.length > opts.skip + opts.limit };
}

/** One message as its reader sees it; null when there is no such file. */
export async function readOutboxMessage(dir: string, file: string): Promise<ReadMessage | null> {
  if (!OUTBOX_FILE.test(file)) return null;
  const raw = await readFile(join(dir, file), 'latin1').catch(() => null);
  return raw === null ? null : readMessage(raw);
}
