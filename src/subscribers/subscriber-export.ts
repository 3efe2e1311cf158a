import type { Queryable } from '../db/database.ts';
import { getList } from './lists.ts';

const HEADER = ['email', 'name', 'tier', 'timezone', 'status', 'suppressed', 'subscribed_at', 'unsubscribed_at', 'attributes'];

/** RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A list's readers with their status, as CSV, a page at a time: any size, flat memory. */
export async function* exportSubscribers(db: Queryable, listSlug: string, pageSize = 5000): AsyncGenerator<string> {
  const list = await getList(db, listSlug);
  yield HEADER.join(',') + '\r\n';
  let after = 0;
  for (;;) {
    const rows = await db.query<Record<string, string | null> & { id: number }>(
      `select s.id, s.email, s.name, s.tier, s.timezone, sub.status,
              case when x.email_hash is not null then x.reason else '' end as suppressed,
              to_char(sub.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as subscribed_at,
              to_char(sub.unsubscribed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as unsubscribed_at,
              case when s.attributes = '{}'::jsonb then '' else s.attributes::text end as attributes
         from subscriptions sub join subscribers s on s.id = sub.subscriber_id
         left join suppressions x on x.email_hash = s.email_hash
        where sub.list_id = $1 and sub.subscriber_id > $2 and s.email <> 'erased'
        order by sub.subscriber_id limit $3`,
      [list.id, after, pageSize],
    );
    if (!rows.length) return;
    yield rows.map((r) => HEADER.map((h) => csvCell(r[h] ?? null)).join(',') + '\r\n').join('');
    after = rows[rows.length - 1]!.id;
  }
}
