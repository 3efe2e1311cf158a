import { TIERS, type Tier } from '../content/article.ts';
import { presendProblems } from '../rendering/presend-checks.ts';
import type { DigestContent } from '../content/digest-content.ts';
import type { Database, Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import type { WorkQueue } from '../jobs/work-queue.ts';
import { compileTemplate, personalise, type PersonalValues } from '../rendering/personalisation.ts';
import { getList } from '../subscribers/lists.ts';
import { EDITION_COLUMNS, UUID, type Edition } from './edition.ts';
import type { EditionRenderer } from './edition-renderer.ts';
import { requeueEdition } from '../delivery/reconcile.ts';
import { IllegalTransitionError, sourcesOf, transition, type EditionEvent, type EditionStatus, type PrepareStage } from './edition-status.ts';

export interface CreateEditionInput {
  listSlug: string;
  content: DigestContent;
  subject?: string;
  preheader?: string;
  /** `YYYY-MM-DD`, shown in the masthead; defaults to today (UTC). */
  editionDate?: string;
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
}

function defaultPreheader(content: DigestContent): string {
  const more = content.teasers.slice(0, 2).map((t) => t.headline);
  return [content.lead.dek ?? content.lead.headline, ...more].join(' · ').slice(0, 200);
}

export async function createEdition(db: Queryable, input: CreateEditionInput): Promise<Edition> {
  const list = await getList(db, input.listSlug);
  const subject = (input.subject ?? input.content.lead.headline).trim();
  if (!subject || subject.length > 300) throw new UserError('invalid_input', 'subject must be 1..300 characters');
  const editionDate = input.editionDate ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(editionDate) || Number.isNaN(Date.parse(editionDate))) {
    throw new UserError('invalid_input', `edition date must be YYYY-MM-DD (got ${JSON.stringify(editionDate)})`);
  }
  const [row] = await db.query<{ id: string }>(
    `insert into editions (list_id, subject, preheader, content, edition_date) values ($1, $2, $3, $4, $5) returning id`,
    [list.id, subject, (input.preheader ?? defaultPreheader(input.content)).trim(), JSON.stringify(input.content), editionDate],
  );
  return getEdition(db, row!.id);
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

/** Renders every variant and lists what would make it unfit to send. */
export type PresendCheck = (edition: Edition) => Promise<string[]>;

export function presendCheck(render: EditionRenderer, postalAddress: string): PresendCheck {
  return async (edition) => {
    const problems: string[] = [];
    for (const tier of TIERS) {
      const variant = await render(edition, tier);
      for (const p of presendProblems(variant, { preheader: edition.preheader, postalAddress })) problems.push(`${tier} readers: ${p}`);
    }
    return problems;
  };
}

/**
 * Queues an edition now or at `at`, after the pre-send checks pass. The status
 * moves draft → scheduled under a row condition, so two clicks (or two editors)
 * schedule it once.
 */
export async function scheduleEdition(db: Database, queue: WorkQueue, id: string, at?: Date, check?: PresendCheck): Promise<Edition> {
  const now = new Date();
  const edition = await getEdition(db, id);
  checkedTransition(edition, 'schedule');
  const problems = check ? await check(edition) : [];
  if (problems.length) throw new UserError('invalid_input', `edition ${id} cannot be scheduled: ${problems.join('; ')}`);
  const sendAt = at ?? now;
  if (Number.isNaN(sendAt.getTime())) throw new UserError('invalid_input', 'send time is not a valid date');
  const updated = await db.query(
    `update editions set status = 'scheduled', send_at = $2, updated_at = now() where id = $1 and status = any($3) returning id`,
    [id, sendAt, sourcesOf('schedule')],
  );
  if (!updated.length) throw new UserError('conflict', `edition ${id} changed while scheduling it; look at its status and try again`);
  await queue.enqueuePrepare(id, Math.max(0, sendAt.getTime() - now.getTime()));
  return getEdition(db, id);
}

/** The pure rule, with its refusal turned into a message for the editor. */
function checkedTransition(edition: Edition, event: EditionEvent, stage?: PrepareStage): EditionStatus {
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
  opened: number;
  clicked: number;
  unsubscribed: number;
}

export async function editionStats(db: Queryable, id: string): Promise<EditionStats> {
  const edition = await getEdition(db, id);
  const [s] = await db.query<Omit<EditionStats, 'id'>>(
    `with d as (select subscriber_id, status, provider_id from deliveries where edition_id = $1),
          ev as (select distinct e.provider_id, e.type from delivery_events e join d on d.provider_id = e.provider_id)
     select (select count(*)::int from d) as recipients,
            (select count(*)::int from d where status = 'submitted') as submitted,
            (select count(*)::int from ev where type = 'email.delivered') as delivered,
            (select count(*)::int from ev where type = 'email.bounced') as bounced,
            (select count(*)::int from ev where type = 'email.complained') as complained,
            (select count(*)::int from ev where type = 'email.opened') as opened,
            (select count(*)::int from ev where type = 'email.clicked') as clicked,
            (select count(*)::int from d join subscriptions sub on sub.subscriber_id = d.subscriber_id and sub.list_id = $2
               join subscribers s on s.id = d.subscriber_id
              where sub.status = 'unsubscribed' and sub.unsubscribed_at >= $3
                and not exists (select 1 from suppressions x where x.email_hash = s.email_hash)) as unsubscribed`,
    [id, edition.listId, edition.createdAt],
  );
  return { id, ...s! };
}

export async function editionProgress(db: Queryable, id: string): Promise<EditionProgress> {
  const edition = await getEdition(db, id);
  const [c] = await db.query<Omit<EditionProgress, 'id' | 'status' | 'reason'>>(
    `select count(*)::int as recipients,
            count(*) filter (where status = 'submitted')::int as sent,
            count(*) filter (where status = 'failed')::int as failed,
            count(*) filter (where status = 'skipped')::int as skipped,
            count(*) filter (where status = 'pending')::int as pending,
            (select count(*)::int from batches where edition_id = $1 and status = 'parked') as "parkedBatches"
       from deliveries where edition_id = $1`,
    [id],
  );
  return { id, status: edition.status, reason: edition.statusReason, ...c! };
}

/** The edition as one reader of `tier` would see it, with sample personal details. */
export async function previewEdition(db: Queryable, render: EditionRenderer, id: string, tier: Tier): Promise<string> {
  const edition = await getEdition(db, id);
  const variant = await render(edition, tier);
  const sample: PersonalValues = {
    greeting: 'Good morning, Ana',
    email: 'ana@example.com',
    unsubscribe_url: '#unsubscribe-preview',
    unsubscribe_all_url: '#unsubscribe-all-preview',
    preferences_url: '#preferences-preview',
  };
  return personalise(compileTemplate(variant.html, variant.tokenNonce), sample, 'html');
}
