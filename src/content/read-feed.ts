import { open } from 'node:fs/promises';
import { charsetOf } from './feed-encoding.ts';
import { FeedError } from './feed-error.ts';
import { feedUrlProblem } from './feed-url.ts';

/** The most a feed may weigh, checked while it is read: nothing bigger is ever held in memory. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;

/** The feed could not be fetched just now (network, timeout, 5xx, 429): worth trying again later. */
export class FeedUnavailableError extends FeedError {}

/** A feed's bytes as they came, with what is needed to read them: the HTTP charset and the URL relative links are relative to. */
export interface FetchedFeed {
  body: Uint8Array;
  charset: string | null;
  /** The final URL after redirects (null for a file). */
  url: string | null;
  /** What the editor named: shown in errors. */
  source: string;
}

export interface ReadFeedOptions {
  /** Only the CLI and schedules set from it may name files. */
  allowFiles?: boolean;
  /** Hosts feeds may come from (`news.example.com`, or `.example.com` for its subdomains); null or absent: any. */
  allowedHosts?: readonly string[] | null;
  /** How long the whole fetch may take, body included; 10 s unless said. */
  timeoutMs?: number;
  /** What is fetched, for messages and the Accept header: a feed unless said. */
  kind?: 'feed' | 'story page';
}

const ACCEPT = {
  feed: 'application/rss+xml, application/atom+xml, application/feed+json, application/json, text/xml;q=0.9, */*;q=0.5',
  'story page': 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
} as const;

export { feedUrlProblem };

const tooLarge = (where: string, kind = 'feed') => new FeedError(`${kind} ${where} is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB`);

/** Reads a stream up to the limit, cancelling it as soon as it passes: a 400 MB feed costs 5 MB, not 400. */
async function readLimited(body: ReadableStream<Uint8Array>, where: string, kind: string): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FEED_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge(where, kind);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

const unavailable = (where: string, err: unknown, timeoutMs: number, kind: string) => {
  const e = err as Error;
  const reason = e?.name === 'TimeoutError' || e?.name === 'AbortError' ? `no complete answer within ${timeoutMs / 1000} s` : (e?.message ?? String(err));
  return new FeedUnavailableError(`cannot fetch ${kind} ${where}: ${reason}`);
};

/**
 * A feed from an http(s) URL (10 s, 5 MB at most, the limit enforced while
 * reading), or with `allowFiles` a local file: the HTTP API must not read the
 * server's disk for anyone with a token. With `allowedHosts` (FEED_HOSTS) the
 * server fetches only from the newsroom's own hosts, redirects included, so an
 * editor's URL cannot reach internal services.
 */
export async function readFeed(where: string, opts: ReadFeedOptions = {}): Promise<FetchedFeed> {
  if (!/^https?:\/\//i.test(where)) {
    if (!opts.allowFiles) throw new FeedError(feedUrlProblem(where, null)!);
    return { body: await readFileLimited(where), charset: null, url: null, source: where };
  }
  let url = where;
  const kind = opts.kind ?? 'feed';
  const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;
  // One deadline for the whole fetch: redirects, headers and every byte of the body.
  const signal = AbortSignal.timeout(timeoutMs);
  for (let hop = 0; ; hop++) {
    const problem = feedUrlProblem(url, opts.allowedHosts, kind);
    if (problem) throw new FeedError(problem);
    const res = await fetch(url, { signal, redirect: 'manual', headers: { accept: ACCEPT[kind] } }).catch((err: unknown) => {
      throw unavailable(where, err, timeoutMs, kind);
    });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel().catch(() => {});
      if (hop >= MAX_REDIRECTS) throw new FeedError(`cannot fetch ${kind} ${where}: more than ${MAX_REDIRECTS} redirects`);
      url = new URL(location, url).toString();
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      const transient = res.status >= 500 || res.status === 429 || res.status === 408;
      throw new (transient ? FeedUnavailableError : FeedError)(`cannot fetch ${kind} ${where}: HTTP ${res.status}`);
    }
    if (Number(res.headers.get('content-length') ?? 0) > MAX_FEED_BYTES) {
      await res.body?.cancel().catch(() => {});
      throw tooLarge(where, kind);
    }
    const body = res.body
      ? await readLimited(res.body, where, kind).catch((err: unknown) => {
          throw err instanceof FeedError ? err : unavailable(where, err, timeoutMs, kind);
        })
      : new Uint8Array();
    return { body, charset: charsetOf(res.headers.get('content-type')), url, source: where };
  }
}

async function readFileLimited(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new FeedError(`cannot read feed file ${path}: ${err.code ?? err.message}`);
  });
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw new FeedError(`cannot read feed file ${path}: not a file`);
    const size = stat.size;
    if (size > MAX_FEED_BYTES) throw tooLarge(path);
    // Read one byte past the limit: a file that grew since stat is still refused.
    const buffer = Buffer.alloc(Math.min(size, MAX_FEED_BYTES) + 1);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_FEED_BYTES) throw tooLarge(path);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
