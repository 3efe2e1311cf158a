import { publishSubscriberEvent } from '../webhooks/outgoing-events.ts';
import { renderEmail } from '../rendering/render-email.ts';
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import type { ReaderLinks } from '../rendering/reader-links.ts';
import type { EmailTransport } from '../transports/email-transport.ts';
import { emailProblem, identitySpellings, normalizeEmail } from './email-address.ts';
import { normalizeChoice, type SectionChoice } from '../editions/reader-sections.ts';
import { readerCopy } from '../i18n/reader-copy.ts';
import { sectionNames, unknownSections } from './list-sections.ts';

export const SubscribeRequest = z.strictObject({
  email: z.string().max(254),
  name: z.string().trim().max(200).optional(),
  lists: z.array(z.string().max(63)).min(1, 'name at least one list').max(20),
  /** The sections wanted (names, any case); absent or empty is every section. */
  sections: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;

/**
 * A reader asks to subscribe. New or unsubscribed subscriptions become pending
 * until the address's owner confirms; an active reader or a suppressed address
 * changes nothing. The caller answers the same in every case (no enumeration).
 * Returns the subscriber to send a confirmation to, or null.
 */
export async function requestSubscription(db: Database, input: SubscribeRequest): Promise<number | null> {
  const problem = emailProblem(input.email.trim());
  if (problem) throw new UserError('invalid_input', `email ${problem}`);
  const email = input.email.trim();
  const normalized = normalizeEmail(email);
  const lists = await db.query<{ id: number; slug: string }>(`select id, slug from lists where slug = any($1::text[])`, [input.lists]);
  const unknown = input.lists.filter((slug) => !lists.some((l) => l.slug === slug));
  if (unknown.length) throw new UserError('invalid_input', `no list ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  const choices = await choicesPerList(db, lists, normalizeChoice(input.sections));

  return db.transaction(async (tx) => {
    const suppressed = await tx.query(`select 1 from suppressions where email_hash = any(select bs_email_hash(e) from unnest($1::text[]) as e)`, [identitySpellings(email)]);
    if (suppressed.length) return null;
    // Only a new reader gets the name from the form: a stranger must not rename an existing one.
    const [created] = await tx.query<{ id: number }>(
      `insert into subscribers (email, email_normalized, name) values ($1, $2, $3) on conflict (email_normalized) do nothing returning id`,
      [email, normalized, input.name || null],
    );
    const id = created?.id ?? (await tx.query<{ id: number }>(`select id from subscribers where email_normalized = $1`, [normalized]))[0]!.id;
    // The sections go with the request: an active reader's choice is not changed by a stranger's form.
    const pending = await tx.query(
      `insert into subscriptions (list_id, subscriber_id, status, sections)
       select u.list_id, $1, 'pending', case when u.sections = '' then null else string_to_array(u.sections, E'\\x1f') end
         from unnest($2::int[], $3::text[]) as u(list_id, sections)
       on conflict (list_id, subscriber_id) do update set status = 'pending', sections = excluded.sections, updated_at = now()
         where subscriptions.status in ('unsubscribed', 'pending')
       returning list_id`,
      [id, lists.map((l) => l.id), lists.map((l) => choices.get(l.id)?.join('\x1f') ?? '')],
    );
    // Told once their pending subscriptions exist, so the event lists them.
    if (created) await publishSubscriberEvent(tx, 'subscriber.created', [id], { source: 'signup' });
    const stillPending = pending.length ? pending : await tx.query(`select 1 from subscriptions where subscriber_id = $1 and status = 'pending'`, [id]);
    return stillPending.length ? id : null;
  });
}

/**
 * Each list's share of the sections asked for (a list gets those that are its own;
 * none of its own is every section); a name that is no list's section is refused.
 */
async function choicesPerList(db: Queryable, lists: { id: number; slug: string }[], wanted: SectionChoice): Promise<Map<number, SectionChoice>> {
  const out = new Map<number, SectionChoice>();
  if (!wanted) return out;
  const known = new Map<string, string>();
  for (const l of lists) {
    const names = await sectionNames(db, l.id);
    for (const [k, v] of names) known.set(k, v);
    out.set(l.id, normalizeChoice(wanted.filter((k) => names.has(k))));
  }
  const problem = unknownSections(wanted, known);
  if (problem) throw new UserError('invalid_input', problem);
  return out;
}

/** Sends the double opt-in email: one React render, one message, keyed so a retried job sends it once. */
export async function sendConfirmation(
  deps: { db: Queryable; transport: EmailTransport; links: ReaderLinks; from: string; publisher: { name: string; postalAddress: string } },
  subscriberId: number,
  idempotencyKey: string,
): Promise<'sent' | 'nothing-pending'> {
  const rows = await deps.db.query<{ email: string; list: string; language: string; from: string | null; replyTo: string | null; publisherName: string | null; postalAddress: string | null }>(
    `select s.email, l.name as list, l.language, l.email_from as "from", l.reply_to as "replyTo", l.publisher_name as "publisherName", l.postal_address as "postalAddress"
       from subscribers s join subscriptions sub on sub.subscriber_id = s.id join lists l on l.id = sub.list_id
      where s.id = $1 and sub.status = 'pending' order by sub.updated_at desc, l.name`,
    [subscriberId],
  );
  if (!rows.length) return 'nothing-pending';
  const { html, text } = await renderEmail(() => import('../../emails/confirm-subscription.tsx'), {
    // From the list asked for last, as the sign-up page the reader just used.
    publisherName: rows[0]!.publisherName ?? deps.publisher.name,
    postalAddress: rows[0]!.postalAddress ?? deps.publisher.postalAddress,
    lists: rows.map((r) => r.list),
    confirmUrl: deps.links.confirm(subscriberId),
    // The language of the list asked for last: the page the reader just used spoke it.
    lang: rows[0]!.language,
  });
  const lists = rows.map((r) => r.list).join(', ');
  await deps.transport.sendBatch(
    [{ from: rows[0]!.from ?? deps.from, ...(rows[0]!.replyTo ? { replyTo: rows[0]!.replyTo } : {}), to: rows[0]!.email, subject: readerCopy(rows[0]!.language).email.confirm.subject(lists), html, text, headers: {}, tags: [{ name: 'kind', value: 'confirm' }] }],
    { idempotencyKey },
  );
  return 'sent';
}

/** The owner pressed the button: every pending subscription of theirs becomes active. */
export async function confirmSubscriptions(db: Queryable, subscriberId: number): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `update subscriptions sub set status = 'active', updated_at = now() from lists l
      where l.id = sub.list_id and sub.subscriber_id = $1 and sub.status = 'pending' returning l.name`,
    [subscriberId],
  );
  if (rows.length) await publishSubscriberEvent(db, 'subscriber.confirmed', [subscriberId]);
  return rows.map((r) => r.name);
}
