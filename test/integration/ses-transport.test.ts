import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { transportFor } from '../../src/container.ts';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import type { EmailTransport } from '../../src/transports/email-transport.ts';
import { outgoingEmail as email } from '../support/outgoing-email.ts';
import { readMessage } from '../../src/transports/eml-reader.ts';
import { FakeSes } from '../support/fake-ses-server.ts';
import { createTestStack, seedEdition, testEnv, waitFor, type TestStack } from '../support/test-stack.ts';

let ses: FakeSes | undefined;
let transport: EmailTransport | undefined;
let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  await transport?.close?.();
  await ses?.stop();
  ses = transport = stack = undefined;
});

/** EMAIL_TRANSPORT=ses as a newsroom would set it, pointed at the local stand-in. */
async function sesFromConfig(extra: Record<string, string> = {}): Promise<EmailTransport> {
  ses = await new FakeSes().start();
  const env = { ...testEnv('http://unused.invalid', '{unused}'), RESEND_API_KEY: '', EMAIL_TRANSPORT: 'ses', SES_REGION: 'eu-west-1', SES_ENDPOINT: ses.url, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', SES_RATE: '200', ...extra };
  return (transport = await transportFor(loadConfig(env).transport));
}

describe('SES transport (SESv2 SendEmail through the AWS SDK)', () => {
  it('sends our own MIME (List-Unsubscribe kept), refuses one address alone, and maps throttling and bad keys', async () => {
    const t = await sesFromConfig();
    expect(t).toMatchObject({ name: 'ses', deduplicates: false });
    ses!.rejects.add('unverified@example.com');
    const receipt = await t.sendBatch([email('ana@example.com'), email('unverified@example.com')], { idempotencyKey: 'broadsheet-batch-b1' });
    expect(receipt.outcomes[0]).toEqual({ ok: true, providerId: '0100018f-00000001-ses' });
    expect(receipt.outcomes[1]).toMatchObject({ ok: false, reason: expect.stringContaining('MessageRejected') });
    const header = (name: string) => readMessage(ses!.accepted[0]!.raw).headers.find((h) => h.name === name)?.value;
    expect(header('List-Unsubscribe')).toBe('<https://letters.broadsheet.example/u/t>');
    expect(header('Message-ID')).toBe('<broadsheet-batch-b1.0@news.broadsheet.example>');

    ses!.throttleNext = 1;
    await expect(t.sendBatch([email('ana@example.com')], { idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('a wrong key pauses instead of retrying', async () => {
    const t = await sesFromConfig({ AWS_ACCESS_KEY_ID: 'AKIDWRONG' });
    await expect(t.sendBatch([email('ana@example.com')], { idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'unauthorized', status: 403 });
  });

  it('sends an edition once per reader through throttling', async () => {
    const t = await sesFromConfig();
    ses!.throttleNext = 3;
    stack = await createTestStack('postgres', { transport: t, env: { BATCH_SIZE: '40' } });
    const edition = await seedEdition(stack, 120);
    await stack.workers();
    await scheduleEdition(stack.container.db, await stack.container.queue(), edition.id);
    await waitFor(async () => isFinal((await editionProgress(stack!.container.db, edition.id)).status), 'the edition to finish');
    expect((await editionProgress(stack.container.db, edition.id)).status).toBe('sent');
    const to = ses!.accepted.map((m) => m.to[0]);
    expect(to).toHaveLength(120);
    expect(new Set(to).size).toBe(120);
    const ids = await stack.container.db.query<{ n: number }>(`select count(distinct provider_id)::int as n from deliveries where edition_id = $1 and provider_id like '0100018f-%'`, [edition.id]);
    expect(ids[0]!.n).toBe(120);
  });
});
