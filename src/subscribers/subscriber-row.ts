import { isTimeZone } from '../scheduling/local-time.ts';
import type { Tier } from '../content/article.ts';

/** A validated import row. */
export interface SubscriberInput {
  email: string;
  emailNormalized: string;
  name: string | null;
  tier: Tier;
  timezone: string | null;
  attributes: Record<string, string>;
}

export type RowResult = { ok: true; value: SubscriberInput } | { ok: false; reason: string };

const KNOWN = new Set(['email', 'name', 'tier', 'timezone']);

/** Lower-cased for identity: `Ana@Example.com` and `ana@example.com` are one reader. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/**
 * A pragmatic check (RFC 5321 lengths, one @, a dotted domain, no spaces or
 * control characters); Unicode local parts and domains are allowed (RFC 6531).
 */
export function emailProblem(email: string): string | null {
  if (email.length === 0) return 'is empty';
  if (email.length > 254) return 'is longer than 254 characters';
  if (/[\s\p{Cc}<>()[\]\\,;:"]/u.test(email)) return 'contains a space or a character not allowed in an address';
  const at = email.lastIndexOf('@');
  if (at < 1 || email.indexOf('@') !== at) return 'must contain exactly one @ with text before it';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64) return 'has a local part longer than 64 characters';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'has a misplaced dot before the @';
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-'))) {
    return 'has an invalid domain';
  }
  return null;
}

/** Maps a header row to column positions; `email` is required. */
export function readHeader(fields: readonly string[]): { columns: string[] } | { error: string } {
  const columns = fields.map((f) => f.trim().toLowerCase());
  if (!columns.includes('email')) return { error: `the header row needs an "email" column (found: ${columns.join(', ') || 'nothing'})` };
  const dup = columns.find((c, i) => c && columns.indexOf(c) !== i);
  if (dup) return { error: `the header row names "${dup}" twice` };
  return { columns };
}

/** Validates one data row against the header. Pure. */
export function parseSubscriberRow(columns: readonly string[], fields: readonly string[]): RowResult {
  if (fields.length !== columns.length) {
    return { ok: false, reason: `has ${fields.length} fields, the header has ${columns.length}` };
  }
  const get = (name: string) => {
    const i = columns.indexOf(name);
    return i < 0 ? '' : fields[i]!.trim();
  };
  const email = get('email');
  const problem = emailProblem(email);
  if (problem) return { ok: false, reason: `email ${problem}${email ? ` (${JSON.stringify(email.slice(0, 80))})` : ''}` };

  const tierRaw = get('tier').toLowerCase();
  if (tierRaw && tierRaw !== 'free' && tierRaw !== 'paid') return { ok: false, reason: `tier must be "free" or "paid" (got ${JSON.stringify(tierRaw.slice(0, 40))})` };
  const timezone = get('timezone');
  if (timezone && !isTimeZone(timezone)) return { ok: false, reason: `timezone is not an IANA time zone (got ${JSON.stringify(timezone.slice(0, 60))})` };
  const name = get('name');
  if (name.length > 200) return { ok: false, reason: 'name is longer than 200 characters' };

  const attributes: Record<string, string> = {};
  columns.forEach((column, i) => {
    if (column && !KNOWN.has(column)) attributes[column] = fields[i]!;
  });
  return {
    ok: true,
    value: {
      email,
      emailNormalized: normalizeEmail(email),
      name: name || null,
      tier: (tierRaw || 'free') as Tier,
      timezone: timezone || null,
      attributes,
    },
  };
}
