import { randomBytes } from 'node:crypto';
import { escapeHtml } from './escape.ts';

/** The per-reader fields a rendered variant leaves holes for. */
export const PERSONAL_FIELDS = ['greeting', 'email', 'unsubscribe_url', 'unsubscribe_all_url', 'preferences_url'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];
export type PersonalValues = Record<PersonalField, string>;

/**
 * Placeholders carry a random nonce chosen per render: article text cannot contain
 * (or forge) a token it has never seen. Letters, digits and `_` only, so neither
 * React's escaping nor the HTML-to-text conversion alters them.
 */
export function newNonce(): string {
  return randomBytes(9).toString('hex');
}

export function placeholder(nonce: string, field: PersonalField): string {
  return `bs${nonce}_${field}_x`;
}

export function placeholders(nonce: string): PersonalValues {
  return Object.fromEntries(PERSONAL_FIELDS.map((f) => [f, placeholder(nonce, f)])) as PersonalValues;
}

/** A template split at its placeholders: even slots are literal text, odd slots are field names. */
export interface CompiledTemplate {
  parts: string[];
}

export function compileTemplate(template: string, nonce: string): CompiledTemplate {
  if (!/^[0-9a-f]{8,64}$/.test(nonce)) throw new Error('token nonce must be hex');
  const pattern = new RegExp(`bs${nonce}_(${PERSONAL_FIELDS.join('|')})_x`, 'g');
  return { parts: template.split(pattern) };
}

export type Context = 'html' | 'text';

/** Fills the holes; values are escaped for HTML (text and attributes alike) or left raw for the plain-text part. */
export function personalise(compiled: CompiledTemplate, values: PersonalValues, context: Context): string {
  const { parts } = compiled;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const value = values[parts[i] as PersonalField];
    out += (context === 'html' ? escapeHtml(value) : value) + parts[i + 1]!;
  }
  return out;
}

/**
 * The inside of a JSON string literal for `text`: `text` itself when nothing in it needs
 * escaping (most readers' values), else what `JSON.stringify` writes between its quotes.
 */
export function jsonInner(text: string): string {
  return /["\\\x00-\x1f\ud800-\udfff]/.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}

/** The inside of a JSON string literal for `text`, as UTF-8 bytes. */
export const jsonStringBytes = (text: string): Buffer => Buffer.from(jsonInner(text), 'utf8');

/**
 * A compiled template as the inside of a JSON string, its literal parts already
 * escaped and encoded: a provider's JSON body is then written from bytes made
 * once per variant, and only each reader's few short values are escaped per email.
 */
export interface JsonTemplate {
  /** Even slots: encoded literal parts; odd slots: field names. */
  parts: (Buffer | PersonalField)[];
  /** The literal parts' bytes together. */
  literalBytes: number;
}

export function jsonTemplate(compiled: CompiledTemplate): JsonTemplate {
  const parts = compiled.parts.map((p, i) => (i % 2 ? (p as PersonalField) : jsonStringBytes(p)));
  return { parts, literalBytes: parts.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : 0), 0) };
}

const jsonValue = (value: string, context: Context): string => jsonInner(context === 'html' ? escapeHtml(value) : value);

/** How many bytes `writePersonalisedJson` will write, counted without making them. */
export function personalisedJsonBytes(template: JsonTemplate, values: PersonalValues, context: Context): number {
  let bytes = template.literalBytes;
  for (let i = 1; i < template.parts.length; i += 2) bytes += Buffer.byteLength(jsonValue(values[template.parts[i] as PersonalField], context));
  return bytes;
}

/**
 * `personalise`, as JSON-string bytes written into `into` from `at` (the same text
 * `JSON.stringify(personalise(…))` holds between its quotes); returns where it stopped.
 * Written straight into a request's piece, a reader's body leaves no objects behind.
 */
export function writePersonalisedJson(template: JsonTemplate, values: PersonalValues, context: Context, into: Buffer, at: number): number {
  for (const p of template.parts) at += Buffer.isBuffer(p) ? p.copy(into, at) : into.write(jsonValue(values[p], context), at);
  return at;
}
