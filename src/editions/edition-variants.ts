import { TIERS, type Tier } from '../content/article.ts';
import type { Queryable } from '../db/database.ts';
import type { Edition } from './edition.ts';
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
