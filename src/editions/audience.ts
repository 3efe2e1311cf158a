import type { Queryable } from '../db/database.ts';

/** Who an edition of a list would reach now: the same readers prepare would take (active, not suppressed). */
export interface Audience {
  readers: number;
  free: number;
  paid: number;
  /** Readers by the zone they get a local-time edition in (theirs, else the fallback), largest first. */
  zones: { zone: string; readers: number }[];
}

/** At most this many zones are named; the rest are summed as "other zones". */
const ZONES_SHOWN = 8;

export async function audienceOf(db: Queryable, listId: number, fallbackZone: string): Promise<Audience> {
  const rows = await db.query<{ tier: 'free' | 'paid'; zone: string; readers: number }>(
    `select s.tier, coalesce(s.timezone, $2) as zone, count(*)::int as readers
       from subscriptions sub join subscribers s on s.id = sub.subscriber_id
      where sub.list_id = $1 and sub.status = 'active'
        and not exists (select 1 from suppressions x where x.email_hash = s.email_hash)
      group by 1, 2`,
    [listId, fallbackZone],
  );
  const byZone = new Map<string, number>();
  let free = 0;
  let paid = 0;
  for (const r of rows) {
    if (r.tier === 'paid') paid += r.readers;
    else free += r.readers;
    byZone.set(r.zone, (byZone.get(r.zone) ?? 0) + r.readers);
  }
  const zones = [...byZone].map(([zone, readers]) => ({ zone, readers })).sort((a, b) => b.readers - a.readers || a.zone.localeCompare(b.zone));
  const shown = zones.slice(0, ZONES_SHOWN);
  const other = zones.slice(ZONES_SHOWN).reduce((n, z) => n + z.readers, 0);
  return { readers: free + paid, free, paid, zones: other ? [...shown, { zone: 'other zones', readers: other }] : shown };
}
