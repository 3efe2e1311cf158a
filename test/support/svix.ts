import { createHmac, randomBytes } from 'node:crypto';

/** A webhook signing secret in Resend's (svix) format. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** Signs a payload the way Resend (svix) does: v1 = base64 HMAC-SHA256 of `id.timestamp.body` under the decoded secret. */
export function svixHeaders(secret: string, body: string, opts: { id?: string; timestamp?: number } = {}): Record<string, string> {
  const id = opts.id ?? `msg_${randomBytes(12).toString('hex')}`;
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': `v1,${signature}`, 'content-type': 'application/json' };
}
