import { Hono, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Container } from '../container.ts';
import { mountEditorApi } from './editor-api.ts';
import { createDesk } from './desk/desk-routes.ts';
import { openApiDocument } from './openapi.ts';
import { httpFailureOf } from './http-errors.ts';
import { limitBodies } from './request-body.ts';
import { authenticateToken, grants, type Scope } from '../security/api-tokens.ts';
import type { Actor } from '../security/audit-log.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** Who is acting on an authenticated API request. */
    actor: Actor;
  }
}
import { mountArchive } from './archive.ts';
import { mountDemoMedia } from './demo-media.ts';
import { handleResendWebhook } from '../webhooks/resend-webhook.ts';
import { errorPage } from './reader-pages.ts';
import { mountReaderRoutes } from './reader-routes.ts';

/** A path for the log: reader tokens are credentials and stay out of it. */
export const redactPath = (path: string) => path.replace(/\/(u|preferences|confirm|keep)\/[^/]+/, '/$1/…');

/** HTTP routes over the container's services: reader pages and provider webhooks. */
export function createApp(c: Container): Hono {
  const app = new Hono();
  const { db } = c;

  app.use('*', async (ctx, next) => {
    await next();
    // Reader links carry tokens: never leak them in a Referer, never be framed.
    if (!ctx.res.headers.has('Referrer-Policy')) ctx.header('Referrer-Policy', 'no-referrer');
    // Only email previews (SAMEORIGIN, for the desk's own frame) may be framed.
    if (!ctx.res.headers.has('X-Frame-Options')) ctx.header('X-Frame-Options', 'DENY');
    ctx.header('X-Content-Type-Options', 'nosniff');
    if (!ctx.res.headers.has('Content-Security-Policy')) {
      ctx.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    }
  });

  app.use('*', limitBodies());
  app.get('/healthz', (ctx) => ctx.json({ ok: true }));
  mountArchive(app, c);
  mountDemoMedia(app);

  mountReaderRoutes(app, c);

  // Everything under /api except subscribing needs a bearer token with the right scope.
  const requireScope =
    (needed: Scope): MiddlewareHandler =>
    async (ctx, next) => {
      const header = ctx.req.header('authorization') ?? '';
      const token = await authenticateToken(db, /^Bearer (.+)$/.exec(header)?.[1]);
      if (!token) return ctx.json({ error: 'a valid API token is needed (Authorization: Bearer bs_…)' }, 401, { 'WWW-Authenticate': 'Bearer' });
      if (!grants(token.scope, needed)) return ctx.json({ error: `this needs a token with the ${needed} scope (this one has ${token.scope})` }, 403);
      // The audit log names the token that acted.
      ctx.set('actor', { tokenId: token.id, name: token.name });
      await next();
    };
  mountEditorApi(app, c, requireScope);
  app.route('/desk', createDesk(c));
  app.get('/', (ctx) => ctx.redirect('/desk', 302));
  app.get('/api/openapi.json', (ctx) => ctx.json(openApiDocument(c.config.publicUrl)));

  app.post('/webhooks/resend', async (ctx) => {
    const result = await handleResendWebhook(db, c.config.webhookSecret, await ctx.req.text(), {
      id: ctx.req.header('svix-id'),
      timestamp: ctx.req.header('svix-timestamp'),
      signature: ctx.req.header('svix-signature'),
    }, { publicUrl: c.config.publicUrl });
    if (result.status === 'rejected') {
      c.logger.warn('webhook.rejected', { reason: result.reason });
      return ctx.json({ error: 'invalid webhook' }, 401);
    }
    return ctx.json(result);
  });

  app.notFound((ctx) =>
    ctx.req.path.startsWith('/api/') ? ctx.json({ error: `no such route: ${ctx.req.method} ${ctx.req.path}` }, 404) : ctx.html(errorPage(404, 'There is nothing at this address.'), 404),
  );
  app.onError((err, ctx) => {
    const failure = httpFailureOf(err);
    if (failure.ours) c.logger.error('http.error', { path: redactPath(ctx.req.path), status: failure.status, error: err.message });
    const status = failure.status as ContentfulStatusCode;
    if (ctx.req.path.startsWith('/api/') || ctx.req.path.startsWith('/webhooks/')) return ctx.json({ error: failure.message }, status, failure.headers);
    return ctx.html(errorPage(failure.status, failure.message), status, failure.headers);
  });
  return app;
}
