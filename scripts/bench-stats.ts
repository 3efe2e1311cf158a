/**
 * What edition stats cost at scale, and how fast signed click webhooks go in, on
 * real PostgreSQL (a throwaway schema): an edition of 1,000,000 deliveries with
 * 200,000 clicks (5 % of them a scanner's), its stats query timed cold and warm,
 * against the naive query (every click fetched and counted in JavaScript);
 * then signed `email.clicked` webhooks posted at the running server, with the
 * per-story counts checked afterwards.
 *
 *   node --import tsx scripts/bench-stats.ts [--deliveries 1000000] [--clicks 200000] [--webhooks 5000] [--concurrency 16]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { seedDigest } from '../emails/_fixtures/seed-digest.ts';
import { loadConfig } from '../src/config.ts';
import { createContainer } from '../src/container.ts';
import { createPostgresDatabase } from '../src/db/postgres-database.ts';
import { createEdition, editionStats } from '../src/editions/edition-service.ts';
import { startServer } from '../src/http/server.ts';
import { silentLogger } from '../src/logger.ts';
import { createList } from '../src/subscribers/lists.ts';
import { newWebhookSecret, svixHeaders } from '../test/support/svix.ts';

const { values: args } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '1000000' },
    clicks: { type: 'string', default: '200000' },
    webhooks: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
  },
});
const N = Number(args.deliveries);
const CLICKS = Number(args.clicks);
const WEBHOOKS = Number(args.webhooks);
const CONCURRENCY = Number(args.concurrency);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const out = (label: string, value: string) => process.stdout.write(`${label.padEnd(36)} ${value}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await f();
  return [value, performance.now() - started];
}

const schema = `bs_bench_stats_${randomBytes(4).toString('hex')}`;
const admin = createPostgresDatabase({ url: DATABASE_URL, max: 1 });
await admin.query(`create schema ${schema}`);
const secret = newWebhookSecret();
const c = await createContainer(
  loadConfig({
    DATABASE_URL: `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `{bs-bench-stats-${process.pid}}`,
    RESEND_WEBHOOK_SECRET: secret,
    PUBLIC_URL: 'https://letters.example',
  }),
  { logger: silentLogger },
);
try {
  const { db } = c;
  await (await import('../src/db/migrate.ts')).migrate(db);
  const list = await createList(db, 'daily-digest', 'The Broadsheet Daily');
  const edition = await createEdition(db, { listSlug: 'daily-digest', content: seedDigest });
  const stories = [seedDigest.lead, ...seedDigest.teasers];

  // Seeding is SQL, not measured: readers, a batch per 100, a delivery each, clicks spread over the stories.
  const [, seedMs] = await timed(async () => {
    await db.query(
      `insert into subscribers (email, email_normalized, name) select 'r' || i || '@example.com', 'r' || i || '@example.com', 'Reader ' || i from generate_series(1, $1::int) i`,
      [N],
    );
    await db.query(`insert into subscriptions (list_id, subscriber_id, status) select $1, id, 'active' from subscribers`, [list.id]);
    await db.query(`insert into batches (edition_id, seq, tier, size, status) select $1, s, 'free', 100, 'submitted' from generate_series(1, $2::int) s`, [edition.id, Math.ceil(N / 100)]);
    await db.query(
      `insert into deliveries (edition_id, subscriber_id, batch_id, status, provider_id)
       select $1, s.id, b.id, 'submitted', 'em_' || s.id from subscribers s join batches b on b.edition_id = $1 and b.seq = (s.id - 1) / 100 + 1`,
      [edition.id],
    );
    await db.query(
      `insert into clicks (provider_id, edition_id, subscriber_id, link, story_url, position, section, user_agent, clicked_at, scanner)
       select 'em_' || r, $1, r, u.url, u.url, u.position, u.section, 'Mozilla/5.0', now() - make_interval(secs => i), i % 20 = 0
         from generate_series(1, $2::int) i
         cross join lateral (select 1 + (hashtext(i::text) & 2147483647) % $3::int as r) pick
         join unnest($4::text[], $5::text[], $6::text[]) with ordinality as u(url, position, section, n) on u.n = 1 + i % $7::int`,
      [edition.id, CLICKS, N, stories.map((s) => s.url), stories.map((_, i) => (i === 0 ? 'lead' : `teaser ${i}`)), stories.map((s) => s.section ?? null), stories.length],
    );
    await db.query('analyze');
  });
  out('deliveries / clicks', `${fmt(N)} / ${fmt(CLICKS)} (seeded in ${fmt(seedMs / 1000, 1)} s, SQL, not measured)`);

  // The stats query, as `editions stats` and GET /api/editions/:id/stats run it.
  const runs: number[] = [];
  let stats;
  for (let i = 0; i < 5; i++) {
    const [s, ms] = await timed(() => editionStats(db, edition.id));
    runs.push(ms);
    stats = s;
  }
  out('editionStats (5 runs)', `first ${fmt(runs[0]!)} ms, median ${fmt(median(runs))} ms`);
  out('  its figures', `clicked ${fmt(stats!.clicked)} readers, ${stats!.stories.length} stories, scanner clicks ${fmt(stats!.scannerClicks)}`);

  // The naive way: fetch every click and count per story in JavaScript.
  const [, naiveMs] = await timed(async () => {
    const rows = await db.query<{ url: string; subscriberId: number; scanner: boolean }>(`select story_url as url, subscriber_id as "subscriberId", scanner from clicks where edition_id = $1`, [edition.id]);
    const per = new Map<string, Set<number>>();
    for (const r of rows) if (!r.scanner) (per.get(r.url) ?? per.set(r.url, new Set()).get(r.url)!).add(r.subscriberId);
    return per;
  });
  out('naive (fetch every click, count in JS)', `${fmt(naiveMs)} ms`);

  // Signed click webhooks at the server: ingestion rate, then the counts checked.
  const server = await startServer(c, 0, '127.0.0.1');
  try {
    const before = new Map(stats!.stories.map((s) => [s.url, s.clicks]));
    const t0 = Date.now();
    let next = 0;
    const [, ingestMs] = await timed(() =>
      Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < WEBHOOKS; i = next++) {
            const reader = 1 + ((i * 7919) % N);
            const story = stories[i % stories.length]!;
            const body = JSON.stringify({
              type: 'email.clicked',
              created_at: new Date().toISOString(),
              data: { email_id: `em_${reader}`, to: [`r${reader}@example.com`], click: { link: `${story.url}?utm_source=newsletter`, userAgent: 'Mozilla/5.0 (iPhone)', ipAddress: '203.0.113.1', timestamp: new Date(t0 + i * 60_000).toISOString() } },
            });
            const r = await fetch(`${server.url}/webhooks/resend`, { method: 'POST', body, headers: svixHeaders(secret, body) });
            if (r.status !== 200) throw new Error(`webhook ${i}: ${r.status} ${await r.text()}`);
          }
        }),
      ),
    );
    out('signed click webhooks', `${fmt(WEBHOOKS)} in ${fmt(ingestMs / 1000, 2)} s → ${fmt(WEBHOOKS / (ingestMs / 1000))} events/s (${CONCURRENCY} at a time)`);
    const after = await editionStats(db, edition.id);
    const added = after.stories.reduce((n, s) => n + s.clicks - (before.get(s.url) ?? 0), 0);
    out('  stats afterwards', `${fmt(added)} more story clicks counted (${added === WEBHOOKS ? 'every one' : `expected ${fmt(WEBHOOKS)}`})`);
    if (added !== WEBHOOKS) process.exitCode = 1;
  } finally {
    await server.close();
  }
} finally {
  await c.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.close();
}
