import type { Queryable } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { redactErasedEvents } from './outgoing-events.ts';
import { signedHeaders } from './webhook-signature.ts';

export interface WebhookSettings {
  /** Tries per delivery (BullMQ's attempts), with exponential backoff from `backoffMs`. */
  attempts: number;
  backoffMs: number;
  /** Failed attempts in a row after which an endpoint is disabled. */
  disableAfter: number;
  /** How long a receiver may take to answer. */
  timeoutMs: number;
}

export interface DispatchDeps {
  db: Queryable;
  logger: Logger;
  settings: WebhookSettings;
  fetch?: typeof fetch;
}

/** Thrown to have the queue try a delivery again later. */
export class WebhookRetry extends Error {}

/**
 * The relay: deliveries written in some transaction and not yet queued are
 * marked queued and returned, for the caller to enqueue (skip locked: two
 * workers relaying at once take different rows).
 */
export async function takeUnqueued(db: Queryable, limit = 1000): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `update outbound_deliveries set queued_at = now()
      where id in (select id from outbound_deliveries where status = 'pending' and queued_at is null order by id limit $1 for update skip locked)
      returning id`,
    [limit],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Pending deliveries queued long ago: their jobs may have been lost with Redis; re-adding an existing job id is a no-op. */
export async function staleQueued(db: Queryable, olderThanMs: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `select id from outbound_deliveries where status = 'pending' and queued_at < now() - make_interval(secs => $1::double precision / 1000) order by id limit 5000`,
    [olderThanMs],
  );
  return rows.map((r) => r.id);
}

/** The webhook-id of an event: stable across every attempt, so receivers can drop repeats. */
export const messageId = (eventId: string) => `msg_${eventId.replace(/-/g, '')}`;

/**
 * One attempt at one delivery: POST the event, signed, and record what came
 * back. A 2xx delivers it; anything else counts against the endpoint's run of
 * failures (a 410 disables it at once, as Standard Webhooks asks) and throws
 * WebhookRetry unless this was the last attempt.
 */
export async function deliverWebhook(deps: DispatchDeps, deliveryId: number, lastAttempt: boolean): Promise<'delivered' | 'failed' | 'skipped'> {
  const { db, settings } = deps;
  const [d] = await db.query<{ status: string; attempts: number; eventId: string; type: string; payload: unknown; endpointId: number; url: string; secret: string; disabledReason: string | null }>(
    `select d.status, d.attempts, ev.id as "eventId", ev.type, ev.payload, ep.id as "endpointId", ep.url, ep.secret,
            case when ep.disabled_at is not null then coalesce(ep.disabled_reason, 'disabled') end as "disabledReason"
       from outbound_deliveries d join outbound_events ev on ev.id = d.event_id join webhook_endpoints ep on ep.id = d.endpoint_id
      where d.id = $1`,
    [deliveryId],
  );
  if (!d || d.status !== 'pending') return 'skipped';
  if (d.disabledReason) {
    await db.query(`update outbound_deliveries set status = 'failed', last_error = $2 where id = $1 and status = 'pending'`, [deliveryId, `endpoint disabled: ${d.disabledReason}`.slice(0, 500)]);
    await redactErasedEvents(db, d.eventId);
    return 'failed';
  }

  const body = JSON.stringify(d.payload);
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await (deps.fetch ?? fetch)(d.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Broadsheet-Webhooks/1', ...signedHeaders(d.secret, messageId(d.eventId), body, Math.floor(started / 1000)) },
      body,
      // A redirect is an answer, not a place to send readers' details to.
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    statusCode = res.status;
    await res.body?.cancel().catch(() => {});
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    error = e.name === 'TimeoutError' ? `no answer within ${settings.timeoutMs / 1000} s` : `${e.cause?.code ?? e.name}: ${e.message}`.slice(0, 300);
  }
  const durationMs = Date.now() - started;
  const attempt = d.attempts + 1;
  await db.query(`insert into outbound_attempts (delivery_id, attempt, status_code, error, duration_ms) values ($1, $2, $3, $4, $5) on conflict do nothing`, [deliveryId, attempt, statusCode, error, durationMs]);

  if (!error) {
    await db.query(`update outbound_deliveries set status = 'delivered', attempts = $2, last_status = $3, last_error = null, delivered_at = now() where id = $1`, [deliveryId, attempt, statusCode]);
    await db.query(`update webhook_endpoints set consecutive_failures = 0, failing_since = null where id = $1 and consecutive_failures > 0`, [d.endpointId]);
    await redactErasedEvents(db, d.eventId);
    return 'delivered';
  }

  // One statement, so attempts failing at once count in turn (the row lock orders them): the one that reaches the
  // limit disables the endpoint, and its reason names the limit, not whichever attempt came last.
  const gone = statusCode === 410;
  const [ep] = await db.query<{ failures: number; disabledNow: boolean }>(
    `update webhook_endpoints w set consecutive_failures = w.consecutive_failures + 1, failing_since = coalesce(w.failing_since, now()),
            disabled_at = case when w.disabled_at is null and ($3 or w.consecutive_failures + 1 >= $2) then now() else w.disabled_at end,
            disabled_reason = case when w.disabled_at is not null then w.disabled_reason
                                   when $3 then 'the endpoint answered 410 Gone (' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') || ')'
                                   when w.consecutive_failures + 1 >= $2 then (w.consecutive_failures + 1) || ' failed attempts in a row since '
                                        || to_char(coalesce(w.failing_since, now()) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') || '; the last: ' || $4
                                   else w.disabled_reason end
      where w.id = $1
      returning w.consecutive_failures as failures, (w.disabled_at is not null and w.disabled_at = now()) as "disabledNow"`,
    [d.endpointId, settings.disableAfter, gone, error],
  );
  if (ep?.disabledNow) deps.logger.warn('webhook.endpoint_disabled', { endpointId: d.endpointId, failures: ep.failures });
  const final = lastAttempt || gone || (ep?.failures ?? 0) >= settings.disableAfter;
  await db.query(`update outbound_deliveries set attempts = $2, last_status = $3, last_error = $4, status = case when $5 then 'failed' else status end where id = $1`, [
    deliveryId,
    attempt,
    statusCode,
    error,
    final,
  ]);
  deps.logger.warn('webhook.attempt_failed', { deliveryId, endpointId: d.endpointId, type: d.type, attempt, status: statusCode });
  if (final) {
    await redactErasedEvents(db, d.eventId);
    return 'failed';
  }
  throw new WebhookRetry(`webhook delivery ${deliveryId}: ${error}`);
}
