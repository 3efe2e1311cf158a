import { describe, expect, it } from 'vitest';
import { digestWithTeasers, seedDigest, seedEditionContent, seedLead, seedSponsor, seedTeasers } from '../../emails/_fixtures/seed-digest.ts';
import type { DigestContent } from '../../src/content/digest-content.ts';
import { LayoutError, compileMjml } from '../../src/rendering/compile-mjml.ts';
import { markupProblems } from '../../src/rendering/accessibility-checks.ts';
import { placeholders } from '../../src/rendering/personalisation.ts';
import { GMAIL_CLIP_BYTES, LAYOUTS, renderVariant, type Layout, type VariantInput } from '../../src/rendering/render-variant.ts';
import type { SponsorSlot } from '../../src/sponsors/sponsor.ts';

const NONCE = '0123456789abcdef01';
const TAGS = { source: 'newsletter', medium: 'email', campaign: 'daily-digest-2024-11-21' };
const input = (content: DigestContent, tier: 'free' | 'paid', layout: Layout, extra: Partial<VariantInput> = {}): VariantInput => ({
  listName: 'The Broadsheet Daily',
  editionDate: '2024-11-21',
  subject: seedLead.headline,
  preheader: 'Narcos’ secret weapon is WhatsApp, and more',
  content,
  tier,
  publisher: { name: 'The Broadsheet Daily', postalAddress: 'Av. Reforma 123, 06600 Ciudad de México' },
  links: { viewInBrowser: 'https://news.broadsheet.example/archive/ed-1', subscribe: 'https://news.broadsheet.example/subscribe/daily-digest' },
  layout,
  ...extra,
});

for (const layout of LAYOUTS) {
  describe(`the ${layout} layout`, () => {
    for (const tier of ['free', 'paid'] as const) {
      it(`renders the seed edition for ${tier} readers, with a sponsor and UTM tags (golden)`, async () => {
        const v = await renderVariant(input(seedEditionContent, tier, layout, { linkTags: TAGS, sponsors: [seedSponsor] }), NONCE);
        await expect(v.html).toMatchFileSnapshot(`./__golden__/${layout}.${tier}.html`);
        await expect(v.text).toMatchFileSnapshot(`./__golden__/${layout}.${tier}.txt`);
        expect(markupProblems(v.html)).toEqual([]);
      });
    }

    it('shows a picture the feed gave no alt text as decorative: alt="", and no link a screen reader would announce without a name', async () => {
      const decorative = { src: 'https://images.broadsheet.example/no-alt.jpg', alt: '', altMissing: true as const };
      const content = { ...seedDigest, lead: { ...seedDigest.lead, image: decorative }, teasers: [{ ...seedDigest.teasers[0]!, image: decorative }] };
      const { html } = await renderVariant(input(content, 'paid', layout), NONCE);
      const imgs = html.match(/<img\b[^>]*no-alt\.jpg[^>]*>/g) ?? [];
      expect(imgs).toHaveLength(2);
      for (const img of imgs) expect(img).toMatch(/\salt=""/);
      // Every link around a decorative picture is hidden from assistive technology (classic), or there is none (grid).
      const links = html.match(/<a\b[^>]*>(?:(?!<\/a>)[\s\S])*no-alt\.jpg[\s\S]*?<\/a>/g) ?? [];
      expect(links).toHaveLength(layout === 'classic' ? 2 : 0);
      for (const a of links) expect(a).toMatch(/aria-hidden="true"[^>]*tabindex="-1"|tabindex="-1"[^>]*aria-hidden="true"/);
      expect(markupProblems(html)).toEqual([]);
    });

    it('carries the lead, every teaser with its alt text, comment counts, footer links and the postal address', async () => {
      const { html, text } = await renderVariant(input(seedDigest, 'free', layout), NONCE);
      const holes = placeholders(NONCE);
      expect(html).toMatch(/<html[^>]* lang="en"/);
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
      // Dark mode: the client is told both schemes are supported, and the dark palette is there.
      expect(html).toMatch(/<meta name="color-scheme" content="light dark"\/?>/);
      expect(html).toContain('@media (prefers-color-scheme:dark)');
      // The plain-text part carries the same links and the address, and no bare image links.
      for (const needle of [holes.unsubscribe_url, holes.preferences_url, 'Av. Reforma 123', seedLead.headline, seedTeasers[2]!.headline]) expect(text).toContain(needle);
      expect(text).not.toMatch(/^https?:\/\/\S+$/m);
    });

    it('shows a lead picture with its alt text, caption and credit, and keeps its bare link out of the text part', async () => {
      const image = { src: 'https://images.broadsheet.example/whatsapp.jpg', alt: 'A phone showing a WhatsApp chat', caption: 'WhatsApp on a phone', credit: 'Photo: Milenio' };
      const { html, text } = await renderVariant(input({ ...seedDigest, lead: { ...seedLead, image } }, 'free', layout), NONCE);
      expect(html).toContain('alt="A phone showing a WhatsApp chat"');
      expect(html).toContain('WhatsApp on a phone &#183; Photo: Milenio');
      expect(markupProblems(html)).toEqual([]);
      expect(text).toContain('WhatsApp on a phone · Photo: Milenio');
      expect(text).not.toMatch(/^https?:\/\/\S+$/m);
    });

    it('gives paid readers the conversation and locks paid-only stories, lead or teaser, for free readers', async () => {
      const free = await renderVariant(input(seedDigest, 'free', layout), NONCE);
      const paid = await renderVariant(input(seedDigest, 'paid', layout), NONCE);
      expect(free.html).toContain('Paid subscribers get all access to make &amp; read comments');
      expect(free.html).not.toContain('join the conversation');
      expect(paid.html).toContain(`href="${seedTeasers[1]!.url}#comments"`);
      expect(paid.html).toContain('2 comments &#183; join the conversation');
      expect(paid.html).not.toContain('Paid subscribers get all access');

      const exclusive = { ...seedDigest, lead: { ...seedLead, access: 'paid' as const, commentCount: 5 }, teasers: [{ ...seedTeasers[1]!, access: 'paid' as const }] };
      const locked = await renderVariant(input(exclusive, 'free', layout), NONCE);
      expect(locked.html.match(/Subscriber exclusive/g)).toHaveLength(2);
      expect(locked.html.match(/href="https:\/\/news.broadsheet.example\/subscribe\/daily-digest"/g)!.length).toBeGreaterThanOrEqual(3);
      expect(locked.html).not.toContain('#comments');
      expect(locked.html).not.toContain('5 comments');
      const open = await renderVariant(input(exclusive, 'paid', layout), NONCE);
      expect(open.html).not.toContain('Subscriber exclusive');
      expect(open.html).toContain('5 comments &#183; join the conversation');
    });

    it('tags article links with UTM parameters, keeps a link’s own, and leaves reader links alone', async () => {
      const content = { ...seedDigest, teasers: [{ ...seedTeasers[0]!, url: 'https://news.broadsheet.example/a/?utm_source=cms&x=1#top' }] };
      const { html, text } = await renderVariant(input(content, 'paid', layout, { linkTags: TAGS }), NONCE);
      expect(html).toContain(`href="${seedLead.url}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=daily-digest-2024-11-21"`);
      expect(html).toContain('href="https://news.broadsheet.example/a/?utm_source=cms&amp;x=1&amp;utm_medium=email&amp;utm_campaign=daily-digest-2024-11-21#top"');
      expect(html).toContain(`href="${seedLead.url}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=daily-digest-2024-11-21#comments"`);
      expect(html).not.toMatch(/archive\/ed-1\?utm|subscribe\/daily-digest\?utm/);
      expect(text).toContain(`${seedLead.url}?utm_source=newsletter&utm_medium=email&utm_campaign=daily-digest-2024-11-21`);
    });

    it('places sponsor blocks after the lead and after teaser N, labelled "Sponsored"', async () => {
      const sponsor = (after: number, headline: string): SponsorSlot => ({ name: 'Banco Ejemplo', headline, url: `https://sponsor.example/${after}`, cta: 'Learn more', after });
      const { html, text } = await renderVariant(input(seedDigest, 'free', layout, { sponsors: [sponsor(0, 'Early slot'), sponsor(2, 'Middle slot'), sponsor(9, 'Past the end')] }), NONCE);
      const at = (needle: string) => html.indexOf(needle);
      expect(html.match(/Sponsored &#183; (<!-- -->)?Banco Ejemplo/g)).toHaveLength(3);
      expect(at('Early slot')).toBeGreaterThan(at(seedLead.headline));
      expect(at('Early slot')).toBeLessThan(at(seedTeasers[0]!.headline));
      expect(at('Middle slot')).toBeGreaterThan(at(seedTeasers[1]!.headline.replace(/'/g, '&#x27;')));
      expect(at('Middle slot')).toBeLessThan(at(seedTeasers[2]!.headline.replace(/’/g, '&#8217;')));
      expect(at('Past the end')).toBeGreaterThan(at(seedTeasers[2]!.headline.replace(/’/g, '&#8217;')));
      expect(at('Past the end')).toBeLessThan(at('You receive'));
      expect(text).toContain('Sponsored · Banco Ejemplo');
    });

    it('escapes hostile article, note and sponsor text: nothing from content becomes markup', async () => {
      const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
      const content: DigestContent = {
        lead: { ...seedLead, headline: evil, dek: `{{unsubscribe_url}} ${evil}`, byline: '</td></tr></table><iframe src=//evil>' },
        teasers: [{ ...seedTeasers[0]!, section: '</mj-text><mj-raw><script>x</script></mj-raw>', image: { src: 'https://images.example/x.jpg?a=1&b="2"', alt: `alt" onload="alert(3)` } }],
        note: '<b>bold</b>\n\n<a href="javascript:alert(4)">click</a>',
      };
      const sponsors: SponsorSlot[] = [{ name: '<mj-section>', headline: evil, body: '</p><script>y</script>', url: 'https://sponsor.example/?q="x"', cta: '<b>go</b>', after: 0 }];
      const { html } = await renderVariant(input(content, 'free', layout, { sponsors }), NONCE);
      expect(html).not.toMatch(/<script|<iframe|<img src=x|<b>bold|<b>go|<a href="javascript|<mj-/);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
      expect(html).toContain('alt="alt&quot; onload=&quot;alert(3)"');
      expect(html).toContain('src="https://images.example/x.jpg?a=1&amp;b=&quot;2&quot;"');
      expect(html).toContain('{{unsubscribe_url}}'); // a lookalike token stays text
    });

    it('keeps a 20-teaser edition with two sponsors under Gmail’s 102 KB clipping limit', async () => {
      for (const tier of ['free', 'paid'] as const) {
        const { html } = await renderVariant(input(digestWithTeasers(20), tier, layout, { linkTags: TAGS, sponsors: [{ ...seedSponsor, after: 0 }, { ...seedSponsor, after: 10 }] }), NONCE);
        expect(Buffer.byteLength(html)).toBeLessThan(GMAIL_CLIP_BYTES - 1024);
      }
    });
  });
}

describe('MJML compilation', () => {
  it('turns an invalid template into an error naming the line and the rule', async () => {
    const broken = '<mjml><mj-body>\n<mj-section>\n<mj-text>loose</mj-text>\n</mj-section></mj-body></mjml>';
    const err = await compileMjml(broken, 'grid').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayoutError);
    expect((err as LayoutError).message).toMatch(/^the grid layout does not compile: line 3 \(mj-text\): mj-text cannot be used inside mj-section/);
  });

  it('emits Outlook-safe tables (conditional comments) and stacking columns', async () => {
    const { html } = await renderVariant(input(seedEditionContent, 'free', 'grid'), NONCE);
    expect(html).toContain('<!--[if mso | IE]><table');
    expect(html).toContain('mj-column-per-50');
    expect(html).toContain('@media only screen and (min-width:480px)');
  });
});
