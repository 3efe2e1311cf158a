import { createElement } from 'react';
import { render, toPlainText } from 'react-email';
import DailyDigest, { type DigestTemplateProps } from '../../emails/daily-digest.tsx';
import { gridDigestMjml } from '../../emails/_mjml/grid-digest.ts';
import type { Tier } from '../content/article.ts';
import type { DigestContent } from '../content/digest-content.ts';
import { tagDigestLinks, type LinkTags } from '../content/link-tags.ts';
import type { SponsorSlot } from '../sponsors/sponsor.ts';
import { compileMjml } from './compile-mjml.ts';
import type { Layout } from './layouts.ts';
import { asciiHtml } from './escape.ts';
import { newNonce, placeholders } from './personalisation.ts';

export { LAYOUTS, type Layout } from './layouts.ts';

export interface VariantInput {
  listName: string;
  editionDate: string;
  subject: string;
  preheader: string;
  content: DigestContent;
  tier: Tier;
  publisher: { name: string; postalAddress: string };
  links: { viewInBrowser: string; subscribe: string };
  layout?: Layout;
  /** UTM parameters for article links; absent or null leaves them bare. */
  linkTags?: LinkTags | null;
  sponsors?: SponsorSlot[];
  /** The list's language (BCP 47); English when absent. */
  lang?: string;
}

/** An edition rendered for one tier, with placeholders where each reader's details go. */
export interface RenderedVariant {
  tier: Tier;
  subject: string;
  preheader: string;
  html: string;
  text: string;
  tokenNonce: string;
}

export { GMAIL_CLIP_BYTES } from './layouts.ts';

const TEXT_SELECTORS = [
  ...['h1', 'h2', 'h3'].map((selector) => ({ selector, options: { uppercase: false } })),
  // MJML's linked images (class bs-img): the story's link follows its headline in the text part.
  { selector: '.bs-img', format: 'skip' },
];

/** The layout's full HTML for these props: a React render or an MJML compile. */
async function renderLayout(layout: Layout, props: DigestTemplateProps): Promise<string> {
  return layout === 'grid' ? compileMjml(gridDigestMjml(props), 'grid') : render(createElement(DailyDigest, props));
}

/** One full render per (edition, layout, tier); readers get token substitution only. */
export async function renderVariant(input: VariantInput, nonce = newNonce()): Promise<RenderedVariant> {
  const holes = placeholders(nonce);
  const rendered = await renderLayout(input.layout ?? 'classic', {
    listName: input.listName,
    editionDate: input.editionDate,
    preheader: input.preheader,
    content: tagDigestLinks(input.content, input.linkTags ?? null),
    tier: input.tier,
    publisher: input.publisher,
    links: {
      ...input.links,
      unsubscribe: holes.unsubscribe_url,
      unsubscribeAll: holes.unsubscribe_all_url,
      preferences: holes.preferences_url,
    },
    greeting: holes.greeting,
    recipientEmail: holes.email,
    sponsors: input.sponsors ?? [],
    lang: input.lang ?? 'en',
  });
  const text = toPlainText(rendered, { selectors: TEXT_SELECTORS });
  const html = asciiHtml(rendered);
  return { tier: input.tier, subject: input.subject, preheader: input.preheader, html, text, tokenNonce: nonce };
}
