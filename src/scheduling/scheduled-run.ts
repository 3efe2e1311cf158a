import { audit, SCHEDULE_ACTOR } from '../security/audit-log.ts';
import { ContentError } from '../content/digest-content.ts';
import { FeedError } from '../content/feed-error.ts';
import { FeedUnavailableError, type FetchedFeed } from '../content/read-feed.ts';
import type { Database } from '../db/database.ts';
import { getEdition, scheduleEdition } from '../editions/edition-service.ts';
import type { PresendCheck } from '../editions/presend-review.ts';
import { draftFromFeed } from '../editions/feed-draft.ts';
import type { Edition } from '../editions/edition.ts';
import { UserError } from '../errors.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import type { Logger } from '../logger.ts';
import { localDate } from './local-time.ts';
import { findScheduleOf } from './schedules.ts';

export interface ScheduledRunDeps {
  db: Database;
  queue: WorkQueue;
  logger: Logger;
  check: PresendCheck;
  /** Reads the schedule's feed (a URL, or a file if the CLI set it). */
  readFeed: (where: string) => Promise<FetchedFeed>;
}

export type ScheduledRunOutcome =
  | { outcome: 'scheduled'; editionId: string }
  | { outcome: 'awaiting-approval'; editionId: string }
  | { outcome: 'already-ran'; editionId: string; status: string }
  | { outcome: 'no-schedule' }
  | { outcome: 'refused'; reason: string };

/**
 * One firing of a list's recurring digest: build today's edition from the feed
 * (today in the schedule's zone), then send it, or leave the draft for an editor
 * when the schedule asks for approval. A retried or doubled firing finds the run's
 * edition by its run key instead of building another. Bad feeds and failed checks
 * are recorded on the schedule for the desk to show, not retried; a network
 * failure is thrown so the job retries.
 */
export async function runSchedule(deps: ScheduledRunDeps, listId: number, firedAt: Date): Promise<ScheduledRunOutcome> {
  const { db, logger } = deps;
  const s = await findScheduleOf(db, listId);
  if (!s) return { outcome: 'no-schedule' };
  const editionDate = localDate(firedAt, s.timezone);
  const run = `${listId}:${editionDate}`;
  const record = (editionId: string | null, error: string | null) =>
    db.query(`update schedules set last_run_at = now(), last_edition_id = coalesce($2, last_edition_id), last_error = $3 where list_id = $1`, [listId, editionId, error]);

  let edition: Edition;
  const [existing] = await db.query<{ id: string }>(`select id from editions where schedule_run = $1`, [run]);
  try {
    if (existing) {
      edition = await getEdition(db, existing.id);
    } else {
      ({ edition } = await draftFromFeed(db, {
        listSlug: s.listSlug,
        feed: await deps.readFeed(s.feed),
        rule: { lead: s.lead, teasers: s.teasers, since: new Date(firedAt.getTime() - s.sinceHours * 3600_000) },
        editionDate,
        scheduleRun: run,
      }));
      await audit(db, SCHEDULE_ACTOR, 'edition.create', { editionId: edition.id, detail: { run } });
      logger.info('schedule.built', { listId, editionId: edition.id, run });
    }
    if (edition.status !== 'draft') return { outcome: 'already-ran', editionId: edition.id, status: edition.status };
    if (s.approve) {
      await record(edition.id, null);
      return { outcome: 'awaiting-approval', editionId: edition.id };
    }
    await scheduleEdition(db, deps.queue, edition.id, {
      readerLocal: s.readerTimezone ? { time: s.at, timezone: s.timezone } : undefined,
      // Readers' local times are counted from the firing, not from a late retry.
      at: firedAt,
      late: true,
      check: deps.check,
    });
    await record(edition.id, null);
    await audit(db, SCHEDULE_ACTOR, 'edition.schedule', { editionId: edition.id, detail: { run } });
    logger.info('schedule.sent', { listId, editionId: edition.id });
    return { outcome: 'scheduled', editionId: edition.id };
  } catch (err) {
    // A concurrent firing built the run's edition first: carry on with it.
    if (!existing && (err as { code?: string }).code === '23505') return runSchedule(deps, listId, firedAt);
    await record(null, (err as Error).message.slice(0, 1000));
    const permanent = (err instanceof FeedError && !(err instanceof FeedUnavailableError)) || err instanceof ContentError || err instanceof UserError;
    if (!permanent) throw err;
    logger.warn('schedule.refused', { listId, run, reason: (err as Error).message.slice(0, 300) });
    return { outcome: 'refused', reason: (err as Error).message };
  }
}
