import { createSecretKey, type KeyObject } from 'node:crypto';
import { signToken, verifyToken, type TokenClaims } from '../security/signed-token.ts';

/** Builds every link an email carries, under PUBLIC_URL. Reader links are HMAC-signed. */
export class ReaderLinks {
  private readonly signingKey: KeyObject;
  private readonly verifyingKeys: KeyObject[];

  /** `previousKey`: during a key rotation, links signed with it are still honoured. */
  constructor(
    private readonly publicUrl: string,
    signingKey: string,
    previousKey?: string,
  ) {
    const key = (k: string) => createSecretKey(Buffer.from(k, 'utf8'));
    this.signingKey = key(signingKey);
    this.verifyingKeys = [this.signingKey, ...(previousKey ? [key(previousKey)] : [])];
  }

  /** The claims of a token from one of our links, or null if it is not one. */
  verify(token: string): TokenClaims | null {
    return verifyToken(this.verifyingKeys, token);
  }

  unsubscribe(subscriberId: number, listId: number): string {
    return `${this.publicUrl}/u/${signToken(this.signingKey, { purpose: 'unsubscribe', subscriberId, listId })}`;
  }

  unsubscribeAll(subscriberId: number): string {
    return `${this.publicUrl}/u/${signToken(this.signingKey, { purpose: 'unsubscribe-all', subscriberId, listId: 0 })}`;
  }

  preferences(subscriberId: number): string {
    return `${this.publicUrl}/preferences/${signToken(this.signingKey, { purpose: 'preferences', subscriberId, listId: 0 })}`;
  }

  /** Confirms every pending subscription of the reader (double opt-in). */
  confirm(subscriberId: number): string {
    return `${this.publicUrl}/confirm/${signToken(this.signingKey, { purpose: 'confirm', subscriberId, listId: 0 })}`;
  }

  /** "Keep me on this list": the answer to a re-permission email (list health). */
  keep(subscriberId: number, listId: number): string {
    return `${this.publicUrl}/keep/${signToken(this.signingKey, { purpose: 'keep', subscriberId, listId })}`;
  }

  archive(editionId: string): string {
    return `${this.publicUrl}/archive/${editionId}`;
  }

  subscribe(listSlug: string): string {
    return `${this.publicUrl}/subscribe/${encodeURIComponent(listSlug)}`;
  }
}
