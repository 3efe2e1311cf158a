import { describe, expect, it } from 'vitest';
import { digestWithTeasers, seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { presendProblems } from '../../src/rendering/presend-checks.ts';
import { altTextProblems, markupProblems } from '../../src/rendering/accessibility-checks.ts';
import { renderVariant, type RenderedVariant } from '../../src/rendering/render-variant.ts';

const ADDRESS = 'Av. Reforma 123, 06600 Ciudad de México';
const render = (content = seedDigest) =>
  renderVariant({
    listName: 'The Broadsheet Daily', editionDate: '2024-11-21', subject: 'Today', preheader: 'p', content, tier: 'free',
    publisher: { name: 'The Broadsheet Daily', postalAddress: ADDRESS }, links: { viewInBrowser: 'https://x/a', subscribe: 'https://x/s' },
  });

describe('pre-send checks', () => {
  it('pass for the seed edition and a 20-teaser one', async () => {
    expect(presendProblems(await render(), { preheader: 'p', postalAddress: ADDRESS })).toEqual([]);
    expect(presendProblems(await render(digestWithTeasers(20)), { preheader: 'p', postalAddress: ADDRESS })).toEqual([]);
  });

  it("measure the Gmail clip with the list's longest reader, not a constant", async () => {
    const v = await render();
    const reader = (name: string, email: string) => ({
      greeting: `Good morning, ${name}`,
      email,
      unsubscribe_url: 'https://n.example/u/v1.unsubscribe.1.1.abc',
      unsubscribe_all_url: 'https://n.example/u/v1.unsubscribe-all.1.0.abc',
      preferences_url: 'https://n.example/preferences/v1.preferences.1.0.abc',
    });
    const short = reader('Ana', 'a@b.mx');
    // Pad the variant to just under the clip with a short reader's details in it.
    const base = Buffer.byteLength(v.html.replaceAll(new RegExp(`bs${v.tokenNonce}_[a-z_]+_x`, 'g'), 'x'.repeat(40)));
    const padded = { ...v, html: v.html.replace('</body>', `<!--${'x'.repeat(102 * 1024 - base - 300)}--></body>`) };
    expect(presendProblems(padded, { preheader: 'p', postalAddress: ADDRESS, longestReader: short })).toEqual([]);
    // A list whose longest name is 300 accented characters (each written as an 8-byte reference) goes over.
    const long = reader('Ñ'.repeat(300), 'a@b.mx');
    expect(presendProblems(padded, { preheader: 'p', postalAddress: ADDRESS, longestReader: long })).toEqual([
      expect.stringMatching(/^its HTML is 10\d\.\d KB with personal details, over Gmail's 102\.0 KB clipping limit/),
    ]);
  });

  it('name every problem an editor must fix', async () => {
    const v = await render();
    const broken: RenderedVariant = { ...v, subject: ' ', text: '', html: v.html.replaceAll(`bs${v.tokenNonce}_unsubscribe_url_x`, '#') + 'x'.repeat(110_000) };
    expect(presendProblems(broken, { preheader: '', postalAddress: 'Elsewhere 1' })).toEqual([
      expect.stringMatching(/^its HTML is 1\d\d\.\d KB with personal details, over Gmail's 102\.0 KB clipping limit/),
      'the subject is empty',
      'the preheader (inbox preview text) is empty',
      'it has no plain-text part',
      'its HTML has no unsubscribe link',
      'its plain text has no unsubscribe link',
      "the publisher's postal address is missing",
    ]);
  });

  it('flag alt text that names a file or says nothing, and markup a screen reader would stumble on', () => {
    const content = {
      ...seedDigest,
      lead: { ...seedDigest.lead, image: { src: 'https://images.example/a.jpg', alt: 'IMG_2034.JPG' } },
      teasers: [{ ...seedDigest.teasers[0]!, image: { src: 'https://images.example/b.jpg', alt: 'Photo 3' } }, seedDigest.teasers[1]!],
    };
    expect(altTextProblems(content)).toEqual([
      'lead.image.alt: "IMG_2034.JPG" names a file; describe the picture',
      'teasers[0].image.alt: "Photo 3" says nothing about the picture; describe it',
    ]);
    expect(altTextProblems(seedDigest)).toEqual([]);
    expect(markupProblems('<html><body><h1>A</h1><h1>B</h1><img src="x"><img src="y" alt=""></body></html>')).toEqual([
      'the HTML has no lang attribute',
      "it has 2 h1 headings; it needs exactly one (the newsletter's name)",
      '1 image(s) have no alt text',
    ]);
    // alt="" marks a decorative picture (one the feed gave no alt text, shown beside its headline): allowed.
    expect(markupProblems('<html lang="es"><body><h1>A</h1><img src="y" alt=""></body></html>')).toEqual([]);
  });
});
