import type { DigestContent } from '../content/digest-content.ts';

/**
 * What a click was on, and whether a reader made it. Pure: the clicked link and
 * the edition's content in, the story and its place in the email out.
 */

/** Where a link sat: the lead, a teaser (1-based, in the edition's order), a sponsor block, the footer's reader links, the paywall. */
export type ClickPosition = 'lead' | `teaser ${number}` | 'sponsor' | 'footer' | 'paywall' | 'other';

export interface ClickTarget {
  position: ClickPosition;
  /** The story's URL (our link tags and the fragment dropped); null for a link that is not a story's. */
  storyUrl: string | null;
  section: string | null;
}

/** The link tags we add (content/link-tags.ts); a story's own parameters stay. */
const OUR_TAGS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content'];

/** A link as the story it points to: without our link tags and without a fragment (`#comments` is the same story). */
export function storyUrlOf(link: string): string | null {
  if (!URL.canParse(link)) return null;
  const u = new URL(link);
  for (const t of OUR_TAGS) u.searchParams.delete(t);
  u.hash = '';
  return u.toString();
}

/**
 * The story and place a clicked link belongs to. Our own pages (unsubscribe,
 * preferences, archive) are the footer; the list's sign-up or paid URL is the
 * paywall; a sponsor's link carries `utm_content=sponsor-…`.
 */
export function clickTarget(link: string, content: DigestContent, ours: { publicUrl: string; paidUrl: string | null }): ClickTarget {
  const url = storyUrlOf(link);
  if (!url) return { position: 'other', storyUrl: null, section: null };
  const stories = [content.lead, ...content.teasers];
  const i = stories.findIndex((s) => storyUrlOf(s.url) === url);
  if (i >= 0) {
    const story = stories[i]!;
    return { position: i === 0 ? 'lead' : `teaser ${i}`, storyUrl: url, section: story.section ?? null };
  }
  if (new URL(link).searchParams.get('utm_content')?.startsWith('sponsor-')) return { position: 'sponsor', storyUrl: url, section: null };
  const base = ours.publicUrl.replace(/\/$/, '');
  if ((ours.paidUrl && url === storyUrlOf(ours.paidUrl)) || url.startsWith(`${base}/subscribe/`)) return { position: 'paywall', storyUrl: null, section: null };
  if (url.startsWith(`${base}/`)) return { position: 'footer', storyUrl: null, section: null };
  return { position: 'other', storyUrl: url, section: null };
}

/**
 * User agents of link scanners and security gateways, not people: they follow
 * every link of an email as it arrives (listmonk #1025, Ghost #30388).
 */
const SCANNER_AGENTS =
  /\b(bot|crawler|spider|scanner|preview|barracuda|mimecast|proofpoint|ppops|zscaler|symantec|messagelabs|forcepoint|fireeye|trend ?micro|sophos|bitdefender|safelinks|linkscanner|urldefense|cisco|ironport|python-requests|curl|wget|go-http-client|okhttp|java\/|libwww|headlesschrome|phantomjs)\b/i;

export function scannerAgent(userAgent: string | null | undefined): boolean {
  if (!userAgent || !userAgent.trim()) return true; // a browser always says what it is
  return SCANNER_AGENTS.test(userAgent);
}

/** A burst: this many different links of one email clicked within BURST_MS of each other is a machine. */
export const BURST_MS = 10_000;

/** How many different links in one burst make it a scanner's: at least 3, and more than half the email's stories. */
export function burstThreshold(content: DigestContent): number {
  return Math.max(3, Math.floor((1 + content.teasers.length) / 2) + 1);
}
