import { describe, expect, it } from 'vitest';
import { digestWithTeasers, seedDigest, seedLead, seedTeasers } from '../../emails/_fixtures/seed-digest.ts';
import type { DigestContent } from '../../src/content/digest-content.ts';
import { placeholders } from '../../src/rendering/personalisation.ts';
import { GMAIL_CLIP_BYTES, renderVariant, type VariantInput } from '../../src/rendering/render-variant.ts';

const NONCE = '0123456789abcdef01';
const input = (content: DigestContent, tier: 'free' | 'paid'): VariantInput => ({
  listName: 'The Broadsheet Daily',
  editionDate: '2024-11-21',
  subject: seedLead.headline,
  preheader: 'Narcos’ secret weapon is WhatsApp, and more',
  content,
  tier,
  publisher: { name: 'The Broadsheet Daily', postalAddress: 'Av. Reforma 123, 06600 Ciudad de México' },
  links: { viewInBrowser: 'https://news.broadsheet.example/archive/ed-1', subscribe: 'https://news.broadsheet.example/subscribe/daily-digest' },
});

describe('daily digest template', () => {
  for (const tier of ['free', 'paid'] as const) {
    it(`renders the seed edition for ${tier} readers (golden)`, async () => {
      const v = await renderVariant(input(seedDigest, tier), NONCE);
      await expect(v.html).toMatchFileSnapshot(`./__golden__/daily-digest.${tier}.html`);
      await expect(v.text).toMatchFileSnapshot(`./__golden__/daily-digest.${tier}.txt`);
    });
  }

  it('carries the lead, every teaser with image alt text, comment counts, footer links and the postal address', async () => {
    const { html, text } = await renderVariant(input(seedDigest, 'free'), NONCE);
    const holes = placeholders(NONCE);
    expect(html).toContain('<html dir="ltr" lang="en">');
    expect(html).toContain('Thursday, November 21, 2024');
    for (const t of seedTeasers) {
      expect(html).toContain(`href="${t.url}"`);
      expect(html).toContain(`alt="${t.image!.alt.replace(/'/g, '&#x27;')}"`);
    }
    expect(html).toContain('2 comments');
    expect(html).toContain('1 comment<');
    for (const hole of [holes.unsubscribe_url, holes.preferences_url, holes.unsubscribe_all_url]) expect(html).toContain(`href="${hole}"`);
    expect(html).toContain('href="https://news.broadsheet.example/archive/ed-1"');
    expect(html).toContain(holes.greeting);
    expect(html).toContain(holes.email);
    // Non-ASCII is written as character references: the HTML is pure ASCII.
    expect(html).toContain('Av. Reforma 123, 06600 Ciudad de M&#233;xico');
    expect(html).toMatch(/^[\x00-\x7f]*$/);
    expect(html).toContain('<title>The Broadsheet Daily &#183; Thursday, November 21, 2024</title>');
    // The plain-text part carries the same links and the address.
    for (const needle of [holes.unsubscribe_url, holes.preferences_url, 'Av. Reforma 123', seedLead.headline, seedTeasers[2]!.headline]) expect(text).toContain(needle);
  });

  it('gives paid readers the conversation and free readers the paywall note', async () => {
    const free = await renderVariant(input(seedDigest, 'free'), NONCE);
    const paid = await renderVariant(input(seedDigest, 'paid'), NONCE);
    expect(free.html).toContain('Paid subscribers get all access to make &amp; read comments');
    expect(free.html).not.toContain('join the conversation');
    expect(paid.html).toContain(`href="${seedTeasers[1]!.url}#comments"`);
    expect(paid.html).toContain('2 comments &#183; join the conversation');
    expect(free.html).not.toContain('0 comments');
    expect(paid.html).not.toContain('Paid subscribers get all access');
  });

  it('marks paid-only stories for free readers with a way to subscribe', async () => {
    const content = { ...seedDigest, teasers: [{ ...seedTeasers[0]!, access: 'paid' as const }] };
    const free = await renderVariant(input(content, 'free'), NONCE);
    expect(free.html).toContain('Subscriber exclusive');
    expect(free.html).toContain('href="https://news.broadsheet.example/subscribe/daily-digest"');
    const paid = await renderVariant(input(content, 'paid'), NONCE);
    expect(paid.html).not.toContain('Subscriber exclusive');
  });

  it('escapes hostile article text: nothing from content becomes markup', async () => {
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const content: DigestContent = {
      lead: { ...seedLead, headline: evil, dek: `{{unsubscribe_url}} ${evil}`, byline: '</td></tr></table><iframe src=//evil>' },
      teasers: [{ ...seedTeasers[0]!, image: { src: 'https://images.example/x.jpg?a=1&b="2"', alt: `alt" onload="alert(3)` } }],
      note: '<b>bold</b>\n\n<a href="javascript:alert(4)">click</a>',
    };
    const { html } = await renderVariant(input(content, 'free'), NONCE);
    expect(html).not.toMatch(/<script|<iframe|<img src=x|<b>bold|<a href="javascript/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('alt="alt&quot; onload=&quot;alert(3)"');
    expect(html).toContain('src="https://images.example/x.jpg?a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain('{{unsubscribe_url}}'); // a lookalike token stays text
  });

  it('keeps a 20-teaser edition under Gmail’s 102 KB clipping limit', async () => {
    for (const tier of ['free', 'paid'] as const) {
      const { html } = await renderVariant(input(digestWithTeasers(20), tier), NONCE);
      expect(Buffer.byteLength(html)).toBeLessThan(GMAIL_CLIP_BYTES);
    }
  });
});
