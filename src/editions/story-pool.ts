import { noteSections } from '../subscribers/list-sections.ts';
import { ArticleSchema, type Article } from '../content/article.ts';
import type { Queryable } from '../db/database.ts';
import { describeIssues, UserError } from '../errors.ts';
import { storyPool } from './draft-changes.ts';
import { checkedTransition, getEdition } from './edition-service.ts';
import type { Edition } from './edition.ts';

/** Stories kept for the editor to swap in: the newest few hundred are plenty, and a whole archive feed would weigh megabytes. */
export const MAX_CANDIDATES = 200;

/**
 * The candidates a draft keeps: those given first (newest additions on top),
 * then the ones it had, the edition's own stories always among them, at most
 * MAX_CANDIDATES. Pure.
 */
export function mergeCandidates(edition: Pick<Edition, 'content' | 'candidates'>, added: readonly Article[]): { candidates: Article[]; added: Article[] } {
  const known = new Set(storyPool(edition).flatMap((a) => [a.id, a.url]));
  const fresh: Article[] = [];
  for (const a of added) {
    if (known.has(a.id) || known.has(a.url)) continue;
    known.add(a.id).add(a.url);
    fresh.push(a);
  }
  const own = new Set([edition.content.lead.id, ...edition.content.teasers.map((t) => t.id)]);
  const merged = [...fresh, ...(edition.candidates ?? storyPool(edition))];
  const keep = merged.filter((a) => own.has(a.id));
  const room = Math.max(0, MAX_CANDIDATES - keep.length);
  const spare = merged.filter((a) => !own.has(a.id)).slice(0, room);
  return { candidates: [...new Set([...spare, ...keep])], added: fresh.filter((a) => spare.includes(a)) };
}

/** Adds stories to a draft's "more stories": from a page, a feed file or typed by hand. Returns those that were new to it. */
export async function addStories(db: Queryable, id: string, stories: readonly Article[]): Promise<{ edition: Edition; added: Article[] }> {
  const edition = await getEdition(db, id);
  checkedTransition(edition, 'edit');
  const { candidates, added } = mergeCandidates(edition, stories);
  if (added.length) {
    const updated = await db.query(`update editions set candidates = $2, updated_at = now() where id = $1 and status = 'draft' returning id`, [id, JSON.stringify(candidates)]);
    if (!updated.length) throw new UserError('conflict', `edition ${id} changed while adding stories; reload it and try again`);
    await noteSections(db, edition.listId, added);
  }
  return { edition: await getEdition(db, id), added };
}

/** A story typed by hand: a headline and a link at least; the rest optional. Each field's problem named. */
export function storyFromFields(fields: { headline: string; url: string; dek?: string; section?: string; imageSrc?: string; imageAlt?: string; access?: string }, now: Date): Article {
  const parsed = ArticleSchema.safeParse({
    id: fields.url.trim().slice(0, 200),
    url: fields.url.trim(),
    headline: fields.headline,
    ...(fields.dek?.trim() ? { dek: fields.dek } : {}),
    ...(fields.section?.trim() ? { section: fields.section } : {}),
    ...(fields.imageSrc?.trim() ? { image: { src: fields.imageSrc.trim(), alt: fields.imageAlt ?? '' } } : {}),
    publishedAt: now.toISOString(),
    access: fields.access === 'paid' ? 'paid' : 'free',
  });
  if (!parsed.success) throw new UserError('invalid_input', describeIssues(parsed.error.issues, 'story').replace(/^id: /, 'url: ').replace(/image\.src/g, 'imageSrc').replace(/image\.alt/g, 'imageAlt'));
  return parsed.data;
}
