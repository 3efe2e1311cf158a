/**
 * Fuzzes the feed parser: the corpus in test/fixtures/feeds and some synthetic
 * feeds, mutated byte by byte and structurally (truncated, spliced, flipped,
 * nested, stuffed with entities, DOCTYPEs, BOMs and NULs). Any error that is not
 * a FeedError is a crash. Reports the worst time and heap growth of one parse.
 *
 *   node --expose-gc --import tsx scripts/fuzz-feeds.ts [--iterations 100000] [--seed 1]
 *
 * test/unit/feed-robustness.test.ts runs a short fuzz in CI.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FeedError, parseFeed } from '../src/content/feed.ts';
import { seededRandom } from '../test/support/fake-resend-server.ts';

export interface FuzzReport {
  iterations: number;
  crashes: { input: string; error: string }[];
  /** Inputs refused with a FeedError (the expected way to say no). */
  refused: number;
  worstMs: number;
  /** The start of the slowest input, base64, to replay it. */
  slowest?: string;
  worstHeapBytes: number;
  largestInputBytes: number;
}

const CORPUS_DIR = fileURLToPath(new URL('../test/fixtures/feeds/', import.meta.url));

function corpus(): Buffer[] {
  const files: Buffer[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'LICENSE') files.push(readFileSync(path));
    }
  };
  walk(CORPUS_DIR);
  return files;
}

const SYNTHETIC = [
  '<?xml version="1.0"?><rss version="2.0"><channel><item><title>T</title><link>https://x.example/a</link><pubDate>Mon, 25 Nov 2024 10:00:00 GMT</pubDate></item></channel></rss>',
  '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title type="html">A &amp;lt;b&amp;gt;</title><link href="/a"/><updated>2024-11-25T10:00:00Z</updated></entry></feed>',
  '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"https://x.example/1","title":"J","date_published":"2024-11-25T10:00:00Z"}]}',
  '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item rdf:about="https://x.example/1"><title>R</title></item></rdf:RDF>',
].map((s) => Buffer.from(s));

const FRAGMENTS = [
  '<', '>', '</', '/>', '&', ';', '&amp;', '&#x110000;', '&#0;', '&#xD800;', '&eacute;', '&nosuch;', '<![CDATA[', ']]>', '<!--', '-->', '<?xml version="1.0" encoding="UTF-16"?>',
  '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', '<!ENTITY % p SYSTEM "file:///etc/passwd">', '&a;&b;', 'xml:base="../../x"', ' xmlns:media="http://search.yahoo.com/mrss/"',
  '<media:content url="//x" medium="image"/>', '<enclosure url="javascript:alert(1)" type="image/png"/>', '\u0000', '\uFEFF', '\uFFFD', '\u202E', '"', "'", '=', '<item>', '</item>', '<entry>', '<title>', '</title>',
  '<link>', 'https://x.example/', '<pubDate>mié, 20 nov 2024</pubDate>', '<description><img src="a.jpg" alt="x"></description>', '{', '}', '[', ']', 'null', '"items":', ',',
];

function mutate(input: Buffer, random: () => number, pool: Buffer[]): Buffer {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const at = () => Math.floor(random() * (input.length + 1));
  switch (Math.floor(random() * 10)) {
    case 0: {
      const out = Buffer.from(input);
      for (let i = 0; i < 1 + random() * 8 && out.length; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
      return out;
    }
    case 1:
      return input.subarray(0, at());
    case 2: {
      const p = at();
      return Buffer.concat([input.subarray(0, p), Buffer.from(pick(FRAGMENTS)), input.subarray(p)]);
    }
    case 3: {
      const other = pick(pool);
      return Buffer.concat([input.subarray(0, at()), other.subarray(Math.floor(random() * other.length))]);
    }
    case 4: {
      // A slice repeated until the input is a few hundred KB: quadratic behaviour shows up here.
      const a = at();
      const slice = input.subarray(a, Math.min(input.length, a + 1 + Math.floor(random() * 40)));
      const times = Math.min(20_000, Math.floor(300_000 / Math.max(1, slice.length)));
      return Buffer.concat([input.subarray(0, a), Buffer.from(slice.toString('latin1').repeat(times), 'latin1'), input.subarray(a)]);
    }
    case 5: {
      const tag = pick(['a', 'item', 'description', 'b', 'media:content', 'x:y']);
      const depth = 1 + Math.floor(random() * 200);
      const p = at();
      return Buffer.concat([input.subarray(0, p), Buffer.from(`<${tag}>`.repeat(depth) + `</${tag}>`.repeat(Math.floor(random() * (depth + 1)))), input.subarray(p)]);
    }
    case 6:
      return Buffer.concat([Buffer.from(pick([[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x00], []] as number[][])), input]);
    case 7:
      return Buffer.from(input.toString('latin1'), random() < 0.5 ? 'utf16le' : 'latin1');
    case 8: {
      const p = at();
      return Buffer.concat([input.subarray(0, p), Buffer.from(`<title a="${'x'.repeat(Math.floor(random() * 100_000))}">`), input.subarray(p)]);
    }
    default: {
      const out = Buffer.from(input);
      for (let i = 0; i < 3; i++) {
        const p = Math.floor(random() * out.length);
        if (p < out.length) out[p] = pick([0x3c, 0x3e, 0x26, 0x00, 0xff, 0x22, 0x3b]);
      }
      return out;
    }
  }
}

export function fuzzFeeds({ iterations, seed = 1, onProgress }: { iterations: number; seed?: number; onProgress?: (done: number) => void }): FuzzReport {
  const random = seededRandom(seed);
  const pool = [...corpus(), ...SYNTHETIC];
  const report: FuzzReport = { iterations, crashes: [], refused: 0, worstMs: 0, worstHeapBytes: 0, largestInputBytes: 0 };
  const gc = (globalThis as { gc?: () => void }).gc;
  const now = new Date('2024-11-26T00:00:00Z');
  let slowestInput: Buffer | undefined;
  for (let i = 0; i < iterations; i++) {
    let input = pool[Math.floor(random() * pool.length)]!;
    for (let m = 0, rounds = 1 + Math.floor(random() * 3); m < rounds; m++) input = mutate(input, random, pool);
    if (input.length > 6 * 1024 * 1024) input = input.subarray(0, 6 * 1024 * 1024);
    report.largestInputBytes = Math.max(report.largestInputBytes, input.length);
    if (gc && i % 200 === 0) gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    try {
      parseFeed(input, { source: 'fuzz', url: random() < 0.5 ? 'https://fuzz.example/feed' : null, now });
    } catch (err) {
      if (err instanceof FeedError) report.refused++;
      else report.crashes.push({ input: input.subarray(0, 2000).toString('base64'), error: String((err as Error)?.stack ?? err).slice(0, 500) });
    }
    const ms = performance.now() - started;
    if (ms > report.worstMs) {
      report.worstMs = ms;
      report.slowest = `${input.length} bytes: ${input.subarray(0, 300).toString('base64')}`;
      slowestInput = input;
    }
    report.worstHeapBytes = Math.max(report.worstHeapBytes, process.memoryUsage().heapUsed - heapBefore);
    if (onProgress && i % 1000 === 0) onProgress(i);
  }
  if (process.env.FUZZ_SLOWEST_TO && slowestInput) writeFileSync(process.env.FUZZ_SLOWEST_TO, slowestInput);
  return report;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const iterations = arg('iterations', 100_000);
  const seed = arg('seed', 1);
  const started = Date.now();
  const report = fuzzFeeds({ iterations, seed, onProgress: (n) => process.stderr.write(`\r${n}/${iterations}`) });
  process.stderr.write('\n');
  console.log(
    JSON.stringify({ ...report, crashes: report.crashes.length, firstCrashes: report.crashes.slice(0, 3), seconds: Math.round((Date.now() - started) / 1000), gcExposed: Boolean((globalThis as { gc?: unknown }).gc) }, null, 2),
  );
  process.exit(report.crashes.length ? 1 : 0);
}
