import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Scope } from './api-tokens.ts';

export interface DeskSession {
  tokenId: number;
  scope: Scope;
  expiresAt: number;
}

export const SESSION_HOURS = 12;

/**
 * The desk's signed session cookie: `<tokenId>.<scope>.<expiry>.<mac>`. It names the
 * API token an editor signed in with, so revoking the token ends the session at the
 * next request; it never carries the token itself. Forms carry a CSRF value derived
 * from the cookie, so another site cannot post with it.
 */
export class DeskSessions {
  private readonly key: Buffer;

  constructor(secret: string) {
    // A key of its own, derived from the instance secret: a reader link's MAC is never a valid session.
    this.key = createHmac('sha256', secret).update('broadsheet desk session v1').digest();
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }

  issue(tokenId: number, scope: Scope, now = Date.now()): string {
    const payload = `${tokenId}.${scope}.${now + SESSION_HOURS * 3600_000}`;
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  read(cookie: string | undefined, now = Date.now()): DeskSession | null {
    if (!cookie || cookie.length > 200) return null;
    const m = /^([1-9]\d{0,9})\.(editor|admin)\.(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
    if (!m) return null;
    const given = Buffer.from(m[4]!, 'base64url');
    if (!timingSafeEqual(this.mac(`${m[1]}.${m[2]}.${m[3]}`), given)) return null;
    const expiresAt = Number(m[3]);
    if (expiresAt <= now) return null;
    return { tokenId: Number(m[1]), scope: m[2] as Scope, expiresAt };
  }

  csrf(cookie: string): string {
    return this.mac(`csrf:${cookie}`).toString('base64url');
  }

  csrfMatches(cookie: string, given: unknown): boolean {
    if (typeof given !== 'string' || given.length !== 43) return false;
    return timingSafeEqual(Buffer.from(this.csrf(cookie)), Buffer.from(given));
  }
}
