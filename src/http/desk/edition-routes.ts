import { DEFAULT_TEST_SHARE, testDuration } from '../../editions/subject-test.ts';
import { audit, auditTrail, type AuditAction } from '../../security/audit-log.ts';
import { normalizeChoice } from '../../editions/reader-sections.ts';
import { sectionAudience } from '../../editions/edition-variants.ts';
import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Container } from '../../container.ts';
import { articleFromPage } from '../../content/article-page.ts';
import { TIERS, type Article, type Tier } from '../../content/article.ts';
import { MAX_TEASERS } from '../../content/digest-content.ts';
import { NoStoriesError, type SelectionRule } from '../../content/digest-selection.ts';
import { parseFeed } from '../../content/feed.ts';
import type { FetchedFeed } from '../../content/read-feed.ts';
import { LOCAL_DELIVERY_GRACE_MS } from '../../delivery/prepare-edition.ts';
import { retryFailed } from '../../delivery/retry-failed.ts';
import { listParked, settleParked } from '../../delivery/settle-parked.ts';
import { audienceOf } from '../../editions/audience.ts';
import { applyDraftChanges, followNotes, storyPool, type DraftState } from '../../editions/draft-changes.ts';
import {
  cancelEdition,
  editionProgress,
  editionStats,
  getEdition,
  listEditions,
  pauseEdition,
  previewOf,
  resumeEdition,
  scheduleEdition,
  unscheduleEdition,
  updateDraft,
} from '../../editions/edition-service.ts';
import type { Edition } from '../../editions/edition.ts';
import { draftFromFeed } from '../../editions/feed-draft.ts';
import { addStories, MAX_CANDIDATES, storyFromFields } from '../../editions/story-pool.ts';
import { testSend } from '../../editions/test-send.ts';
import { UserError } from '../../errors.ts';
import { CALENDAR_DATE, isTimeZone, nextLocalOccurrence, parseLocalTime, zonedInstant } from '../../scheduling/local-time.ts';
import { listSchedules } from '../../scheduling/schedules.ts';
import { listLists } from '../../subscribers/lists.ts';
import { previewResponse } from '../editor-api.ts';
import { draftChangesFromForm, fieldOf, type FormFields } from './compose-form.ts';
import { change, field, isRefusal, refusalStatus, wantsJson, type DeskEnv, type Page, type View } from './desk-kit.ts';
import type { DeskStash } from './desk-stash.ts';
import { storyCard } from './composer-page.ts';
import { FormValues } from './desk-layout.ts';
import { deskHome, editionPage, reviewPage, type NoStories, type PreviewChoice, type SendPlan } from './edition-pages.ts';

/** An unsaved draft previewed for half an hour at most; a feed file waits a quarter of an hour for the editor's choice. */
const DRAFT_TTL_S = 1800;
const UPLOAD_TTL_S = 900;

/** A feed with nothing fresh: carried past `change` (which shows refusals as errors) to the page that offers the choice. */
class ChoiceNeeded extends Error {
  constructor(readonly why: NoStoriesError) {
    super(why.message);
  }
}

const isFile = (v: unknown): v is File => typeof File !== 'undefined' && v instanceof File;

/** The editions: building one from a feed, composing it, reviewing and sending it, following it. */
const EDITION_PATH = /\/desk\/editions\/([0-9a-f-]{36})/;

/** The desk's edition changes the audit log records, by the path that makes them. */
const AUDITED: [RegExp, AuditAction][] = [
  [/^\/desk\/editions$/, 'edition.create'],
  [/\/(save|stories)$/, 'edition.edit'],
  [/\/test-send$/, 'edition.test-send'],
  [/\/schedule$/, 'edition.schedule'],
  [/\/unschedule$/, 'edition.unschedule'],
  [/\/pause$/, 'edition.pause'],
  [/\/resume$/, 'edition.resume'],
  [/\/cancel$/, 'edition.cancel'],
  [/\/retry-failed$/, 'edition.retry-failed'],
  [/\/settle$/, 'edition.settle'],
];

export function mountEditionRoutes(desk: Hono<DeskEnv>, c: Container, stash: DeskStash): void {
  const { db } = c;

  // Every edition change that succeeded goes in the audit log under the signed-in token (a refusal changed nothing).
  desk.use('/editions*', async (ctx, next) => {
    await next();
    if (ctx.req.method !== 'POST' || ctx.res.status >= 400) return;
    const action = AUDITED.find(([path]) => path.test(ctx.req.path))?.[1];
    if (!action) return;
    // The edition is in the path, or (a new one) where the answer sends the editor: the redirect, or the script's JSON.
    const sentTo = ctx.res.headers.get('location') ?? (ctx.res.headers.get('content-type')?.includes('json') ? ((await ctx.res.clone().json()) as { redirect?: string }).redirect : undefined);
    const editionId = EDITION_PATH.exec(ctx.req.path)?.[1] ?? EDITION_PATH.exec(sentTo ?? '')?.[1] ?? null;
    const { tokenId, who } = ctx.get('desk');
    await audit(db, { tokenId, name: who }, action, { editionId });
  });

  /** A feed named by URL, uploaded as a file, or stashed from an earlier upload; `resend` names it again for a second post. */
  const feedFrom = async (form: FormFields): Promise<{ feed: FetchedFeed; resend: () => Promise<Record<string, string>> }> => {
    const file = form.feedFile;
    if (isFile(file) && file.size > 0) {
      const body = new Uint8Array(await file.arrayBuffer());
      const name = file.name || 'the uploaded file';
      // Kept aside only when a second post will need it (the editor's choice on a feed with nothing new).
      const resend = async () => ({ feedUpload: await stash.put('upload', { name, body: Buffer.from(body).toString('base64') }, UPLOAD_TTL_S) });
      return { feed: { body, charset: null, url: null, source: name }, resend };
    }
    const upload = field(form, 'feedUpload');
    if (upload) {
      const kept = await stash.get<{ name: string; body: string }>('upload', upload);
      if (!kept) throw new UserError('invalid_input', 'feed: the uploaded file is no longer kept (after 15 minutes); upload it again');
      return { feed: { body: Buffer.from(kept.body, 'base64'), charset: null, url: null, source: kept.name }, resend: async () => ({ feedUpload: upload }) };
    }
    const url = field(form, 'feed');
    if (!url) throw new UserError('invalid_input', 'feed: give the feed’s URL or upload a feed file');
    return { feed: await c.readFeed(url), resend: async () => ({ feed: url }) };
  };

  const home = (noStories?: NoStories): Page => async (ctx) => {
    const lists = await listLists(db);
    const feeds: Record<string, string> = {};
    for (const s of await listSchedules(db)) feeds[s.listSlug] = s.feed;
    return ctx.html(deskHome(ctx.get('desk'), { editions: await listEditions(db, { limit: 100 }), lists, feeds, noStories }));
  };
  desk.get('/', home());

  desk.post('/editions', async (ctx) => {
    const form = ctx.get('form') ?? {};
    const hours = Number(field(form, 'since'));
    const lead = field(form, 'lead');
    const rule: SelectionRule = {
      lead: lead === 'most-commented' || lead === 'first' ? lead : 'newest',
      teasers: Math.min(Math.max(Number(field(form, 'teasers')) || 0, 0), MAX_TEASERS),
      includeSent: field(form, 'includeSent') === '1',
      ...(hours > 0 ? { since: new Date(Date.now() - hours * 3600_000) } : {}),
    };
    const base = { list: field(form, 'list'), lead: rule.lead, teasers: String(rule.teasers), layout: field(form, 'layout'), since: field(form, 'since'), includeSent: field(form, 'includeSent') };
    let resend = async (): Promise<Record<string, string>> => ({});
    const build = change({ url: () => '/desk', render: home() }, async () => {
      const from = await feedFrom(form);
      resend = from.resend;
      try {
        const { edition, report } = await draftFromFeed(db, { listSlug: base.list, feed: from.feed, rule, layout: base.layout || undefined });
        const skipped = report.skipped.length ? ` ${report.skipped.length} feed item(s) skipped: ${report.skipped.map((s) => `${s.item}: ${s.reason}`).join('; ')}.` : '';
        const notes = report.notes.length ? ` Note: ${report.notes.slice(0, 3).join('; ')}${report.notes.length > 3 ? '; …' : ''}.` : '';
        return { redirect: `/desk/editions/${edition.id}`, message: `Draft built: a lead and ${edition.content.teasers.length} teasers, ${(edition.candidates?.length ?? 0) - 1 - edition.content.teasers.length} more to choose from.${skipped}${notes}` };
      } catch (err) {
        // Not a refusal to show as an error: the editor gets the counts and a choice.
        if (err instanceof NoStoriesError) throw new ChoiceNeeded(err);
        throw err;
      }
    });
    try {
      return await build(ctx);
    } catch (err) {
      if (!(err instanceof ChoiceNeeded)) throw err;
      const e = err.why;
      const shown = await home({ inFeed: e.inFeed, alreadySent: e.alreadySent, tooOld: e.tooOld, stories: e.stories, resend: { ...base, ...(await resend()) } })(ctx);
      return new Response(shown.body, { status: 409, headers: shown.headers });
    }
  });

  const editionPageHandler: Page = async (ctx) => {
    const edition = await getEdition(db, ctx.req.param('id')!);
    const w = ctx.req.query('w');
    const tier = ctx.req.query('tier');
    const preview: PreviewChoice = {
      width: w === '375' || w === 'text' ? w : '600',
      tier: tier === 'paid' ? 'paid' : 'free',
      sections: [...(normalizeChoice(ctx.req.queries('sections')?.flatMap((s) => s.split(','))) ?? [])],
    };
    const pool = storyPool(edition);
    return ctx.html(
      editionPage(ctx.get('desk'), {
        edition,
        progress: await editionProgress(db, edition.id),
        stats: edition.status === 'draft' || edition.status === 'scheduled' ? null : await editionStats(db, edition.id),
        pool,
        preview,
        parked: edition.status === 'draft' ? [] : await listParked(db, edition.id),
        notes: followNotes(edition, pool),
        audience: await sectionAudience(db, edition),
        history: await auditTrail(db, { editionId: edition.id, limit: 50 }),
        now: new Date(),
      }),
    );
  };
  desk.get('/editions/:id', editionPageHandler);
  const editionView: View = { url: (ctx) => `/desk/editions/${ctx.req.param('id')}`, render: editionPageHandler };
  desk.get('/editions/:id/progress.json', async (ctx) => ctx.json(await editionProgress(db, ctx.req.param('id'))));

  // The edition as saved, or (`state`) as the editor has it on screen, unsaved.
  desk.get('/editions/:id/preview', async (ctx) => {
    const tier = (TIERS as readonly string[]).includes(ctx.req.query('tier') ?? '') ? (ctx.req.query('tier') as Tier) : 'free';
    const format = ctx.req.query('format') === 'text' ? 'text' : 'html';
    const edition = await getEdition(db, ctx.req.param('id'));
    const state = ctx.req.query('state') ? await stash.get<{ editionId: string; draft: DraftState }>('draft', ctx.req.query('state')!) : null;
    const shown: Edition = state && state.editionId === edition.id ? { ...edition, ...state.draft } : edition;
    const sections = normalizeChoice((ctx.req.query('sections') ?? '').split(','));
    return previewResponse(await previewOf(c.render, shown, tier, format, sections), format);
  });

  /** The form's changes applied in memory: what the composer shows before (or after) saving. */
  const draftOf = async (ctx: Context<DeskEnv>) => {
    const edition = await getEdition(db, ctx.req.param('id')!);
    const pool = storyPool(edition);
    const draft = applyDraftChanges(edition, draftChangesFromForm(ctx.get('form') ?? {}, pool));
    return { edition, pool, draft, notes: followNotes(draft, pool) };
  };
  const composerAnswer = (d: Awaited<ReturnType<typeof draftOf>>) => ({ subject: d.draft.subject, preheader: d.draft.preheader, notes: d.notes, follows: { subject: d.draft.subjectLead === null, preheader: d.draft.preheaderLead === null } });

  // The composer's live preview: validated, kept for half an hour, never saved.
  desk.post('/editions/:id/draft-preview', async (ctx) => {
    try {
      const d = await draftOf(ctx);
      const state = await stash.put('draft', { editionId: d.edition.id, draft: d.draft }, DRAFT_TTL_S);
      return ctx.json({ ok: true, state, ...composerAnswer(d) });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return ctx.json({ ok: false, message: err.message, errors: { [fieldOf(err.message)]: err.message } }, refusalStatus(err));
    }
  });

  desk.post('/editions/:id/save', async (ctx) => {
    if (!wantsJson(ctx)) {
      return change(editionView, async (c2) => {
        const edition = await getEdition(db, c2.req.param('id')!);
        await updateDraft(db, edition.id, draftChangesFromForm(ctx.get('form') ?? {}, storyPool(edition)));
        return 'Draft saved.';
      })(ctx);
    }
    try {
      const edition = await getEdition(db, ctx.req.param('id')!);
      const saved = await updateDraft(db, edition.id, draftChangesFromForm(ctx.get('form') ?? {}, storyPool(edition)));
      const pool = storyPool(saved);
      return ctx.json({ ok: true, message: 'Draft saved.', subject: saved.subject, preheader: saved.preheader, notes: followNotes(saved, pool), follows: { subject: saved.subjectLead === null, preheader: saved.preheaderLead === null } });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return ctx.json({ ok: false, message: err.message, errors: { [fieldOf(err.message)]: err.message } }, refusalStatus(err));
    }
  });

  /** A story for "more stories": from its page, typed by hand, or every story of a feed file. */
  const addFrom = async (id: string, form: FormFields): Promise<{ message: string; added: Article[] }> => {
    const mode = field(form, 'mode');
    if (mode === 'url') {
      const url = field(form, 'url');
      if (!url) throw new UserError('invalid_input', "url: paste the story's link");
      const page = await c.readFeed(url, { kind: 'story page' }).catch((err: unknown) => {
        throw isRefusal(err) ? new UserError('invalid_input', `url: ${err.message}`) : err;
      });
      const story = articleFromPage(page.body, { url: page.url ?? url, charset: page.charset, now: new Date() });
      const { added } = await addStories(db, id, [story]);
      return { message: added.length ? `Added “${story.headline}” to more stories.` : `“${story.headline}” is already among the stories.`, added };
    }
    if (mode === 'hand') {
      const story = storyFromFields(
        { headline: field(form, 'headline'), url: field(form, 'url'), dek: field(form, 'dek'), section: field(form, 'section'), imageSrc: field(form, 'imageSrc'), imageAlt: field(form, 'imageAlt'), access: field(form, 'access') },
        new Date(),
      );
      const { added } = await addStories(db, id, [story]);
      return { message: added.length ? `Added “${story.headline}” to more stories.` : 'A story with that link is already among the stories.', added };
    }
    const { feed } = await feedFrom(form);
    const items = parseFeed(feed.body, { source: feed.source, url: feed.url, charset: feed.charset, now: new Date() });
    const { added } = await addStories(db, id, items.articles);
    const rest = items.articles.length - added.length;
    return { message: `Added ${added.length} of the feed's ${items.articles.length} stories to more stories${rest ? ` (${rest} were there already, or past the ${MAX_CANDIDATES} kept)` : ''}.`, added };
  };
  desk.post('/editions/:id/stories', async (ctx) => {
    if (!wantsJson(ctx)) return change(editionView, async (c2, form) => (await addFrom(c2.req.param('id')!, form)).message)(ctx);
    try {
      const { message, added } = await addFrom(ctx.req.param('id')!, ctx.get('form') ?? {});
      // The new cards, as the page draws them: the composer puts them at the top of "more stories".
      const f = new FormValues(ctx.get('desk'), 'compose');
      return ctx.json({ ok: true, message, cards: added.map((a) => storyCard(f, a, 'spare', null).value).join('') });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return ctx.json({ ok: false, message: err.message, errors: { [fieldOf(err.message)]: err.message } }, refusalStatus(err));
    }
  });

  desk.post(
    '/editions/:id/test-send',
    change(editionView, async (ctx, form) => {
      const to = field(form, 'to').split(/[,\s]+/).filter(Boolean);
      if (!to.length) throw new UserError('invalid_input', 'to: give at least one address');
      const tier = field(form, 'tier') === 'paid' ? 'paid' : 'free';
      const r = await testSend({ db, render: c.render, transport: c.transport, from: c.config.emailFrom, publicUrl: c.config.publicUrl }, ctx.req.param('id')!, to, tier);
      return `Test sent to ${to.join(', ')} as a ${r.tier} reader.`;
    }),
  );

  /** The send plan from the review form or its confirmation: when, and in which zone. */
  const planOf = (read: (name: string) => string): SendPlan => {
    const when = read('when') === 'at' ? 'at' : read('when') === 'local' ? 'local' : 'now';
    const timezone = read('timezone') || 'UTC';
    if (!isTimeZone(timezone)) throw new UserError('invalid_input', `timezone: unknown zone ${JSON.stringify(timezone.slice(0, 60))}`);
    const atText = read('at');
    let at: Date | null = null;
    if (when === 'at') {
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(atText);
      if (!m || !CALENDAR_DATE.safeParse(m[1]).success) throw new UserError('invalid_input', 'at: choose a date and a time');
      const [y, mo, d] = m[1]!.split('-').map(Number) as [number, number, number];
      at = zonedInstant(y, mo, d, parseLocalTime(m[2]!), timezone);
    }
    const localTime = read('localTime') || '07:00';
    if (when === 'local') {
      try {
        parseLocalTime(localTime);
      } catch (err) {
        throw new UserError('invalid_input', `localTime: ${(err as Error).message}`);
      }
    }
    const subjectB = read('subjectB');
    const test = subjectB ? { subjectB, share: Number(read('testShare') || DEFAULT_TEST_SHARE), decideAfter: read('decideAfter') || '2h' } : null;
    if (test) testDuration(test.decideAfter); // a bad wait is refused here, beside its field
    return { when, at, atText, localTime, timezone, test };
  };

  desk.get('/editions/:id/review', async (ctx) => {
    const edition = await getEdition(db, ctx.req.param('id'));
    if (edition.status !== 'draft') return ctx.redirect(`/desk/editions/${edition.id}`, 303);
    let plan: SendPlan;
    try {
      plan = planOf((name) => ctx.req.query(name)?.trim() ?? '');
    } catch (err) {
      if (!isRefusal(err)) throw err;
      ctx.set('desk', { ...ctx.get('desk'), flash: { kind: 'error', text: err.message } });
      const shown = await editionPageHandler(ctx);
      return new Response(shown.body, { status: 400, headers: shown.headers });
    }
    const now = new Date();
    const audience = await audienceOf(db, edition.listId, plan.timezone);
    const from = plan.at ?? now;
    const localRows =
      plan.when === 'local'
        ? audience.zones.map((z) => ({ ...z, at: isTimeZone(z.zone) ? nextLocalOccurrence(parseLocalTime(plan.localTime), z.zone, from, LOCAL_DELIVERY_GRACE_MS) : null }))
        : [];
    const zoneCookie = getCookie(ctx, 'bs_tz');
    return ctx.html(
      reviewPage(ctx.get('desk'), { edition, review: await c.presendReview(edition), audience, plan, editorZone: zoneCookie && isTimeZone(zoneCookie) ? zoneCookie : null, localRows, now }),
    );
  });

  // The confirmation from the review page: the checks run again, and the edition goes (or waits for its time).
  desk.post(
    '/editions/:id/schedule',
    change(editionView, async (ctx, form) => {
      const plan = planOf((name) => field(form, name));
      const e = await scheduleEdition(db, await c.queue(), ctx.req.param('id')!, {
        at: plan.at ?? undefined,
        readerLocal: plan.when === 'local' ? { time: plan.localTime, timezone: plan.timezone } : undefined,
        subjectTest: plan.test ? { subjectB: plan.test.subjectB, share: plan.test.share, decideAfterMs: testDuration(plan.test.decideAfter) } : undefined,
        check: c.presendCheck,
      });
      if (plan.test) return `Sending to ${plan.test.share} % of readers with two subjects; the winner goes to the rest in ${plan.test.decideAfter}.`;
      return plan.when === 'local'
        ? `Scheduled: at ${plan.localTime} in each reader's own time zone.`
        : plan.when === 'at'
          ? `Scheduled for ${e.sendAt?.toISOString().replace('T', ' ').slice(0, 16)} UTC.`
          : 'Sending now.';
    }),
  );

  const simple: [string, string, (id: string) => Promise<unknown>][] = [
    ['unschedule', 'Back to draft.', (id) => unscheduleEdition(db, id)],
    ['pause', 'Paused: batches in flight finish, no more start.', (id) => pauseEdition(db, id)],
    ['resume', 'Resumed.', async (id) => resumeEdition(db, await c.queue(), id)],
    ['cancel', 'Cancelled.', (id) => cancelEdition(db, id)],
    ['retry-failed', 'Failed deliveries queued again.', async (id) => retryFailed(db, await c.queue(), id, { windowMs: c.config.idempotencyWindowMs, batchSize: c.config.batchSize })],
  ];
  for (const [action, message, run] of simple) {
    desk.post(`/editions/:id/${action}`, change(editionView, async (ctx) => (await run(ctx.req.param('id')!), message)));
  }
  desk.post(
    '/editions/:id/settle',
    change(editionView, async (ctx, form) => {
      const as = field(form, 'as') === 'sent' ? 'sent' : 'resend';
      const r = await settleParked(db, await c.queue(), ctx.req.param('id')!, { as, batchId: field(form, 'batch') || undefined, batchSize: c.config.batchSize });
      return as === 'sent' ? `Marked ${r.readers} readers as sent.` : `${r.readers} readers go out again in ${r.newBatches} new batch(es).`;
    }),
  );
}
