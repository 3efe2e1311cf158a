import { isTimeZone } from '../scheduling/local-time.ts';
import type { Tier } from '../content/article.ts';
import { emailProblem, normalizeEmail } from './email-address.ts';


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
