import type { Database, Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import type { SectionChoice } from '../editions/reader-sections.ts';
import { publishSubscriberEvent } from '../webhooks/outgoing-events.ts';

export interface ReaderPreferences {
  subscriberId: number;
  email: string;
  name: string | null;
  tier: string;
  lists: {
    id: number;
    slug: string;
    name: string;
    subscribed: boolean;
    /** The list's sections, each ticked when the reader chose it; none ticked is every section. */
    sections: { key: string; name: string; chosen: boolean }[];
  }[];
}

/**
 * Unsubscribes a reader from one list, or from every list with `listId` 0.
 * Idempotent: leaving twice changes nothing the second time. Returns the lists it changed.
 */
export async function unsubscribe(db: Queryable, subscriberId: number, listId: number): Promise<string[]> {
  const rows = await db.query<{ slug: string }>(
    `update subscriptions sub set status = 'unsubscribed', unsubscribed_at = now(), updated_at = now()
       from lists l
      where l.id = sub.list_id and sub.subscriber_id = $1 and ($2 = 0 or sub.list_id = $2) and sub.status <> 'unsubscribed'
      returning l.slug`,
    [subscriberId, listId],
  );
  if (rows.length) await publishSubscriberEvent(db, 'subscriber.unsubscribed', [subscriberId], { reason: 'unsubscribed', left: rows.map((r) => r.slug) });
  return rows.map((r) => r.slug);
}

export async function readerPreferences(db: Queryable, subscriberId: number): Promise<ReaderPreferences> {
  const [reader] = await db.query<{ email: string; name: string | null; tier: string }>(`select email, name, tier from subscribers where id = $1`, [subscriberId]);
  if (!reader) throw new UserError('not_found', 'this link belongs to a reader who is no longer on our lists');
  const lists = await db.query<ReaderPreferences['lists'][number]>(
    `select l.id, l.slug, l.name, coalesce(sub.status = 'active', false) as subscribed,
            coalesce((select json_agg(json_build_object('key', ls.key, 'name', ls.name, 'chosen', coalesce(ls.key = any(sub.sections), false)) order by lower(ls.name))
                        from list_sections ls where ls.list_id = l.id), '[]') as sections
       from lists l left join subscriptions sub on sub.list_id = l.id and sub.subscriber_id = $1
      order by l.name`,
    [subscriberId],
  );
  return { subscriberId, ...reader, lists };
}

/**
 * Applies the preference form: the reader's name and exactly the lists they ticked.
 * The signed link is their consent, so a ticked list becomes active at once.
 */
export async function updatePreferences(
  db: Database,
  subscriberId: number,
  input: { name: string | null; listIds: number[]; sections?: ReadonlyMap<number, SectionChoice> },
): Promise<ReaderPreferences> {
  const name = input.name?.trim() || null;
  if (name && name.length > 200) throw new UserError('invalid_input', 'name must be at most 200 characters');
  await db.transaction(async (tx) => {
    const found = await tx.query(`update subscribers set name = $2, updated_at = now() where id = $1 returning id`, [subscriberId, name]);
    if (!found.length) throw new UserError('not_found', 'this link belongs to a reader who is no longer on our lists');
    await tx.query(
      `insert into subscriptions (list_id, subscriber_id, status)
       select l.id, $1, 'active' from lists l where l.id = any($2::int[])
       on conflict (list_id, subscriber_id) do update set status = 'active', unsubscribed_at = null, updated_at = now()
         where subscriptions.status <> 'active'`,
      [subscriberId, input.listIds],
    );
    const left = await tx.query<{ slug: string }>(
      `update subscriptions sub set status = 'unsubscribed', unsubscribed_at = now(), updated_at = now() from lists l
        where l.id = sub.list_id and sub.subscriber_id = $1 and sub.status <> 'unsubscribed' and not (sub.list_id = any($2::int[]))
        returning l.slug`,
      [subscriberId, input.listIds],
    );
    for (const [listId, choice] of input.sections ?? []) await chooseSections(tx, subscriberId, listId, choice);
    await publishSubscriberEvent(tx, 'subscriber.updated', [subscriberId], { source: 'preferences' });
    if (left.length) await publishSubscriberEvent(tx, 'subscriber.unsubscribed', [subscriberId], { reason: 'unsubscribed', left: left.map((l) => l.slug) });
  });
  return readerPreferences(db, subscriberId);
}

/**
 * A reader's sections on one list: only the list's own (others are ignored, as a
 * form's stale box would be); none is every section. False if they are not on it.
 */
export async function chooseSections(db: Queryable, subscriberId: number, listId: number, choice: SectionChoice): Promise<boolean> {
  const rows = await db.query(
    `update subscriptions sub set updated_at = now(),
            sections = nullif(array(select k from unnest($3::text[]) k where exists (select 1 from list_sections ls where ls.list_id = sub.list_id and ls.key = k) order by k), '{}')
      where sub.subscriber_id = $1 and sub.list_id = $2 and sub.status <> 'unsubscribed' returning 1`,
    [subscriberId, listId, choice ?? []],
  );
  return rows.length > 0;
}

/** The unsubscribe page's other answer: fewer sections instead of leaving. Told to webhooks as an update, as it happens. */
export async function keepWithSections(db: Database, subscriberId: number, listId: number, choice: SectionChoice): Promise<void> {
  await db.transaction(async (tx) => {
    if (await chooseSections(tx, subscriberId, listId, choice)) await publishSubscriberEvent(tx, 'subscriber.updated', [subscriberId], { source: 'unsubscribe page' });
  });
}
