import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../src/security/signed-token.ts';

const KEY = 'current-key-0123456789abcdef0123456789';
const OLD = 'previous-key-0123456789abcdef012345678';
const claims = { purpose: 'unsubscribe' as const, subscriberId: 42, listId: 7 };

describe('signed reader tokens', () => {
  it('round-trips and is URL-safe', () => {
    const token = signToken(KEY, claims);
    expect(token).toMatch(/^v1\.unsubscribe\.42\.7\.[A-Za-z0-9_-]{22}$/);
    expect(verifyToken([KEY], token)).toEqual(claims);
  });

  it('accepts a token signed with the previous key during a rotation', () => {
    expect(verifyToken([KEY, OLD], signToken(OLD, claims))).toEqual(claims);
    expect(verifyToken([KEY], signToken(OLD, claims))).toBeNull();
  });

  it('rejects altered, forged and malformed tokens', () => {
    const token = signToken(KEY, claims);
    const [v, p, s, l, mac] = token.split('.') as [string, string, string, string, string];
    expect(verifyToken([KEY], [v, p, '43', l, mac].join('.'))).toBeNull();
    expect(verifyToken([KEY], [v, 'preferences', s, l, mac].join('.'))).toBeNull();
    expect(verifyToken([KEY], [v, p, s, '8', mac].join('.'))).toBeNull();
    expect(verifyToken([KEY], [v, p, s, l, mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A')].join('.'))).toBeNull();
    expect(verifyToken([KEY], signToken('attacker-guess', claims))).toBeNull();
    for (const junk of ['', '....', 'v1.unsubscribe.042.7.x', 'v2.unsubscribe.42.7.' + mac, token + '.', 'x'.repeat(500)]) {
      expect(verifyToken([KEY], junk)).toBeNull();
    }
  });

  it('never throws on random input', () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = Array.from({ length: Math.floor(Math.random() * 80) }, () => String.fromCharCode(Math.floor(Math.random() * 128)));
      expect(verifyToken([KEY], bytes.join(''))).toBeNull();
    }
  });
});

describe('signed reader tokens under mutation', () => {
  it('rejects every single-character change of a valid token', () => {
    const token = signToken(KEY, claims);
    const alphabet = 'abcXYZ0129-_.';
    let tried = 0;
    for (let i = 0; i < token.length; i++) {
      for (const c of alphabet) {
        if (c === token[i]) continue;
        const mutated = token.slice(0, i) + c + token.slice(i + 1);
        const result = verifyToken([KEY], mutated);
        // The only mutations that verify are none: any accepted token must be the original's claims under a valid MAC.
        expect(result, mutated).toBeNull();
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(400);
  });
});
