import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ArticleSchema, type Article } from './article.ts';

/** A feed that cannot be read at all; `where` says which line, item or field. */
export class FeedError extends Error {
  readonly code = 'feed_invalid';
}

export interface FeedItems {
  articles: Article[];
  /** Items that could not become articles, and why (a bad date, no link…). They are left out, not fatal. */
  skipped: { item: string; reason: string }[];
  /** Fixes made on the way in, e.g. an image dropped for want of alt text. */
  notes: string[];
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

/** Feed descriptions are HTML: reduce them to plain text (our templates escape it again on the way out). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return NAMED[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cuts at a word boundary and says so with an ellipsis. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40)).trimEnd()}…`;
}

const textOf = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'object' && '#text' in (v as object)) return String((v as { '#text': unknown })['#text']);
  return undefined;
};
const first = (v: unknown): XmlNode | undefined => (Array.isArray(v) ? v[0] : (v as XmlNode | undefined));
const all = (v: unknown): XmlNode[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v as XmlNode]);

/** Parsed XML is shapeless until we read it; each field is checked as it is taken. */
type XmlNode = Record<string, any>;

interface RawItem {
  id?: string;
  url?: string;
  title?: string;
  summary?: string;
  image?: { src?: string; alt?: string };
  author?: string;
  category?: string;
  published?: string;
  comments?: number;
  access?: 'free' | 'paid';
}

function fromRss(item: XmlNode): RawItem {
  const media = first(item['media:content']) ?? first(item['media:thumbnail']);
  const enclosure = first(item.enclosure);
  const imageUrl = (media?.['@_url'] as string | undefined) ?? (String(enclosure?.['@_type'] ?? '').startsWith('image/') ? (enclosure?.['@_url'] as string) : undefined);
  const categories = all(item.category).map(textOf).filter(Boolean) as string[];
  return {
    id: textOf(first(item.guid as unknown)) ?? textOf(item.link),
    url: textOf(item.link),
    title: textOf(item.title),
    summary: textOf(item.description) ?? textOf(item['content:encoded']),
    image: imageUrl ? { src: imageUrl, alt: textOf(media?.['media:description']) ?? textOf(media?.['media:title']) } : undefined,
    author: textOf(item['dc:creator']) ?? textOf(item.author),
    category: categories.find((c) => !/^(paid|premium|subscribers?)$/i.test(c)),
    published: textOf(item.pubDate) ?? textOf(item['dc:date']),
    comments: Number(textOf(item['slash:comments']) ?? 0),
    access: categories.some((c) => /^(paid|premium|subscribers?)$/i.test(c)) ? 'paid' : 'free',
  };
}

function fromAtom(entry: XmlNode): RawItem {
  const links = all(entry.link);
  const alternate = links.find((l) => !l['@_rel'] || l['@_rel'] === 'alternate');
  const imageLink = links.find((l) => l['@_rel'] === 'enclosure' && String(l['@_type'] ?? '').startsWith('image/'));
  const media = first(entry['media:content']) ?? first(entry['media:thumbnail']);
  const author = first(entry.author);
  const category = first(entry.category);
  return {
    id: textOf(entry.id),
    url: alternate?.['@_href'] as string | undefined,
    title: textOf(entry.title),
    summary: textOf(entry.summary) ?? textOf(entry.content),
    image: media?.['@_url'] || imageLink ? { src: (media?.['@_url'] ?? imageLink?.['@_href']) as string, alt: textOf(media?.['media:description']) ?? (imageLink?.['@_title'] as string | undefined) } : undefined,
    author: textOf(author?.name),
    category: (category?.['@_label'] ?? category?.['@_term']) as string | undefined,
    published: textOf(entry.published) ?? textOf(entry.updated),
    comments: Number(textOf(entry['slash:comments']) ?? 0),
  };
}

function fromJsonFeed(item: XmlNode): RawItem {
  const authors = (item.authors as { name?: string }[] | undefined) ?? (item.author ? [item.author as { name?: string }] : []);
  const ext = (item._broadsheet ?? {}) as { comment_count?: number; access?: 'free' | 'paid'; image_alt?: string };
  return {
    id: item.id === undefined ? undefined : String(item.id),
    url: item.url as string | undefined,
    title: item.title as string | undefined,
    summary: (item.summary as string | undefined) ?? (item.content_text as string | undefined) ?? (item.content_html as string | undefined),
    image: item.image || item.banner_image ? { src: (item.image ?? item.banner_image) as string, alt: ext.image_alt } : undefined,
    author: authors[0]?.name,
    category: (item.tags as string[] | undefined)?.[0],
    published: (item.date_published ?? item.date_modified) as string | undefined,
    comments: Number(ext.comment_count ?? 0),
    access: ext.access,
  };
}

function toArticle(raw: RawItem, where: string, notes: string[]): Article {
  const published = raw.published ? new Date(raw.published) : undefined;
  if (!published || Number.isNaN(published.getTime())) throw new Error(`${where}: no usable publication date (got ${JSON.stringify(raw.published ?? null)})`);
  let image: Article['image'];
  if (raw.image?.src) {
    const alt = raw.image.alt ? htmlToText(raw.image.alt) : '';
    if (alt) image = { src: raw.image.src, alt: clip(alt, 500) };
    else notes.push(`${where}: image left out, the feed gives it no alt text`);
  }
  const candidate = {
    id: clip(raw.id ?? raw.url ?? '', 200),
    url: raw.url,
    headline: clip(htmlToText(raw.title ?? ''), 300),
    ...(raw.summary && htmlToText(raw.summary) ? { dek: clip(htmlToText(raw.summary), 280) } : {}),
    ...(image ? { image } : {}),
    ...(raw.author ? { byline: clip(htmlToText(raw.author), 200) } : {}),
    ...(raw.category ? { section: clip(htmlToText(raw.category), 100) } : {}),
    publishedAt: published.toISOString(),
    commentCount: Number.isFinite(raw.comments) && raw.comments! >= 0 ? Math.floor(raw.comments!) : 0,
    access: raw.access ?? 'free',
  };
  const parsed = ArticleSchema.safeParse(candidate);
  if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`);
  return parsed.data;
}

/**
 * Reads RSS 2.0, Atom or JSON Feed 1.1 as WordPress and other CMSs publish them
 * (slash:comments, media:content, enclosure, dc:creator, categories). A feed that
 * cannot be parsed is a FeedError naming the line; an item that cannot become an
 * article is skipped with its reason.
 */
export function parseFeed(text: string, source = 'feed'): FeedItems {
  const trimmed = text.replace(/^\ufeff/, '').trimStart();
  const out: FeedItems = { articles: [], skipped: [], notes: [] };
  let raws: { raw: RawItem; where: string }[];
  if (trimmed.startsWith('{')) {
    let json: { version?: string; items?: unknown };
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      throw new FeedError(`${source}: not valid JSON (${(err as Error).message})`);
    }
    if (!String(json.version ?? '').startsWith('https://jsonfeed.org/version/') || !Array.isArray(json.items)) {
      throw new FeedError(`${source}: not a JSON Feed (needs "version": "https://jsonfeed.org/version/1.1" and "items")`);
    }
    raws = (json.items as XmlNode[]).map((item, i) => ({ raw: fromJsonFeed(item), where: `items[${i}]` }));
  } else {
    const valid = XMLValidator.validate(trimmed);
    if (valid !== true) throw new FeedError(`${source}: not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', parseTagValue: false, trimValues: true }).parse(trimmed);
    if (doc.rss?.channel) {
      raws = all(doc.rss.channel.item).map((item, i) => ({ raw: fromRss(item), where: `item ${i + 1}` }));
    } else if (doc.feed) {
      raws = all(doc.feed.entry).map((entry, i) => ({ raw: fromAtom(entry), where: `entry ${i + 1}` }));
    } else {
      throw new FeedError(`${source}: neither RSS (<rss><channel>) nor Atom (<feed>)`);
    }
  }
  for (const { raw, where } of raws) {
    try {
      out.articles.push(toArticle(raw, `${where}${raw.title ? ` ("${clip(htmlToText(raw.title), 60)}")` : ''}`, out.notes));
    } catch (err) {
      out.skipped.push({ item: where, reason: (err as Error).message });
    }
  }
  return out;
}
