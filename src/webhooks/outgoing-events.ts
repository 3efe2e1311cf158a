import type { Queryable } from '../db/database.ts';

/** What the newsroom's systems can hear about. */
export const EVENT_TYPES = [
  'subscriber.created',
  'subscriber.confirmed',
  'subscriber.updated',
  'subscriber.unsubscribed',
  'subscriber.suppressed',
  'edition.scheduled',
  'edition.sent',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Why an address was suppressed, as receivers act on it. Pure. */
export function suppressionKind(reason: string): 'bounce' | 'complaint' | 'erasure' | 'manual' {
  if (/erase/i.test(reason)) return 'erasure';
  if (/complain|spam/i.test(reason)) return 'complaint';
  if (/bounce/i.test(reason)) return 'bounce';
  return 'manual';
}

// Only endpoints still enabled and asking for the type hear it; with none, nothing is written at all.
const LISTENERS = `select id from webhook_endpoints where disabled_at is null and $1::text = any(events)`;

/**
 * Records a reader event for every endpoint that wants it, in the caller's
 * transaction (an outbox: the event exists exactly when the change does). The
 * reader's details are read here, so erasure can write its event before the
 * address is wiped. The relay hands the deliveries to the queue.
 */
export async function publishSubscriberEvent(db: Queryable, type: EventType, subscriberIds: readonly number[], extra: Record<string, unknown> = {}): Promise<void> {
  if (!subscriberIds.length) return;
  await db.query(
    `with e as (
       insert into outbound_events (type, subscriber_id, payload)
       select $1::text, s.id, jsonb_build_object('type', $1::text, 'created_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'data', jsonb_build_object('email', s.email, 'name', s.name, 'tier', s.tier, 'timezone', s.timezone, 'attributes', s.attributes,
                        'lists', coalesce((select jsonb_agg(jsonb_build_object('list', l.slug, 'status', sub.status, 'sections', sub.sections) order by l.slug)
                                             from subscriptions sub join lists l on l.id = sub.list_id where sub.subscriber_id = s.id), '[]'::jsonb)) || $3::jsonb)
         from subscribers s
        where s.id = any($2::int[]) and exists (${LISTENERS})
       returning id
     )
     insert into outbound_deliveries (event_id, endpoint_id) select e.id, w.id from e cross join (${LISTENERS}) w`,
    [type, subscriberIds, JSON.stringify(extra)],
  );
}

/** Records an edition event (scheduled, sent) with the edition's list, subject and counts. */
export async function publishEditionEvent(db: Queryable, type: 'edition.scheduled' | 'edition.sent', editionId: string): Promise<void> {
  await db.query(
    `with e as (
       insert into outbound_events (type, payload)
       select $1::text, jsonb_build_object('type', $1::text, 'created_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'data', jsonb_build_object('id', ed.id, 'list', l.slug, 'subject', ed.subject, 'status', ed.status,
                        'sendAt', to_char(ed.send_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                        'completedAt', to_char(ed.completed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                        'submitted', (select coalesce(sum(b.submitted_deliveries), 0) from batches b where b.edition_id = ed.id),
                        'failed', (select coalesce(sum(b.failed_deliveries), 0) from batches b where b.edition_id = ed.id)))
         from editions ed join lists l on l.id = ed.list_id
        where ed.id = $2 and exists (${LISTENERS})
       returning id
     )
     insert into outbound_deliveries (event_id, endpoint_id) select e.id, w.id from e cross join (${LISTENERS}) w`,
    [type, editionId],
  );
}

/**
 * Events about erased readers keep no address once nothing still has to go out:
 * their payload becomes `{type, redacted: true}` (attempts stay for the desk).
 * `eventId` limits it to one event, as each delivery ends.
 */
export async function redactErasedEvents(db: Queryable, eventId: string | null = null): Promise<void> {
  await db.query(
    `update outbound_events ev set payload = jsonb_build_object('type', ev.type, 'redacted', true)
      where ($1::uuid is null or ev.id = $1::uuid) and not (ev.payload ? 'redacted')
        and ev.subscriber_id in (select id from subscribers where email_normalized like 'erased:%')
        and not exists (select 1 from outbound_deliveries d where d.event_id = ev.id and d.status = 'pending')`,
    [eventId],
  );
}
