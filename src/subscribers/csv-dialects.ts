/**
 * The header rows of the exports newsrooms migrate from, mapped onto ours. Pure.
 *
 * - Broadsheet: `email`, `name`, `tier`, `timezone`, anything else an attribute.
 * - Mailchimp (audience export): `Email Address`, `First Name`, `Last Name`, `TIMEZONE`;
 *   `UNSUB_TIME` set means the reader left; `CLEAN_TIME` (the cleaned export) that the
 *   address bounced: a suppression.
 * - Substack (subscribers export): `email`, `name`, `plan` or `type` (anything but
 *   `free` is paid), `active_subscription` (a paid subscription), `email_disabled`.
 * - Ghost (members export): `email`, `name`, `status` (`paid`/`comped` are paid),
 *   `complimentary_plan`, `tiers` (a paid tier's name), `subscribed_to_emails`, `labels`;
 *   `email_disabled` (Ghost stops after a hard bounce or a complaint): a suppression.
 * - listmonk (subscribers export): `email`, `name`, `status` (`blocklisted`: a suppression),
 *   `attributes` (a JSON object, merged into ours).
 *
 * Their internal ids, timestamps, IP addresses and coordinates are not kept:
 * personal data we have no use for.
 */

export type Dialect = 'broadsheet' | 'mailchimp' | 'substack' | 'ghost' | 'listmonk';

export type ColumnRole =
  | { role: 'email' | 'name' | 'firstName' | 'lastName' | 'tier' | 'timezone' | 'sections' | 'attributesJson' | 'drop' }
  /** A column that says the reader is paid when it holds one of `paid` (case-insensitive), or when it is true/non-empty. */
  | { role: 'paid'; when: 'truthy' | 'not-free' | readonly string[] }
  /** A column that says the reader left, or never agreed to emails. */
  | { role: 'left'; when: 'truthy' | 'falsy' | readonly string[] }
  /** A column that says the address bounced or was blocked: it becomes a suppression, with this reason. */
  | { role: 'suppressed'; when: 'truthy' | readonly string[]; reason: string }
  | { role: 'attribute'; key: string };

export interface Header {
  dialect: Dialect;
  columns: ColumnRole[];
  /** The header as the file wrote it, for error messages. */
  names: string[];
}

/** `Email Address`, `email_address`, ` E-Mail ` → `email address`. */
const canonical = (name: string) =>
  name
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');

const COMMON: Record<string, ColumnRole> = {
  email: { role: 'email' },
  'email address': { role: 'email' },
  'e-mail': { role: 'email' },
  'e-mail address': { role: 'email' },
  correo: { role: 'email' },
  'correo electrónico': { role: 'email' },
  name: { role: 'name' },
  'full name': { role: 'name' },
  nombre: { role: 'name' },
  'first name': { role: 'firstName' },
  fname: { role: 'firstName' },
  'last name': { role: 'lastName' },
  lname: { role: 'lastName' },
  apellido: { role: 'lastName' },
  tier: { role: 'tier' },
  timezone: { role: 'timezone' },
  'time zone': { role: 'timezone' },
  sections: { role: 'sections' },
  secciones: { role: 'sections' },
};

const drop = (...names: string[]): Record<string, ColumnRole> => Object.fromEntries(names.map((n) => [n, { role: 'drop' } as ColumnRole]));

const DIALECTS: { dialect: Exclude<Dialect, 'broadsheet'>; marks: string[]; columns: Record<string, ColumnRole> }[] = [
  {
    dialect: 'mailchimp',
    marks: ['email address', 'member rating', 'optin time', 'leid', 'euid', 'confirm time'],
    columns: {
      'unsub time': { role: 'left', when: 'truthy' },
      'clean time': { role: 'suppressed', when: 'truthy', reason: 'hard bounce (cleaned in Mailchimp)' },
      ...drop('member rating', 'optin time', 'optin ip', 'confirm time', 'confirm ip', 'latitude', 'longitude', 'gmtoff', 'dstoff', 'cc', 'region', 'last changed', 'leid', 'euid', 'unsub campaign title', 'unsub campaign id', 'unsub reason', 'unsub reason other', 'clean campaign title', 'clean campaign id'),
    },
  },
  {
    dialect: 'substack',
    // Not `email disabled`: Ghost's members export has it too.
    marks: ['active subscription', 'expiry', 'first payment at'],
    columns: {
      plan: { role: 'paid', when: 'not-free' },
      type: { role: 'paid', when: 'not-free' },
      'subscription plan': { role: 'paid', when: 'not-free' },
      'active subscription': { role: 'paid', when: 'truthy' },
      'email disabled': { role: 'left', when: 'truthy' },
      ...drop('expiry', 'created at', 'first payment at', 'stripe customer id', 'subscription id'),
    },
  },
  {
    dialect: 'ghost',
    marks: ['subscribed to emails', 'complimentary plan'],
    columns: {
      status: { role: 'paid', when: ['paid', 'comped'] },
      'complimentary plan': { role: 'paid', when: 'truthy' },
      tiers: { role: 'paid', when: 'not-free' },
      'subscribed to emails': { role: 'left', when: 'falsy' },
      'email disabled': { role: 'suppressed', when: 'truthy', reason: 'bounce or complaint (email disabled in Ghost)' },
      ...drop('id', 'uuid', 'created at', 'deleted at', 'updated at', 'stripe customer id', 'geolocation'),
    },
  },
  {
    dialect: 'listmonk',
    marks: ['uuid', 'attributes'],
    columns: {
      status: { role: 'suppressed', when: ['blocklisted'], reason: 'blocklisted in listmonk' },
      attributes: { role: 'attributesJson' },
      ...drop('uuid', 'id', 'created at', 'updated at'),
    },
  },
];

/** Maps a header row to what each column means; `email` (or an alias) is required. */
export function readHeader(fields: readonly string[]): Header | { error: string } {
  const names = fields.map(canonical);
  const dup = names.find((c, i) => c && names.indexOf(c) !== i);
  if (dup) return { error: `the header row names "${dup}" twice` };
  const detected = DIALECTS.filter((d) => d.marks.filter((m) => names.includes(m)).length >= (d.dialect === 'listmonk' ? 2 : 1));
  // Mailchimp is known by `Email Address` alone only when nothing else claims the file.
  const found = detected.find((d) => d.dialect !== 'mailchimp') ?? detected[0];
  const columns = names.map((name): ColumnRole => found?.columns[name] ?? COMMON[name] ?? (name ? { role: 'attribute', key: name } : { role: 'drop' }));
  if (!columns.some((c) => c.role === 'email')) {
    return { error: `the header row needs an "email" column (found: ${fields.map((f) => f.trim()).filter(Boolean).join(', ') || 'nothing'})` };
  }
  if (columns.filter((c) => c.role === 'email').length > 1) return { error: 'the header row has more than one email column' };
  return { dialect: found?.dialect ?? 'broadsheet', columns, names: fields.map((f) => f.trim()) };
}

const TRUE = /^(true|yes|y|1|t|sí|si)$/i;

/** Whether a flag column's value says yes, by its rule. */
export function flagged(when: 'truthy' | 'falsy' | 'not-free' | readonly string[], value: string): boolean {
  const v = value.trim();
  if (when === 'truthy') return v !== '' && (TRUE.test(v) || !/^(false|no|n|0|f)$/i.test(v));
  if (when === 'falsy') return /^(false|no|n|0|f)$/i.test(v);
  if (when === 'not-free') return v !== '' && !/^free$/i.test(v);
  return when.some((w) => w.toLowerCase() === v.toLowerCase());
}
