import { markupProblems } from './accessibility-checks.ts';
import { asciiHtml, escapeHtml } from './escape.ts';
import { placeholder } from './personalisation.ts';
import { GMAIL_CLIP_BYTES, type RenderedVariant } from './render-variant.ts';

/** Room for what personalisation adds per reader: a name, an address and three signed URLs. */
const PERSONALISATION_HEADROOM = 1024;

/**
 * What would make an edition unfit to send, per variant, in words an editor can act on.
 * Pure: the rendered variant and the publisher's address in, problems out.
 */
export function presendProblems(v: RenderedVariant, opts: { preheader: string; postalAddress: string }): string[] {
  const problems: string[] = [];
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const bytes = Buffer.byteLength(v.html) + PERSONALISATION_HEADROOM;
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
