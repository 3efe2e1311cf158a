import type { Tier } from '../content/article.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { compileTemplate, jsonTemplate, personalise, type CompiledTemplate, type JsonTemplate, type PersonalValues } from '../rendering/personalisation.ts';
import type { ReaderLinks } from '../rendering/reader-links.ts';
import { readerValues, type Reader } from '../rendering/reader-values.ts';
import type { EmailTransport, OutgoingEmail } from '../transports/email-transport.ts';
import { sendableAddress } from '../subscribers/email-address.ts';
import { completeIfDone, pauseActiveEdition } from './completion.ts';
import { decideSubjectTest, withSubjectB } from '../editions/subject-test.ts';
import { enforceErrorBudget } from './error-budget.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';
import { emailBytes, STREAMED_EMAIL_BYTES, type InFlightBytes } from './in-flight-bytes.ts';
import { classifyFailure, RetryLaterError, type Failure } from './failure-policy.ts';

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
  /** The process's allowance of email bytes in flight: a batch waits for room before its bodies are made. */
  inFlight?: InFlightBytes;
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
  /** The same, as JSON-string bytes: what a JSON API transport sends. */
  jsonHtml: JsonTemplate;
  jsonText: JsonTemplate;
  /** What one email of it holds while its batch is sent (emailBytes). */
  bytes: number;
}

/** Compiled variants by edition and variant key: read and split once per process, not once per batch. */
export class VariantCache {
  private readonly entries = new Map<string, Promise<CompiledVariant>>();
  // Room for every variant of a few editions: readers' sections can make a hundred or more per edition.
  constructor(private readonly max = 512) {}

  get(db: Queryable, editionId: string, variant: string): Promise<CompiledVariant> {
    const key = `${editionId}/${variant}`;
    let hit = this.entries.get(key);
    if (!hit) {
      hit = db
        .query<{ subject: string; html: string; text: string; nonce: string }>(
          `select subject, html, text, token_nonce as nonce from edition_variants where edition_id = $1 and key = $2`,
          [editionId, variant],
        )
        .then(([v]) => {
          if (!v) throw new Error(`edition ${editionId} has no variant ${variant}`);
          const html = compileTemplate(v.html, v.nonce);
          const text = compileTemplate(v.text, v.nonce);
          return { subject: v.subject, html, text, jsonHtml: jsonTemplate(html), jsonText: jsonTemplate(text), bytes: emailBytes(v.html.length, v.text.length) };
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
  from: string;
  replyTo: string | null;
  /** The recipients still to send to, with what their emails carry, as frozen at the first claim. */
  recipients: FrozenRecipient[];
  skipped: number;
}

/** One recipient of a claimed batch: everything personal that goes into their email. */
export interface FrozenRecipient {
  subscriberId: number;
  personal: FrozenPersonal;
  /** The rendered variant this reader gets (fixed at prepare from their sections). */
  variant: string;
}

/** The address we send to, and the values of the variant's placeholders. */
export type FrozenPersonal = PersonalValues & { to: string };

/**
 * Sends one batch: claim it, freeze it on the first attempt (drop readers who left
 * or were suppressed since prepare, then store each remaining reader's address,
 * greeting and signed links with their delivery), personalise the edition's
 * variant per reader by token substitution from the frozen values, make one
 * provider call under the batch's idempotency key and record the outcome per
 * delivery. A retry sends the same bytes: nothing is read from the reader again.
 */
export async function sendBatch(deps: SendBatchDeps, editionId: string, batchId: string): Promise<SendOutcome> {
  const { db, logger } = deps;
  const claim = await db.transaction((tx) => claimBatch(tx, deps, editionId, batchId));
  if ('delayMs' in claim) return { outcome: 'not-due', delayMs: claim.delayMs };
  if ('reason' in claim) {
    // A retry of a batch that finished while the edition's closing failed (the database dropped between the two):
    // close it now, or the last batch's edition would wait in 'sending' for the next sweep.
    if (claim.finished) await completeIfDone(db, editionId);
    return { outcome: 'not-claimable', reason: claim.reason };
  }
  const batch = claim;
  const { recipients, skipped } = batch;

  // Only a deduplicating provider forgets keys: without one, resending the unrecorded messages is as safe at any age.
  if (batch.expired && deps.transport.deduplicates) {
    const reason = `first tried more than ${Math.round(deps.idempotencyWindowMs / 3600_000)} h ago, past the provider's idempotency window: resending could duplicate; check the provider's logs, then settle it`;
    await db.query(`update batches set status = 'parked', last_error = $2 where id = $1`, [batchId, reason]);
    logger.warn('batch.parked', { editionId, batchId, reason: 'idempotency window passed' });
    await completeIfDone(db, editionId);
    return { outcome: 'parked', reason };
  }

  if (!recipients.length) {
    await db.query(`update batches set status = 'submitted', submitted_at = now(), last_error = null where id = $1`, [batchId]);
    await completeIfDone(db, editionId);
    return { outcome: 'submitted', accepted: 0, rejected: 0, skipped };
  }

  // One batch may hold readers of several variants (their sections differ): each is read and compiled once.
  const cache = deps.variants ?? new VariantCache();
  const variants = new Map(await Promise.all([...new Set(recipients.map((r) => r.variant))].map(async (key) => [key, await cache.get(db, editionId, key)] as const)));
  const tagged = { ...batch, tags: [{ name: 'edition', value: batch.editionId }, { name: 'tier', value: batch.tier }] };
  const emails = recipients.map((r) => new ReaderEmail(variants.get(r.variant)!, tagged, r.personal));
  if (!deps.transport.deduplicates) return sendEachRecorded(deps, batch, emails);

  let receipt;
  try {
    const send = () => deps.transport.sendBatch(emails, { idempotencyKey: idempotencyKeyOf(batchId) });
    const bytes = deps.transport.streamsBodies ? recipients.length * STREAMED_EMAIL_BYTES : recipients.reduce((n, r) => n + variants.get(r.variant)!.bytes, 0);
    receipt = deps.inFlight ? await deps.inFlight.hold(bytes, send) : await send();
  } catch (err) {
    return handleFailure(deps, batch, classifyFailure(err));
  }

  const accepted = receipt.outcomes.filter((o) => o.ok).length;
  await db.transaction(async (tx) => {
    // The provider has the batch: the frozen copies of personal details are no longer needed.
    await tx.query(
      `update deliveries d set status = u.status, provider_id = u.provider_id, error = u.error, personal = null, updated_at = now()
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
    await tx.query(`update batches set status = 'submitted', submitted_at = now(), last_error = null, personal = null where id = $1`, [batchId]);
  });
  return submitted(deps, batch, accepted, emails.length);
}

/** A batch recorded as submitted: rejections count against the error budget, and the edition closes if it was the last. */
async function submitted(deps: SendBatchDeps, batch: ClaimedBatch, accepted: number, sent: number): Promise<SendOutcome> {
  const rejected = sent - accepted;
  if (rejected) await enforceErrorBudget(deps.db, batch.editionId, deps.errorBudget);
  await completeIfDone(deps.db, batch.editionId);
  deps.logger.info('batch.submitted', { editionId: batch.editionId, batchId: batch.id, accepted, rejected, skipped: batch.skipped });
  return { outcome: 'submitted', accepted, rejected, skipped: batch.skipped };
}

/**
 * A batch through a transport that cannot deduplicate (SMTP, SES): one message
 * per call, each acceptance written to its delivery (the ledger: status and
 * Message-ID) before that lane takes the next, so a retry resends only what no
 * one recorded. After a failure the batch goes one message at a time: then at
 * most one message can be in doubt when a connection drops after DATA.
 */
async function sendEachRecorded(deps: SendBatchDeps, batch: ClaimedBatch, emails: OutgoingEmail[]): Promise<SendOutcome> {
  const { db } = deps;
  const width = batch.attempts > 1 ? 1 : Math.max(1, deps.transport.concurrency ?? 1);
  const key = idempotencyKeyOf(batch.id);
  let next = 0;
  let accepted = 0;
  let failure: { err: unknown } | null = null;
  const lane = async () => {
    while (!failure && next < emails.length) {
      const i = next++;
      const { subscriberId } = batch.recipients[i]!;
      try {
        const [outcome] = (await deps.transport.sendBatch([emails[i]!], { idempotencyKey: `${key}-${subscriberId}` })).outcomes;
        if (!outcome) throw new Error('the transport returned no outcome');
        await db.query(
          `update deliveries set status = $3, provider_id = $4, error = $5, personal = null, updated_at = now()
            where batch_id = $1 and subscriber_id = $2`,
          [batch.id, subscriberId, outcome.ok ? 'submitted' : 'failed', outcome.ok ? outcome.providerId : null, outcome.ok ? null : outcome.reason.slice(0, 500)],
        );
        if (outcome.ok) accepted++;
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, emails.length) }, lane));
  if (failure) return handleFailure(deps, batch, classifyFailure((failure as { err: unknown }).err));

  await db.query(`update batches set status = 'submitted', submitted_at = now(), last_error = null, personal = null where id = $1`, [batch.id]);
  return submitted(deps, batch, accepted, emails.length);
}

type Unclaimable = { reason: string; finished?: true };

async function claimBatch(tx: Queryable, deps: SendBatchDeps, editionId: string, batchId: string): Promise<ClaimedBatch | Unclaimable | { delayMs: number }> {
  const [edition] = await tx.query<{ status: string; listId: number; language: string; listFrom: string | null; listReplyTo: string | null }>(
    `select e.status, e.list_id as "listId", l.language, l.email_from as "listFrom", l.reply_to as "listReplyTo"
       from editions e join lists l on l.id = e.list_id where e.id = $1`,
    [editionId],
  );
  if (!edition) return { reason: 'edition not found' };
  // Pause is a status: a paused or cancelled edition's batches wait untouched.
  if (edition.status !== 'preparing' && edition.status !== 'sending') return { reason: `edition is ${edition.status}` };

  // 'submitting' is claimable too: its worker died mid-call, and the same key makes resending safe inside the window.
  // A batch whose readers' local hour has not come (per-reader delivery) is not claimable yet.
  const [row] = await tx.query<{ id: string; tier: Tier; frozen: boolean; expired: boolean; attempts: number; from: string | null; replyTo: string | null; personal: Record<string, FrozenPersonal> | null }>(
    `update batches set status = 'submitting', attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, now())
      where id = $1 and edition_id = $2 and status in ('pending', 'retryable', 'submitting') and (not_before is null or not_before <= now())
      returning id, tier, frozen_at is not null as frozen, attempts, email_from as from, reply_to as "replyTo", personal,
                first_attempt_at < now() - make_interval(secs => $3::double precision / 1000) as expired`,
    [batchId, editionId, deps.idempotencyWindowMs],
  );
  if (!row) {
    // Run early (by reconcile or resume): wait for the hour rather than send.
    const [due] = await tx.query<{ waitMs: number }>(
      `select ceil(extract(epoch from (not_before - now())) * 1000)::float8 as "waitMs" from batches where id = $1 and not_before > now()`,
      [batchId],
    );
    return due ? { delayMs: Math.max(1, due.waitMs) } : { reason: 'batch already finished', finished: true };
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
  }
  // A frozen batch's readers carry what their emails hold. A batch frozen before deliveries kept it (or past the
  // window, when it is parked before anything is sent) is composed from the readers as they are.
  const rows = await tx.query<Reader & { personal: FrozenPersonal | null; variant: string | null; group: string | null }>(
    `select d.subscriber_id as "subscriberId", d.personal, d.variant, d.ab_group as "group", s.email, s.name
       from deliveries d join subscribers s on s.id = d.subscriber_id
      where d.batch_id = $1 and d.status = 'pending' order by d.subscriber_id`,
    [batchId],
  );
  // The rest of a subject test's readers get the winner's subject: decided once, by the first batch of them to go.
  const waited = rows.some((r) => r.group === 'rest');
  const winner = waited ? await decideSubjectTest(tx, editionId) : null;
  if (waited && !winner) throw new Error(`edition ${editionId}: the subject test is not decided yet`);
  const recipients = rows.map((r) => ({
    subscriberId: r.subscriberId,
    variant: r.group === 'rest' && winner === 'b' ? withSubjectB(r.variant ?? row.tier) : (r.variant ?? row.tier),
    personal: row.personal?.[r.subscriberId] ?? r.personal ?? { to: sendableAddress(r.email), ...readerValues(deps.links, r, edition.listId, edition.language) },
  }));
  // The list's sender (else EMAIL_FROM) and Reply-To, frozen at the first claim like the readers' details.
  const from = row.frozen ? (row.from ?? deps.from) : (edition.listFrom ?? deps.from);
  const replyTo = row.frozen ? row.replyTo : edition.listReplyTo;
  if (!row.frozen) {
    // One object on the batch, by reader: writing it into each delivery row cost a hundred row updates per batch.
    const personal = Object.fromEntries(recipients.map((r) => [r.subscriberId, r.personal]));
    await tx.query(`update batches set frozen_at = now(), email_from = $2, reply_to = $3, personal = $4::jsonb where id = $1`, [batchId, from, replyTo, JSON.stringify(personal)]);
  }
  const [{ skipped }] = (await tx.query<{ skipped: number }>(
    `select count(*)::int as skipped from deliveries where batch_id = $1 and status = 'skipped'`,
    [batchId],
  )) as [{ skipped: number }];
  return { id: row.id, editionId, listId: edition.listId, tier: row.tier, expired: row.expired, attempts: row.attempts, from, replyTo, recipients, skipped };
}

/**
 * One reader's email. The strings `html` and `text` (SMTP, SES, the outbox) are made
 * only when a transport asks; a JSON API (Resend) writes its body from `json`, the
 * variant's pre-encoded parts and the reader's values, and never asks. A class, not an
 * object literal with getters: a batch's emails live until its answer is recorded, past
 * the young generation, and each literal (with its closures, headers and tags) weighed
 * about 500 bytes there, the most any one thing in a worker promoted to the old generation.
 */
class ReaderEmail implements OutgoingEmail {
  private htmlMade?: string;
  private textMade?: string;

  constructor(
    private readonly variant: CompiledVariant,
    private readonly batch: ClaimedBatch & { tags: OutgoingEmail['tags'] },
    private readonly personal: FrozenPersonal,
  ) {}

  get from() {
    return this.batch.from;
  }
  get replyTo() {
    return this.batch.replyTo ?? undefined;
  }
  get to() {
    return this.personal.to;
  }
  get subject() {
    return this.variant.subject;
  }
  get tags() {
    return this.batch.tags;
  }
  get headers() {
    return { 'List-Unsubscribe': `<${this.personal.unsubscribe_url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }
  get html() {
    return (this.htmlMade ??= personalise(this.variant.html, this.personal, 'html'));
  }
  get text() {
    return (this.textMade ??= personalise(this.variant.text, this.personal, 'text'));
  }
  get json() {
    return { html: this.variant.jsonHtml, text: this.variant.jsonText, values: this.personal };
  }
}

async function handleFailure(deps: SendBatchDeps, batch: ClaimedBatch, failure: Failure): Promise<SendOutcome> {
  const { db, logger } = deps;
  const { action, message } = failure;
  const fields = { editionId: batch.editionId, batchId: batch.id, code: failure.code, attempt: batch.attempts };
  switch (action) {
    case 'rate-limit':
    case 'backoff':
    case 'wait':
      await db.query(`update batches set status = 'retryable', last_error = $2 where id = $1`, [batch.id, message.slice(0, 500)]);
      logger.warn('batch.retry', { ...fields, retryAfterMs: failure.retryAfterMs ?? null });
      throw new RetryLaterError(action === 'rate-limit' ? 'rate-limit' : 'backoff', message, failure.retryAfterMs, failure.code);
    case 'pause-edition': {
      const reason = `paused: the provider refused the send (${failure.code}): ${message}`;
      await db.query(`update batches set status = 'retryable', last_error = $2 where id = $1`, [batch.id, message.slice(0, 500)]);
      await pauseActiveEdition(db, batch.editionId, reason);
      logger.error('edition.paused', fields);
      return { outcome: 'paused', reason };
    }
    case 'park-batch': {
      const reason = `parked: ${message}`;
      await db.query(`update batches set status = 'parked', last_error = $2 where id = $1`, [batch.id, reason.slice(0, 500)]);
      logger.error('batch.parked', fields);
      await completeIfDone(db, batch.editionId);
      return { outcome: 'parked', reason };
    }
    case 'fail-batch':
      await failBatch(db, batch.editionId, batch.id, message, deps.errorBudget);
      logger.error('batch.failed', fields);
      return { outcome: 'failed', reason: message };
  }
}

/** Ends a batch as failed (rejected outright, or out of attempts): its pending deliveries are failed with the reason. */
export async function failBatch(db: Database, editionId: string, batchId: string, reason: string, errorBudget: number): Promise<void> {
  // One at a time per edition: two batches failing together must not each judge the budget without the other's
  // failures, then close the edition as sent when together they were over it (it pauses instead).
  await db.transaction(async (tx) => {
    await tx.query(`select 1 from editions where id = $1 for update`, [editionId]);
    await tx.query(`update deliveries set status = 'failed', error = $2, updated_at = now() where batch_id = $1 and status = 'pending'`, [batchId, reason.slice(0, 500)]);
    await tx.query(`update batches set status = 'failed', last_error = $2, personal = null where id = $1 and status <> 'submitted'`, [batchId, reason.slice(0, 500)]);
    await enforceErrorBudget(tx, editionId, errorBudget);
    await completeIfDone(tx, editionId);
  });
}
