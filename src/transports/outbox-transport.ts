import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
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

/** The file operations the outbox uses: node's own, or a wrapper in tests that fails like a full disk. */
export type OutboxFs = Pick<typeof nodeFs, 'mkdir' | 'readFile' | 'writeFile' | 'rename' | 'rm' | 'appendFile' | 'stat' | 'truncate'>;

/** The outbox directory cannot be written: a one-line reason naming the setting. */
export function outboxProblem(dir: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return `cannot write the outbox ${dir} (OUTBOX_DIR): ${e.code ?? e.message}${e.code === 'ENOSPC' ? ' (the disk is full)' : ''}`;
}

/** Fails with one line naming OUTBOX_DIR if the outbox cannot be created and written to. */
export async function checkOutboxWritable(dir: string, fs: OutboxFs = nodeFs): Promise<string | null> {
  const probe = join(dir, `.probe-${process.pid}`);
  try {
    await fs.mkdir(join(dir, '.idempotency'), { recursive: true });
    await fs.writeFile(probe, '');
    await fs.rm(probe, { force: true });
    return null;
  } catch (err) {
    return outboxProblem(dir, err);
  }
}

/**
 * Development transport: one `.eml` per message in `dir`, and a line per message
 * in `dir/index.jsonl`. Honours idempotency keys like Resend, so a retried batch
 * is not written twice. Every file is written whole or not at all (write, then
 * rename), under a name derived from the key: a retry after a failure (a full
 * disk) rewrites the same files, so the outbox never holds a duplicate or an
 * empty message. Nothing touches the disk until the first send.
 */
export function createOutboxTransport({ dir, fs = nodeFs }: { dir: string; fs?: OutboxFs }): EmailTransport {
  const keysDir = join(dir, '.idempotency');
  const indexFile = join(dir, 'index.jsonl');
  let ready: Promise<void> | undefined;
  const prepared = () =>
    (ready ??= fs.mkdir(keysDir, { recursive: true }).then(
      () => undefined,
      (err: unknown) => {
        ready = undefined;
        throw err;
      },
    ));
  let tmpSeq = 0;
  const writeWhole = async (file: string, data: string) => {
    const tmp = `${file}.${process.pid}.${++tmpSeq}.tmp`;
    try {
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
  };
  /**
   * Appends the batch's index lines and records its receipt, one batch at a time:
   * if either fails, the index is cut back to where it began, so the retry's lines
   * are the only ones. (One process per outbox, as with the embedded database.)
   */
  let indexTurn: Promise<unknown> = Promise.resolve();
  const commit = (lines: string, keyFile: string, receipt: BatchReceipt) => {
    const run = indexTurn.then(async () => {
      const start = await fs.stat(indexFile).then((s) => s.size, () => 0);
      try {
        await fs.appendFile(indexFile, lines);
        await writeWhole(keyFile, JSON.stringify(receipt));
      } catch (err) {
        await fs.truncate(indexFile, start).catch(() => {});
        throw err;
      }
    });
    indexTurn = run.catch(() => {});
    return run;
  };

  return {
    name: 'outbox',
    deduplicates: true,
    problem: () => checkOutboxWritable(dir, fs),
    async sendBatch(emails: readonly OutgoingEmail[], { idempotencyKey }: SendOptions): Promise<BatchReceipt> {
      if (emails.length === 0 || emails.length > 100) throw new TransportError('invalid_request', `a batch holds 1..100 emails, got ${emails.length}`);
      const key = createHash('sha256').update(idempotencyKey).digest('hex');
      const keyFile = join(keysDir, `${key}.json`);
      try {
        await prepared();
        const previous = await fs.readFile(keyFile, 'utf8').catch(() => null);
        if (previous) return JSON.parse(previous) as BatchReceipt;

        const at = new Date();
        const entries: OutboxEntry[] = emails.map((email, i) => {
          const id = `outbox-${key.slice(0, 24)}-${i}`;
          return { id, file: `${id}.eml`, to: email.to, subject: email.subject, tags: Object.fromEntries(email.tags.map((t) => [t.name, t.value])), at: at.toISOString() };
        });
        for (const [i, email] of emails.entries()) await writeWhole(join(dir, entries[i]!.file), toMime(email, entries[i]!.id, at));
        const receipt: BatchReceipt = { outcomes: entries.map((e) => ({ ok: true, providerId: e.id })) };
        await commit(entries.map((e) => JSON.stringify(e) + '\n').join(''), keyFile, receipt);
        return receipt;
      } catch (err) {
        // A full or unwritable disk is our side's outage: retried like a provider's 5xx, then failed with this reason.
        throw new TransportError('unavailable', outboxProblem(dir, err));
      }
    },
  };
}
