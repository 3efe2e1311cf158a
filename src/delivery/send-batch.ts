import type { Tier } from '../content/article.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { compileTemplate, personalise, type CompiledTemplate } from '../rendering/personalisation.ts';
import type { ReaderLinks } from '../rendering/reader-links.ts';
import { readerValues, type Reader } from '../rendering/reader-values.ts';
import { TransportError, type EmailTransport, type OutgoingEmail } from '../transports/email-transport.ts';
import { completeIfDone, pauseActiveEdition } from './completion.ts';
import { enforceErrorBudget } from './error-budget.ts';
import { failureAction, RetryLaterError } from './failure-policy.ts';

export interface SendBatchDeps {
  db: Database;
  transport: EmailTransport;
  links: ReaderLinks;
  from: string;
  logger: Logger;
  /** A batch first tried longer ago than this is parked, not resent (Resend forgets keys after 24 h). */
  idempotencyWindowMs: number;
  /** Fraction of deliveries that may fail before the edition is paused. */
  errorBudget: number;
  variants?: VariantCache;
}

export type SendOutcome =
  | { outcome: 'submitted'; accepted: number; rejected: number; skipped: number }
  | { outcome: 'not-claimable'; reason: string }
  | { outcome: 'not-due'; delayMs: number }
  | { outcome: 'paused'; reason: string }
  | { outcome: 'parked'; reason: string }
  | { outcome: 'failed'; reason: string };

interface CompiledVariant {
  subject: string;
  html: CompiledTemplate;
  text: CompiledTemplate;
}

/** Compiled variants by edition and tier: read and split once per process, not once per batch. */
export class VariantCache {
  private readonly entries = new Map<string, Promise<CompiledVariant>>();
  constructor(private readonly max = 32) {}

  get(db: Queryable, editionId: string, tier: Tier): Promise<CompiledVariant> {
    const key = `${editionId}/${tier}`;
    let hit = this.entries.get(key);
    if (!hit) {
      hit = db
        .query<{ subject: string; html: string; text: string; nonce: string }>(
          `select subject, html, text, token_nonce as nonce from edition_variants where edition_id = $1 and tier = $2`,
          [editionId, tier],
        )
        .then(([v]) => {
          if (!v) throw new Error(`edition ${editionId} has no ${tier} variant`);
          return { subject: v.subject, html: compileTemplate(v.html, v.nonce), text: compileTemplate(v.text, v.nonce) };
        });
      hit.catch(() => this.entries.delete(key));
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, hit);
    }
    return hit;
  }
}

interface ClaimedBatch {
  id: string;
  editionId: string;
  listId: number;
  tier: Tier;
  expired: boolean;
  attempts: number;
}

/** The key Resend deduplicates on: stable for the batch across every retry, worker and restart. */
export const idempotencyKeyOf = (batchId: string) => `broadsheet-batch-${batchId}`;

/**
 * Sends one batch: claim it, fix its recipient set on the first attempt (dropping
 * readers who left or were suppressed since prepare), personalise the edition's
 * variant per reader by token substitution, make one provider call under the
 * batch's idempotency key and record the outcome per delivery.
 */
export async function sendBatch(deps: SendBatchDeps, editionId: string, batchId: string): Promise<SendOutcome> {
  const { db, logger } = deps;
  const claim = await db.transaction((tx) => claimBatch(tx, editionId, batchId, deps.idempotencyWindowMs));
  if ('delayMs' in claim) return { outcome: 'not-due', delayMs: claim.delayMs };
  if ('reason' in claim) return { outcome: 'not-claimable', reason: claim.reason };
  const batch = claim;

  if (batch.expired) {
    const reason = `first tried more than ${Math.round(deps.idempotencyWindowMs / 3600_000)} h ago, past the provider's idempotency window: resending could duplicate; check the provider's logs, then retry or drop it`;
    await db.query(`update batches set status = 'parked', last_error = $2 where id = $1`, [batchId, reason]);
    logger.warn('batch.parked', { editionId, batchId, reason: 'idempotency window passed' });
    return { outcome: 'parked', reason };
  }

  const recipients = await db.query<Reader>(
    `select d.subscriber_id as "subscriberId", s.email, s.name
       from deliveries d join subscribers s on s.id = d.subscriber_id
      where d.batch_id = $1 and d.status = 'pending' order by d.subscriber_id`,
    [batchId],
  );
  const [{ skipped }] = (await db.query<{ skipped: number }>(
    `select count(*)::int as skipped from deliveries where batch_id = $1 and status = 'skipped'`,
    [batchId],
  )) as [{ skipped: number }];
  if (!recipients.length) {
    await db.query(`update batches set status = 'submitted', submitted_at = now(), last_error = null where id = $1`, [batchId]);
    await completeIfDone(db, editionId);
    return { outcome: 'submitted', accepted: 0, rejected: 0, skipped };
  }

  const variant = await (deps.variants ?? new VariantCache()).get(db, editionId, batch.tier);
  const emails = recipients.map((r) => composeEmail(deps, variant, batch, r));

  let receipt;
  try {
    receipt = await deps.transport.sendBatch(emails, { idempotencyKey: idempotencyKeyOf(batchId) });
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    return handleFailure(deps, batch, err);
  }

  const accepted = receipt.outcomes.filter((o) => o.ok).length;
  await db.transaction(async (tx) => {
    await tx.query(
      `update deliveries d set status = u.status, provider_id = u.provider_id, error = u.error, updated_at = now()
         from unnest($2::int[], $3::text[], $4::text[], $5::text[]) as u(subscriber_id, status, provider_id, error)
        where d.batch_id = $1 and d.subscriber_id = u.subscriber_id`,
      [
        batchId,
        recipients.map((r) => r.subscriberId),
        receipt.outcomes.map((o) => (o.ok ? 'submitted' : 'failed')),
        receipt.outcomes.map((o) => (o.ok ? o.providerId : null)),
        receipt.outcomes.map((o) => (o.ok ? null : o.reason.slice(0, 500))),
      ],
    );
    await tx.query(`update batches set status = 'submitted', submitted_at = now(), last_error = null where id = $1`, [batchId]);
  });
  if (accepted < emails.length) await enforceErrorBudget(db, editionId, deps.errorBudget);
  await completeIfDone(db, editionId);
  logger.info('batch.submitted', { editionId, batchId, accepted, rejected: emails.length - accepted, skipped });
  return { outcome: 'submitted', accepted, rejected: emails.length - accepted, skipped };
}

async function claimBatch(tx: Queryable, editionId: string, batchId: string, windowMs: number): Promise<ClaimedBatch | { reason: string } | { delayMs: number }> {
  const [edition] = await tx.query<{ status: string; listId: number }>(
    `select status, list_id as "listId" from editions where id = $1`,
    [editionId],
  );
  if (!edition) return { reason: 'edition not found' };
  // Pause is a status: a paused or cancelled edition's batches wait untouched.
  if (edition.status !== 'preparing' && edition.status !== 'sending') return { reason: `edition is ${edition.status}` };

  // 'submitting' is claimable too: its worker died mid-call, and the same key makes resending safe inside the window.
  // A batch whose readers' local hour has not come (per-reader delivery) is not claimable yet.
  const [row] = await tx.query<{ id: string; tier: Tier; frozen: boolean; expired: boolean; attempts: number }>(
    `update batches set status = 'submitting', attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, now())
      where id = $1 and edition_id = $2 and status in ('pending', 'retryable', 'submitting') and (not_before is null or not_before <= now())
      returning id, tier, frozen_at is not null as frozen, attempts,
                first_attempt_at < now() - make_interval(secs => $3::double precision / 1000) as expired`,
    [batchId, editionId, windowMs],
  );
  if (!row) {
    // Run early (by reconcile or resume): wait for the hour rather than send.
    const [due] = await tx.query<{ waitMs: number }>(
      `select ceil(extract(epoch from (not_before - now())) * 1000)::float8 as "waitMs" from batches where id = $1 and not_before > now()`,
      [batchId],
    );
    return due ? { delayMs: Math.max(1, due.waitMs) } : { reason: 'batch already finished' };
  }

  if (!row.frozen) {
    // Fix the recipient set once: every retry must send the identical body under the same key.
    // Joins, not `not exists`: PostgreSQL would hash the list's whole subscription set for each batch.
    await tx.query(
      `update deliveries d set status = 'skipped', updated_at = now(),
              error = case when x.email_hash is not null then 'suppressed' else 'unsubscribed before sending' end
         from subscribers s
         left join suppressions x on x.email_hash = s.email_hash
         left join subscriptions sub on sub.list_id = $2 and sub.subscriber_id = s.id
        where d.batch_id = $1 and d.status = 'pending' and s.id = d.subscriber_id
          and (x.email_hash is not null or sub.status is distinct from 'active')`,
      [batchId, edition.listId],
    );
    await tx.query(`update batches set frozen_at = now() where id = $1`, [batchId]);
  }
  return { id: row.id, editionId, listId: edition.listId, tier: row.tier, expired: row.expired, attempts: row.attempts };
}

function composeEmail(deps: SendBatchDeps, variant: CompiledVariant, batch: ClaimedBatch, r: Reader): OutgoingEmail {
  const values = readerValues(deps.links, r, batch.listId);
  return {
    from: deps.from,
    to: r.email,
    subject: variant.subject,
    html: personalise(variant.html, values, 'html'),
    text: personalise(variant.text, values, 'text'),
    headers: {
      'List-Unsubscribe': `<${values.unsubscribe_url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    tags: [
      { name: 'edition', value: batch.editionId },
      { name: 'tier', value: batch.tier },
    ],
  };
}

async function handleFailure(deps: SendBatchDeps, batch: ClaimedBatch, err: TransportError): Promise<SendOutcome> {
  const { db, logger } = deps;
  const action = failureAction(err.code);
  const fields = { editionId: batch.editionId, batchId: batch.id, code: err.code, status: err.status ?? null, attempt: batch.attempts };
  switch (action) {
    case 'rate-limit':
    case 'backoff':
      await db.query(`update batches set status = 'retryable', last_error = $2 where id = $1`, [batch.id, err.message.slice(0, 500)]);
      logger.warn('batch.retry', { ...fields, retryAfterMs: err.retryAfterMs ?? null });
      throw new RetryLaterError(action, err.message, err.retryAfterMs);
    case 'pause-edition': {
      const reason = `paused: the provider refused the send (${err.code}): ${err.message}`;
      await db.query(`update batches set status = 'retryable', last_error = $2 where id = $1`, [batch.id, err.message.slice(0, 500)]);
      await pauseActiveEdition(db, batch.editionId, reason);
      logger.error('edition.paused', fields);
      return { outcome: 'paused', reason };
    }
    case 'park-batch': {
      const reason = `parked: ${err.message}`;
      await db.query(`update batches set status = 'parked', last_error = $2 where id = $1`, [batch.id, reason.slice(0, 500)]);
      logger.error('batch.parked', fields);
      return { outcome: 'parked', reason };
    }
    case 'fail-batch':
      await failBatch(db, batch.editionId, batch.id, err.message, deps.errorBudget);
      logger.error('batch.failed', fields);
      return { outcome: 'failed', reason: err.message };
  }
}

/** Ends a batch as failed (rejected outright, or out of attempts): its pending deliveries are failed with the reason. */
export async function failBatch(db: Database, editionId: string, batchId: string, reason: string, errorBudget: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`update deliveries set status = 'failed', error = $2, updated_at = now() where batch_id = $1 and status = 'pending'`, [batchId, reason.slice(0, 500)]);
    await tx.query(`update batches set status = 'failed', last_error = $2 where id = $1 and status <> 'submitted'`, [batchId, reason.slice(0, 500)]);
  });
  await enforceErrorBudget(db, editionId, errorBudget);
  await completeIfDone(db, editionId);
}
