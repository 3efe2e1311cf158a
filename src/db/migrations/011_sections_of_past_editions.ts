import type { Queryable } from '../database.ts';
import type { Article } from '../../content/article.ts';
import { noteSections } from '../../subscribers/list-sections.ts';

/** The sections named by editions made before lists kept theirs, keyed as readers' choices are (JS, not SQL's `lower`). */
export async function up(tx: Queryable): Promise<void> {
  const editions = await tx.query<{ listId: number; lead: Article; teasers: Article[] | null }>(
    `select list_id as "listId", content->'lead' as lead, content->'teasers' as teasers from editions order by created_at`,
  );
  for (const e of editions) await noteSections(tx, e.listId, [e.lead, ...(e.teasers ?? [])]);
}
