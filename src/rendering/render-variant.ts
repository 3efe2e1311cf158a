import { createElement } from 'react';
import { render, toPlainText } from 'react-email';
import DailyDigest from '../../emails/daily-digest.tsx';
import type { Tier } from '../content/article.ts';
import type { DigestContent } from '../content/digest-content.ts';
import { asciiHtml } from './escape.ts';
import { newNonce, placeholders } from './personalisation.ts';

export interface VariantInput {
  listName: string;
  editionDate: string;
  subject: string;
  preheader: string;
  content: DigestContent;
  tier: Tier;
  publisher: { name: string; postalAddress: string };
  links: { viewInBrowser: string; subscribe: string };
}

/** An edition rendered for one tier, with placeholders where each reader's details go. */
export interface RenderedVariant {
  tier: Tier;
  subject: string;
  html: string;
  text: string;
  tokenNonce: string;
}

/** Gmail clips messages whose HTML passes ~102 KB. */
export const GMAIL_CLIP_BYTES = 102 * 1024;

const HEADINGS = ['h1', 'h2', 'h3'].map((selector) => ({ selector, options: { uppercase: false } }));

/** One full React render per (edition, tier); readers get token substitution only. */
export async function renderVariant(input: VariantInput, nonce = newNonce()): Promise<RenderedVariant> {
  const holes = placeholders(nonce);
  const element = createElement(DailyDigest, {
    listName: input.listName,
    editionDate: input.editionDate,
    preheader: input.preheader,
    content: input.content,
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
  });
  const rendered = await render(element);
  const text = toPlainText(rendered, { selectors: HEADINGS });
  const html = asciiHtml(rendered);
  return { tier: input.tier, subject: input.subject, html, text, tokenNonce: nonce };
}
