import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { runCli, runCliProcess, spawnCli } from '../support/cli.ts';
import { seedFeedAt } from '../support/feed-server.ts';
import { TEST_REDIS_URL } from '../support/databases.ts';
import { testQueuePrefix } from '../support/redis-prefix.ts';
import { PATIENCE_MS } from '../support/patience.ts';

/**
 * The `broadsheet` command as other tools use it: command lines run in process
 * (a child process where one matters: the binary itself, signals, a lock held by
 * another process), embedded PGlite in a temporary directory, the outbox
 * transport, real Redis under its own prefix.
 */
let dir: string;
let env: Record<string, string>;
const queue = testQueuePrefix();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'broadsheet-cli-'));
  env = { BROADSHEET_DATA_DIR: join(dir, 'data'), OUTBOX_DIR: join(dir, 'outbox'), REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: queue.prefix };
});
afterAll(async () => {
  await queue.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const json = (stdout: string) => {
  expect(stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(stdout);
};

describe('broadsheet CLI', () => {
  it('migrates idempotently', async () => {
    const first = await runCli(['migrate', '--json'], env);
    expect(first.code).toBe(0);
    expect(json(first.stdout)).toEqual({ applied: ['001_initial', '002_reader_events', '003_erasure', '004_api_tokens', '005_schedules', '006_layouts_and_sponsors', '007_resilience', '008_idn_addresses', '009_lists_and_composer', '010_reader_choice', '011_sections_of_past_editions', '012_clicks', '013_audit', '014_subject_tests', '015_list_health', '016_subscriber_api_and_webhooks', '017_delivery_rollups', '018_lean_reader_indexes', '019_frozen_readers_per_batch', '020_delivery_counts_per_batch'], database: 'pglite' });
    const again = await runCli(['migrate', '--json'], env);
    expect(json(again.stdout)).toEqual({ applied: [], database: 'pglite' });
  });

  it('creates a list and refuses a duplicate with one clear line', async () => {
    expect((await runCli(['lists', 'create', 'daily-digest', '--name', 'The Broadsheet Daily'], env)).code).toBe(0);
    const dup = await runCli(['lists', 'create', 'daily-digest', '--name', 'Again'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe('broadsheet: a list with slug "daily-digest" already exists');
  });

  it('imports readers, reports bad rows by line, and treats any letter case as one reader', async () => {
    const csv = [
      '\ufeffemail,name,tier,timezone,city',
      'ana@example.com,Ana,paid,America/Mexico_City,CDMX',
      'not-an-address,Bad,free,,',
      '"luis@example.com","Luis ""Lucho"" Pérez",free,,"Monterrey, NL"',
      'ANA@Example.com,Ana María,paid,,CDMX',
      'zoe@example.com,Zoë,gold,,',
      'kim@example.com,Kim,free,Mars/Olympus,',
      'sam@example.com,Sam',
      '',
    ].join('\r\n');
    await writeFile(join(dir, 'readers.csv'), csv);
    const r = await runCli(['subscribers', 'import', join(dir, 'readers.csv'), '--list', 'daily-digest', '--json'], env);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual({
      imported: 2,
      updated: 1,
      suppressed: 0,
      rejected: [
        { line: 3, reason: expect.stringMatching(/^email must contain exactly one @/) },
        { line: 6, reason: 'tier must be "free" or "paid" (got "gold")' },
        { line: 7, reason: 'timezone is not an IANA time zone (got "Mars/Olympus")' },
        { line: 8, reason: 'has 2 fields, the header has 5' },
      ],
      notes: [],
    });
  });

  it('exports readers as CSV, erases one for good, and refuses to import them again', async () => {
    await writeFile(join(dir, 'extra.csv'), 'email,name,notes\nzed@example.com,"=HYPERLINK(""x"")","a, b"\n');
    await runCli(['subscribers', 'import', join(dir, 'extra.csv'), '--list', 'daily-digest'], env);
    const exported = await runCli(['subscribers', 'export', '--list', 'daily-digest'], env);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('email,name,tier,timezone,status,suppressed,subscribed_at,unsubscribed_at,attributes');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['ANA@Example.com', 'luis@example.com', 'zed@example.com']);
    expect(lines[3]).toContain(`'=HYPERLINK(""x"")`); // no formula runs when a spreadsheet opens it

    const erased = await runCli(['subscribers', 'erase', 'Zed@Example.com', '--json'], env);
    expect(json(erased.stdout)).toEqual({ erased: true, suppressed: true });
    // A mistyped address is refused, and nothing is written: a fingerprint could never be taken back.
    const typo = await runCli(['subscribers', 'erase', 'zed@exmaple.com'], env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe('broadsheet: no reader has the address zed@exmaple.com, so nothing was erased; check the spelling, or add --force to keep it from ever being imported or mailed\n');
    const forced = await runCli(['subscribers', 'erase', 'zed@exmaple.com', '--force', '--json'], env);
    expect(json(forced.stdout)).toEqual({ erased: false, suppressed: true });
    const after = await runCli(['subscribers', 'export', '--list', 'daily-digest', '--out', join(dir, 'out.csv')], env);
    expect(after.code).toBe(0);
    expect(await readFile(join(dir, 'out.csv'), 'utf8')).not.toContain('zed@');
    const again = await runCli(['subscribers', 'import', join(dir, 'extra.csv'), '--list', 'daily-digest', '--json'], env);
    expect(json(again.stdout)).toEqual({ imported: 0, updated: 0, suppressed: 0, rejected: [{ line: 2, reason: 'this address was erased at its owner’s request and is not imported again' }], notes: [] });
  });

  it('registers webhook endpoints, prints the secret once, names a wrong event, and makes subscriber-API tokens', async () => {
    const bad = await runCli(['webhooks', 'add', 'https://crm.example.com/hooks', '--events', 'subscriber.updated,subscriber.exploded'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(`broadsheet: events.1: must be one of ${['subscriber.created', 'subscriber.confirmed', 'subscriber.updated', 'subscriber.unsubscribed', 'subscriber.suppressed', 'edition.scheduled', 'edition.sent'].join(', ')}`);
    const added = json((await runCli(['webhooks', 'add', 'https://crm.example.com/hooks', '--events', 'all', '--description', 'CRM', '--json'], env)).stdout);
    expect(added).toMatchObject({ id: 1, url: 'https://crm.example.com/hooks', events: expect.arrayContaining(['edition.sent', 'subscriber.suppressed']), secret: expect.stringMatching(/^whsec_/) });
    const listed = json((await runCli(['webhooks', 'ls', '--json'], env)).stdout);
    expect(listed.endpoints).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(added.secret);
    expect((await runCli(['webhooks', 'disable', '1'], env)).stdout.trim()).toBe('endpoint #1: disabled: disabled by an admin');
    expect((await runCli(['webhooks', 'rm', '1'], env)).stdout.trim()).toBe('endpoint #1 removed');
    expect((await runCli(['webhooks', 'rm', '1'], env)).stderr.trim()).toBe('broadsheet: no webhook endpoint 1 (see webhooks ls)');
    const token = json((await runCli(['tokens', 'create', '--name', 'paywall', '--scope', 'subscribers:write', '--json'], env)).stdout);
    expect(token).toMatchObject({ scope: 'subscribers:write', token: expect.stringMatching(/^bs_subscribers-write_[A-Za-z0-9_-]{43}$/) });
  });

  it('rejects a content file naming the article and field, and saves nothing', async () => {
    const bad = { lead: seedDigest.lead, teasers: [seedDigest.teasers[0], { ...seedDigest.teasers[1], headline: '', image: { src: 'javascript:alert(1)', alt: 'x' } }] };
    await writeFile(join(dir, 'bad.json'), JSON.stringify(bad));
    const r = await runCli(['editions', 'create', '--list', 'daily-digest', '--content', join(dir, 'bad.json'), '--json'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('teasers[1].headline: must not be empty');
    expect(r.stderr).toContain('teasers[1].image.src: must be an absolute http(s) URL');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  let editionId: string;
  it('creates, sends, reports and previews an edition', async () => {
    await writeFile(join(dir, 'seed.json'), JSON.stringify(seedDigest));
    const created = await runCli(['editions', 'create', '--list', 'daily-digest', '--content', join(dir, 'seed.json'), '--subject', 'Today: WhatsApp and the cartels', '--json'], env);
    expect(created.code).toBe(0);
    const edition = json(created.stdout);
    expect(edition).toMatchObject({ status: 'draft', subject: 'Today: WhatsApp and the cartels', teasers: 3 });
    editionId = edition.id;

    const sent = await runCli(['editions', 'send', editionId, '--json'], env);
    expect(sent.code).toBe(0);
    expect(json(sent.stdout)).toMatchObject({ id: editionId, status: 'scheduled' });

    // The worker owns the embedded database while it runs; it sends, then stops cleanly on SIGTERM.
    const worker = spawnCli(['worker'], env);
    let logs = '';
    worker.stderr!.on('data', (d) => (logs += d));
    const deadline = Date.now() + PATIENCE_MS;
    while (!logs.includes('"event":"prepare.done"') || !/batch\.submitted/.test(logs)) {
      if (Date.now() > deadline) throw new Error(`worker did not send: ${logs}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // A second process on the same embedded database gets a clear error, and nothing is corrupted.
    const locked = await runCli(['editions', 'status', editionId, '--json'], env);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/^broadsheet: the embedded database .* is in use by process \d+/);
    worker.kill('SIGTERM');
    const exit = await new Promise<number | null>((resolve) => worker.on('close', resolve));
    expect(exit).toBe(0);
    expect(logs).toContain('"event":"worker.stopped"');
    expect(logs).not.toMatch(/@example\.com/); // no addresses in logs

    const status = await runCli(['editions', 'status', editionId, '--json'], env);
    expect(json(status.stdout)).toMatchObject({ id: editionId, status: 'sent', reason: null, recipients: 2, sent: 2, failed: 0, skipped: 0, pending: 0, parkedBatches: 0, etaSeconds: 0, waitingFrom: null });

    const index = (await readFile(join(dir, 'outbox', 'index.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(index.map((e) => e.to).sort()).toEqual(['ANA@Example.com', 'luis@example.com']);
    const emls = (await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'));
    expect(emls).toHaveLength(2);
    const eml = await readFile(join(dir, 'outbox', emls[0]!), 'utf8');
    expect(eml).toMatch(/^List-Unsubscribe: <http:\/\/localhost:3000\/u\/v1\.unsubscribe\.\d+\.1\.[\w-]+>\r$/m);
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);

    const out = join(dir, 'paid.html');
    const preview = await runCli(['editions', 'preview', editionId, '--tier', 'paid', '--out', out], env);
    expect(preview.code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('Narcos&#8217; secret weapon is WhatsApp');
    expect(html).toContain('Start the conversation');
    // The same edition in the other layout, and as plain text, without changing it.
    const grid = await runCli(['editions', 'preview', editionId, '--layout', 'grid', '--out', join(dir, 'grid.html')], env);
    expect(grid.stdout).toMatch(/free reader, grid layout\)$/m);
    expect(await readFile(join(dir, 'grid.html'), 'utf8')).toContain('mj-column-per-50');
    await runCli(['editions', 'preview', editionId, '--text', '--out', join(dir, 'text.txt')], env);
    expect(await readFile(join(dir, 'text.txt'), 'utf8')).toMatch(/^Narcos’ secret weapon is WhatsApp: it is difficult to tap https:/m);
  });

  it('builds a draft from a feed, skipping stories the list already got', async () => {
    const feed = fileURLToPath(new URL('../fixtures/seed-feed.rss', import.meta.url));
    // daily-digest was just sent the seed stories (same URLs): nothing is left for it (but for the undated one, left out here).
    const dated = join(dir, 'dated.rss');
    await writeFile(dated, (await readFile(feed, 'utf8')).replace(/<item>\s*<title>An item with no date[\s\S]*?<\/item>/, ''));
    const none = await runCli(['editions', 'create', '--list', 'daily-digest', '--feed', dated], env);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe('broadsheet: no stories left for a digest: 4 in the feed, 4 already sent to this list in the last 14 days; add --include-sent to take the sent ones');

    await runCli(['lists', 'create', 'evening', '--name', 'The Evening Brief'], env);
    const r = await runCli(['editions', 'create', '--list', 'evening', '--feed', feed, '--lead', 'most-commented', '--json'], env);
    expect(r.code).toBe(0);
    const draft = json(r.stdout);
    expect(draft).toMatchObject({ status: 'draft', lead: 'https://news.broadsheet.example/?p=103', teasers: 4, subject: 'President Sheinbaum: Prime Minister Trudeau supports keeping USMCA intact' });
    // The undated story is dated when the list first sees it, not dropped; the enclosure without alt text is kept and flagged.
    expect(draft.skipped).toEqual([]);
    expect(draft.notes).toEqual([expect.stringMatching(/^1 picture has no alt text \(item 4\): shown as decorative/)]);

    const broken = join(dir, 'broken.rss');
    await writeFile(broken, '<rss><channel>\n<item><title>x</item></channel></rss>');
    const bad = await runCli(['editions', 'create', '--list', 'evening', '--feed', broken], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^broadsheet: .*broken\.rss: not well-formed XML at line 2/);
  });

  it('sets, lists, fires and removes a recurring digest from a feed file', async () => {
    await runCli(['lists', 'create', 'morning', '--name', 'The Morning Brief'], env);
    const feed = join(dir, 'today.rss');
    await writeFile(feed, seedFeedAt(new Date(Date.now() - 3600_000)));
    const bad = await runCli(['schedules', 'set', 'morning', '--at', '7:00', '--tz', 'America/Mexico_City', '--feed', feed], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('broadsheet: --at: must be a 24-hour time such as 07:00');
    const set = await runCli(['schedules', 'set', 'morning', '--at', '07:00', '--tz', 'America/Mexico_City', '--feed', feed, '--approve', '--reader-timezone', '--json'], env);
    expect(set.code).toBe(0);
    expect(json(set.stdout)).toMatchObject({ listSlug: 'morning', at: '07:00', timezone: 'America/Mexico_City', approve: true, readerTimezone: true, feed });
    const run = await runCli(['schedules', 'run', 'morning', '--json'], env);
    expect(json(run.stdout)).toMatchObject({ outcome: 'awaiting-approval' });
    // The same local day again: the same draft, not a second one.
    const again = await runCli(['schedules', 'run', 'morning'], env);
    expect(again.stdout.trim()).toBe(`edition ${json(run.stdout).editionId} waits as a draft for an editor to send`);
    const ls = json((await runCli(['schedules', 'ls', '--json'], env)).stdout);
    expect(ls.schedules).toEqual([expect.objectContaining({ listSlug: 'morning', lastEditionId: json(run.stdout).editionId, lastError: null })]);
    expect((await runCli(['schedules', 'rm', 'morning'], env)).stdout.trim()).toBe('recurring digest of morning removed');
    expect((await runCli(['schedules', 'ls'], env)).stdout.trim()).toBe('no recurring digests');
  });

  it('refuses unknown editions and bad dates with one line and a non-zero exit', async () => {
    const missing = await runCli(['editions', 'status', '00000000-0000-4000-8000-000000000000'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('broadsheet: no edition "00000000-0000-4000-8000-000000000000"');
    const badDate = await runCli(['editions', 'send', editionId, '--at', 'tomorrow'], env);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain("option '--at <ISO-8601>' argument 'tomorrow' is invalid");
    const resent = await runCli(['editions', 'send', editionId], env);
    expect(resent.code).toBe(1);
    expect(resent.stderr.trim()).toMatch(/cannot schedule an edition that is sent/);
  });

  it('settles nothing on an edition with no parked batch, and says so in one line', async () => {
    expect(json((await runCli(['editions', 'parked', editionId, '--json'], env)).stdout)).toEqual({ id: editionId, parked: [] });
    const settle = await runCli(['editions', 'settle', editionId, '--as', 'sent'], env);
    expect(settle.code).toBe(1);
    expect(settle.stderr.trim()).toBe(`broadsheet: edition ${editionId} is sent: only incomplete, sending, paused editions have batches to settle`);
  });

  it('refuses to start a worker whose outbox cannot be written, in one line naming OUTBOX_DIR; other commands do not care', async () => {
    await writeFile(join(dir, 'not-a-dir'), '');
    const broken = { ...env, OUTBOX_DIR: join(dir, 'not-a-dir', 'outbox') };
    const worker = await runCli(['worker'], broken);
    expect(worker.code).toBe(1);
    expect(worker.stderr.trim()).toBe(`broadsheet: cannot write the outbox ${join(dir, 'not-a-dir', 'outbox')} (OUTBOX_DIR): ENOTDIR`);
    const ls = await runCli(['lists', 'ls'], broken);
    expect(ls.code).toBe(0);
  });

  it('names the variable when the configuration is invalid', async () => {
    const r = await runCli(['migrate'], { ...env, RESEND_RPS: 'fast' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('broadsheet: RESEND_RPS: must be a positive number of requests per second (got "fast")');
  });

  it('has the manners of a good command: --version, one-line usage errors with a hint, flags named, times checked as the desk checks them', async () => {
    // The binary itself: its version, and a usage error's exit code and single line.
    const version = await runCliProcess(['--version'], env);
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
    const typo = await runCliProcess(['editions', 'send', editionId, '--att', '2027-01-01T07:00:00Z'], env);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe(`broadsheet: unknown option '--att' (did you mean --at?); see "broadsheet editions send --help"\n`);

    const unknown = await runCli(['editions', 'sned'], env);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: `broadsheet: unknown command 'sned' (did you mean send?); see "broadsheet editions --help"\n` });
    expect((await runCli(['editions', 'send', '--help'], env)).code).toBe(0);

    // A day the calendar does not have is refused, not rolled over into March; a time past is refused, not sent at once.
    const draft = json((await runCli(['editions', 'create', '--list', 'daily-digest', '--content', join(dir, 'seed.json'), '--json'], env)).stdout);
    const feb30 = await runCli(['editions', 'send', draft.id, '--at', '2027-02-30T07:00:00Z'], env);
    expect(feb30.code).toBe(1);
    expect(feb30.stderr.trim().split('\n')).toHaveLength(1);
    expect(feb30.stderr).toContain("option '--at <ISO-8601>' argument '2027-02-30T07:00:00Z' is invalid. must be a real date and time with its offset");
    const past = await runCli(['editions', 'send', draft.id, '--at', '2020-01-01T07:00:00Z'], env);
    expect(past).toEqual({ code: 1, stdout: '', stderr: 'broadsheet: --at: 2020-01-01 07:00 UTC has passed; give no time to send now\n' });
    expect(json((await runCli(['editions', 'status', draft.id, '--json'], env)).stdout).status).toBe('draft');

    // The service's field names come out as the flags the user typed; the database never speaks for itself.
    const sponsor = ['sponsors', 'add', '--list', 'daily-digest', '--name', 'Banco', '--headline', 'Open an account', '--url', 'https://banco.example', '--placement', 'after-lead', '--tag', 'banco'];
    const badDay = await runCli([...sponsor, '--from', '2027-02-30', '--to', '2027-03-05'], env);
    expect(badDay).toEqual({ code: 1, stdout: '', stderr: 'broadsheet: --from: must be a real date, YYYY-MM-DD\n' });
    const backwards = await runCli([...sponsor, '--from', '2027-03-05', '--to', '2027-03-01'], env);
    expect(backwards.stderr).toBe('broadsheet: --to: must not be before --from\n');
    const badPaid = await runCli(['lists', 'update', 'daily-digest', '--paid-url', 'javascript:alert(1)', '--timezone', 'Mars/Olympus'], env);
    expect(badPaid.stderr).toBe('broadsheet: --paid-url: must be an absolute http(s) URL; --timezone: must be an IANA time zone such as America/Mexico_City\n');
    const list = json((await runCli(['lists', 'update', 'daily-digest', '--paid-url', 'https://news.example/suscribete', '--timezone', 'America/Mexico_City', '--json'], env)).stdout);
    expect(list).toMatchObject({ slug: 'daily-digest', paidUrl: 'https://news.example/suscribete', timezone: 'America/Mexico_City', language: 'en' });
    expect(json((await runCli(['lists', 'update', 'daily-digest', '--paid-url', '', '--json'], env)).stdout).paidUrl).toBeNull();
    const hugeId = await runCli(['sponsors', 'rm', '99999999999'], env);
    expect(hugeId.code).toBe(1);
    expect(hugeId.stderr).toMatch(/^broadsheet: command-argument value '99999999999' is invalid for argument 'id'\. must be a whole number 1\.\.2147483647; see "broadsheet sponsors rm --help"\n$/);
    const badTeasers = await runCli(['editions', 'create', '--list', 'daily-digest', '--feed', 'x.rss', '--teasers', 'lots'], env);
    expect(badTeasers.stderr).toMatch(/^broadsheet: option '--teasers <n>' argument 'lots' is invalid\. must be a whole number 0\.\.30; see "broadsheet editions create --help"\n$/);
  });
});
