import { decodeHTMLStrict } from 'entities';
import sax from 'sax';

/**
 * XML as feeds are really written, read into a small tree: namespaces resolved
 * (to short names for the vocabularies feeds use), `xml:base` resolved for each
 * element, HTML's named entities understood (RSS 0.91 declared them through its
 * DTD), an internal DTD's simple entities expanded once and never recursively,
 * external entities never fetched. Bounded: depth, element count and entity
 * expansion are capped, so no input can make it use more than a few times its
 * own size. Pure.
 */

export interface XmlElement {
  /** `dc:creator`, `media:content`, `atom:link`, or a bare `title` for RSS's own (un-namespaced or RSS 1.0) elements. */
  name: string;
  /** Attributes by the same naming: `href`, `xml:base`, `rdf:about`. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** This element's own text and CDATA, in order (child elements' text is theirs). */
  text: string;
  /** Text and child elements in document order, for mixed content (inline XHTML, stray HTML tags). */
  nodes: (string | XmlElement)[];
  /** The element's base URL (from `xml:base` and the document's URL), if any. */
  base: string | null;
  line: number;
}

/** Markup that cannot be read; `line` and `column` are 1-based. */
export class XmlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`not well-formed XML at line ${line}, column ${column}: ${reason}`);
  }
}

/** The vocabularies feeds use, by namespace URI. Elements of RSS itself (0.9x, 1.0, 2.0) get no prefix. */
const SHORT_NAMES: Record<string, string> = {
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/rss/1.0/modules/slash/': 'slash',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

export const LIMITS = {
  depth: 64,
  elements: 250_000,
  /** Characters an internal DTD's entities may add in all. */
  entityExpansion: 1_000_000,
  dtdEntities: 256,
  dtdEntityLength: 4096,
  /** Markup slips read past (an unescaped &, an undeclared prefix) before a document is judged not worth reading. */
  recoverableErrors: 1000,
  /** Attributes on one element: sax checks each against the others, so thousands would cost seconds. */
  attributes: 100,
  /**
   * An unfinished `<!…` declaration (not a comment, CDATA or DOCTYPE): sax re-tests the whole
   * of it at every character, so a long one is quadratic. Checked between chunks of this many characters.
   */
  declaration: 1024,
  doctype: 64 * 1024,
};

/** Characters handed to sax at a time, so the declaration check runs often enough to bound its cost. */
const CHUNK = 1024;

/** Whatever sax says here, the document can still be read as intended: note it and carry on. */
const RECOVERABLE = [
  /^Invalid character entity/,
  /^Invalid character in entity name/,
  /^Unquoted attribute value/,
  /^Attribute without value/,
  /^Invalid attribute name/,
  /^Duplicate attribute/,
  /^Attribute .* redefined/,
  /^Invalid characters in closing tag/,
];

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** HTML entities looked up so far (bounded: a hostile feed may name thousands of made-up ones). */
const htmlEntityCache = new Map<string, string | undefined>();

/** `entity` in a document is XML's or HTML's `&name;`, when it is one. */
function htmlEntity(name: string): string | undefined {
  const xml = XML_ENTITIES[name];
  if (xml !== undefined) return xml;
  if (htmlEntityCache.has(name)) return htmlEntityCache.get(name);
  if (!/^[A-Za-z][A-Za-z0-9]{1,31}$/.test(name)) return undefined;
  const decoded = decodeHTMLStrict(`&${name};`);
  const value = decoded !== `&${name};` && [...decoded].length <= 2 ? decoded : undefined;
  if (htmlEntityCache.size < 4096) htmlEntityCache.set(name, value);
  return value;
}

/** `<!ENTITY name "value">` of an internal subset; parameter and external (SYSTEM, PUBLIC) entities are left out. */
function dtdEntities(doctype: string): Map<string, string> {
  const found = new Map<string, string>();
  const subset = /\[([\s\S]*)\]/.exec(doctype)?.[1] ?? '';
  for (const m of subset.matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]{0,63})\s+(?:"([^"]*)"|'([^']*)')\s*>/g)) {
    if (found.size >= LIMITS.dtdEntities) break;
    const raw = (m[2] ?? m[3] ?? '').slice(0, LIMITS.dtdEntityLength);
    // Character references and the five XML entities are read; references to other entities stay text (no recursion, no bombs).
    const value = raw.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi, (all, e: string) => {
      if (e[0] !== '#') return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()] ?? all;
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    });
    if (!found.has(m[1]!)) found.set(m[1]!, value);
  }
  return found;
}

const resolveUrl = (href: string, base: string | null): string | null => {
  try {
    return new URL(href.trim(), base ?? undefined).toString();
  } catch {
    return base;
  }
};

export interface ParsedXml {
  root: XmlElement;
  /** What was not quite right but could be read anyway, e.g. an unescaped `&` at line 4. */
  warnings: string[];
}

export function parseXml(text: string, opts: { baseUrl?: string | null } = {}): ParsedXml {
  // Namespaces are resolved here, not by sax: its namespace mode checks each attribute against every other (quadratic).
  const parser = sax.parser(true, { xmlns: false, position: true, trim: false, normalize: false });
  const warnings: string[] = [];
  const dtd = new Map<string, string>();
  let expanded = 0;
  let expansionOverflow = false;
  // sax looks entities up by name (and again in lower case): ours from the DTD, then HTML's.
  parser.ENTITIES = new Proxy(Object.create(null) as Record<string, string>, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      const fromDtd = dtd.get(name);
      if (fromDtd !== undefined) {
        expanded += fromDtd.length;
        if (expanded > LIMITS.entityExpansion) {
          expansionOverflow = true;
          return '';
        }
        return fromDtd;
      }
      return htmlEntity(name);
    },
  });

  const stack: XmlElement[] = [];
  // Prefix → namespace URI in scope, one map per open element (shared with the parent until an element declares its own).
  const scopes: Record<string, string>[] = [{ xml: 'http://www.w3.org/XML/1998/namespace' }];
  let root: XmlElement | null = null;
  let elements = 0;
  const where = () => ({ line: parser.line + 1, column: parser.column + 1 });
  const fail = (reason: string): never => {
    const { line, column } = where();
    throw new XmlSyntaxError(reason, line, column);
  };

  let recovered = 0;
  parser.onerror = (err: Error) => {
    const reason = err.message.split('\n')[0]!;
    if (!RECOVERABLE.some((r) => r.test(reason))) fail(reason);
    if (++recovered > LIMITS.recoverableErrors) fail(`more than ${LIMITS.recoverableErrors} markup errors (the last: ${reason})`);
    if (warnings.length < 20) warnings.push(`line ${parser.line + 1}: ${reason}`);
    parser.resume();
  };
  let attributes = 0;
  parser.onopentagstart = () => void (attributes = 0);
  parser.onattribute = () => {
    if (++attributes > LIMITS.attributes) fail(`more than ${LIMITS.attributes} attributes on one element`);
  };
  parser.ondoctype = (doctype: string) => {
    for (const [name, value] of dtdEntities(doctype)) dtd.set(name, value);
    if (/<!ENTITY\s+%|SYSTEM|PUBLIC/i.test(/\[([\s\S]*)\]/.exec(doctype)?.[1] ?? '')) {
      warnings.push('the DOCTYPE declares parameter or external entities: they are not read');
    }
  };
  parser.onopentag = (node: sax.Tag) => {
    if (stack.length >= LIMITS.depth) fail(`elements nested deeper than ${LIMITS.depth}`);
    if (++elements > LIMITS.elements) fail(`more than ${LIMITS.elements} elements`);
    let scope = scopes[scopes.length - 1]!;
    for (const [name, value] of Object.entries(node.attributes)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === scopes[scopes.length - 1]) scope = { ...scope };
        scope[name === 'xmlns' ? '' : name.slice(6)] = value;
      }
    }
    scopes.push(scope);
    const resolve = (qname: string, isAttribute: boolean) => {
      const colon = qname.indexOf(':');
      const prefix = colon > 0 ? qname.slice(0, colon) : '';
      const local = colon > 0 ? qname.slice(colon + 1) : qname;
      // Unprefixed attributes belong to no namespace; unprefixed elements to the default one.
      const uri = prefix ? scope[prefix] : isAttribute ? undefined : scope[''];
      return qualified(uri, prefix, local);
    };
    const attrs: Record<string, string> = {};
    for (const [name, value] of Object.entries(node.attributes)) {
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) attrs[resolve(name, true)] = value;
    }
    const parent = stack[stack.length - 1];
    const inherited = parent ? parent.base : (opts.baseUrl ?? null);
    const el: XmlElement = {
      name: resolve(node.name, false),
      attrs,
      children: [],
      text: '',
      nodes: [],
      base: attrs['xml:base'] !== undefined ? resolveUrl(attrs['xml:base'], inherited) : inherited,
      line: parser.line + 1,
    };
    if (parent) {
      parent.children.push(el);
      parent.nodes.push(el);
    } else root ??= el;
    stack.push(el);
  };
  parser.onclosetag = () => {
    stack.pop();
    scopes.pop();
  };
  const onText = (t: string) => {
    const current = stack[stack.length - 1];
    if (!current) return;
    current.text += t;
    current.nodes.push(t);
  };
  parser.ontext = onText;
  parser.oncdata = onText;

  // sax makes an Error for every slip it reads past; without stack traces that costs little. Synchronous, so restored before anyone else runs.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const state = parser as unknown as { sgmlDecl: string; doctype: string | boolean };
    for (let at = 0; at < text.length; at += CHUNK) {
      parser.write(text.slice(at, at + CHUNK));
      if (state.sgmlDecl.length > LIMITS.declaration) fail(`a <! declaration longer than ${LIMITS.declaration} characters`);
      if (typeof state.doctype === 'string' && state.doctype.length > LIMITS.doctype) fail(`a DOCTYPE longer than ${LIMITS.doctype / 1024} KB`);
    }
    parser.close();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (expansionOverflow) throw new XmlSyntaxError(`the DTD's entities expand to more than ${LIMITS.entityExpansion} characters`, 1, 1);
  if (!root) fail('no root element');
  return { root: root!, warnings };
}

/** An element or attribute name in our short vocabulary names (see SHORT_NAMES). */
function qualified(uri: string | undefined, prefix: string, local: string): string {
  if (uri && uri in SHORT_NAMES) {
    const short = SHORT_NAMES[uri]!;
    return short ? `${short}:${local}` : local;
  }
  // No namespace, or an undeclared prefix (`media:` without xmlns:media, common in the wild): go by the prefix.
  if (!uri || !prefix) return prefix ? `${prefix}:${local}` : local;
  return `{${uri}}${local}`;
}

/** The text of an element and everything inside it (inline XHTML, stray HTML tags), in document order. */
export function innerText(el: XmlElement): string {
  // A stack, not recursion: depth is capped, but nothing here needs the call stack at all.
  let out = '';
  const todo: (string | XmlElement)[] = [el];
  while (todo.length) {
    const next = todo.pop()!;
    if (typeof next === 'string') out += next;
    else for (let i = next.nodes.length - 1; i >= 0; i--) todo.push(next.nodes[i]!);
  }
  return out;
}

/** Resolves a URL found in `el` against its base. */
export const urlIn = (el: XmlElement, href: string | undefined | null): string | null => (href && href.trim() ? resolveUrl(href, el.base) : null);
