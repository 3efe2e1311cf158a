import { afterEach, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/security/api-tokens.ts';
import { auditTrail, cliActor } from '../../src/security/audit-log.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { runCli } from '../support/cli.ts';
import { closeServerAndStack, createTestStack, testEnv, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let server: RunningServer | undefined;
afterEach(closeServerAndStack(() => [server, stack], () => (server = stack = undefined)));

describe('the audit log (PostgreSQL)', () => {
  it('records which token (or the CLI) created, edited, scheduled, took back and cancelled an edition, and who made tokens; admins read it', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    await createList(db, 'daily-digest', 'The Broadsheet Daily');
    server = await startServer(stack.container, 0, '127.0.0.1');
    const editor = await createApiToken(db, 'Ana (night desk)', 'editor');
    const admin = await createApiToken(db, 'Ops', 'admin');
    const api = (token: string, method: string, path: string, body?: object) =>
      fetch(`${server!.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

    const created = await (await api(editor.token, 'POST', '/api/editions', { list: 'daily-digest', content: seedDigest })).json();
    const id = created.edition?.id ?? created.id;
    expect((await api(editor.token, 'PATCH', `/api/editions/${id}`, { subject: 'A better subject' })).status).toBe(200);
    expect((await api(editor.token, 'POST', `/api/editions/${id}/schedule`, { at: new Date(Date.now() + 3600_000).toISOString() })).status).toBe(200);
    expect((await api(editor.token, 'POST', `/api/editions/${id}/unschedule`)).status).toBe(200);
    // A refused change changes nothing and is not recorded.
    expect((await api(editor.token, 'POST', `/api/editions/${id}/pause`)).status).toBe(409);
    // The CLI, with no token: the operator's account.
    const env = { ...testEnv(stack.resend.url, stack.container.config.queuePrefix), DATABASE_URL: stack.database.url! };
    const cancelled = await runCli(['editions', 'cancel', id], env);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    const made = await runCli(['tokens', 'create', '--name', 'Robot', '--json'], env);
    expect(made.code, made.stderr).toBe(0);

    const trail = (await auditTrail(db, { editionId: id })).reverse().map((e) => [e.actor, e.action]);
    expect(trail).toEqual([
      ['Ana (night desk)', 'edition.create'],
      ['Ana (night desk)', 'edition.edit'],
      ['Ana (night desk)', 'edition.schedule'],
      ['Ana (night desk)', 'edition.unschedule'],
      [cliActor().name, 'edition.cancel'],
    ]);

    // GET /api/audit: admins only; it names the token the CLI made.
    expect((await api(editor.token, 'GET', '/api/audit')).status).toBe(403);
    const { entries } = await (await api(admin.token, 'GET', '/api/audit?limit=10')).json();
    expect(entries[0]).toMatchObject({ actor: cliActor().name, action: 'token.create', editionId: null, detail: { name: 'Robot', scope: 'editor' } });
    expect(entries.some((e: { tokenId: number | null; action: string }) => e.tokenId === editor.id && e.action === 'edition.create')).toBe(true);
    expect((await api(admin.token, 'GET', '/api/audit?edition=nope')).status).toBe(400);
  });
});
