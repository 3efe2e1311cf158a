import { markupProblems } from './accessibility-checks.ts';
import { asciiHtml, escapeHtml } from './escape.ts';
import { compileTemplate, personalise, placeholder, type PersonalValues } from './personalisation.ts';
import { GMAIL_CLIP_BYTES } from './layouts.ts';
import type { RenderedVariant } from './render-variant.ts';

/** One line of the pre-send checklist: what was checked, how it went, and the figure or the fix. */
export interface Check {
  label: string;
  /** `warn`: worth a look, does not stop the send. */
  status: 'pass' | 'warn' | 'fail';
  detail: string;
}

/** A reader as long as they come, for a list with nobody on it yet: a long name and address, long signed links. */
const TYPICAL_LONG_READER: PersonalValues = {
  greeting: `Good morning, ${'María Guadalupe Hernández'.padEnd(60, 'x')}`,
  email: `${'m'.repeat(40)}@${'example'.repeat(5)}.com`,
  unsubscribe_url: `https://${'n'.repeat(40)}.example/u/${'t'.repeat(120)}`,
  unsubscribe_all_url: `https://${'n'.repeat(40)}.example/u/${'t'.repeat(120)}`,
  preferences_url: `https://${'n'.repeat(40)}.example/preferences/${'t'.repeat(120)}`,
};

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const check = (label: string, ok: boolean, passed: string, failed: string): Check => ({ label, status: ok ? 'pass' : 'fail', detail: ok ? passed : failed });

/**
 * The checklist for one rendered variant, in words an editor can act on. The
 * Gmail clip is judged with `longestReader`'s details filled in: the longest name,
 * address and links on the list (see `longestReaderOf`). Pure.
 */
export function variantChecks(v: RenderedVariant, opts: { preheader: string; postalAddress: string; longestReader?: PersonalValues }): Check[] {
  // The size the list's longest name, address and links make, filled in as personalisation will.
  const bytes = Buffer.byteLength(personalise(compileTemplate(v.html, v.tokenNonce), opts.longestReader ?? TYPICAL_LONG_READER, 'html'));
  const unsubscribe = placeholder(v.tokenNonce, 'unsubscribe_url');
  const markup = markupProblems(v.html);
  const inHtml = v.html.includes(`href="${unsubscribe}"`);
  const inText = v.text.includes(unsubscribe);
  return [
    check(
      "Under Gmail's clipping limit",
      bytes <= GMAIL_CLIP_BYTES,
      `${kb(bytes)} of ${kb(GMAIL_CLIP_BYTES)}, with the longest reader's details`,
      `its HTML is ${kb(bytes)} with personal details, over Gmail's ${kb(GMAIL_CLIP_BYTES)} clipping limit: remove teasers or shorten the note`,
    ),
    check('Subject', Boolean(v.subject.trim()), v.subject, 'the subject is empty'),
    check('Preheader', Boolean(opts.preheader.trim()), opts.preheader, 'the preheader (inbox preview text) is empty'),
    check('Plain-text part', Boolean(v.text.trim()), `${v.text.length.toLocaleString('en')} characters`, 'it has no plain-text part'),
    ...(inHtml || inText
      ? [check('One-click unsubscribe link', inHtml && inText, 'in the HTML, the text and the List-Unsubscribe header', inHtml ? 'its plain text has no unsubscribe link' : 'its HTML has no unsubscribe link')]
      : [check('One-click unsubscribe link', false, '', 'its HTML has no unsubscribe link'), check('One-click unsubscribe link', false, '', 'its plain text has no unsubscribe link')]),
    check(
      "Publisher's postal address",
      v.html.includes(asciiHtml(escapeHtml(opts.postalAddress))) && v.text.includes(opts.postalAddress),
      opts.postalAddress,
      "the publisher's postal address is missing",
    ),
    ...(markup.length ? markup.map((m) => check('Markup a screen reader relies on', false, '', m)) : [check('Markup a screen reader relies on', true, 'lang, one h1, alt on every picture', '')]),
  ];
}

/** What would make a variant unfit to send: the failed checks' reasons. Pure. */
export function presendProblems(v: RenderedVariant, opts: { preheader: string; postalAddress: string; longestReader?: PersonalValues }): string[] {
  return variantChecks(v, opts)
    .filter((c) => c.status === 'fail')
    .map((c) => c.detail);
}

/**
 * Every link in `html` that points into `publicUrl` (our own pages), once each,
 * without the per-reader placeholders (signed links our own code makes). Pure.
 */
export function linksInto(html: string, publicUrl: string, tokenNonce: string): string[] {
  const base = publicUrl.replace(/\/$/, '');
  const links = new Set<string>();
  for (const m of html.matchAll(/\shref="([^"]*)"/g)) {
    const href = m[1]!.replaceAll('&amp;', '&');
    if (href.includes(`bs${tokenNonce}_`)) continue;
    if (href === base || href.startsWith(`${base}/`) || href.startsWith(`${base}?`)) links.add(href);
  }
  return [...links];
}
