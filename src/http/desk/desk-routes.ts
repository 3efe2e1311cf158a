import { runListHealth } from '../../subscribers/list-health.ts';
import { listTrends, MAX_TREND_DAYS } from '../../subscribers/list-trends.ts';
import { trendsPage } from './trends-page.ts';
import { auditTrail } from '../../security/audit-log.ts';
import { auditPage } from './audit-pages.ts';
import { listSections } from '../../subscribers/list-sections.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Container } from '../../container.ts';
import { describeIssues, UserError } from '../../errors.ts';
import { listSchedules, removeSchedule, setSchedule } from '../../scheduling/schedules.ts';
import { describeWeekDays } from '../../scheduling/week-days.ts';
import { activeToken, authenticateToken, DESK_SCOPES } from '../../security/api-tokens.ts';
import { SESSION_HOURS } from '../../security/desk-session.ts';
import { addSponsor, listSponsorsOf, removeSponsor } from '../../sponsors/sponsor-store.ts';
import { getList, listLists, updateList } from '../../subscribers/lists.ts';
import { listOutbox, readOutboxMessage } from '../../transports/outbox-reader.ts';
import { requestClient } from '../client-address.ts';
import { previewResponse } from '../editor-api.ts';
import { httpFailureOf } from '../http-errors.ts';
import { createFailureLimit } from '../rate-limit.ts';
import { readForm } from '../request-body.ts';
import { originAllowed } from '../same-origin.ts';
import { formValue } from './compose-form.ts';
import { change, field, takeFlash, type DeskEnv, type Page, type View } from './desk-kit.ts';
import { deskErrorPage, loginPage } from './desk-layout.ts';
import { deskStash } from './desk-stash.ts';
import { mountEditionRoutes } from './edition-routes.ts';
import { OUTBOX_PAGE_SIZE, outboxListPage, outboxMessagePage } from './outbox-pages.ts';
import { listsPage, schedulesPage, sponsorsPage } from './settings-pages.ts';
import { webhookAttemptsPage, webhooksPage } from './webhook-pages.ts';
import { addEndpoint, EndpointInput, endpointAttempts, getEndpoint, listEndpoints, removeEndpoint, updateEndpoint } from '../../webhooks/webhook-endpoints.ts';
import { audit } from '../../security/audit-log.ts';


const SESSION_COOKIE = 'bs_desk';
const CSRF_HEADER = 'x-csrf-token';
const LOGIN_COOKIE = 'bs_login';
const ASSET_TYPES: Record<string, string> = {
  'desk.js': 'text/javascript; charset=UTF-8',
  'desk.css': 'text/css; charset=UTF-8',
  'board-csrf.js': 'text/javascript; charset=UTF-8',
};
// Pictures come from the newsroom's image servers (story thumbnails); nothing else leaves the desk's own origin.
const DESK_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
// Bull Board's UI: its own scripts and inline styles, nothing from elsewhere.
const BOARD_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'self'";

/**
 * Bull Board's page, with the desk's CSRF value in a meta tag and the small script
 * that adds it to the board's own requests; its other responses pass through.
 */
async function withBoardCsrf(res: Response, csrf: string): Promise<Response> {
  if (!res.headers.get('content-type')?.startsWith('text/html')) return res;
  const page = (await res.text()).replace(
    '<head>',
    `<head><meta name="bs-csrf" content="${csrf}"><script src="/desk/assets/board-csrf.js"></script>`,
  );
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(page, { status: res.status, headers });
}

/** A `next` that stays on the desk: never an open redirect. */
const safeNext = (next: string) => (/^\/desk(\/[\w\-./?=&%#]*)?$/.test(next) && !next.startsWith('//') ? next : '/desk');

/**
 * The editors' web desk, server-rendered: sign in with an API token, then compose
 * from the feed, preview, test-send, schedule and follow editions, and set
 * recurring digests. Admins also get Bull Board. Every change is a POST carrying
 * the session's CSRF value.
 */
export function createDesk(c: Container): Hono<DeskEnv> {
  const { db } = c;
  const desk = new Hono<DeskEnv>();
  // Read when the server is built, not when the module is imported (every CLI command imports it).
  const assets = Object.fromEntries(
    Object.entries(ASSET_TYPES).map(([file, type]) => [file, { body: readFileSync(new URL(`./assets/${file}`, import.meta.url), 'utf8'), type }]),
  ) as Record<string, { body: string; type: string }>;
  // Secure cookies when the browser reached us over TLS, directly or through a proxy that says so.
  const secure = (ctx: Context) => new URL(ctx.req.url).protocol === 'https:' || ctx.req.header('x-forwarded-proto') === 'https';
  const loginFailures = createFailureLimit(c.redis, `${c.config.queuePrefix}:desk-login`, 10, 60_000);
  // Behind our own proxies the browser's scheme is what they say; otherwise the one we were reached by.
  const schemeOf = (ctx: Context) =>
    (c.config.trustedProxyHops > 0 ? ctx.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined) || new URL(ctx.req.url).protocol.replace(':', '');
  const sameOrigin = (ctx: Context) => originAllowed(ctx.req.header('origin'), { host: ctx.req.header('host'), scheme: schemeOf(ctx), publicUrl: c.config.publicUrl });

  desk.use('*', async (ctx, next) => {
    await next();
    if (!ctx.res.headers.has('Content-Security-Policy')) ctx.header('Content-Security-Policy', ctx.req.path.startsWith('/desk/queues') ? BOARD_CSP : DESK_CSP);
    // No reader tokens in desk URLs; same-origin lets the browser send a real Origin with each form.
    ctx.header('Referrer-Policy', 'same-origin');
    ctx.header('Cache-Control', 'no-store');
  });

  desk.get('/assets/:file', (ctx) => {
    const asset = assets[ctx.req.param('file')];
    if (!asset) return ctx.notFound();
    return ctx.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
  });

  /**
   * Sign-in has its own CSRF pair: a random value in a SameSite=Strict cookie and
   * its MAC in the form, so another site cannot sign a browser into its own session.
   */
  const loginForm = (ctx: Context, next: string, error?: string) => {
    const nonce = getCookie(ctx, LOGIN_COOKIE) ?? randomBytes(18).toString('base64url');
    setCookie(ctx, LOGIN_COOKIE, nonce, { path: '/desk/login', httpOnly: true, secure: secure(ctx), sameSite: 'Strict', maxAge: 3600 });
    return loginPage(next, c.sessions.csrf(`login:${nonce}`), error);
  };
  desk.get('/login', (ctx) => ctx.html(loginForm(ctx, safeNext(ctx.req.query('next') ?? '/desk'))));
  desk.post('/login', async (ctx) => {
    const form = await readForm(ctx);
    const next = safeNext(field(form, 'next') || '/desk');
    const nonce = getCookie(ctx, LOGIN_COOKIE);
    if (!sameOrigin(ctx) || !nonce || !c.sessions.csrfMatches(`login:${nonce}`, formValue(form, '_csrf'))) {
      return ctx.html(loginForm(ctx, next, 'This sign-in form has expired. Try again.'), 403);
    }
    // Only failures count: someone mistyping on the newsroom's shared address does not lock their colleagues out.
    const client = requestClient(ctx, c.config.trustedProxyHops);
    const token = await authenticateToken(db, field(form, 'token'));
    if (token && !DESK_SCOPES.includes(token.scope)) return ctx.html(loginForm(ctx, next, `That is a ${token.scope} token, for the subscriber API: the desk needs an editor or admin token.`), 403);
    if (!token) {
      const limit = await loginFailures.blocked(client);
      if (limit.blocked) return ctx.html(loginForm(ctx, next, `Too many failed attempts. Try again in ${limit.retryAfterS} s.`), 429, { 'retry-after': String(limit.retryAfterS) });
      await loginFailures.failed(client);
      return ctx.html(loginForm(ctx, next, 'That token is not valid, or it was revoked.'), 401);
    }
    setCookie(ctx, SESSION_COOKIE, c.sessions.issue(token.id, token.scope), { path: '/desk', httpOnly: true, secure: secure(ctx), sameSite: 'Strict', maxAge: SESSION_HOURS * 3600 });
    c.logger.info('desk.signed_in', { tokenId: token.id, scope: token.scope });
    return ctx.redirect(next, 303);
  });

  // Everything else needs a live session; POSTs also a matching CSRF value and, when the browser says, our own origin.
  const requireSession: MiddlewareHandler<DeskEnv> = async (ctx, next) => {
    const cookie = getCookie(ctx, SESSION_COOKIE);
    const session = c.sessions.read(cookie);
    const token = session ? await activeToken(db, session.tokenId) : null;
    if (!cookie || !session || !token) {
      if (ctx.req.method === 'GET') return ctx.redirect(`/desk/login?next=${encodeURIComponent(ctx.req.path)}`, 303);
      return ctx.html(deskErrorPage(null, 401, 'Your session has ended. Sign in again.'), 401);
    }
    if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') {
      if (!sameOrigin(ctx)) return ctx.text('cross-site request refused', 403);
      if (ctx.req.path.startsWith('/desk/queues')) {
        // Bull Board's own requests carry the value in a header (see assets/board-csrf.js).
        if (!c.sessions.csrfMatches(cookie, ctx.req.header(CSRF_HEADER))) return ctx.json({ error: 'missing or expired CSRF value: reload the page' }, 403);
      } else {
        const form = await readForm(ctx);
        if (!c.sessions.csrfMatches(cookie, formValue(form, '_csrf'))) {
          return ctx.html(deskErrorPage(null, 403, 'This form has expired. Go back, reload the page and try again.'), 403);
        }
        ctx.set('form', form);
      }
    }
    ctx.set('desk', { csrf: c.sessions.csrf(cookie), scope: token.scope, who: token.name, tokenId: session.tokenId, flash: takeFlash(ctx), outbox: c.config.transport.kind === 'outbox' });
    await next();
  };
  desk.use('*', async (ctx, next) => (ctx.req.path.startsWith('/desk/assets/') || ctx.req.path === '/desk/login' ? next() : requireSession(ctx, next)));

  const requireAdmin: MiddlewareHandler<DeskEnv> = async (ctx, next) => {
    if (ctx.get('desk').scope !== 'admin') return ctx.html(deskErrorPage(ctx.get('desk'), 403, 'This needs an admin token.'), 403);
    await next();
  };

  desk.post('/logout', (ctx) => {
    deleteCookie(ctx, SESSION_COOKIE, { path: '/desk', secure: secure(ctx) });
    return ctx.redirect('/desk/login', 303);
  });

  mountEditionRoutes(desk, c, deskStash(c.redis, c.config.queuePrefix));

  const listsView: View = {
    url: () => '/desk/lists',
    render: async (ctx) => {
      const lists = await listLists(db);
      const sections = new Map(await Promise.all(lists.map(async (l) => [l.id, await listSections(db, l.id)] as const)));
      // What list health would do today (a dry run: nothing changes).
      const health = await runListHealth({ db, transport: c.transport, links: c.links, from: c.config.emailFrom, publisher: c.config.publisher }, c.config.health, { dryRun: true });
      return ctx.html(listsPage(ctx.get('desk'), { lists, sections, health, publicUrl: c.config.publicUrl, defaults: { from: c.config.emailFrom, ...c.config.publisher } }));
    },
  };
  desk.get('/lists', listsView.render);
  desk.get('/lists/:list/trends', async (ctx) => {
    const asked = Number(ctx.req.query('days') ?? 30);
    const days = Number.isInteger(asked) && asked >= 1 && asked <= MAX_TREND_DAYS ? asked : 30;
    const list = await getList(db, ctx.req.param('list'));
    return ctx.html(trendsPage(ctx.get('desk'), list.name, await listTrends(db, list.slug, days), days));
  });
  desk.post(
    '/lists/:list',
    change(listsView, async (ctx, form) => {
      if (ctx.get('desk').scope !== 'admin') throw new UserError('invalid_input', 'form: changing a list needs an admin token');
      const list = await updateList(db, ctx.req.param('list')!, {
        name: field(form, 'name'),
        description: field(form, 'description'),
        paidUrl: field(form, 'paidUrl'),
        timezone: field(form, 'timezone'),
        language: field(form, 'language'),
        emailFrom: field(form, 'emailFrom'),
        replyTo: field(form, 'replyTo'),
        publisherName: field(form, 'publisherName'),
        postalAddress: field(form, 'postalAddress'),
      });
      return `${list.name} saved.`;
    }),
  );

  const schedulesView = { url: () => '/desk/schedules', render: (async (ctx) => ctx.html(schedulesPage(ctx.get('desk'), { schedules: await listSchedules(db), lists: await listLists(db) }))) as Page };
  desk.get('/schedules', schedulesView.render);
  desk.post(
    '/schedules/:list',
    change(
      schedulesView,
      async (ctx, form) => {
        const days = ([] as unknown[]).concat(form.days ?? []).filter((v): v is string => typeof v === 'string');
        if (!days.length) throw new UserError('invalid_input', 'days: tick at least one day');
        const input = {
          at: field(form, 'at'),
          timezone: field(form, 'timezone'),
          days: days.join(','),
          sinceHours: Number(field(form, 'sinceHours') || 24),
          feed: field(form, 'feed'),
          teasers: Number(field(form, 'teasers') || 8),
          approve: field(form, 'approve') === '1',
          readerTimezone: field(form, 'readerTimezone') === '1',
        };
        const s = await setSchedule(db, await c.queue(), ctx.req.param('list')!, input, { allowedHosts: c.config.feedHosts });
        return `${s.listSlug}: ${describeWeekDays(s.days)} at ${s.at} ${s.timezone}${s.readerTimezone ? ", delivered at that hour in each reader's time zone" : ''}${s.approve ? ', left as a draft for approval' : ', sent automatically'}.`;
      },
    ),
  );
  desk.post('/schedules/:list/remove', change(schedulesView, async (ctx) => (await removeSchedule(db, await c.queue(), ctx.req.param('list')!), 'Schedule stopped.')));

  let board: Promise<Hono> | undefined;
  const sponsorsView = {
    url: () => '/desk/sponsors',
    render: (async (ctx) => {
      const lists = await Promise.all((await listLists(db)).map(async (l) => ({ ...l, sponsors: await listSponsorsOf(db, l.id) })));
      return ctx.html(sponsorsPage(ctx.get('desk'), { lists, today: new Date().toISOString().slice(0, 10) }));
    }) as Page,
  };
  desk.get('/sponsors', sponsorsView.render);

  const deskActor = (ctx: Context<DeskEnv>) => ({ tokenId: ctx.get('desk').tokenId, name: ctx.get('desk').who });
  // Webhook endpoints: admins only (each holds a signing secret and receives readers' addresses).
  const webhooksView = { url: () => '/desk/webhooks', render: (async (ctx) => ctx.html(webhooksPage(ctx.get('desk'), await listEndpoints(db), c.config.webhooks.disableAfter))) as Page };
  desk.use('/webhooks', requireAdmin);
  desk.use('/webhooks/*', requireAdmin);
  desk.get('/webhooks', webhooksView.render);
  desk.get('/webhooks/:id', async (ctx) => {
    const id = Number(ctx.req.param('id'));
    return ctx.html(webhookAttemptsPage(ctx.get('desk'), await getEndpoint(db, id), await endpointAttempts(db, id, 200)));
  });
  desk.post(
    '/webhooks',
    change(webhooksView, async (ctx, form) => {
      const events = ([] as unknown[]).concat(form.events ?? []).filter((v): v is string => typeof v === 'string');
      if (!events.length) throw new UserError('invalid_input', 'events: tick at least one event');
      const parsed = EndpointInput.safeParse({ url: field(form, 'url'), events, ...(field(form, 'description') ? { description: field(form, 'description') } : {}) });
      if (!parsed.success) throw new UserError('invalid_input', describeIssues(parsed.error.issues, 'endpoint'));
      const e = await addEndpoint(db, parsed.data);
      await audit(db, deskActor(ctx), 'webhook.add', { detail: { endpoint: e.id } });
      return `Endpoint #${e.id} added. Its signing secret, shown this once: ${e.secret}`;
    }),
  );
  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    desk.post(
      `/webhooks/:id/${action}`,
      change(webhooksView, async (ctx) => {
        const e = await updateEndpoint(db, Number(ctx.req.param('id')), { enabled });
        await audit(db, deskActor(ctx), 'webhook.change', { detail: { endpoint: e.id } });
        return `Endpoint #${e.id} ${enabled ? 'enabled' : 'disabled'}.`;
      }),
    );
  }
  desk.post(
    '/webhooks/:id/remove',
    change(webhooksView, async (ctx) => {
      const id = Number(ctx.req.param('id'));
      await removeEndpoint(db, id);
      await audit(db, deskActor(ctx), 'webhook.remove', { detail: { endpoint: id } });
      return `Endpoint #${id} removed.`;
    }),
  );
  desk.get('/audit', async (ctx) => {
    if (ctx.get('desk').scope !== 'admin') return ctx.html(auditPage(ctx.get('desk'), []), 403);
    return ctx.html(auditPage(ctx.get('desk'), await auditTrail(db, { limit: 200 })));
  });
  desk.post(
    '/lists/:list/sponsors',
    change(
      sponsorsView,
      async (ctx, form) => {
        const optional = (name: string) => field(form, name) || undefined;
        const image = optional('imageSrc') || optional('imageAlt') ? { image: { src: field(form, 'imageSrc'), alt: field(form, 'imageAlt') } } : {};
        const s = await addSponsor(db, ctx.req.param('list')!, {
          name: field(form, 'name'), headline: field(form, 'headline'), url: field(form, 'url'), cta: optional('cta'), body: optional('body'),
          startsOn: field(form, 'startsOn'), endsOn: field(form, 'endsOn'), placement: field(form, 'placement'), tag: field(form, 'tag'), ...image,
        });
        return `${s.name} booked ${s.placement} from ${s.startsOn} to ${s.endsOn}.`;
      },
    ),
  );
  desk.post('/sponsors/:id/remove', change(sponsorsView, async (ctx) => (await removeSponsor(db, Number(ctx.req.param('id'))), 'Booking cancelled.')));

  // The local outbox, read back as readers would see it (only when mail goes there).
  const outboxDir = c.config.transport.kind === 'outbox' ? resolve(c.config.transport.dir) : null;
  desk.get('/outbox', async (ctx) => {
    const page = Math.min(Math.max(Number.parseInt(ctx.req.query('page') ?? '1', 10) || 1, 1), 100_000);
    const listed = outboxDir ? await listOutbox(outboxDir, { skip: (page - 1) * OUTBOX_PAGE_SIZE, limit: OUTBOX_PAGE_SIZE }) : { entries: [], more: false };
    return ctx.html(outboxListPage(ctx.get('desk'), { dir: outboxDir, page, ...listed }));
  });
  const outboxMessage = async (ctx: Context<DeskEnv>) => {
    const message = outboxDir ? await readOutboxMessage(outboxDir, ctx.req.param('file') ?? '') : null;
    if (!message) throw new UserError('not_found', 'There is no such message in the outbox.');
    return message;
  };
  desk.get('/outbox/:file', async (ctx) =>
    ctx.html(outboxMessagePage(ctx.get('desk'), { file: ctx.req.param('file'), message: await outboxMessage(ctx), width: ctx.req.query('w') === '375' ? '375' : '600' })),
  );
  desk.get('/outbox/:file/html', async (ctx) => previewResponse((await outboxMessage(ctx)).html ?? '', 'html'));

  // The board's entry page is /desk/queues (its <base> adds the slash for its own links).
  desk.get('/queues/', (ctx) => ctx.redirect('/desk/queues', 301));
  // Built, and Bull Board loaded, on an admin's first visit: no other process pays for it.
  const queueBoard = () => (board ??= import('./queue-board.ts').then(({ buildQueueBoard }) => buildQueueBoard(c, '/desk/queues')));
  const boardPage = async (ctx: Context<DeskEnv>) => withBoardCsrf(await (await queueBoard()).fetch(ctx.req.raw), ctx.get('desk').csrf);
  desk.all('/queues', requireAdmin, boardPage);
  desk.all('/queues/*', requireAdmin, boardPage);

  desk.onError((err, ctx) => {
    const d = ctx.get('desk') ?? null;
    const failure = httpFailureOf(err);
    if (failure.ours) c.logger.error('desk.error', { path: ctx.req.path, status: failure.status, error: err.message });
    const message = failure.status === 500 ? 'Something went wrong on our side; the log has the details.' : failure.message;
    return ctx.html(deskErrorPage(d, failure.status, message), failure.status as ContentfulStatusCode, failure.headers);
  });
  return desk;
}
