import { readFile } from 'node:fs/promises';
import { FeedError } from './feed.ts';

const MAX_BYTES = 5 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/** The feed could not be fetched just now (network, 5xx, 429): worth trying again later. */
export class FeedUnavailableError extends FeedError {}

export interface ReadFeedOptions {
  /** Only the CLI and schedules set from it may name files. */
  allowFiles?: boolean;
  /** Hosts feeds may come from (`news.example.com`, or `.example.com` for its subdomains); null or absent: any. */
  allowedHosts?: readonly string[] | null;
}

/** Whether `url` is an http(s) URL on an allowed host; the reason if not. */
export function feedUrlProblem(url: string, allowedHosts: readonly string[] | null | undefined): string | null {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return `a feed must be an http:// or https:// URL (got ${JSON.stringify(url.slice(0, 200))})`;
  if (!allowedHosts?.length) return null;
  const host = new URL(url).hostname.toLowerCase();
  const allowed = allowedHosts.some((h) => (h.startsWith('.') ? host.endsWith(h) || host === h.slice(1) : host === h));
  return allowed ? null : `feeds may only come from ${allowedHosts.join(', ')} (FEED_HOSTS), not ${host}`;
}

/**
 * A feed from an http(s) URL (10 s, 5 MB at most), or with `allowFiles` a local
 * file: the HTTP API must not read the server's disk for anyone with a token.
 * With `allowedHosts` (FEED_HOSTS) the server fetches only from the newsroom's own
 * hosts, redirects included, so an editor's URL cannot reach internal services.
 */
export async function readFeed(where: string, opts: ReadFeedOptions = {}): Promise<string> {
  if (!/^https?:\/\//i.test(where)) {
    if (!opts.allowFiles) throw new FeedError(feedUrlProblem(where, null)!);
    return readFile(where, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new FeedError(`cannot read feed file ${where}: ${err.code ?? err.message}`);
    });
  }
  let url = where;
  for (let hop = 0; ; hop++) {
    const problem = feedUrlProblem(url, opts.allowedHosts);
    if (problem) throw new FeedError(problem);
    const res = await fetch(url, {
      signal: AbortSignal.timeout(10_000),
      redirect: 'manual',
      headers: { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json, text/xml;q=0.9, */*;q=0.5' },
    }).catch((err: Error) => {
      throw new FeedUnavailableError(`cannot fetch feed ${where}: ${err.message}`);
    });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      if (hop >= MAX_REDIRECTS) throw new FeedError(`cannot fetch feed ${where}: more than ${MAX_REDIRECTS} redirects`);
      url = new URL(location, url).toString();
      continue;
    }
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
}
