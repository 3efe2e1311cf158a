import type { Database, Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';

export interface ReaderPreferences {
  subscriberId: number;
  email: string;
  name: string | null;
  tier: string;
  lists: { id: number; slug: string; name: string; subscribed: boolean }[];
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
  return rows.map((r) => r.slug);
}

export async function readerPreferences(db: Queryable, subscriberId: number): Promise<ReaderPreferences> {
  const [reader] = await db.query<{ email: string; name: string | null; tier: string }>(`select email, name, tier from subscribers where id = $1`, [subscriberId]);
  if (!reader) throw new UserError('not_found', 'this link belongs to a reader who is no longer on our lists');
  const lists = await db.query<{ id: number; slug: string; name: string; subscribed: boolean }>(
    `select l.id, l.slug, l.name, coalesce(sub.status = 'active', false) as subscribed
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
export async function updatePreferences(db: Database, subscriberId: number, input: { name: string | null; listIds: number[] }): Promise<ReaderPreferences> {
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
    await tx.query(
      `update subscriptions set status = 'unsubscribed', unsubscribed_at = now(), updated_at = now()
        where subscriber_id = $1 and status <> 'unsubscribed' and not (list_id = any($2::int[]))`,
      [subscriberId, input.listIds],
    );
  });
  return readerPreferences(db, subscriberId);
}
