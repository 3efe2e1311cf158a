import { createSecretKey, type KeyObject } from 'node:crypto';
import { signToken } from '../security/signed-token.ts';

/** Builds every link an email carries, under PUBLIC_URL. Reader links are HMAC-signed. */
export class ReaderLinks {
  private readonly signingKey: KeyObject;

  constructor(
    private readonly publicUrl: string,
    signingKey: string,
  ) {
    this.signingKey = createSecretKey(Buffer.from(signingKey, 'utf8'));
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

  archive(editionId: string): string {
    return `${this.publicUrl}/archive/${editionId}`;
  }

  subscribe(listSlug: string): string {
    return `${this.publicUrl}/subscribe/${encodeURIComponent(listSlug)}`;
  }
}
