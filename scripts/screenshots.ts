/**
 * Every desk page (and the reader's sign-up page), at a desk's and a phone's
 * width, light and dark, into docs/screenshots/desk/; and the seed digest in each
 * layout and tier as a reader sees it (600 and 375 px, light and dark, pictures
 * shown and blocked) into docs/screenshots/emails/: what editors and readers see,
 * kept in review. A throwaway embedded database and outbox, the demo's readers and
 * edition, a draft from the seed feed; nothing leaves the machine.
 *
 *   node --import tsx scripts/screenshots.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { addEndpoint } from '../src/webhooks/webhook-endpoints.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../src/cli/demo.ts';
import { loadConfig } from '../src/config.ts';
import { createContainer } from '../src/container.ts';
import { cancelEdition, createEdition, scheduleEdition } from '../src/editions/edition-service.ts';
import { draftFromFeed } from '../src/editions/feed-draft.ts';
import { startServer } from '../src/http/server.ts';
import { silentLogger } from '../src/logger.ts';
import { createApiToken } from '../src/security/api-tokens.ts';
import { audit, cliActor } from '../src/security/audit-log.ts';
import { createList, updateList } from '../src/subscribers/lists.ts';
import { importSubscribers } from '../src/subscribers/subscriber-import.ts';
import { startWorkers } from '../worker/workers.ts';
import { seedEditionContent, seedEditionContentEs, withDemoPictures } from '../emails/_fixtures/seed-digest.ts';
import { generateSubscriberCsv } from '../src/cli/demo-readers.ts';
import { launchChromium } from '../test/support/browser.ts';
import type { Page } from 'playwright-core';
import { LAYOUTS } from '../src/rendering/render-variant.ts';
import { TIERS } from '../src/content/article.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/desk/', import.meta.url));
const EMAILS_OUT = fileURLToPath(new URL('../docs/screenshots/emails/', import.meta.url));
const FEED = fileURLToPath(new URL('../test/fixtures/seed-feed.rss', import.meta.url));
const VARIANTS = [
  { width: 1400, scheme: 'light' },
  { width: 1400, scheme: 'dark' },
  { width: 390, scheme: 'light' },
  { width: 390, scheme: 'dark' },
] as const;

const dir = mkdtempSync(join(tmpdir(), 'broadsheet-shots-'));
const port = 3000 + Math.floor(Math.random() * 2000) + 2000;
const publicUrl = `http://127.0.0.1:${port}`;
const config = loadConfig({
  BROADSHEET_DATA_DIR: join(dir, 'data'),
  OUTBOX_DIR: join(dir, 'outbox'),
  QUEUE_PREFIX: `shots-${process.pid}`,
  PUBLIC_URL: publicUrl,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
const c = await createContainer(config, { logger: silentLogger });
try {
  // The demo's readers and its sent edition, then a Spanish list, a draft and a scheduled edition to look at.
  await runDemo(c, { env: {}, out: () => {}, err: () => {}, errIsTTY: false }, { subscribers: 300 });
  await updateList(c.db, 'daily-digest', { timezone: 'America/Mexico_City', description: 'The day’s most important stories from Mexico, every morning at 7.' });
  await createList(c.db, 'diario', 'El Diario de la Mañana', { language: 'es', timezone: 'America/Mexico_City', description: 'Lo más importante del día, cada mañana a las 7:00.' });
  await importSubscribers(c.db, 'diario', generateSubscriberCsv(40));
  // A draft of the seed edition with the demo's pictures, and the seed feed's stories to choose from.
  const fromFeed = (await draftFromFeed(c.db, { listSlug: 'daily-digest', feed: await c.readFeed(FEED, { allowFiles: true }), rule: { lead: 'newest', teasers: 3, includeSent: true } })).edition;
  await cancelEdition(c.db, fromFeed.id);
  const content = withDemoPictures(seedEditionContent, publicUrl);
  const draft = await createEdition(c.db, { listSlug: 'daily-digest', content, candidates: [...(fromFeed.candidates ?? [])].filter((a) => ![content.lead, ...content.teasers].some((s) => s.url === a.url)) });
  const scheduled = await createEdition(c.db, { listSlug: 'daily-digest', content: withDemoPictures(seedEditionContent, publicUrl), subject: 'Tomorrow: the ports and the president' });
  await scheduleEdition(c.db, await c.queue(), scheduled.id, { at: new Date(Date.now() + 20 * 3600_000), check: c.presendCheck });
  // The seed digest in each layout, as the desk previews it (the demo's pictures served by this server); and in Spanish.
  const contentEs = withDemoPictures(seedEditionContentEs, publicUrl, 'es');
  const byLayout = [
    ...(await Promise.all(LAYOUTS.map(async (layout) => [layout, (await createEdition(c.db, { listSlug: 'daily-digest', content, layout })).id] as const))),
    ...(await Promise.all(LAYOUTS.map(async (layout) => [`es-${layout}`, (await createEdition(c.db, { listSlug: 'diario', content: contentEs, layout })).id] as const))),
  ];
  const draftEs = byLayout.find(([name]) => name === 'es-classic')![1];
  // Some of the Spanish list's readers chose sections: the composer's "Who gets what" and the reader pages show them.
  await c.db.query(
    `update subscriptions set sections = case when subscriber_id % 3 = 0 then array['política'] when subscriber_id % 3 = 1 then array['economía', 'noticias'] end
      where list_id = (select id from lists where slug = 'diario') and subscriber_id % 5 <> 0`,
  );
  const [reader] = await c.db.query<{ id: number; listId: number }>(
    `select sub.subscriber_id as id, sub.list_id as "listId" from subscriptions sub join lists l on l.id = sub.list_id where l.slug = 'diario' and sub.sections is not null order by 1 limit 1`,
  );
  const readerPath = (url: string) => url.replace(c.config.publicUrl, '');
  const sent = (await c.db.query<{ id: string }>(`select id from editions where status = 'sent' limit 1`))[0]!.id;
  // A month of history for the trends page: readers joined over thirty days, and a few left.
  await c.db.query(`update subscriptions set created_at = now() - make_interval(days => 30 - subscriber_id % 30) where list_id = (select id from lists where slug = 'daily-digest')`);
  await c.db.query(
    `update subscriptions set status = 'unsubscribed', unsubscribed_at = now() - make_interval(days => subscriber_id % 20)
      where list_id = (select id from lists where slug = 'daily-digest') and subscriber_id % 17 = 0`,
  );
  // Readers' clicks on the sent edition, as the provider's webhooks would have recorded them, for its report.
  const sentStories = [seedEditionContent.lead, ...seedEditionContent.teasers];
  await c.db.query(
    `insert into clicks (provider_id, edition_id, subscriber_id, link, story_url, position, section, user_agent, clicked_at, scanner)
     select d.provider_id, d.edition_id, d.subscriber_id, u.url, u.url, u.position, u.section, 'Mozilla/5.0', now(), d.subscriber_id % 29 = 0
       from deliveries d join unnest($2::text[], $3::text[], $4::text[], $5::int[]) as u(url, position, section, every) on d.subscriber_id % u.every = 0
      where d.edition_id = $1`,
    [sent, sentStories.map((a) => a.url), sentStories.map((_, i) => (i === 0 ? 'lead' : `teaser ${i}`)), sentStories.map((a) => a.section ?? null), [3, 5, 11, 7]],
  );
  const { token, id: tokenId } = await createApiToken(c.db, 'Ana (night desk)', 'admin');
  // What the audit log would hold after a morning on the desk.
  const ana = { tokenId, name: 'Ana (night desk)' };
  await audit(c.db, cliActor(), 'token.create', { detail: { token: tokenId, name: 'Ana (night desk)', scope: 'admin' } });
  await audit(c.db, ana, 'edition.create', { editionId: draft.id });
  await audit(c.db, ana, 'edition.edit', { editionId: draft.id });
  await audit(c.db, ana, 'edition.create', { editionId: scheduled.id });
  await audit(c.db, ana, 'edition.schedule', { editionId: scheduled.id });
  // Two webhook endpoints: the paywall's, healthy; an old CRM's, disabled after a run of failures.
  const paywall = await addEndpoint(c.db, { url: 'https://paywall.example.com/hooks/broadsheet', events: ['subscriber.created', 'subscriber.updated', 'subscriber.unsubscribed', 'subscriber.suppressed'], description: 'Paywall sync' });
  const crm = await addEndpoint(c.db, { url: 'https://crm.example.com/broadsheet', events: ['edition.sent'], description: 'Old CRM' });
  await c.db.query(
    `with e as (insert into outbound_events (type, payload) select t, '{}' from unnest(array['subscriber.updated', 'subscriber.created', 'edition.sent']) t returning id, type)
     insert into outbound_deliveries (event_id, endpoint_id, status, attempts, delivered_at)
     select e.id, case when e.type = 'edition.sent' then $2::int else $1::int end, case when e.type = 'edition.sent' then 'failed' else 'delivered' end, 1, now() from e`,
    [paywall.id, crm.id],
  );
  await c.db.query(
    `insert into outbound_attempts (delivery_id, attempt, status_code, error, duration_ms)
     select d.id, 1, case when d.status = 'failed' then 502 else 200 end, case when d.status = 'failed' then 'HTTP 502' end, 80 + d.id * 7 from outbound_deliveries d`,
  );
  await c.db.query(`update webhook_endpoints set consecutive_failures = 50, failing_since = now() - interval '3 days', disabled_at = now(), disabled_reason = '50 failed attempts in a row since ' || to_char(now() - interval '3 days', 'YYYY-MM-DD"T"HH24:MI"Z"') || '; the last: HTTP 502' where id = $1`, [crm.id]);
  const workers = await startWorkers(c, { reconcileOnStart: false });
  const server = await startServer(c, port, '127.0.0.1');
  const outboxFile = (await import('node:fs')).readdirSync(join(dir, 'outbox')).find((f) => f.endsWith('.eml'))!;

  const pages: [string, string][] = [
    ['01-sign-in', '/desk/login'],
    ['02-editions', '/desk'],
    ['03-composer', `/desk/editions/${draft.id}`],
    ['04-review', `/desk/editions/${draft.id}/review?when=at&at=${new Date(Date.now() + 26 * 3600_000).toISOString().slice(0, 11)}07:00&timezone=America%2FMexico_City`],
    ['05-scheduled', `/desk/editions/${scheduled.id}`],
    ['06-sent', `/desk/editions/${sent}`],
    ['07-lists', '/desk/lists'],
    ['08-schedules', '/desk/schedules'],
    ['09-sponsors', '/desk/sponsors'],
    ['10-outbox', '/desk/outbox'],
    ['11-outbox-message', `/desk/outbox/${outboxFile}`],
    ['12-subscribe-en', '/subscribe/daily-digest'],
    ['13-subscribe-es', '/subscribe/diario'],
    ['14-composer-es', `/desk/editions/${draftEs}?sections=econom%C3%ADa#preview`],
    ['15-unsubscribe-es', readerPath(c.links.unsubscribe(reader!.id, reader!.listId))],
    ['16-preferences-es', readerPath(c.links.preferences(reader!.id))],
    ['17-trends', '/desk/lists/daily-digest/trends?days=30'],
    ['18-audit', '/desk/audit'],
    ['19-webhooks', '/desk/webhooks'],
    ['20-webhook-attempts', `/desk/webhooks/${paywall.id}`],
  ];
  mkdirSync(OUT, { recursive: true });
  mkdirSync(EMAILS_OUT, { recursive: true });
  const signIn = async (page: Page, token: string) => {
    if (!page.url().endsWith('/desk/login')) await page.goto(`${publicUrl}/desk/login`);
    await page.fill('input[name=token]', token);
    await page.click('button[type=submit]');
    await page.waitForURL(`${publicUrl}/desk`);
  };
  let emailShots = 0;
  const browser = await launchChromium();
  try {
    for (const v of VARIANTS) {
      const context = await browser.newContext({ viewport: { width: v.width, height: 900 }, colorScheme: v.scheme });
      const page = await context.newPage();
      await page.goto(`${publicUrl}/desk/login`);
      await page.screenshot({ path: join(OUT, `01-sign-in-${v.width}-${v.scheme}.png`), fullPage: true });
      await signIn(page, token);
      for (const [name, path] of pages.slice(1)) {
        await page.goto(`${publicUrl}${path}`);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(OUT, `${name}-${v.width}-${v.scheme}.png`), fullPage: true });
      }
      await context.close();
    }
    for (const scheme of ['light', 'dark'] as const) {
      for (const images of ['shown', 'blocked'] as const) {
        const context = await browser.newContext({ colorScheme: scheme });
        // A client that blocks pictures (Outlook, Gmail until the reader allows them) shows their alt text.
        if (images === 'blocked') await context.route('**/media/**', (route) => route.abort('blockedbyclient'));
        await signIn(await context.newPage(), token);
        for (const [layout, id] of byLayout) {
          for (const tier of TIERS) {
            for (const width of images === 'shown' ? [600, 375] : [375]) {
              const page = await context.newPage();
              await page.setViewportSize({ width, height: 900 });
              await page.goto(`${publicUrl}/desk/editions/${id}/preview?tier=${tier}`);
              await page.waitForLoadState('networkidle');
              await page.screenshot({ path: join(EMAILS_OUT, `${layout}-${tier}-${width}${images === 'blocked' ? '-no-images' : ''}-${scheme}.png`), fullPage: true });
              await page.close();
              emailShots++;
            }
          }
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await workers.close();
  }
  console.log(`wrote ${pages.length * VARIANTS.length} screenshots to ${OUT} and ${emailShots} to ${EMAILS_OUT}`);
} finally {
  await c.close();
  rmSync(dir, { recursive: true, force: true });
}
