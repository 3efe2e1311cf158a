import type { Context, Hono } from 'hono';
import type { Container } from '../container.ts';
import { describeIssues } from '../errors.ts';
import { normalizeChoice } from '../editions/reader-sections.ts';
import { readerCopy } from '../i18n/reader-copy.ts';
import type { TokenPurpose } from '../security/signed-token.ts';
import { keepWithSections, readerPreferences, unsubscribe, updatePreferences } from '../subscribers/consent.ts';
import { emailProblem } from '../subscribers/email-address.ts';
import { listSections } from '../subscribers/list-sections.ts';
import { keepReading } from '../subscribers/list-health.ts';
import { findList } from '../subscribers/lists.ts';
import { confirmSubscriptions, requestSubscription, SubscribeRequest } from '../subscribers/subscription-requests.ts';
import { requestClient } from './client-address.ts';
import { createRateLimit } from './rate-limit.ts';
import {
  checkInboxPage,
  confirmedPage,
  confirmPage,
  errorPage,
  fewerSectionsSavedPage,
  keepPage,
  keptPage,
  preferencesPage,
  subscribePage,
  unsubscribeConfirmPage,
  unsubscribedPage,
} from './reader-pages.ts';
import type { FormFields } from './desk/compose-form.ts';
import { readForm, readJson } from './request-body.ts';

/** Every value a form sent under `name`, as strings. */
const allOf = (form: FormFields, name: string): string[] => ([] as unknown[]).concat(form[name] ?? []).filter((v): v is string => typeof v === 'string');

/**
 * The pages readers reach from their emails and the sign-up page: unsubscribe
 * (fewer sections first), preferences, double opt-in. Each speaks its list's
 * language (a reader of several lists: the language of the one they joined first).
 */
export function mountReaderRoutes(app: Hono, c: Container): void {
  const { db, links } = c;

  const listOf = async (listId: number) => (await db.query<{ name: string; language: string }>(`select name, language from lists where id = $1`, [listId]))[0];
  const readerLanguage = async (subscriberId: number): Promise<string> =>
    (
      await db.query<{ language: string }>(
        `select l.language from subscriptions sub join lists l on l.id = sub.list_id where sub.subscriber_id = $1
          order by sub.status = 'active' desc, sub.created_at limit 1`,
        [subscriberId],
      )
    )[0]?.language ?? 'en';
  const readerEmail = async (subscriberId: number) => (await db.query<{ email: string }>(`select email from subscribers where id = $1`, [subscriberId]))[0]?.email;
  /** A token's claims if it is ours and signed for one of `purposes`: a preferences link cannot unsubscribe, and so on. */
  const claimsFor = (token: string, ...purposes: TokenPurpose[]) => {
    const claims = links.verify(token);
    return claims && purposes.includes(claims.purpose) ? claims : null;
  };
  // A forged, altered or truncated token changes nothing and gets a 400.
  const invalid = (ctx: Context) => ctx.html(errorPage(400, readerCopy('en').errors.invalidLink), 400);

  /** What the unsubscribe link is about: the list (null for all), its language and the reader's sections on it. */
  const unsubscribeView = async (subscriberId: number, listId: number) => {
    const list = listId ? await listOf(listId) : undefined;
    const lang = list?.language ?? (await readerLanguage(subscriberId));
    const sections = listId ? (await readerPreferences(db, subscriberId)).lists.find((l) => l.id === listId && l.subscribed)?.sections ?? [] : [];
    return { list: list?.name ?? null, lang, sections };
  };

  app.get('/u/:token', async (ctx) => {
    const token = ctx.req.param('token');
    const claims = claimsFor(token, 'unsubscribe', 'unsubscribe-all');
    if (!claims) return invalid(ctx);
    const email = await readerEmail(claims.subscriberId);
    if (!email) return ctx.html(errorPage(404, readerCopy('en').errors.goneReader), 404);
    const view = await unsubscribeView(claims.subscriberId, claims.listId);
    return ctx.html(unsubscribeConfirmPage({ action: `/u/${token}`, email, preferencesUrl: links.preferences(claims.subscriberId), ...view }));
  });

  // RFC 8058 one-click: a mail provider POSTs `List-Unsubscribe=One-Click` with no cookie or session.
  app.post('/u/:token', async (ctx) => {
    const claims = claimsFor(ctx.req.param('token'), 'unsubscribe', 'unsubscribe-all');
    if (!claims) return invalid(ctx);
    await unsubscribe(db, claims.subscriberId, claims.listId);
    c.logger.info('reader.unsubscribed', { subscriberId: claims.subscriberId, listId: claims.listId });
    const { list, lang } = await unsubscribeView(claims.subscriberId, claims.listId);
    return ctx.html(unsubscribedPage(list, links.preferences(claims.subscriberId), lang));
  });

  // Fewer sections instead of leaving: the same signed link, for its one list.
  app.post('/u/:token/sections', async (ctx) => {
    const claims = claimsFor(ctx.req.param('token'), 'unsubscribe');
    if (!claims) return invalid(ctx);
    const choice = normalizeChoice(allOf(await readForm(ctx), 'section'));
    await keepWithSections(db, claims.subscriberId, claims.listId, choice);
    const { lang, sections } = await unsubscribeView(claims.subscriberId, claims.listId);
    const chosen = sections.filter((s) => s.chosen).map((s) => s.name);
    c.logger.info('reader.sections_chosen', { subscriberId: claims.subscriberId, listId: claims.listId, sections: chosen.length });
    return ctx.html(fewerSectionsSavedPage(chosen.length ? chosen : sections.map((s) => s.name), links.preferences(claims.subscriberId), lang));
  });

  app.get('/preferences/:token', async (ctx) => {
    const token = ctx.req.param('token');
    const claims = claimsFor(token, 'preferences');
    if (!claims) return invalid(ctx);
    const prefs = await readerPreferences(db, claims.subscriberId);
    return ctx.html(preferencesPage(`/preferences/${token}`, prefs, ctx.req.query('saved') === '1', await readerLanguage(claims.subscriberId)));
  });

  app.post('/preferences/:token', async (ctx) => {
    const token = ctx.req.param('token');
    const claims = claimsFor(token, 'preferences');
    if (!claims) return invalid(ctx);
    const form = await readForm(ctx);
    // List ids are PostgreSQL integers: anything else is not one of ours and is ignored.
    const listIds = allOf(form, 'list').map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647);
    const sections = new Map(listIds.map((id) => [id, normalizeChoice(allOf(form, `sections-${id}`))]));
    await updatePreferences(db, claims.subscriberId, { name: typeof form.name === 'string' ? form.name : null, listIds, sections });
    return ctx.redirect(`/preferences/${token}?saved=1`, 303);
  });

  // Double opt-in. The answer is the same for a new, pending, active or suppressed address.
  const subscribeLimit = createRateLimit(c.redis, `${c.config.queuePrefix}:subscribe`, 5, 60_000);
  app.post('/api/subscribe', async (ctx) => {
    const client = requestClient(ctx, c.config.trustedProxyHops);
    const rate = await subscribeLimit(client);
    if (!rate.allowed) return ctx.json({ error: 'too many requests, try again later' }, 429, { 'retry-after': String(rate.retryAfterS) });
    const contentType = ctx.req.header('content-type') ?? '';
    const raw = contentType.includes('application/json')
      ? await readJson(ctx)
      : await readForm(ctx).then((f) => ({ ...f, lists: allOf(f, 'lists'), ...(f.sections === undefined ? {} : { sections: allOf(f, 'sections') }) }));
    const parsed = SubscribeRequest.safeParse(raw);
    if (!parsed.success) return ctx.json({ error: describeIssues(parsed.error.issues, 'body') }, 400);
    const subscriberId = await requestSubscription(db, parsed.data);
    if (subscriberId !== null) await (await c.queue()).enqueueConfirmation(subscriberId);
    return ctx.json({ status: 'ok', message: 'If this address can receive our newsletters, a confirmation email is on its way.' }, 202);
  });

  // A list's public sign-up page: the same double opt-in, as a form (the paywall's "Subscribe" links land here).
  const sectionChoices = async (listId: number, chosen: readonly string[] = []) => (await listSections(db, listId)).map((s) => ({ key: s.key, name: s.name, chosen: chosen.includes(s.key) }));
  app.get('/subscribe/:list', async (ctx) => {
    const list = await findList(db, ctx.req.param('list'));
    if (!list) return ctx.html(errorPage(404, readerCopy('en').subscribe.notFound), 404);
    return ctx.html(subscribePage(list, c.config.publisher, { sections: await sectionChoices(list.id) }));
  });
  app.post('/subscribe/:list', async (ctx) => {
    const list = await findList(db, ctx.req.param('list'));
    if (!list) return ctx.html(errorPage(404, readerCopy('en').subscribe.notFound), 404);
    const t = readerCopy(list.language).subscribe;
    const form = await readForm(ctx);
    const chosen = normalizeChoice(allOf(form, 'sections')) ?? [];
    const typed = {
      email: typeof form.email === 'string' ? form.email.trim().slice(0, 254) : '',
      name: typeof form.name === 'string' ? form.name.trim().slice(0, 200) : '',
      sections: await sectionChoices(list.id, chosen),
    };
    const rate = await subscribeLimit(requestClient(ctx, c.config.trustedProxyHops));
    if (!rate.allowed) return ctx.html(subscribePage(list, c.config.publisher, { ...typed, error: t.tooMany }), 429, { 'retry-after': String(rate.retryAfterS) });
    if (emailProblem(typed.email)) return ctx.html(subscribePage(list, c.config.publisher, { ...typed, error: t.emailInvalid }), 400);
    // Boxes are the list's own sections: a stale one is dropped rather than refused.
    const sections = typed.sections.filter((s) => s.chosen).map((s) => s.key);
    const subscriberId = await requestSubscription(db, { email: typed.email, name: typed.name || undefined, lists: [list.slug], sections });
    if (subscriberId !== null) await (await c.queue()).enqueueConfirmation(subscriberId);
    return ctx.html(checkInboxPage(list, typed.email));
  });

  // Sunset's "keep me": a page whose button POSTs, as unsubscribing is (a scanner following the link keeps no one).
  app.get('/keep/:token', async (ctx) => {
    const token = ctx.req.param('token');
    const claims = claimsFor(token, 'keep');
    if (!claims) return invalid(ctx);
    const list = await listOf(claims.listId);
    if (!list) return ctx.html(errorPage(404, readerCopy('en').errors.goneReader), 404);
    return ctx.html(keepPage(`/keep/${token}`, list.name, list.language));
  });
  app.post('/keep/:token', async (ctx) => {
    const claims = claimsFor(ctx.req.param('token'), 'keep');
    if (!claims) return invalid(ctx);
    const name = await keepReading(db, claims.subscriberId, claims.listId);
    const list = await listOf(claims.listId);
    if (!name || !list) return ctx.html(errorPage(404, readerCopy(list?.language ?? 'en').errors.goneReader, list?.language), 404);
    return ctx.html(keptPage(name, links.preferences(claims.subscriberId), list.language));
  });

  app.get('/confirm/:token', async (ctx) => {
    const token = ctx.req.param('token');
    const claims = claimsFor(token, 'confirm');
    if (!claims) return invalid(ctx);
    return ctx.html(confirmPage(`/confirm/${token}`, await readerLanguage(claims.subscriberId)));
  });
  app.post('/confirm/:token', async (ctx) => {
    const claims = claimsFor(ctx.req.param('token'), 'confirm');
    if (!claims) return invalid(ctx);
    const lists = await confirmSubscriptions(db, claims.subscriberId);
    return ctx.html(confirmedPage(lists, links.preferences(claims.subscriberId), await readerLanguage(claims.subscriberId)));
  });
}
