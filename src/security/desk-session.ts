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
    // Compared as text: 43 base64url characters carry 258 bits for a 256-bit MAC, so four spellings decode to the
    // same bytes; only the one we issued is accepted.
    if (!equalText(this.mac(`${m[1]}.${m[2]}.${m[3]}`).toString('base64url'), m[4]!)) return null;
    const expiresAt = Number(m[3]);
    if (expiresAt <= now) return null;
    return { tokenId: Number(m[1]), scope: m[2] as Scope, expiresAt };
  }

  csrf(cookie: string): string {
    return this.mac(`csrf:${cookie}`).toString('base64url');
  }

  csrfMatches(cookie: string, given: unknown): boolean {
    return typeof given === 'string' && equalText(this.csrf(cookie), given);
  }
}

/** Constant-time equality of two strings, whatever they hold (a multibyte character is just unequal). */
function equalText(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
