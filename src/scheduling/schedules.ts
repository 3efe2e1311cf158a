import { z } from 'zod';
import { MAX_TEASERS } from '../content/digest-content.ts';
import type { Queryable } from '../db/database.ts';
import { describeIssues, UserError } from '../errors.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import { getList } from '../subscribers/lists.ts';
import { HH_MM, isTimeZone } from './local-time.ts';
import { feedUrlProblem } from '../content/feed-url.ts';
import { parseWeekDays } from './week-days.ts';

/** A list's recurring digest, as stored and as the API shows it. */
export interface Schedule {
  listSlug: string;
  at: string;
  timezone: string;
  /** The days of the week it runs (0 Sunday … 6 Saturday); null is every day. */
  days: number[] | null;
  feed: string;
  approve: boolean;
  readerTimezone: boolean;
  lead: 'newest' | 'most-commented' | 'first';
  teasers: number;
  sinceHours: number;
  lastRunAt: Date | null;
  lastEditionId: string | null;
  lastError: string | null;
}

/** What an editor sets; the same shape from the CLI and the API. */
export const ScheduleInput = z.strictObject({
  at: z.string().regex(HH_MM, 'must be a 24-hour time such as 07:00'),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Mexico_City'),
  /** `mon-fri`, `sun`, `mon,wed,fri` or day numbers (0 Sunday … 6 Saturday); absent, null or `daily` is every day. */
  days: z
    .union([z.string().max(100), z.array(z.number().int().min(0).max(6)).max(7)])
    .nullish()
    .transform((days, ctx) => {
      if (Array.isArray(days)) {
        if (!days.length) ctx.addIssue({ code: 'custom', message: 'name at least one day' });
        return new Set(days).size < 7 ? [...new Set(days)].sort((a, b) => a - b) : null;
      }
      try {
        return parseWeekDays(days ?? '');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  feed: z.string().trim().min(1, 'is required').max(2000),
  approve: z.boolean().default(false),
  readerTimezone: z.boolean().default(false),
  lead: z.enum(['newest', 'most-commented', 'first']).default('newest'),
  teasers: z.number().int().min(0).max(MAX_TEASERS).default(8),
  sinceHours: z.number().int().min(1).max(720).default(24),
});
export type ScheduleInput = z.input<typeof ScheduleInput>;

const COLUMNS = `l.slug as "listSlug", s.local_time as at, s.timezone, s.days, s.feed_url as feed, s.approve, s.reader_timezone as "readerTimezone",
  s.lead_rule as lead, s.teasers, s.since_hours as "sinceHours", s.last_run_at as "lastRunAt", s.last_edition_id as "lastEditionId", s.last_error as "lastError"`;

function parseInput(input: unknown, opts: SetScheduleOptions): z.infer<typeof ScheduleInput> {
  const parsed = ScheduleInput.safeParse(input);
  if (!parsed.success) throw new UserError('invalid_input', describeIssues(parsed.error.issues, 'schedule'));
  const isUrl = /^https?:\/\//i.test(parsed.data.feed);
  if (!isUrl && !opts.allowFiles) throw new UserError('invalid_input', 'feed: must be an http:// or https:// URL');
  const problem = isUrl ? feedUrlProblem(parsed.data.feed, opts.allowedHosts) : null;
  if (problem) throw new UserError('invalid_input', `feed: ${problem}`);
  return parsed.data;
}

export interface SetScheduleOptions {
  /** Files as feeds: only from the CLI, which runs on the operator's machine. */
  allowFiles?: boolean;
  /** FEED_HOSTS. */
  allowedHosts?: readonly string[] | null;
}

/**
 * Creates or replaces a list's recurring digest: the row is the truth, the BullMQ
 * job scheduler fires it (and is rebuilt from the row by reconcile). Files as feeds
 * only from the CLI, which runs on the operator's machine.
 */
export async function setSchedule(db: Queryable, queue: WorkQueue, listSlug: string, input: unknown, opts: SetScheduleOptions = {}): Promise<Schedule> {
  const list = await getList(db, listSlug);
  const s = parseInput(input, opts);
  await db.query(
    `insert into schedules (list_id, local_time, timezone, feed_url, approve, reader_timezone, lead_rule, teasers, since_hours, days)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (list_id) do update set local_time = excluded.local_time, timezone = excluded.timezone, days = excluded.days, feed_url = excluded.feed_url,
       approve = excluded.approve, reader_timezone = excluded.reader_timezone, lead_rule = excluded.lead_rule, teasers = excluded.teasers,
       since_hours = excluded.since_hours, last_error = null, updated_at = now()`,
    [list.id, s.at, s.timezone, s.feed, s.approve, s.readerTimezone, s.lead, s.teasers, s.sinceHours, s.days],
  );
  await queue.setDigestSchedule(list.id, s.at, s.timezone, s.days);
  return getSchedule(db, listSlug);
}

export async function findSchedule(db: Queryable, listSlug: string): Promise<Schedule | null> {
  const rows = await db.query<Schedule>(`select ${COLUMNS} from schedules s join lists l on l.id = s.list_id where l.slug = $1`, [listSlug]);
  return rows[0] ?? null;
}

/** The schedule of a list by id, as its job carries it. */
export async function findScheduleOf(db: Queryable, listId: number): Promise<Schedule | null> {
  const rows = await db.query<Schedule>(`select ${COLUMNS} from schedules s join lists l on l.id = s.list_id where s.list_id = $1`, [listId]);
  return rows[0] ?? null;
}

export async function getSchedule(db: Queryable, listSlug: string): Promise<Schedule> {
  const s = await findSchedule(db, listSlug);
  if (!s) throw new UserError('not_found', `list ${listSlug} has no recurring digest (set one with: broadsheet schedules set ${listSlug} --at 07:00 --tz … --feed …)`);
  return s;
}

export async function listSchedules(db: Queryable): Promise<Schedule[]> {
  return db.query<Schedule>(`select ${COLUMNS} from schedules s join lists l on l.id = s.list_id order by l.slug`);
}

/** Stops a list's recurring digest; editions it already made are left as they are. */
export async function removeSchedule(db: Queryable, queue: WorkQueue, listSlug: string): Promise<void> {
  const list = await getList(db, listSlug);
  const rows = await db.query(`delete from schedules where list_id = $1 returning list_id`, [list.id]);
  if (!rows.length) throw new UserError('not_found', `list ${listSlug} has no recurring digest`);
  await queue.removeDigestSchedule(list.id);
}

/** Every schedule's job scheduler again, after Redis lost them (reconcile). Upserts are idempotent. */
export async function restoreSchedules(db: Queryable, queue: WorkQueue): Promise<number> {
  const rows = await db.query<{ listId: number; at: string; timezone: string; days: number[] | null }>(`select list_id as "listId", local_time as at, timezone, days from schedules`);
  for (const r of rows) await queue.setDigestSchedule(r.listId, r.at, r.timezone, r.days);
  return rows.length;
}
