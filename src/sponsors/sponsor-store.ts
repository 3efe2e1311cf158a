import type { Database, Queryable } from '../db/database.ts';
import { describeIssues, UserError } from '../errors.ts';
import { getList } from '../subscribers/lists.ts';
import { overlaps, SponsorInput, type Sponsor } from './sponsor.ts';

const COLUMNS = `id, name, headline, body, url, cta, image, placement, to_char(starts_on, 'YYYY-MM-DD') as "startsOn",
  to_char(ends_on, 'YYYY-MM-DD') as "endsOn", tag`;

/** Strips SQL nulls so optional fields are absent, as the schema has them. */
const clean = (row: Sponsor & { body: string | null; image: Sponsor['image'] | null }): Sponsor => {
  const { body, image, ...rest } = row;
  return { ...rest, ...(body ? { body } : {}), ...(image ? { image } : {}) };
};

/**
 * Books a sponsor into a list's digest. Refused, naming the field or the other
 * booking, when the input is invalid or another sponsor has the same slot on any
 * of its days: one block per slot per edition.
 */
export async function addSponsor(db: Database, listSlug: string, input: unknown): Promise<Sponsor & { listSlug: string }> {
  const parsed = SponsorInput.safeParse(input);
  if (!parsed.success) throw new UserError('invalid_input', describeIssues(parsed.error.issues, 'sponsor'));
  const s = parsed.data;
  const list = await getList(db, listSlug);
  return db.transaction(async (tx) => {
    // Serialise bookings of one list so two at once cannot both take a slot.
    await tx.query(`select id from lists where id = $1 for update`, [list.id]);
    const clash = (await listSponsorsOf(tx, list.id)).find((other) => overlaps(other, s));
    if (clash) {
      throw new UserError('conflict', `${s.placement} is taken from ${clash.startsOn} to ${clash.endsOn} by sponsor #${clash.id} (${clash.name}); choose other days or another placement`);
    }
    const [row] = await tx.query<Sponsor & { body: string | null; image: Sponsor['image'] | null }>(
      `insert into sponsors (list_id, name, headline, body, url, cta, image, placement, starts_on, ends_on, tag)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning ${COLUMNS}`,
      [list.id, s.name, s.headline, s.body ?? null, s.url, s.cta, s.image ? JSON.stringify(s.image) : null, s.placement, s.startsOn, s.endsOn, s.tag],
    );
    return { ...clean(row!), listSlug };
  });
}

export async function listSponsorsOf(db: Queryable, listId: number): Promise<Sponsor[]> {
  const rows = await db.query<Sponsor & { body: string | null; image: Sponsor['image'] | null }>(`select ${COLUMNS} from sponsors where list_id = $1 order by starts_on, id`, [listId]);
  return rows.map(clean);
}

export async function listSponsors(db: Queryable, listSlug: string): Promise<Sponsor[]> {
  return listSponsorsOf(db, (await getList(db, listSlug)).id);
}

export async function removeSponsor(db: Queryable, id: number): Promise<void> {
  if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) throw new UserError('invalid_input', 'a sponsor id is a whole number, e.g. 3');
  const rows = await db.query(`delete from sponsors where id = $1 returning id`, [id]);
  if (!rows.length) throw new UserError('not_found', `no sponsor #${id}`);
}
