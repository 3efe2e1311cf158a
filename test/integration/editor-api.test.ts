import { afterEach, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../src/http/editor-api.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/security/api-tokens.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { generateSubscriberCsv } from '../../src/cli/demo-readers.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { createTestStack, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let server: RunningServer | undefined;
let feeds: Awaited<ReturnType<typeof startFeedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  await stack?.dispose();
  await feeds?.stop();
  server = stack = feeds = undefined;
});

describe('the editors’ JSON API (PostgreSQL, Redis, workers, resend SDK → fake)', () => {
  it('composes from a feed, edits, previews, test-sends, schedules and follows an edition to sent', async () => {
    stack = await createTestStack('postgres');
    feeds = await startFeedServer();
    const { db } = stack.container;
    await createList(db, 'daily-digest', 'The Broadsheet Daily');
    await importSubscribers(db, 'daily-digest', generateSubscriberCsv(30));
    await stack.workers();
    server = await startServer(stack.container, 0, '127.0.0.1');
    const { token } = await createApiToken(db, 'desk', 'editor');
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
    };

    // A file path as a feed would let any token read the server's disk: refused.
    expect((await call('POST', '/api/editions', { list: 'daily-digest', feed: { url: 'file:///etc/passwd' } })).status).toBe(400);
    const bad = await call('POST', '/api/editions', { list: 'daily-digest', content: { lead: { id: 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/lead\.headline: is required/);

    const created = await call('POST', '/api/editions', { list: 'daily-digest', feed: { url: feeds.feedUrl, teasers: 1 } });
    expect(created.status).toBe(201);
    const edition = created.json.edition;
    expect(edition).toMatchObject({ status: 'draft', listSlug: 'daily-digest' });
    expect(edition.content.teasers).toHaveLength(1);
    const spare = edition.candidates.map((a: { id: string }) => a.id).filter((id: string) => id !== edition.content.lead.id && id !== edition.content.teasers[0].id);
    expect(spare.length).toBeGreaterThan(0);

    // Swap the lead for a candidate, put the old lead second among the teasers, edit subject and note.
    const patched = await call('PATCH', `/api/editions/${edition.id}`, {
      leadId: spare[0],
      teaserIds: [edition.content.teasers[0].id, edition.content.lead.id],
      subject: 'Morning: the stories that matter',
      note: 'Thanks for reading <b>us</b>.',
    });
    expect(patched.status).toBe(200);
    expect(patched.json.edition.content.lead.id).toBe(spare[0]);
    expect(patched.json.edition.content.teasers.map((t: { id: string }) => t.id)).toEqual([edition.content.teasers[0].id, edition.content.lead.id]);
    const unknown = await call('PATCH', `/api/editions/${edition.id}`, { teaserIds: ['no-such-story'] });
    expect(unknown).toMatchObject({ status: 400 });
    expect(unknown.json.error).toBe('teasers[0]: no story "no-such-story" in this edition or its feed');

    const html = await call('GET', `/api/editions/${edition.id}/preview?tier=paid`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(html.text).toContain('Thanks for reading &lt;b&gt;us&lt;/b&gt;.');
    const text = await call('GET', `/api/editions/${edition.id}/preview?format=text`);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.text).toContain('Thanks for reading <b>us</b>.');

    const test = await call('POST', `/api/editions/${edition.id}/test-send`, { to: ['editor@newsroom.example'], tier: 'paid' });
    expect(test).toMatchObject({ status: 200, json: { sent: 1, tier: 'paid' } });
    expect(stack.resend.accepted[0]!.subject).toBe('[TEST paid] Morning: the stories that matter');

    expect((await call('POST', `/api/editions/${edition.id}/schedule`, { localTime: '07:00' })).json.error).toBe('timezone: is required with localTime');
    // As the desk and the CLI: a day the calendar lacks, or a time past, is a 400 and the edition stays a draft.
    expect((await call('POST', `/api/editions/${edition.id}/schedule`, { at: '2027-02-30T07:00:00Z' })).status).toBe(400);
    const past = await call('POST', `/api/editions/${edition.id}/schedule`, { at: '2020-01-01T07:00:00Z' });
    expect(past).toMatchObject({ status: 400, json: { error: 'at: 2020-01-01 07:00 UTC has passed; give no time to send now' } });
    const scheduled = await call('POST', `/api/editions/${edition.id}/schedule`, {});
    expect(scheduled.json.edition.status).toBe('scheduled');
    expect((await call('PATCH', `/api/editions/${edition.id}`, { subject: 'late change' })).status).toBe(409);
    const done = await waitFor(async () => {
      const r = await call('GET', `/api/editions/${edition.id}`);
      return r.json.status === 'sent' && r.json;
    }, 'sent');
    expect(done.progress).toMatchObject({ recipients: 30, sent: 30, failed: 0, pending: 0, etaSeconds: 0 });
    expect(done.progress.ratePerSecond).toBeGreaterThan(0);
    expect(stack.resend.accepted).toHaveLength(31);

    const list = await call('GET', '/api/editions?list=daily-digest&status=sent');
    expect(list.json.editions.map((e: { id: string }) => e.id)).toEqual([edition.id]);
    expect((await call('GET', `/api/editions/${edition.id}/stats`)).json).toMatchObject({ recipients: 30, submitted: 30 });

    // Sponsors: booked, refused when the slot is taken, shown in a grid edition of their dates, cancelled.
    const booking = { name: 'Banco Ejemplo', headline: 'Send money home', url: 'https://sponsor.example/r', placement: 'after-lead', startsOn: '2026-12-01', endsOn: '2026-12-31', tag: 'banco' };
    const booked = await call('POST', '/api/lists/daily-digest/sponsors', booking);
    expect(booked.status).toBe(201);
    expect((await call('POST', '/api/lists/daily-digest/sponsors', { ...booking, tag: 'again' })).status).toBe(409);
    expect((await call('POST', '/api/lists/daily-digest/sponsors', { ...booking, placement: 'footer' })).json.error).toBe('placement: must be after-lead or after-teaser-N (N from 1)');
    const grid = await call('POST', '/api/editions', { list: 'daily-digest', content: { articles: [edition.content.lead] }, editionDate: '2026-12-24', layout: 'grid' });
    expect(grid.json.edition.layout).toBe('grid');
    const sponsored = await call('GET', `/api/editions/${grid.json.edition.id}/preview`);
    expect(sponsored.text).toContain('mj-column');
    expect(sponsored.text).toContain('Sponsored &#183; Banco Ejemplo');
    expect(sponsored.text).toContain('utm_content=sponsor-banco');
    expect((await call('GET', '/api/lists/daily-digest/sponsors')).json.sponsors).toHaveLength(1);
    expect((await call('DELETE', `/api/sponsors/${booked.json.sponsor.id}`)).status).toBe(204);
    expect((await call('GET', `/api/editions/${grid.json.edition.id}/preview`)).text).not.toContain('Sponsored');

    // Recurring digests over the API: http(s) feeds only.
    expect((await call('PUT', '/api/schedules/daily-digest', { at: '07:00', timezone: 'America/Mexico_City', feed: './feed.rss' })).json.error).toBe('feed: must be an http:// or https:// URL');
    const put = await call('PUT', '/api/schedules/daily-digest', { at: '06:30', timezone: 'America/Mexico_City', feed: feeds.feedUrl, approve: true, readerTimezone: true });
    expect(put.json.schedule).toMatchObject({ listSlug: 'daily-digest', at: '06:30', approve: true, readerTimezone: true });
    expect((await call('GET', '/api/schedules')).json.schedules).toHaveLength(1);
    expect((await call('DELETE', '/api/schedules/daily-digest')).status).toBe(204);
    expect((await call('DELETE', '/api/schedules/daily-digest')).status).toBe(404);
  });

  it('fetches feeds only from FEED_HOSTS, redirects included', async () => {
    stack = await createTestStack('postgres', { env: { FEED_HOSTS: '127.0.0.1,.broadsheet.example' } });
    feeds = await startFeedServer();
    await createList(stack.container.db, 'daily-digest', 'The Broadsheet Daily');
    server = await startServer(stack.container, 0, '127.0.0.1');
    const { token } = await createApiToken(stack.container.db, 'desk', 'editor');
    const create = async (url: string) => {
      const res = await fetch(`${server!.url}/api/editions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ list: 'daily-digest', feed: { url } }),
      });
      return { status: res.status, body: await res.json() };
    };
    expect((await create(feeds.feedUrl)).status).toBe(201);
    expect(await create('http://169.254.169.254/latest/meta-data/')).toEqual({ status: 400, body: { error: 'feeds may only come from 127.0.0.1, .broadsheet.example (FEED_HOSTS), not 169.254.169.254' } });
    // An allowed host that redirects elsewhere is refused before the second request.
    feeds.set('/moved.xml', 302, '', { location: 'http://10.0.0.8/internal' });
    expect(await create(`${feeds.url}/moved.xml`)).toEqual({ status: 400, body: { error: 'feeds may only come from 127.0.0.1, .broadsheet.example (FEED_HOSTS), not 10.0.0.8' } });
    const schedule = await fetch(`${server!.url}/api/schedules/daily-digest`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ at: '07:00', timezone: 'UTC', feed: 'https://intranet.local/feed' }),
    });
    expect(await schedule.json()).toEqual({ error: 'feed: feeds may only come from 127.0.0.1, .broadsheet.example (FEED_HOSTS), not intranet.local' });
  });

  it('serves an OpenAPI 3.1 document that lists every route the server runs', async () => {
    stack = await createTestStack('postgres');
    server = await startServer(stack.container, 0, '127.0.0.1');
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const r of API_ROUTES) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op['x-scope']).toBe(r.scope);
      if (r.body) expect(op.requestBody.content['application/json'].schema.type).toBe('object');
    }
    expect(doc.paths['/api/editions/{id}'].patch.requestBody.content['application/json'].schema.properties.teaserIds.type).toBe('array');
    // The subscriber API's upsert answers 201 or 200; what webhook endpoints receive is described too.
    expect(Object.keys(doc.paths['/api/subscribers/{email}'].put.responses).slice(0, 2)).toEqual(['200', '201']);
    expect(doc.paths['/api/subscribers/{email}'].put['x-scope']).toBe('subscribers:write');
    expect(Object.keys(doc.webhooks)).toEqual(['subscriber.created', 'subscriber.confirmed', 'subscriber.updated', 'subscriber.unsubscribed', 'subscriber.suppressed', 'edition.scheduled', 'edition.sent']);
    // Every documented editor route really needs a token.
    for (const r of API_ROUTES) {
      const url = `${server.url}${r.path.replace(/:(\w+)/g, 'x')}`;
      expect((await fetch(url, { method: r.method.toUpperCase() })).status, `${r.method} ${r.path}`).toBe(401);
    }
  });
});
