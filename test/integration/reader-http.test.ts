import { afterEach, describe, expect, it } from 'vitest';
import { seedLead } from '../../emails/_fixtures/seed-digest.ts';
import { createEdition, editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/security/api-tokens.ts';
import { signToken } from '../../src/security/signed-token.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { newWebhookSecret, svixHeaders } from '../support/svix.ts';
import { closeServerAndStack, createTestStack, seedEdition, type TestStack, waitFor } from '../support/test-stack.ts';

const PREVIOUS_SECRET = 'previous-secret-0123456789abcdef0123456789';
const WEBHOOK_SECRET = newWebhookSecret();

let stack: TestStack | undefined;
let server: RunningServer | undefined;
afterEach(closeServerAndStack(() => [server, stack], () => (server = stack = undefined)));

/** Sends an edition to 20 readers, then serves HTTP. Links in the emails point at PUBLIC_URL; a proxy would map that host to us. */
async function sentEdition() {
  stack = await createTestStack('postgres', { env: { BROADSHEET_SECRET_PREVIOUS: PREVIOUS_SECRET, RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET } });
  const { db } = stack.container;
  const edition = await seedEdition(stack, 20);
  await createList(db, 'weekend', 'The Weekend Edition');
  await db.query(`insert into subscriptions (list_id, subscriber_id, status) select l.id, s.id, 'active' from lists l, subscribers s where l.slug = 'weekend'`);
  await stack.workers();
  await scheduleEdition(db, await stack.container.queue(), edition.id);
  await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status));
  server = await startServer(stack.container, 0, '127.0.0.1');
  const local = (url: string) => url.replace('https://letters.broadsheet.example', server!.url);
  const emailTo = (address: string) => stack!.resend.accepted.find((e) => e.to[0] === address)!;
  return { db, edition, local, emailTo };
}

const statusOf = async (email: string, list = 'daily-digest') =>
  (
    await stack!.container.db.query<{ status: string }>(
      `select sub.status from subscriptions sub join subscribers s on s.id = sub.subscriber_id join lists l on l.id = sub.list_id where s.email = $1 and l.slug = $2`,
      [email, list],
    )
  )[0]?.status;

describe('one-click unsubscribe over HTTP (PostgreSQL)', () => {
  it('honours List-Unsubscribe as a mail provider sends it: POST, no cookie, idempotent, fast', async () => {
    const { local, emailTo } = await sentEdition();
    const url = local(/^<(.+)>$/.exec(emailTo('reader000003@example.com').headers['List-Unsubscribe']!)![1]!);
    const post = () =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });

    const started = performance.now();
    const first = await post();
    const ms = performance.now() - started;
    expect(first.status).toBe(200);
    expect(ms).toBeLessThan(500);
    expect(await statusOf('reader000003@example.com')).toBe('unsubscribed');
    expect(await statusOf('reader000003@example.com', 'weekend')).toBe('active'); // only that list
    expect((await post()).status).toBe(200); // again: still fine, nothing else changes
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    console.info(`[measure] one-click POST answered ${first.status} in ${ms.toFixed(1)} ms`);
  });

  it('never unsubscribes on GET: it shows a page whose button POSTs', async () => {
    const { local, emailTo } = await sentEdition();
    const url = local(/^<(.+)>$/.exec(emailTo('reader000004@example.com').headers['List-Unsubscribe']!)![1]!);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('<form method="post" action="/u/');
    expect(body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(body).toContain('r&#8226;&#8226;&#8226;@example.com'); // masked address, not the whole one
    expect(await statusOf('reader000004@example.com')).toBe('active');
  });

  it('leaves everything alone for forged, altered or misused tokens (4xx)', async () => {
    const { local, emailTo } = await sentEdition();
    const url = local(/^<(.+)>$/.exec(emailTo('reader000006@example.com').headers['List-Unsubscribe']!)![1]!);
    const token = url.split('/u/')[1]!;
    const [v, p, s, l, mac] = token.split('.');
    const forgeries = [
      [v, p, '7', l, mac].join('.'), // another reader
      [v, 'unsubscribe-all', s, '0', mac].join('.'), // wider purpose
      token.slice(0, -2),
      signToken('attacker-key-0123456789abcdef0123456789', { purpose: 'unsubscribe', subscriberId: 6, listId: 1 }),
      'x'.repeat(300),
      '%00',
    ];
    for (const forged of forgeries) {
      const r = await fetch(`${url.split('/u/')[0]}/u/${forged}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
      expect(r.status, forged).toBeGreaterThanOrEqual(400);
      expect(r.status, forged).toBeLessThan(500);
    }
    // A preferences token is not an unsubscribe token.
    const prefs = stack!.container.links.preferences(6).split('/preferences/')[1]!;
    expect((await fetch(`${url.split('/u/')[0]}/u/${prefs}`, { method: 'POST' })).status).toBe(400);
    const unsubscribed = await stack!.container.db.query(`select 1 from subscriptions where status = 'unsubscribed'`);
    expect(unsubscribed).toHaveLength(0);
  });

  it('accepts links signed with the previous key during a rotation, and unsubscribes from everything', async () => {
    const { local } = await sentEdition();
    const [{ id }] = (await stack!.container.db.query<{ id: number }>(`select id from subscribers where email = 'reader000008@example.com'`)) as [{ id: number }];
    const old = signToken(PREVIOUS_SECRET, { purpose: 'unsubscribe-all', subscriberId: id, listId: 0 });
    const r = await fetch(local(`https://letters.broadsheet.example/u/${old}`), { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('You will not receive any of our newsletters any more.');
    expect(await statusOf('reader000008@example.com')).toBe('unsubscribed');
    expect(await statusOf('reader000008@example.com', 'weekend')).toBe('unsubscribed');
  });
});

describe('preference page (PostgreSQL)', () => {
  it('shows the lists, changes the name, leaves and rejoins lists', async () => {
    const { local, emailTo } = await sentEdition();
    const prefsUrl = local(/href="([^"]*\/preferences\/[^"]+)"/.exec(emailTo('reader000010@example.com').html!)![1]!);
    const page = await (await fetch(prefsUrl)).text();
    expect(page).toContain('The Broadsheet Daily');
    expect(page).toContain('The Weekend Edition');
    expect(page).toContain('paid subscriber'); // every fifth generated reader is paid

    const [{ id: weekend }] = (await stack!.container.db.query<{ id: number }>(`select id from lists where slug = 'weekend'`)) as [{ id: number }];
    const form = new URLSearchParams([['name', 'Ana <b>María</b>'], ['list', String(weekend)]]);
    const saved = await fetch(prefsUrl, { method: 'POST', body: form, redirect: 'manual' });
    expect(saved.status).toBe(303);
    expect(await statusOf('reader000010@example.com')).toBe('unsubscribed');
    expect(await statusOf('reader000010@example.com', 'weekend')).toBe('active');
    const after = await (await fetch(`${prefsUrl}?saved=1`)).text();
    expect(after).toContain('value="Ana &lt;b&gt;Mar&#237;a&lt;/b&gt;"'); // escaped, never markup

    const [{ id: daily }] = (await stack!.container.db.query<{ id: number }>(`select id from lists where slug = 'daily-digest'`)) as [{ id: number }];
    await fetch(prefsUrl, { method: 'POST', body: new URLSearchParams([['name', 'Ana'], ['list', String(daily)], ['list', String(weekend)]]) });
    expect(await statusOf('reader000010@example.com')).toBe('active'); // resubscribed
  });
});

describe('Resend webhooks (PostgreSQL)', () => {
  const event = (type: string, to: string, extra: object = {}) =>
    JSON.stringify({ type, created_at: new Date().toISOString(), data: { email_id: 'em_123', to: [to], subject: 's', from: 'f@x.io', created_at: new Date().toISOString(), message_id: 'm', ...extra } });

  it('suppresses a permanent bounce once, records delivery events, and refuses bad signatures', async () => {
    const { local, db } = await sentEdition();
    const url = local('https://letters.broadsheet.example/webhooks/resend');
    const post = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', body, headers });

    const bounce = event('email.bounced', 'Reader000012@example.com', { bounce: { type: 'Permanent', subType: 'General', message: 'mailbox does not exist' } });
    const headers = svixHeaders(WEBHOOK_SECRET, bounce);
    const ok = await post(bounce, headers);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'processed', type: 'email.bounced' });
    expect(await statusOf('reader000012@example.com')).toBe('unsubscribed');
    expect(await statusOf('reader000012@example.com', 'weekend')).toBe('unsubscribed');
    expect(await db.query(`select reason from suppressions`)).toEqual([{ reason: 'hard bounce (General: mailbox does not exist)' }]);

    // Replayed: the same svix-id is processed once.
    expect(await (await post(bounce, headers)).json()).toEqual({ status: 'duplicate', type: 'email.bounced' });

    // Tampered, stale, unsigned, signed with another secret: 401 and nothing stored.
    const complaint = event('email.complained', 'reader000013@example.com');
    const rejected = [
      await post(complaint.replace('000013', '000014'), svixHeaders(WEBHOOK_SECRET, complaint)),
      await post(complaint, svixHeaders(WEBHOOK_SECRET, complaint, { timestamp: Math.floor(Date.now() / 1000) - 600 })),
      await post(complaint, { 'content-type': 'application/json' }),
      await post(complaint, svixHeaders(newWebhookSecret(), complaint)),
    ];
    expect(rejected.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(await db.query(`select count(*)::int as n from webhook_events`)).toEqual([{ n: 1 }]);
    expect(await statusOf('reader000013@example.com')).toBe('active');

    // A soft bounce and a delivery are kept for stats only.
    for (const body of [event('email.bounced', 'reader000015@example.com', { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'full' } }), event('email.delivered', 'reader000015@example.com')]) {
      expect((await post(body, svixHeaders(WEBHOOK_SECRET, body))).status).toBe(200);
    }
    expect(await statusOf('reader000015@example.com')).toBe('active');
    expect((await db.query<{ type: string }>(`select type from delivery_events order by id`)).map((r) => r.type)).toEqual(['email.bounced', 'email.bounced', 'email.delivered']);
  });

  it('never prepares a suppressed address again, even after it is imported again', async () => {
    const { db, edition } = await sentEdition();
    const body = event('email.complained', 'reader000016@example.com');
    await fetch(`${server!.url}/webhooks/resend`, { method: 'POST', body, headers: svixHeaders(WEBHOOK_SECRET, body) });
    await db.query(`update subscriptions set status = 'active'`); // as if a careless re-import re-activated everyone
    const next = await createEdition(db, { listSlug: 'daily-digest', content: edition.content });
    const before = stack!.resend.accepted.length;
    await scheduleEdition(db, await stack!.container.queue(), next.id);
    await waitFor(async () => isFinal((await editionProgress(db, next.id)).status));
    const sent = stack!.resend.accepted.slice(before).map((e) => e.to[0]);
    expect(sent).toHaveLength(19);
    expect(sent).not.toContain('reader000016@example.com');
  });
});

describe('double opt-in subscribe (PostgreSQL)', () => {
  it('sends a confirmation, activates only on the button, answers alike for every address, and rate-limits', async () => {
    const { db } = await sentEdition();
    const subscribe = (body: object) => fetch(`${server!.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const sentTo = (address: string) => stack!.resend.accepted.filter((e) => e.to[0] === address && e.subject.startsWith('Confirm your subscription to '));

    const fresh = await subscribe({ email: 'New.Reader@example.com', name: 'Nueva', lists: ['daily-digest', 'weekend'] });
    expect(fresh.status).toBe(202);
    const answer = await fresh.json();
    expect(await statusOf('New.Reader@example.com')).toBe('pending');

    // The same answer for an active reader and for a suppressed address; neither gets an email.
    const active = await subscribe({ email: 'reader000001@example.com', lists: ['daily-digest'] });
    await stack!.container.db.query(`insert into suppressions (email_normalized, email_hash, reason) values ('gone@example.com', bs_email_hash('gone@example.com'), 'complaint')`);
    const gone = await subscribe({ email: 'gone@example.com', lists: ['daily-digest'] });
    expect([active.status, gone.status]).toEqual([202, 202]);
    expect([await active.json(), await gone.json()]).toEqual([answer, answer]);

    const confirmation = await waitFor(async () => sentTo('New.Reader@example.com')[0]);
    expect(sentTo('reader000001@example.com')).toEqual([]);
    expect(sentTo('gone@example.com')).toEqual([]);
    const link = /href="(https:\/\/letters\.broadsheet\.example\/confirm\/[^"]+)"/.exec(confirmation.html!)![1]!.replace('https://letters.broadsheet.example', server!.url);

    expect((await fetch(link)).status).toBe(200); // a scanner's GET confirms nothing
    expect(await statusOf('New.Reader@example.com')).toBe('pending');
    const confirmed = await fetch(link, { method: 'POST' });
    expect(await confirmed.text()).toContain('Welcome to The Broadsheet Daily, The Weekend Edition');
    expect(await statusOf('New.Reader@example.com')).toBe('active');
    expect(await statusOf('New.Reader@example.com', 'weekend')).toBe('active');

    // Asking again once subscribed sends nothing, and a form cannot rename an existing reader.
    await subscribe({ email: 'new.reader@example.com', name: 'Someone Else', lists: ['daily-digest'] });
    const [{ name }] = (await db.query<{ name: string }>(`select name from subscribers where email_normalized = 'new.reader@example.com'`)) as [{ name: string }];
    expect(name).toBe('Nueva');
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo('New.Reader@example.com')).toHaveLength(1);

    // Five requests a minute per client: this is the fifth, the sixth is refused.
    expect((await subscribe({ email: 'x@example.com', lists: ['daily-digest'] })).status).toBe(202);
    const limited = await subscribe({ email: 'y@example.com', lists: ['daily-digest'] });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('behind a trusted proxy, limits each client by X-Forwarded-For, not the proxy as one client', async () => {
    stack = await createTestStack('postgres', { env: { TRUSTED_PROXY_HOPS: '1' } });
    await createList(stack.container.db, 'daily-digest', 'The Broadsheet Daily');
    server = await startServer(stack.container, 0, '127.0.0.1');
    const subscribe = (client: string, i: number) =>
      fetch(`${server!.url}/api/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ email: `r${i}@example.com`, lists: ['daily-digest'] }),
      });
    // Five from one reader, then the sixth refused; another reader behind the same proxy is still served.
    for (let i = 0; i < 5; i++) expect((await subscribe('203.0.113.7', i)).status).toBe(202);
    expect((await subscribe('203.0.113.7', 5)).status).toBe(429);
    expect((await subscribe('198.51.100.9', 6)).status).toBe(202);
    // A client that claims to be someone else is still the address our proxy saw.
    expect((await subscribe('198.51.100.9, 203.0.113.7', 7)).status).toBe(429);
  });

  it('rejects malformed requests with a clear 400', async () => {
    await sentEdition();
    const post = (body: string) => fetch(`${server!.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const bad = await post(JSON.stringify({ email: 'not-an-address', lists: ['daily-digest'] }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'email must contain exactly one @ with text before it' });
    expect((await (await post(JSON.stringify({ email: 'a@example.com', lists: ['nope'] }))).json())).toEqual({ error: 'no list "nope"' });
    expect((await post('{"email":')).status).toBe(400);
  });
});

describe('public web archive (PostgreSQL)', () => {
  it('shows a sent edition at its "view in browser" link with no personal data, in an index and an RSS feed', async () => {
    const { db, edition, local, emailTo } = await sentEdition();
    const email = emailTo('reader000002@example.com');
    const view = local(/href="(https:\/\/letters\.broadsheet\.example\/archive\/[^"]+)"/.exec(email.html!)![1]!);
    const res = await fetch(view);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Narcos&#8217; secret weapon is WhatsApp');
    expect(page).not.toMatch(/reader0000|\/u\/v1\.|\/preferences\/v1\./); // nobody's address or links
    expect(res.headers.get('content-security-policy')).toContain('img-src https:');

    const index = await (await fetch(`${server!.url}/archive/list/daily-digest`)).text();
    expect(index).toContain(`href="/archive/${edition.id}"`);
    const rss = await fetch(`${server!.url}/archive/list/daily-digest/feed.xml`);
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    expect(await rss.text()).toContain(`<link>https://letters.broadsheet.example/archive/${edition.id}</link>`);

    const [{ id: draft }] = (await db.query<{ id: string }>(`insert into editions (list_id, subject, content, edition_date) select list_id, 'draft', content, edition_date from editions limit 1 returning id`)) as [{ id: string }];
    expect((await fetch(`${server!.url}/archive/${draft}`)).status).toBe(404);
    expect((await fetch(`${server!.url}/archive/not-a-uuid`)).status).toBe(404);
  });
});

describe('per-edition stats from webhooks (PostgreSQL)', () => {
  it('counts readers delivered, bounced, complained, opened, clicked and unsubscribed', async () => {
    const { db, edition, local, emailTo } = await sentEdition();
    const ids = (await db.query<{ id: string }>(`select provider_id as id from deliveries where edition_id = $1 order by subscriber_id`, [edition.id])).map((r) => r.id);
    const send = async (type: string, emailId: string, extra: object = {}) => {
      const body = JSON.stringify({ type, created_at: new Date().toISOString(), data: { email_id: emailId, to: ['reader000020@example.com'], ...extra } });
      expect((await fetch(`${server!.url}/webhooks/resend`, { method: 'POST', body, headers: svixHeaders(WEBHOOK_SECRET, body) })).status).toBe(200);
    };
    for (const id of ids.slice(0, 15)) await send('email.delivered', id);
    for (const id of ids.slice(0, 6)) await send('email.opened', id);
    await send('email.opened', ids[0]!); // a second open by the same reader counts once
    await send('email.clicked', ids[1]!, { click: { link: seedLead.url, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)', timestamp: new Date().toISOString(), ipAddress: '203.0.113.9' } });
    await send('email.bounced', ids[19]!, { bounce: { type: 'Permanent', subType: 'General', message: 'gone' } });
    const unsubscribeUrl = local(/^<(.+)>$/.exec(emailTo('reader000005@example.com').headers['List-Unsubscribe']!)![1]!);
    await fetch(unsubscribeUrl, { method: 'POST', body: 'List-Unsubscribe=One-Click' });

    const token = await createApiToken(db, 'desk', 'editor');
    const stats = await (await fetch(`${server!.url}/api/editions/${edition.id}/stats`, { headers: { authorization: `Bearer ${token.token}` } })).json();
    expect(stats).toMatchObject({ id: edition.id, recipients: 20, submitted: 20, delivered: 15, bounced: 1, complained: 0, opened: 6, clicked: 1, unsubscribed: 1, scannerClicks: 0 });
    expect(stats.opensNote).toMatch(/^opens over-count/);
  });
});
