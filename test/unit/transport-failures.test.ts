import { describe, expect, it } from 'vitest';
import { TransportError } from '../../src/transports/email-transport.ts';
import { messagePacer } from '../../src/transports/message-pacer.ts';
import { classifySesFailure } from '../../src/transports/ses-transport.ts';
import { classifySmtpFailure, smtpOptions } from '../../src/transports/smtp-transport.ts';

const code = (v: { rejected: string } | TransportError) => (v instanceof TransportError ? v.code : 'rejected');

describe('SMTP failures', () => {
  it('rejects one message for a 5xx about its recipient or content; stops for a refused login or sender; retries the rest', () => {
    expect(code(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }))).toBe('rejected');
    expect(code(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' }))).toBe('rejected');
    expect(code(classifySmtpFailure({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }))).toBe('unauthorized');
    expect(code(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM' }))).toBe('unauthorized');
    expect(code(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 452, command: 'RCPT TO' }))).toBe('unavailable');
    expect(code(classifySmtpFailure({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }))).toBe('unavailable');
    expect(code(classifySmtpFailure({ code: 'ETIMEDOUT' }))).toBe('unavailable');
  });

  it('reads SMTP_URL: port defaults by scheme, credentials decoded', () => {
    expect(smtpOptions('smtp://news%40room:p%2Fss@mail.example.com')).toEqual({ host: 'mail.example.com', port: 587, secure: false, auth: { user: 'news@room', pass: 'p/ss' } });
    expect(smtpOptions('smtps://mail.example.com')).toEqual({ host: 'mail.example.com', port: 465, secure: true });
  });
});

describe('SES failures', () => {
  const failure = (name: string, status: number, message = '') => classifySesFailure({ name, message, $metadata: { httpStatusCode: status } });
  it('maps the SESv2 errors onto the pipeline codes', () => {
    expect(code(failure('TooManyRequestsException', 429))).toBe('rate_limited');
    expect(code(failure('LimitExceededException', 400, 'Daily message quota exceeded.'))).toBe('quota_exceeded');
    expect(code(failure('SendingPausedException', 400))).toBe('unauthorized');
    expect(code(failure('AccountSuspendedException', 400))).toBe('unauthorized');
    expect(code(failure('MessageRejected', 400))).toBe('rejected');
    expect(code(failure('InternalFailure', 500))).toBe('unavailable');
    expect(code(classifySesFailure({ name: 'TimeoutError', message: 'socket hang up' }))).toBe('unavailable');
  });
});

describe('message pacer', () => {
  it('spaces messages evenly at the rate, and never waits without one', async () => {
    let now = 1000;
    const waits: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms: number) => (waits.push(ms), realSetTimeout(fn, 0))) as typeof setTimeout;
    try {
      const pace = messagePacer(4, () => now);
      await Promise.all([pace(), pace(), pace()]);
      expect(waits).toEqual([250, 500]);
      now += 2000;
      await pace();
      expect(waits).toEqual([250, 500]);
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    await messagePacer(undefined)();
  });
});
