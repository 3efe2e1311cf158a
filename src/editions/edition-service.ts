import { countedTotals, countedUnsubscribed, rolledUpTotals } from '../delivery/delivery-retention.ts';
import { publishEditionEvent } from '../webhooks/outgoing-events.ts';
import { TIERS, type Tier } from '../content/article.ts';
import { presendProblems } from '../rendering/presend-checks.ts';
import { altTextProblems } from '../rendering/accessibility-checks.ts';
import { ContentError, parseDigestContent, type DigestContent } from '../content/digest-content.ts';
import type { Article } from '../content/article.ts';
import type { Database, Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import { compileTemplate, personalise, type PersonalValues } from '../rendering/personalisation.ts';
import { noteSections } from '../subscribers/list-sections.ts';
import { storyUrlOf } from '../webhooks/click-analysis.ts';
import { readerCopy } from '../i18n/reader-copy.ts';
import { teasersFor, type SectionChoice } from './reader-sections.ts';
import {
  DEFAULT_DECIDE_AFTER_MS,
  DEFAULT_TEST_SHARE,
  MAX_DECIDE_AFTER_MS,
  MIN_DECIDE_AFTER_MS,
  MIN_READERS_PER_SUBJECT,
  minimumReaders,
  subjectResults,
  type SubjectResult,
} from './subject-test.ts';
import { getList } from '../subscribers/lists.ts';
import { CONTROL_CHARACTER } from '../rendering/escape.ts';
import { longestReaderOf } from '../subscribers/longest-reader.ts';
import { readerValues } from '../rendering/reader-values.ts';
import type { ReaderLinks } from '../rendering/reader-links.ts';
import { EDITION_COLUMNS, UUID, type Edition } from './edition.ts';
import { applyDraftChanges, leadPreheader, leadSubject, oneLine, type DraftChanges } from './draft-changes.ts';
import type { PresendCheck } from './presend-review.ts';
import { audienceOf, type Audience } from './audience.ts';
import type { EditionRenderer } from './edition-renderer.ts';
import { requeueEdition } from '../delivery/reconcile.ts';
import { CALENDAR_DATE, isTimeZone, parseLocalTime } from '../scheduling/local-time.ts';
import { parseLayout, type Layout } from '../rendering/layouts.ts';
import { IllegalTransitionError, isFinal, sourcesOf, transition, type EditionEvent, type EditionStatus, type PrepareStage } from './edition-status.ts';

export interface CreateEditionInput {
  listSlug: string;
  content: DigestContent;
  subject?: string;
  preheader?: string;
  /** `YYYY-MM-DD`, shown in the masthead; defaults to today (UTC). */
  editionDate?: string;
  /** Stories an editor may swap in while composing (a feed's fresh items). */
  candidates?: Article[];
  /** `<list id>:<local date>` for a recurring schedule's run: at most one edition per run. */
  scheduleRun?: string;
  /** classic or grid; the list's layout if absent. */
  layout?: string;
}

export interface EditionProgress {
  id: string;
  status: EditionStatus;
  reason: string | null;
  recipients: number;
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
  /** Batches held for an operator (see `last_error`): never resent automatically. */
  parkedBatches: number;
  /** Variants rendered for it: one per tier and distinct choice of teasers among its readers (sections), never one per reader. */
  renders: number;
  /** Emails accepted by the provider per second over the last minute. */
  ratePerSecond: number;
  /** Seconds until every pending email is sent at that rate (or until the last local time comes); null when it cannot be told. */
  etaSeconds: number | null;
  /** With per-reader local delivery: the first and last instants batches still wait for. */
  waitingFrom: Date | null;
  waitingUntil: Date | null;
  /** When sending starts (scheduled) or started. */
  sendAt: Date | null;
  /** When the first batch went to the provider, and when the edition ended: a finished edition's figures are frozen between them. */
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Before it is prepared (draft, scheduled): who it would reach now. Recipients are counted only once prepared. */
  expected: Audience | null;
}

/** A draft from content: its subject and preheader follow the lead unless given. */
export async function createEdition(db: Queryable, input: CreateEditionInput): Promise<Edition> {
  const list = await getList(db, input.listSlug);
  const subject = oneLine('subject', input.subject ?? leadSubject(input.content), 1, 300);
  const preheader = oneLine('preheader', input.preheader ?? leadPreheader(input.content), 0, 300);
  const editionDate = input.editionDate ?? new Date().toISOString().slice(0, 10);
  if (!CALENDAR_DATE.safeParse(editionDate).success) {
    throw new UserError('invalid_input', `editionDate: must be a real date, YYYY-MM-DD (got ${JSON.stringify(editionDate.slice(0, 40))})`);
  }
  const [row] = await db.query<{ id: string }>(
    `insert into editions (list_id, subject, preheader, content, edition_date, candidates, schedule_run, layout, subject_lead, preheader_lead)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      list.id,
      subject,
      preheader,
      JSON.stringify(input.content),
      editionDate,
      input.candidates ? JSON.stringify(input.candidates) : null,
      input.scheduleRun ?? null,
      parseLayout(input.layout ?? list.layout),
      // Given by the caller: theirs, written for this lead. Else it follows the lead.
      input.subject === undefined ? null : input.content.lead.id,
      input.preheader === undefined ? null : input.content.lead.id,
    ],
  );
  await noteSections(db, list.id, [input.content.lead, ...input.content.teasers, ...(input.candidates ?? [])]);
  return getEdition(db, row!.id);
}

/** Edits a draft; anything else is refused (unschedule a scheduled edition first). Content is validated as a whole. */
export async function updateDraft(db: Queryable, id: string, changes: DraftChanges): Promise<Edition> {
  const edition = await getEdition(db, id);
  checkedTransition(edition, 'edit');
  const d = applyDraftChanges(edition, changes);
  const updated = await db.query(
    `update editions set content = $2, subject = $3, preheader = $4, layout = $5, candidates = $6, subject_lead = $7, preheader_lead = $8, updated_at = now()
      where id = $1 and status = 'draft' returning id`,
    [id, JSON.stringify(d.content), d.subject, d.preheader, d.layout, d.candidates ? JSON.stringify(d.candidates) : null, d.subjectLead, d.preheaderLead],
  );
  if (!updated.length) throw new UserError('conflict', `edition ${id} changed while saving; reload it and try again`);
  await noteSections(db, edition.listId, [d.content.lead, ...d.content.teasers]);
  return getEdition(db, id);
}

export interface EditionSummary {
  id: string;
  listSlug: string;
  /** The zone the list's times are shown in. */
  listTimezone: string;
  subject: string;
  status: EditionStatus;
  editionDate: string;
  sendAt: Date | null;
  createdAt: Date;
  recipients: number;
}

/** Newest first, optionally one list's or one status's. */
export async function listEditions(db: Queryable, filter: { listSlug?: string; status?: string; limit?: number } = {}): Promise<EditionSummary[]> {
  return db.query<EditionSummary>(
    `select e.id, l.slug as "listSlug", l.timezone as "listTimezone", e.subject, e.status, to_char(e.edition_date, 'YYYY-MM-DD') as "editionDate",
            e.send_at as "sendAt", e.created_at as "createdAt", e.recipients
       from editions e join lists l on l.id = e.list_id
      where ($1::text is null or l.slug = $1) and ($2::text is null or e.status = $2)
      order by e.created_at desc limit $3`,
    [filter.listSlug ?? null, filter.status ?? null, Math.min(Math.max(filter.limit ?? 50, 1), 500)],
  );
}

/** Article ids and URLs sent (or on their way) to a list in the last `days` days: a feed digest skips them. */
export async function recentlySent(db: Queryable, listSlug: string, days = 14): Promise<Set<string>> {
  const rows = await db.query<{ content: DigestContent }>(
    `select e.content from editions e join lists l on l.id = e.list_id
      where l.slug = $1 and e.status not in ('draft', 'cancelled') and e.created_at > now() - make_interval(days => $2)`,
    [listSlug, days],
  );
  const seen = new Set<string>();
  for (const { content } of rows) for (const a of [content.lead, ...content.teasers]) seen.add(a.id).add(a.url);
  return seen;
}

export async function getEdition(db: Queryable, id: string): Promise<Edition> {
  const rows = UUID.test(id)
    ? await db.query<Edition>(`select ${EDITION_COLUMNS} from editions e join lists l on l.id = e.list_id where e.id = $1`, [id])
    : [];
  if (!rows[0]) throw new UserError('not_found', `no edition ${JSON.stringify(id)}`);
  return rows[0];
}

export interface ScheduleOptions {
  /** When sending starts; now if absent. A time already past is refused, unless `late`. */
  at?: Date;
  /** A recurring run retried after its firing time: `at` is when it fired, and sending starts at once. */
  late?: boolean;
  /**
   * Deliver at this local time (`HH:MM`) in each reader's own time zone, the next
   * one from `at`; readers without a known zone use `timezone`.
   */
  readerLocal?: { time: string; timezone: string };
  /** Test a second subject on `share` % of the readers; after `decideAfterMs` the better one goes to the rest. */
  subjectTest?: { subjectB: string; share?: number; decideAfterMs?: number };
  check?: PresendCheck;
}

/** How far in the past a send time may be and still mean "now": a clock's drift, a slow form. */
export const PAST_GRACE_MS = 60_000;

/**
 * Queues an edition now or at `at`, after the pre-send checks pass. The status
 * moves draft → scheduled under a row condition, so two clicks (or two editors)
 * schedule it once.
 */

/** A subject test as asked, checked: a second subject, a share the list is big enough for, a sensible wait, no local-hour delivery. */
async function checkedSubjectTest(db: Queryable, edition: Edition, t: NonNullable<ScheduleOptions['subjectTest']>, localHour: boolean) {
  // Local-hour delivery sends each zone at its own hour: the halves would not be seen at the same time of day, and the
  // rest could not wait for one decision. Refused rather than measured unfairly.
  if (localHour) throw new UserError('invalid_input', "subject-b: a subject test and delivery at each reader's local hour cannot go together: the two halves would be read at different hours");
  const subjectB = oneLine('subject-b', t.subjectB, 1, 300);
  if (subjectB === edition.subject) throw new UserError('invalid_input', 'subject-b: is the same as the subject; give a different one to test');
  const share = t.share ?? DEFAULT_TEST_SHARE;
  if (!Number.isInteger(share) || share < 2 || share > 50) throw new UserError('invalid_input', 'test-share: must be a whole percent from 2 to 50 (split evenly between A and B)');
  const decideAfterMs = t.decideAfterMs ?? DEFAULT_DECIDE_AFTER_MS;
  if (!(decideAfterMs >= MIN_DECIDE_AFTER_MS && decideAfterMs <= MAX_DECIDE_AFTER_MS)) throw new UserError('invalid_input', 'decide-after: must be from 1m to 72h');
  const [{ readers }] = (await db.query<{ readers: number }>(`select count(*)::int as readers from subscriptions where list_id = $1 and status = 'active'`, [edition.listId])) as [{ readers: number }];
  const needed = minimumReaders(share);
  if (readers < needed) {
    throw new UserError(
      'invalid_input',
      `subject-b: a subject test needs at least ${MIN_READERS_PER_SUBJECT} readers per subject: ${needed} readers at a ${share} % share; ${edition.listSlug} has ${readers}${readers * 2 >= MIN_READERS_PER_SUBJECT * 2 ? ` (a larger --test-share needs fewer: at 50 %, ${minimumReaders(50)})` : ''}`,
    );
  }
  return { subjectB, share, decideAfterMs };
}

export async function scheduleEdition(db: Database, queue: WorkQueue, id: string, opts: ScheduleOptions = {}): Promise<Edition> {
  const now = new Date();
  const edition = await getEdition(db, id);
  checkedTransition(edition, 'schedule');
  const sendAt = opts.at ?? now;
  if (Number.isNaN(sendAt.getTime())) throw new UserError('invalid_input', 'at: is not a valid date');
  // A time in the past is a typo, not "send now": the CLI, the API and the desk all refuse it (a minute's grace for the clock).
  if (!opts.late && sendAt.getTime() < now.getTime() - PAST_GRACE_MS) {
    throw new UserError('invalid_input', `at: ${sendAt.toISOString().replace('T', ' ').slice(0, 16)} UTC has passed; give no time to send now`);
  }
  const local = opts.readerLocal;
  if (local) {
    if (!isTimeZone(local.timezone)) throw new UserError('invalid_input', `unknown time zone ${JSON.stringify(local.timezone)} (use an IANA name such as America/Mexico_City)`);
    try {
      parseLocalTime(local.time);
    } catch (err) {
      throw new UserError('invalid_input', (err as Error).message);
    }
  }
  const test = opts.subjectTest ? await checkedSubjectTest(db, edition, opts.subjectTest, Boolean(local)) : null;
  const problems = opts.check ? await opts.check(edition) : [];
  if (problems.length) throw new UserError('invalid_input', `edition ${id} cannot be scheduled: ${problems.join('; ')}`);
  const updated = await db.query(
    `update editions set status = 'scheduled', send_at = $2, deliver_local_time = $4, fallback_timezone = $5,
            subject_b = $6, test_share = $7, decide_at = $8, winner = null, decision = null, updated_at = now()
      where id = $1 and status = any($3) returning id`,
    [id, sendAt, sourcesOf('schedule'), local?.time ?? null, local?.timezone ?? null, test?.subjectB ?? null, test?.share ?? null, test ? new Date(sendAt.getTime() + test.decideAfterMs) : null],
  );
  if (!updated.length) throw new UserError('conflict', `edition ${id} changed while scheduling it; look at its status and try again`);
  await publishEditionEvent(db, 'edition.scheduled', id);
  await queue.enqueuePrepare(id, Math.max(0, sendAt.getTime() - now.getTime()));
  return getEdition(db, id);
}

/** The pure rule, with its refusal turned into a message for the editor. */
export function checkedTransition(edition: Edition, event: EditionEvent, stage?: PrepareStage): EditionStatus {
  try {
    return transition(edition.status, event, stage ? { stage } : {});
  } catch (err) {
    if (err instanceof IllegalTransitionError) throw new UserError('illegal_state', `edition ${edition.id}: ${err.message}`);
    throw err;
  }
}

/**
 * Moves an edition along `event`: the pure rule decides the target, and the update
 * is conditioned on the statuses the event may start from, so a concurrent change
 * makes it fail cleanly instead of overwriting.
 */
async function moveEdition(
  db: Queryable,
  id: string,
  event: 'pause' | 'cancel' | 'unschedule' | 'resume',
  reason: string | null,
  stage?: PrepareStage,
): Promise<{ id: string; status: EditionStatus; sendAt: Date | null }> {
  const edition = await getEdition(db, id);
  const to = checkedTransition(edition, event, stage);
  const [row] = await db.query<{ id: string; status: EditionStatus; sendAt: Date | null }>(
    `update editions set status = $2, status_reason = $3, updated_at = now() where id = $1 and status = any($4)
     returning id, status, send_at as "sendAt"`,
    [id, to, reason, sourcesOf(event)],
  );
  if (!row) throw new UserError('conflict', `edition ${id} changed meanwhile; look at its status and try again`);
  return row;
}

/** Stops an edition: workers finish the batch in hand and claim no more. */
export async function pauseEdition(db: Queryable, id: string, reason = 'paused by an editor'): Promise<Edition> {
  await moveEdition(db, id, 'pause', reason);
  return getEdition(db, id);
}

/** Stops an edition for good; workers find it cancelled and claim none of its batches. */
export async function cancelEdition(db: Queryable, id: string): Promise<Edition> {
  await moveEdition(db, id, 'cancel', 'cancelled by an editor');
  return getEdition(db, id);
}

/** A scheduled edition back to draft; its delayed prepare job finds it so and does nothing. */
export async function unscheduleEdition(db: Queryable, id: string): Promise<Edition> {
  await moveEdition(db, id, 'unschedule', null);
  return getEdition(db, id);
}

/** Picks up where the edition stopped: re-queues its prepare job or its unfinished batches. */
export async function resumeEdition(db: Queryable, queue: WorkQueue, id: string): Promise<Edition> {
  const [progress] = await db.query<{ claimed: boolean; prepared: boolean }>(
    `select prepare_upper_bound is not null as claimed, prepared_at is not null as prepared from editions where id = $1`,
    [id],
  );
  const stage: PrepareStage = !progress?.claimed ? 'unclaimed' : progress.prepared ? 'prepared' : 'preparing';
  await requeueEdition(db, queue, await moveEdition(db, id, 'resume', null, stage));
  return getEdition(db, id);
}

/**
 * What happened after the provider took the mail, from its webhooks: readers, not
 * events (two opens count once). Unsubscribed counts readers who left by choice
 * since the edition was created, not addresses suppressed after a bounce or complaint.
 */
export interface EditionStats {
  id: string;
  recipients: number;
  submitted: number;
  delivered: number;
  bounced: number;
  complained: number;
  /** Readers whose email reported an open. Over-counts: Apple Mail Privacy Protection opens everything it receives. */
  opened: number;
  opensNote: string;
  /** Readers who clicked a story, a sponsor or the paywall (scanner clicks and the footer's own links left out). */
  clicked: number;
  unsubscribed: number;
  /** Every story clicked, most unique clickers first. */
  stories: StoryClicks[];
  /** Clicks made by link scanners and security gateways: kept apart, never counted as readers. */
  scannerClicks: number;
  /** With a subject test: both subjects' results, and which won and why (null until decided). */
  subjectTest: { a: SubjectResult; b: SubjectResult; share: number; decideAt: Date; winner: 'a' | 'b' | null; decision: string | null } | null;
}

/** One story's clicks in one edition: where it sat, all clicks and distinct readers who clicked (scanners left out). */
export interface StoryClicks {
  url: string;
  headline: string | null;
  position: string;
  section: string | null;
  clicks: number;
  uniqueClicks: number;
}

export async function editionStats(db: Queryable, id: string): Promise<EditionStats> {
  const edition = await getEdition(db, id);
  // Each figure from its own index (events and clicks carry their edition; unsubscribes are found from those who
  // left), in separate queries the pool runs side by side: one edition can have a million deliveries.
  const one = <T extends object>(sql: string, params: unknown[]) => db.query<T>(sql, params).then((r) => r[0]!);
  // From the edition's delivery rows, or the totals kept when they were rolled up (delivery-retention.ts).
  const rolled = await rolledUpTotals(db, id);
  const [totals, ev, c, unsubscribed, rows] = await Promise.all([
    rolled ?? countedTotals(db, id),
    db.query<{ type: string; n: number }>(`select type, count(distinct provider_id)::int as n from delivery_events where edition_id = $1 group by type`, [id]),
    one<{ clicked: number; scannerClicks: number }>(
      `select count(distinct subscriber_id) filter (where not scanner and position <> 'footer')::int as clicked, count(*) filter (where scanner)::int as "scannerClicks"
         from clicks where edition_id = $1`,
      [id],
    ),
    rolled?.unsubscribed ?? countedUnsubscribed(db, edition),
    db.query<Omit<StoryClicks, 'headline'>>(
      `select story_url as url, min(position) as position, min(section) as section, count(*)::int as clicks, count(distinct subscriber_id)::int as "uniqueClicks"
         from clicks where edition_id = $1 and not scanner and story_url is not null
        group by story_url order by "uniqueClicks" desc, clicks desc, story_url`,
      [id],
    ),
  ]);
  const event = (type: string) => ev.find((e) => e.type === type)?.n ?? 0;
  const s = {
    recipients: totals.recipients,
    submitted: totals.submitted,
    delivered: event('email.delivered'),
    bounced: event('email.bounced'),
    complained: event('email.complained'),
    opened: event('email.opened'),
    ...c,
    unsubscribed,
  };
  const headlines = new Map([edition.content.lead, ...edition.content.teasers].map((a) => [storyUrlOf(a.url), a.headline]));
  const stories = rows.map((r) => ({ url: r.url, headline: headlines.get(r.url) ?? null, position: r.position, section: r.section, clicks: r.clicks, uniqueClicks: r.uniqueClicks }));
  const results = edition.subjectB ? await subjectResults(db, id) : null;
  const subjectTest = results ? { ...results, share: edition.testShare!, decideAt: edition.decideAt!, winner: edition.winner, decision: edition.decision } : null;
  return { id, ...s, opensNote: OPENS_NOTE, stories, subjectTest };
}

const OPENS_NOTE = 'opens over-count: Apple Mail Privacy Protection and some security gateways open every email they receive; judge by clicks';

/**
 * Where an edition is, truthfully for its phase: before it is prepared, the
 * audience it would reach and when it starts; while sending, the rate over the
 * last minute and the time left; once finished, its figures frozen (the rate is
 * the average over the send, and nothing changes as time passes).
 */
export async function editionProgress(db: Queryable, id: string): Promise<EditionProgress> {
  const edition = await getEdition(db, id);
  const [c] = await db.query<
    Omit<EditionProgress, 'id' | 'status' | 'reason' | 'ratePerSecond' | 'etaSeconds' | 'sendAt' | 'finishedAt' | 'expected'> & { lastMinute: number; windowS: number | null; lastSubmitAt: Date | null }
  >(
    // From each batch's counts of its deliveries (migration 020): one row per hundred readers, however large the list.
    `select coalesce(sum(pending_deliveries + submitted_deliveries + failed_deliveries + skipped_deliveries), 0)::int as recipients,
            coalesce(sum(submitted_deliveries), 0)::int as sent,
            coalesce(sum(failed_deliveries), 0)::int as failed,
            coalesce(sum(skipped_deliveries), 0)::int as skipped,
            coalesce(sum(pending_deliveries), 0)::int as pending,
            coalesce(sum(submitted_deliveries) filter (where submitted_at > now() - interval '60 seconds'), 0)::int as "lastMinute",
            extract(epoch from now() - min(submitted_at) filter (where submitted_at > now() - interval '60 seconds'))::float8 as "windowS",
            count(*) filter (where status = 'parked')::int as "parkedBatches",
            (select count(*)::int from edition_variants where edition_id = $1) as renders,
            min(not_before) filter (where status in ('pending', 'retryable') and not_before > now()) as "waitingFrom",
            max(not_before) filter (where status in ('pending', 'retryable') and not_before > now()) as "waitingUntil",
            min(first_attempt_at) as "startedAt",
            max(submitted_at) as "lastSubmitAt"
       from batches where edition_id = $1`,
    [id],
  );
  const { lastMinute, windowS, lastSubmitAt, ...counted } = c!;
  // Rows removed after the retention period: the totals kept for them (looked up only when no row is left).
  const rolled = counted.recipients ? null : await rolledUpTotals(db, id);
  const counts = rolled ? { ...counted, recipients: rolled.recipients, sent: rolled.submitted, failed: rolled.failed, skipped: rolled.skipped, pending: 0 } : counted;
  const [{ finishedAt }] = (await db.query<{ finishedAt: Date | null }>(`select completed_at as "finishedAt" from editions where id = $1`, [id])) as [{ finishedAt: Date | null }];
  const prepared = !['draft', 'scheduled', 'cancelled'].includes(edition.status) || counts.recipients > 0;
  const expected = prepared ? null : await audienceOf(db, edition.listId, edition.fallbackTimezone ?? edition.listTimezone);
  const base = { id, status: edition.status, reason: edition.statusReason, ...counts, sendAt: edition.sendAt, finishedAt, expected };
  if (isFinal(edition.status)) {
    // Frozen: the average over the send, from stored times only.
    const seconds = counts.startedAt && lastSubmitAt ? Math.max(1, (new Date(lastSubmitAt).getTime() - new Date(counts.startedAt).getTime()) / 1000) : null;
    return { ...base, ratePerSecond: seconds ? Math.round((counts.sent / seconds) * 10) / 10 : 0, etaSeconds: counts.pending ? null : 0 };
  }
  if (!prepared) return { ...base, ratePerSecond: 0, etaSeconds: null };
  return { ...base, ...throughput(counts.pending, lastMinute, windowS ?? 0, counts.waitingUntil) };
}

/**
 * Rate over the last minute (or since the first send in it, early on) and the time
 * left at that rate, no sooner than the last local-time batch.
 */
export function throughput(
  pending: number,
  sentInWindow: number,
  windowS: number,
  waitingUntil: Date | null,
  now = Date.now(),
): { ratePerSecond: number; etaSeconds: number | null } {
  const rate = sentInWindow / Math.max(windowS, 1);
  const waitS = waitingUntil ? Math.max(0, Math.ceil((waitingUntil.getTime() - now) / 1000)) : 0;
  const ratePerSecond = Math.round(rate * 10) / 10;
  if (pending === 0) return { ratePerSecond, etaSeconds: 0 };
  if (sentInWindow === 0) return { ratePerSecond, etaSeconds: waitS || null };
  return { ratePerSecond, etaSeconds: Math.max(waitS, Math.ceil(pending / rate)) };
}

/** `etaSeconds` for people: "done", "40 s", "12 min", "3.5 h" (desk.js has the same rule for live updates). */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds === 0) return 'done';
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * The edition as one reader of `tier` would see it (HTML or its plain-text part),
 * with sample personal details; `layout` tries another layout without saving it.
 */
export async function previewEdition(
  db: Queryable,
  render: EditionRenderer,
  id: string,
  tier: Tier,
  format: 'html' | 'text' = 'html',
  layout?: Layout,
  sections: SectionChoice = null,
): Promise<string> {
  const edition = await getEdition(db, id);
  return previewOf(render, layout ? { ...edition, layout } : edition, tier, format, sections);
}

/**
 * An edition (saved or not) as a reader of `tier` sees it, with a sample reader's
 * details; with `sections`, as a reader who chose those (their teasers only).
 */
export async function previewOf(render: EditionRenderer, edition: Edition, tier: Tier, format: 'html' | 'text' = 'html', sections: SectionChoice = null): Promise<string> {
  const variant = await render(edition, tier, teasersFor(edition.content.teasers, sections));
  const sample: PersonalValues = {
    greeting: readerCopy(edition.listLanguage).email.greeting('Ana'),
    email: 'ana@example.com',
    unsubscribe_url: '#unsubscribe-preview',
    unsubscribe_all_url: '#unsubscribe-all-preview',
    preferences_url: '#preferences-preview',
  };
  return personalise(compileTemplate(variant[format], variant.tokenNonce), sample, format);
}
