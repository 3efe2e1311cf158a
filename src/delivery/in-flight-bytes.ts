/**
 * How many bytes of email the batches a process is sending may hold at once: a batch
 * waits (first come, first served) until there is room for its bodies. A batch larger
 * than the whole allowance still goes, alone, so nothing waits forever. Counting
 * batches alone would let a large edition (or many variants) take all of a worker's memory.
 */
export class InFlightBytes {
  private used = 0;
  private readonly waiting: { bytes: number; go: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** Bytes held now by batches being sent. */
  get inUse(): number {
    return this.used;
  }

  /** Runs `fn` once `bytes` fit, and gives them back when it ends (or fails). */
  async hold<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    if (this.fits(bytes) && !this.waiting.length) this.used += bytes;
    else await new Promise<void>((go) => this.waiting.push({ bytes, go }));
    try {
      return await fn();
    } finally {
      this.used -= bytes;
      this.admit();
    }
  }

  private fits(bytes: number): boolean {
    return this.used === 0 || this.used + bytes <= this.limit;
  }

  private admit(): void {
    while (this.waiting.length && this.fits(this.waiting[0]!.bytes)) {
      const next = this.waiting.shift()!;
      this.used += next.bytes;
      next.go();
    }
  }
}

/**
 * What one email of a variant holds while its batch is sent by a transport that makes
 * each message whole (the outbox): the personalised HTML and text, and the message
 * they are encoded into.
 */
export function emailBytes(htmlChars: number, textChars: number): number {
  return 3 * (htmlChars + textChars);
}

/**
 * What one email holds while its batch is sent by a transport that streams the bodies
 * (Resend): its reader's values and objects, and its share of the 64 KB pieces being
 * written, whatever the digest's length. A heap sample of a sending worker put what a
 * batch keeps until its answer at about 2 KB a reader; the pieces add about 1.3 KB.
 */
export const STREAMED_EMAIL_BYTES = 4 * 1024;
