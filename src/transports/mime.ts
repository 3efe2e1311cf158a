import { randomUUID } from 'node:crypto';
import { headerSafe } from '../rendering/escape.ts';
import type { OutgoingEmail } from './email-transport.ts';

/**
 * RFC 5322 messages as standard parsers expect them: non-ASCII header text in
 * RFC 2047 encoded-words of at most 75 characters, folded so no line passes 78
 * (998 is the hard limit), a display name encoded on its own with the address
 * left plain, and a Date with a numeric zone. Pure.
 */

const MAX_WORD = 75;
/** `=?UTF-8?B?` + `?=` */
const WORD_OVERHEAD = 12;
/** Bytes of UTF-8 one encoded-word carries: the largest multiple of 3 whose base64 fits. */
const WORD_BYTES = Math.floor((MAX_WORD - WORD_OVERHEAD) / 4) * 3;

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** Splits text into encoded-words, never cutting a character's UTF-8 bytes apart. */
export function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > WORD_BYTES && chunk) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += n;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`);
}

/**
 * Folds `Name: value` at spaces into lines of at most 78 characters (continuation
 * lines start with a space). A single token longer than that (a long URL) stays
 * whole on its line, within the 998 limit the callers keep.
 */
export function foldHeader(name: string, value: string): string {
  const tokens = value.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    if (line.length + 1 + token.length > 78 && line.trim() !== `${name}:`) {
      lines.push(line);
      line = ` ${token}`;
    } else {
      line += ` ${token}`;
    }
  }
  lines.push(line);
  return lines.join('\r\n');
}

/** Unstructured text (a subject): as it is if it is printable ASCII, else encoded-words. */
function unstructured(value: string): string {
  const safe = headerSafe(value);
  return ASCII_PRINTABLE.test(safe) ? safe : encodedWords(safe).join(' ');
}

/** `Name <address>` or a bare address, split; the address is whatever is inside the last angle brackets. */
export function parseMailbox(value: string): { name: string | null; address: string } {
  const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!m) return { name: null, address: value.trim() };
  const name = m[1]!.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1').trim();
  return { name: name || null, address: m[2]!.trim() };
}

/**
 * A mailbox header value: the display name alone is encoded (or quoted, if it has
 * characters that mean something in an address), the address stays plain, so
 * every client and filter can read it.
 */
export function mailbox(value: string): string {
  const { name, address } = parseMailbox(headerSafe(value));
  if (!name) return address;
  if (!ASCII_PRINTABLE.test(name)) return `${encodedWords(name).join(' ')} <${address}>`;
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name)) return `${name} <${address}>`;
  return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** RFC 5322 date-time in UTC with a numeric zone (`GMT` is obsolete syntax). */
export function rfc5322Date(d: Date): string {
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

function base64Body(content: string): string {
  return Buffer.from(content, 'utf8').toString('base64').replace(/.{1,76}/g, '$&\r\n');
}

/** A complete RFC 5322 message (multipart/alternative: text, then HTML) as a provider would deliver it. */
export function toMime(email: OutgoingEmail, messageId: string, date = new Date(), domain = 'outbox.broadsheet.localhost'): string {
  const boundary = `bs-${randomUUID()}`;
  const headers: [string, string][] = [
    ['From', mailbox(email.from)],
    ...(email.replyTo ? [['Reply-To', mailbox(email.replyTo)] as [string, string]] : []),
    ['To', mailbox(email.to)],
    ['Subject', unstructured(email.subject)],
    ['Date', rfc5322Date(date)],
    ['Message-ID', `<${messageId}@${domain}>`],
    ['MIME-Version', '1.0'],
    ...Object.entries(email.headers).map(([k, v]): [string, string] => [headerSafe(k), unstructured(v)]),
    ['X-Broadsheet-Tags', email.tags.map((t) => `${t.name}=${t.value}`).join('; ')],
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ];
  return [
    ...headers.map(([k, v]) => foldHeader(k, v)),
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
