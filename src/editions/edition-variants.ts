import { TIERS, type Tier } from '../content/article.ts';
import type { Queryable } from '../db/database.ts';
import type { Edition } from './edition.ts';
import { listSections } from '../subscribers/list-sections.ts';
import { parseVariantKey, sectionKey, teasersFor, variantKey, type SectionChoice } from './reader-sections.ts';

/** One variant an edition needs: a tier, and all its teasers (null) or those some readers' sections give. */
export interface NeededVariant {
  key: string;
  tier: Tier;
  teasers: number[] | null;
  /** Active readers who get it now. */
  readers: number;
}

/**
 * The variants an edition's readers need: each tier's whole digest (also the
 * archive's, and any reader's whose choice changed since), then one per distinct
 * (tier, teasers) their sections give, most readers first. `keyOf` maps a reader
 * to theirs. Readers past `upTo` (prepare's bound) are not counted.
 */
export async function neededVariants(db: Queryable, edition: Edition, upTo?: number): Promise<{ variants: NeededVariant[]; keyOf: (tier: Tier, sections: SectionChoice) => string }> {
  const choices = await db.query<{ tier: Tier; sections: string[] | null; readers: number }>(
    `select s.tier, sub.sections, count(*)::int as readers
       from subscriptions sub join subscribers s on s.id = sub.subscriber_id
      where sub.list_id = $1 and sub.status = 'active' and ($2::int is null or sub.subscriber_id <= $2)
      group by 1, 2`,
    [edition.listId, upTo ?? null],
  );
  const keyOf = (tier: Tier, sections: SectionChoice) => variantKey(tier, teasersFor(edition.content.teasers, sections));
  const byKey = new Map<string, NeededVariant>(TIERS.map((tier) => [tier, { key: tier, tier, teasers: null, readers: 0 }]));
  for (const c of choices) {
    const key = keyOf(c.tier, c.sections);
    const v = byKey.get(key) ?? { key, ...parseVariantKey(key), readers: 0 };
    v.readers += c.readers;
    byKey.set(key, v);
  }
  const variants = [...byKey.values()].sort((a, b) => Number(a.teasers !== null) - Number(b.teasers !== null) || b.readers - a.readers || a.key.localeCompare(b.key));
  return { variants, keyOf };
}

/** What a variant holds, in words: `free readers` or `paid readers of Politics, Business`. */
export function variantLabel(edition: Edition, v: Pick<NeededVariant, 'tier' | 'teasers'>): string {
  if (!v.teasers) return `${v.tier} readers`;
  const names = new Map<string, string>();
  for (const i of v.teasers) {
    const section = edition.content.teasers[i]?.section;
    if (section && !names.has(sectionKey(section))) names.set(sectionKey(section), section);
  }
  return `${v.tier} readers of ${[...names.values()].join(', ')}`;
}

/** Who gets what: readers per section, and how many readers each teaser reaches (the lead reaches all). */
export interface SectionAudience {
  readers: number;
  /** Readers who chose no section: they get every story. */
  everything: number;
  sections: { key: string; name: string; readers: number }[];
  teasers: { id: string; url: string; headline: string; section: string | null; readers: number }[];
  /** Distinct digests the readers' choices make (each tier's whole one included). */
  digests: number;
}

export async function sectionAudience(db: Queryable, edition: Edition): Promise<SectionAudience> {
  const { variants } = await neededVariants(db, edition);
  const readers = variants.reduce((n, v) => n + v.readers, 0);
  const [{ everything }] = (await db.query<{ everything: number }>(
    `select count(*)::int as everything from subscriptions where list_id = $1 and status = 'active' and sections is null`,
    [edition.listId],
  )) as [{ everything: number }];
  const sections = await listSections(db, edition.listId);
  const teasers = edition.content.teasers.map((t, i) => ({
    id: t.id,
    url: t.url,
    headline: t.headline,
    section: t.section ?? null,
    readers: variants.filter((v) => !v.teasers || v.teasers.includes(i)).reduce((n, v) => n + v.readers, 0),
  }));
  return { readers, everything, sections, teasers, digests: variants.filter((v) => v.readers > 0 || !v.teasers).length };
}
