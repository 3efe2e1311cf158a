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
 * What one email of a variant may hold while its batch is sent: for SMTP and SES, the
 * personalised HTML and text and the message they are encoded into. Resend's body is
 * written in 64 KB pieces as the socket takes them, so there this is an upper bound.
 */
export function emailBytes(htmlChars: number, textChars: number): number {
  return 3 * (htmlChars + textChars);
}
