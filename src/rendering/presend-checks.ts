import { markupProblems } from './accessibility-checks.ts';
import { asciiHtml, escapeHtml } from './escape.ts';
import { compileTemplate, personalise, placeholder, type PersonalValues } from './personalisation.ts';
import { GMAIL_CLIP_BYTES, type RenderedVariant } from './render-variant.ts';

/** A reader as long as they come, for a list with nobody on it yet: a long name and address, long signed links. */
const TYPICAL_LONG_READER: PersonalValues = {
  greeting: `Good morning, ${'María Guadalupe Hernández'.padEnd(60, 'x')}`,
  email: `${'m'.repeat(40)}@${'example'.repeat(5)}.com`,
  unsubscribe_url: `https://${'n'.repeat(40)}.example/u/${'t'.repeat(120)}`,
  unsubscribe_all_url: `https://${'n'.repeat(40)}.example/u/${'t'.repeat(120)}`,
  preferences_url: `https://${'n'.repeat(40)}.example/preferences/${'t'.repeat(120)}`,
};

/**
 * What would make an edition unfit to send, per variant, in words an editor can act on.
 * The Gmail clip is judged with `longestReader`'s details filled in: the longest
 * name, address and links on the list (see `longestReaderOf`).
 * Pure: the rendered variant and the publisher's address in, problems out.
 */
export function presendProblems(v: RenderedVariant, opts: { preheader: string; postalAddress: string; longestReader?: PersonalValues }): string[] {
  const problems: string[] = [];
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  // The size the list's longest name, address and links make, filled in as personalisation will.
  const bytes = Buffer.byteLength(personalise(compileTemplate(v.html, v.tokenNonce), opts.longestReader ?? TYPICAL_LONG_READER, 'html'));
  if (bytes > GMAIL_CLIP_BYTES) problems.push(`its HTML is ${kb(bytes)} with personal details, over Gmail's ${kb(GMAIL_CLIP_BYTES)} clipping limit: remove teasers or shorten the note`);
  if (!v.subject.trim()) problems.push('the subject is empty');
  if (!opts.preheader.trim()) problems.push('the preheader (inbox preview text) is empty');
  if (!v.text.trim()) problems.push('it has no plain-text part');
  const unsubscribe = placeholder(v.tokenNonce, 'unsubscribe_url');
  if (!v.html.includes(`href="${unsubscribe}"`)) problems.push('its HTML has no unsubscribe link');
  if (!v.text.includes(unsubscribe)) problems.push('its plain text has no unsubscribe link');
  if (!v.html.includes(asciiHtml(escapeHtml(opts.postalAddress))) || !v.text.includes(opts.postalAddress)) problems.push("the publisher's postal address is missing");
  problems.push(...markupProblems(v.html));
  return problems;
}
