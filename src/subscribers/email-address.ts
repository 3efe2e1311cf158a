import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Email addresses: the identity of a reader, and the address we hand a provider.
 * A domain may arrive in Unicode (`bücher.example`) or as the IDNA A-label
 * (`xn--bcher-kva.example`); both name one mailbox, so identity and sending use
 * the A-label, which every mail system accepts. Pure.
 */

function split(email: string): { local: string; domain: string } | null {
  const at = email.lastIndexOf('@');
  return at < 1 ? null : { local: email.slice(0, at), domain: email.slice(at + 1) };
}

/** The domain as an IDNA A-label, lower case; '' when it cannot be one. */
const asciiDomain = (domain: string) => domainToASCII(domain.normalize('NFC')).toLowerCase();

/**
 * One reader per mailbox: `Ana@Example.com`, `ana@example.com`, `user@bücher.example`
 * and `user@xn--bcher-kva.example` normalise alike. The local part is lower-cased
 * (providers treat it case-insensitively in practice).
 */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim().normalize('NFC');
  const parts = split(trimmed);
  const domain = parts ? asciiDomain(parts.domain) : '';
  if (!parts || !domain) return trimmed.toLowerCase();
  return `${parts.local.toLowerCase()}@${domain}`;
}

/**
 * Every spelling a suppression fingerprint of this mailbox may carry: the
 * normalised address, and where its domain is internationalised, the Unicode
 * spelling identities had before migration 008. An erasure keeps only the
 * fingerprint, which that migration could not rewrite; checking both keeps the
 * mailbox erased.
 */
export function identitySpellings(email: string): string[] {
  const normalized = normalizeEmail(email);
  const parts = split(normalized);
  if (!parts || !/(^|\.)xn--/.test(parts.domain)) return [normalized];
  const unicode = domainToUnicode(parts.domain).normalize('NFC').toLowerCase();
  return unicode && unicode !== parts.domain ? [normalized, `${parts.local}@${unicode}`] : [normalized];
}

/** The address as we send to it: as the reader gave it, but a Unicode domain written as its A-label. */
export function sendableAddress(email: string): string {
  const trimmed = email.trim().normalize('NFC');
  const parts = split(trimmed);
  if (!parts || /^[\x21-\x7e]*$/.test(parts.domain)) return trimmed;
  const domain = asciiDomain(parts.domain);
  return domain ? `${parts.local}@${domain}` : trimmed;
}

/**
 * A pragmatic check (RFC 5321 lengths, one @, a dotted domain, no spaces or
 * control characters); Unicode local parts and domains are allowed (RFC 6531).
 */
export function emailProblem(email: string): string | null {
  if (email.length === 0) return 'is empty';
  if (email.length > 254) return 'is longer than 254 characters';
  if (/[\s\p{Cc}\p{Cs}\ufffd<>()[\]\\,;:"]/u.test(email)) return 'contains a space or a character not allowed in an address';
  const parts = split(email);
  if (!parts || email.indexOf('@') !== email.lastIndexOf('@')) return 'must contain exactly one @ with text before it';
  const { local, domain } = parts;
  if (local.length > 64) return 'has a local part longer than 64 characters';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'has a misplaced dot before the @';
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-'))) {
    return 'has an invalid domain';
  }
  const ascii = asciiDomain(domain);
  if (!ascii || ascii.length > 253 || ascii.split('.').some((l) => l.length > 63)) return 'has an invalid domain';
  return null;
}
