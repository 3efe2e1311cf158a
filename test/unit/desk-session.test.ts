import { describe, expect, it } from 'vitest';
import { throughput } from '../../src/editions/edition-service.ts';
import { DeskSessions, SESSION_HOURS } from '../../src/security/desk-session.ts';

describe('desk sessions', () => {
  const sessions = new DeskSessions('secret-one-0123456789abcdef0123456789');
  const now = Date.parse('2026-11-24T20:00:00Z');

  it('round-trips, and expires after the session length', () => {
    const cookie = sessions.issue(7, 'editor', now);
    expect(sessions.read(cookie, now + 1000)).toEqual({ tokenId: 7, scope: 'editor', expiresAt: now + SESSION_HOURS * 3600_000 });
    expect(sessions.read(cookie, now + SESSION_HOURS * 3600_000)).toBeNull();
  });

  it('refuses every altered cookie: another token, a wider scope, a later expiry, another key', () => {
    const cookie = sessions.issue(7, 'editor', now);
    const [id, scope, exp, mac] = cookie.split('.') as [string, string, string, string];
    for (const forged of [`8.${scope}.${exp}.${mac}`, `${id}.admin.${exp}.${mac}`, `${id}.${scope}.${Number(exp) + 1}.${mac}`, `${cookie}x`, cookie.slice(0, -1), '', 'x'.repeat(300)]) {
      expect(sessions.read(forged, now), forged).toBeNull();
    }
    expect(new DeskSessions('another-secret-0123456789abcdef012345').read(cookie, now)).toBeNull();
    // Every one-character change of the MAC is refused.
    for (let i = 0; i < mac.length; i++) {
      const c = mac[i] === 'A' ? 'B' : 'A';
      expect(sessions.read(`${id}.${scope}.${exp}.${mac.slice(0, i)}${c}${mac.slice(i + 1)}`, now)).toBeNull();
    }
  });

  it('derives a CSRF value per session that another session does not match', () => {
    const a = sessions.issue(7, 'editor', now);
    const b = sessions.issue(8, 'editor', now);
    expect(sessions.csrfMatches(a, sessions.csrf(a))).toBe(true);
    expect(sessions.csrfMatches(a, sessions.csrf(b))).toBe(false);
    expect(sessions.csrfMatches(a, undefined)).toBe(false);
    expect(sessions.csrfMatches(a, 'short')).toBe(false);
    // 43 characters, some of them multibyte: unequal, not a crash.
    expect(sessions.csrfMatches(a, 'é'.repeat(43))).toBe(false);
    expect(sessions.csrfMatches(a, `${sessions.csrf(a).slice(0, 42)}é`)).toBe(false);
  });

  it('accepts only the MAC spelling it issued, not the other base64 spellings of the same bytes', () => {
    const cookie = sessions.issue(7, 'editor', now);
    const [id, scope, exp, mac] = cookie.split('.') as [string, string, string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(mac.at(-1)!);
    // The final character's two low bits are padding: these four spell the same 32 bytes.
    const spellings = [0, 1, 2, 3].map((bits) => `${mac.slice(0, -1)}${alphabet[(last & ~3) | bits]}`);
    expect(new Set(spellings.map((m) => Buffer.from(m, 'base64url').toString('hex'))).size).toBe(1);
    for (const m of spellings) expect(sessions.read(`${id}.${scope}.${exp}.${m}`, now) !== null, m).toBe(m === mac);
  });
});

describe('send rate and ETA', () => {
  const now = Date.parse('2026-11-24T20:00:00Z');
  it('divides by the time actually covered early in a send, and waits for the last local-time batch', () => {
    expect(throughput(100, 50, 10, null, now)).toEqual({ ratePerSecond: 5, etaSeconds: 20 });
    expect(throughput(0, 50, 60, null, now)).toEqual({ ratePerSecond: 0.8, etaSeconds: 0 });
    expect(throughput(10, 0, 0, null, now)).toEqual({ ratePerSecond: 0, etaSeconds: null });
    expect(throughput(10, 0, 0, new Date(now + 7200_000), now)).toEqual({ ratePerSecond: 0, etaSeconds: 7200 });
    expect(throughput(10, 60, 60, new Date(now + 30_000), now)).toEqual({ ratePerSecond: 1, etaSeconds: 30 });
  });
});
