import type { Article } from './article.ts';
import type { DigestContent } from './digest-content.ts';
import { FeedError } from './feed.ts';

/**
 * How a digest is picked from a feed (documented in README "Editions from a feed"):
 * stories older than `since` or already sent to this list are left out; the lead is
 * the newest story, the most commented, or the feed's first; the teasers are the
 * next newest, at most `teasers` of them.
 */
export interface SelectionRule {
  lead: 'newest' | 'most-commented' | 'first';
  teasers: number;
  since?: Date;
  /** Take stories already sent to this list too: an editor's choice when nothing else is left. */
  includeSent?: boolean;
}

/** A feed with nothing fresh in it, and why: the editor can take the sent or the older stories anyway. */
export class NoStoriesError extends FeedError {
  constructor(
    readonly inFeed: number,
    readonly alreadySent: number,
    readonly tooOld: number,
    /** The stories left out and why, newest first: what the editor would be choosing. */
    readonly stories: readonly { headline: string; reason: 'already sent' | 'too old' }[] = [],
  ) {
    const why = [alreadySent ? `${alreadySent} already sent to this list in the last 14 days` : '', tooOld ? `${tooOld} older than the time window` : ''].filter(Boolean);
    super(`no stories left for a digest: ${inFeed} in the feed${why.length ? `, ${why.join(' and ')}` : ''}`);
  }
}

export const DEFAULT_RULE: SelectionRule = { lead: 'newest', teasers: 8 };

export interface Selection {
  content: DigestContent;
  leftOut: { id: string; reason: string }[];
}

export function selectDigest(articles: readonly Article[], rule: SelectionRule, alreadySent: ReadonlySet<string>): Selection {
  const leftOut: Selection['leftOut'] = [];
  const why: NoStoriesError['stories'][number][] = [];
  const fresh = articles.filter((a) => {
    if (!rule.includeSent && (alreadySent.has(a.id) || alreadySent.has(a.url))) return why.push({ headline: a.headline, reason: 'already sent' }), leftOut.push({ id: a.id, reason: 'already sent to this list' }), false;
    if (rule.since && new Date(a.publishedAt) < rule.since) return why.push({ headline: a.headline, reason: 'too old' }), leftOut.push({ id: a.id, reason: `published before ${rule.since.toISOString()}` }), false;
    return true;
  });
  if (!fresh.length) {
    const count = (r: string) => why.filter((w) => w.reason === r).length;
    throw new NoStoriesError(articles.length, count('already sent'), count('too old'), why);
  }
  const newestFirst = [...fresh].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
  const lead =
    rule.lead === 'first'
      ? fresh[0]!
      : rule.lead === 'most-commented'
        ? newestFirst.reduce((best, a) => (a.commentCount > best.commentCount ? a : best))
        : newestFirst[0]!;
  const rest = newestFirst.filter((a) => a !== lead);
  for (const a of rest.slice(rule.teasers)) leftOut.push({ id: a.id, reason: `beyond the ${rule.teasers} teasers` });
  return { content: { lead, teasers: rest.slice(0, rule.teasers) }, leftOut };
}

/** `24h`, `2d`, `90m` → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*(m|h|d)$/.exec(text.trim());
  if (!m) throw new FeedError(`--since must look like 24h, 2d or 90m (got ${JSON.stringify(text)})`);
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}
