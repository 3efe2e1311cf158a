/**
 * Reads a message back as its reader's client would show it: headers (encoded-
 * words decoded), the plain-text part and the HTML part. For the desk's Outbox
 * page; it reads what `toMime` writes (and ordinary MIME besides: quoted-printable,
 * base64, 7/8bit, nested multiparts). Pure.
 */

export interface ReadMessage {
  headers: { name: string; value: string }[];
  text: string | null;
  html: string | null;
}

/** `=?UTF-8?B?…?=` and `=?…?Q?…?=` words decoded; whitespace between two words dropped, as RFC 2047 says. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (whole, charset: string, enc: string, data: string) => {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' '));
      return decodeBytes(bytes, charset) ?? whole;
    });
}

function decodeBytes(bytes: Buffer, charset: string): string | null {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return null;
  }
}

function qpBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...Buffer.from(ch, 'latin1'));
    }
  }
  return Buffer.from(out);
}

/** Header block → unfolded name/value pairs. */
function parseHeaders(block: string): { name: string; value: string }[] {
  const headers: { name: string; value: string }[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1]!.value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
  }
  return headers;
}

const headerOf = (headers: { name: string; value: string }[], name: string) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? '';

function param(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function splitMessage(raw: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) } : { head: raw, body: '' };
}

function decodeBody(body: string, encoding: string, charset: string): string {
  const enc = encoding.toLowerCase();
  const bytes =
    enc === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : enc === 'quoted-printable' ? qpBytes(body.replace(/=\r?\n/g, '')) : Buffer.from(body, 'latin1');
  return decodeBytes(bytes, charset) ?? bytes.toString('utf8');
}

function walk(head: string, body: string, found: { text: string | null; html: string | null }): void {
  const headers = parseHeaders(head);
  const type = headerOf(headers, 'Content-Type') || 'text/plain';
  const mime = type.split(';')[0]!.trim().toLowerCase();
  if (mime.startsWith('multipart/')) {
    const boundary = param(type, 'boundary');
    if (!boundary) return;
    const parts = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
    for (const part of parts.slice(1)) {
      if (!part.trim()) continue;
      const p = splitMessage(part);
      walk(p.head, p.body, found);
    }
    return;
  }
  const decoded = decodeBody(body, headerOf(headers, 'Content-Transfer-Encoding') || '7bit', param(type, 'charset') ?? 'utf-8');
  if (mime === 'text/html' && found.html === null) found.html = decoded;
  else if (mime === 'text/plain' && found.text === null) found.text = decoded;
}

export function readMessage(raw: string): ReadMessage {
  const { head, body } = splitMessage(raw);
  const headers = parseHeaders(head).map((h) => ({ name: h.name, value: decodeEncodedWords(h.value) }));
  const found = { text: null as string | null, html: null as string | null };
  walk(head, body, found);
  return { headers, ...found };
}
