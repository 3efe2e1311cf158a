import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { describeIssues, UserError } from '../errors.ts';
import { canonicalLanguage, LANGUAGES } from '../i18n/reader-copy.ts';
import { LAYOUTS, type Layout } from '../rendering/layouts.ts';
import { isTimeZone } from '../scheduling/local-time.ts';
import { STRAY_CONTROL } from '../content/article.ts';
import { parseMailbox } from '../transports/mime.ts';
import { emailProblem } from './email-address.ts';

export interface List {
  id: number;
  slug: string;
  name: string;
  /** The layout its editions get unless an editor picks another. */
  layout: Layout;
  /** A sentence or two on its public sign-up page. */
  description: string | null;
  /** Where "Subscribe to read" and "Become a paid subscriber" go; the sign-up page when not set. */
  paidUrl: string | null;
  /** The zone its editions' times are shown and chosen in. */
  timezone: string;
  /** The language (BCP 47) of its emails and reader pages. */
  language: string;
  /** The sender readers know (`Crónica Diaria <diaria@news.example.com>`); EMAIL_FROM when null. */
  emailFrom: string | null;
  /** Where replies go; none when null. */
  replyTo: string | null;
  /** The footer's publisher and postal address; PUBLISHER_NAME and PUBLISHER_ADDRESS when null. */
  publisherName: string | null;
  postalAddress: string | null;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const columns = (t: string) =>
  `${t}id, ${t}slug, ${t}name, ${t}layout, ${t}description, ${t}paid_url as "paidUrl", ${t}timezone, ${t}language, ${t}email_from as "emailFrom", ${t}reply_to as "replyTo", ${t}publisher_name as "publisherName", ${t}postal_address as "postalAddress"`;

/** An empty value clears the setting (the process default applies again). */
const clearable = (schema: z.ZodString) => z.union([z.literal(''), schema]).transform((s) => s || null).nullable();
/** `Name <address>` or a bare address, as a From or Reply-To header takes it. */
const mailboxSetting = z
  .string()
  .trim()
  .max(320, 'must be at most 320 characters')
  .refine((v) => !STRAY_CONTROL.test(v) && !/[\r\n]/.test(v), 'must be one line')
  .refine((v) => !emailProblem(parseMailbox(v).address), 'must be an address, or a name and an address: "Crónica Diaria <diaria@news.example.com>"');
const COLUMNS = columns('');

/** A list's settings as an editor gives them; an empty description or paid URL clears it. */
export const ListSettings = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  layout: z.enum(LAYOUTS, { message: `must be ${LAYOUTS.join(' or ')}` }),
  description: z
    .string()
    .trim()
    .max(500, 'must be at most 500 characters')
    .transform((s) => s || null)
    .nullable(),
  paidUrl: z
    .union([z.literal(''), z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }).max(2048)])
    .transform((s) => s || null)
    .nullable(),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Mexico_City'),
  emailFrom: clearable(mailboxSetting),
  replyTo: clearable(mailboxSetting),
  publisherName: clearable(z.string().trim().min(1).max(200, 'must be at most 200 characters')),
  postalAddress: clearable(z.string().trim().min(1).max(300, 'must be at most 300 characters')),
  language: z
    .string()
    .trim()
    .transform((tag, ctx) => {
      const canonical = canonicalLanguage(tag);
      if (!canonical) ctx.addIssue({ code: 'custom', message: `must be a BCP 47 language tag with a catalogue in src/i18n (${LANGUAGES.join(', ')}, or a regional form such as es-MX)` });
      return canonical ?? tag;
    }),
});
export type ListSettingsInput = Partial<z.input<typeof ListSettings>>;

function parseSettings(input: unknown): Partial<z.output<typeof ListSettings>> {
  const parsed = ListSettings.partial().safeParse(input);
  if (!parsed.success) throw new UserError('invalid_input', describeIssues(parsed.error.issues, 'list'));
  // A setting left out (undefined) is no change; zod keeps the key, so drop it here.
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
}

export async function createList(db: Queryable, slug: string, name: string, settings: Omit<ListSettingsInput, 'name'> = {}): Promise<List> {
  if (!SLUG.test(slug)) throw new UserError('invalid_input', `list slug "${slug}" must be lower-case letters, digits and dashes (at most 63), starting with a letter or digit`);
  const s = parseSettings({ ...settings, name });
  const rows = await db.query<List>(
    `insert into lists (slug, name, layout, description, paid_url, timezone, language, email_from, reply_to, publisher_name, postal_address)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (slug) do nothing returning ${COLUMNS}`,
    [slug, s.name, s.layout ?? 'classic', s.description ?? null, s.paidUrl ?? null, s.timezone ?? 'UTC', s.language ?? 'en', s.emailFrom ?? null, s.replyTo ?? null, s.publisherName ?? null, s.postalAddress ?? null],
  );
  if (!rows[0]) throw new UserError('conflict', `a list with slug "${slug}" already exists`);
  return rows[0];
}

export async function findList(db: Queryable, slug: string): Promise<List | null> {
  const rows = await db.query<List>(`select ${COLUMNS} from lists where slug = $1`, [slug]);
  return rows[0] ?? null;
}

export async function getList(db: Queryable, slug: string): Promise<List> {
  const list = await findList(db, slug);
  if (!list) throw new UserError('not_found', `no list "${slug}" (create it with: broadsheet lists create ${slug} --name "…")`);
  return list;
}

export async function listLists(db: Queryable): Promise<(List & { active: number })[]> {
  return db.query(
    `select ${columns('l.')},
            (select count(*)::int from subscriptions s where s.list_id = l.id and s.status = 'active') as active
       from lists l order by l.slug`,
  );
}

/** Changes a list's settings; what `changes` leaves out stays as it is. */
export async function updateList(db: Queryable, slug: string, changes: ListSettingsInput): Promise<List> {
  const list = await getList(db, slug);
  const s = { ...list, ...parseSettings(changes) };
  const [row] = await db.query<List>(
    `update lists set name = $2, layout = $3, description = $4, paid_url = $5, timezone = $6, language = $7,
            email_from = $8, reply_to = $9, publisher_name = $10, postal_address = $11 where id = $1 returning ${COLUMNS}`,
    [list.id, s.name, s.layout, s.description, s.paidUrl, s.timezone, s.language, s.emailFrom, s.replyTo, s.publisherName, s.postalAddress],
  );
  return row!;
}
