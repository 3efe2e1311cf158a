import type { Article } from '../content/article.ts';
import { parseFeed } from '../content/feed.ts';
import type { FetchedFeed } from '../content/read-feed.ts';
import { selectDigest, type SelectionRule } from '../content/digest-selection.ts';
import type { Queryable } from '../db/database.ts';
import { getList } from '../subscribers/lists.ts';
import { createEdition, recentlySent } from './edition-service.ts';
import type { Edition } from './edition.ts';
import { MAX_CANDIDATES } from './story-pool.ts';


export interface FeedDraftInput {
  listSlug: string;
  feed: FetchedFeed;
  rule: SelectionRule;
  subject?: string;
  preheader?: string;
  editionDate?: string;
  scheduleRun?: string;
  layout?: string;
  now?: Date;
}

export interface FeedDraftReport {
  leftOut: { id: string; reason: string }[];
  skipped: { item: string; reason: string }[];
  notes: string[];
}

/**
 * Items a feed gives no date are dated when this list first saw them, so a story
 * left out today is not "new" again tomorrow, and dedupe and `since` keep working.
 */
async function datedWhenFirstSeen(db: Queryable, listId: number, articles: Article[], undated: readonly string[], now: Date): Promise<Article[]> {
  if (!undated.length) return articles;
  const keys = [...new Set(undated)];
  await db.query(
    `insert into feed_items_seen (list_id, item_key, first_seen_at) select $1, k, $3 from unnest($2::text[]) as k on conflict do nothing`,
    [listId, keys, now],
  );
  const seen = await db.query<{ key: string; at: Date }>(`select item_key as key, first_seen_at as at from feed_items_seen where list_id = $1 and item_key = any($2::text[])`, [
    listId,
    keys,
  ]);
  const firstSeen = new Map(seen.map((s) => [s.key, new Date(s.at).toISOString()]));
  const undatedIds = new Set(keys);
  return articles.map((a) => (undatedIds.has(a.id) && firstSeen.has(a.id) ? { ...a, publishedAt: firstSeen.get(a.id)! } : a));
}

/**
 * A draft from a feed by the selection rule, skipping stories already sent to the
 * list. The newest fresh stories the rule left out are kept as candidates, so an
 * editor can swap them in without fetching the feed again. Nothing is saved if the
 * feed is malformed or has nothing fresh.
 */
export async function draftFromFeed(db: Queryable, input: FeedDraftInput): Promise<{ edition: Edition; report: FeedDraftReport }> {
  const now = input.now ?? new Date();
  const feed = parseFeed(input.feed.body, { source: input.feed.source, url: input.feed.url, charset: input.feed.charset, now });
  const list = await getList(db, input.listSlug);
  const articles = await datedWhenFirstSeen(db, list.id, feed.articles, feed.undated, now);
  const sent = await recentlySent(db, input.listSlug);
  const selection = selectDigest(articles, input.rule, sent);
  const chosen = new Set([selection.content.lead.id, ...selection.content.teasers.map((t) => t.id)]);
  const fresh = articles
    .filter((a) => input.rule.includeSent || (!sent.has(a.id) && !sent.has(a.url)))
    .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
  // The edition's own stories always stay in the pool; the rest up to the cap, newest first.
  const candidates = [...fresh.filter((a) => chosen.has(a.id)), ...fresh.filter((a) => !chosen.has(a.id)).slice(0, Math.max(0, MAX_CANDIDATES - chosen.size))];
  const notes = [...feed.notes];
  if (fresh.length > candidates.length) notes.push(`${fresh.length} fresh stories in the feed: the newest ${candidates.length} are kept to choose from`);
  const edition = await createEdition(db, {
    listSlug: input.listSlug,
    content: selection.content,
    subject: input.subject,
    preheader: input.preheader,
    editionDate: input.editionDate,
    candidates,
    scheduleRun: input.scheduleRun,
    layout: input.layout,
  });
  return { edition, report: { leftOut: selection.leftOut, skipped: feed.skipped, notes } };
}
