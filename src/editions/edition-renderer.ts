import type { Tier } from '../content/article.ts';
import type { ReaderLinks } from '../rendering/reader-links.ts';
import { renderVariant, type RenderedVariant } from '../rendering/render-variant.ts';
import type { Edition } from './edition.ts';

export type EditionRenderer = (edition: Edition, tier: Tier) => Promise<RenderedVariant>;

/** Binds the process's publisher details and link builder to the template renderer. */
export function createEditionRenderer(publisher: { name: string; postalAddress: string }, links: ReaderLinks): EditionRenderer {
  return (edition, tier) =>
    renderVariant({
      listName: edition.listName,
      editionDate: edition.editionDate,
      subject: edition.subject,
      preheader: edition.preheader,
      content: edition.content,
      tier,
      publisher,
      links: { viewInBrowser: links.archive(edition.id), subscribe: links.subscribe(edition.listSlug) },
    });
}
