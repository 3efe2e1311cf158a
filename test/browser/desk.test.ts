import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/security/api-tokens.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { generateSubscriberCsv } from '../../scripts/generate-subscribers.ts';
import { runCli, spawnCli } from '../support/cli.ts';
import { TEST_REDIS_URL } from '../support/databases.ts';
import { testQueuePrefix } from '../support/redis-prefix.ts';
import { artifactDir, launchChromium, loopbackOnly } from '../support/browser.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { createTestStack, holdingQueue, waitFor, type TestStack } from '../support/test-stack.ts';
import { createEdition, editionProgress } from '../../src/editions/edition-service.ts';
import { prepareEdition } from '../../src/delivery/prepare-edition.ts';
import { requeueEdition } from '../../src/delivery/reconcile.ts';
import { silentLogger } from '../../src/logger.ts';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';

let stack: TestStack;
let server: RunningServer;
let feeds: Awaited<ReturnType<typeof startFeedServer>>;
let browser: Browser;
const shots = artifactDir('desk');
/** The preview toolbar's links, scrolled into view first: the tall preview frame below them moves the page. */
async function previewLink(page: Page, name: string) {
  const link = page.locator('.toolbar').getByRole('link', { name, exact: true });
  await link.scrollIntoViewIfNeeded();
  await Promise.all([page.waitForEvent('framenavigated'), link.click()]);
}
const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: join(shots, `${name}.png`), fullPage });

beforeAll(async () => {
  // A slow provider (2 requests/s, batches of 5) so the editor sees the send in progress.
  stack = await createTestStack('postgres', { env: { RESEND_RPS: '2', BATCH_SIZE: '5' } });
  feeds = await startFeedServer();
  await createList(stack.container.db, 'daily-digest', 'The Broadsheet Daily');
  await importSubscribers(stack.container.db, 'daily-digest', generateSubscriberCsv(40));
  await stack.workers();
  server = await startServer(stack.container, 0, '127.0.0.1');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stack?.dispose();
  await feeds?.stop();
});

describe('the editors’ desk in Chromium', () => {
  it('an editor signs in, builds an edition from the feed, arranges it, previews it on a phone, test-sends, schedules and watches it finish', async () => {
    const { db } = stack.container;
    const { token } = await createApiToken(db, 'Ana (night desk)', 'admin');
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loopbackOnly(page);
    page.on('dialog', (d) => void d.accept());

    // Sign in: a bad token is refused, the real one lands on the desk.
    await page.goto(`${server.url}/desk`);
    expect(page.url()).toContain('/desk/login?next=%2Fdesk');
    await page.fill('input[name=token]', 'bs_editor_' + 'x'.repeat(43));
    await page.click('button:has-text("Sign in")');
    await expect(page.locator('.flash.error').textContent()).resolves.toContain('not valid');
    await shot(page, '01-sign-in-refused');
    await page.fill('input[name=token]', token);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(`${server.url}/desk`);
    expect(await page.locator('.who').textContent()).toBe('Ana (night desk) (admin)');

    // Build a draft from the newsroom's feed (made from the seed page).
    await page.fill('input[name=feed]', feeds.feedUrl);
    await page.fill('input[name=teasers]', '2');
    await page.click('button:has-text("Build draft")');
    await page.waitForURL(/\/desk\/editions\/[0-9a-f-]{36}$/);
    const editionId = page.url().split('/').pop()!;
    await expect(page.locator('.flash.ok').textContent()).resolves.toMatch(/Draft built: a lead and 2 teasers/);
    await shot(page, '02-draft-from-feed');

    // Arrange: move the second teaser up, add a third story from the feed, change the subject and note.
    const teaserRows = () => page.locator('tr.teaser strong').allTextContents();
    const before = await teaserRows();
    expect(before).toHaveLength(2);
    await page.locator('tr.teaser').nth(1).locator('button[aria-label^="move"][aria-label$="up"]').click();
    await page.waitForLoadState('load');
    expect(await teaserRows()).toEqual([before[1], before[0]]);
    const spare = page.locator('tr.spare').first();
    const spareHeadline = await spare.locator('strong').textContent();
    await spare.locator('input[type=checkbox]').check();
    await spare.locator('input.order').fill('3');
    await page.fill('input[name=subject]', 'Wednesday: ports, politics and the pesos');
    await page.fill('textarea[name=note]', 'Good morning from the night desk. <script>alert(1)</script>');
    await page.selectOption('select[name=layout]', 'grid');
    await page.click('button:has-text("Save draft")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Draft saved.');
    expect(await teaserRows()).toEqual([before[1], before[0], spareHeadline]);

    // Preview as a paid reader on a phone, then as plain text.
    await previewLink(page, 'Phone 375');
    await page.waitForURL(/w=375&tier=free/);
    await previewLink(page, 'Paid');
    await page.waitForURL(/w=375&tier=paid/);
    const frame = page.frameLocator('iframe.preview');
    await expect(frame.locator('body').textContent()).resolves.toContain('Good morning from the night desk. <script>alert(1)</script>');
    expect((await page.locator('iframe.preview').boundingBox())!.width).toBe(375);
    // The grid layout's cards, stacked at this width.
    expect(await frame.locator('.mj-column-per-50').count()).toBeGreaterThan(0);
    await expect(page.locator('.crumbs').textContent()).resolves.toContain('grid layout');
    await shot(page, '03-preview-phone-paid');
    await page.locator('iframe.preview').screenshot({ path: join(shots, '04-phone-frame-paid.png') });
    await previewLink(page, 'Plain text');
    await page.waitForURL(/w=text&tier=paid/);
    await expect(frame.locator('pre').textContent()).resolves.toContain('Good morning from the night desk. <script>alert(1)</script>');
    await previewLink(page, 'Desktop 600');
    await page.waitForURL(/w=600&tier=paid/);
    await previewLink(page, 'Free');
    await page.waitForURL(/w=600&tier=free/);
    await page.locator('iframe.preview').screenshot({ path: join(shots, '05-desktop-frame-free.png') });

    // A test send to the desk.
    await page.fill('input[name=to]', 'ana@newsroom.example');
    await page.selectOption('select[name=tier]', 'paid');
    await page.click('button:has-text("Send test")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Test sent to ana@newsroom.example as a paid reader.');
    expect(stack.resend.accepted.map((e) => e.subject)).toEqual(['[TEST paid] Wednesday: ports, politics and the pesos']);

    // Schedule for later (first in a zone that does not exist), think better of it, then send now and watch it go out.
    await page.check('input[name=when][value=at]');
    const later = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 16);
    await page.fill('input[name=at]', later);
    await page.fill('input[name=timezone]', 'Mars/Olympus');
    await page.click('button:has-text("Schedule")');
    await expect(page.locator('.flash.error').textContent()).resolves.toBe('time zone: unknown zone "Mars/Olympus"');
    expect(await page.locator('input[name=at]').inputValue()).toBe(later);
    expect(await page.locator('input[name=when][value=at]').isChecked()).toBe(true);
    await page.fill('input[name=timezone]', 'UTC');
    await page.click('button:has-text("Schedule")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe(`Scheduled for ${later.replace('T', ' ')} UTC.`);
    await expect(page.locator('h1 .status').textContent()).resolves.toBe('scheduled');
    await shot(page, '06-scheduled');
    await page.click('button:has-text("Unschedule")');
    await expect(page.locator('h1 .status').textContent()).resolves.toBe('draft');
    await page.check('input[name=when][value=now]');
    await page.click('button:has-text("Schedule")');
    // The page follows the send by itself (desk.js polls progress and reloads on a new status).
    await page.locator('#progress[data-status="sending"]').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-field=sent]')?.textContent) > 0, undefined, { timeout: 20_000 });
    await shot(page, '07-sending-live');
    await page.locator('h1 .status:text("sent")').waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-field=sent]').textContent()).resolves.toBe('40');
    await expect(page.locator('[data-field=eta]').textContent()).resolves.toBe('done');
    await shot(page, '08-sent');
    expect(stack.resend.accepted).toHaveLength(41);
    expect(new Set(stack.resend.accepted.flatMap((e) => e.to)).size).toBe(41);

    // A recurring digest for the list, set and stopped from the Schedules page.
    await page.click('nav a:has-text("Schedules")');
    await page.fill('input[name=at]', '06:30');
    await page.fill('input[name=timezone]', 'America/Mexico_City');
    await page.fill('input[name=feed]', feeds.feedUrl);
    await page.check('input[name=readerTimezone]');
    await page.click('button:has-text("Set schedule")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe("daily-digest: every day at 06:30 America/Mexico_City, delivered at that hour in each reader's time zone, sent automatically.");
    await shot(page, '09-schedules');
    await page.click('button:has-text("Stop this schedule")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Schedule stopped.');

    // A sponsor booked from the desk; a clashing booking is refused with the reason.
    await page.click('nav a:has-text("Sponsors")');
    const book = async (tag: string) => {
      await page.fill('input[name=name]', 'Banco Ejemplo');
      await page.fill('input[name=headline]', 'Send money home free of charge');
      await page.fill('input[name=url]', 'https://sponsor.example/remesas');
      await page.fill('input[name=startsOn]', '2026-12-01');
      await page.fill('input[name=endsOn]', '2026-12-31');
      await page.selectOption('select[name=placement]', 'after-teaser-1');
      await page.fill('input[name=tag]', tag);
      await page.click('button:has-text("Book sponsor")');
    };
    await book('banco-dic');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Banco Ejemplo booked after-teaser-1 from 2026-12-01 to 2026-12-31.');
    await book('banco-dic-2');
    await expect(page.locator('.flash.error').textContent()).resolves.toMatch(/^after-teaser-1 is taken from 2026-12-01 to 2026-12-31 by sponsor #\d+ \(Banco Ejemplo\)/);
    // The refused form comes back as it was typed.
    expect(await page.locator('input[name=tag]').inputValue()).toBe('banco-dic-2');
    expect(await page.locator('select[name=placement]').inputValue()).toBe('after-teaser-1');
    await shot(page, '10-sponsors');

    // The edition is listed as sent; the queues are on Bull Board for an admin.
    await page.click('nav a:has-text("Editions")');
    await expect(page.locator(`a[href="/desk/editions/${editionId}"]`).textContent()).resolves.toBe('Wednesday: ports, politics and the pesos');
    await page.click('nav a:has-text("Queues")');
    await page.locator('text=send-batch').first().waitFor({ timeout: 15_000 });
    await shot(page, '11-bull-board', false);

    await page.goto(`${server.url}/desk`);
    await page.click('button:has-text("Sign out")');
    await page.waitForURL(/\/desk\/login/);
    await page.goto(`${server.url}/desk`);
    expect(page.url()).toContain('/desk/login');
    await page.close();
  });

  it('works the same on a clean data directory under `broadsheet start` (PGlite, outbox, workers in the process)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'broadsheet-start-'));
    const queue = testQueuePrefix();
    const env = { BROADSHEET_DATA_DIR: join(dir, 'data'), OUTBOX_DIR: join(dir, 'outbox'), REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: queue.prefix };
    const cli = (...args: string[]) => runCli(args, env);
    await cli('migrate');
    await cli('lists', 'create', 'daily-digest', '--name', 'The Broadsheet Daily');
    await writeFile(join(dir, 'readers.csv'), 'email,name,tier\nana@example.com,Ana,paid\nbeto@example.com,Beto,free\nc@example.com,,free\n');
    await cli('subscribers', 'import', join(dir, 'readers.csv'), '--list', 'daily-digest');
    const { token } = JSON.parse((await cli('tokens', 'create', '--name', 'Ana', '--scope', 'editor', '--json')).stdout);
    // From another directory, as an installed command would run.
    const child = spawnCli(['start', '--port', '0'], env, dir);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d) => {
          out += d;
          const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`start exited ${code}`)));
      });
      const page = await browser.newPage();
      await loopbackOnly(page);
      await page.goto(`${url}/desk`);
      await page.fill('input[name=token]', token);
      await page.click('button:has-text("Sign in")');
      await page.fill('input[name=feed]', feeds.feedUrl);
      await page.click('button:has-text("Build draft")');
      await page.waitForURL(/\/desk\/editions\/[0-9a-f-]{36}$/);
      await expect(page.frameLocator('iframe.preview').locator('body').textContent()).resolves.toContain('The Broadsheet Daily');
      await page.click('button:has-text("Schedule")');
      await page.locator('h1 .status:text("sent")').waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-field=sent]').textContent()).toBe('3');
      await page.close();
      const index = (await readFile(join(dir, 'outbox', 'index.jsonl'), 'utf8')).trim().split('\n');
      expect(index).toHaveLength(3);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await queue.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an operator settles an edition that ended incomplete; an editor describes a picture the feed gave no alt text', async () => {
    const { db } = stack.container;
    const { token } = await createApiToken(db, 'Rafa (ops)', 'editor');
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loopbackOnly(page);
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${server.url}/desk/login`);
    await page.fill('input[name=token]', token);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(`${server.url}/desk`);

    // Two batches were claimed a day ago by a worker that died: the rest go out, the edition ends incomplete.
    const edition = await createEdition(db, { listSlug: 'daily-digest', content: seedDigest, subject: 'Thursday: an edition with parked batches' });
    await db.query(`update editions set status = 'scheduled', send_at = now() where id = $1`, [edition.id]);
    await prepareEdition({ db, queue: holdingQueue(), render: stack.container.render, logger: silentLogger }, edition.id);
    await db.query(
      `update batches set status = 'submitting', attempts = 1, frozen_at = now(), first_attempt_at = now() - interval '25 hours'
        where id in (select id from batches where edition_id = $1 order by seq limit 2)`,
      [edition.id],
    );
    await requeueEdition(db, await stack.container.queue(), { id: edition.id, status: 'sending', sendAt: null });
    await waitFor(async () => (await editionProgress(db, edition.id)).status === 'incomplete', 60_000, 'the edition to end incomplete');
    await page.goto(`${server.url}/desk/editions/${edition.id}`);
    await expect(page.locator('h1 .status').textContent()).resolves.toBe('incomplete');
    await expect(page.locator('#parked h2').textContent()).resolves.toBe('Held for you: 2 parked batches');
    await shot(page, '15-incomplete-parked');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await loopbackOnly(phone);
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(page.url());
    await phone.locator('#parked').screenshot({ path: join(shots, '16-incomplete-parked-phone.png') });
    await phone.close();

    // The provider's logs show the first went out and the second did not.
    await page.locator('#parked tbody tr').first().getByRole('button', { name: 'It went out' }).click();
    await expect(page.locator('.flash.ok').textContent()).resolves.toMatch(/^Marked \d+ readers as sent\.$/);
    await page.locator('#parked tbody tr').first().getByRole('button', { name: 'It did not: resend' }).click();
    await expect(page.locator('.flash.ok').textContent()).resolves.toMatch(/^\d+ readers go out again in \d+ new batch\(es\)\.$/);
    await waitFor(async () => (await editionProgress(db, edition.id)).status === 'sent', 60_000, 'the edition to be sent');
    await page.reload();
    await expect(page.locator('h1 .status').textContent()).resolves.toBe('sent');
    expect(await page.locator('#parked').count()).toBe(0);
    await page.frameLocator('iframe.preview').locator('h1').waitFor();
    await shot(page, '17-settled-sent');

    // A WordPress feed: its enclosure has no alt text. The desk asks for one, and the saved draft carries it.
    feeds.set(
      '/wordpress.rss',
      200,
      `<?xml version="1.0"?><rss version="2.0"><channel><title>WP</title><link>https://news.broadsheet.example/</link>
       <item><title>Caf&eacute; de Veracruz gana premio</title><link>https://news.broadsheet.example/cafe</link><pubDate>${new Date().toUTCString()}</pubDate>
       <enclosure url="https://images.broadsheet.example/cafe.jpg" type="image/jpeg" length="1"/></item></channel></rss>`,
    );
    await page.goto(`${server.url}/desk`);
    await page.fill('input[name=feed]', `${feeds.url}/wordpress.rss`);
    await page.click('button:has-text("Build draft")');
    await page.waitForURL(/\/desk\/editions\/[0-9a-f-]{36}$/);
    const draftId = page.url().split('/').pop()!;
    const describe = page.locator('label.alt-missing');
    await expect(describe.textContent()).resolves.toContain('The feed gave this picture no alt text');
    await shot(page, '18-picture-without-alt');
    await describe.locator('input').fill('Manos de una productora seleccionan granos de café');
    await page.click('button:has-text("Save draft")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Draft saved.');
    expect(await page.locator('label.alt-missing').count()).toBe(0);
    const [saved] = await db.query<{ image: unknown }>(`select content->'lead'->'image' as image from editions where id = $1`, [draftId]);
    expect(saved!.image).toEqual({ src: 'https://images.broadsheet.example/cafe.jpg', alt: 'Manos de una productora seleccionan granos de café' });
    await expect(page.frameLocator('iframe.preview').locator('img[src="https://images.broadsheet.example/cafe.jpg"]').getAttribute('alt')).resolves.toBe(
      'Manos de una productora seleccionan granos de café',
    );
    await page.close();
  });

  it('refuses forged forms, cross-site posts, editors on Bull Board and revoked sessions', async () => {
    const { db } = stack.container;
    const editor = await createApiToken(db, 'Beto', 'editor');
    const context = await browser.newContext();
    const page = await context.newPage();
    await loopbackOnly(page);
    await page.goto(`${server.url}/desk/login`);
    await page.fill('input[name=token]', editor.token);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(`${server.url}/desk`);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'bs_desk')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/desk' });
    expect(session.value).not.toContain(editor.token.slice(10));

    const cookie = `bs_desk=${session.value}`;
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    expect((await post('/desk/editions', 'list=daily-digest&feed=x')).status).toBe(403); // no CSRF value
    expect((await post('/desk/editions', '_csrf=' + 'A'.repeat(43))).status).toBe(403);
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    expect((await post('/desk/editions', `_csrf=${csrf}&list=daily-digest&feed=http://x`, { origin: 'https://evil.example' })).status).toBe(403);

    // Another site cannot sign a browser in with its own token: sign-in needs its own form's value.
    const forgedLogin = await fetch(`${server.url}/desk/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${editor.token}` });
    expect(forgedLogin.status).toBe(403);
    expect(forgedLogin.headers.get('set-cookie') ?? '').not.toContain('bs_desk=');

    // Editors do not get the queue dashboard.
    const board = await page.goto(`${server.url}/desk/queues`);
    expect(board!.status()).toBe(403);
    expect(await page.locator('nav a:has-text("Queues")').count()).toBe(0);

    // Revoking the token ends the session at the next request.
    await db.query(`update api_tokens set revoked_at = now() where id = $1`, [editor.id]);
    await page.goto(`${server.url}/desk`);
    expect(page.url()).toContain('/desk/login');
    await context.close();
  });
});
