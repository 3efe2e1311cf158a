import type { Tier } from '../content/article.ts';
import type { Database } from '../db/database.ts';
import { UUID } from '../editions/edition.ts';
import { sourcesOf } from '../editions/edition-status.ts';
import { UserError } from '../errors.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import { completeIfDone } from './completion.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';
import { moveToNewBatches } from './retry-failed.ts';

/** A parked batch as an operator looks it up. */
export interface ParkedBatch {
  id: string;
  seq: number;
  idempotencyKey: string;
  readers: number;
  firstAttemptAt: Date | null;
  reason: string | null;
}

export async function listParked(db: Database, editionId: string): Promise<ParkedBatch[]> {
  const rows = await db.query<Omit<ParkedBatch, 'idempotencyKey'>>(
    `select b.id, b.seq, b.first_attempt_at as "firstAttemptAt", b.last_error as reason,
            (select count(*)::int from deliveries d where d.batch_id = b.id and d.status = 'pending') as readers
       from batches b where b.edition_id = $1 and b.status = 'parked' order by b.seq`,
    [editionId],
  );
  return rows.map((r) => ({ ...r, idempotencyKey: idempotencyKeyOf(r.id) }));
}

export type SettleAs = 'sent' | 'resend';

export interface SettleReport {
  batches: number;
  readers: number;
  as: SettleAs;
  /** With `resend`: the new batches (new idempotency keys) the readers went into. */
  newBatches: number;
}

/**
 * An operator's decision on parked batches, after looking them up in the
 * provider's logs: `sent` marks their readers submitted (the provider had taken
 * them); `resend` moves their readers into new batches with new keys (it had not).
 * The parked batches end `settled`, and the edition closes again when nothing else is left.
 */
export async function settleParked(
  db: Database,
  queue: WorkQueue,
  editionId: string,
  opts: { as: SettleAs; batchId?: string; batchSize: number },
): Promise<SettleReport> {
  if (!UUID.test(editionId)) throw new UserError('not_found', `no edition ${JSON.stringify(editionId.slice(0, 60))}`);
  if (opts.as !== 'sent' && opts.as !== 'resend') throw new UserError('invalid_input', 'as: must be "sent" or "resend"');
  if (opts.batchId !== undefined && !UUID.test(opts.batchId)) throw new UserError('invalid_input', `batch: not a batch id (got ${JSON.stringify(opts.batchId.slice(0, 60))})`);
  const { report, newIds } = await db.transaction(async (tx) => {
    const [edition] = await tx.query<{ status: string }>(`select status from editions where id = $1 for update`, [editionId]);
    if (!edition) throw new UserError('not_found', `no edition ${JSON.stringify(editionId)}`);
    if (!sourcesOf('settle').includes(edition.status as never)) {
      throw new UserError('illegal_state', `edition ${editionId} is ${edition.status}: only ${sourcesOf('settle').join(', ')} editions have batches to settle`);
    }
    const parked = await tx.query<{ id: string; tier: Tier }>(
      `update batches set status = 'settled', last_error = $3, personal = null
        where edition_id = $1 and status = 'parked' and ($2::uuid is null or id = $2::uuid) returning id, tier`,
      [editionId, opts.batchId ?? null, opts.as === 'sent' ? 'settled by an operator: the provider had sent it' : 'settled by an operator: its readers went into new batches'],
    );
    if (!parked.length) throw new UserError('illegal_state', `edition ${editionId} has no parked batch${opts.batchId ? ` ${opts.batchId}` : ''}`);
    const ids = parked.map((b) => b.id);
    const pending = await tx.query<{ subscriberId: number; tier: Tier }>(
      `select d.subscriber_id as "subscriberId", b.tier from deliveries d join batches b on b.id = d.batch_id
        where d.batch_id = any($1::uuid[]) and d.status = 'pending' order by d.subscriber_id`,
      [ids],
    );
    let newIds: string[] = [];
    if (opts.as === 'sent') {
      await tx.query(
        `update deliveries set status = 'submitted', error = 'marked sent by an operator', personal = null, updated_at = now()
          where batch_id = any($1::uuid[]) and status = 'pending'`,
        [ids],
      );
    } else {
      newIds = await moveToNewBatches(tx, editionId, pending, opts.batchSize);
    }
    if (edition.status === 'incomplete') {
      await tx.query(`update editions set status = 'sending', status_reason = null, completed_at = null, updated_at = now() where id = $1`, [editionId]);
    }
    return { report: { batches: parked.length, readers: pending.length, as: opts.as, newBatches: newIds.length }, newIds };
  });
  if (newIds.length) await queue.enqueueBatches(editionId, newIds.map((id) => ({ id })));
  await completeIfDone(db, editionId);
  return report;
}
