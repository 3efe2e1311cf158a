import { isTimeZone } from '../scheduling/local-time.ts';
import type { Tier } from '../content/article.ts';
import { emailProblem, normalizeEmail } from './email-address.ts';
import { flagged, type Header } from './csv-dialects.ts';
import { parseSectionCell, type SectionChoice } from '../editions/reader-sections.ts';


/**
 * A validated import row. Fields the row left empty are null (or absent from
 * `attributes`): an import never erases a value with an empty cell.
 */
export interface SubscriberInput {
  email: string;
  emailNormalized: string;
  name: string | null;
  /** null: the row does not say (new readers are free). */
  tier: Tier | null;
  timezone: string | null;
  /** The sections chosen (keys), null for every section; undefined: the row does not say. */
  sections?: SectionChoice;
  attributes: Record<string, string>;
  /** false: the export says this reader left or never agreed to emails; they are kept, unsubscribed. */
  subscribed: boolean;
  /** The export says the address bounced or was blocked: why, for the suppression list. */
  suppressed?: string;
}

export type RowResult = { ok: true; value: SubscriberInput } | { ok: false; reason: string };

/** Text that cannot be stored or was not text: a NUL, or what a bad UTF-8 sequence decodes to. */
function textProblem(fields: readonly string[], names: readonly string[]): string | null {
  for (const [i, f] of fields.entries()) {
    const where = names[i] ? `column "${names[i]}"` : `field ${i + 1}`;
    if (f.includes('\0')) return `${where} contains a NUL byte`;
    if (f.includes('\ufffd')) return `${where} is not valid UTF-8 (save the file as UTF-8 and import it again)`;
  }
  return null;
}

/** Validates one data row against the header. Pure. */
export function parseSubscriberRow(header: Header, fields: readonly string[]): RowResult {
  const { columns } = header;
  if (fields.length !== columns.length) {
    return { ok: false, reason: `has ${fields.length} fields, the header has ${columns.length}` };
  }
  const bad = textProblem(fields, header.names);
  if (bad) return { ok: false, reason: bad };
  const values = (role: string) => columns.flatMap((c, i) => (c.role === role ? [fields[i]!.trim()] : []));
  const get = (role: string) => values(role).find((v) => v !== '') ?? '';

  const email = get('email');
  const problem = emailProblem(email);
  if (problem) return { ok: false, reason: `email ${problem}${email ? ` (${JSON.stringify(email.slice(0, 80))})` : ''}` };

  const tierRaw = get('tier').toLowerCase();
  if (tierRaw && tierRaw !== 'free' && tierRaw !== 'paid') return { ok: false, reason: `tier must be "free" or "paid" (got ${JSON.stringify(tierRaw.slice(0, 40))})` };
  let tier = (tierRaw || null) as Tier | null;
  // Exports say paid in their own words: a plan column decides when there is one, flags otherwise.
  const paidColumns = columns.flatMap((c, i) => (c.role === 'paid' ? [{ when: c.when, value: fields[i]! }] : []));
  if (!tier && paidColumns.length) {
    const plans = paidColumns.filter((p) => p.when === 'not-free' && p.value.trim());
    const decisive = plans.length ? plans : paidColumns;
    tier = decisive.some((p) => flagged(p.when, p.value)) ? 'paid' : 'free';
  }

  const timezone = get('timezone');
  if (timezone && !isTimeZone(timezone)) return { ok: false, reason: `timezone is not an IANA time zone (got ${JSON.stringify(timezone.slice(0, 60))})` };
  const sections = parseSectionCell(get('sections'));
  const name = get('name') || [get('firstName'), get('lastName')].filter(Boolean).join(' ');
  if (name.length > 200) return { ok: false, reason: 'name is longer than 200 characters' };

  const attributes: Record<string, string> = {};
  for (const [i, c] of columns.entries()) {
    const value = fields[i]!.trim();
    if (c.role === 'attribute' && value) attributes[c.key] = value;
    if (c.role === 'attributesJson' && value) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return { ok: false, reason: `column "${header.names[i]}" is not a JSON object` };
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: `column "${header.names[i]}" is not a JSON object` };
      for (const [k, v] of Object.entries(parsed)) if (v !== null && v !== '' && k.trim()) attributes[k.trim().toLowerCase()] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  const left = columns.some((c, i) => c.role === 'left' && flagged(c.when, fields[i]!));
  const blocked = columns.find((c, i) => c.role === 'suppressed' && flagged(c.when, fields[i]!)) as { reason: string } | undefined;

  return {
    ok: true,
    value: { email, emailNormalized: normalizeEmail(email), name: name || null, tier, timezone: timezone || null, ...(sections !== undefined ? { sections } : {}), attributes, subscribed: !left && !blocked, ...(blocked ? { suppressed: blocked.reason } : {}) },
  };
}

/**
 * The same reader twice in one file: the later row wins field by field, but an
 * empty cell never erases what an earlier row said. Pure.
 */
export function mergeRows(earlier: SubscriberInput, later: SubscriberInput): SubscriberInput {
  return {
    email: later.email,
    emailNormalized: later.emailNormalized,
    name: later.name ?? earlier.name,
    tier: later.tier ?? earlier.tier,
    timezone: later.timezone ?? earlier.timezone,
    ...(later.sections !== undefined ? { sections: later.sections } : earlier.sections !== undefined ? { sections: earlier.sections } : {}),
    attributes: { ...earlier.attributes, ...later.attributes },
    subscribed: later.subscribed,
    ...((later.suppressed ?? earlier.suppressed) ? { suppressed: later.suppressed ?? earlier.suppressed } : {}),
  };
}
