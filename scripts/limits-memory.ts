/**
 * What oversized input costs the server: its resident memory before and after ten
 * 50 MB request bodies (five with a Content-Length, five chunked) and a 400 MB feed
 * streamed at it, with `broadsheet serve` on an embedded database in its own process.
 *
 *   node --import tsx scripts/limits-memory.ts [--checkout DIR]
 *
 * `--checkout` runs another checkout's bin/broadsheet.js (an earlier commit in a
 * worktree) the same way, to compare.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const checkout = resolve(arg('checkout') ?? fileURLToPath(new URL('..', import.meta.url)));
const bin = join(checkout, 'bin/broadsheet.js');
const dir = mkdtempSync(join(tmpdir(), 'bs-limits-'));
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  BROADSHEET_DATA_DIR: join(dir, 'data'),
  OUTBOX_DIR: join(dir, 'outbox'),
  QUEUE_PREFIX: `{bs-limits-${process.pid}}`,
  RESEND_WEBHOOK_SECRET: 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdA==',
};
const MB = 1024 * 1024;

const rssMb = (pid: number, field = 'VmRSS') => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A feed server that streams `totalMb` of items with no Content-Length. */
async function endlessFeed(totalMb: number): Promise<{ url: string; close(): void }> {
  const item = Buffer.from(`<item><title>${'x'.repeat(900)}</title><link>https://x.example/</link></item>\n`);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
    let sent = 0;
    const pump = () => {
      while (sent < totalMb * MB) {
        sent += item.length;
        if (!res.write(item)) return void res.once('drain', pump);
      }
      res.end('</channel></rss>');
    };
    res.on('error', () => {});
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`, close: () => server.close() };
}

async function main() {
  cli(['migrate']);
  cli(['lists', 'create', 'daily-digest', '--name', 'Daily']);
  const { token } = JSON.parse(cli(['tokens', 'create', '--name', 'bench', '--json'])) as { token: string };
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.resume();
  const base = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
  });
  try {
    for (let i = 0; i < 5; i++) await fetch(`${base}/healthz`);
    await new Promise((r) => setTimeout(r, 1000));
    const before = rssMb(child.pid!);
    const statuses: number[] = [];
    const body = Buffer.alloc(50 * MB, 'x');
    for (let i = 0; i < 10; i++) {
      const chunked = i % 2 === 1;
      const payload = chunked
        ? new ReadableStream({
            start(controller) {
              for (let at = 0; at < body.length; at += MB) controller.enqueue(body.subarray(at, at + MB));
              controller.close();
            },
          })
        : body;
      const res = await fetch(`${base}/webhooks/resend`, { method: 'POST', body: payload, duplex: 'half', headers: { 'content-type': 'application/json' } } as RequestInit).catch(
        (e: Error) => ({ status: `dropped (${e.message})`, text: async () => '' }) as unknown as Response,
      );
      statuses.push(res.status);
      await res.text().catch(() => '');
    }
    await new Promise((r) => setTimeout(r, 1000));
    const afterBodies = rssMb(child.pid!);

    const feed = await endlessFeed(400);
    const started = Date.now();
    const res = await fetch(`${base}/api/editions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ list: 'daily-digest', feed: { url: feed.url } }),
    });
    const feedAnswer = `${res.status} ${(await res.text()).slice(0, 120)}`;
    feed.close();
    await new Promise((r) => setTimeout(r, 1000));
    const afterFeed = rssMb(child.pid!);
    console.log(
      JSON.stringify(
        {
          checkout,
          rssBeforeMb: Math.round(before),
          bodies: statuses,
          rssAfterTenBodiesOf50MbMb: Math.round(afterBodies),
          feed400Mb: { answer: feedAnswer, seconds: (Date.now() - started) / 1000 },
          rssAfterFeedMb: Math.round(afterFeed),
          peakRssMb: Math.round(rssMb(child.pid!, 'VmHWM')),
        },
        null,
        2,
      ),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
