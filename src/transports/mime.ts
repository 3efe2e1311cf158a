import { randomUUID } from 'node:crypto';
import { headerSafe } from '../rendering/escape.ts';
import type { OutgoingEmail } from './email-transport.ts';

/** RFC 2047 encoded-word for non-ASCII header text. */
function encodeHeader(value: string): string {
  const safe = headerSafe(value);
  return /^[\x20-\x7e]*$/.test(safe) ? safe : `=?UTF-8?B?${Buffer.from(safe, 'utf8').toString('base64')}?=`;
}

function base64Body(content: string): string {
  return Buffer.from(content, 'utf8').toString('base64').replace(/.{1,76}/g, '$&\r\n');
}

/** A complete RFC 5322 message (multipart/alternative: text, then HTML) as a provider would deliver it. */
export function toMime(email: OutgoingEmail, messageId: string, date = new Date()): string {
  const boundary = `bs-${randomUUID()}`;
  const headers: [string, string][] = [
    ['From', encodeHeader(email.from)],
    ['To', encodeHeader(email.to)],
    ['Subject', encodeHeader(email.subject)],
    ['Date', date.toUTCString()],
    ['Message-ID', `<${messageId}@outbox.broadsheet.localhost>`],
    ['MIME-Version', '1.0'],
    ...Object.entries(email.headers).map(([k, v]): [string, string] => [headerSafe(k), encodeHeader(v)]),
    ['X-Broadsheet-Tags', email.tags.map((t) => `${t.name}=${t.value}`).join('; ')],
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ];
  return [
    ...headers.map(([k, v]) => `${k}: ${v}`),
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(email.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(email.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
