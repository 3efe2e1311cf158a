import { testDuration } from '../editions/subject-test.ts';
import { listTrends, MAX_TREND_DAYS } from '../subscribers/list-trends.ts';
import { UUID } from '../editions/edition.ts';
import { audit, auditTrail, type AuditAction } from '../security/audit-log.ts';
import { addSection, listSections, removeSection } from '../subscribers/list-sections.ts';
import { normalizeChoice } from '../editions/reader-sections.ts';
import { sectionAudience } from '../editions/edition-variants.ts';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Container } from '../container.ts';
import { TIERS } from '../content/article.ts';
import { MAX_TEASERS, parseDigestContent } from '../content/digest-content.ts';
import { DEFAULT_RULE } from '../content/digest-selection.ts';
import { retryFailed } from '../delivery/retry-failed.ts';
import { listParked, settleParked } from '../delivery/settle-parked.ts';
import {
  cancelEdition,
  createEdition,
  editionProgress,
  editionStats,
  getEdition,
  listEditions,
  pauseEdition,
  previewEdition,
  resumeEdition,
  scheduleEdition,
  unscheduleEdition,
  updateDraft,
} from '../editions/edition-service.ts';
import { EDITION_STATUSES } from '../editions/edition-status.ts';
import { draftFromFeed } from '../editions/feed-draft.ts';
import { testSend } from '../editions/test-send.ts';
import { describeIssues, UserError } from '../errors.ts';
import { readJson } from './request-body.ts';
import { SUBSCRIBER_ROUTES } from './subscriber-api.ts';
import { listSchedules, removeSchedule, ScheduleInput, setSchedule } from '../scheduling/schedules.ts';
import { HH_MM, ISO_INSTANT } from '../scheduling/local-time.ts';
import { listApiTokens, type Scope } from '../security/api-tokens.ts';
import { getList, listLists, ListSettings, updateList, type ListSettingsInput } from '../subscribers/lists.ts';
import { LAYOUTS } from '../rendering/layouts.ts';
import { SponsorInput } from '../sponsors/sponsor.ts';
import { addSponsor, listSponsors, removeSponsor } from '../sponsors/sponsor-store.ts';

/** Request bodies: validated here, described by the same schemas in the OpenAPI document. */
export const CreateEditionBody = z
  .strictObject({
    list: z.string().describe('the list slug'),
    content: z.unknown().optional().describe('a content object: {lead, teasers, note?} or {articles, note?}'),
    feed: z
      .strictObject({
        url: z.url({ protocol: /^https?$/ }).describe('RSS 2.0, Atom or JSON Feed 1.1'),
        lead: z.enum(['newest', 'most-commented', 'first']).default('newest'),
        teasers: z.number().int().min(0).max(MAX_TEASERS).default(DEFAULT_RULE.teasers),
        sinceHours: z.number().int().min(1).max(720).optional(),
        includeSent: z.boolean().default(false).describe('take stories already sent to this list too'),
      })
      .optional(),
    subject: z.string().optional(),
    preheader: z.string().optional(),
    editionDate: z.string().optional().describe('YYYY-MM-DD shown in the masthead'),
    layout: z.enum(LAYOUTS).optional().describe("classic or grid; the list's layout if absent"),
  })
  .refine((b) => (b.content === undefined) !== (b.feed === undefined), 'give either content or feed');

export const UpdateDraftBody = z.strictObject({
  subject: z.string().optional(),
  preheader: z.string().optional(),
  note: z.string().optional().describe('empty removes it'),
  leadId: z.string().optional().describe("an article id from the edition's stories or candidates"),
  teaserIds: z.array(z.string()).max(MAX_TEASERS).optional().describe('the teasers in reading order'),
  layout: z.enum(LAYOUTS).optional(),
  imageAlts: z.record(z.string(), z.string().max(500)).optional().describe('alt text for pictures the feed gave none, by article id'),
  subjectFollowsLead: z.literal(true).optional().describe("the subject becomes the lead's headline again, and follows the lead from now on"),
  preheaderFollowsLead: z.literal(true).optional().describe('the preheader is made from the stories again, and follows them from now on'),
});

export const ScheduleBody = z.strictObject({
  at: ISO_INSTANT.optional().describe('start sending then; now if absent'),
  localTime: z
    .string()
    .regex(HH_MM)
    .optional()
    .describe("deliver at this time in each reader's own time zone"),
  timezone: z.string().optional().describe('with localTime: the zone for readers without one'),
  subjectB: z.string().optional().describe('test this second subject: half the test share gets it, half the subject; the better one goes to the rest'),
  testShare: z.number().int().optional().describe('with subjectB: the percent of readers in the test (default 20, 2 to 50)'),
  decideAfter: z.string().optional().describe('with subjectB: how long before the winner is chosen, e.g. 2h, 90m, 3600s (default 2h)'),
});

export const SectionsBody = z.strictObject({
  add: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  remove: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
});

export const SettleBody = z.strictObject({
  as: z.enum(['sent', 'resend']).describe("what the provider's logs show: sent (they went out) or resend (they did not)"),
  batch: z.uuid().optional().describe('only this parked batch (default: all of them)'),
});

export const TestSendBody = z.strictObject({
  to: z.array(z.string()).min(1).max(20),
  tier: z.enum(TIERS).default('free'),
});

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface RouteInput {
  c: Container;
  params: Record<string, string>;
  query: (name: string) => string | undefined;
  body: any;
}

export interface ApiRoute {
  method: Method;
  /** Hono syntax: `/api/editions/:id`. */
  path: string;
  summary: string;
  scope: Scope;
  body?: z.ZodType;
  query?: Record<string, { description: string; enum?: readonly string[] }>;
  /** The success status; 200 unless said. */
  status?: 200 | 201 | 204;
  /** Answers 201 when it created what it names, 200 otherwise (an upsert). */
  upsert?: true;
  /** Media type of the success response; JSON unless said. */
  produces?: string;
  /** What the audit log records when it succeeds (the edition is the route's `:id`, or the one it made). */
  audit?: AuditAction;
  handle(input: RouteInput): Promise<unknown>;
}

/** Every editor and admin route of the JSON API, in the order the OpenAPI document lists them. */
export const API_ROUTES: ApiRoute[] = [
  { method: 'get', path: '/api/lists', summary: 'Lists and their active readers', scope: 'editor', handle: async ({ c }) => ({ lists: await listLists(c.db) }) },
  {
    method: 'patch',
    path: '/api/lists/:list',
    summary: "Change a list's name, layout, sign-up description, paid URL, time zone or language (\"\" clears a description or paid URL)",
    scope: 'admin',
    body: ListSettings.partial(),
    handle: async ({ c, params, body }) => ({ list: await updateList(c.db, params.list!, body as ListSettingsInput) }),
  },
  {
    method: 'get',
    path: '/api/lists/:list/stats',
    summary: "A list's trends: per day readers, joins, leaves by reason, delivered, bounced and unique clickers; per edition sent, delivered, bounced, unique clickers, click rate and unsubscribes",
    scope: 'editor',
    query: { days: { description: `how many days back, today included (default 30, at most ${MAX_TREND_DAYS})` } },
    handle: async ({ c, params, query }) => listTrends(c.db, params.list!, query('days') === undefined ? 30 : Number(query('days'))),
  },
  {
    method: 'get',
    path: '/api/lists/:list/sections',
    summary: "A list's sections, with how many active readers chose each",
    scope: 'editor',
    handle: async ({ c, params }) => ({ sections: await listSections(c.db, (await getList(c.db, params.list!)).id) }),
  },
  {
    method: 'patch',
    path: '/api/lists/:list/sections',
    summary: "Add or remove a list's sections (readers who chose only a removed one get every story)",
    scope: 'admin',
    body: SectionsBody,
    handle: async ({ c, params, body }) => {
      const { add = [], remove = [] } = body as z.infer<typeof SectionsBody>;
      const list = await getList(c.db, params.list!);
      for (const name of add) await addSection(c.db, list.id, name);
      for (const name of remove) if (!(await removeSection(c.db, list.id, name))) throw new UserError('not_found', `remove: ${list.slug} has no section "${name}"`);
      return { sections: await listSections(c.db, list.id) };
    },
  },
  {
    method: 'get',
    path: '/api/editions',
    summary: 'Editions, newest first',
    scope: 'editor',
    query: { list: { description: 'only this list' }, status: { description: 'only this status', enum: EDITION_STATUSES }, limit: { description: '1..500, default 50' } },
    handle: async ({ c, query }) => ({ editions: await listEditions(c.db, { listSlug: query('list'), status: query('status'), limit: Number(query('limit') ?? 50) || 50 }) }),
  },
  {
    method: 'post',
    path: '/api/editions',
    audit: 'edition.create',
    summary: 'Create a draft from a content object or from a feed',
    scope: 'editor',
    body: CreateEditionBody,
    status: 201,
    handle: async ({ c, body }) => {
      const b = body as z.infer<typeof CreateEditionBody>;
      const fields = { listSlug: b.list, subject: b.subject, preheader: b.preheader, editionDate: b.editionDate, layout: b.layout };
      if (b.content !== undefined) return { edition: await createEdition(c.db, { ...fields, content: parseDigestContent(b.content) }) };
      const f = b.feed!;
      const rule = { lead: f.lead, teasers: f.teasers, includeSent: f.includeSent, ...(f.sinceHours ? { since: new Date(Date.now() - f.sinceHours * 3600_000) } : {}) };
      return draftFromFeed(c.db, { ...fields, feed: await c.readFeed(f.url), rule });
    },
  },
  { method: 'get', path: '/api/editions/:id', summary: 'An edition with its progress', scope: 'editor', handle: async ({ c, params }) => editionWithProgress(c, params.id!) },
  {
    method: 'patch',
    path: '/api/editions/:id',
    audit: 'edition.edit',
    summary: 'Edit a draft: subject, preheader, note, lead, teasers and their order',
    scope: 'editor',
    body: UpdateDraftBody,
    handle: async ({ c, params, body }) => ({ edition: await updateDraft(c.db, params.id!, body) }),
  },
  { method: 'get', path: '/api/editions/:id/progress', summary: 'Sent, failed, pending, rate and ETA', scope: 'editor', handle: ({ c, params }) => editionProgress(c.db, params.id!) },
  { method: 'get', path: '/api/editions/:id/stats', summary: 'Delivered, bounced, complained, opened, clicked, unsubscribed (from webhooks)', scope: 'editor', handle: ({ c, params }) => editionStats(c.db, params.id!) },
  {
    method: 'get',
    path: '/api/editions/:id/preview',
    summary: 'The edition as a reader of one tier (and, with sections, of those sections) sees it, with sample personal details',
    scope: 'editor',
    produces: 'text/html',
    query: {
      tier: { description: 'free (default) or paid', enum: TIERS },
      format: { description: 'html (default) or text', enum: ['html', 'text'] },
      sections: { description: 'comma-separated sections (any case): as a reader who chose them; absent is every section' },
    },
    handle: async ({ c, params, query }) => {
      const tier = query('tier') ?? 'free';
      const format = query('format') ?? 'html';
      if (!(TIERS as readonly string[]).includes(tier)) throw new UserError('invalid_input', 'tier: must be free or paid');
      if (format !== 'html' && format !== 'text') throw new UserError('invalid_input', 'format: must be html or text');
      const sections = normalizeChoice((query('sections') ?? '').split(','));
      return previewResponse(await previewEdition(c.db, c.render, params.id!, tier as 'free' | 'paid', format, undefined, sections), format);
    },
  },
  {
    method: 'get',
    path: '/api/editions/:id/audience',
    summary: 'Who gets what: readers per section, how many readers each teaser reaches, and how many distinct digests their choices make',
    scope: 'editor',
    handle: async ({ c, params }) => sectionAudience(c.db, await getEdition(c.db, params.id!)),
  },
  {
    method: 'post',
    path: '/api/editions/:id/test-send',
    audit: 'edition.test-send',
    summary: 'Send to editors with a [TEST] subject; no delivery records are touched',
    scope: 'editor',
    body: TestSendBody,
    handle: ({ c, params, body }) =>
      testSend({ db: c.db, render: c.render, transport: c.transport, from: c.config.emailFrom, publicUrl: c.config.publicUrl }, params.id!, body.to, body.tier),
  },
  {
    method: 'post',
    path: '/api/editions/:id/schedule',
    audit: 'edition.schedule',
    summary: "Send now, at a time, or at a local hour in each reader's time zone (after the pre-send checks)",
    scope: 'editor',
    body: ScheduleBody,
    handle: async ({ c, params, body }) => {
      const b = body as z.infer<typeof ScheduleBody>;
      if (b.localTime && !b.timezone) throw new UserError('invalid_input', 'timezone: is required with localTime');
      const e = await scheduleEdition(c.db, await c.queue(), params.id!, {
        at: b.at ? new Date(b.at) : undefined,
        readerLocal: b.localTime ? { time: b.localTime, timezone: b.timezone! } : undefined,
        subjectTest: b.subjectB === undefined ? undefined : { subjectB: b.subjectB, share: b.testShare, decideAfterMs: b.decideAfter === undefined ? undefined : testDuration(b.decideAfter) },
        check: c.presendCheck,
      });
      return { edition: e };
    },
  },
  { method: 'post', path: '/api/editions/:id/unschedule', audit: 'edition.unschedule', summary: 'A scheduled edition back to draft', scope: 'editor', handle: async ({ c, params }) => ({ edition: await unscheduleEdition(c.db, params.id!) }) },
  { method: 'post', path: '/api/editions/:id/pause', audit: 'edition.pause', summary: 'Stop sending; batches in flight finish', scope: 'editor', handle: async ({ c, params }) => ({ edition: await pauseEdition(c.db, params.id!) }) },
  { method: 'post', path: '/api/editions/:id/resume', audit: 'edition.resume', summary: 'Pick up where it stopped', scope: 'editor', handle: async ({ c, params }) => ({ edition: await resumeEdition(c.db, await c.queue(), params.id!) }) },
  { method: 'post', path: '/api/editions/:id/cancel', audit: 'edition.cancel', summary: 'Stop for good', scope: 'editor', handle: async ({ c, params }) => ({ edition: await cancelEdition(c.db, params.id!) }) },
  {
    method: 'post',
    path: '/api/editions/:id/retry-failed',
    audit: 'edition.retry-failed',
    summary: 'Send failed deliveries again (whole batches under their own key, rejected readers in new batches)',
    scope: 'editor',
    handle: async ({ c, params }) => retryFailed(c.db, await c.queue(), params.id!, { windowMs: c.config.idempotencyWindowMs, batchSize: c.config.batchSize }),
  },
  {
    method: 'get',
    path: '/api/editions/:id/parked',
    summary: "Batches held for an operator, with their idempotency keys to look up in the provider's logs",
    scope: 'editor',
    handle: async ({ c, params }) => ({ parked: await listParked(c.db, (await getEdition(c.db, params.id!)).id) }),
  },
  {
    method: 'post',
    path: '/api/editions/:id/settle',
    audit: 'edition.settle',
    summary: 'Decide parked batches: sent (the provider had sent them) or resend (it had not: new batches, new keys)',
    scope: 'editor',
    body: SettleBody,
    handle: async ({ c, params, body }) => {
      const b = body as z.infer<typeof SettleBody>;
      return settleParked(c.db, await c.queue(), params.id!, { as: b.as, batchId: b.batch, batchSize: c.config.batchSize });
    },
  },
  { method: 'get', path: '/api/schedules', summary: 'Recurring digests and their last run', scope: 'editor', handle: async ({ c }) => ({ schedules: await listSchedules(c.db) }) },
  {
    method: 'put',
    path: '/api/schedules/:list',
    summary: "Set a list's recurring digest (built from an http(s) feed every day at a local time)",
    scope: 'editor',
    body: ScheduleInput,
    handle: async ({ c, params, body }) => ({ schedule: await setSchedule(c.db, await c.queue(), params.list!, body, { allowedHosts: c.config.feedHosts }) }),
  },
  {
    method: 'delete',
    path: '/api/schedules/:list',
    summary: "Stop a list's recurring digest",
    scope: 'editor',
    status: 204,
    handle: async ({ c, params }) => void (await removeSchedule(c.db, await c.queue(), params.list!)),
  },
  { method: 'get', path: '/api/lists/:list/sponsors', summary: "A list's sponsor bookings", scope: 'editor', handle: async ({ c, params }) => ({ sponsors: await listSponsors(c.db, params.list!) }) },
  {
    method: 'post',
    path: '/api/lists/:list/sponsors',
    summary: 'Book a sponsor block (shown, labelled "Sponsored", in editions dated startsOn..endsOn)',
    scope: 'editor',
    body: SponsorInput,
    status: 201,
    handle: async ({ c, params, body }) => ({ sponsor: await addSponsor(c.db, params.list!, body) }),
  },
  { method: 'delete', path: '/api/sponsors/:id', summary: 'Cancel a sponsor booking', scope: 'editor', status: 204, handle: async ({ c, params }) => void (await removeSponsor(c.db, Number(params.id))) },
  { method: 'get', path: '/api/tokens', summary: 'API tokens (hashes are never shown)', scope: 'admin', handle: async ({ c }) => ({ tokens: await listApiTokens(c.db) }) },
  {
    method: 'get',
    path: '/api/audit',
    summary: 'Who (which token, the CLI or a schedule) created, edited, scheduled, sent, paused, cancelled or retried each edition, and made or revoked tokens; newest first',
    scope: 'admin',
    query: { edition: { description: "one edition's entries" }, limit: { description: 'at most this many (default 100, at most 1000)' } },
    handle: async ({ c, query }) => {
      const edition = query('edition');
      if (edition !== undefined && !UUID.test(edition)) throw new UserError('invalid_input', 'edition: must be an edition id');
      const limit = query('limit') === undefined ? 100 : Number(query('limit'));
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UserError('invalid_input', 'limit: must be a whole number from 1 to 1000');
      return { entries: await auditTrail(c.db, { editionId: edition, limit }) };
    },
  },
  ...SUBSCRIBER_ROUTES,
];

export async function editionWithProgress(c: Container, id: string) {
  const edition = await getEdition(c.db, id);
  return { ...edition, progress: await editionProgress(c.db, id) };
}

/**
 * An email preview as its own document: scripts and forms off (`sandbox`), images
 * from anywhere (articles link them), framable by our own desk only.
 */
export function previewResponse(body: string, format: 'html' | 'text'): Response {
  return new Response(body, {
    headers: {
      'content-type': format === 'html' ? 'text/html; charset=UTF-8' : 'text/plain; charset=UTF-8',
      'content-security-policy': "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; frame-ancestors 'self'",
      'x-frame-options': 'SAMEORIGIN',
    },
  });
}

function invalidBody(error: z.ZodError): UserError {
  return new UserError('invalid_input', describeIssues(error.issues, 'body'));
}

/** Mounts every route of the table behind `auth` for its scope. */
export function mountEditorApi(app: Hono, c: Container, auth: (scope: Scope) => MiddlewareHandler): void {
  for (const route of API_ROUTES) {
    app.on(route.method.toUpperCase(), route.path, auth(route.scope), async (ctx: Context) => {
      let body: unknown;
      if (route.body) {
        const raw = await readJson(ctx);
        const parsed = route.body.safeParse(raw);
        if (!parsed.success) throw invalidBody(parsed.error);
        body = parsed.data;
      }
      const params = ctx.req.param() as Record<string, string>;
      const result = await route.handle({ c, params, query: (n) => ctx.req.query(n), body });
      if (route.audit) {
        const made = (result as { edition?: { id?: string }; id?: string } | undefined) ?? {};
        const editionId = route.audit.startsWith('edition.') ? (params.id ?? made.edition?.id ?? made.id ?? null) : null;
        const detail = route.audit.startsWith('token.') ? { token: params.id ?? made.id } : route.audit.startsWith('webhook.') ? { endpoint: Number(params.id ?? made.id) } : {};
        await audit(c.db, ctx.get('actor'), route.audit, { editionId, detail });
      }
      if (result instanceof Response) return result;
      if (route.status === 204) return ctx.body(null, 204);
      return ctx.json(result as object, route.status ?? 200);
    });
  }
}
