import { createHmac, randomBytes } from 'node:crypto';

/** A signing secret in the Standard Webhooks / svix format: `whsec_` and 24 random bytes in base64. */
export const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/**
 * The headers of a signed webhook, Standard Webhooks style (what Resend and svix
 * send): v1 = base64 HMAC-SHA256 of `id.timestamp.body` under the decoded secret.
 * Sent under both the `webhook-*` and the `svix-*` names, so receivers' svix and
 * standardwebhooks libraries both read them. Pure.
 */
export function signedHeaders(secret: string, id: string, body: string, timestamp: number): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
  const ts = String(timestamp);
  return { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': signature, 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': signature };
}
