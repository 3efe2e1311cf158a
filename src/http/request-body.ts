import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { UserError } from '../errors.ts';
import type { FormFields } from './desk/compose-form.ts';

/** Bytes a request body may have, by who can send it: strangers get a little, signed-in editors more. */
export const BODY_LIMITS = {
  /** Reader pages, subscribing, the desk's sign-in: a form of a few fields. */
  public: 16 * 1024,
  /** Resend's signed events are a few KB; unverified until the body is read, so kept small. */
  webhook: 256 * 1024,
  /** The editors' API and desk, after a token: content of 31 stories with room to spare. */
  editor: 1024 * 1024,
  /** A bulk upsert of 1,000 readers with their attributes, after a subscribers:write token. */
  bulk: 4 * 1024 * 1024,
  /** A feed file uploaded in the desk: the 5 MB a feed may weigh, and the form around it. */
  upload: 5 * 1024 * 1024 + 64 * 1024,
} as const;

export function bodyLimitFor(path: string): number {
  if (path === '/webhooks/resend') return BODY_LIMITS.webhook;
  if (path === '/desk/login' || path === '/api/subscribe') return BODY_LIMITS.public;
  if (path === '/desk/editions' || /^\/desk\/editions\/[^/]+\/stories$/.test(path)) return BODY_LIMITS.upload;
  if (path === '/api/subscribers/bulk') return BODY_LIMITS.bulk;
  if (path.startsWith('/api/') || path.startsWith('/desk/')) return BODY_LIMITS.editor;
  return BODY_LIMITS.public;
}

/**
 * Refuses an oversized body with 413 before anything reads, parses or
 * authenticates it: a declared Content-Length is judged before a byte is read, a
 * chunked body is cut off as soon as it passes the limit. `Connection: close`
 * tells the client to stop sending the rest.
 */
export function limitBodies(): MiddlewareHandler {
  const limiters = new Map<number, MiddlewareHandler>();
  const limiterFor = (max: number) => {
    let limiter = limiters.get(max);
    if (!limiter) {
      limiter = bodyLimit({
        maxSize: max,
        onError: (ctx) => {
          const message = `the request body is larger than ${max / 1024} KB`;
          const headers = { connection: 'close' };
          return ctx.req.path.startsWith('/api/') || ctx.req.path.startsWith('/webhooks/') ? ctx.json({ error: message }, 413, headers) : ctx.text(message, 413, headers);
        },
      });
      limiters.set(max, limiter);
    }
    return limiter;
  };
  return (ctx, next) => limiterFor(bodyLimitFor(ctx.req.path))(ctx, next);
}

/** The path of the first string holding a NUL character (PostgreSQL cannot store one), or null. */
export function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulPath(v, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = nulPath(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return null;
}

const refuseNul = (value: unknown) => {
  const at = nulPath(value);
  if (at) throw new UserError('invalid_input', `${at}: must not contain a NUL character`);
};

/** A JSON body, or a UserError naming what is wrong with it. */
export async function readJson(ctx: Context): Promise<unknown> {
  const value = await ctx.req.json().catch(() => {
    throw new UserError('invalid_input', 'body: must be JSON (content-type: application/json)');
  });
  refuseNul(value);
  return value;
}

/** A form body (urlencoded or multipart), every field as sent; a UserError if it cannot be read. */
export async function readForm(ctx: Context): Promise<FormFields> {
  const form = (await ctx.req.parseBody({ all: true }).catch(() => {
    throw new UserError('invalid_input', 'the form could not be read');
  })) as FormFields;
  refuseNul(form);
  return form;
}
