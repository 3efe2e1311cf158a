/**
 * Broadsheet's send pipeline against the naive approach, in one run, on real
 * PostgreSQL and Redis, against the fake Resend server in its own process.
 *
 *   npm run bench -- --subscribers 100000 [--rps 10] [--workers 2] [--naive 500] [--sections] [--reject-every 100]
 *
 * Prints: personalisation rate on one core; prepare time and when the last batch
 * was queued; end-to-end emails/s; peak RSS of every process; the naive baseline
 * (React render + one `emails.send` per reader) and the ratio; with --rps, the
 * achieved request rate against the ceiling and the share of 429s; with --sections,
 * a second send after readers chose among eight sections (renders, prepare,
 * emails/s) and the per-email cost of picking a reader's variant. --reject-every N has
 * the provider refuse every Nth reader's address, so most batches come back with a
 * per-email error (a list with scattered bad addresses).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createElement } from 'react';
import { render, toPlainText } from 'react-email';
import { Resend } from 'resend';
import DailyDigest from '../emails/daily-digest.tsx';
import { digestWithTeasers } from '../emails/_fixtures/seed-digest.ts';
import { loadConfig } from '../src/config.ts';
import { createContainer } from '../src/container.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPostgresDatabase } from '../src/db/postgres-database.ts';
import { createEdition, editionProgress, scheduleEdition } from '../src/editions/edition-service.ts';
import { isFinal } from '../src/editions/edition-status.ts';
import { silentLogger } from '../src/logger.ts';
import { compileTemplate, personalise } from '../src/rendering/personalisation.ts';
import { ReaderLinks } from '../src/rendering/reader-links.ts';
import { readerValues } from '../src/rendering/reader-values.ts';
import { createList } from '../src/subscribers/lists.ts';
import { normalizeChoice, teasersFor, variantKey } from '../src/editions/reader-sections.ts';

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '10000' },
    rps: { type: 'string' },
    workers: { type: 'string', default: '1' },
    naive: { type: 'string', default: '300' },
    teasers: { type: 'string', default: '10' },
    profile: { type: 'string' },
    'worker-heap': { type: 'string' },
    sections: { type: 'boolean', default: false },
    'reject-every': { type: 'string' },
  },
});
const N = Number(args.subscribers);
const WORKERS = Number(args.workers);
const NAIVE = Math.min(Number(args.naive), N);
const RPS = args.rps ? Number(args.rps) : undefined;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = randomBytes(32).toString('base64url');
const SECTIONS = ['Politics', 'Business', 'Sports', 'Culture', 'Opinion', 'Science', 'Food', 'Travel'];
// Teasers across eight sections, so readers' choices give them different digests.
const base = digestWithTeasers(Number(args.teasers));
const content = { ...base, teasers: base.teasers.map((t, i) => ({ ...t, section: SECTIONS[i % SECTIONS.length]! })) };

const out = (label: string, value: string) => process.stdout.write(`${label.padEnd(34)} ${value}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Peak resident memory of a live process, from /proc (Linux). */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds (user + system) a live process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of every process with this command name (e.g. the PostgreSQL and Redis servers). */
function cpuSecondsOf(comm: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) total += cpuSeconds(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

function spawnNode(argv: string[], env: Record<string, string>, nodeFlags: string[]): ChildProcess {
  // --profile DIR writes a V8 CPU profile of every child process there, for a look at where time goes.
  const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
  return spawn(process.execPath, [...profile, ...nodeFlags, ...argv], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A TypeScript script of ours (the fake provider), through tsx. */
function tsx(script: string, scriptArgs: string[], env: Record<string, string> = {}, nodeFlags: string[] = []): ChildProcess {
  return spawnNode(['--import', 'tsx', script, ...scriptArgs], env, nodeFlags);
}

interface FakeStats {
  requests: number;
  byStatus: Record<string, number>;
  accepted: number;
  recipients: number;
  duplicates: number;
  spanMs: number;
  firstAt: number;
}

async function startFakeResend(): Promise<{ child: ChildProcess; url: string; stats(): Promise<FakeStats> }> {
  const rejectEvery = args['reject-every'] ? ['--reject-every', args['reject-every']] : [];
  const child = tsx('test/support/fake-resend-process.ts', ['--lean', ...(RPS ? ['--rps', String(RPS)] : []), ...rejectEvery]);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(JSON.parse(String(d)).url));
    child.once('exit', (code) => reject(new Error(`fake Resend exited ${code}`)));
  });
  return { child, url, stats: async () => (await (await fetch(`${url}/__stats`)).json()) as FakeStats };
}

/** 1. Per-reader cost in Broadsheet: signed links + token substitution into a rendered variant, one core. */
async function benchPersonalisation(links: ReaderLinks) {
  const { renderVariant } = await import('../src/rendering/render-variant.ts');
  const variant = await renderVariant({
    listName: 'The Broadsheet Daily', editionDate: '2024-11-21', subject: 's', preheader: 'p', content, tier: 'free',
    publisher: { name: 'P', postalAddress: 'A' }, links: { viewInBrowser: 'https://x/a', subscribe: 'https://x/s' },
  });
  const html = compileTemplate(variant.html, variant.tokenNonce);
  const text = compileTemplate(variant.text, variant.tokenNonce);
  const count = 200_000;
  let bytes = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const values = readerValues(links, { subscriberId: i + 1, email: `reader${i}@example.com`, name: i % 2 ? `Ana ${i}` : null }, 1);
    bytes += personalise(html, values, 'html').length + personalise(text, values, 'text').length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { rate: count / seconds, htmlKb: Buffer.byteLength(variant.html) / 1024, avgBytes: bytes / count };
}

/**
 * The per-email cost a personal digest adds: finding the reader's teasers and
 * variant key from their sections (memoised per distinct choice, as prepare does).
 */
function benchVariantChoice(c: typeof content): number {
  const choices = [null, ['politics'], ['business', 'sports'], ['culture', 'food', 'travel'], ['opinion'], ['science', 'politics']];
  const memo = new Map<string, string>();
  const count = 1_000_000;
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const sections = choices[i % choices.length]!;
    const k = `free|${sections?.join('\u0000') ?? ''}`;
    let key = memo.get(k);
    if (key === undefined) memo.set(k, (key = variantKey('free', teasersFor(c.teasers, normalizeChoice(sections)))));
    sink += key.length;
  }
  if (!sink) throw new Error('unreachable');
  return ((performance.now() - started) * 1000) / count;
}

/** 2. The naive baseline most tutorials show: a React render and one API call per reader, in sequence. */
async function benchNaive(url: string, count: number) {
  const resend = new Resend('re_test_key', { baseUrl: url });
  const links = new ReaderLinks('https://news.example', SECRET);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const element = createElement(DailyDigest, {
      content, tier: 'free', editionDate: '2024-11-21', greeting: `Good morning, Ana ${i}`, recipientEmail: `naive${i}@example.com`,
      links: { viewInBrowser: 'https://x/a', subscribe: 'https://x/s', unsubscribe: links.unsubscribe(i + 1, 1), preferences: links.preferences(i + 1) },
    });
    const html = await render(element);
    const { error } = await resend.emails.send({ from: 'Daily <d@news.example>', to: [`naive${i}@example.com`], subject: 'Today', html, text: toPlainText(html) });
    if (error) throw new Error(`naive send failed: ${error.message}`);
  }
  return count / ((performance.now() - started) / 1000);
}

async function main() {
  const schema = `bs_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `{bs-bench-${randomBytes(4).toString('hex')}}`;
  const admin = createPostgresDatabase({ url: DATABASE_URL, max: 1 });
  await admin.query(`create schema ${schema}`);
  const dbUrl = `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const fake = await startFakeResend();
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl, REDIS_URL, QUEUE_PREFIX: prefix, RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: fake.url,
    EMAIL_FROM: 'The Broadsheet Daily <digest@news.example>', PUBLIC_URL: 'https://news.example', BROADSHEET_SECRET: SECRET,
    PUBLISHER_NAME: 'The Broadsheet Daily', PUBLISHER_ADDRESS: 'Av. Reforma 123, Ciudad de México',
    RESEND_RPS: String(RPS ?? 1000), WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '4',
  };
  const container = await createContainer(loadConfig(env), { logger: silentLogger });
  const workers: ChildProcess[] = [];
  try {
    out('subscribers', fmt(N));
    out('processes', `${WORKERS} worker(s)${args['worker-heap'] ? ` with a ${args['worker-heap']} MB heap cap` : ''}, fake Resend${RPS ? ` limited to ${RPS} req/s` : ''}, this driver`);

    const p = await benchPersonalisation(container.links);
    out('variant HTML (rendered once)', `${fmt(p.htmlKb, 1)} KB, ${content.teasers.length} teasers`);
    out('personalisation, one core', `${fmt(p.rate)} emails/s (signed links + substitution, ${fmt(p.avgBytes / 1024, 1)} KB each)`);

    const { db } = container;
    await migrate(db);
    const list = await createList(db, 'daily-digest', 'The Broadsheet Daily');
    const seedStart = performance.now();
    for (let from = 1; from <= N; from += 50_000) {
      const to = Math.min(N, from + 49_999);
      await db.query(
        `insert into subscribers (email, email_normalized, name, tier)
         select 'reader' || i || '@example.com', 'reader' || i || '@example.com', 'Reader ' || i, case when i % 5 = 0 then 'paid' else 'free' end
           from generate_series($1::int, $2::int) i`,
        [from, to],
      );
    }
    await db.query(`insert into subscriptions (list_id, subscriber_id, status) select $1, id, 'active' from subscribers`, [list.id]);
    out('seeded readers', `${fmt((performance.now() - seedStart) / 1000, 1)} s (SQL, not measured below)`);

    // --worker-heap MB caps each worker's V8 heap, as the README recommends for production.
    const heap = args['worker-heap'] ? [`--max-old-space-size=${args['worker-heap']}`] : [];
    // Workers start as a newsroom starts them: `broadsheet worker` (the compiled build when it is fresh).
    for (let i = 0; i < WORKERS; i++) workers.push(spawnNode(['bin/broadsheet.js', 'worker'], env, heap));
    // Wait until every worker has started (it logs worker.started).
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
      let buf = '';
      const onData = (d: Buffer) => {
        buf += d;
        if (buf.includes('worker.started')) {
          w.stderr!.off('data', onData);
          w.stderr!.resume(); // keep draining the worker's log, without keeping it
          resolve();
        }
      };
      w.stderr!.on('data', onData);
    })));
    for (const w of workers) w.stdout!.resume();

    /** One send of a new edition to every reader; prints its figures under `label` and returns emails/s. */
    const sendOnce = async (label: string): Promise<number> => {
      await fetch(`${fake.url}/__reset`, { method: 'POST' });
      out(`— ${label}`, '');
      const edition = await createEdition(db, { listSlug: 'daily-digest', content });
      const cpuBefore = [...workers.map((w) => cpuSeconds(w.pid!)), cpuSeconds(fake.child.pid!), cpuSecondsOf('postgres'), cpuSecondsOf('redis-server')];
      const sent = performance.now();
      const sentAt = Date.now();
      await scheduleEdition(db, await container.queue(), edition.id, { check: container.presendCheck });
      let driverPeak = 0;
      for (;;) {
        driverPeak = Math.max(driverPeak, process.memoryUsage().rss);
        // The status alone, polled ten times a second: the figure is the send's, not the poll's (editionProgress,
        // when it counted the edition's delivery rows, was PostgreSQL's largest load at a million readers).
        const [{ status }] = (await db.query<{ status: string }>(`select status from editions where id = $1`, [edition.id])) as [{ status: string }];
        if (isFinal(status as never) || status === 'paused') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const total = (performance.now() - sent) / 1000;
      const [t] = await db.query<{ prepare: number; status: string }>(
        `select extract(epoch from (prepared_at - send_at))::float8 as prepare, status from editions where id = $1`, [edition.id]);
      const stats = await fake.stats();
      const rssWorkers = workers.map((w) => peakRssMb(w.pid!));
      const cpu = [...workers.map((w) => cpuSeconds(w.pid!)), cpuSeconds(fake.child.pid!), cpuSecondsOf('postgres'), cpuSecondsOf('redis-server')].map((c, i) => c - cpuBefore[i]!);
      const rssFake = peakRssMb(fake.child.pid!);
      const progress = await editionProgress(db, edition.id);

      out('edition', `${t!.status}: ${fmt(progress.sent)} submitted, ${fmt(progress.failed)} failed; ${progress.renders} variants rendered`);
      out('prepare (all batches queued)', `${fmt(t!.prepare, 2)} s after send`);
      out('end to end', `${fmt(total, 2)} s → ${fmt(N / total)} emails/s`);
      out('provider requests', `${fmt(stats.requests)} (${Object.entries(stats.byStatus).map(([k, v]) => `${k}: ${v}`).join(', ')})`);
      out('duplicates at the provider', `${stats.duplicates} (${fmt(stats.recipients)} distinct recipients)`);
      if (RPS) {
        // Conservative: accepted calls over the whole send, prepare included.
        const ok = stats.byStatus['200'] ?? 0;
        const achieved = ok / total;
        out('achieved request rate', `${fmt(achieved, 2)} req/s of ${RPS} ceiling (${fmt((achieved / RPS) * 100, 1)} %), over the whole send`);
        // What the provider's limiter sees: from the first request to the last (n requests span n − 1 intervals).
        const seen = stats.spanMs > 0 ? ((stats.requests - 1) * 1000) / stats.spanMs : NaN;
        out('rate the provider saw', `${fmt(seen, 2)} req/s (${fmt((seen / RPS) * 100, 1)} %), first request ${fmt((stats.firstAt - sentAt) / 1000, 2)} s after send`);
        out('429 responses', `${stats.byStatus['429'] ?? 0} of ${stats.requests} requests (${fmt(((stats.byStatus['429'] ?? 0) / stats.requests) * 100, 2)} %)`);
      }
      const [fakeCpu, pgCpu, redisCpu] = cpu.slice(-3) as [number, number, number];
      out('CPU during the send', `workers ${cpu.slice(0, -3).map((c) => `${fmt(c, 1)} s`).join(', ')}; fake Resend ${fmt(fakeCpu, 1)} s; PostgreSQL ${fmt(pgCpu, 1)} s; Redis ${fmt(redisCpu, 1)} s (of ${fmt(total, 1)} s wall × 2 cores)`);
      out('peak RSS', `workers ${rssWorkers.map((r) => `${fmt(r)} MB`).join(', ')}; fake Resend ${fmt(rssFake)} MB; driver (prepare ran in a worker) ${fmt(driverPeak / 2 ** 20)} MB`);
      return N / total;
    };
    const plain = await sendOnce('no sections');
    const total = N / plain;
    if (args.sections) {
      // Eight sections; about 60 % of readers keep everything, the rest chose one to four, popular sections more often.
      await db.query(
        `update subscriptions set sections = case when h % 10 < 6 then null else (
            select array_agg(distinct k order by k) from unnest(array[$1::text[]]) with ordinality as s(k, i)
             where i = 1 + (h / 10) % 3 or i = 1 + (h / 7) % 8 or (h % 10 = 9 and i = 1 + (h / 3) % 8) or (h % 10 = 8 and i <= 2)) end
          from (select subscriber_id as sid, abs(hashtext(subscriber_id::text)) as h from subscriptions) x where x.sid = subscriber_id`,
        [SECTIONS.map((n) => n.toLowerCase())],
      );
      const [c] = await db.query<{ choices: number; chose: number }>(`select count(distinct sections)::int as choices, count(sections)::int as chose from subscriptions`);
      out('readers with sections', `${fmt(c!.chose)} of ${fmt(N)} chose some; ${fmt(c!.choices)} distinct choices`);
      const personal = await sendOnce('with sections');
      out('with sections / without', `${fmt(personal / plain, 2)}× the emails/s`);
      const pick = benchVariantChoice(content);
      out('choosing a reader’s variant', `${fmt(pick, 2)} µs per email on one core (over the shared digest's substitution)`);
    }
    if (NAIVE > 0 && !RPS) {
      const naive = await benchNaive(fake.url, NAIVE);
      out('naive baseline', `${fmt(naive, 1)} emails/s (${NAIVE} readers: React render + emails.send each, in sequence)`);
      out('Broadsheet / naive', `${fmt(N / total / naive, 1)}× (without sections)`);
    }
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
    fake.child.kill('SIGTERM');
    const redis = await container.redis();
    const keys = await redis.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    await container.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.close();
  }
}

await main();
