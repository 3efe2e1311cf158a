import { parseFeed } from '../content/feed.ts';
import { selectDigest, type SelectionRule } from '../content/digest-selection.ts';
import type { Queryable } from '../db/database.ts';
import { createEdition, recentlySent } from './edition-service.ts';
import type { Edition } from './edition.ts';

export interface FeedDraftInput {
  listSlug: string;
  /** The feed's text and where it came from (named in errors). */
  feed: { text: string; source: string };
  rule: SelectionRule;
  subject?: string;
  preheader?: string;
  editionDate?: string;
  scheduleRun?: string;
  layout?: string;
}

export interface FeedDraftReport {
  leftOut: { id: string; reason: string }[];
  skipped: { item: string; reason: string }[];
  notes: string[];
}

/**
 * A draft from a feed by the selection rule, skipping stories already sent to the
 * list. The fresh stories the rule left out are kept as candidates, so an editor
 * can swap them in without fetching the feed again. Nothing is saved if the feed
 * is malformed or has nothing fresh.
 */
export async function draftFromFeed(db: Queryable, input: FeedDraftInput): Promise<{ edition: Edition; report: FeedDraftReport }> {
  const feed = parseFeed(input.feed.text, input.feed.source);
  const sent = await recentlySent(db, input.listSlug);
  const selection = selectDigest(feed.articles, input.rule, sent);
  const candidates = feed.articles.filter((a) => !sent.has(a.id) && !sent.has(a.url));
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
  return { edition, report: { leftOut: selection.leftOut, skipped: feed.skipped, notes: feed.notes } };
}
