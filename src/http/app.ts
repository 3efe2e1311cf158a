import { Hono, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Container } from '../container.ts';
import { mountEditorApi } from './editor-api.ts';
import { createDesk } from './desk/desk-routes.ts';
import { openApiDocument } from './openapi.ts';
import { describeIssues } from '../errors.ts';
import { httpFailureOf } from './http-errors.ts';
import { limitBodies, readForm, readJson } from './request-body.ts';
import { authenticate, grants, type Scope } from '../security/api-tokens.ts';
import type { TokenPurpose } from '../security/signed-token.ts';
import { readerPreferences, unsubscribe, updatePreferences } from '../subscribers/consent.ts';
import { confirmSubscriptions, requestSubscription, SubscribeRequest } from '../subscribers/subscription-requests.ts';
import { mountArchive } from './archive.ts';
import { mountDemoMedia } from './demo-media.ts';
import { createRateLimit } from './rate-limit.ts';
import { requestClient } from './client-address.ts';
import { handleResendWebhook } from '../webhooks/resend-webhook.ts';
import { checkInboxPage, confirmedPage, confirmPage, errorPage, preferencesPage, subscribePage, unsubscribeConfirmPage, unsubscribedPage } from './reader-pages.ts';
import { readerCopy } from '../i18n/reader-copy.ts';
import { findList } from '../subscribers/lists.ts';
import { emailProblem } from '../subscribers/email-address.ts';

/** A path for the log: reader tokens are credentials and stay out of it. */
export const redactPath = (path: string) => path.replace(/\/(u|preferences|confirm)\/[^/]+/, '/$1/…');

/** HTTP routes over the container's services: reader pages and provider webhooks. */
export function createApp(c: Container): Hono {
  const app = new Hono();
  const { db, links } = c;

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

  const listName = async (listId: number) =>
    listId === 0 ? 'all our newsletters' : ((await db.query<{ name: string }>(`select name from lists where id = $1`, [listId]))[0]?.name ?? 'this newsletter');
  const readerEmail = async (subscriberId: number) =>
    (await db.query<{ email: string }>(`select email from subscribers where id = $1`, [subscriberId]))[0]?.email;
  /** A token's claims if it is ours and signed for one of `purposes`: a preferences link cannot unsubscribe, and so on. */
  const claimsFor = (token: string, ...purposes: TokenPurpose[]) => {
    const claims = links.verify(token);
    return claims && purposes.includes(claims.purpose) ? claims : null;
  };
  // A forged, altered or truncated token changes nothing and gets a 400.
  const invalid = () =>
    new Response(errorPage(400, 'It may have been altered or cut short. Use the link in your latest email.'), {
      status: 400,
      headers: { 'content-type': 'text/html; charset=UTF-8' },
    });

  app.get('/u/:token', async (ctx) => {
    const token = ctx.req.param('token');
    const claims = claimsFor(token, 'unsubscribe', 'unsubscribe-all');
    if (!claims) return invalid();
    const email = await readerEmail(claims.subscriberId);
    if (!email) return ctx.html(errorPage(404, 'We no longer have this address on any list.'), 404);
    return ctx.html(unsubscribeConfirmPage(`/u/${token}`, email, await listName(claims.listId), links.preferences(claims.subscriberId)));
  });

  // RFC 8058 one-click: a mail provider POSTs `List-Unsubscribe=One-Click` with no cookie or session.
  app.post('/u/:token', async (ctx) => {
    const claims = claimsFor(ctx.req.param('token'), 'unsubscribe', 'unsubscribe-all');
    if (!claims) return invalid();
    await unsubscribe(db, claims.subscriberId, claims.listId);
    c.logger.info('reader.unsubscribed', { subscriberId: claims.subscriberId, listId: claims.listId });
    return ctx.html(unsubscribedPage(await listName(claims.listId), links.preferences(claims.subscriberId)));
  });

  app.get('/preferences/:token', async (ctx) => {
    const token = ctx.req.param('token');
    const claims = claimsFor(token, 'preferences');
    if (!claims) return invalid();
    const prefs = await readerPreferences(db, claims.subscriberId);
    return ctx.html(preferencesPage(`/preferences/${token}`, prefs, ctx.req.query('saved') === '1'));
  });

  app.post('/preferences/:token', async (ctx) => {
    const token = ctx.req.param('token');
    const claims = claimsFor(token, 'preferences');
    if (!claims) return invalid();
    const form = await readForm(ctx);
    const picked = ([] as unknown[]).concat(form.list ?? []);
    // List ids are PostgreSQL integers: anything else is not one of ours and is ignored.
    const listIds = picked.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647);
    await updatePreferences(db, claims.subscriberId, { name: typeof form.name === 'string' ? form.name : null, listIds });
    return ctx.redirect(`/preferences/${token}?saved=1`, 303);
  });

  // Double opt-in. The answer is the same for a new, pending, active or suppressed address.
  const subscribeLimit = createRateLimit(c.redis, `${c.config.queuePrefix}:subscribe`, 5, 60_000);
  app.post('/api/subscribe', async (ctx) => {
    const client = requestClient(ctx, c.config.trustedProxyHops);
    const rate = await subscribeLimit(client);
    if (!rate.allowed) return ctx.json({ error: 'too many requests, try again later' }, 429, { 'retry-after': String(rate.retryAfterS) });
    const contentType = ctx.req.header('content-type') ?? '';
    const raw = contentType.includes('application/json') ? await readJson(ctx) : await readForm(ctx).then((f) => ({ ...f, lists: ([] as unknown[]).concat(f.lists ?? []) }));
    const parsed = SubscribeRequest.safeParse(raw);
    if (!parsed.success) return ctx.json({ error: describeIssues(parsed.error.issues, 'body') }, 400);
    const subscriberId = await requestSubscription(db, parsed.data);
    if (subscriberId !== null) await (await c.queue()).enqueueConfirmation(subscriberId);
    return ctx.json({ status: 'ok', message: 'If this address can receive our newsletters, a confirmation email is on its way.' }, 202);
  });

  // A list's public sign-up page: the same double opt-in, as a form (the paywall's "Subscribe" links land here).
  app.get('/subscribe/:list', async (ctx) => {
    const list = await findList(db, ctx.req.param('list'));
    if (!list) return ctx.html(errorPage(404, readerCopy('en').subscribe.notFound), 404);
    return ctx.html(subscribePage(list, c.config.publisher));
  });
  app.post('/subscribe/:list', async (ctx) => {
    const list = await findList(db, ctx.req.param('list'));
    if (!list) return ctx.html(errorPage(404, readerCopy('en').subscribe.notFound), 404);
    const t = readerCopy(list.language).subscribe;
    const form = await readForm(ctx);
    const typed = { email: typeof form.email === 'string' ? form.email.trim().slice(0, 254) : '', name: typeof form.name === 'string' ? form.name.trim().slice(0, 200) : '' };
    const rate = await subscribeLimit(requestClient(ctx, c.config.trustedProxyHops));
    if (!rate.allowed) return ctx.html(subscribePage(list, c.config.publisher, { ...typed, error: t.tooMany }), 429, { 'retry-after': String(rate.retryAfterS) });
    if (emailProblem(typed.email)) return ctx.html(subscribePage(list, c.config.publisher, { ...typed, error: t.emailInvalid }), 400);
    const subscriberId = await requestSubscription(db, { email: typed.email, name: typed.name || undefined, lists: [list.slug] });
    if (subscriberId !== null) await (await c.queue()).enqueueConfirmation(subscriberId);
    return ctx.html(checkInboxPage(list, typed.email));
  });

  app.get('/confirm/:token', (ctx) => {
    const token = ctx.req.param('token');
    if (!claimsFor(token, 'confirm')) return invalid();
    return ctx.html(confirmPage(`/confirm/${token}`));
  });
  app.post('/confirm/:token', async (ctx) => {
    const claims = claimsFor(ctx.req.param('token'), 'confirm');
    if (!claims) return invalid();
    const lists = await confirmSubscriptions(db, claims.subscriberId);
    return ctx.html(confirmedPage(lists, links.preferences(claims.subscriberId)));
  });

  // Everything under /api except subscribing needs a bearer token with the right scope.
  const requireScope =
    (needed: Scope): MiddlewareHandler =>
    async (ctx, next) => {
      const header = ctx.req.header('authorization') ?? '';
      const scope = await authenticate(db, /^Bearer (.+)$/.exec(header)?.[1]);
      if (!scope) return ctx.json({ error: 'a valid API token is needed (Authorization: Bearer bs_…)' }, 401, { 'WWW-Authenticate': 'Bearer' });
      if (!grants(scope, needed)) return ctx.json({ error: `this needs an ${needed} token` }, 403);
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
    });
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
