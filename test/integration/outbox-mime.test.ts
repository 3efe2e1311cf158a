import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createContainer } from '../../src/container.ts';
import { createEdition, editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { silentLogger } from '../../src/logger.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import type { OutgoingEmail } from '../../src/transports/email-transport.ts';
import { encodedWords, mailbox, rfc5322Date } from '../../src/transports/mime.ts';
import { createOutboxTransport } from '../../src/transports/outbox-transport.ts';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { startWorkers } from '../../worker/workers.ts';
import { createTestDatabase } from '../support/databases.ts';
import { testQueuePrefix } from '../support/redis-prefix.ts';
import { testEnv, waitFor } from '../support/test-stack.ts';

const CHECKER = fileURLToPath(new URL('../support/strict-mime-check.py', import.meta.url));

interface Parsed {
  file: string;
  fromName: string;
  fromAddress: string;
  to: string;
  subject: string;
  dateHasZone: boolean;
  listUnsubscribe: string;
  types: string[];
  problems: string[];
}

/** Every .eml in `dir`, read by Python's email package with its strict policy. */
async function strictlyParsed(dir: string): Promise<Parsed[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).map((f) => join(dir, f));
  const out = execFileSync('python3', [CHECKER, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.trim().split('\n').map((line) => JSON.parse(line) as Parsed);
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const email = (over: Partial<OutgoingEmail>): OutgoingEmail => ({
  from: 'The Daily <daily@news.example>',
  to: 'ana@example.com',
  subject: 'Hello',
  html: '<p>Hola</p>',
  text: 'Hola',
  headers: { 'List-Unsubscribe': '<https://news.example/u/t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  tags: [{ name: 'edition', value: 'ed-1' }],
  ...over,
});

describe('outbox messages a strict parser accepts', () => {
  it('encodes only the display name, folds long encoded subjects into words of ≤ 75 and lines of ≤ 78, dates with a numeric zone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bs-mime-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const longSpanish = 'Última hora: el Congreso aprueba la reforma energética tras una sesión de catorce horas; la oposición anuncia que acudirá a la Suprema Corte y los mercados reaccionan con alzas moderadas en Monterrey';
    const longChinese = '北京新闻：'.repeat(80);
    const longUrl = `<https://news.example/u/v1.unsubscribe.123456.7.${'a'.repeat(180)}>`;
    const cases: [OutgoingEmail, { fromName: string; fromAddress: string; to: string; subject: string }][] = [
      [email({ from: 'Periódico El Águila <boletin@noticias.example.mx>', subject: longSpanish }), { fromName: 'Periódico El Águila', fromAddress: 'boletin@noticias.example.mx', to: 'ana@example.com', subject: longSpanish }],
      [email({ subject: longChinese, headers: { 'List-Unsubscribe': longUrl, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }), { fromName: 'The Daily', fromAddress: 'daily@news.example', to: 'ana@example.com', subject: longChinese }],
      [email({ from: 'Diario "La Voz", Edición Norte <voz@news.example>', to: 'user@xn--bcher-kva.example' }), { fromName: 'Diario "La Voz", Edición Norte', fromAddress: 'voz@news.example', to: 'user@xn--bcher-kva.example', subject: 'Hello' }],
      [email({ from: 'O\'Brien, Daily <daily@news.example>', subject: `${'x'.repeat(120)} ${'y'.repeat(120)}` }), { fromName: "O'Brien, Daily", fromAddress: 'daily@news.example', to: 'ana@example.com', subject: `${'x'.repeat(120)} ${'y'.repeat(120)}` }],
    ];
    const outbox = createOutboxTransport({ dir });
    for (const [i, [e]] of cases.entries()) await outbox.sendBatch([e], { idempotencyKey: `k-${i}` });
    const parsed = await strictlyParsed(dir);
    expect(parsed).toHaveLength(cases.length);
    for (const p of parsed) {
      expect(p.problems, p.file).toEqual([]);
      expect(p.dateHasZone).toBe(true);
      expect(p.types).toEqual(['multipart/alternative', 'text/plain', 'text/html']);
    }
    const got = parsed.map((p) => ({ fromName: p.fromName, fromAddress: p.fromAddress, to: p.to, subject: p.subject })).sort((a, b) => a.subject.localeCompare(b.subject));
    expect(got).toEqual(cases.map(([, want]) => want).sort((a, b) => a.subject.localeCompare(b.subject)));
  });

  it('every message of a real send to readers with accented names and IDN addresses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bs-mime-send-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const database = await createTestDatabase('postgres');
    cleanups.push(() => database.dispose());
    const queue = testQueuePrefix();
    cleanups.push(() => queue.cleanup());
    const config = loadConfig({ ...testEnv('http://127.0.0.1:9', queue.prefix), RESEND_API_KEY: '', EMAIL_FROM: 'Periódico El Águila <boletin@noticias.example.mx>' });
    const c = await createContainer(config, { db: database.db, transport: createOutboxTransport({ dir }), logger: silentLogger });
    cleanups.push(() => c.close());
    await createList(c.db, 'daily-digest', 'The Broadsheet Daily');
    const csv = ['email,name', 'ana@example.com,Ána María Ñúñez', 'user@bücher.example,Zoë "Z" O\'Neil', 'li@例子.广告,李小龍', 'long@example.com,' + 'Guadalupe '.repeat(18).trim()].join('\n');
    await importSubscribers(c.db, 'daily-digest', (async function* () {
      yield csv;
    })());
    const edition = await createEdition(c.db, { listSlug: 'daily-digest', content: seedDigest, subject: 'Mañana: la reforma energética, el café de Veracruz y 北京的新闻' });
    const workers = await startWorkers(c);
    cleanups.push(() => workers.close());
    await scheduleEdition(c.db, await c.queue(), edition.id);
    await waitFor(async () => isFinal((await editionProgress(c.db, edition.id)).status), 'the edition to be sent');
    const parsed = await strictlyParsed(dir);
    expect(parsed.map((p) => p.to).sort()).toEqual(['ana@example.com', 'li@xn--fsqu00a.xn--4rr70v', 'long@example.com', 'user@xn--bcher-kva.example'].sort());
    for (const p of parsed) {
      expect(p.problems, p.file).toEqual([]);
      expect(p).toMatchObject({ fromName: 'Periódico El Águila', fromAddress: 'boletin@noticias.example.mx', subject: 'Mañana: la reforma energética, el café de Veracruz y 北京的新闻', dateHasZone: true });
      expect(p.listUnsubscribe).toMatch(/^<https:\/\/letters\.broadsheet\.example\/u\/v1\.unsubscribe\./);
    }
    console.info(`[measure] ${parsed.length} outbox messages of a real send parsed by Python's email package (policy.strict): 0 defects, no line over 998 bytes, no encoded-word over 75 characters`);
  });
});

describe('header encoding, pure', () => {
  it('splits encoded-words at character boundaries, each at most 75 characters', () => {
    const words = encodedWords('ñ'.repeat(100) + '😀'.repeat(30));
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    expect(words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('')).toBe('ñ'.repeat(100) + '😀'.repeat(30));
  });

  it('keeps the address of a mailbox outside any encoding', () => {
    expect(mailbox('Periódico <a@b.example>')).toBe('=?UTF-8?B?UGVyacOzZGljbw==?= <a@b.example>');
    expect(mailbox('Plain Name <a@b.example>')).toBe('Plain Name <a@b.example>');
    expect(mailbox('Smith, John <a@b.example>')).toBe('"Smith, John" <a@b.example>');
    expect(mailbox('a@b.example')).toBe('a@b.example');
    expect(rfc5322Date(new Date('2024-11-25T14:03:09Z'))).toBe('Mon, 25 Nov 2024 14:03:09 +0000');
  });
});
