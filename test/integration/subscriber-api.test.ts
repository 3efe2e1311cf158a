import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'svix';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { createEdition, editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createApiToken, type Scope } from '../../src/security/api-tokens.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { addSection } from '../../src/subscribers/list-sections.ts';
import { DATABASE_KINDS, type DatabaseKind } from '../support/databases.ts';
import { newWebhookSecret, svixHeaders } from '../support/svix.ts';
import { createTestStack, TEST_PUBLIC_URL, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let server: RunningServer | undefined;
const receivers: Server[] = [];
afterEach(async () => {
  await server?.close();
  await stack?.dispose();
  for (const r of receivers.splice(0)) await new Promise((done) => r.close(done));
  server = stack = undefined;
});

interface Received {
  id: string;
  type: string;
  data: Record<string, any>;
}

/** A newsroom's receiver: verifies every request with the svix package, as a receiver would; answers what `answer` says. */
async function startReceiver(answer: (n: number) => number = () => 200) {
  const got: Received[] = [];
  const ids: string[] = [];
  let secret = '';
  let n = 0;
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const status = answer(++n);
      ids.push(String(req.headers['svix-id']));
      try {
        const event = new Webhook(secret).verify(body, req.headers as Record<string, string>) as { type: string; data: Record<string, any> };
        if (status === 200) got.push({ id: String(req.headers['webhook-id']), type: event.type, data: event.data });
      } catch (err) {
        res.writeHead(401).end(String(err));
        return;
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  receivers.push(srv);
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hooks`,
    got,
    ids,
    setSecret: (s: string) => (secret = s),
  };
}

async function setUp(env: Record<string, string> = {}, kind: DatabaseKind = 'postgres') {
  stack = await createTestStack(kind, { env: { WEBHOOK_BACKOFF_MS: '50', ...env } });
  const { db } = stack.container;
  await createList(db, 'daily-digest', 'The Broadsheet Daily');
  await addSection(db, (await db.query<{ id: number }>(`select id from lists where slug = 'daily-digest'`))[0]!.id, 'Politics');
  await stack.workers();
  server = await startServer(stack.container, 0, '127.0.0.1');
  const tokens = {} as Record<Scope, string>;
  for (const scope of ['editor', 'admin', 'subscribers:read', 'subscribers:write'] as const) tokens[scope] = (await createApiToken(db, scope, scope)).token;
  const call = async (scope: Scope, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[scope]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  return { db, call };
}

describe('the subscriber API (subscribers:read / subscribers:write tokens)', () => {
  it.each(DATABASE_KINDS)('upserts by address idempotently, pages a list with a cursor, leaves and erases, and keeps the scopes apart (%s)', async (kind) => {
    const { call } = await setUp({}, kind);
    const ana = '/api/subscribers/' + encodeURIComponent('Ana.Perez+news@Example.com');

    // Scopes: the desk's editor token cannot read readers; a read token cannot write, nor touch editions.
    expect((await call('editor', 'GET', ana)).status).toBe(403);
    expect((await call('subscribers:read', 'PUT', ana, { tier: 'paid' })).status).toBe(403);
    expect((await call('subscribers:read', 'GET', '/api/editions')).status).toBe(403);

    const created = await call('subscribers:write', 'PUT', ana, { name: 'Ana Pérez', timezone: 'America/Mexico_City', attributes: { plan: 'basic' }, lists: [{ list: 'daily-digest', sections: ['Politics'] }] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      result: 'created',
      subscriber: { email: 'Ana.Perez+news@Example.com', name: 'Ana Pérez', tier: 'free', timezone: 'America/Mexico_City', attributes: { plan: 'basic' }, lists: [{ list: 'daily-digest', status: 'active', sections: ['politics'] }], suppressed: null },
    });
    // The same request again changes nothing, and says so.
    const again = await call('subscribers:write', 'PUT', ana, { name: 'Ana Pérez', timezone: 'America/Mexico_City', attributes: { plan: 'basic' }, lists: [{ list: 'daily-digest', sections: ['Politics'] }] });
    expect(again).toMatchObject({ status: 200, json: { result: 'unchanged' } });
    expect(again.json.subscriber.updatedAt).toBe(created.json.subscriber.updatedAt);
    // Only what is sent changes: the tier, and an attribute removed with null.
    const upgraded = await call('subscribers:write', 'PUT', ana, { tier: 'paid', attributes: { plan: null, stripe: 'cus_1' } });
    expect(upgraded.json).toMatchObject({ result: 'updated', subscriber: { name: 'Ana Pérez', tier: 'paid', attributes: { stripe: 'cus_1' } } });
    expect(upgraded.json.subscriber.attributes).not.toHaveProperty('plan');
    expect((await call('subscribers:read', 'GET', ana)).json.subscriber).toMatchObject({ tier: 'paid', lists: [{ list: 'daily-digest', status: 'active' }] });

    // Bad input names the field and writes nothing.
    const bad = [
      [{ lists: ['daily-digest', 'no-such-list'] }, 'lists[1]: no list "no-such-list"'],
      [{ timezone: 'Mars/Olympus' }, 'timezone: unknown time zone "Mars/Olympus"'],
      [{ tier: 'gold' }, 'tier'],
      [{ lists: [{ list: 'daily-digest', sections: ['Sports'] }] }, 'lists[0] (daily-digest):'],
    ] as const;
    for (const [body, said] of bad) {
      const r = await call('subscribers:write', 'PUT', ana, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error).toContain(said);
    }
    expect((await call('subscribers:write', 'PUT', '/api/subscribers/not-an-address', {})).status).toBe(400);
    expect((await call('subscribers:read', 'GET', ana)).json.subscriber).toMatchObject({ tier: 'paid', timezone: 'America/Mexico_City' });

    // Bulk: a result per item; the bad one is named by index, the others land.
    const items = Array.from({ length: 24 }, (_, i) => ({ email: `reader${String(i).padStart(2, '0')}@example.com`, tier: i % 3 === 0 ? 'paid' : 'free', lists: ['daily-digest'] }));
    const bulk = await call('subscribers:write', 'POST', '/api/subscribers/bulk', { subscribers: [...items, { email: 'broken@', lists: ['daily-digest'] }] });
    expect(bulk.status).toBe(200);
    expect(bulk.json.counts).toEqual({ created: 24, updated: 0, unchanged: 0, error: 1 });
    expect(bulk.json.results[24]).toMatchObject({ index: 24, email: 'broken@', result: 'error', error: expect.stringMatching(/^email /) });
    expect((await call('subscribers:write', 'POST', '/api/subscribers/bulk', { subscribers: Array.from({ length: 1001 }, (_, i) => ({ email: `x${i}@example.com` })) })).status).toBe(400);

    // Pages of 10 over 25 readers, by cursor; then only the paid ones.
    const seen: string[] = [];
    let after: string | null = '';
    let pages = 0;
    while (after !== null) {
      const page = await call('subscribers:read', 'GET', `/api/subscribers?list=daily-digest&limit=10${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.json.subscribers.map((s: { email: string }) => s.email));
      after = page.json.next;
      pages++;
    }
    expect({ pages, readers: seen.length, distinct: new Set(seen).size }).toEqual({ pages: 3, readers: 25, distinct: 25 });
    const paid = await call('subscribers:read', 'GET', '/api/subscribers?list=daily-digest&tier=paid&status=active&limit=1000');
    expect(paid.json.subscribers).toHaveLength(9);
    expect((await call('subscribers:read', 'GET', '/api/subscribers?list=daily-digest&status=gone')).status).toBe(400);

    // Leave one list; then erase: gone, and never added again.
    const left = await call('subscribers:write', 'DELETE', `${ana}/lists/daily-digest`);
    expect(left.json.subscriber.lists).toEqual([expect.objectContaining({ list: 'daily-digest', status: 'unsubscribed', leftReason: 'api' })]);
    expect((await call('subscribers:write', 'DELETE', ana)).json).toEqual({ erased: true });
    expect((await call('subscribers:read', 'GET', ana)).status).toBe(404);
    const back = await call('subscribers:write', 'PUT', ana, { lists: ['daily-digest'] });
    expect(back.status).toBe(409);
    expect(back.json.error).toContain("erased at its owner's request");
    expect((await call('subscribers:write', 'DELETE', ana)).status).toBe(404);
  });

  it('paywall recipe: an upgrade through the API makes the next email the paid variant; a cancellation makes it free again', async () => {
    const { db, call } = await setUp();
    const reader = '/api/subscribers/' + encodeURIComponent('lector@example.com');
    expect((await call('subscribers:write', 'PUT', reader, { name: 'Lector', lists: ['daily-digest'] })).status).toBe(201);

    const sendEdition = async (date: string) => {
      const edition = await createEdition(db, { listSlug: 'daily-digest', content: seedDigest, editionDate: date });
      await scheduleEdition(db, await stack!.container.queue(), edition.id);
      await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), `the edition of ${date} to finish`);
      const sent = stack!.resend.accepted.filter((e) => e.tags.some((t) => t.name === 'edition' && t.value === edition.id));
      expect(sent.map((e) => e.to[0])).toEqual(['lector@example.com']);
      return { tier: sent[0]!.tags.find((t) => t.name === 'tier')!.value, html: sent[0]!.html! };
    };
    const before = await sendEdition('2026-11-01');
    expect((await call('subscribers:write', 'PUT', reader, { tier: 'paid' })).json.result).toBe('updated');
    const upgraded = await sendEdition('2026-11-02');
    expect((await call('subscribers:write', 'PUT', reader, { tier: 'free' })).json.result).toBe('updated');
    const cancelled = await sendEdition('2026-11-03');
    expect([before.tier, upgraded.tier, cancelled.tier]).toEqual(['free', 'paid', 'free']);
    // What the reader sees: the free copies invite them to become paid, the paid one does not.
    const pitch = 'Paid subscribers get all access to make &amp; read comments';
    expect([before.html.includes(pitch), upgraded.html.includes(pitch), cancelled.html.includes(pitch)]).toEqual([true, false, true]);
  });
});

describe('signed webhooks out', () => {
  it('tells a receiver about readers and editions, signed so the svix package verifies them, retried under the same id', async () => {
    // The first request fails: it must come again, with the same webhook-id.
    const receiver = await startReceiver((n) => (n === 1 ? 500 : 200));
    const { db, call } = await setUp();
    const made = await call('admin', 'POST', '/api/webhook-endpoints', { url: receiver.url, events: ['subscriber.created', 'subscriber.updated', 'subscriber.unsubscribed', 'subscriber.suppressed', 'edition.scheduled', 'edition.sent'] });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ id: expect.any(Number), secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/) });
    receiver.setSecret(made.json.secret);
    expect((await call('editor', 'POST', '/api/webhook-endpoints', { url: receiver.url, events: ['edition.sent'] })).status).toBe(403);
    expect((await call('admin', 'POST', '/api/webhook-endpoints', { url: receiver.url, events: ['subscriber.exploded'] })).json.error).toMatch(/^events\.0: must be one of subscriber\.created, /);

    const reader = '/api/subscribers/' + encodeURIComponent('lector@example.com');
    await call('subscribers:write', 'PUT', reader, { name: 'Lector', lists: ['daily-digest'] });
    await call('subscribers:write', 'PUT', reader, { tier: 'paid' });
    const edition = await createEdition(db, { listSlug: 'daily-digest', content: seedDigest, editionDate: '2026-11-05' });
    await scheduleEdition(db, await stack!.container.queue(), edition.id);
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');
    await call('subscribers:write', 'DELETE', `${reader}/lists/daily-digest`);
    await call('subscribers:write', 'DELETE', reader);

    const types = ['subscriber.created', 'subscriber.updated', 'edition.scheduled', 'edition.sent', 'subscriber.unsubscribed', 'subscriber.suppressed'];
    await waitFor(async () => receiver.got.length >= types.length && receiver.got, `${types.length} events at the receiver (got ${receiver.got.map((g) => g.type).join(', ')})`);
    expect(receiver.got.map((g) => g.type).sort()).toEqual([...types].sort());
    const byType = Object.fromEntries(receiver.got.map((g) => [g.type, g.data]));
    expect(byType['subscriber.created']).toMatchObject({ email: 'lector@example.com', name: 'Lector', tier: 'free', source: 'api', lists: [{ list: 'daily-digest', status: 'active' }] });
    expect(byType['subscriber.updated']).toMatchObject({ email: 'lector@example.com', tier: 'paid' });
    expect(byType['edition.scheduled']).toMatchObject({ id: edition.id, list: 'daily-digest', status: 'scheduled' });
    expect(byType['edition.sent']).toMatchObject({ id: edition.id, list: 'daily-digest', status: 'sent', submitted: 1, failed: 0 });
    expect(byType['subscriber.unsubscribed']).toMatchObject({ email: 'lector@example.com', reason: 'api', left: ['daily-digest'] });
    expect(byType['subscriber.suppressed']).toMatchObject({ email: 'lector@example.com', kind: 'erasure' });
    // The failed first request came again under its own id, and the desk's record shows both answers.
    expect(receiver.ids.indexOf(receiver.ids[0]!, 1)).toBeGreaterThan(0);
    await waitFor(async () => (await db.query(`select 1 from outbound_deliveries where status = 'pending'`)).length === 0, 'every delivery to be recorded');
    const detail = await call('admin', 'GET', `/api/webhook-endpoints/${made.json.id}`);
    const first = detail.json.attempts.filter((a: { eventId: string }) => `msg_${a.eventId.replace(/-/g, '')}` === receiver.ids[0]);
    expect(first.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode]).sort()).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(detail.json.endpoint).toMatchObject({ consecutiveFailures: 0, disabledAt: null });
    // The erased reader's address is gone from what we keep of the events, once they went out.
    const kept = await db.query<{ type: string; payload: Record<string, unknown> }>(`select type, payload from outbound_events where type like 'subscriber.%' order by created_at`);
    expect(kept.map((k) => k.payload)).toEqual(kept.map((k) => ({ type: k.type, redacted: true })));
  });

  it("tells the receiver what readers do themselves: sign up, confirm, unsubscribe in one click; and a provider's hard bounce", async () => {
    const receiver = await startReceiver();
    const secret = newWebhookSecret();
    const { db, call } = await setUp({ RESEND_WEBHOOK_SECRET: secret });
    const made = await call('admin', 'POST', '/api/webhook-endpoints', { url: receiver.url, events: ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed', 'subscriber.suppressed'] });
    receiver.setSecret(made.json.secret);
    const local = (url: string) => url.replace(TEST_PUBLIC_URL, server!.url);

    expect((await fetch(`${server!.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nueva@example.com', name: 'Nueva', lists: ['daily-digest'] }) })).status).toBe(202);
    const confirmation = await waitFor(async () => stack!.resend.accepted.find((e) => e.to[0] === 'nueva@example.com'), 'the confirmation email');
    const confirm = /href="(https:\/\/letters\.broadsheet\.example\/confirm\/[^"]+)"/.exec(confirmation.html!)![1]!;
    expect((await fetch(local(confirm), { method: 'POST' })).status).toBe(200);
    const [reader] = await db.query<{ id: number; listId: number }>(`select s.id, sub.list_id as "listId" from subscribers s join subscriptions sub on sub.subscriber_id = s.id where s.email = 'nueva@example.com'`);
    const oneClick = await fetch(local(stack!.container.links.unsubscribe(reader!.id, reader!.listId)), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);

    await call('subscribers:write', 'PUT', '/api/subscribers/rebota%40example.com', { lists: ['daily-digest'] });
    const bounce = JSON.stringify({ type: 'email.bounced', created_at: new Date().toISOString(), data: { email_id: 'em_1', to: ['rebota@example.com'], subject: 's', from: 'f@x.io', created_at: new Date().toISOString(), bounce: { type: 'Permanent', subType: 'General', message: 'mailbox does not exist' } } });
    expect((await fetch(`${server!.url}/webhooks/resend`, { method: 'POST', body: bounce, headers: svixHeaders(secret, bounce) })).status).toBe(200);

    const expected = ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed', 'subscriber.created', 'subscriber.suppressed'];
    await waitFor(async () => receiver.got.length >= expected.length, `${expected.length} events (got ${receiver.got.map((g) => g.type).join(', ')})`);
    const of = (type: string, email: string) => receiver.got.find((g) => g.type === type && g.data.email === email)?.data;
    expect(of('subscriber.created', 'nueva@example.com')).toMatchObject({ name: 'Nueva', source: 'signup', lists: [{ list: 'daily-digest', status: 'pending' }] });
    expect(of('subscriber.confirmed', 'nueva@example.com')).toMatchObject({ lists: [{ list: 'daily-digest', status: 'active' }] });
    expect(of('subscriber.unsubscribed', 'nueva@example.com')).toMatchObject({ reason: 'unsubscribed', left: ['daily-digest'] });
    expect(of('subscriber.suppressed', 'rebota@example.com')).toMatchObject({ kind: 'bounce', reason: expect.stringContaining('bounce') });
  });

  it('disables an endpoint after a long run of failures, with the reason, and enables it again', async () => {
    const receiver = await startReceiver(() => 503);
    const { call } = await setUp({ WEBHOOK_DISABLE_AFTER: '4', WEBHOOK_ATTEMPTS: '3' });
    const made = await call('admin', 'POST', '/api/webhook-endpoints', { url: receiver.url, events: ['subscriber.created'] });
    receiver.setSecret(made.json.secret);
    for (const name of ['a', 'b', 'c']) await call('subscribers:write', 'PUT', `/api/subscribers/${name}%40example.com`, { lists: ['daily-digest'] });
    const endpoint = await waitFor(async () => {
      const r = await call('admin', 'GET', `/api/webhook-endpoints/${made.json.id}`);
      return r.json.endpoint.disabledAt && r.json;
    }, 'the endpoint to be disabled');
    expect(endpoint.endpoint.disabledReason).toMatch(/^4 failed attempts in a row since \d{4}-\d\d-\d\dT\d\d:\d\dZ; the last: HTTP 503$/);
    expect(endpoint.attempts.every((a: { statusCode: number }) => a.statusCode === 503)).toBe(true);
    // Disabled: deliveries still pending end as failed, naming why.
    await waitFor(async () => (await stack!.container.db.query(`select 1 from outbound_deliveries where status = 'pending'`)).length === 0, 'no delivery pending');
    const enabled = await call('admin', 'PATCH', `/api/webhook-endpoints/${made.json.id}`, { enabled: true });
    expect(enabled.json.endpoint).toMatchObject({ disabledAt: null, disabledReason: null, consecutiveFailures: 0 });
    expect((await call('admin', 'DELETE', `/api/webhook-endpoints/${made.json.id}`)).status).toBe(204);
    expect((await call('admin', 'GET', `/api/webhook-endpoints/${made.json.id}`)).status).toBe(404);
  });
});
