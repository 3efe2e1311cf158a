import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const SEED_FEED = readFileSync(new URL('../fixtures/seed-feed.rss', import.meta.url), 'utf8');
// The fixture's newest story; every date is moved by the same amount.
const SEED_NEWEST = Date.parse('Thu, 21 Nov 2024 14:00:00 +0000');

/** The seed feed with its dates moved so the newest story was published at `newest`. */
export function seedFeedAt(newest: Date): string {
  const shift = newest.getTime() - SEED_NEWEST;
  return SEED_FEED.replace(/<pubDate>([^<]+)<\/pubDate>/g, (_, d: string) => `<pubDate>${new Date(Date.parse(d) + shift).toUTCString()}</pubDate>`);
}

/** A newsroom's site on loopback serving the seed feed at /feed.xml (fresh dates each request), and whatever else a test sets. */
export async function startFeedServer(): Promise<{ url: string; feedUrl: string; requests: number; set(path: string, status: number, body: string, headers?: Record<string, string>): void; stop(): Promise<void> }> {
  const routes = new Map<string, { status: number; body: string; headers?: Record<string, string> }>();
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const route = routes.get(req.url ?? '');
    if (route) {
      res.writeHead(route.status, { 'content-type': 'application/rss+xml; charset=utf-8', ...route.headers }).end(route.body);
    } else if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(seedFeedAt(new Date(Date.now() - 3600_000)));
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    feedUrl: `${url}/feed.xml`,
    get requests() {
      return state.requests;
    },
    set: (path, status, body, headers) => void routes.set(path, { status, body, headers }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
