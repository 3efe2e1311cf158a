import { ArticleSchema, type Article } from './article.ts';
import { decodeFeedBytes } from './feed-encoding.ts';
import { parseFeedDate } from './feed-dates.ts';
import { htmlToText, imagesIn, plainText } from './html-text.ts';
import { innerText, parseXml, urlIn, XmlSyntaxError, type XmlElement } from './xml-document.ts';

export { htmlToText } from './html-text.ts';

/** A feed that cannot be read at all; the message says where (the line, for XML). */
export { FeedError } from './feed-error.ts';
import { FeedError } from './feed-error.ts';

export interface FeedItems {
  /** `rss`, `rdf` (RSS 0.90/1.0), `atom` or `json`. */
  format: 'rss' | 'rdf' | 'atom' | 'json';
  articles: Article[];
  /** Items that could not become articles, and why (no link, no title…). They are left out, not fatal. */
  skipped: { item: string; reason: string }[];
  /** Fixes and guesses made on the way in, for the editor: an encoding, a picture without alt text, an undated item. */
  notes: string[];
  /** Ids of articles the feed gave no usable date: dated `now` here; a caller that remembers them dates them when first seen. */
  undated: string[];
}

export interface ParseFeedOptions {
  /** Named in errors and notes: a URL or a file name. */
  source?: string;
  /** The feed's own URL: relative links and picture addresses are resolved against it (after any xml:base). */
  url?: string | null;
  /** The charset of the HTTP Content-Type, when the feed came over HTTP. */
  charset?: string | null;
  now?: Date;
}

/** Items read from one feed: a CMS's "everything" feed can be enormous, and a digest needs a few dozen at most. */
export const MAX_FEED_ITEMS = 1000;

const PAID = /^(paid|premium|subscribers?|suscriptores|exclusivo)$/i;
const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i;

/** Cuts at a word boundary and says so with an ellipsis. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40)).trimEnd()}…`;
}

/** What one item gives us, before it is checked as an Article. */
interface RawItem {
  id?: string;
  url?: string | null;
  /** Plain text already: each format says how its titles are written. */
  title?: string;
  summary?: string;
  image?: { src: string | null; alt?: string | null };
  author?: string;
  category?: string;
  published?: string;
  comments?: number;
  access?: 'free' | 'paid';
}

// ---------- XML helpers: elements are named by vocabulary (see xml-document.ts), looked up in order of preference.

const childOf = (el: XmlElement | undefined, ...names: string[]): XmlElement | undefined => {
  if (!el) return undefined;
  for (const name of names) {
    const found = el.children.find((c) => c.name === name);
    if (found) return found;
  }
  return undefined;
};
const childrenOf = (el: XmlElement | undefined, ...names: string[]) => (el ? el.children.filter((c) => names.includes(c.name)) : []);
const textIn = (el: XmlElement | undefined): string | undefined => {
  if (!el) return undefined;
  const t = innerText(el).trim();
  return t || undefined;
};

/** Atom's text constructs: `text` is plain, `html` is escaped markup, `xhtml` is inline markup (Atom 0.3: mode="escaped"). */
function atomText(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const type = (el.attrs.type ?? '').toLowerCase();
  const raw = innerText(el);
  const text = type === 'html' || type === 'text/html' || el.attrs.mode === 'escaped' || type === 'xhtml' || type === 'application/xhtml+xml' ? htmlToText(raw) : plainText(raw);
  return text || undefined;
}

/** RSS 2.0's author is an address, often with the name in parentheses: `editor@x.example (Ana Pérez)`. */
function rssAuthor(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const named = /\(([^)]+)\)\s*$/.exec(value);
  if (named) return named[1]!.trim();
  return /^\S+@\S+$/.test(value.trim()) ? undefined : value;
}

/** A picture for the item: Media RSS, an image enclosure, or the first picture in its HTML; with alt text where any source has it. */
function pictureOf(candidates: { src: string | null; alt?: string | null }[], html: string | undefined, base: XmlElement | null): RawItem['image'] {
  const inHtml = html ? imagesIn(html).map((i) => ({ src: base ? urlIn(base, i.src) : i.src, alt: i.alt })) : [];
  const chosen = candidates.find((c) => c.src) ?? inHtml.find((i) => i.src && i.alt?.trim()) ?? inHtml[0];
  if (!chosen?.src) return undefined;
  // The same picture often appears in the body with its alt text when the enclosure has none.
  const alt = chosen.alt?.trim() || inHtml.find((i) => i.src === chosen.src && i.alt?.trim())?.alt;
  return { src: chosen.src, alt };
}

function mediaCandidates(item: XmlElement): { src: string | null; alt?: string | null }[] {
  const out: { src: string | null; alt?: string | null }[] = [];
  const groups = [item, ...childrenOf(item, 'media:group')];
  for (const g of groups) {
    for (const m of childrenOf(g, 'media:content', 'media:thumbnail')) {
      const type = (m.attrs.type ?? '').toLowerCase();
      const medium = (m.attrs.medium ?? '').toLowerCase();
      const url = m.attrs.url;
      const isImage = m.name === 'media:thumbnail' || medium === 'image' || type.startsWith('image/') || (!medium && !type && IMAGE_FILE.test(url ?? ''));
      if (!isImage || !url) continue;
      const alt = textIn(childOf(m, 'media:description')) ?? textIn(childOf(m, 'media:title')) ?? textIn(childOf(g, 'media:description')) ?? textIn(childOf(g, 'media:title'));
      out.push({ src: urlIn(m, url), alt: alt ? htmlToText(alt) : null });
    }
  }
  return out;
}

/** A relative URL in an RSS item: its xml:base and the feed's URL first, then the channel's own link (a feed read from a file). */
function resolveIn(el: XmlElement, href: string | undefined | null, fallbackBase: string | null): string | null {
  const url = urlIn(el, href);
  if (url && /^https?:\/\//i.test(url)) return url;
  if (!href || !fallbackBase) return url;
  try {
    return new URL(href.trim(), fallbackBase).toString();
  } catch {
    return url;
  }
}

function fromRss(item: XmlElement, channelLink: string | null): RawItem {
  const guid = childOf(item, 'guid');
  const guidText = textIn(guid);
  const link = textIn(childOf(item, 'link')) ?? childOf(item, 'atom:link')?.attrs.href;
  const guidIsLink = guid && guid.attrs.isPermaLink !== 'false' && guidText && /^https?:\/\//i.test(guidText);
  const url = resolveIn(item, link ?? (guidIsLink ? guidText : undefined) ?? item.attrs['rdf:about'], channelLink);
  const categories = childrenOf(item, 'category', 'dc:subject').map(textIn).filter((c): c is string => Boolean(c));
  const html = textIn(childOf(item, 'content:encoded')) ?? textIn(childOf(item, 'description'));
  const enclosures = childrenOf(item, 'enclosure')
    .filter((e) => (e.attrs.type ?? '').toLowerCase().startsWith('image/') || (!e.attrs.type && IMAGE_FILE.test(e.attrs.url ?? '')))
    .map((e) => ({ src: urlIn(e, e.attrs.url), alt: null }));
  const comments = textIn(childOf(item, 'slash:comments'));
  return {
    id: guidText ?? url ?? item.attrs['rdf:about'],
    url,
    // RSS titles are plain text in theory and HTML-escaped in practice.
    title: htmlToText(textIn(childOf(item, 'title', 'dc:title')) ?? ''),
    summary: textIn(childOf(item, 'description', 'dc:description', 'itunes:summary')) ?? textIn(childOf(item, 'content:encoded')),
    image: pictureOf([...mediaCandidates(item), ...enclosures], html, item),
    author: textIn(childOf(item, 'dc:creator')) ?? rssAuthor(textIn(childOf(item, 'author'))) ?? textIn(childOf(item, 'itunes:author')),
    category: categories.find((c) => !PAID.test(c)),
    published: textIn(childOf(item, 'pubDate', 'pubdate', 'dc:date', 'dcterms:issued', 'dcterms:created', 'dcterms:modified', 'atom:published', 'atom:updated')),
    comments: comments === undefined ? 0 : Number(comments),
    access: categories.some((c) => PAID.test(c)) ? 'paid' : 'free',
  };
}

function fromAtom(entry: XmlElement, named: (local: string) => string[]): RawItem {
  const links = childrenOf(entry, ...named('link'));
  const alternate = links.find((l) => (!l.attrs.rel || l.attrs.rel === 'alternate') && (!l.attrs.type || /html/i.test(l.attrs.type))) ?? links.find((l) => !l.attrs.rel || l.attrs.rel === 'alternate');
  const enclosures = links
    .filter((l) => l.attrs.rel === 'enclosure' && (l.attrs.type ?? '').toLowerCase().startsWith('image/'))
    .map((l) => ({ src: urlIn(l, l.attrs.href), alt: l.attrs.title ?? null }));
  const content = childOf(entry, ...named('content'));
  const summary = childOf(entry, ...named('summary'));
  const escaped = (el: XmlElement | undefined) => el && /^(text\/)?html$/i.test(el.attrs.type ?? '');
  const html = escaped(content) ? innerText(content!) : escaped(summary) ? innerText(summary!) : undefined;
  // Inline XHTML holds its pictures as elements, with their own xml:base.
  const inline = [content, summary].flatMap((el) => (el && /xhtml/i.test(el.attrs.type ?? '') ? imageElements(el) : []));
  const category = childOf(entry, ...named('category'));
  return {
    id: textIn(childOf(entry, ...named('id'))),
    url: alternate ? urlIn(alternate, alternate.attrs.href) : null,
    title: atomText(childOf(entry, ...named('title'))),
    summary: atomText(summary) ?? atomText(content),
    image: pictureOf([...mediaCandidates(entry), ...enclosures, ...inline], html, entry),
    author: textIn(childOf(childOf(entry, ...named('author')), ...named('name'))) ?? textIn(childOf(entry, 'dc:creator')),
    category: category ? (category.attrs.label ?? category.attrs.term ?? textIn(category)) : undefined,
    published: textIn(childOf(entry, ...named('published'), ...named('issued'), ...named('updated'), ...named('modified'), ...named('created'), 'dc:date')),
    comments: Number(textIn(childOf(entry, 'slash:comments')) ?? 0),
  };
}

/** `<img>` elements inside inline XHTML, resolved against their own base. */
function imageElements(el: XmlElement): { src: string | null; alt: string | null }[] {
  const found: { src: string | null; alt: string | null }[] = [];
  // Breadth first, by index: pictures nearer the top come first.
  const todo = [...el.children];
  for (let i = 0; i < todo.length && found.length < 20; i++) {
    const next = todo[i]!;
    if ((next.name === 'xhtml:img' || next.name === 'img') && next.attrs.src) found.push({ src: urlIn(next, next.attrs.src), alt: next.attrs.alt ?? null });
    todo.push(...next.children);
  }
  return found;
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function fromJsonFeed(item: Json, base: string | null): RawItem {
  const resolve = (href: string | undefined) => {
    if (!href) return null;
    try {
      return new URL(href, base ?? undefined).toString();
    } catch {
      return null;
    }
  };
  const authors = Array.isArray(item.authors) ? (item.authors as unknown[]) : item.author ? [item.author] : [];
  const author = authors.map((a) => (a && typeof a === 'object' ? str((a as Json).name) : undefined)).find(Boolean);
  const ext = (item._broadsheet && typeof item._broadsheet === 'object' ? item._broadsheet : {}) as Json;
  const tags = Array.isArray(item.tags) ? (item.tags as unknown[]).map(str).filter((t): t is string => Boolean(t)) : [];
  const image = str(item.image) ?? str(item.banner_image);
  const html = str(item.content_html);
  return {
    id: str(item.id),
    url: resolve(str(item.url) ?? str(item.external_url)),
    title: plainText(str(item.title) ?? ''),
    summary: str(item.summary) ?? str(item.content_text) ?? html,
    image: image ? pictureOf([{ src: resolve(image), alt: str(ext.image_alt) ?? null }], html, null) : pictureOf([], html, null),
    author,
    category: tags.find((t) => !PAID.test(t)),
    published: str(item.date_published) ?? str(item.date_modified),
    comments: Number(ext.comment_count ?? 0),
    access: ext.access === 'paid' || tags.some((t) => PAID.test(t)) ? 'paid' : 'free',
  };
}

// ---------- The whole feed.

interface Located {
  raw: RawItem;
  where: string;
}

/** An editor pasted the site's page, not its feed: say so, and name the feed the page links to, if it does. */
function refuseWebPage(text: string, opts: ParseFeedOptions): void {
  const head = text.slice(0, 64 * 1024);
  // Past leading whitespace and comments (a loop, not a regular expression: nested repetition backtracks).
  let at = 0;
  for (;;) {
    while (at < head.length && /\s/.test(head[at]!)) at++;
    if (!head.startsWith('<!--', at)) break;
    const end = head.indexOf('-->', at + 4);
    if (end < 0) return;
    at = end + 3;
  }
  if (!/^<(!doctype\s+html|html[\s>])/i.test(head.slice(at, at + 20))) return;
  const alternate = feedLinkIn(head);
  const named = alternate ? ` The page names its feed: ${httpUrl(opts.url) ? new URL(alternate, opts.url!).toString() : alternate}` : ' Use the feed\'s own address (often /feed/, /rss or /atom.xml).';
  throw new FeedError(`${opts.source ?? 'feed'}: this is a web page (HTML), not a feed.${named}`);
}

/** `<link rel="alternate" type="application/rss+xml" href="…">` in a page's head. One pass, like the rest of html-text.ts. */
function feedLinkIn(html: string): string | null {
  const lower = html.toLowerCase();
  for (let i = lower.indexOf('<link'); i >= 0; i = lower.indexOf('<link', i + 5)) {
    const end = lower.indexOf('>', i);
    if (end < 0) break;
    const tag = html.slice(i, Math.min(end, i + 1024));
    if (!/rel\s*=\s*["']?alternate/i.test(tag) || !/type\s*=\s*["']?application\/(rss|atom)\+xml/i.test(tag)) continue;
    const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    if (href) return href[1] ?? href[2] ?? href[3] ?? null;
  }
  return null;
}

function readXmlFeed(text: string, opts: ParseFeedOptions, notes: string[]): { format: FeedItems['format']; items: Located[] } {
  refuseWebPage(text, opts);
  let doc;
  try {
    doc = parseXml(text, { baseUrl: httpUrl(opts.url) });
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new FeedError(`${opts.source ?? 'feed'}: ${err.message}`);
    throw err;
  }
  for (const w of doc.warnings) notes.push(`${opts.source ?? 'feed'}: ${w} (read anyway)`);
  const root = doc.root;
  if (root.name === 'rss' || root.name === 'rdf:RDF') {
    // RSS 1.0 and 0.90 put items beside the channel; 0.9x and 2.0 inside it.
    const channel = childOf(root, 'channel');
    const items = [...childrenOf(channel, 'item'), ...childrenOf(root, 'item')];
    const channelLink = httpUrl(textIn(childOf(channel, 'link')));
    return { format: root.name === 'rss' ? 'rss' : 'rdf', items: items.map((item, i) => ({ raw: fromRss(item, channelLink), where: `item ${i + 1}` })) };
  }
  // Atom, or an Atom feed written without its namespace.
  if (root.name === 'atom:feed' || root.name === 'feed') {
    const named = root.name === 'feed' ? (local: string) => [local, `atom:${local}`] : (local: string) => [`atom:${local}`];
    return { format: 'atom', items: childrenOf(root, ...named('entry')).map((entry, i) => ({ raw: fromAtom(entry, named), where: `entry ${i + 1}` })) };
  }
  throw new FeedError(`${opts.source ?? 'feed'}: neither RSS (<rss>), RSS 1.0 (<rdf:RDF>) nor Atom (<feed>): the document starts with <${root.name}>`);
}

function readJsonFeed(text: string, opts: ParseFeedOptions): { format: 'json'; items: Located[]; skipped: FeedItems['skipped'] } {
  const source = opts.source ?? 'feed';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FeedError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  const feed = json as Json;
  if (!feed || typeof feed !== 'object' || !/^https?:\/\/jsonfeed\.org\/version\/1(\.1)?$/.test(String(feed.version ?? '')) || !Array.isArray(feed.items)) {
    throw new FeedError(`${source}: not a JSON Feed (needs "version": "https://jsonfeed.org/version/1.1" and "items")`);
  }
  const base = httpUrl(str(feed.feed_url)) ?? httpUrl(opts.url) ?? httpUrl(str(feed.home_page_url));
  const items: Located[] = [];
  const skipped: FeedItems['skipped'] = [];
  (feed.items as unknown[]).slice(0, MAX_FEED_ITEMS).forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) skipped.push({ item: `items[${i}]`, reason: `items[${i}]: not an object (got ${item === null ? 'null' : typeof item})` });
    else items.push({ raw: fromJsonFeed(item as Json, base), where: `items[${i}]` });
  });
  return { format: 'json', items, skipped };
}

const httpUrl = (url: string | null | undefined): string | null => (url && /^https?:\/\//i.test(url) && URL.canParse(url) ? url : null);

function toArticle(raw: RawItem, where: string, ctx: { notes: string[]; undated: string[]; missingAlt: string[]; now: Date }): Article {
  if (!raw.url) throw new Error(`${where}: no link to the story`);
  if (!/^https?:\/\//i.test(raw.url)) throw new Error(`${where}: its link is not an http(s) URL (${JSON.stringify(raw.url.slice(0, 100))})`);
  const dek = raw.summary ? htmlToText(raw.summary) : '';
  // RSS lets an item be a description alone: its first words stand in for the headline.
  let headline = clip((raw.title ?? '').trim(), 300);
  if (!headline && dek) {
    headline = clip(dek.split(/(?<=[.!?])\s/)[0]!, 120);
    ctx.notes.push(`${where}: no title: its first words stand in for the headline`);
  }
  if (!headline) throw new Error(`${where}: no title`);
  const id = clip((raw.id ?? raw.url).trim(), 200);

  let published = parseFeedDate(raw.published);
  if (!published) {
    if (raw.published) ctx.notes.push(`${where}: the date ${JSON.stringify(raw.published.slice(0, 60))} is not one we can read: dated when first seen`);
    published = ctx.now;
    ctx.undated.push(id);
  }

  let image: Article['image'];
  const src = raw.image?.src;
  if (src && /^https?:\/\//i.test(src)) {
    const alt = raw.image?.alt ? htmlToText(raw.image.alt) : '';
    if (alt) image = { src, alt: clip(alt, 500) };
    else {
      image = { src, alt: '', altMissing: true };
      ctx.missingAlt.push(where.split(' (')[0]!);
    }
  } else if (src) ctx.notes.push(`${where}: picture left out: ${JSON.stringify(src.slice(0, 100))} is not an http(s) URL`);

  const candidate = {
    id,
    url: raw.url,
    headline,
    ...(dek ? { dek: clip(dek, 280) } : {}),
    ...(image ? { image } : {}),
    ...(raw.author && htmlToText(raw.author) ? { byline: clip(htmlToText(raw.author), 200) } : {}),
    ...(raw.category && htmlToText(raw.category) ? { section: clip(htmlToText(raw.category), 100) } : {}),
    publishedAt: published.toISOString(),
    commentCount: Number.isFinite(raw.comments) && raw.comments! >= 0 ? Math.min(Math.floor(raw.comments!), 1_000_000_000) : 0,
    access: raw.access ?? 'free',
  };
  const parsed = ArticleSchema.safeParse(candidate);
  if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`);
  return parsed.data;
}

/**
 * Reads a feed as newsrooms publish them: RSS 0.91, 0.92 and 2.0, RSS 0.90 and 1.0
 * (RDF), Atom 1.0 (and 0.3) and JSON Feed 1.0/1.1, from bytes in any encoding
 * (see feed-encoding.ts) or from text. Relative links and pictures are resolved
 * against xml:base and the feed's URL; dates in English, Spanish or Portuguese
 * are read (see feed-dates.ts); an undated item is dated now and listed in
 * `undated`. A feed that cannot be read is a FeedError naming the line; an item
 * that cannot become an article is skipped with its reason. Pure.
 */
export function parseFeed(input: string | Uint8Array, opts: ParseFeedOptions = {}): FeedItems {
  const notes: string[] = [];
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const decoded = decodeFeedBytes(input, opts.charset);
    text = decoded.text;
    notes.push(...decoded.notes.map((n) => `${opts.source ?? 'feed'}: ${n}`));
  }
  text = text.replace(/^\ufeff/, '');
  const json = /^\s*[{[]/.test(text);
  const read = json ? readJsonFeed(text, opts) : { ...readXmlFeed(text, opts, notes), skipped: [] };

  const out: FeedItems = { format: read.format, articles: [], skipped: read.skipped, notes, undated: [] };
  if (read.items.length > MAX_FEED_ITEMS) notes.push(`${opts.source ?? 'feed'}: the feed has ${read.items.length} items; the first ${MAX_FEED_ITEMS} were read`);
  const ctx = { notes, undated: out.undated, missingAlt: [] as string[], now: opts.now ?? new Date() };
  for (const { raw, where } of read.items.slice(0, MAX_FEED_ITEMS)) {
    const named = `${where}${raw.title ? ` ("${clip(raw.title, 60)}")` : ''}`;
    try {
      out.articles.push(toArticle(raw, named, ctx));
    } catch (err) {
      out.skipped.push({ item: where, reason: (err as Error).message });
    }
  }
  if (ctx.missingAlt.length) {
    const n = ctx.missingAlt.length;
    notes.push(
      `${n} picture${n === 1 ? ' has' : 's have'} no alt text (${ctx.missingAlt.slice(0, 10).join(', ')}${n > 10 ? ', …' : ''}): shown as decorative, since the headline beside each names the story; describe them in the desk if they matter`,
    );
  }
  return out;
}
