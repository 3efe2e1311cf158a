import { z } from 'zod';
import { UserError } from '../errors.ts';
import { eraseSubscriber } from '../subscribers/erasure.ts';
import { bulkUpsert, getSubscriber, listSubscribers, MAX_BULK, SUBSCRIBER_STATUSES, SubscriberChange, upsertSubscriber } from '../subscribers/subscriber-records.ts';
import { TIERS } from '../content/article.ts';
import { EVENT_TYPES } from '../webhooks/outgoing-events.ts';
import { addEndpoint, EndpointInput, endpointAttempts, getEndpoint, listEndpoints, removeEndpoint, updateEndpoint } from '../webhooks/webhook-endpoints.ts';
import type { ApiRoute } from './editor-api.ts';

export const BulkBody = z.strictObject({
  subscribers: z.array(SubscriberChange.extend({ email: z.string().max(320) })).min(1).max(MAX_BULK),
});
export const JoinBody = z.strictObject({ sections: z.array(z.string()).max(100).nullable().optional().describe('null or [] for every section') });
export const EndpointChange = EndpointInput.partial().extend({ enabled: z.boolean().optional().describe('true enables a disabled endpoint again (its failure count starts over)') });

/** A JSON answer with a status the route table cannot fix in advance (201 created, 200 updated). */
const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const endpointId = (raw: string | undefined) => {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new UserError('not_found', `no webhook endpoint ${raw}`);
  return id;
};

/** Readers, for the newsroom's paywall and CMS (subscribers:read / subscribers:write tokens). */
export const SUBSCRIBER_ROUTES: ApiRoute[] = [
  {
    method: 'get',
    path: '/api/subscribers',
    summary: "A list's readers, oldest first, a page at a time (keyset cursor: pass `next` as `after`)",
    scope: 'subscribers:read',
    query: {
      list: { description: 'the list slug (required)' },
      status: { description: 'only readers with this status on the list', enum: SUBSCRIBER_STATUSES },
      tier: { description: 'only this tier', enum: TIERS },
      after: { description: 'the `next` of the page before' },
      limit: { description: '1..1000, default 100' },
    },
    handle: async ({ c, query }) => {
      const list = query('list');
      if (!list) throw new UserError('invalid_input', 'list: give the list slug, e.g. ?list=daily-digest');
      const limit = query('limit');
      return listSubscribers(c.db, { list, status: query('status'), tier: query('tier'), after: query('after'), ...(limit !== undefined ? { limit: Number(limit) } : {}) });
    },
  },
  {
    method: 'post',
    path: '/api/subscribers/bulk',
    summary: `Create or update up to ${MAX_BULK} readers, each on its own: a result per item (created, updated, unchanged, or error with the reason)`,
    scope: 'subscribers:write',
    body: BulkBody,
    handle: async ({ c, body }) => bulkUpsert(c.db, (body as z.infer<typeof BulkBody>).subscribers),
  },
  {
    method: 'get',
    path: '/api/subscribers/:email',
    summary: 'A reader by address: details, lists with status and sections, suppression',
    scope: 'subscribers:read',
    handle: async ({ c, params }) => ({ subscriber: await getSubscriber(c.db, params.email!) }),
  },
  {
    method: 'put',
    path: '/api/subscribers/:email',
    summary: 'Create or update a reader by address (idempotent; fields left out stay as they are): 201 when created, 200 otherwise, with `result`',
    scope: 'subscribers:write',
    upsert: true,
    body: SubscriberChange,
    handle: async ({ c, params, body }) => {
      const { result, subscriber } = await upsertSubscriber(c.db, params.email!, body as SubscriberChange);
      return json({ result, subscriber }, result === 'created' ? 201 : 200);
    },
  },
  {
    method: 'delete',
    path: '/api/subscribers/:email',
    summary: 'Erase a reader at their request: details gone, subscriptions ended, the address kept only as a fingerprint so it is never added again',
    scope: 'subscribers:write',
    audit: 'subscriber.erase',
    handle: async ({ c, params }) => {
      const r = await eraseSubscriber(c.db, params.email!);
      if (!r.erased) throw new UserError('not_found', `no reader with the address ${params.email!.trim()}`);
      return { erased: true };
    },
  },
  {
    method: 'put',
    path: '/api/subscribers/:email/lists/:list',
    summary: 'Subscribe the reader to a list (active at once), optionally with sections',
    scope: 'subscribers:write',
    body: JoinBody,
    handle: async ({ c, params, body }) => {
      const { sections } = body as z.infer<typeof JoinBody>;
      return upsertSubscriber(c.db, params.email!, { lists: [{ list: params.list!, status: 'active', ...(sections !== undefined ? { sections } : {}) }] });
    },
  },
  {
    method: 'delete',
    path: '/api/subscribers/:email/lists/:list',
    summary: 'The reader leaves a list (left_reason api)',
    scope: 'subscribers:write',
    handle: async ({ c, params }) => {
      await getSubscriber(c.db, params.email!);
      return upsertSubscriber(c.db, params.email!, { lists: [{ list: params.list!, status: 'unsubscribed' }] });
    },
  },
  {
    method: 'get',
    path: '/api/webhook-endpoints',
    summary: `Webhook endpoints with their health (failures in a row, disabled and why, the last day's deliveries). Events: ${EVENT_TYPES.join(', ')}`,
    scope: 'admin',
    handle: async ({ c }) => ({ endpoints: await listEndpoints(c.db) }),
  },
  {
    method: 'post',
    path: '/api/webhook-endpoints',
    summary: 'Register an endpoint for some events; the answer has its `id` and signing `secret` (whsec_…), shown this once',
    scope: 'admin',
    audit: 'webhook.add',
    body: EndpointInput,
    status: 201,
    handle: async ({ c, body }) => addEndpoint(c.db, body as EndpointInput),
  },
  {
    method: 'get',
    path: '/api/webhook-endpoints/:id',
    summary: 'An endpoint and its latest delivery attempts, each with the status code the receiver answered',
    scope: 'admin',
    handle: async ({ c, params }) => {
      const id = endpointId(params.id);
      return { endpoint: await getEndpoint(c.db, id), attempts: await endpointAttempts(c.db, id) };
    },
  },
  {
    method: 'patch',
    path: '/api/webhook-endpoints/:id',
    summary: 'Change its URL, events or description, or enable it again',
    scope: 'admin',
    audit: 'webhook.change',
    body: EndpointChange,
    handle: async ({ c, params, body }) => ({ endpoint: await updateEndpoint(c.db, endpointId(params.id), body as z.infer<typeof EndpointChange>) }),
  },
  {
    method: 'delete',
    path: '/api/webhook-endpoints/:id',
    summary: 'Remove an endpoint and its delivery history',
    scope: 'admin',
    audit: 'webhook.remove',
    status: 204,
    handle: async ({ c, params }) => removeEndpoint(c.db, endpointId(params.id)),
  },
];
