import { createHash, randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TransportError, type BatchReceipt, type EmailTransport, type OutgoingEmail, type SendOptions } from './email-transport.ts';
import { toMime } from './mime.ts';

export interface OutboxEntry {
  id: string;
  file: string;
  to: string;
  subject: string;
  tags: Record<string, string>;
  at: string;
}

/**
 * Development transport: one `.eml` per message in `dir`, and a line per message
 * in `dir/index.jsonl`. Honours idempotency keys like Resend, so a retried batch
 * is not written twice.
 */
export function createOutboxTransport({ dir }: { dir: string }): EmailTransport {
  const keysDir = join(dir, '.idempotency');
  const ready = Promise.all([mkdir(dir, { recursive: true }), mkdir(keysDir, { recursive: true })]);
  return {
    name: 'outbox',
    async sendBatch(emails: readonly OutgoingEmail[], { idempotencyKey }: SendOptions): Promise<BatchReceipt> {
      if (emails.length === 0 || emails.length > 100) throw new TransportError('invalid_request', `a batch holds 1..100 emails, got ${emails.length}`);
      await ready;
      const keyFile = join(keysDir, `${createHash('sha256').update(idempotencyKey).digest('hex')}.json`);
      const previous = await readFile(keyFile, 'utf8').catch(() => null);
      if (previous) return JSON.parse(previous) as BatchReceipt;

      const at = new Date();
      const entries: OutboxEntry[] = [];
      for (const email of emails) {
        const id = `outbox-${randomUUID()}`;
        const file = `${id}.eml`;
        await writeFile(join(dir, file), toMime(email, id, at));
        entries.push({ id, file, to: email.to, subject: email.subject, tags: Object.fromEntries(email.tags.map((t) => [t.name, t.value])), at: at.toISOString() });
      }
      await appendFile(join(dir, 'index.jsonl'), entries.map((e) => JSON.stringify(e) + '\n').join(''));
      const receipt: BatchReceipt = { outcomes: entries.map((e) => ({ ok: true, providerId: e.id })) };
      await writeFile(`${keyFile}.tmp`, JSON.stringify(receipt));
      await rename(`${keyFile}.tmp`, keyFile);
      return receipt;
    },
  };
}
