import type { Article } from '../content/article.ts';
import type { DigestContent } from '../content/digest-content.ts';

/** Stories whose picture has no alt text (shown as decorative): for the editor to describe, by position. */
export function missingAltText(content: DigestContent): string[] {
  return [content.lead, ...content.teasers].flatMap((a, i) => (a.image?.altMissing ? [i === 0 ? 'lead' : `teasers[${i - 1}]`] : []));
}

/** Alt text that names a file or says only "image": a screen reader user learns nothing from it. */
const FILE_NAME = /\.(jpe?g|png|gif|webp|avif|svg)$/i;
const GENERIC = /^(image|photo|picture|img|graphic|thumbnail|untitled|foto|imagen)\s*\d*$/i;

/**
 * Where the content's images would fail a reader who cannot see them, by article
 * position and field, e.g. `teasers[2].image.alt: "IMG_2034.jpg" names a file; describe the picture`.
 */
export function altTextProblems(content: DigestContent): string[] {
  const problems: string[] = [];
  const check = (a: Article, where: string) => {
    // An image the feed gave no alt text is decorative by design (see ImageSchema): flagged to the editor, not refused.
    if (!a.image || a.image.altMissing) return;
    const alt = a.image.alt.trim();
    if (!alt) problems.push(`${where}.image.alt: missing; describe the picture`);
    else if (FILE_NAME.test(alt)) problems.push(`${where}.image.alt: ${JSON.stringify(alt)} names a file; describe the picture`);
    else if (GENERIC.test(alt)) problems.push(`${where}.image.alt: ${JSON.stringify(alt)} says nothing about the picture; describe it`);
  };
  check(content.lead, 'lead');
  content.teasers.forEach((t, i) => check(t, `teasers[${i}]`));
  return problems;
}

/** Structure a screen reader relies on, checked on the rendered HTML of any layout. */
export function markupProblems(html: string): string[] {
  const problems: string[] = [];
  if (!/<html[^>]*\slang="[a-z]{2}/i.test(html)) problems.push('the HTML has no lang attribute');
  const h1 = (html.match(/<h1[\s>]/gi) ?? []).length;
  if (h1 !== 1) problems.push(`it has ${h1} h1 headings; it needs exactly one (the newsletter's name)`);
  // alt="" is a decorative image, which is fine; no alt attribute at all is not.
  const imagesWithoutAlt = (html.match(/<img\b[^>]*>/gi) ?? []).filter((tag) => !/\salt=/i.test(tag)).length;
  if (imagesWithoutAlt) problems.push(`${imagesWithoutAlt} image(s) have no alt text`);
  return problems;
}
