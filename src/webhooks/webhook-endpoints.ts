import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { EVENT_TYPES } from './outgoing-events.ts';
import { newSigningSecret } from './webhook-signature.ts';

export const EndpointInput = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000)
    .describe('where events are POSTed'),
  events: z.array(z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` })).min(1, 'name at least one event').describe(`any of ${EVENT_TYPES.join(', ')}`),
  description: z.string().max(200).optional(),
});
export type EndpointInput = z.infer<typeof EndpointInput>;

export interface WebhookEndpoint {
  id: number;
  url: string;
  events: string[];
  description: string | null;
  createdAt: Date;
  consecutiveFailures: number;
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  /** Deliveries of the last 24 hours by outcome. */
  lastDay: { delivered: number; failed: number; pending: number };
}

const COLUMNS = `e.id, e.url, e.events, e.description, e.created_at as "createdAt", e.consecutive_failures as "consecutiveFailures",
  e.failing_since as "failingSince", e.disabled_at as "disabledAt", e.disabled_reason as "disabledReason",
  (select json_build_object('delivered', count(*) filter (where d.status = 'delivered'), 'failed', count(*) filter (where d.status = 'failed'),
                            'pending', count(*) filter (where d.status = 'pending'))
     from outbound_deliveries d where d.endpoint_id = e.id and d.created_at > now() - interval '1 day') as "lastDay"`;

/** Registers an endpoint; the answer holds its signing secret, the only time it is shown. */
export async function addEndpoint(db: Queryable, input: EndpointInput): Promise<WebhookEndpoint & { secret: string }> {
  const secret = newSigningSecret();
  const [row] = await db.query<{ id: number }>(
    `insert into webhook_endpoints (url, events, secret, description) values ($1, $2, $3, $4) returning id`,
    [input.url, [...new Set(input.events)], secret, input.description?.trim() || null],
  );
  return { ...(await getEndpoint(db, row!.id)), secret };
}

export async function listEndpoints(db: Queryable): Promise<WebhookEndpoint[]> {
  return db.query<WebhookEndpoint>(`select ${COLUMNS} from webhook_endpoints e order by e.id`);
}

export async function getEndpoint(db: Queryable, id: number): Promise<WebhookEndpoint> {
  const [row] = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? await db.query<WebhookEndpoint>(`select ${COLUMNS} from webhook_endpoints e where e.id = $1`, [id]) : [];
  if (!row) throw new UserError('not_found', `no webhook endpoint ${id} (see webhooks ls)`);
  return row;
}

/** Changes its events or URL, or enables it again after it was disabled (its failure run starts over). */
export async function updateEndpoint(db: Queryable, id: number, change: Partial<EndpointInput> & { enabled?: boolean }): Promise<WebhookEndpoint> {
  await getEndpoint(db, id);
  await db.query(
    `update webhook_endpoints set url = coalesce($2, url), events = coalesce($3, events), description = coalesce($4, description),
            disabled_at = case when $5::boolean is true then null when $5::boolean is false then coalesce(disabled_at, now()) else disabled_at end,
            disabled_reason = case when $5::boolean is true then null when $5::boolean is false then coalesce(disabled_reason, 'disabled by an admin') else disabled_reason end,
            consecutive_failures = case when $5::boolean is true then 0 else consecutive_failures end,
            failing_since = case when $5::boolean is true then null else failing_since end
      where id = $1`,
    [id, change.url ?? null, change.events ? [...new Set(change.events)] : null, change.description ?? null, change.enabled ?? null],
  );
  return getEndpoint(db, id);
}

export async function removeEndpoint(db: Queryable, id: number): Promise<void> {
  await getEndpoint(db, id);
  await db.query(`delete from webhook_endpoints where id = $1`, [id]);
}

export interface DeliveryAttempt {
  deliveryId: number;
  eventId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** The endpoint's latest attempts, newest first, with what the receiver answered. */
export async function endpointAttempts(db: Queryable, id: number, limit = 50): Promise<DeliveryAttempt[]> {
  await getEndpoint(db, id);
  return db.query<DeliveryAttempt>(
    `select d.id as "deliveryId", d.event_id as "eventId", ev.type, d.status, a.attempt, a.at, a.status_code as "statusCode", a.error, a.duration_ms as "durationMs"
       from outbound_deliveries d join outbound_events ev on ev.id = d.event_id join outbound_attempts a on a.delivery_id = d.id
      where d.endpoint_id = $1 order by a.at desc, a.attempt desc limit $2`,
    [id, Math.min(Math.max(1, limit), 500)],
  );
}
