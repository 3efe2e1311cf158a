import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createApiToken, revokeApiToken } from '../../src/security/api-tokens.ts';
import { closeServerAndStack, createTestStack, seedEdition, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let server: RunningServer | undefined;
afterEach(closeServerAndStack(() => [server, stack], () => (server = stack = undefined)));

describe('API authentication (PostgreSQL)', () => {
  it('needs a bearer token of the right scope on every non-public route', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const edition = await seedEdition(stack, 3);
    server = await startServer(stack.container, 0, '127.0.0.1');
    const editor = await createApiToken(db, 'desk', 'editor');
    const admin = await createApiToken(db, 'ops', 'admin');
    const get = (path: string, token?: string) => fetch(`${server!.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    const anonymous = await get(`/api/editions/${edition.id}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await get(`/api/editions/${edition.id}`, 'bs_editor_' + 'A'.repeat(43))).status).toBe(401); // well-formed, unknown
    expect((await get(`/api/editions/${edition.id}`, editor.token.slice(0, -1) + 'x')).status).toBe(401);

    const ok = await get(`/api/editions/${edition.id}`, editor.token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: edition.id, status: 'draft' });
    expect((await get(`/api/editions/${edition.id}`, admin.token)).status).toBe(200); // admin can do what editors can

    expect((await get('/api/tokens', editor.token)).status).toBe(403);
    const list = await get('/api/tokens', admin.token);
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).not.toContain(editor.token); // hashes only, never tokens

    const pause = await fetch(`${server.url}/api/editions/${edition.id}/pause`, { method: 'POST', headers: { authorization: `Bearer ${editor.token}` } });
    expect(pause.status).toBe(409); // a draft cannot be paused: a clear conflict, not a crash
    expect((await pause.json()).error).toMatch(/cannot pause an edition that is draft/);

    await revokeApiToken(db, editor.id);
    expect((await get(`/api/editions/${edition.id}`, editor.token)).status).toBe(401);
    // Tokens are stored as hashes only.
    expect(await db.query(`select 1 from api_tokens where token_hash = $1`, [editor.token])).toEqual([]);
  });
});
