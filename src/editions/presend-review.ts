import { TIERS, type Tier } from '../content/article.ts';
import type { Queryable } from '../db/database.ts';
import { altTextProblems, missingAltText } from '../rendering/accessibility-checks.ts';
import { linksInto, variantChecks, type Check } from '../rendering/presend-checks.ts';
import type { ReaderLinks } from '../rendering/reader-links.ts';
import { readerValues } from '../rendering/reader-values.ts';
import { longestReaderOf } from '../subscribers/longest-reader.ts';
import type { EditionRenderer } from './edition-renderer.ts';
import type { Edition } from './edition.ts';
import { neededVariants, variantLabel } from './edition-variants.ts';

/** Everything the pre-send checks found: the content's own checks, then each variant's, and the failures in one list. */
export interface PresendReview {
  content: Check[];
  variants: { tier: Tier; checks: Check[] }[];
  /** The failed checks as one line each (`free readers: …`): what stops a send. */
  problems: string[];
}

export type PresendReviewer = (edition: Edition) => Promise<PresendReview>;

/** Renders every variant and lists what would make it unfit to send. */
export type PresendCheck = (edition: Edition) => Promise<string[]>;

export interface ReviewDeps {
  render: EditionRenderer;
  postalAddress: string;
  db: Queryable;
  links: ReaderLinks;
  publicUrl: string;
  /** The status our own server answers a GET of `path` with (for links into PUBLIC_URL). */
  statusOf(path: string): Promise<number>;
}

/**
 * The pre-send review: the content's alt text, then for each tier the rendered
 * variant's checklist (measured with the list's longest reader) and whether every
 * link into PUBLIC_URL would be served; every variant readers' sections make is
 * checked the same way. The edition's own archive page is served
 * once it is sent, so it is not asked for.
 */
export function presendReviewer(deps: ReviewDeps): PresendReviewer {
  return async (edition) => {
    const alt = altTextProblems(edition.content);
    const decorative = missingAltText(edition.content);
    const content: Check[] = [
      alt.length
        ? { label: 'Alt text on every picture', status: 'fail', detail: alt.join('; ') }
        : decorative.length
          ? { label: 'Alt text on every picture', status: 'warn', detail: `${decorative.length} picture(s) go out as decorative, with no alt text (${decorative.join(', ')}): describe them if they matter` }
          : { label: 'Alt text on every picture', status: 'pass', detail: 'every picture is described' },
    ];
    const locked = [edition.content.lead, ...edition.content.teasers].some((a) => a.access === 'paid');
    if (locked && !edition.listPaidUrl) {
      content.push({ label: 'Paywall link', status: 'warn', detail: `"Subscribe to read" goes to the list's sign-up page: set its paid URL (lists update ${edition.listSlug} --paid-url …) to send free readers to your paywall` });
    }
    const longest = await longestReaderOf(deps.db, edition.listId);
    const longestReader = longest ? readerValues(deps.links, longest, edition.listId, edition.listLanguage) : undefined;
    const ownArchive = deps.links.archive(edition.id);
    const base = deps.publicUrl.replace(/\/$/, '');
    const served = new Map<string, Promise<number>>();
    const statusOf = (link: string) => served.get(link) ?? (served.set(link, deps.statusOf(link.slice(base.length) || '/')), served.get(link)!);
    /** One variant's checklist: the rendered email's checks, and whether our server serves its links into PUBLIC_URL. */
    const checklist = async (tier: Tier, teasers: number[] | null): Promise<Check[]> => {
      const variant = await deps.render(edition, tier, teasers);
      const checks = variantChecks(variant, { preheader: variant.preheader, postalAddress: edition.listPostalAddress ?? deps.postalAddress, longestReader });
      const broken: string[] = [];
      const ours = linksInto(variant.html, deps.publicUrl, variant.tokenNonce).filter((l) => l !== ownArchive);
      for (const link of ours) {
        const status = await statusOf(link);
        if (status >= 400) broken.push(`${link} (${status})`);
      }
      checks.push(
        broken.length
          ? { label: `Links into ${base}`, status: 'fail', detail: `our server would not serve ${broken.join(', ')}` }
          : { label: `Links into ${base}`, status: 'pass', detail: ours.length ? `${ours.length} link(s), each served` : 'reader links only (signed per reader)' },
      );
      return checks;
    };
    // Each tier's whole digest in full; every variant readers' sections make is checked too, and summed up in one line.
    const { variants: needed } = await neededVariants(deps.db, edition);
    const variants: PresendReview['variants'] = [];
    const sectionFailures: string[] = [];
    for (const tier of TIERS) {
      const checks = await checklist(tier, null);
      const personal = needed.filter((v) => v.tier === tier && v.teasers);
      const failing: string[] = [];
      for (const v of personal) {
        const failed = (await checklist(tier, v.teasers)).filter((c) => c.status === 'fail');
        for (const f of failed) failing.push(`${variantLabel(edition, v)}: ${f.detail}`);
      }
      if (personal.length) {
        const readers = personal.reduce((n, v) => n + v.readers, 0);
        checks.push(
          failing.length
            ? { label: 'Every reader’s sections', status: 'fail', detail: failing.join('; ') }
            : { label: 'Every reader’s sections', status: 'pass', detail: `${personal.length} other digest(s) for ${readers} reader(s) who chose sections, each checked` },
        );
      }
      sectionFailures.push(...failing);
      variants.push({ tier, checks });
    }
    const problems = [
      ...content.filter((c) => c.status === 'fail').map((c) => c.detail),
      ...variants.flatMap((v) => v.checks.filter((c) => c.status === 'fail' && c.label !== 'Every reader’s sections').map((c) => `${v.tier} readers: ${c.detail}`)),
      ...sectionFailures,
    ];
    return { content, variants, problems };
  };
}
