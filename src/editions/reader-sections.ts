import type { Article, Tier } from '../content/article.ts';
import type { DigestContent } from '../content/digest-content.ts';

/**
 * Readers choose sections; each reader's digest holds the lead, the teasers in
 * their sections (and those with no section), and the sponsor blocks. Pure: the
 * same choice always gives the same teasers and the same variant key, so prepare
 * renders once per distinct outcome and every batch reuses it.
 */

/** What a choice and a story's section are matched by: letter case and spacing aside. */
export function sectionKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');
}

/** A reader's choice as stored: section keys, sorted and distinct; null is every section. */
export type SectionChoice = readonly string[] | null;

/** Sorted, distinct keys; an empty choice is every section. */
export function normalizeChoice(names: readonly string[] | null | undefined): SectionChoice {
  if (!names) return null;
  const keys = [...new Set(names.map(sectionKey).filter(Boolean))].sort();
  return keys.length ? keys : null;
}

/**
 * A CSV cell or form value: names separated by `;` (case-insensitive). Empty says
 * nothing (`undefined`: an import keeps what the reader had); `*`, `all` or
 * `everything` is every section (null).
 */
export function parseSectionCell(cell: string): SectionChoice | undefined {
  const names = cell.split(';').map((s) => s.trim()).filter(Boolean);
  if (!names.length) return undefined;
  if (names.length === 1 && ['*', 'all', 'everything'].includes(names[0]!.toLowerCase())) return null;
  return normalizeChoice(names);
}

/**
 * The teasers (by position) a reader of `choice` gets, or null for all of them:
 * those in the chosen sections and those without a section. A choice that matches
 * no teaser that day gets every teaser rather than a digest of the lead alone.
 */
export function teasersFor(teasers: readonly Article[], choice: SectionChoice): number[] | null {
  if (!choice) return null;
  const chosen = new Set(choice);
  let matched = false;
  const picked = teasers.flatMap((t, i) => {
    if (!t.section) return [i];
    if (!chosen.has(sectionKey(t.section))) return [];
    matched = true;
    return [i];
  });
  return !matched || picked.length === teasers.length ? null : picked;
}

/** One rendered variant per distinct (tier, teasers): `free`, `paid`, or `free.0-2-5` for a subset. */
export function variantKey(tier: Tier, teasers: readonly number[] | null): string {
  return teasers ? `${tier}.${teasers.join('-')}` : tier;
}

/** The tier and teaser positions a key names; the inverse of `variantKey`. */
export function parseVariantKey(key: string): { tier: Tier; teasers: number[] | null } {
  const [tier, picks] = key.split('.', 2) as [Tier, string | undefined];
  return { tier, teasers: picks === undefined ? null : picks ? picks.split('-').map(Number) : [] };
}

/** The edition as a reader with these teasers gets it. */
export function personalContent(content: DigestContent, teasers: readonly number[] | null): DigestContent {
  return teasers ? { ...content, teasers: teasers.map((i) => content.teasers[i]!) } : content;
}

/** The sections an edition's stories name, by key, with the spelling first seen. */
export function sectionsOf(stories: readonly Article[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of stories) if (s.section && !out.has(sectionKey(s.section))) out.set(sectionKey(s.section), s.section.trim());
  return out;
}
