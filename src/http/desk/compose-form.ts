import { createHash } from 'node:crypto';
import type { Article } from '../../content/article.ts';
import type { DraftChanges } from '../../editions/draft-changes.ts';

/** A posted form: single values or, for repeated names, arrays. */
export type FormFields = Record<string, string | File | (string | File)[]>;

/** The first value posted under `name`, if it is text. */
export const formValue = (form: FormFields, name: string): string | undefined => {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
};
const one = formValue;
const all = (form: FormFields, name: string): string[] =>
  ([] as unknown[]).concat(form[name] ?? []).filter((v): v is string => typeof v === 'string');

/**
 * A story's name in the compose form: a short hash of its article id (ids from
 * feeds can be any text), the same however the pool around it changes, so a
 * story added while the editor composes cannot shift what their form means.
 */
export const storyKey = (articleId: string): string => createHash('sha256').update(articleId).digest('base64url').slice(0, 12);

/**
 * The compose form → draft changes. `lead` is one story's key, `teaser` the
 * ticked ones, `order_<key>` an editor's number for each, and `move` =
 * `<key>:up|down` a button that swaps a teaser with its neighbour. Keys that name
 * no story of the pool are ignored. Pure, so it is tested alone.
 */
export function draftChangesFromForm(form: FormFields, pool: readonly Article[]): DraftChanges {
  const byKey = new Map(pool.map((a, i) => [storyKey(a.id), i]));
  const at = (raw: string | undefined) => (raw === undefined ? undefined : byKey.get(raw));
  const keyOf = (i: number) => storyKey(pool[i]!.id);
  const lead = at(one(form, 'lead'));
  const ticked = [...new Set(all(form, 'teaser').map(at).filter((i): i is number => i !== undefined && i !== lead))];
  const orderOf = (i: number) => {
    const raw = one(form, `order_${keyOf(i)}`);
    const n = Number(raw);
    return Number.isFinite(n) && raw?.trim() ? n : Number.POSITIVE_INFINITY;
  };
  ticked.sort((a, b) => orderOf(a) - orderOf(b) || a - b);

  const move = /^([\w-]{12}):(up|down)$/.exec(one(form, 'move') ?? '');
  if (move) {
    const from = ticked.indexOf(at(move[1]) ?? -1);
    const to = from + (move[2] === 'up' ? -1 : 1);
    if (from >= 0 && to >= 0 && to < ticked.length) [ticked[from], ticked[to]] = [ticked[to]!, ticked[from]!];
  }
  return {
    subject: one(form, 'subject'),
    preheader: one(form, 'preheader'),
    note: one(form, 'note'),
    ...(lead !== undefined ? { leadId: pool[lead]!.id } : {}),
    ...(one(form, 'layout') ? { layout: one(form, 'layout') } : {}),
    teaserIds: ticked.map((i) => pool[i]!.id),
    imageAlts: Object.fromEntries(pool.flatMap((a) => (one(form, `alt_${storyKey(a.id)}`)?.trim() ? [[a.id, one(form, `alt_${storyKey(a.id)}`)!.trim()]] : []))),
    ...(one(form, 'subjectFollowsLead') === '1' ? { subjectFollowsLead: true as const } : {}),
    ...(one(form, 'preheaderFollowsLead') === '1' ? { preheaderFollowsLead: true as const } : {}),
  };
}

/**
 * Which field of the desk's forms a refusal is about, from the name it starts
 * with (`subject: must be 1..300 characters`), so the page shows it beside that
 * field. Stories, their order and their pictures are one field: the story list.
 */
export function fieldOf(message: string): string {
  const name = /^([A-Za-z]+)(?:\[\d+\])?(?:\.[\w.]+)?:/.exec(message)?.[1] ?? '';
  if (['lead', 'teasers', 'imageAlts'].includes(name)) return 'stories';
  return ['subject', 'preheader', 'note', 'layout', 'headline', 'url', 'dek', 'section', 'imageSrc', 'imageAlt', 'feed', 'at', 'timezone', 'localTime', 'to'].includes(name) ? name : 'form';
}
