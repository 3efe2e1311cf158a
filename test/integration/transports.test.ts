import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxTransport } from '../../src/transports/outbox-transport.ts';
import { createResendTransport } from '../../src/transports/resend-transport.ts';
import type { OutgoingEmail } from '../../src/transports/email-transport.ts';
import { FakeResend } from '../support/fake-resend-server.ts';

const email = (to: string): OutgoingEmail => ({
  from: 'Daily <daily@news.example>',
  to,
  subject: 'Buenos días, señora',
  html: '<p>Hola</p>',
  text: 'Hola',
  headers: { 'List-Unsubscribe': '<https://news.example/u/t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  tags: [{ name: 'edition', value: 'ed-1' }],
});

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('Resend transport through the real SDK', () => {
  it('sends a batch, maps ids by position around rejected addresses, and replays under the same key', async () => {
    const server = await new FakeResend({ rejects: (to) => (to.startsWith('bounce') ? 'The email address is on the suppression list.' : null) }).start();
    cleanup = () => server.stop();
    const transport = createResendTransport({ apiKey: 're_test_key', baseUrl: server.url });
    const batch = [email('a@example.com'), email('bounce@example.com'), email('c@example.com')];
    const first = await transport.sendBatch(batch, { idempotencyKey: 'k-1' });
    expect(first.outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(first.outcomes[1]).toEqual({ ok: false, reason: 'The email address is on the suppression list.' });
    const again = await transport.sendBatch(batch, { idempotencyKey: 'k-1' });
    expect(again).toEqual(first);
    expect(server.accepted.map((e) => e.to[0])).toEqual(['a@example.com', 'c@example.com']);
    expect(server.accepted[0]!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('reports a different body under a used key as an idempotency conflict', async () => {
    const server = await new FakeResend().start();
    cleanup = () => server.stop();
    const transport = createResendTransport({ apiKey: 're_test_key', baseUrl: server.url });
    await transport.sendBatch([email('a@example.com')], { idempotencyKey: 'k-2' });
    await expect(transport.sendBatch([email('b@example.com')], { idempotencyKey: 'k-2' })).rejects.toMatchObject({ code: 'idempotency_conflict', status: 409 });
  });

  it('reports a refused connection as unavailable (the SDK says statusCode null)', async () => {
    const transport = createResendTransport({ apiKey: 're_test_key', baseUrl: 'http://127.0.0.1:9' });
    await expect(transport.sendBatch([email('a@example.com')], { idempotencyKey: 'k-3' })).rejects.toMatchObject({ code: 'unavailable', status: null });
  });

  it('reports 429 with the server’s retry-after', async () => {
    const server = await new FakeResend({ rps: 1 }).start();
    cleanup = () => server.stop();
    const transport = createResendTransport({ apiKey: 're_test_key', baseUrl: server.url });
    await transport.sendBatch([email('a@example.com')], { idempotencyKey: 'k-4' });
    await expect(transport.sendBatch([email('b@example.com')], { idempotencyKey: 'k-5' })).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
  });
});

describe('outbox transport', () => {
  it('writes one .eml per message and an index, once per idempotency key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    cleanup = () => rm(dir, { recursive: true, force: true });
    const outbox = createOutboxTransport({ dir });
    const batch = [email('a@example.com'), email('b@example.com')];
    const first = await outbox.sendBatch(batch, { idempotencyKey: 'k' });
    expect(await outbox.sendBatch(batch, { idempotencyKey: 'k' })).toEqual(first);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(2);
    const index = (await readFile(join(dir, 'index.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(index.map((e) => e.to)).toEqual(['a@example.com', 'b@example.com']);
    const eml = await readFile(join(dir, index[0].file), 'utf8');
    expect(eml).toContain('Subject: =?UTF-8?B?');
    expect(eml).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
    expect(eml).toContain('Content-Type: multipart/alternative;');
  });
});
