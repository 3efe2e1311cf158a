import type { Article } from '../content/article.ts';
import type { Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { sectionKey, sectionsOf, type SectionChoice } from '../editions/reader-sections.ts';

export interface ListSection {
  key: string;
  name: string;
  /** Active readers who chose it (readers of every section are counted apart). */
  readers: number;
}

/** Keeps the sections these stories name on their list, so readers can choose them. Idempotent. */
export async function noteSections(db: Queryable, listId: number, stories: readonly Article[]): Promise<void> {
  const found = sectionsOf(stories);
  if (!found.size) return;
  await db.query(
    `insert into list_sections (list_id, key, name) select $1, * from unnest($2::text[], $3::text[]) on conflict do nothing`,
    [listId, [...found.keys()], [...found.values()]],
  );
}

/** A list's sections by name, with how many active readers chose each. */
export async function listSections(db: Queryable, listId: number): Promise<ListSection[]> {
  return db.query<ListSection>(
    `select ls.key, ls.name,
            (select count(*)::int from subscriptions s where s.list_id = ls.list_id and s.status = 'active' and ls.key = any(s.sections)) as readers
       from list_sections ls where ls.list_id = $1 order by lower(ls.name)`,
    [listId],
  );
}

/** Adds a section by name (an editor's, before any story names it). */
export async function addSection(db: Queryable, listId: number, name: string): Promise<ListSection> {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!clean || clean.length > 100) throw new UserError('invalid_input', 'section: give a name of 1 to 100 characters');
  await db.query(`insert into list_sections (list_id, key, name) values ($1, $2, $3) on conflict (list_id, key) do update set name = excluded.name`, [listId, sectionKey(clean), clean]);
  return (await listSections(db, listId)).find((s) => s.key === sectionKey(clean))!;
}

/** Removes a section; readers who chose it keep their other sections (one who chose only it gets everything). */
export async function removeSection(db: Queryable, listId: number, name: string): Promise<boolean> {
  const key = sectionKey(name);
  const gone = await db.query(`delete from list_sections where list_id = $1 and key = $2 returning 1`, [listId, key]);
  await db.query(
    `update subscriptions set sections = nullif(array_remove(sections, $2), '{}'), updated_at = now() where list_id = $1 and $2 = any(sections)`,
    [listId, key],
  );
  return gone.length > 0;
}

/**
 * Checks a reader's choice against the list's sections: every name must be one of
 * them (case aside). Returns the reason when not, naming the sections there are.
 */
export function unknownSections(choice: SectionChoice, known: ReadonlyMap<string, string>): string | null {
  const unknown = (choice ?? []).filter((k) => !known.has(k));
  if (!unknown.length) return null;
  const there = known.size ? `this list's sections are ${[...known.values()].join(', ')}` : 'this list has no sections yet (add them with "broadsheet lists sections <list> --add <name>")';
  return `sections: ${unknown.map((u) => JSON.stringify(u)).join(', ')} ${unknown.length === 1 ? 'is not a section' : 'are not sections'} of this list; ${there}`;
}

/** The list's sections as a key → name map. */
export async function sectionNames(db: Queryable, listId: number): Promise<Map<string, string>> {
  const rows = await db.query<{ key: string; name: string }>(`select key, name from list_sections where list_id = $1 order by lower(name)`, [listId]);
  return new Map(rows.map((r) => [r.key, r.name]));
}
