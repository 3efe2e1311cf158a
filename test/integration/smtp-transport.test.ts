import { afterEach, describe, expect, it } from 'vitest';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { outgoingEmail as email } from '../support/outgoing-email.ts';
import { createSmtpTransport } from '../../src/transports/smtp-transport.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { transportFor } from '../../src/container.ts';
import { selfSignedCertificate, startSmtpServer, type SmtpServer } from '../support/smtp-server.ts';
import { createTestStack, seedEdition, testEnv, waitFor, type TestStack } from '../support/test-stack.ts';

/** A production-like environment (https links, a real secret) with the Resend key left out. */
const productionEnv = { ...testEnv('http://unused.invalid', '{unused}'), RESEND_API_KEY: '' };

let server: SmtpServer | undefined;
let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  await server?.stop();
  stack = server = undefined;
});

describe('SMTP transport against a real SMTP server (aiosmtpd)', () => {
  it('logs in, sends our MIME with a Message-ID made from the key, and reports a refused recipient alone', async () => {
    server = await startSmtpServer({ auth: 'newsroom:s3cret', reject: ['gone@example.com'] });
    const smtp = createSmtpTransport({ url: server.url('newsroom', 's3cret'), pool: 2 });
    try {
      expect(smtp.deduplicates).toBe(false);
      expect(await smtp.problem!()).toBeNull();
      const receipt = await smtp.sendBatch([email('ana@example.com'), email('gone@example.com')], { idempotencyKey: 'broadsheet-batch-b1' });
      expect(receipt.outcomes[0]).toEqual({ ok: true, providerId: '<broadsheet-batch-b1.0@news.broadsheet.example>' });
      expect(receipt.outcomes[1]).toMatchObject({ ok: false, reason: expect.stringMatching(/^smtp 550 at RCPT/) });
      const [got, ...rest] = server.received();
      expect(rest).toEqual([]);
      expect(got).toEqual({
        from: 'digest@news.broadsheet.example',
        to: 'ana@example.com',
        messageId: '<broadsheet-batch-b1.0@news.broadsheet.example>',
        subject: 'Mañana: la reforma',
        listUnsubscribe: '<https://letters.broadsheet.example/u/t>',
        tls: false,
      });
    } finally {
      await smtp.close!();
    }
  });

  it('names a refused login before a worker starts, and pauses a send on it', async () => {
    server = await startSmtpServer({ auth: 'newsroom:s3cret' });
    const smtp = createSmtpTransport({ url: server.url('newsroom', 'wrong'), pool: 1 });
    try {
      expect(await smtp.problem!()).toMatch(/^the SMTP server 127\.0\.0\.1:\d+ refused the login \(SMTP_URL\): smtp 535/);
      await expect(smtp.sendBatch([email('ana@example.com')], { idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'unauthorized' });
      expect(server.received()).toEqual([]);
    } finally {
      await smtp.close!();
    }
  });

  it('uses STARTTLS when the server offers it, trusting SMTP_CA_FILE; an untrusted certificate stops the worker, naming the setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-tls-'));
    try {
      const tls = selfSignedCertificate(dir);
      server = await startSmtpServer({ tls });
      const trusted = await transportFor(loadConfig({ ...productionEnv, EMAIL_TRANSPORT: 'smtp', SMTP_URL: server.url(), SMTP_CA_FILE: tls.cert }).transport);
      try {
        expect(await trusted.problem!()).toBeNull();
        expect((await trusted.sendBatch([email('ana@example.com')], { idempotencyKey: 'k-tls' })).outcomes[0]).toMatchObject({ ok: true });
        expect(server.received().map((m) => [m.to, m.tls])).toEqual([['ana@example.com', true]]);
      } finally {
        await trusted.close!();
      }
      const untrusted = createSmtpTransport({ url: server.url(), pool: 1 });
      try {
        expect(await untrusted.problem!()).toMatch(/^the SMTP server 127\.0\.0\.1:\d+ has a certificate we do not trust \(SMTP_CA_FILE\)/);
        await expect(untrusted.sendBatch([email('luis@example.com')], { idempotencyKey: 'k-untrusted' })).rejects.toMatchObject({ code: 'unauthorized' });
      } finally {
        await untrusted.close!();
      }
      await expect(transportFor(loadConfig({ ...productionEnv, EMAIL_TRANSPORT: 'smtp', SMTP_URL: server.url(), SMTP_CA_FILE: join(dir, 'missing.pem') }).transport)).rejects.toThrow(/^SMTP_CA_FILE: cannot read .*missing\.pem \(ENOENT\)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a server that is down is an outage to retry, not a problem that stops the worker', async () => {
    const smtp = createSmtpTransport({ url: 'smtp://127.0.0.1:9', pool: 1 });
    try {
      expect(await smtp.problem!()).toBeNull();
      await expect(smtp.sendBatch([email('ana@example.com')], { idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      await smtp.close!();
    }
  });
});

describe('an edition through SMTP: exactly once per accepted message', () => {
  const READERS = 250;

  async function sendThrough(s: SmtpServer) {
    stack = await createTestStack('postgres', { transport: createSmtpTransport({ url: s.url(), pool: 3 }), env: { BATCH_SIZE: '50' } });
    const edition = await seedEdition(stack, READERS);
    await stack.workers();
    await scheduleEdition(stack.container.db, await stack.container.queue(), edition.id);
    await waitFor(async () => isFinal((await editionProgress(stack!.container.db, edition.id)).status), 'the edition to finish');
    const rows = await stack.container.db.query<{ email: string; status: string; providerId: string | null }>(
      `select s.email, d.status, d.provider_id as "providerId" from deliveries d join subscribers s on s.id = d.subscriber_id where d.edition_id = $1`,
      [edition.id],
    );
    return { edition: await editionProgress(stack.container.db, edition.id), rows };
  }

  it('sends every reader one message, recording each Message-ID as the server accepts it', async () => {
    server = await startSmtpServer();
    const { edition, rows } = await sendThrough(server);
    expect(edition.status).toBe('sent');
    const received = server.received();
    expect(received).toHaveLength(READERS);
    expect(new Set(received.map((m) => m.to)).size).toBe(READERS);
    // The ledger: every delivery holds the Message-ID the reader's copy carries.
    const byAddress = new Map(received.map((m) => [m.to, m.messageId]));
    for (const row of rows) expect({ email: row.email, status: row.status, id: row.providerId }).toEqual({ email: row.email, status: 'submitted', id: byAddress.get(row.email) });
  });

  it('a transient refusal (451) mid-batch resends nothing already accepted: every reader exactly once', async () => {
    server = await startSmtpServer({ tempfailAt: 60 });
    const { edition } = await sendThrough(server);
    expect(edition.status).toBe('sent');
    const received = server.received().map((m) => m.to);
    expect(received).toHaveLength(READERS);
    expect(new Set(received).size).toBe(READERS);
    // The batch holding the 60th message was tried again, and went on from where the server stopped taking mail.
    const [tries] = await stack!.container.db.query<{ retried: number }>(`select count(*) filter (where attempts > 1)::int as retried from batches`);
    expect(tries!.retried).toBe(1);
  });

  it('a connection dropped after DATA duplicates that one message at most, under the same Message-ID; nothing accepted before it is resent', async () => {
    server = await startSmtpServer({ dropAfterData: 120 });
    const { edition, rows } = await sendThrough(server);
    expect(edition.status).toBe('sent');
    const received = server.received();
    const counts = new Map<string, ReceivedMessageCount>();
    for (const m of received) {
      const c = counts.get(m.to) ?? { n: 0, ids: new Set<string>() };
      c.n++;
      c.ids.add(m.messageId);
      counts.set(m.to, c);
    }
    expect(counts.size).toBe(READERS);
    const twice = [...counts].filter(([, c]) => c.n > 1);
    // The message whose 250 never arrived: the server has it, we could not know, so it went again — once, as the same message.
    expect(twice).toHaveLength(1);
    expect(twice[0]![1]).toMatchObject({ n: 2 });
    expect(twice[0]![1].ids.size).toBe(1);
    expect(received).toHaveLength(READERS + 1);
    expect(rows.every((r) => r.status === 'submitted')).toBe(true);
  });
});

interface ReceivedMessageCount {
  n: number;
  ids: Set<string>;
}
