import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isConnectionFailure } from '../../src/db/database-unavailable.ts';
import { classifyFailure, nextStep, RetryLaterError } from '../../src/delivery/failure-policy.ts';
import { parkedReason } from '../../src/delivery/completion.ts';
import { TransportError } from '../../src/transports/email-transport.ts';
import { originAllowed } from '../../src/http/same-origin.ts';

describe('one failure policy for every error', () => {
  it('classifies provider, database and other errors', () => {
    expect(classifyFailure(new TransportError('unavailable', '503'))).toMatchObject({ code: 'unavailable', action: 'backoff' });
    expect(classifyFailure(new TransportError('rate_limited', '429', 2000))).toMatchObject({ action: 'rate-limit', retryAfterMs: 2000 });
    expect(classifyFailure(new RetryLaterError('backoff', 'x', undefined, 'internal'))).toMatchObject({ code: 'internal', action: 'backoff' });
    expect(classifyFailure(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toMatchObject({ code: 'database_unavailable', action: 'wait' });
    expect(classifyFailure(new DatabaseUnavailableError(new Error('Connection terminated unexpectedly')))).toMatchObject({ action: 'wait' });
    expect(classifyFailure(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toMatchObject({ code: 'internal', action: 'backoff', message: 'EACCES: permission denied' });
    expect(classifyFailure('a string')).toMatchObject({ code: 'internal', message: 'a string' });
  });

  it('tells a dropped connection from a statement the database refused', () => {
    for (const e of [{ code: '08006' }, { code: '57P01' }, { code: 'ECONNRESET' }, { message: 'Connection terminated unexpectedly' }, { message: 'Client has encountered a connection error and is not queryable' }]) {
      expect(isConnectionFailure(e), JSON.stringify(e)).toBe(true);
    }
    for (const e of [{ code: '23505' }, { code: '22003' }, { code: '42P01' }, new Error('boom'), null, 'x']) expect(isConnectionFailure(e), JSON.stringify(e)).toBe(false);
  });

  it('retries, waits or gives up by the attempts left; a database outage never spends one', () => {
    const backoff = classifyFailure(new Error('disk full'));
    expect(nextStep(backoff, 0, 10)).toBe('retry');
    expect(nextStep(backoff, 9, 10)).toBe('give-up');
    expect(nextStep(classifyFailure(new DatabaseUnavailableError('down')), 99, 10)).toBe('wait');
    expect(nextStep(classifyFailure(new TransportError('rate_limited', '429')), 99, 10)).toBe('rate-limit');
    expect(nextStep(classifyFailure(new TransportError('idempotency_conflict', '409')), 0, 10)).toBe('done');
  });

  it('says what an operator does about parked batches', () => {
    const reason = parkedReason('ed-1', { batches: 1, readers: 100, keys: ['broadsheet-batch-b1'] });
    expect(reason).toBe(
      '1 batch (100 readers) parked: the provider may or may not have sent them, and resending blindly could send twice. ' +
        "Look them up in the provider's logs (idempotency keys broadsheet-batch-b1), then run " +
        '"broadsheet editions settle ed-1 --as sent" if they went out, or "--as resend" if they did not',
    );
  });
});

describe("the desk's Origin check", () => {
  const ours = { host: 'desk.example:8443', scheme: 'https', publicUrl: 'https://news.example' };
  it('compares scheme, host and port', () => {
    expect(originAllowed(undefined, ours)).toBe(true); // no Origin: not a browser's cross-site form
    expect(originAllowed('https://desk.example:8443', ours)).toBe(true);
    expect(originAllowed('https://news.example', ours)).toBe(true);
    expect(originAllowed('https://news.example:443', ours)).toBe(true);
    for (const other of ['http://desk.example:8443', 'https://desk.example:9443', 'https://desk.example', 'http://news.example', 'https://evil.example', 'null', 'https://news.example.evil.example']) {
      expect(originAllowed(other, ours), other).toBe(false);
    }
  });
});
