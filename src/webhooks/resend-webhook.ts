import { Resend } from 'resend';
import type { Database } from '../db/database.ts';
import { suppress } from '../subscribers/suppressions.ts';
import { classifyEvent } from './resend-event.ts';
import { recordClick } from './click-store.ts';

// Verification needs no API key, but the SDK insists on one to construct; built on first use, then kept.
let sdk: Resend | undefined;
const verifier = () => (sdk ??= new Resend('re_verify_only'));

export interface SvixHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type WebhookResult = { status: 'processed' | 'duplicate' | 'ignored'; type: string } | { status: 'rejected'; reason: string };

/**
 * Verifies a Resend webhook (svix scheme: HMAC over id.timestamp.body, timestamp
 * within 5 minutes) with the SDK's own verifier, then applies it once per svix-id:
 * permanent bounces and complaints suppress the address and end its
 * subscriptions; every email event is kept for stats.
 */
export async function handleResendWebhook(
  db: Database,
  secret: string | undefined,
  rawBody: string,
  headers: SvixHeaders,
  /** Where our own pages are: a click on them is the footer's, not a story's. */
  links: { publicUrl: string } = { publicUrl: '' },
): Promise<WebhookResult> {
  if (!secret) return { status: 'rejected', reason: 'webhooks are not configured (RESEND_WEBHOOK_SECRET)' };
  if (!headers.id || !headers.timestamp || !headers.signature) return { status: 'rejected', reason: 'missing svix-id, svix-timestamp or svix-signature' };
  let event: ReturnType<Resend['webhooks']['verify']>;
  try {
    event = verifier().webhooks.verify({
      payload: rawBody,
      headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature },
      webhookSecret: secret,
    });
  } catch (err) {
    return { status: 'rejected', reason: `signature check failed: ${(err as Error).message}` };
  }
  const action = classifyEvent(event as never);
  const svixId = headers.id;
  return db.transaction(async (tx) => {
    const fresh = await tx.query(`insert into webhook_events (svix_id, type) values ($1, $2) on conflict do nothing returning svix_id`, [svixId, event.type]);
    if (!fresh.length) return { status: 'duplicate', type: event.type };
    if (action.kind === 'ignore') return { status: 'ignored', type: event.type };
    const createdAt = (event as { created_at?: string }).created_at;
    await tx.query(
      `insert into delivery_events (provider_id, edition_id, type, occurred_at, detail)
       values ($1, (select edition_id from deliveries where provider_id = $1), $2, coalesce($3::timestamptz, now()), $4)`,
      [action.providerId, action.type, createdAt ?? null, JSON.stringify(action.kind === 'suppress' ? { reason: action.reason } : action.bounceType ? { bounceType: action.bounceType } : {})],
    );
    if (action.kind === 'suppress') await suppress(tx, action.addresses, action.reason);
    if (action.kind === 'record' && action.click) await recordClick(tx, action.providerId, action.click, createdAt ?? null, links);
    return { status: 'processed', type: event.type };
  });
}
