import type { Queryable } from '../db/database.ts';
import { escapeHtml } from '../rendering/escape.ts';
import type { Reader } from '../rendering/reader-values.ts';

/** Names examined for the longest once escaped: those with the most bytes, where accents and scripts that expand live. */
const NAME_CANDIDATES = 50;

/**
 * The list's widest reader for the size check: its longest name (once escaped for
 * HTML, where every non-ASCII character becomes a reference), its longest address
 * and its highest id (the longest signed links). Together an upper bound on any one
 * reader's email; null for a list with no active readers.
 */
export async function longestReaderOf(db: Queryable, listId: number): Promise<Reader | null> {
  const [widest] = await db.query<{ email: string | null; maxId: number | null }>(
    `select (select s.email from subscriptions sub join subscribers s on s.id = sub.subscriber_id
              where sub.list_id = $1 and sub.status = 'active' order by octet_length(s.email) desc limit 1) as email,
            (select max(subscriber_id) from subscriptions where list_id = $1 and status = 'active') as "maxId"`,
    [listId],
  );
  if (!widest?.email || !widest.maxId) return null;
  const names = await db.query<{ name: string }>(
    `select s.name from subscriptions sub join subscribers s on s.id = sub.subscriber_id
      where sub.list_id = $1 and sub.status = 'active' and s.name is not null
      order by octet_length(s.name) desc limit $2`,
    [listId, NAME_CANDIDATES],
  );
  const name = names.reduce<string | null>((best, n) => (best === null || escapeHtml(n.name).length > escapeHtml(best).length ? n.name : best), null);
  return { subscriberId: widest.maxId, email: widest.email, name };
}
