import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { seedDigest, seedEditionContentEs } from '../../emails/_fixtures/seed-digest.ts';
import { prepareEdition } from '../../src/delivery/prepare-edition.ts';
import { requeueEdition } from '../../src/delivery/reconcile.ts';
import { createEdition, editionProgress, getEdition, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { recordClick } from '../../src/webhooks/click-store.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { silentLogger } from '../../src/logger.ts';
import { parseFeed } from '../../src/content/feed.ts';
import { createApiToken } from '../../src/security/api-tokens.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { generateSubscriberCsv } from '../../src/cli/demo-readers.ts';
import { axeLedger, axeViolations } from '../support/axe.ts';
import { artifactDir, launchChromium, loopbackOnly } from '../support/browser.ts';
import { runCli, spawnCli } from '../support/cli.ts';
import { TEST_REDIS_URL } from '../support/databases.ts';
import { seedFeedAt, startFeedServer } from '../support/feed-server.ts';
import { testQueuePrefix } from '../support/redis-prefix.ts';
import { PATIENCE_MS } from '../support/patience.ts';
import { createTestStack, holdingQueue, TEST_PUBLIC_URL, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let server: RunningServer;
let feeds: Awaited<ReturnType<typeof startFeedServer>>;
let browser: Browser;
const shots = artifactDir('desk');
const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: join(shots, `${name}.png`), fullPage });

/** A story page as a newsroom's CMS publishes it: Open Graph, article: tags and NewsArticle JSON-LD. */
const STORY_PAGE = `<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>Lluvias en Oaxaca | Broadsheet News</title>
<meta property="og:title" content="Heavy rains cut roads to Oaxaca's coast">
<meta property="og:description" content="Landslides closed Highway 175 overnight; the state asks drivers to wait.">
<meta property="og:image" content="/img/oaxaca-rain.jpg"><meta property="og:image:alt" content="A bulldozer clears mud from a mountain road">
<meta property="article:section" content="Weather"><meta property="article:published_time" content="2026-11-30T06:10:00-06:00">
<link rel="canonical" href="https://news.broadsheet.example/weather/oaxaca-rains/">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Broadsheet News"},{"@type":"NewsArticle","headline":"Heavy rains cut roads to Oaxaca’s coast","commentCount":7,"isAccessibleForFree":true}]}</script>
</head><body><h1>Heavy rains</h1></body></html>`;

beforeAll(async () => {
  // A slow provider (2 requests/s, batches of 5) so the editor sees the send in progress.
  stack = await createTestStack('postgres', { env: { RESEND_RPS: '2', BATCH_SIZE: '5' } });
  feeds = await startFeedServer();
  feeds.set('/weather/oaxaca-rains/', 200, STORY_PAGE, { 'content-type': 'text/html; charset=utf-8' });
  await createList(stack.container.db, 'daily-digest', 'The Broadsheet Daily', { timezone: 'America/Mexico_City' });
  await importSubscribers(stack.container.db, 'daily-digest', generateSubscriberCsv(40));
  await stack.workers();
  server = await startServer(stack.container, 0, '127.0.0.1');
  browser = await launchChromium();
});
afterAll(async () => {
  // What axe-core found across the run: every desk page the tests opened.
  console.log(`[measure] axe-core: ${axeLedger.pages.length} desk page views checked (${new Set(axeLedger.pages).size} distinct), ${axeLedger.findings.length} serious or critical violations`);
  await browser?.close();
  await server?.close();
  await stack?.dispose();
  await feeds?.stop();
});

/** A browser context for the desk: axe needs to run inside the page, which the desk's CSP rightly forbids to any other script. */
async function deskContext(opts: { width?: number; scheme?: 'light' | 'dark'; js?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1400, height: 900 }, colorScheme: opts.scheme ?? 'light', bypassCSP: true, javaScriptEnabled: opts.js ?? true });
  // Waiting for the page is patience, not a speed test (see PATIENCE_MS).
  context.setDefaultTimeout(PATIENCE_MS);
  return context;
}

async function signIn(context: BrowserContext, token: string, base = server.url): Promise<Page> {
  const page = await context.newPage();
  await loopbackOnly(page);
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${base}/desk/login`);
  await page.fill('input[name=token]', token);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL(`${base}/desk`);
  return page;
}

const accessible = async (page: Page, what: string) => expect(await axeViolations(page, what), what).toEqual([]);

/** The stories in the edition, as the composer shows them: lead first. */
const lineup = (page: Page) => page.locator('#lineup li.story .headline').allTextContents();
/** The stories of the preview, in reading order (the lead is an h2, teasers h3). */
const previewStories = (page: Page) =>
  page
    .frameLocator('#preview-frame')
    .locator('h2, h3')
    .allTextContents()
    // The frame may be between two previews: nothing to read yet.
    .catch(() => [] as string[]);

describe('the editors’ desk in Chromium', () => {
  it('an editor composes with the mouse: drags a story, sees the preview follow before saving, adds stories by link and by hand, saves without a reload, reviews and sends', async () => {
    const { db } = stack.container;
    const { token } = await createApiToken(db, 'Ana (night desk)', 'admin');
    const context = await deskContext();
    const page = await context.newPage();
    await loopbackOnly(page);
    page.on('dialog', (d) => void d.accept());

    // Sign in: a bad token is refused, the real one lands on the desk.
    await page.goto(`${server.url}/desk`);
    expect(page.url()).toContain('/desk/login?next=%2Fdesk');
    await accessible(page, 'sign in');
    await page.fill('input[name=token]', 'bs_editor_' + 'x'.repeat(43));
    await page.click('button:has-text("Sign in")');
    await expect(page.locator('.flash.error').textContent()).resolves.toContain('not valid');
    await page.fill('input[name=token]', token);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(`${server.url}/desk`);
    await accessible(page, 'editions');

    // A draft from the newsroom's feed.
    await page.fill('input[name=feed]', feeds.feedUrl);
    await page.fill('input[name=teasers]', '2');
    await page.click('button:has-text("Build draft")');
    await page.waitForURL(/\/desk\/editions\/[0-9a-f-]{36}$/);
    const editionId = page.url().split('/').pop()!;
    await expect(page.locator('.flash.ok').textContent()).resolves.toMatch(/Draft built: a lead and 2 teasers/);
    await page.frameLocator('#preview-frame').locator('h1').waitFor();
    await accessible(page, 'composer');
    await shot(page, '02-composer');
    // Nothing below reloads the page: this mark would be lost if it did.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const stayed = () => page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true);

    // Drag the second teaser above the first, by its handle.
    const [lead, first, second] = await lineup(page);
    const card = page.locator('#lineup li.story').nth(2);
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const from = (await card.locator('.handle').boundingBox())!;
    const to = (await page.locator('#lineup li.story').nth(1).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 10 });
    await page.mouse.up();
    expect(await lineup(page)).toEqual([lead, second, first]);
    // The preview follows within a second, before anything is saved.
    const dragged = Date.now();
    await waitFor(async () => JSON.stringify((await previewStories(page)).slice(0, 3)) === JSON.stringify([lead, second, first]), 'the preview to follow the drag');
    console.log(`[measure] live preview followed a drag in ${Date.now() - dragged} ms`);
    expect((await getEdition(db, editionId)).content.teasers.map((t) => t.headline)).toEqual([first, second]);
    await expect(page.locator('#save-state').textContent()).resolves.toBe('Unsaved changes');

    // A new lead: the subject, which follows the lead, follows it (before saving too).
    const spare = page.locator('#pool li.story').first();
    const spareHeadline = (await spare.locator('.headline').textContent())!;
    await spare.getByLabel('Lead').check();
    expect((await lineup(page))[0]).toBe(spareHeadline);
    await expect.poll(() => page.inputValue('#compose-subject'), { timeout: PATIENCE_MS }).toBe(spareHeadline);
    await expect.poll(async () => (await previewStories(page))[0], { timeout: PATIENCE_MS }).toBe(spareHeadline);

    // An empty subject is refused beside the field, and the preview keeps the last good version.
    await page.fill('#compose-subject', '');
    await expect(page.locator('#compose-subject + .field-error, .field-error[data-live]').first().textContent()).resolves.toBe('subject: must be 1..300 characters');
    expect(await page.getAttribute('#compose-subject', 'aria-invalid')).toBe('true');
    await shot(page, '03-composer-error-beside-field');
    await page.fill('#compose-subject', 'Wednesday: rain, ports and politics');
    await expect.poll(() => page.locator('[data-note=subject]').textContent(), { timeout: PATIENCE_MS }).toContain('Written by you.');
    expect(await page.locator('.field-error').count()).toBe(0);

    // A story from its page (Open Graph and JSON-LD), and one typed by hand: both land in "more stories", no reload.
    await page.fill('#story-url-url', `${feeds.url}/weather/oaxaca-rains/`);
    await page.click('#add-story button:has-text("Add")');
    await expect(page.locator('#add-story .flash.ok').textContent()).resolves.toBe('Added “Heavy rains cut roads to Oaxaca’s coast” to more stories.');
    const added = page.locator('#pool li.story').first();
    await expect(added.locator('.headline').textContent()).resolves.toBe('Heavy rains cut roads to Oaxaca’s coast');
    await expect(added.locator('.facts').textContent()).resolves.toContain('Weather');
    await expect(added.locator('.facts').textContent()).resolves.toContain('7 comments');
    await page.click('summary:has-text("Write one by hand")');
    await page.fill('#story-hand-headline', 'Editor’s pick: the best tacos al pastor in Mexico City');
    await page.fill('#story-hand-url', 'https://news.broadsheet.example/food/tacos-al-pastor/');
    await page.fill('#story-hand-dek', 'Our critics ate at 40 taquerías so you would not have to.');
    await page.click('#add-story button:has-text("Add story")');
    await expect.poll(() => page.locator('#pool li.story').first().locator('.headline').textContent(), { timeout: PATIENCE_MS }).toBe('Editor’s pick: the best tacos al pastor in Mexico City');

    // A feed file: its stories join "more stories" too (those already there are not added twice).
    await page.click('summary:has-text("From a feed file")');
    await page.setInputFiles('#story-feed-file', { name: 'today.rss', mimeType: 'application/rss+xml', buffer: Buffer.from(seedFeedAt(new Date())) });
    await page.click('#add-story button:has-text("Add its stories")');
    await expect.poll(() => page.locator('#add-story .flash.ok').last().textContent(), { timeout: PATIENCE_MS }).toMatch(/^Added 0 of the feed's 5 stories to more stories \(5 were there already/);

    // Add both as teasers, the rain story first; save; the page never reloaded.
    await page.locator('#pool li.story', { hasText: 'Heavy rains' }).getByLabel('Teaser').check();
    await page.locator('#pool li.story', { hasText: 'tacos al pastor' }).getByLabel('Teaser').check();
    await page.fill('#compose-note', 'Good morning from the night desk. <script>alert(1)</script>');
    await page.selectOption('#compose-layout', 'grid');
    await page.click('button:has-text("Save draft")');
    await expect.poll(() => page.locator('#save-state').textContent(), { timeout: PATIENCE_MS }).toMatch(/^Saved at /);
    expect(await stayed()).toBe(true);
    const saved = await getEdition(db, editionId);
    expect(saved.subject).toBe('Wednesday: rain, ports and politics');
    expect(saved.content.lead.headline).toBe(spareHeadline);
    expect(saved.content.teasers.slice(-2).map((t) => t.headline)).toEqual(['Heavy rains cut roads to Oaxaca’s coast', 'Editor’s pick: the best tacos al pastor in Mexico City']);
    expect(saved.layout).toBe('grid');

    // The preview as a paid reader on a phone, then as plain text: the note is text, never markup.
    await page.locator('#preview .toolbar a:has-text("Phone 375")').click();
    await page.locator('#preview .toolbar a:has-text("Paid")').click();
    const frame = page.frameLocator('#preview-frame');
    await expect.poll(async () => (await page.locator('#preview-frame').boundingBox())!.width, { timeout: PATIENCE_MS }).toBe(375);
    await expect(frame.locator('body').textContent()).resolves.toContain('Good morning from the night desk. <script>alert(1)</script>');
    await page.locator('#preview .toolbar a:has-text("Plain text")').click();
    await expect.poll(() => frame.locator('pre').count(), { timeout: PATIENCE_MS }).toBe(1);
    await page.locator('#preview .toolbar a:has-text("Desktop 600")').click();
    expect(await stayed()).toBe(true);

    // A test to the desk, then the review: nothing has gone to readers yet.
    await page.fill('#test-send-to', 'nope');
    await page.click('button:has-text("Send test")');
    await expect(page.locator('#test-send-to-error, .field-error').first().textContent()).resolves.toBe('to: "nope" must contain exactly one @ with text before it');
    expect(await page.inputValue('#test-send-to')).toBe('nope');
    await page.fill('#test-send-to', 'ana@newsroom.example');
    await page.selectOption('#test-send-tier', 'paid');
    await page.click('button:has-text("Send test")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Test sent to ana@newsroom.example as a paid reader.');
    expect(stack.resend.accepted.map((e) => e.subject)).toEqual(['[TEST paid] Wednesday: rain, ports and politics']);

    // Later, at a time in the list's zone: the review shows the checks, the audience and the time three ways.
    await page.check('input[name=when][value=at]');
    const later = new Date(Date.now() + 3 * 3600_000);
    const mexico = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Mexico_City', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(later).replace(' ', 'T');
    await page.fill('input[name=at]', mexico);
    expect(await page.inputValue('#send-timezone')).toBe('America/Mexico_City');
    await page.click('button:has-text("Review…")');
    await page.waitForURL(/\/review\?/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Review before sending');
    expect(await page.locator('.check.fail').count()).toBe(0);
    await expect(page.locator('.checklist').first().textContent()).resolves.toContain('Alt text on every picture');
    await expect(page.locator('#audience-title + .lede').textContent()).resolves.toBe('40 readers on The Broadsheet Daily');
    await expect(page.locator('.times').textContent()).resolves.toContain('America/Mexico_City');
    await expect(page.locator('.times').textContent()).resolves.toContain('UTC');
    const button = page.locator('.confirm button[type=submit]');
    await expect(button.textContent()).resolves.toBe('Schedule for 40 readers of The Broadsheet Daily');
    await accessible(page, 'review');
    await shot(page, '05-review');
    await button.click();
    await page.waitForURL(`${server.url}/desk/editions/${editionId}`);
    // Scheduled: the expected audience and when it starts, not "0 recipients, done".
    await expect(page.locator('#progress h2').textContent()).resolves.toBe('Scheduled');
    await expect(page.locator('#progress').textContent()).resolves.toContain('Expected readers40');
    await expect(page.locator('#progress .lede').textContent()).resolves.toMatch(/^Starts .+ \(America\/Mexico_City, in (2 h 5\d min|3 h)\)/);
    await accessible(page, 'scheduled edition');
    await shot(page, '06-scheduled');
    expect(stack.resend.accepted).toHaveLength(1);

    // Think better of it: back to a draft, and send now.
    await page.click('button:has-text("Unschedule")');
    await expect(page.locator('.title-row .status').textContent()).resolves.toBe('draft');
    await page.check('input[name=when][value=now]');
    await page.click('button:has-text("Review…")');
    await page.locator('.confirm button:has-text("Send now to 40 readers of The Broadsheet Daily")').click();
    // The page follows the send by itself (desk.js polls progress and redraws on a new status).
    await page.locator('#progress[data-status="sending"]').waitFor({ timeout: PATIENCE_MS });
    await page.waitForFunction(() => Number(document.querySelector('[data-field=sent]')?.textContent) > 0, undefined, { timeout: PATIENCE_MS });
    await accessible(page, 'sending edition');
    await shot(page, '07-sending-live');
    await page.locator('.title-row .status:text("sent")').waitFor({ timeout: PATIENCE_MS });
    await expect(page.locator('[data-field=sent]').textContent()).resolves.toBe('40');
    // Finished: the figures are frozen. The average rate does not fall as time passes.
    const rate = await page.locator('[data-field=ratePerSecond]').textContent();
    await new Promise((r) => setTimeout(r, 2_100));
    await page.reload();
    await expect(page.locator('[data-field=ratePerSecond]').textContent()).resolves.toBe(rate);
    await expect(page.locator('#progress').textContent()).resolves.toContain('Took');
    await accessible(page, 'sent edition');
    await shot(page, '08-sent');
    expect(stack.resend.accepted).toHaveLength(41);
    expect(new Set(stack.resend.accepted.flatMap((e) => e.to)).size).toBe(41);

    // The other pages an editor uses, each checked with axe.
    await page.click('nav a:has-text("Lists")');
    await accessible(page, 'lists');
    await page.click('nav a:has-text("Schedules")');
    await accessible(page, 'schedules');
    await page.fill('#schedule-daily-digest-at', '06:30');
    await page.locator('#schedule-daily-digest-timezone').selectOption('America/Mexico_City');
    await page.fill('#schedule-daily-digest-feed', feeds.feedUrl);
    await page.check('input[name=readerTimezone]');
    await page.click('button:has-text("Set schedule")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe("daily-digest: every day at 06:30 America/Mexico_City, delivered at that hour in each reader's time zone, sent automatically.");
    await page.click('button:has-text("Stop this schedule")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Schedule stopped.');
    await page.click('nav a:has-text("Sponsors")');
    await accessible(page, 'sponsors');
    await page.click('nav a:has-text("Editions")');
    await expect(page.locator(`a[href="/desk/editions/${editionId}"]`).textContent()).resolves.toBe('Wednesday: rain, ports and politics');
    // The audit log (admins): every change the editor made to this edition, under her token's name.
    await page.click('nav a:has-text("Audit")');
    const audited = (await page.locator('table.audit tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(1).map((td) => td.textContent!.trim()))))
      .filter(([, what]) => what!.includes(editionId.slice(0, 8)))
      .map(([who, what]) => `${who}: ${what!.replace(/ edition \S+$/, '')}`)
      .reverse();
    expect(audited).toEqual(expect.arrayContaining(['Ana (night desk): created', 'Ana (night desk): edited', 'Ana (night desk): scheduled (or sent)', 'Ana (night desk): took back to draft']));
    expect(audited[0]).toBe('Ana (night desk): created');
    await accessible(page, 'audit log');
    await page.goto(`${server.url}/desk/editions/${editionId}#history`);
    await expect(page.locator('#history').textContent()).resolves.toContain('took back to draft');
    await page.click('nav a:has-text("Queues")');
    await page.locator('text=send-batch').first().waitFor({ timeout: PATIENCE_MS });
    await page.goto(`${server.url}/desk/editions/00000000-0000-4000-8000-000000000000`);
    await accessible(page, 'not found');
    await context.close();
  });

  it('composes, reviews and schedules with the keyboard alone, in dark mode on a phone', async () => {
    const { db } = stack.container;
    const { token } = await createApiToken(db, 'Beto (keyboard)', 'editor');
    const context = await deskContext({ width: 390, scheme: 'dark' });
    const page = await signIn(context, token);
    const draft = await createEdition(db, { listSlug: 'daily-digest', content: seedDigest });
    await page.goto(`${server.url}/desk/editions/${draft.id}`);
    await page.frameLocator('#preview-frame').locator('h1').waitFor();
    await accessible(page, 'composer, dark, phone');
    const before = await lineup(page);

    /** Tabs until `selector` has the focus: what a keyboard user does, one stop at a time. */
    const tabTo = async (selector: string, max = 200) => {
      for (let i = 0; i < max; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`could not tab to ${selector}`);
    };
    // The last teaser up one place with its ↑ button, then with Alt+↑ on its own buttons.
    const lastKey = await page.locator('#lineup li.story').last().getAttribute('data-key');
    await tabTo(`#lineup li.story[data-key="${lastKey}"] button[data-move=up]`);
    await page.keyboard.press('Enter');
    expect(await lineup(page)).toEqual([before[0], before[1], before[3], before[2]]);
    await page.keyboard.press('Alt+ArrowUp');
    expect(await lineup(page)).toEqual([before[0], before[3], before[1], before[2]]);
    await expect.poll(() => page.locator('#lineup-status').textContent(), { timeout: PATIENCE_MS }).toMatch(/is now teaser 1 of 3\.$/);
    // Take a teaser out with Space on its box.
    const outKey = await page.locator('#lineup li.story').last().getAttribute('data-key');
    await tabTo(`#lineup li.story[data-key="${outKey}"] input[name=teaser]`);
    await page.keyboard.press('Space');
    expect(await lineup(page)).toEqual([before[0], before[3], before[1]]);
    // Save with Enter on the button.
    await tabTo('.savebar button[type=submit]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#save-state').textContent(), { timeout: PATIENCE_MS }).toMatch(/^Saved at /);
    expect((await getEdition(db, draft.id)).content.teasers.map((t) => t.headline)).toEqual([before[3], before[1]]);

    // Review: a time in each reader's own zone, the zone found by typing in the search box.
    // A radio group is one Tab stop; the arrows move the choice within it.
    await tabTo('input[name=when][value=now]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.isChecked('input[name=when][value=local]')).toBe(true);
    await tabTo('input.zone-filter');
    await page.keyboard.type('bogota');
    expect(await page.inputValue('#send-timezone')).toBe('America/Bogota');
    await tabTo('#send button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/review\?/);
    await expect(page.locator('table.zones caption').textContent()).resolves.toBe("At 07:00 in each reader's zone (readers without one: America/Bogota)");
    await accessible(page, 'review, dark, phone');
    await shot(page, '12-review-phone-dark');
    await tabTo('.confirm button[type=submit]');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Schedule for 40 readers of The Broadsheet Daily, at 07:00 their time');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/desk/editions/${draft.id}`);
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe("Scheduled: at 07:00 in each reader's own time zone.");
    const scheduled = await getEdition(db, draft.id);
    // It starts now, and each reader's batch waits for 07:00 where they are.
    expect(['scheduled', 'preparing', 'sending']).toContain(scheduled.status);
    expect([scheduled.deliverLocalTime, scheduled.fallbackTimezone]).toEqual(['07:00', 'America/Bogota']);
    await page.click('button:has-text("Cancel edition")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Cancelled.');
    await context.close();
  });

  it('without JavaScript the desk is still a working form: moves, saves, refusals beside their fields, and a feed with nothing new offers a choice', async () => {
    const { db } = stack.container;
    const { token } = await createApiToken(db, 'Caro (no script)', 'editor');
    const context = await deskContext({ js: false });
    const page = await signIn(context, token);
    // Every story of this feed went out yesterday: the desk says so, and offers to use them anyway.
    const feed = seedFeedAt(new Date(Date.now() - 3600_000));
    feeds.set('/sent.rss', 200, feed);
    const { articles } = parseFeed(Buffer.from(feed), { source: 'sent.rss', url: `${feeds.url}/sent.rss`, now: new Date() });
    const yesterday = await createEdition(db, { listSlug: 'daily-digest', content: { lead: articles[0]!, teasers: articles.slice(1) } });
    await db.query(`update editions set status = 'sent', send_at = now() - interval '1 day' where id = $1`, [yesterday.id]);
    // Uploaded as a file this time: the choice below posts it again without asking for it.
    await page.setInputFiles('#new-edition-feedFile', { name: 'sent.rss', mimeType: 'application/rss+xml', buffer: Buffer.from(feed) });
    await page.fill('input[name=teasers]', '3');
    await page.click('button:has-text("Build draft")');
    await expect(page.locator('#no-stories').textContent()).resolves.toContain('The feed has 5 stories: 5 already sent to this list in the last 14 days.');
    // Which ones, by name.
    expect(await page.locator('#no-stories li').allTextContents()).toContain('Port of Manzanillo to receive 64 billion pesos in investment (already sent)');
    await shot(page, '13-no-stories');
    await page.click('button:has-text("Use them anyway, sent or not")');
    await page.waitForURL(/\/desk\/editions\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const before = await lineup(page);
    expect(before).toHaveLength(4);
    await page.locator('#lineup li.story').nth(2).locator('button[aria-label$=" up"]').click();
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Draft saved.');
    expect(await lineup(page)).toEqual([before[0], before[2], before[1], before[3]]);
    await page.fill('#compose-subject', '   ');
    await page.fill('#compose-note', 'Kept as typed');
    await page.click('button:has-text("Save draft")');
    await expect(page.locator('#compose-subject-error').textContent()).resolves.toBe('subject: must be 1..300 characters');
    expect(await page.getAttribute('#compose-subject', 'aria-describedby')).toBe('compose-subject-error');
    expect(await page.inputValue('#compose-note')).toBe('Kept as typed');
    await expect(page.locator('.flash.error a').getAttribute('href')).resolves.toBe('#compose-subject');
    expect((await getEdition(db, id)).content.note).toBeUndefined();
    await context.close();
  });

  it('works the same on a clean data directory under `broadsheet start`, and its Outbox shows what readers got', async () => {
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
      const context = await deskContext();
      const page = await signIn(context, token, url);
      await page.fill('input[name=feed]', feeds.feedUrl);
      await page.click('button:has-text("Build draft")');
      await page.waitForURL(/\/desk\/editions\/[0-9a-f-]{36}$/);
      await expect(page.frameLocator('#preview-frame').locator('body').textContent()).resolves.toContain('The Broadsheet Daily');
      await page.click('button:has-text("Review…")');
      await page.locator('.confirm button:has-text("Send now to 3 readers of The Broadsheet Daily")').click();
      await page.locator('.title-row .status:text("sent")').waitFor({ timeout: PATIENCE_MS });
      expect(await page.locator('[data-field=sent]').textContent()).toBe('3');
      const index = (await readFile(join(dir, 'outbox', 'index.jsonl'), 'utf8')).trim().split('\n');
      expect(index).toHaveLength(3);

      // The Outbox: every message, and each as its reader sees it.
      await page.click('nav a:has-text("Outbox")');
      expect(await page.locator('table.outbox tbody tr').count()).toBe(3);
      await accessible(page, 'outbox');
      await shot(page, '14-outbox');
      await page.locator('table.outbox a', { hasText: /./ }).first().click();
      await expect(page.locator('table.headers').textContent()).resolves.toMatch(/List-Unsubscribe-PostList-Unsubscribe=One-Click/);
      await expect(page.frameLocator('iframe.preview').locator('h1').textContent()).resolves.toBe('The Broadsheet Daily');
      await expect(page.locator('pre.plain-text').textContent()).resolves.toContain('Unsubscribe');
      await accessible(page, 'outbox message');
      await shot(page, '15-outbox-message');
      await context.close();
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
    const context = await deskContext();
    const page = await signIn(context, token);

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
    await waitFor(async () => (await editionProgress(db, edition.id)).status === 'incomplete', 'the edition to end incomplete');
    await page.goto(`${server.url}/desk/editions/${edition.id}`);
    await expect(page.locator('.title-row .status').textContent()).resolves.toBe('incomplete');
    await expect(page.locator('#parked h2').textContent()).resolves.toBe('Held for you: 2 parked batches');
    await accessible(page, 'incomplete edition');
    await shot(page, '16-incomplete-parked');

    // The provider's logs show the first went out and the second did not.
    await page.locator('#parked tbody tr').first().getByRole('button', { name: /^It went out/ }).click();
    await expect(page.locator('.flash.ok').textContent()).resolves.toMatch(/^Marked \d+ readers as sent\.$/);
    await page.locator('#parked tbody tr').first().getByRole('button', { name: /^It did not: resend/ }).click();
    await expect(page.locator('.flash.ok').textContent()).resolves.toMatch(/^\d+ readers go out again in \d+ new batch\(es\)\.$/);
    await waitFor(async () => (await editionProgress(db, edition.id)).status === 'sent', 'the edition to be sent');
    await page.reload();
    await expect(page.locator('.title-row .status').textContent()).resolves.toBe('sent');
    expect(await page.locator('#parked').count()).toBe(0);

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
    await expect(describe.textContent()).resolves.toContain('This picture has no alt text');
    await describe.locator('input').fill('Manos de una productora seleccionan granos de café');
    await page.click('button:has-text("Save draft")');
    await expect.poll(() => page.locator('#save-state').textContent(), { timeout: PATIENCE_MS }).toMatch(/^Saved at /);
    const [saved] = await db.query<{ image: unknown }>(`select content->'lead'->'image' as image from editions where id = $1`, [draftId]);
    expect(saved!.image).toEqual({ src: 'https://images.broadsheet.example/cafe.jpg', alt: 'Manos de una productora seleccionan granos de café' });
    await expect
      .poll(() => page.frameLocator('#preview-frame').locator('img[src="https://images.broadsheet.example/cafe.jpg"]').getAttribute('alt'), { timeout: PATIENCE_MS })
      .toBe('Manos de una productora seleccionan granos de café');
    await context.close();
  });

  it('a Spanish list with sections: the editor previews a reader of one section and sees who gets what; readers choose sections, in Spanish, on their pages', async () => {
    const { db, links } = stack.container;
    await createList(db, 'diario', 'El Diario', { language: 'es-MX', timezone: 'America/Mexico_City' });
    const draft = await createEdition(db, { listSlug: 'diario', content: seedEditionContentEs });
    await importSubscribers(db, 'diario', Readable.from(['email,secciones\nlola@example.com,Economía\nmaria@example.com,\n']));
    const { token } = await createApiToken(db, 'Lupita (mesa de noche)', 'editor');
    const context = await deskContext({ width: 390, scheme: 'dark' });
    const page = await signIn(context, token);

    await page.goto(`${server.url}/desk/editions/${draft.id}`);
    await expect.poll(() => page.locator('#audience').textContent()).toContain('2 readers: 1 get every story');
    await page.locator('.sections-choice').getByLabel('Economía').check();
    await page.locator('.sections-choice button:has-text("Show")').click();
    await page.waitForURL(/sections=econom/);
    // As a reader of Economía: the lead and the port story, not the politics ones; in Spanish.
    await expect.poll(() => previewStories(page), { timeout: PATIENCE_MS }).toEqual([seedEditionContentEs.lead.headline, seedEditionContentEs.teasers[0]!.headline]);
    await expect(page.frameLocator('#preview-frame').locator('html').getAttribute('lang')).resolves.toBe('es-MX');
    await expect.poll(() => page.frameLocator('#preview-frame').getByText('Lee la nota completa →').isVisible()).toBe(true);
    await accessible(page, 'composer with sections (es, phone, dark)');

    // Lola's unsubscribe link offers fewer sections first; she keeps Economía and adds Política.
    const [lola] = await db.query<{ id: number; listId: number }>(`select s.id, sub.list_id as "listId" from subscribers s join subscriptions sub on sub.subscriber_id = s.id where s.email = 'lola@example.com'`);
    const reader = await context.newPage();
    await loopbackOnly(reader);
    await reader.goto(links.unsubscribe(lola!.id, lola!.listId).replace(TEST_PUBLIC_URL, server.url));
    expect(await reader.locator('h1').textContent()).toBe('¿Darte de baja de El Diario?');
    await accessible(reader, 'unsubscribe page (es)');
    await reader.getByLabel('Política').check();
    await reader.click('button:has-text("Recibir solo estas secciones")');
    await expect.poll(() => reader.locator('[role=status]').textContent()).toBe('Guardado: desde ahora recibes la nota principal y Economía, Política.');
    await reader.goto(links.preferences(lola!.id).replace(TEST_PUBLIC_URL, server.url));
    expect(await reader.locator('h1').textContent()).toBe('Tus suscripciones');
    expect(await reader.getByLabel('Política').isChecked()).toBe(true);
    await accessible(reader, 'preferences page (es)');
    await reader.goto(`${server.url}/subscribe/diario`);
    expect(await reader.getByText('Secciones', { exact: true }).isVisible()).toBe(true);
    await accessible(reader, 'sign-up page with sections (es)');
    await context.close();
  });

  it('an edition’s report ranks its stories by the readers who clicked them and maps the clicks over the email', async () => {
    const { db } = stack.container;
    const edition = await createEdition(db, { listSlug: 'daily-digest', content: seedDigest, subject: 'Report day' });
    await scheduleEdition(db, await stack.container.queue(), edition.id);
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');
    // Clicks as the webhooks record them: the second teaser most, the lead next; one scanner.
    const ids = (await db.query<{ id: string }>(`select provider_id as id from deliveries where edition_id = $1 order by subscriber_id`, [edition.id])).map((r) => r.id);
    const at = (i: number) => new Date(Date.parse('2026-11-30T14:00:00Z') + i * 60_000).toISOString();
    const browserAgent = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)';
    for (const [i, id] of ids.slice(0, 9).entries()) await recordClick(db, id, { link: seedDigest.teasers[1]!.url, userAgent: browserAgent, at: at(i) }, null, { publicUrl: TEST_PUBLIC_URL });
    for (const [i, id] of ids.slice(10, 14).entries()) await recordClick(db, id, { link: seedDigest.lead.url, userAgent: browserAgent, at: at(i) }, null, { publicUrl: TEST_PUBLIC_URL });
    await recordClick(db, ids[20]!, { link: seedDigest.lead.url, userAgent: 'Barracuda Sentinel (EE)', at: at(0) }, null, { publicUrl: TEST_PUBLIC_URL });

    const { token } = await createApiToken(db, 'Ana (night desk)', 'editor');
    for (const scheme of ['light', 'dark'] as const) {
      const context = await deskContext({ scheme });
      const page = await signIn(context, token);
      await page.goto(`${server.url}/desk/editions/${edition.id}#report`);
      const ranked = await page.locator('#report table.report tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.childNodes[0]!.textContent!.trim(), r.querySelectorAll('td')[1]!.textContent]));
      expect(ranked).toEqual([
        [seedDigest.teasers[1]!.headline, '9'],
        [seedDigest.lead.headline, '4'],
      ]);
      expect(await page.locator('#report').textContent()).toContain('1 click by link scanners left out');
      expect(await page.locator('#report svg[role=img] title').textContent()).toBe('Readers who clicked each story, where it sat in the email');
      expect(await page.locator('#report .map-count').allTextContents()).toEqual(['4 readers', '0 readers', '9 readers', '0 readers']);
      await accessible(page, `edition report (${scheme})`);
      await page.locator('#report').screenshot({ path: join(shots, `report-${scheme}.png`) });
      // The list's trends: four charts, each with its numbers folded under it.
      await page.goto(`${server.url}/desk/lists/daily-digest/trends?days=7`);
      expect(await page.locator('svg.chart title').allTextContents()).toEqual([
        'Active readers each day, the last 7 days',
        'Readers who joined (up) and left (down) each day',
        'Readers who clicked a story, per email sent, each edition',
        'Readers who left after each edition, before the next',
      ]);
      await page.locator('#clicks-title ~ details summary').click();
      expect(await page.locator('#clicks-title ~ details tbody tr', { hasText: 'Report day' }).locator('td').last().textContent()).toBe('32.5 %');
      await accessible(page, `list trends (${scheme})`);
      await shot(page, `trends-${scheme}`);
      await context.close();
    }
  });

  it('a subject test is offered beside the send, shown on the review, and refused there when the list is too small for it', async () => {
    const { db } = stack.container;
    const draft = await createEdition(db, { listSlug: 'daily-digest', content: seedDigest, subject: 'Subject A' });
    const { token } = await createApiToken(db, 'Ana (night desk)', 'editor');
    const context = await deskContext({ width: 390 });
    const page = await signIn(context, token);
    await page.goto(`${server.url}/desk/editions/${draft.id}#send`);
    await page.click('summary:has-text("Test a second subject")');
    await page.fill('#send-subject-b', 'Subject B');
    await page.fill('#send-test-share', '50');
    await page.locator('#send-decide-after').selectOption('1h');
    await page.click('button:has-text("Review…")');
    await page.waitForURL(/\/review\?/);
    expect(await page.locator('#subject-test-title ~ .lede').textContent()).toBe('50 % of readers (about 20) get one of two subjects; 1h after sending starts, the one more readers clicked goes to everyone else.');
    expect(await page.locator('#subject-test-title ~ .stats').textContent()).toContain('Subject B');
    expect(await page.locator('#subject-test-title ~ .flash.error').textContent()).toBe('A subject test needs at least 100 readers per subject: 400 readers at a 50 % share; this list has 40.');
    expect(await page.locator('.confirm button[type=submit]').isDisabled()).toBe(true);
    await accessible(page, 'review with a subject test (phone)');
    await context.close();
  });

  it('an admin adds a webhook endpoint, sees its secret once, and follows its health and attempts; editors and subscriber-API tokens cannot', async () => {
    const { db } = stack.container;
    const admin = await createApiToken(db, 'Ops', 'admin');
    for (const [scheme, width] of [['light', 1400], ['dark', 390]] as const) {
      const context = await deskContext({ scheme, width });
      const page = await signIn(context, admin.token);
      await page.goto(`${server.url}/desk/webhooks`);
      // Refused beside its field, nothing lost: no event ticked.
      await page.fill('#webhook-url', 'https://paywall.example.com/hooks/broadsheet');
      await page.click('button:has-text("Add endpoint")');
      expect(await page.locator('.flash.error').textContent()).toContain('events: tick at least one event');
      expect(await page.inputValue('#webhook-url')).toBe('https://paywall.example.com/hooks/broadsheet');
      await page.check('input[name=events][value="subscriber.updated"]');
      await page.check('input[name=events][value="subscriber.suppressed"]');
      await page.fill('#webhook-description', `Paywall sync (${scheme})`);
      await page.click('button:has-text("Add endpoint")');
      const said = await page.locator('.flash').textContent();
      expect(said).toMatch(/^Endpoint #\d+ added\. Its signing secret, shown this once: whsec_[A-Za-z0-9+/]+=*$/);
      const id = Number(/#(\d+)/.exec(said!)![1]);
      const row = page.locator('table.webhooks tbody tr', { hasText: `Paywall sync (${scheme})` });
      expect(await row.locator('td').first().textContent()).toBe('subscriber.updated, subscriber.suppressed');
      expect(await row.locator('.status').textContent()).toBe('ok');
      // A failing endpoint, as the dispatcher leaves it: disabled, with the reason and its attempts.
      const [delivery] = await db.query<{ id: number }>(
        `with e as (insert into outbound_events (type, payload) values ('subscriber.updated', '{}') returning id)
         insert into outbound_deliveries (event_id, endpoint_id, status, attempts) select e.id, $1, 'failed', 2 from e returning id`,
        [id],
      );
      await db.query(`insert into outbound_attempts (delivery_id, attempt, status_code, error, duration_ms) values ($1, 1, 503, 'HTTP 503', 41), ($1, 2, null, 'ECONNREFUSED: fetch failed', 3)`, [delivery!.id]);
      await db.query(`update webhook_endpoints set consecutive_failures = 50, failing_since = now() - interval '2 hours', disabled_at = now(), disabled_reason = '50 failed attempts in a row since 2026-11-30T06:00Z; the last: HTTP 503' where id = $1`, [id]);
      await page.goto(`${server.url}/desk/webhooks`);
      expect(await row.locator('.status').textContent()).toBe('disabled');
      await accessible(page, `webhooks (${scheme}, ${width})`);
      await shot(page, `webhooks-${scheme}-${width}`);
      await row.locator('a', { hasText: `#${id}` }).click();
      expect(await page.locator('table.attempts tbody tr').evaluateAll((rows) => rows.map((r) => (r.querySelectorAll('td')[2] as HTMLElement).innerText.trim()))).toEqual(['ECONNREFUSED: fetch failed GAVE UP\ntry 2 · 3 ms', 'HTTP 503 GAVE UP\ntry 1 · 41 ms']);
      await accessible(page, `webhook attempts (${scheme}, ${width})`);
      await page.goto(`${server.url}/desk/webhooks`);
      await row.locator('button:has-text("Enable")').click();
      expect(await page.locator('.flash').textContent()).toBe(`Endpoint #${id} enabled.`);
      expect(await row.locator('.status').textContent()).toBe('ok');
      await context.close();
    }
    // Editors do not see or reach it; a subscriber-API token cannot sign in at all.
    const editor = await createApiToken(db, 'Beto', 'editor');
    const context = await deskContext();
    const page = await signIn(context, editor.token);
    expect(await page.locator('nav a', { hasText: 'Webhooks' }).count()).toBe(0);
    expect((await page.goto(`${server.url}/desk/webhooks`))!.status()).toBe(403);
    await context.close();
    const paywall = await createApiToken(db, 'Paywall', 'subscribers:write');
    const other = await deskContext();
    const login = await other.newPage();
    await login.goto(`${server.url}/desk/login`);
    await login.fill('input[name=token]', paywall.token);
    await login.click('button:has-text("Sign in")');
    expect(await login.locator('.flash.error, .error, [role=alert]').first().textContent()).toContain('That is a subscribers:write token, for the subscriber API');
    await other.close();
  });

  it('refuses forged forms, cross-site posts, editors on Bull Board and revoked sessions', async () => {
    const { db } = stack.container;
    const editor = await createApiToken(db, 'Beto', 'editor');
    const context = await deskContext();
    const page = await signIn(context, editor.token);
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

    // Editors do not get the queue dashboard, nor change lists.
    const board = await page.goto(`${server.url}/desk/queues`);
    expect(board!.status()).toBe(403);
    expect(await page.locator('nav a:has-text("Queues")').count()).toBe(0);
    expect((await post('/desk/lists/daily-digest', `_csrf=${csrf}&name=Renamed`)).status).toBe(400);

    // Revoking the token ends the session at the next request.
    await db.query(`update api_tokens set revoked_at = now() where id = $1`, [editor.id]);
    await page.goto(`${server.url}/desk`);
    expect(page.url()).toContain('/desk/login');
    await context.close();
  });
});
