import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a request came from, for rate limits. Behind `trustedHops` proxies
 * of our own, each appends the address it saw to X-Forwarded-For, so the client is
 * the entry that many places from the right; anything further left is whatever
 * the client claimed and is ignored. With no trusted proxy the socket decides.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trustedHops: number): string {
  if (trustedHops > 0 && forwardedFor) {
    const hops = forwardedFor.split(',').map((h) => h.trim()).filter(Boolean);
    const client = hops[hops.length - trustedHops];
    if (client) return client;
  }
  return socketAddress ?? 'unknown';
}

export const requestClient = (ctx: Context, trustedHops: number) => clientAddress(getConnInfo(ctx).remote.address, ctx.req.header('x-forwarded-for'), trustedHops);
