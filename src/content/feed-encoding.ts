/**
 * A feed's bytes as text, decoded the way newsrooms' CMSes actually label them:
 * by byte-order mark, then the XML declaration, then the HTTP charset; without any
 * of them UTF-8, and where the bytes are not valid UTF-8, Windows-1252 (what
 * "ISO-8859-1" means in practice, and what old CMSes write). Pure.
 */

export interface DecodedFeed {
  text: string;
  /** The WHATWG name of the encoding used, e.g. `utf-8`, `windows-1252`, `utf-16le`. */
  encoding: string;
  /** What was guessed or corrected on the way, for the editor. */
  notes: string[];
}

const BOMS: [bytes: number[], encoding: string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** A label TextDecoder knows (`latin1`, `ISO-8859-1`, `cp1252`, `UTF-16`…) to its canonical name, or null. */
function encodingOf(label: string | null | undefined): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** `<?xml … encoding="…"?>` at the very start, read as ASCII (every encoding we accept without a BOM is ASCII-compatible there). */
function declaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  const decl = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head);
  return decl ? decl[1]! : null;
}

/** `text/xml; charset=ISO-8859-1` → `ISO-8859-1`. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1]! : null;
}

/** Windows-1252's 0x80–0x9F (WHATWG): where it differs from Latin-1. Node 20's TextDecoder decodes "windows-1252" as Latin-1. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function decodeStrict(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

export function decodeFeedBytes(bytes: Uint8Array, httpCharset?: string | null): DecodedFeed {
  const notes: string[] = [];
  for (const [bom, encoding] of BOMS) {
    // The BOM wins over any label (XML 1.0, appendix F); TextDecoder drops it.
    if (startsWith(bytes, bom)) return finish(bytes, encoding, notes);
  }
  // UTF-16 without a BOM still starts "<?" as two-byte units.
  if (startsWith(bytes, [0x3c, 0x00, 0x3f, 0x00])) return finish(bytes, 'utf-16le', notes);
  if (startsWith(bytes, [0x00, 0x3c, 0x00, 0x3f])) return finish(bytes, 'utf-16be', notes);

  const declared = declaredEncoding(bytes);
  const http = httpCharset ?? null;
  for (const [label, where] of [
    [declared, 'its XML declaration'],
    [http, 'the HTTP charset'],
  ] as const) {
    if (!label) continue;
    const encoding = encodingOf(label);
    if (!encoding) {
      notes.push(`the feed's encoding ${JSON.stringify(label)} (from ${where}) is unknown; read as UTF-8`);
      continue;
    }
    // A declaration we could read as ASCII cannot be true of UTF-16: a file saved as UTF-8 that says otherwise.
    if (encoding.startsWith('utf-16')) {
      notes.push(`the feed says ${label} (in ${where}) but is not: read as UTF-8`);
      continue;
    }
    return finish(bytes, encoding, notes);
  }
  return finish(bytes, 'utf-8', notes);
}

function finish(bytes: Uint8Array, encoding: string, notes: string[]): DecodedFeed {
  if (encoding === 'utf-8') {
    const text = decodeStrict(bytes, 'utf-8');
    if (text !== null) return { text, encoding, notes };
    // Invalid UTF-8 is almost always Windows-1252 (or Latin-1, its subset) labelled wrongly.
    notes.push('the feed is not valid UTF-8: read as Windows-1252');
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', notes };
  }
  if (encoding === 'windows-1252') return { text: decodeWindows1252(bytes), encoding, notes };
  // Other decoders replace what they cannot map; a stray byte then shows as U+FFFD rather than losing the story.
  return { text: new TextDecoder(encoding).decode(bytes), encoding, notes };
}
