import { z } from 'zod';
import { TIERS, type Tier } from '../content/article.ts';
import type { Database, Queryable } from '../db/database.ts';
import { normalizeChoice } from '../editions/reader-sections.ts';
import { UserError } from '../errors.ts';
import { isTimeZone } from '../scheduling/local-time.ts';
import { publishSubscriberEvent } from '../webhooks/outgoing-events.ts';
import { emailProblem, normalizeEmail } from './email-address.ts';
import { erasedAmong } from './erasure.ts';
import { sectionNames, unknownSections } from './list-sections.ts';
import { suppress } from './suppressions.ts';

const AttributeValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

const ListEntry = z.union([
  z.string().describe('a list slug: subscribed'),
  z.strictObject({
    list: z.string().describe('the list slug'),
    status: z.enum(['active', 'unsubscribed']).default('active'),
    sections: z.array(z.string()).max(100).nullable().optional().describe('the sections they get on this list; null or [] for all'),
  }),
]);

/**
 * What the newsroom's systems may say about a reader. Every field is optional:
 * what a request leaves out stays as it is, so a paywall can send the tier alone.
 */
export const SubscriberChange = z.strictObject({
  name: z.string().max(200).nullable().optional().describe('null clears it'),
  tier: z.enum(TIERS).optional().describe('paid gets the paid variant from the next edition on'),
  timezone: z.string().max(64).nullable().optional().describe('an IANA zone, e.g. America/Mexico_City; null clears it'),
  attributes: z.record(z.string().min(1).max(100), AttributeValue).optional().describe('merged into the stored ones; a null value removes that key'),
  sections: z.array(z.string()).max(100).nullable().optional().describe('sections for every list named in `lists` that does not give its own'),
  lists: z.array(ListEntry).max(100).optional().describe('lists to join (a slug) or to set: {list, status, sections}; lists not named are left as they are'),
  suppressed: z.string().min(1).max(200).optional().describe('a reason (e.g. "hard bounce at our MTA"): the address is never mailed again'),
});
export type SubscriberChange = z.infer<typeof SubscriberChange>;

export interface SubscriberView {
  id: number;
  email: string;
  name: string | null;
  tier: Tier;
  timezone: string | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  lists: { list: string; status: 'pending' | 'active' | 'unsubscribed'; sections: string[] | null; since: Date; leftReason: string | null }[];
  suppressed: { reason: string; since: Date } | null;
}

export type UpsertResult = 'created' | 'updated' | 'unchanged';

function checkedAddress(email: string): { email: string; normalized: string } {
  const trimmed = email.trim();
  const problem = emailProblem(trimmed);
  if (problem) throw new UserError('invalid_input', `email ${problem}`);
  return { email: trimmed, normalized: normalizeEmail(trimmed) };
}

const VIEW = `select s.id, s.email, s.name, s.tier, s.timezone, s.attributes, s.created_at as "createdAt", s.updated_at as "updatedAt",
            coalesce((select json_agg(json_build_object('list', l.slug, 'status', sub.status, 'sections', sub.sections,
                                                        'since', coalesce(sub.unsubscribed_at, sub.created_at), 'leftReason', sub.left_reason) order by l.slug)
                        from subscriptions sub join lists l on l.id = sub.list_id where sub.subscriber_id = s.id), '[]') as lists,
            (select json_build_object('reason', x.reason, 'since', x.created_at) from suppressions x where x.email_hash = s.email_hash) as suppressed
       from subscribers s`;

async function view(db: Queryable, normalized: string): Promise<SubscriberView | null> {
  const [row] = await db.query<SubscriberView>(`${VIEW} where s.email_normalized = $1`, [normalized]);
  return row ?? null;
}

export async function getSubscriber(db: Queryable, email: string): Promise<SubscriberView> {
  const found = await view(db, checkedAddress(email).normalized);
  if (!found) throw new UserError('not_found', `no reader with the address ${email.trim()}`);
  return found;
}

/** The lists a change names, resolved to ids with their sections checked; an unknown list or section is refused by name. */
async function resolveLists(db: Queryable, change: SubscriberChange) {
  const entries = (change.lists ?? []).map((e) => (typeof e === 'string' ? { list: e, status: 'active' as const, sections: undefined } : e));
  const slugs = entries.map((e) => e.list);
  const dup = slugs.find((s, i) => slugs.indexOf(s) !== i);
  if (dup) throw new UserError('invalid_input', `lists: ${dup} is named twice`);
  const found = await db.query<{ id: number; slug: string }>(`select id, slug from lists where slug = any($1::text[])`, [slugs]);
  const out = [];
  for (const [i, e] of entries.entries()) {
    const list = found.find((l) => l.slug === e.list);
    if (!list) throw new UserError('invalid_input', `lists[${i}]: no list "${e.list}"`);
    const said = e.sections !== undefined ? e.sections : change.sections;
    const choice = said === undefined ? undefined : normalizeChoice(said);
    if (choice) {
      const problem = unknownSections(choice, await sectionNames(db, list.id));
      if (problem) throw new UserError('invalid_input', `lists[${i}] (${list.slug}): ${problem}`);
    }
    out.push({ id: list.id, slug: list.slug, status: e.status, sections: choice });
  }
  return out;
}

/**
 * Creates or updates a reader by address, in one transaction: details, lists and
 * sections, suppression. Idempotent: the same request twice changes nothing the
 * second time (and says `unchanged`). Joining through the API needs no
 * confirmation email: the newsroom's own system vouches for the reader, as an
 * import does. An address erased at its owner's request is refused.
 */
export async function upsertSubscriber(db: Database, email: string, change: SubscriberChange): Promise<{ result: UpsertResult; subscriber: SubscriberView }> {
  return db.transaction((tx) => upsertIn(tx, email, change));
}

/** The upsert inside a transaction the caller holds. */
async function upsertIn(tx: Queryable, email: string, change: SubscriberChange): Promise<{ result: UpsertResult; subscriber: SubscriberView }> {
  const address = checkedAddress(email);
  if (change.timezone && !isTimeZone(change.timezone)) throw new UserError('invalid_input', `timezone: unknown time zone ${JSON.stringify(change.timezone)} (use an IANA name such as America/Mexico_City)`);
  const lists = await resolveLists(tx, change);
  if ((await erasedAmong(tx, [address.normalized])).size) throw new UserError('conflict', `${address.email} was erased at its owner's request and cannot be added again`);

  const before = await view(tx, address.normalized);
  const [row] = await tx.query<{ id: number }>(
    `insert into subscribers (email, email_normalized, name, tier, timezone, attributes)
     values ($1, $2, $3, coalesce($4, 'free'), $5, jsonb_strip_nulls(coalesce($6::jsonb, '{}'::jsonb)))
     on conflict (email_normalized) do update set
       email = excluded.email,
       name = case when $7 then excluded.name else subscribers.name end,
       tier = coalesce($4, subscribers.tier),
       timezone = case when $8 then excluded.timezone else subscribers.timezone end,
       attributes = case when $6::jsonb is null then subscribers.attributes else jsonb_strip_nulls(subscribers.attributes || $6::jsonb) end,
       updated_at = now()
     returning id`,
    [
      address.email,
      address.normalized,
      change.name?.trim() || null,
      change.tier ?? null,
      change.timezone ?? null,
      change.attributes ? JSON.stringify(change.attributes) : null,
      change.name !== undefined,
      change.timezone !== undefined,
    ],
  );
  const id = row!.id;
  const left: string[] = [];
  for (const l of lists) {
    if (l.status === 'active') {
      await tx.query(
        `insert into subscriptions (list_id, subscriber_id, status, sections) values ($1, $2, 'active', $3)
         on conflict (list_id, subscriber_id) do update set status = 'active', unsubscribed_at = null, left_reason = null,
           sections = case when $4 then excluded.sections else subscriptions.sections end, updated_at = now()
         where subscriptions.status <> 'active' or ($4 and subscriptions.sections is distinct from excluded.sections)`,
        [l.id, id, l.sections ?? null, l.sections !== undefined],
      );
    } else {
      const rows = await tx.query(
        `update subscriptions set status = 'unsubscribed', unsubscribed_at = now(), left_reason = 'api', updated_at = now()
          where list_id = $1 and subscriber_id = $2 and status <> 'unsubscribed' returning 1`,
        [l.id, id],
      );
      if (rows.length) left.push(l.slug);
    }
  }
  if (change.suppressed) await suppress(tx, [address.normalized], change.suppressed);

  const after = (await view(tx, address.normalized))!;
  const result: UpsertResult = !before ? 'created' : sameReader(before, after) ? 'unchanged' : 'updated';
  if (result === 'unchanged') {
    // Nothing moved: the row's updated_at goes back to what it was, so an idempotent retry leaves no trace.
    await tx.query(`update subscribers set updated_at = $2 where id = $1`, [id, before!.updatedAt]);
    return { result, subscriber: before! };
  }
  if (result === 'created') await publishSubscriberEvent(tx, 'subscriber.created', [id], { source: 'api' });
  // Leaving a list is told as subscriber.unsubscribed alone; anything else that changed is an update.
  else if (!sameReader(before!, after, new Set(left))) await publishSubscriberEvent(tx, 'subscriber.updated', [id], { source: 'api' });
  if (left.length) await publishSubscriberEvent(tx, 'subscriber.unsubscribed', [id], { reason: 'api', left });
  return { result, subscriber: after };
}

/** The same reader in every way a request can change (lists in `ignoring` aside). */
function sameReader(a: SubscriberView, b: SubscriberView, ignoring: ReadonlySet<string> = new Set()): boolean {
  const key = (v: SubscriberView) =>
    JSON.stringify([v.email, v.name, v.tier, v.timezone, v.attributes, v.lists.filter((l) => !ignoring.has(l.list)).map((l) => [l.list, l.status, l.sections]), v.suppressed?.reason ?? null]);
  return key(a) === key(b);
}

export const MAX_BULK = 1000;

export interface BulkItemResult {
  index: number;
  email: string;
  result: UpsertResult | 'error';
  error?: string;
}

/**
 * Up to 1,000 upserts in one transaction, each behind its own savepoint: a bad
 * item is rolled back alone and reported by index and field, the others land
 * (and one commit instead of a thousand makes it several times faster).
 */
export async function bulkUpsert(db: Database, items: readonly (SubscriberChange & { email: string })[]): Promise<{ results: BulkItemResult[]; counts: Record<UpsertResult | 'error', number> }> {
  if (items.length > MAX_BULK) throw new UserError('invalid_input', `subscribers: at most ${MAX_BULK} per call, got ${items.length}`);
  const results: BulkItemResult[] = [];
  await db.transaction(async (tx) => {
    for (const [index, { email, ...change }] of items.entries()) {
      await tx.query('savepoint bulk_item');
      try {
        const { result } = await upsertIn(tx, email, change);
        await tx.query('release savepoint bulk_item');
        results.push({ index, email, result });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        await tx.query('rollback to savepoint bulk_item');
        results.push({ index, email, result: 'error', error: err.message });
      }
    }
  });
  const counts = { created: 0, updated: 0, unchanged: 0, error: 0 };
  for (const r of results) counts[r.result]++;
  return { results, counts };
}

export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed'] as const;

/**
 * A list's readers by id, `limit` at a time: `next` is the cursor for the
 * following page (null on the last). Keyset pagination: a page costs the same
 * at reader 1 and at reader 1,000,000, and readers joining meanwhile are not skipped.
 */
export async function listSubscribers(
  db: Queryable,
  filter: { list: string; status?: string; tier?: string; after?: string; limit?: number },
): Promise<{ subscribers: SubscriberView[]; next: string | null }> {
  const [list] = await db.query<{ id: number }>(`select id from lists where slug = $1`, [filter.list]);
  if (!list) throw new UserError('not_found', `no list "${filter.list}"`);
  if (filter.status && !(SUBSCRIBER_STATUSES as readonly string[]).includes(filter.status)) throw new UserError('invalid_input', `status must be one of ${SUBSCRIBER_STATUSES.join(', ')}`);
  if (filter.tier && !(TIERS as readonly string[]).includes(filter.tier)) throw new UserError('invalid_input', `tier must be one of ${TIERS.join(', ')}`);
  const after = filter.after === undefined ? 0 : Number(filter.after);
  if (!Number.isInteger(after) || after < 0 || after >= 2 ** 31) throw new UserError('invalid_input', 'after must be the `next` cursor of the page before');
  const limit = filter.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UserError('invalid_input', 'limit must be a whole number 1..1000');
  const rows = await db.query<SubscriberView>(
    `${VIEW} join subscriptions sub on sub.subscriber_id = s.id
      where sub.list_id = $1 and sub.subscriber_id > $2 and ($3::text is null or sub.status = $3) and ($4::text is null or s.tier = $4)
        and s.email <> 'erased'
      order by sub.subscriber_id limit $5`,
    [list.id, after, filter.status ?? null, filter.tier ?? null, limit + 1],
  );
  const subscribers = rows.slice(0, limit);
  return { subscribers, next: rows.length > limit ? String(subscribers[subscribers.length - 1]!.id) : null };
}
