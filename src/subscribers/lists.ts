import type { Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { parseLayout, type Layout } from '../rendering/layouts.ts';

export interface List {
  id: number;
  slug: string;
  name: string;
  /** The layout its editions get unless an editor picks another. */
  layout: Layout;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export async function createList(db: Queryable, slug: string, name: string, layout: string = 'classic'): Promise<List> {
  if (!SLUG.test(slug)) throw new UserError('invalid_input', `list slug "${slug}" must be lower-case letters, digits and dashes (at most 63), starting with a letter or digit`);
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw new UserError('invalid_input', 'list name must be 1..200 characters');
  const rows = await db.query<List>(
    `insert into lists (slug, name, layout) values ($1, $2, $3) on conflict (slug) do nothing returning id, slug, name, layout`,
    [slug, trimmed, parseLayout(layout)],
  );
  if (!rows[0]) throw new UserError('conflict', `a list with slug "${slug}" already exists`);
  return rows[0];
}

export async function findList(db: Queryable, slug: string): Promise<List | null> {
  const rows = await db.query<List>(`select id, slug, name, layout from lists where slug = $1`, [slug]);
  return rows[0] ?? null;
}

export async function getList(db: Queryable, slug: string): Promise<List> {
  const list = await findList(db, slug);
  if (!list) throw new UserError('not_found', `no list "${slug}" (create it with: broadsheet lists create ${slug} --name "…")`);
  return list;
}

export async function listLists(db: Queryable): Promise<(List & { active: number })[]> {
  return db.query(
    `select l.id, l.slug, l.name, l.layout,
            (select count(*)::int from subscriptions s where s.list_id = l.id and s.status = 'active') as active
       from lists l order by l.slug`,
  );
}

/** Renames a list or changes the layout its new editions get. */
export async function updateList(db: Queryable, slug: string, changes: { name?: string; layout?: string }): Promise<List> {
  const list = await getList(db, slug);
  const name = changes.name?.trim() ?? list.name;
  if (!name || name.length > 200) throw new UserError('invalid_input', 'list name must be 1..200 characters');
  const layout = changes.layout === undefined ? list.layout : parseLayout(changes.layout);
  const [row] = await db.query<List>(`update lists set name = $2, layout = $3 where id = $1 returning id, slug, name, layout`, [list.id, name, layout]);
  return row!;
}
