import type { Article } from './article.ts';
import type { DigestContent } from './digest-content.ts';

/** UTM parameters: which newsletter, channel and edition a visit came from. */
export interface LinkTags {
  source: string;
  medium: string;
  campaign: string;
  /** Tells links apart within one email, e.g. `sponsor-acme-nov`. */
  content?: string;
}

/** How links are tagged, from config; null turns tagging off. */
export interface LinkTagSettings {
  source: string;
  medium: string;
}

/** The campaign of one edition: `<list>-<YYYY-MM-DD>`. */
export function editionTags(settings: LinkTagSettings | null, listSlug: string, editionDate: string): LinkTags | null {
  return settings ? { source: settings.source, medium: settings.medium, campaign: `${listSlug}-${editionDate}` } : null;
}

/**
 * `url` with UTM parameters added before its fragment. Parameters the link
 * already carries win (a newsroom or a sponsor may tag its own links), and a URL
 * we cannot parse is left as it is.
 */
export function withLinkTags(url: string, tags: LinkTags | null): string {
  if (!tags || !URL.canParse(url)) return url;
  const u = new URL(url);
  const params: [string, string | undefined][] = [
    ['utm_source', tags.source],
    ['utm_medium', tags.medium],
    ['utm_campaign', tags.campaign],
    ['utm_content', tags.content],
  ];
  for (const [key, value] of params) if (value && !u.searchParams.has(key)) u.searchParams.set(key, value);
  return u.toString();
}

/** The digest with every article link tagged (the stored content keeps the bare URLs). */
export function tagDigestLinks(content: DigestContent, tags: LinkTags | null): DigestContent {
  if (!tags) return content;
  const tag = (a: Article): Article => ({ ...a, url: withLinkTags(a.url, tags) });
  return { ...content, lead: tag(content.lead), teasers: content.teasers.map(tag) };
}
