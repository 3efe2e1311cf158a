import { readFile } from 'node:fs/promises';
import { FeedError } from '../content/feed.ts';

const MAX_BYTES = 5 * 1024 * 1024;

/** A feed from a URL (10 s, 5 MB at most) or a local file. */
export async function readFeed(where: string): Promise<string> {
  if (!/^https?:\/\//.test(where)) {
    return readFile(where, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new FeedError(`cannot read feed file ${where}: ${err.code ?? err.message}`);
    });
  }
  const res = await fetch(where, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json, text/xml;q=0.9, */*;q=0.5' } }).catch(
    (err: Error) => {
      throw new FeedError(`cannot fetch feed ${where}: ${err.message}`);
    },
  );
  if (!res.ok) throw new FeedError(`cannot fetch feed ${where}: HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_BYTES) throw new FeedError(`feed ${where} is larger than 5 MB`);
  return body.toString('utf8');
}
