import type { JsonTemplate, PersonalValues } from '../rendering/personalisation.ts';

/** One message as the pipeline hands it to a provider. */
export interface OutgoingEmail {
  from: string;
  /** Where replies go (the list's Reply-To), if anywhere. */
  replyTo?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Provider tags: ASCII letters, digits, `_` and `-` only. */
  tags: { name: string; value: string }[];
  /**
   * The bodies as the variant's JSON-string templates and the reader's values, when
   * the pipeline has them: a JSON API transport writes the body from the template's
   * pre-encoded bytes instead of escaping and encoding `html` and `text` again.
   * Always the same text as `html` and `text`.
   */
  json?: { html: JsonTemplate; text: JsonTemplate; values: PersonalValues };
}

/** The provider's verdict per message, by position in the batch. */
export type MessageOutcome = { ok: true; providerId: string } | { ok: false; reason: string };

export interface BatchReceipt {
  outcomes: MessageOutcome[];
}

export interface SendOptions {
  /**
   * Same key, same body → a deduplicating provider sends once, however often we ask (Resend keeps keys 24 h).
   * Transports that cannot deduplicate use it as the message's stable Message-ID instead.
   */
  idempotencyKey: string;
}

/** The port between the pipeline and a provider. Adapters keep provider quirks to themselves. */
export interface EmailTransport {
  readonly name: string;
  /**
   * What "exactly once" can mean here. True: resending a request under the same key cannot send twice
   * (Resend, the outbox), so a batch goes in one call. False (SMTP, SES): nothing deduplicates, so the
   * pipeline hands over one message per call and records each acceptance before the next; only a message
   * in flight when a connection drops can arrive twice (see docs/pipeline.md).
   */
  readonly deduplicates: boolean;
  /**
   * True when the transport writes a batch's bodies into its request as the request goes (Resend): a batch in
   * flight then holds its readers' values and a piece of the body, not their emails (see delivery/in-flight-bytes.ts).
   */
  readonly streamsBodies?: boolean;
  /** Messages a non-deduplicating transport may have in flight at once (its connection pool); 1 when absent. */
  readonly concurrency?: number;
  /** Accepts at most 100 messages. Resolves with per-message outcomes or throws TransportError. */
  sendBatch(emails: readonly OutgoingEmail[], options: SendOptions): Promise<BatchReceipt>;
  /** Why this transport cannot send at all (an unwritable outbox), checked when a sending process starts; null if it can. */
  problem?(): Promise<string | null>;
  close?(): Promise<void>;
}

/**
 * Why a whole batch call failed. The code decides what the pipeline does
 * (see delivery/failure-policy.ts), so adapters must map provider errors onto it.
 */
export type TransportErrorCode =
  | 'rate_limited' // 429: wait retry-after, same key
  | 'unavailable' // 5xx, network, dropped connection: back off, same key
  | 'in_flight' // the same key is being processed right now: retry shortly
  | 'unauthorized' // 401/403: no point retrying until someone fixes the key
  | 'quota_exceeded' // daily/monthly quota: pause until the quota resets
  | 'idempotency_conflict' // same key, different body: never resend blindly
  | 'invalid_request'; // the batch as a whole was rejected

export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number | null,
  ) {
    super(message);
  }
}
