import { randomBytes } from 'node:crypto';
import { newSigningSecret, signedHeaders } from '../../src/webhooks/webhook-signature.ts';

/** A webhook signing secret in Resend's (svix) format. */
export const newWebhookSecret = newSigningSecret;

/** Signs a payload the way Resend (svix) does: v1 = base64 HMAC-SHA256 of `id.timestamp.body` under the decoded secret. */
export function svixHeaders(secret: string, body: string, opts: { id?: string; timestamp?: number } = {}): Record<string, string> {
  const all = signedHeaders(secret, opts.id ?? `msg_${randomBytes(12).toString('hex')}`, body, opts.timestamp ?? Math.floor(Date.now() / 1000));
  return { 'svix-id': all['svix-id']!, 'svix-timestamp': all['svix-timestamp']!, 'svix-signature': all['svix-signature']!, 'content-type': 'application/json' };
}
