import { z } from 'zod';
import { API_ROUTES, type ApiRoute } from './editor-api.ts';
import { SubscribeRequest } from '../subscribers/subscription-requests.ts';
import { EVENT_TYPES } from '../webhooks/outgoing-events.ts';

const error = { description: 'the reason, in `error`', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

function operation(route: ApiRoute) {
  const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = Object.entries(route.query ?? {}).map(([name, q]) => ({ name, in: 'query', required: false, description: q.description, schema: { type: 'string', ...(q.enum ? { enum: [...q.enum] } : {}) } }));
  const okStatus = String(route.status ?? 200);
  return {
    summary: route.summary,
    security: [{ bearer: [] }],
    'x-scope': route.scope,
    parameters: [...params, ...query],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
    responses: {
      ...(route.upsert ? { '201': { description: 'created', content: { 'application/json': { schema: { type: 'object' } } } } } : {}),
      [okStatus]:
        route.status === 204
          ? { description: 'done' }
          : { description: 'ok', content: { [route.produces ?? 'application/json']: { schema: route.produces ? { type: 'string' } : { type: 'object' } } } },
      '400': error,
      '401': { ...error, description: 'no valid token (WWW-Authenticate: Bearer)' },
      '403': { ...error, description: `the token's scope is not ${route.scope}` },
      '404': error,
      '409': { ...error, description: 'not allowed in the current status, or changed meanwhile' },
    },
  };
}

/** The OpenAPI 3.1 document of the HTTP API, built from the same route table and schemas the server runs. */
export function openApiDocument(serverUrl: string): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method] = operation(route);
  }
  paths['/api/subscribe'] = {
    post: {
      summary: 'Ask to subscribe (double opt-in): the same answer whether or not the address is known; 5 a minute per client',
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(SubscribeRequest, { io: 'input', unrepresentable: 'any' }) } } },
      responses: { '202': { description: 'a confirmation email is on its way if the address can receive it' }, '400': error, '429': { ...error, description: 'too many requests (Retry-After)' } },
    },
  };
  paths['/webhooks/resend'] = {
    post: { summary: 'Resend delivery events, verified by their svix signature', security: [], responses: { '200': { description: 'processed or duplicate' }, '401': error } },
  };
  paths['/healthz'] = { get: { summary: 'Liveness', security: [], responses: { '200': { description: 'ok' } } } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Broadsheet API',
      version: '1',
      description:
        'Editions, schedules and sends for editors; readers for the newsroom\'s systems (subscribers:read, subscribers:write); tokens and webhook endpoints for admins. Create a token with `broadsheet tokens create`. The `webhooks` section describes what registered endpoints receive, signed the Standard Webhooks (svix) way.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'bs_editor_…, bs_admin_…, bs_subscribers-read_… or bs_subscribers-write_… (admin can do everything; subscribers:write can read)' } },
      schemas: { Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } },
    },
    paths,
    webhooks: Object.fromEntries(
      EVENT_TYPES.map((type) => [
        type,
        {
          post: {
            summary: `${type}, POSTed to endpoints that asked for it; headers webhook-id (the same on every retry), webhook-timestamp, webhook-signature (and svix-*)`,
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', required: ['type', 'created_at', 'data'], properties: { type: { const: type }, created_at: { type: 'string', format: 'date-time' }, data: { type: 'object' } } },
                },
              },
            },
            responses: { '200': { description: 'any 2xx delivers it; anything else is retried with backoff, and a 410 disables the endpoint' } },
          },
        },
      ]),
    ),
  };
}
