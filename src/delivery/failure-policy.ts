import { DatabaseUnavailableError, isConnectionFailure } from '../db/database-unavailable.ts';
import { TransportError, type TransportErrorCode } from '../transports/email-transport.ts';

/** What the pipeline does about a failed batch. One table, so every failure is handled the same way everywhere. */
export type FailureAction =
  | 'rate-limit' // wait at least retry-after, without spending an attempt
  | 'wait' // our own database is down: try again shortly, without spending an attempt
  | 'backoff' // retry later with exponential backoff and jitter, same idempotency key; out of attempts → fail-batch
  | 'pause-edition' // nothing will work until a person acts (bad key, quota)
  | 'park-batch' // resending could duplicate: hold for an operator
  | 'fail-batch'; // the provider will never take this batch as it is

/** Provider codes, plus the two ways a batch fails that are not the provider's. */
export type FailureCode = TransportErrorCode | 'database_unavailable' | 'internal';

const POLICY: Record<FailureCode, FailureAction> = {
  rate_limited: 'rate-limit',
  in_flight: 'rate-limit',
  unavailable: 'backoff',
  unauthorized: 'pause-edition',
  quota_exceeded: 'pause-edition',
  idempotency_conflict: 'park-batch',
  invalid_request: 'fail-batch',
  // A dropped or refused database connection says nothing about the batch: wait for the database.
  database_unavailable: 'wait',
  // Anything else (a full disk under the outbox, a bug): retried like a 5xx, then failed with its message, so it
  // counts against the error budget and ends somewhere an operator sees it.
  internal: 'backoff',
};

export const failureAction = (code: FailureCode): FailureAction => POLICY[code];

export interface Failure {
  code: FailureCode;
  action: FailureAction;
  message: string;
  retryAfterMs?: number;
}

/** Any error thrown while sending a batch, as the policy sees it. Pure. */
export function classifyFailure(err: unknown): Failure {
  if (err instanceof RetryLaterError) return { code: err.code, action: err.action, message: err.message, ...(err.delayMs !== undefined ? { retryAfterMs: err.delayMs } : {}) };
  if (err instanceof TransportError) return { code: err.code, action: POLICY[err.code], message: err.message, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  if (err instanceof DatabaseUnavailableError || isConnectionFailure(err)) return { code: 'database_unavailable', action: 'wait', message: (err as Error).message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', action: 'backoff', message: message || 'unknown error' };
}

/** How long to wait for the database before trying a job again: a few seconds, spread so workers do not stampede. */
export const databaseWaitMs = (random = Math.random) => 2000 + Math.floor(random() * 3000);

/** What the worker does with a job after a failure: its next step given the attempts BullMQ has left. Pure. */
export function nextStep(failure: Failure, attemptsMade: number, maxAttempts: number): 'rate-limit' | 'wait' | 'retry' | 'give-up' | 'done' {
  switch (failure.action) {
    case 'rate-limit':
      return 'rate-limit';
    case 'wait':
      return 'wait';
    case 'backoff':
      return attemptsMade + 1 >= maxAttempts ? 'give-up' : 'retry';
    default:
      // pause, park and fail were recorded by the send service itself.
      return 'done';
  }
}

/** Thrown by the send service when the batch should run again later; the worker maps it onto BullMQ. */
export class RetryLaterError extends Error {
  constructor(
    readonly action: 'rate-limit' | 'backoff',
    message: string,
    readonly delayMs?: number,
    readonly code: FailureCode = action === 'rate-limit' ? 'rate_limited' : 'unavailable',
  ) {
    super(message);
  }
}
