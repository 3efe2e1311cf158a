import { readFile } from 'node:fs/promises';
import { FeedError } from './feed.ts';

const MAX_BYTES = 5 * 1024 * 1024;

/** The feed could not be fetched just now (network, 5xx, 429): worth trying again later. */
export class FeedUnavailableError extends FeedError {}

/**
 * A feed from an http(s) URL (10 s, 5 MB at most), or with `allowFiles` a local
 * file: only the CLI and schedules set from it may name files, never the HTTP API,
 * which would otherwise read the server's disk for anyone with a token.
 */
export async function readFeed(where: string, opts: { allowFiles?: boolean } = {}): Promise<string> {
  if (!/^https?:\/\//i.test(where)) {
    if (!opts.allowFiles) throw new FeedError(`a feed must be an http:// or https:// URL (got ${JSON.stringify(where.slice(0, 200))})`);
    return readFile(where, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new FeedError(`cannot read feed file ${where}: ${err.code ?? err.message}`);
    });
  }
  const res = await fetch(where, {
    signal: AbortSignal.timeout(10_000),
    redirect: 'follow',
    headers: { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json, text/xml;q=0.9, */*;q=0.5' },
  }).catch((err: Error) => {
    throw new FeedUnavailableError(`cannot fetch feed ${where}: ${err.message}`);
  });
  if (!res.ok) {
    const transient = res.status >= 500 || res.status === 429 || res.status === 408;
    throw new (transient ? FeedUnavailableError : FeedError)(`cannot fetch feed ${where}: HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) throw new FeedError(`feed ${where} is larger than 5 MB`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_BYTES) throw new FeedError(`feed ${where} is larger than 5 MB`);
  return body.toString('utf8');
}
