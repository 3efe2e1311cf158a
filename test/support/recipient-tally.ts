/**
 * How many distinct addresses a benchmark's fake provider accepted, and how many
 * times one came again, for a million readers in a few megabytes: each address is
 * kept as a 52-bit fingerprint in an open-addressed table, not as a string in a Map
 * (about 75 bytes an address, 75 MB at a million). Two addresses share a fingerprint
 * with odds of about n²/2⁵³ (1 in 9,000 at a million), which would read as one
 * duplicate: the tests count exactly, by address; this is for the benchmark.
 */
export class RecipientTally {
  private slots = new Float64Array(1 << 16);
  /** Distinct addresses seen. */
  size = 0;
  /** Acceptances beyond each address's first. */
  duplicates = 0;

  add(address: string): void {
    if (2 * (this.size + 1) > this.slots.length) this.grow();
    const fp = fingerprint(address);
    const at = this.find(this.slots, fp);
    if (this.slots[at] === 0) {
      this.slots[at] = fp;
      this.size++;
    } else this.duplicates++;
  }

  clear(): void {
    this.slots = new Float64Array(1 << 16);
    this.size = this.duplicates = 0;
  }

  /** The slot holding `fp`, or the empty one where it would go (linear probing; 0 marks empty). */
  private find(slots: Float64Array, fp: number): number {
    const mask = slots.length - 1;
    let at = fp % slots.length;
    while (slots[at] !== 0 && slots[at] !== fp) at = (at + 1) & mask;
    return at;
  }

  private grow(): void {
    const bigger = new Float64Array(this.slots.length * 2);
    for (const fp of this.slots) if (fp !== 0) bigger[this.find(bigger, fp)] = fp;
    this.slots = bigger;
  }
}

/** Two 32-bit FNV-style hashes of the address, as one integer in [1, 2⁵²]: exact in a double, never 0. */
function fingerprint(address: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 2 ** 20 + (b >>> 12) + 1;
}
