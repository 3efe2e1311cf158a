import { decodeHTML } from 'entities';
import { ArticleSchema, type Article, type ArticleInput } from './article.ts';
import { decodeFeedBytes } from './feed-encoding.ts';
import { FeedError } from './feed.ts';
import { plainText } from './html-text.ts';

/** The head of a page is where its metadata is: nothing past this is read. */
const HEAD_LIMIT = 512 * 1024;

/** A story page we could not make a story of, and why. */
export class ArticlePageError extends FeedError {}

type Json = unknown;

/** `<meta property|name="…" content="…">` of a page, by lower-cased key, first one wins. */
function metaTags(html: string): Map<string, string> {
  const meta = new Map<string, string>();
  for (const m of html.matchAll(/<meta\b([^>]{0,2000})>/gi)) {
    const attrs = m[1]!;
    const attr = (name: string) => {
      const a = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
      return a ? decodeHTML(a[1] ?? a[2] ?? a[3] ?? '') : null;
    };
    const key = (attr('property') ?? attr('name') ?? attr('itemprop'))?.toLowerCase();
    const content = attr('content');
    if (key && content !== null && !meta.has(key)) meta.set(key, content.trim());
  }
  return meta;
}

/** The JSON-LD objects of a page, flattened (`@graph` arrays opened), bad blocks skipped. */
function jsonLd(html: string): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  const visit = (v: Json) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      out.push(v as Record<string, Json>);
      if ('@graph' in v) visit((v as Record<string, Json>)['@graph']);
    }
  };
  for (const m of html.matchAll(/<script\b[^>]*type\s*=\s*["']?application\/ld\+json["']?[^>]*>([\s\S]*?)<\/script>/gi)) {
    try {
      visit(JSON.parse(m[1]!));
    } catch {
      // A page's broken JSON-LD is the page's problem; Open Graph may still say enough.
    }
  }
  return out;
}

const ARTICLE_TYPES = /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BlogPosting|LiveBlogPosting)$/;
const typesOf = (o: Record<string, Json>) => ([] as Json[]).concat(o['@type'] ?? []).filter((t): t is string => typeof t === 'string');
const text = (v: Json): string | undefined => {
  if (typeof v === 'string') return plainText(decodeHTML(v)) || undefined;
  if (Array.isArray(v)) return text(v[0]);
  if (v && typeof v === 'object' && 'name' in v) return text((v as { name: Json }).name);
  return undefined;
};
const imageOf = (v: Json): { src?: string; alt?: string } => {
  if (typeof v === 'string') return { src: v };
  if (Array.isArray(v)) return imageOf(v[0]);
  if (v && typeof v === 'object') {
    const o = v as Record<string, Json>;
    return { src: typeof o.url === 'string' ? o.url : typeof o.contentUrl === 'string' ? o.contentUrl : undefined, alt: text(o.description) };
  }
  return {};
};

/**
 * A story from its own page, as newsroom CMSes publish it: JSON-LD
 * (NewsArticle and kin) first, then Open Graph and `article:` tags, then the
 * `<title>` and meta description. Relative URLs are resolved against the page.
 * A picture without alt text is kept as decorative and flagged, as from feeds;
 * a page without a date is dated `now`. Pure.
 */
export function articleFromPage(bytes: Uint8Array, opts: { url: string; charset: string | null; now: Date }): Article {
  const head = bytes.length > HEAD_LIMIT ? bytes.subarray(0, HEAD_LIMIT) : bytes;
  const sniffed = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})/i.exec(Buffer.from(head.subarray(0, 2048)).toString('latin1'))?.[1] ?? null;
  const html = decodeFeedBytes(head, opts.charset ?? sniffed).text;
  const meta = metaTags(html);
  const ld = jsonLd(html).find((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t))) ?? {};
  const canonical = /<link\b[^>]*rel\s*=\s*["']?canonical["']?[^>]*href\s*=\s*["']([^"']+)["']/i.exec(html)?.[1];
  const title = /<title[^>]*>([\s\S]{0,2000}?)<\/title>/i.exec(html)?.[1];
  const absolute = (u: string | undefined) => {
    if (!u) return undefined;
    try {
      return new URL(decodeHTML(u.trim()), opts.url).toString();
    } catch {
      return undefined;
    }
  };

  const url = absolute(text(ld.url) ?? meta.get('og:url') ?? canonical) ?? opts.url;
  const headline = text(ld.headline) ?? text(meta.get('og:title')) ?? text(meta.get('twitter:title')) ?? text(title);
  if (!headline) throw new ArticlePageError(`${opts.url}: the page has no headline we can read (no JSON-LD headline, og:title or <title>)`);
  const ldImage = imageOf(ld.image);
  const src = absolute(ldImage.src ?? meta.get('og:image') ?? meta.get('og:image:url') ?? meta.get('twitter:image'));
  const alt = text(meta.get('og:image:alt') ?? meta.get('twitter:image:alt') ?? ldImage.alt);
  const published = text(ld.datePublished) ?? meta.get('article:published_time') ?? meta.get('date');
  const publishedAt = published && !Number.isNaN(Date.parse(published)) ? new Date(published).toISOString() : opts.now.toISOString();
  const comments = Number(ld.commentCount);
  const dek = text(ld.description) ?? text(meta.get('og:description')) ?? text(meta.get('description'));
  const section = text(ld.articleSection) ?? text(meta.get('article:section'));
  const byline = text(ld.author);
  const candidate: ArticleInput = {
    id: url.slice(0, 200),
    url,
    headline: headline.slice(0, 300),
    ...(dek ? { dek: dek.slice(0, 600) } : {}),
    ...(src && /^https?:/i.test(src) ? { image: alt ? { src, alt: alt.slice(0, 500) } : { src, alt: '', altMissing: true as const } } : {}),
    ...(section ? { section: section.slice(0, 100) } : {}),
    ...(byline ? { byline: byline.slice(0, 200) } : {}),
    publishedAt,
    commentCount: Number.isInteger(comments) && comments >= 0 ? comments : 0,
    // schema.org's paywall flag: a story marked not free is a paid one.
    access: ld.isAccessibleForFree === false || ld.isAccessibleForFree === 'False' ? 'paid' : 'free',
  };
  const parsed = ArticleSchema.safeParse(candidate);
  if (!parsed.success) throw new ArticlePageError(`${opts.url}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
