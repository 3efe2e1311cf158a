import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxTransport, type OutboxFs } from '../../src/transports/outbox-transport.ts';
import { createResendTransport } from '../../src/transports/resend-transport.ts';
import { FakeResend } from '../support/fake-resend-server.ts';
import { outgoingEmail as email } from '../support/outgoing-email.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('Resend transport through the real SDK', () => {
  // Lean is the benchmark's fake: it keeps a tally instead of the emails, and answers a replay again from the body.
  it.each([false, true])('sends a batch, maps ids by position around rejected addresses, and replays under the same key (lean fake: %s)', async (lean) => {
    const server = await new FakeResend({ lean, rejects: (to) => (to.startsWith('bounce') ? 'The email address is on the suppression list.' : null) }).start();
    cleanup = () => server.stop();
    const transport = createResendTransport({ apiKey: 're_test_key', baseUrl: server.url });
    const batch = [email('a@example.com'), email('bounce@example.com'), email('c@example.com')];
    const first = await transport.sendBatch(batch, { idempotencyKey: 'k-1' });
    expect(first.outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(first.outcomes[1]).toEqual({ ok: false, reason: 'The email address is on the suppression list.' });
    const again = await transport.sendBatch(batch, { idempotencyKey: 'k-1' });
    expect(again).toEqual(first);
    expect(server.summary()).toMatchObject({ accepted: 2, recipients: 2, duplicates: 0 });
    if (lean) return;
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

  it('reads an answer given before a streamed body was taken (a 429 on a 4 MB batch, the connection closed after it) as that answer', async () => {
    const server = createServer((req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2', connection: 'close' });
      res.end(JSON.stringify({ statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests.' }), () => req.socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const transport = createResendTransport({ apiKey: 're_test_key', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    const batch = Array.from({ length: 100 }, (_, i) => ({ ...email(`reader${i}@example.com`), html: `<p>${'x'.repeat(40_000)}</p>` }));
    for (const key of ['k-6', 'k-7', 'k-8']) await expect(transport.sendBatch(batch, { idempotencyKey: key })).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 2000 });
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

/** Node's file system, but the `failAt`-th write of any kind runs out of space, after writing half of what it was given. */
function fullDiskAt(failAt: number): OutboxFs & { writes: number } {
  const state = { writes: 0 };
  const maybeFail = async (path: unknown, data?: unknown) => {
    if (++state.writes !== failAt) return false;
    if (typeof data === 'string') await fs.writeFile(String(path), data.slice(0, data.length / 2), { flag: 'a' });
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  };
  return {
    get writes() {
      return state.writes;
    },
    mkdir: fs.mkdir,
    readFile: fs.readFile,
    rm: fs.rm,
    stat: fs.stat,
    truncate: fs.truncate,
    rename: (async (from: string, to: string) => (await maybeFail(to)) || fs.rename(from, to)) as OutboxFs['rename'],
    writeFile: (async (path: string, data: string) => (await maybeFail(path, data)) || fs.writeFile(path, data)) as OutboxFs['writeFile'],
    appendFile: (async (path: string, data: string) => (await maybeFail(path, data)) || fs.appendFile(path, data)) as OutboxFs['appendFile'],
  };
}

describe('outbox under a full disk', () => {
  it('fails with the reason, and the retry leaves exactly one whole .eml per message and one index line each, wherever the disk filled', async () => {
    const batch = [email('a@example.com'), email('b@example.com'), email('c@example.com')];
    const clean = fullDiskAt(Number.POSITIVE_INFINITY);
    const probeDir = await mkdtemp(join(tmpdir(), 'outbox-probe-'));
    await createOutboxTransport({ dir: probeDir, fs: clean }).sendBatch(batch, { idempotencyKey: 'k' });
    const writesPerBatch = clean.writes;
    await rm(probeDir, { recursive: true, force: true });
    expect(writesPerBatch).toBeGreaterThanOrEqual(8);

    for (let failAt = 1; failAt <= writesPerBatch; failAt++) {
      const dir = await mkdtemp(join(tmpdir(), 'outbox-full-'));
      try {
        await expect(createOutboxTransport({ dir, fs: fullDiskAt(failAt) }).sendBatch(batch, { idempotencyKey: 'k' })).rejects.toMatchObject({
          code: 'unavailable',
          message: `cannot write the outbox ${dir} (OUTBOX_DIR): ENOSPC (the disk is full)`,
        });
        // The retry, with room on the disk again (a new process: nothing remembered in memory).
        const receipt = await createOutboxTransport({ dir }).sendBatch(batch, { idempotencyKey: 'k' });
        const files = (await readdir(dir)).filter((f) => !f.startsWith('.'));
        const emls = files.filter((f) => f.endsWith('.eml'));
        expect(emls, `fail at write ${failAt}`).toHaveLength(3);
        expect(files.filter((f) => f.endsWith('.tmp')), `fail at write ${failAt}`).toEqual([]);
        for (const f of emls) expect(await readFile(join(dir, f), 'utf8'), `fail at write ${failAt}: ${f}`).toMatch(/--bs-[0-9a-f-]+--\r\n$/);
        const index = (await readFile(join(dir, 'index.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
        expect(index.map((e) => e.to), `fail at write ${failAt}`).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
        expect(receipt.outcomes.map((o) => o.ok && o.providerId)).toEqual(index.map((e) => e.id));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it('names OUTBOX_DIR in one line when it cannot be written at all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-file-'));
    cleanup = () => rm(dir, { recursive: true, force: true });
    await writeFile(join(dir, 'a-file'), '');
    const outbox = createOutboxTransport({ dir: join(dir, 'a-file', 'outbox') });
    expect(await outbox.problem!()).toBe(`cannot write the outbox ${join(dir, 'a-file', 'outbox')} (OUTBOX_DIR): ENOTDIR`);
  });
});
