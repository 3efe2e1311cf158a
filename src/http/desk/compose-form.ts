import type { Article } from '../../content/article.ts';
import type { DraftChanges } from '../../editions/edition-service.ts';

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
 * The compose form → draft changes. Stories are named by their position in the
 * pool (ids from feeds can be any text): `lead` is one position, `teaser` the ticked
 * ones, `order_<i>` an editor's number for each, and `move` = `<i>:up|down` a
 * button that swaps a teaser with its neighbour. Pure, so it is tested alone.
 */
export function draftChangesFromForm(form: FormFields, pool: readonly Article[]): DraftChanges {
  const at = (raw: string | undefined) => {
    const i = Number(raw);
    return Number.isInteger(i) && i >= 0 && i < pool.length ? i : undefined;
  };
  const lead = at(one(form, 'lead'));
  const ticked = [...new Set(all(form, 'teaser').map(at).filter((i): i is number => i !== undefined && i !== lead))];
  const orderOf = (i: number) => {
    const n = Number(one(form, `order_${i}`));
    return Number.isFinite(n) && one(form, `order_${i}`)?.trim() ? n : Number.POSITIVE_INFINITY;
  };
  ticked.sort((a, b) => orderOf(a) - orderOf(b) || a - b);

  const move = /^(\d+):(up|down)$/.exec(one(form, 'move') ?? '');
  if (move) {
    const from = ticked.indexOf(Number(move[1]));
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
    imageAlts: Object.fromEntries(pool.flatMap((a, i) => (one(form, `alt_${i}`)?.trim() ? [[a.id, one(form, `alt_${i}`)!.trim()]] : []))),
  };
}
