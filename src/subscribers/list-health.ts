import { renderEmail } from '../rendering/render-email.ts';
import { publishSubscriberEvent } from '../webhooks/outgoing-events.ts';
import type { Database, Queryable } from '../db/database.ts';
import { readerCopy } from '../i18n/reader-copy.ts';
import type { ReaderLinks } from '../rendering/reader-links.ts';
import type { EmailTransport } from '../transports/email-transport.ts';
import { sendableAddress } from './email-address.ts';
import { suppress } from './suppressions.ts';

/**
 * Keeping a list healthy, so daily volume does not go to dead addresses:
 * - soft bounces: an address with `limit` transient bounces within `days` is suppressed, the reason recorded;
 * - sunset: a reader with no click in `sunsetDays` (opens do not count: Apple Mail opens everything) gets one
 *   re-permission email with a "keep me" button; one who has not answered `graceDays` later leaves as `inactive`.
 * Everything is counted first; with `dryRun` nothing changes and nothing is sent.
 */
export interface HealthSettings {
  softBounceLimit: number;
  softBounceDays: number;
  sunsetDays: number;
  graceDays: number;
}

export interface HealthReport {
  dryRun: boolean;
  /** Addresses suppressed (or that would be) for soft bounces. */
  softBounced: number;
  /** Readers asked (or who would be) whether to keep receiving a list. */
  asked: number;
  /** Readers who left (or would leave) a list as inactive. */
  inactive: number;
}

export interface HealthDeps {
  db: Database;
  transport: EmailTransport;
  links: ReaderLinks;
  from: string;
  publisher: { name: string; postalAddress: string };
}

/** Addresses with enough transient bounces in the window, not yet suppressed. */
async function softBouncers(db: Queryable, s: HealthSettings): Promise<{ email: string; bounces: number }[]> {
  if (s.softBounceLimit < 1) return [];
  return db.query(
    `select r.email, count(distinct e.provider_id)::int as bounces
       from delivery_events e join deliveries d on d.provider_id = e.provider_id join subscribers r on r.id = d.subscriber_id
      where e.type = 'email.bounced' and coalesce(e.detail->>'bounceType', '') <> 'Permanent'
        and e.occurred_at >= now() - make_interval(days => $1)
        and not exists (select 1 from suppressions x where x.email_hash = r.email_hash)
      group by r.email having count(distinct e.provider_id) >= $2`,
    [s.softBounceDays, s.softBounceLimit],
  );
}

/**
 * Active readers of a list, there longer than the sunset window, sent at least one
 * edition in it, who clicked nothing of it and have not been asked since.
 */
async function quietReaders(db: Queryable, s: HealthSettings) {
  if (s.sunsetDays < 1) return [];
  return db.query<{ subscriberId: number; listId: number; email: string; listName: string; language: string; from: string | null; publisherName: string | null; postalAddress: string | null }>(
    `select sub.subscriber_id as "subscriberId", sub.list_id as "listId", r.email, l.name as "listName", l.language,
            l.email_from as "from", l.publisher_name as "publisherName", l.postal_address as "postalAddress"
       from subscriptions sub join subscribers r on r.id = sub.subscriber_id join lists l on l.id = sub.list_id
      where sub.status = 'active' and sub.created_at < now() - make_interval(days => $1)
        and (sub.asked_at is null or sub.asked_at < now() - make_interval(days => $1))
        and (sub.kept_at is null or sub.kept_at < now() - make_interval(days => $1))
        and exists (select 1 from deliveries d join editions e on e.id = d.edition_id
                     where d.subscriber_id = sub.subscriber_id and e.list_id = sub.list_id and d.status = 'submitted' and d.updated_at >= now() - make_interval(days => $1))
        and not exists (select 1 from clicks c join editions e on e.id = c.edition_id
                         where c.subscriber_id = sub.subscriber_id and e.list_id = sub.list_id and not c.scanner and c.position <> 'footer'
                           and c.clicked_at >= now() - make_interval(days => $1))
        and not exists (select 1 from suppressions x where x.email_hash = r.email_hash)
      order by sub.list_id, sub.subscriber_id`,
    [s.sunsetDays],
  );
}

/** Readers asked more than the grace period ago who neither kept the list nor clicked since. */
async function unanswered(db: Queryable, s: HealthSettings): Promise<{ subscriberId: number; listId: number; listSlug: string }[]> {
  if (s.sunsetDays < 1) return [];
  return db.query(
    `select sub.subscriber_id as "subscriberId", sub.list_id as "listId", (select slug from lists where id = sub.list_id) as "listSlug" from subscriptions sub
      where sub.status = 'active' and sub.asked_at < now() - make_interval(days => $1) and (sub.kept_at is null or sub.kept_at < sub.asked_at)
        and not exists (select 1 from clicks c join editions e on e.id = c.edition_id
                         where c.subscriber_id = sub.subscriber_id and e.list_id = sub.list_id and not c.scanner and c.position <> 'footer' and c.clicked_at >= sub.asked_at)`,
    [s.graceDays],
  );
}

export async function runListHealth(deps: HealthDeps, s: HealthSettings, opts: { dryRun: boolean }): Promise<HealthReport> {
  const { db } = deps;
  const bouncers = await softBouncers(db, s);
  const leaving = await unanswered(db, s);
  // Nobody is asked to stay who is about to be suppressed or let go in this same run.
  const gone = new Set([...bouncers.map((b) => b.email), ...leaving.map((l) => `${l.subscriberId}:${l.listId}`)]);
  const quiet = (await quietReaders(db, s)).filter((q) => !gone.has(q.email) && !gone.has(`${q.subscriberId}:${q.listId}`));
  const report = { dryRun: opts.dryRun, softBounced: bouncers.length, asked: quiet.length, inactive: leaving.length };
  if (opts.dryRun) return report;

  for (const b of bouncers) await suppress(db, [b.email], `soft bounces (${b.bounces} in ${s.softBounceDays} days)`);
  for (const l of leaving) {
    const left = await db.query(
      `update subscriptions set status = 'unsubscribed', unsubscribed_at = now(), left_reason = 'inactive', updated_at = now()
        where subscriber_id = $1 and list_id = $2 and status = 'active' returning 1`,
      [l.subscriberId, l.listId],
    );
    if (left.length) await publishSubscriberEvent(db, 'subscriber.unsubscribed', [l.subscriberId], { reason: 'inactive', left: [l.listSlug] });
  }
  // One re-permission email each, a hundred to a provider call; the key makes a retried run send it once.
  const today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < quiet.length; i += 100) {
    const chunk = quiet.slice(i, i + 100);
    const emails = await Promise.all(
      chunk.map(async (q) => {
        const { html, text } = await renderEmail(() => import('../../emails/keep-reading.tsx'), {
          listName: q.listName,
          publisherName: q.publisherName ?? deps.publisher.name,
          postalAddress: q.postalAddress ?? deps.publisher.postalAddress,
          keepUrl: deps.links.keep(q.subscriberId, q.listId),
          unsubscribeUrl: deps.links.unsubscribe(q.subscriberId, q.listId),
          days: s.sunsetDays,
          graceDays: s.graceDays,
          lang: q.language,
        });
        const unsubscribe = deps.links.unsubscribe(q.subscriberId, q.listId);
        return {
          from: q.from ?? deps.from,
          to: sendableAddress(q.email),
          subject: readerCopy(q.language).email.keep.subject(q.listName),
          html,
          text,
          headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          tags: [{ name: 'kind', value: 'keep' }],
        };
      }),
    );
    await deps.transport.sendBatch(emails, { idempotencyKey: `broadsheet-keep-${today}-${chunk[0]!.listId}-${chunk[0]!.subscriberId}` });
    await db.query(
      `update subscriptions s set asked_at = now() from unnest($1::int[], $2::int[]) as u(subscriber_id, list_id)
        where s.subscriber_id = u.subscriber_id and s.list_id = u.list_id`,
      [chunk.map((q) => q.subscriberId), chunk.map((q) => q.listId)],
    );
  }
  return report;
}

/** The reader pressed "keep me": the list stays, and they are not asked again for a while. */
export async function keepReading(db: Queryable, subscriberId: number, listId: number): Promise<string | null> {
  const [row] = await db.query<{ name: string }>(
    `update subscriptions s set kept_at = now(), updated_at = now() from lists l
      where l.id = s.list_id and s.subscriber_id = $1 and s.list_id = $2 and s.status = 'active' returning l.name`,
    [subscriberId, listId],
  );
  return row?.name ?? null;
}
