import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** What a reader's link may do. A token signed for one purpose is worthless for another. */
export type TokenPurpose = 'unsubscribe' | 'unsubscribe-all' | 'preferences' | 'confirm' | 'keep';

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriberId: number;
  /** 0 for purposes that span every list. */
  listId: number;
}

const PURPOSES = new Set<TokenPurpose>(['unsubscribe', 'unsubscribe-all', 'preferences', 'confirm', 'keep']);
const VERSION = 'v1';

/** A key as configured, or prepared once with createSecretKey (cheaper when signing a link per reader). */
export type SigningKey = string | KeyObject;

function mac(key: SigningKey, payload: string): Buffer {
  // 16 bytes of HMAC-SHA256: 128-bit forgery resistance, and links stay short.
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

/** `v1.<purpose>.<subscriber>.<list>.<mac>` — URL-safe, no padding. */
export function signToken(key: SigningKey, claims: TokenClaims): string {
  const payload = `${VERSION}.${claims.purpose}.${claims.subscriberId}.${claims.listId}`;
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/**
 * Verifies a token against the current key and, during a rotation, the previous ones.
 * Returns the claims, or null for anything malformed, altered or forged.
 */
export function verifyToken(keys: readonly SigningKey[], token: string): TokenClaims | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 5) return null;
  const [version, purpose, subscriber, list, signature] = parts as [string, string, string, string, string];
  if (version !== VERSION || !PURPOSES.has(purpose as TokenPurpose)) return null;
  if (!/^[1-9]\d{0,9}$/.test(subscriber) || !/^(0|[1-9]\d{0,9})$/.test(list)) return null;
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== 16 || given.toString('base64url') !== signature) return null;
  const payload = `${version}.${purpose}.${subscriber}.${list}`;
  // Check every key, without stopping early, so timing says nothing about which key (if any) matched.
  let valid = false;
  for (const key of keys) valid = timingSafeEqual(mac(key, payload), given) || valid;
  return valid ? { purpose: purpose as TokenPurpose, subscriberId: Number(subscriber), listId: Number(list) } : null;
}
