import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';

/** editor and admin are the desk's; subscribers:read and :write are for the newsroom's other systems (a paywall, a CMS). */
export type Scope = 'editor' | 'admin' | 'subscribers:read' | 'subscribers:write';
export const SCOPES: readonly Scope[] = ['editor', 'admin', 'subscribers:read', 'subscribers:write'];
/** Scopes that can sign in to the desk. */
export const DESK_SCOPES: readonly Scope[] = ['editor', 'admin'];

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a token and returns it in full, once: only its hash is stored. */
export async function createApiToken(db: Queryable, name: string, scope: Scope): Promise<{ id: number; name: string; scope: Scope; token: string }> {
  if (!SCOPES.includes(scope)) throw new UserError('invalid_input', `scope must be one of ${SCOPES.join(', ')}`);
  if (!name.trim() || name.length > 100) throw new UserError('invalid_input', 'token name must be 1..100 characters');
  const token = `bs_${scope.replace(':', '-')}_${randomBytes(32).toString('base64url')}`;
  const [row] = await db.query<{ id: number }>(`insert into api_tokens (name, scope, token_hash) values ($1, $2, $3) returning id`, [name.trim(), scope, hash(token)]);
  return { id: row!.id, name: name.trim(), scope, token };
}

export async function revokeApiToken(db: Queryable, id: number): Promise<boolean> {
  if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) throw new UserError('invalid_input', 'a token id is a whole number, e.g. 3 (see tokens ls)');
  return (await db.query(`update api_tokens set revoked_at = now() where id = $1 and revoked_at is null returning id`, [id])).length > 0;
}

export async function listApiTokens(db: Queryable) {
  return db.query<{ id: number; name: string; scope: Scope; createdAt: Date; lastUsedAt: Date | null; revoked: boolean }>(
    `select id, name, scope, created_at as "createdAt", last_used_at as "lastUsedAt", revoked_at is not null as revoked from api_tokens order by id`,
  );
}

/**
 * The scope a bearer token grants, or null. Looked up by its SHA-256, so the
 * comparison never touches the secret itself and takes the same time however
 * much of a guess is right.
 */
export async function authenticate(db: Queryable, token: string | undefined): Promise<Scope | null> {
  return (await authenticateToken(db, token))?.scope ?? null;
}

/** As authenticate, with the token's id (the desk's session names it). */
export async function authenticateToken(db: Queryable, token: string | undefined): Promise<{ id: number; name: string; scope: Scope } | null> {
  if (!token || token.length > 200 || !/^bs_(editor|admin|subscribers-read|subscribers-write)_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await db.query<{ id: number; name: string; scope: Scope }>(
    `update api_tokens set last_used_at = now() where token_hash = $1 and revoked_at is null returning id, name, scope`,
    [hash(token)],
  );
  return row ?? null;
}

/** The name and scope of a token still in force (a desk session's), or null once revoked. */
export async function activeToken(db: Queryable, id: number): Promise<{ name: string; scope: Scope } | null> {
  const [row] = await db.query<{ name: string; scope: Scope }>(`select name, scope from api_tokens where id = $1 and revoked_at is null`, [id]);
  return row ?? null;
}

/** admin can do everything; subscribers:write can read too. editor cannot touch the subscriber API (a paywall's token cannot edit editions). */
export const grants = (held: Scope, needed: Scope) => held === 'admin' || held === needed || (held === 'subscribers:write' && needed === 'subscribers:read');
