import type { Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { getList } from './lists.ts';

/** One day of a list (UTC days). */
export interface DayTrend {
  day: string;
  /** Active readers at the day's end. */
  readers: number;
  joins: number;
  /** Readers who left that day, by why: they unsubscribed, or an address was suppressed (hard bounce, complaint, erasure…). */
  leaves: Record<string, number>;
  delivered: number;
  bounced: number;
  /** Readers who clicked a story in any edition that day (scanners left out). */
  uniqueClickers: number;
}

/** One edition sent in the window. */
export interface EditionTrend {
  id: string;
  subject: string;
  editionDate: string;
  sent: number;
  delivered: number;
  bounced: number;
  uniqueClickers: number;
  /** Unique clickers over emails sent. */
  clickRate: number;
  /** Readers who left the list after this edition and before the next. */
  unsubscribes: number;
}

export interface ListTrends {
  list: string;
  days: DayTrend[];
  editions: EditionTrend[];
}

export const MAX_TREND_DAYS = 366;

/**
 * A list's trends over its last `days` days: readers, joins, leaves by reason,
 * delivered, bounced and unique clickers per day, and each edition's figures. One
 * query per series, each grouped in PostgreSQL; no per-reader rows leave it.
 */
export async function listTrends(db: Queryable, slug: string, days: number): Promise<ListTrends> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_TREND_DAYS) throw new UserError('invalid_input', `days: must be a whole number from 1 to ${MAX_TREND_DAYS}`);
  const list = await getList(db, slug);
  const window = [list.id, days];
  const [series, leaves, events, clicks, editions] = await Promise.all([
    db.query<{ day: string; readers: number; joins: number }>(
      `with d as (select generate_series((now() at time zone 'UTC')::date - ($2::int - 1), (now() at time zone 'UTC')::date, interval '1 day')::date as day)
       select to_char(d.day, 'YYYY-MM-DD') as day,
              (select count(*)::int from subscriptions s where s.list_id = $1 and s.created_at < (d.day + 1)::timestamp at time zone 'UTC'
                  and (s.status = 'active' or (s.status = 'unsubscribed' and s.unsubscribed_at >= (d.day + 1)::timestamp at time zone 'UTC'))) as readers,
              (select count(*)::int from subscriptions s where s.list_id = $1 and s.status <> 'pending' and s.created_at >= d.day and s.created_at < (d.day + 1)::timestamp at time zone 'UTC') as joins
         from d order by d.day`,
      window,
    ),
    db.query<{ day: string; reason: string; n: number }>(
      `select to_char((s.unsubscribed_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day,
              coalesce(s.left_reason, case when x.reason like 'hard bounce%' then 'hard bounce' when x.reason like 'soft bounces%' then 'soft bounces' else x.reason end, 'unsubscribed') as reason,
              count(*)::int as n
         from subscriptions s join subscribers r on r.id = s.subscriber_id left join suppressions x on x.email_hash = r.email_hash
        where s.list_id = $1 and s.status = 'unsubscribed' and s.unsubscribed_at >= ((now() at time zone 'UTC')::date - ($2::int - 1))::timestamp at time zone 'UTC'
        group by 1, 2`,
      window,
    ),
    db.query<{ day: string; type: string; n: number }>(
      `select to_char((e.occurred_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, e.type, count(distinct e.provider_id)::int as n
         from delivery_events e join editions ed on ed.id = e.edition_id
        where ed.list_id = $1 and e.type in ('email.delivered', 'email.bounced') and e.occurred_at >= ((now() at time zone 'UTC')::date - ($2::int - 1))::timestamp at time zone 'UTC'
        group by 1, 2`,
      window,
    ),
    db.query<{ day: string; n: number }>(
      `select to_char((c.clicked_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, count(distinct c.subscriber_id)::int as n
         from clicks c join editions ed on ed.id = c.edition_id
        where ed.list_id = $1 and not c.scanner and c.position <> 'footer' and c.clicked_at >= ((now() at time zone 'UTC')::date - ($2::int - 1))::timestamp at time zone 'UTC'
        group by 1`,
      window,
    ),
    db.query<Omit<EditionTrend, 'clickRate' | 'unsubscribes'> & { startedAt: Date; nextAt: Date | null }>(
      `with sent as (
         select e.id, e.subject, to_char(e.edition_date, 'YYYY-MM-DD') as "editionDate", coalesce(e.send_at, e.prepared_at, e.created_at) as "startedAt"
           from editions e
          where e.list_id = $1 and e.status in ('sending', 'sent', 'sent_with_failures', 'incomplete') and e.edition_date >= (now() at time zone 'UTC')::date - ($2::int - 1))
       select s.*, lead(s."startedAt") over (order by s."startedAt") as "nextAt",
              coalesce((select t.submitted from edition_totals t where t.edition_id = s.id),
                       (select coalesce(sum(b.submitted_deliveries), 0)::int from batches b where b.edition_id = s.id)) as sent,
              (select count(distinct provider_id)::int from delivery_events v where v.edition_id = s.id and v.type = 'email.delivered') as delivered,
              (select count(distinct provider_id)::int from delivery_events v where v.edition_id = s.id and v.type = 'email.bounced') as bounced,
              (select count(distinct subscriber_id)::int from clicks c where c.edition_id = s.id and not c.scanner and c.position <> 'footer') as "uniqueClickers"
         from sent s order by s."startedAt"`,
      window,
    ),
  ]);
  const left = await Promise.all(
    editions.map(async (e) =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from subscriptions where list_id = $1 and status = 'unsubscribed' and unsubscribed_at >= $2 and ($3::timestamptz is null or unsubscribed_at < $3)`,
          [list.id, e.startedAt, e.nextAt],
        )
      )[0]!.n,
    ),
  );
  const count = <T extends { day: string; n: number }>(rows: T[], day: string, extra: (r: T) => boolean = () => true) => rows.filter((r) => r.day === day && extra(r)).reduce((n, r) => n + r.n, 0);
  return {
    list: list.slug,
    days: series.map((s) => ({
      day: s.day,
      readers: s.readers,
      joins: s.joins,
      leaves: Object.fromEntries(leaves.filter((l) => l.day === s.day).map((l) => [l.reason, l.n])),
      delivered: count(events, s.day, (e) => e.type === 'email.delivered'),
      bounced: count(events, s.day, (e) => e.type === 'email.bounced'),
      uniqueClickers: count(clicks, s.day),
    })),
    editions: editions.map(({ startedAt: _s, nextAt: _n, ...e }, i) => ({
      ...e,
      clickRate: e.sent ? Math.round((e.uniqueClickers / e.sent) * 10_000) / 10_000 : 0,
      unsubscribes: left[i]!,
    })),
  };
}
