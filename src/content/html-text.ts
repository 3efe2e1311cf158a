import { decodeHTML } from 'entities';

/** Enough HTML to find a dek and a picture: text beyond this is never shown, and not worth reading. */
export const HTML_READ_LIMIT = 64 * 1024;

const isTagStart = (c: string | undefined) => c !== undefined && /[A-Za-z/!?]/.test(c);

/**
 * Feed descriptions are HTML: reduce them to plain text (our templates escape it
 * again on the way out). One pass, no backtracking: a description of any shape
 * costs time in proportion to its length. Scripts and styles are dropped with
 * their contents; every HTML entity is decoded.
 */
export function htmlToText(html: string): string {
  const src = html.length > HTML_READ_LIMIT ? html.slice(0, HTML_READ_LIMIT) : html;
  const lower = src.toLowerCase();
  let out = '';
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      out += src.slice(i);
      break;
    }
    out += src.slice(i, lt);
    if (!isTagStart(src[lt + 1])) {
      out += '<';
      i = lt + 1;
      continue;
    }
    const hidden = /^<(script|style)\b/.exec(lower.slice(lt, lt + 8));
    if (hidden) {
      const close = lower.indexOf(`</${hidden[1]}`, lt);
      if (close < 0) break;
      const end = src.indexOf('>', close);
      if (end < 0) break;
      out += ' ';
      i = end + 1;
      continue;
    }
    const gt = src.indexOf('>', lt);
    if (gt < 0) break; // a tag cut off at the end: nothing after it is text
    out += ' ';
    i = gt + 1;
  }
  return plainText(decodeHTML(out));
}

/**
 * Text for one line of a digest: whitespace collapsed, and control characters a CMS
 * let through (or wrote as references) dropped: nothing in a story needs them.
 */
export function plainText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface HtmlImage {
  src: string;
  alt: string | null;
}

/** The `<img>` elements of some HTML, with their src and alt, in order (at most `max`). One pass, like htmlToText. */
export function imagesIn(html: string, max = 20): HtmlImage[] {
  const src = html.length > HTML_READ_LIMIT ? html.slice(0, HTML_READ_LIMIT) : html;
  const lower = src.toLowerCase();
  const found: HtmlImage[] = [];
  let i = 0;
  while (found.length < max) {
    const at = lower.indexOf('<img', i);
    if (at < 0) break;
    const end = src.indexOf('>', at);
    if (end < 0) break;
    const tag = src.slice(at, Math.min(end, at + 4096));
    i = end + 1;
    const attr = (name: string) => {
      const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
      return m ? decodeHTML(m[1] ?? m[2] ?? m[3] ?? '') : null;
    };
    const url = attr('src');
    if (url) found.push({ src: url, alt: attr('alt') });
  }
  return found;
}
