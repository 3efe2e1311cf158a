import { describe, expect, it } from 'vitest';
import { failureAction } from '../../src/delivery/failure-policy.ts';
import { classifyResendError, parseRetryAfter } from '../../src/transports/resend-transport.ts';

describe('Resend error classification', () => {
  const cases: [object, Record<string, string> | null, string, string][] = [
    [{ name: 'rate_limit_exceeded', statusCode: 429 }, { 'retry-after': '2' }, 'rate_limited', 'rate-limit'],
    [{ name: 'daily_quota_exceeded', statusCode: 429 }, null, 'quota_exceeded', 'pause-edition'],
    [{ name: 'application_error', statusCode: null }, null, 'unavailable', 'backoff'],
    [{ name: 'internal_server_error', statusCode: 500 }, null, 'unavailable', 'backoff'],
    [{ name: 'application_error', statusCode: 503 }, null, 'unavailable', 'backoff'],
    [{ name: 'invalid_api_key', statusCode: 403 }, null, 'unauthorized', 'pause-edition'],
    [{ name: 'missing_api_key', statusCode: 401 }, null, 'unauthorized', 'pause-edition'],
    [{ name: 'concurrent_idempotent_requests', statusCode: 409 }, null, 'in_flight', 'rate-limit'],
    [{ name: 'invalid_idempotent_request', statusCode: 409 }, null, 'idempotency_conflict', 'park-batch'],
    [{ name: 'validation_error', statusCode: 422 }, null, 'invalid_request', 'fail-batch'],
  ];
  it.each(cases)('%j → %s', (error, headers, code, action) => {
    const e = classifyResendError(error, headers);
    expect(e.code).toBe(code);
    expect(failureAction(e.code)).toBe(action);
  });

  it('honours retry-after in seconds or as a date, with a sane fallback', () => {
    expect(classifyResendError({ name: 'rate_limit_exceeded', statusCode: 429 }, { 'retry-after': '2' }).retryAfterMs).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(undefined)).toBe(1000);
    expect(parseRetryAfter('soon')).toBe(1000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 7_000)).toBe(3000);
    expect(parseRetryAfter('999999')).toBe(3600_000);
  });
});
