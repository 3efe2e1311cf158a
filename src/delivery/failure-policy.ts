import type { TransportErrorCode } from '../transports/email-transport.ts';

/** What the pipeline does about a failed batch call. One table, so every failure is handled the same way everywhere. */
export type FailureAction =
  | 'rate-limit' // wait at least retry-after, without spending an attempt
  | 'backoff' // retry later with exponential backoff and jitter, same idempotency key
  | 'pause-edition' // nothing will work until a person acts (bad key, quota)
  | 'park-batch' // resending could duplicate: hold for an operator
  | 'fail-batch'; // the provider will never take this batch as it is

const POLICY: Record<TransportErrorCode, FailureAction> = {
  rate_limited: 'rate-limit',
  in_flight: 'rate-limit',
  unavailable: 'backoff',
  unauthorized: 'pause-edition',
  quota_exceeded: 'pause-edition',
  idempotency_conflict: 'park-batch',
  invalid_request: 'fail-batch',
};

export const failureAction = (code: TransportErrorCode): FailureAction => POLICY[code];

/** Thrown by the send service when the batch should run again later; the worker maps it onto BullMQ. */
export class RetryLaterError extends Error {
  constructor(
    readonly action: 'rate-limit' | 'backoff',
    message: string,
    readonly delayMs?: number,
  ) {
    super(message);
  }
}
