import { describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { ArticlePageError, articleFromPage } from '../../src/content/article-page.ts';
import { mergeCandidates, MAX_CANDIDATES, storyFromFields } from '../../src/editions/story-pool.ts';

const now = new Date('2026-11-30T12:00:00Z');
const page = (head: string, opts: { url?: string; charset?: string | null } = {}) =>
  articleFromPage(Buffer.from(`<!doctype html><html><head>${head}</head><body><p>Body</p></body></html>`, 'utf8'), { url: opts.url ?? 'https://news.example/2026/11/story/', charset: opts.charset ?? 'utf-8', now });

describe('a story from its own page', () => {
  it('reads JSON-LD first (in a @graph), then Open Graph, resolving relative links against the page', () => {
    const a = page(`<title>Site title</title>
      <meta property="og:title" content="OG title"><meta property="og:description" content="An OG dek &amp; more">
      <meta property="og:image" content="/img/a.jpg"><meta property="og:image:alt" content="A crane unloads containers">
      <meta property="article:section" content="Business"><link rel="canonical" href="/2026/11/story/">
      <script type="application/ld+json">{"@graph":[{"@type":"Organization"},{"@type":["NewsArticle"],"headline":"LD headline","datePublished":"2026-11-30T06:00:00-06:00","author":[{"@type":"Person","name":"Ana Pérez"}],"commentCount":12,"isAccessibleForFree":false}]}</script>`);
    expect(a).toEqual({
      id: 'https://news.example/2026/11/story/',
      url: 'https://news.example/2026/11/story/',
      headline: 'LD headline',
      dek: 'An OG dek & more',
      image: { src: 'https://news.example/img/a.jpg', alt: 'A crane unloads containers' },
      section: 'Business',
      byline: 'Ana Pérez',
      publishedAt: '2026-11-30T12:00:00.000Z',
      commentCount: 12,
      access: 'paid',
    });
  });

  it('keeps a picture without alt text as decorative, dates an undated page now, and falls back to <title>', () => {
    const a = page('<title>Café &amp; cacao: la feria de Tabasco</title><meta property="og:image" content="https://img.news.example/cacao.jpg">');
    expect(a).toMatchObject({ headline: 'Café & cacao: la feria de Tabasco', image: { src: 'https://img.news.example/cacao.jpg', alt: '', altMissing: true }, publishedAt: now.toISOString(), access: 'free' });
  });

  it('reads a page in Windows-1252 by its meta charset, and survives broken JSON-LD', () => {
    const bytes = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252"><meta property="og:title" content="Ma'), Buffer.from([0xf1]), Buffer.from('ana en Oaxaca"><script type="application/ld+json">{broken</script></head></html>')]);
    expect(articleFromPage(bytes, { url: 'https://news.example/x', charset: null, now }).headline).toBe('Mañana en Oaxaca');
  });

  it('refuses a page with nothing to call a headline, naming the page', () => {
    expect(() => page('<meta name="viewport" content="width=device-width">')).toThrow(ArticlePageError);
    expect(() => page('')).toThrow('https://news.example/2026/11/story/: the page has no headline we can read (no JSON-LD headline, og:title or <title>)');
  });
});

describe('stories added to a draft', () => {
  it('go first among the candidates, once each, and never push out the edition’s own', () => {
    const edition = { content: seedDigest, candidates: null };
    const fresh = { ...seedDigest.teasers[0]!, id: 'fresh', url: 'https://news.example/fresh', headline: 'Fresh' };
    const { candidates, added } = mergeCandidates(edition, [fresh, seedDigest.teasers[1]!]);
    expect(added.map((a) => a.id)).toEqual(['fresh']);
    expect(candidates[0]!.id).toBe('fresh');
    const many = Array.from({ length: MAX_CANDIDATES + 20 }, (_, i) => ({ ...fresh, id: `s${i}`, url: `https://news.example/s${i}` }));
    const full = mergeCandidates(edition, many);
    expect(full.candidates).toHaveLength(MAX_CANDIDATES);
    for (const own of [seedDigest.lead, ...seedDigest.teasers]) expect(full.candidates.map((a) => a.id)).toContain(own.id);
  });

  it('typed by hand: each field’s problem named as the form names it', () => {
    expect(() => storyFromFields({ headline: '', url: 'notaurl', imageSrc: 'https://img.example/a.jpg', imageAlt: '' }, now)).toThrow(
      'url: must be an absolute http(s) URL; headline: must not be empty; imageAlt: must not be empty',
    );
    expect(storyFromFields({ headline: 'Tacos', url: 'https://news.example/tacos', access: 'paid' }, now)).toMatchObject({ id: 'https://news.example/tacos', access: 'paid', publishedAt: now.toISOString() });
  });
});
