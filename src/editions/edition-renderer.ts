import type { Tier } from '../content/article.ts';
import { editionTags, withLinkTags, type LinkTagSettings } from '../content/link-tags.ts';
import type { ReaderLinks } from '../rendering/reader-links.ts';
import type { RenderedVariant } from '../rendering/render-variant.ts';
import { sponsorSlots, type Sponsor } from '../sponsors/sponsor.ts';
import type { Edition } from './edition.ts';
import { personalContent } from './reader-sections.ts';
import { leadPreheader } from './draft-changes.ts';

/** Renders an edition for one tier, with every teaser or (readers' sections) only those at `teasers`. */
export type EditionRenderer = (edition: Edition, tier: Tier, teasers?: readonly number[] | null) => Promise<RenderedVariant>;

export interface RendererSettings {
  publisher: { name: string; postalAddress: string };
  links: ReaderLinks;
  linkTags: LinkTagSettings | null;
  /** A list's sponsor bookings (the renderer picks those running on the edition's date). */
  sponsorsOf(listId: number): Promise<Sponsor[]>;
}

/**
 * Binds the process's publisher details, link builder, UTM settings and sponsor
 * bookings to the template renderer: the edition's layout, its date's sponsors and
 * its campaign tags, rendered for one tier.
 */
export function createEditionRenderer(s: RendererSettings): EditionRenderer {
  return async (edition, tier, teasers = null) => {
    const tags = editionTags(s.linkTags, edition.listSlug, edition.editionDate);
    const content = personalContent(edition.content, teasers);
    const sponsors = sponsorSlots(await s.sponsorsOf(edition.listId), edition.editionDate, content.teasers.length, (url, tag) =>
      withLinkTags(url, tags && { ...tags, content: `sponsor-${tag}` }),
    );
    // React and the templates load with the first render, not with every process that could render.
    const { renderVariant } = await import('../rendering/render-variant.ts');
    return renderVariant({
      listName: edition.listName,
      editionDate: edition.editionDate,
      subject: edition.subject,
      // A made preheader names the first teasers: each reader's names theirs. An editor's own is kept as written.
      preheader: teasers && edition.preheaderLead === null ? leadPreheader(content) : edition.preheader,
      content,
      tier,
      publisher: { name: edition.listPublisherName ?? s.publisher.name, postalAddress: edition.listPostalAddress ?? s.publisher.postalAddress },
      links: { viewInBrowser: s.links.archive(edition.id), subscribe: edition.listPaidUrl ?? s.links.subscribe(edition.listSlug) },
      layout: edition.layout,
      linkTags: tags,
      sponsors,
      lang: edition.listLanguage,
    });
  };
}
