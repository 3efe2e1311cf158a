import { userInfo } from 'node:os';
import type { Queryable } from '../db/database.ts';

/** Who acts: an API token (its id and name), the CLI's operator, or a schedule. */
export interface Actor {
  tokenId: number | null;
  name: string;
}

export const AUDIT_ACTIONS = [
  'edition.create',
  'edition.edit',
  'edition.test-send',
  'edition.schedule',
  'edition.unschedule',
  'edition.pause',
  'edition.resume',
  'edition.cancel',
  'edition.retry-failed',
  'edition.settle',
  'token.create',
  'token.revoke',
  'webhook.add',
  'webhook.change',
  'webhook.remove',
  // Who erased a reader, never whom: the address is what the erasure removes.
  'subscriber.erase',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  at: Date;
  tokenId: number | null;
  actor: string;
  action: AuditAction;
  editionId: string | null;
  detail: Record<string, unknown>;
}

/** The operator at a terminal: the CLI has no token, so the account it runs as. */
export function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): say so rather than fail
  }
  return { tokenId: null, name: `cli (${user})` };
}

export const SCHEDULE_ACTOR: Actor = { tokenId: null, name: 'schedule' };

/** Records one action. Detail is what identifies the change, never a secret or a reader's address. */
export async function audit(db: Queryable, actor: Actor, action: AuditAction, target: { editionId?: string | null; detail?: Record<string, unknown> } = {}): Promise<void> {
  await db.query(`insert into audit_log (token_id, actor, action, edition_id, detail) values ($1, $2, $3, $4, $5)`, [
    actor.tokenId,
    actor.name.slice(0, 200),
    action,
    target.editionId ?? null,
    JSON.stringify(target.detail ?? {}),
  ]);
}

/** The newest entries first; one edition's, or everyone's. */
export async function auditTrail(db: Queryable, filter: { editionId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
  return db.query<AuditEntry>(
    `select id::int, at, token_id as "tokenId", actor, action, edition_id as "editionId", detail from audit_log
      where ($1::uuid is null or edition_id = $1) order by at desc, id desc limit $2`,
    [filter.editionId ?? null, Math.min(Math.max(filter.limit ?? 100, 1), 1000)],
  );
}
