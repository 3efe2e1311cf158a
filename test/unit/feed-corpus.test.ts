import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedError, parseFeed } from '../../src/content/feed.ts';

/**
 * Real-world feeds (other feed parsers' test inputs, their licences beside them in
 * test/fixtures/feeds/) and feeds written the way newsroom CMSes publish them. Each
 * has the URL it would have been fetched from (relative links resolve against it)
 * and what a newsroom should get: stories, or a refusal that says why.
 */
const ROOT = new URL('../fixtures/feeds/', import.meta.url).pathname;

type Expectation = { url?: string; format?: string; articles: number; undated?: number; withPictures?: number; refused?: RegExp };
const CORPUS: Record<string, Expectation> = {
  'rss-parser/uolNoticias.rss': { url: 'http://rss.uol.com.br/feed/noticias.xml', format: 'rss', articles: 15, undated: 0, withPictures: 4 },
  'rss-parser/rss091.rss': { url: 'http://www1.folha.uol.com.br/folha/colunas/futebolnarede/rss091.xml', format: 'rss', articles: 15, undated: 15 },
  'rss-parser/latin2.rss': { format: 'rss', articles: 1, withPictures: 1 },
  'rss-parser/heise.atom': { url: 'http://www.heise.de/developer/rss/news-atom.xml', format: 'atom', articles: 15, withPictures: 12 },
  'node-feedparser/rss2sample.xml': { format: 'rss', articles: 4 },
  'node-feedparser/saxerror.xml': { format: 'rss', articles: 3, undated: 3 },
  'node-feedparser/nondefaultnamespace.atom': { format: 'atom', articles: 1 },
  'node-feedparser/rss-with-relative-urls.xml': { url: 'http://www.arcgames.com/en/games/neverwinter/news/rss', format: 'rss', articles: 2 },
  'node-feedparser/rss-with-item-scoped-html-base.xml': { format: 'rss', articles: 2, undated: 2 },
  'feedparser-python/http_entry_link_base_docuri.xml': { url: 'http://127.0.0.1:8097/', format: 'atom', articles: 0 },
  'feedparser-python/rss090_item_title.xml': { format: 'rdf', articles: 0 },
  'feedparser-python/rdf_item_rdf_about.xml': { format: 'rdf', articles: 0 },
  'newsroom/wordpress-6.rss': { url: 'https://valle.example.mx/feed/', format: 'rss', articles: 3, withPictures: 2 },
  'newsroom/spanish-dates.rss': { format: 'rss', articles: 4, undated: 1, withPictures: 1 },
  'newsroom/rss091-doctype.rss': { format: 'rss', articles: 2, undated: 2 },
  'newsroom/rss092-undated.rss': { format: 'rss', articles: 2, undated: 2, withPictures: 1 },
  'newsroom/slash-style.rdf': { format: 'rdf', articles: 2 },
  'newsroom/atom-xml-base.atom': { format: 'atom', articles: 2, withPictures: 2 },
  'newsroom/json-feed-1.0.json': { format: 'json', articles: 2, withPictures: 2 },
  'newsroom/not-a-feed.html': { articles: 0, refused: /this is a web page \(HTML\), not a feed\. The page names its feed: \/feed\// },
  'newsroom/truncated.rss': { articles: 0, refused: /not well-formed XML at line 5, column 1: Unclosed root tag/ },
};

function feedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return feedFiles(path);
    return name === 'LICENSE' ? [] : [relative(ROOT, path)];
  });
}

describe('the real-world feed corpus', () => {
  it('knows what to expect of every file in the corpus', () => {
    expect(feedFiles(ROOT).sort()).toEqual(Object.keys(CORPUS).sort());
  });

  it('reads every feed as a newsroom would want: stories, or one clear refusal; never a crash', () => {
    const now = new Date('2024-11-26T12:00:00Z');
    let stories = 0;
    const refusals: string[] = [];
    for (const [file, want] of Object.entries(CORPUS)) {
      const bytes = readFileSync(join(ROOT, file));
      let result;
      try {
        result = parseFeed(bytes, { source: file, url: want.url, now });
      } catch (err) {
        expect(err, file).toBeInstanceOf(FeedError);
        expect((err as Error).message, file).toMatch(want.refused ?? /^$/);
        refusals.push(`${file}: ${(err as Error).message}`);
        continue;
      }
      expect(want.refused, `${file} was expected to be refused`).toBeUndefined();
      expect({ format: result.format, articles: result.articles.length }, file).toEqual({ format: want.format, articles: want.articles });
      if (want.undated !== undefined) expect(result.undated.length, `${file}: undated`).toBe(want.undated);
      if (want.withPictures !== undefined) expect(result.articles.filter((a) => a.image).length, `${file}: pictures`).toBe(want.withPictures);
      for (const a of result.articles) {
        expect(a.url, file).toMatch(/^https?:\/\//);
        expect(a.headline, file).not.toMatch(/\ufffd|&[a-z]+;/i);
      }
      stories += result.articles.length;
    }
    console.info(`[measure] feed corpus: ${Object.keys(CORPUS).length} files, ${stories} stories, ${refusals.length} refused (${refusals.join(' | ')}), 0 crashes`);
  });

  it('reads the details right: encodings, Portuguese dates, entities from HTML and the DTD, xml:base, relative links', () => {
    const read = (file: string, url?: string) => parseFeed(readFileSync(join(ROOT, file)), { source: file, url, now: new Date('2024-11-26T12:00:00Z') });
    expect(read('rss-parser/latin2.rss').articles[0]).toMatchObject({ headline: 'ZAŻÓŁĆ GĘSLĄ JAŹŃ', byline: 'Adam Gżegżółka' });
    expect(read('rss-parser/rss091.rss').articles[0]!.headline).toBe('Vida de jogador: trocando seis por nada');
    expect(read('rss-parser/uolNoticias.rss').articles[0]!.publishedAt).toBe('2018-09-24T22:42:40.000Z');
    const wp = read('newsroom/wordpress-6.rss', 'https://valle.example.mx/feed/');
    expect(wp.articles[0]).toMatchObject({
      headline: 'Café de Veracruz gana premio nacional – y “orgullo” local',
      image: { alt: 'Manos de una productora seleccionan granos de café rojo en Coatepec' },
      commentCount: 12,
      section: 'Economía',
    });
    expect(wp.articles[1]).toMatchObject({ access: 'paid', image: { alt: '', altMissing: true } });
    expect(wp.articles[2]!.url).toBe('https://valle.example.mx/2024/11/24/cierres-autopista/');
    const dtd = read('newsroom/rss091-doctype.rss');
    expect(dtd.articles.map((a) => a.headline)).toEqual(['Monterrey inaugura la biblioteca de Santa Lucía', 'Niños de Saltillo ganan olimpiada de matemáticas']);
    expect(dtd.articles[0]!.dek).toBe('La obra de Casa Editorial del Norte y el municipio abre sus puertas… &secreto;'); // the external entity is never read
    const atom = read('newsroom/atom-xml-base.atom');
    expect(atom.articles.map((a) => [a.url, a.image?.src])).toEqual([
      ['https://magazine.example.com/es/cultura/cine-nueva-ola', 'https://magazine.example.com/es/img/cine.jpg'],
      ['https://magazine.example.com/es/ciencia/ninos', 'https://magazine.example.com/img/taller.png'],
    ]);
    expect(atom.articles[0]!.headline).toBe('La nueva ola del cine mexicano');
    expect(read('newsroom/slash-style.rdf').articles[0]).toMatchObject({ url: 'https://tech.example.net/stories/24/11/25/1', commentCount: 57, byline: 'msmith' });
    expect(read('node-feedparser/rss-with-relative-urls.xml', 'http://www.arcgames.com/en/games/neverwinter/news/rss').articles[0]!.url).toBe(
      'http://www.arcgames.com/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21',
    );
    const scoped = read('node-feedparser/rss-with-item-scoped-html-base.xml');
    expect(scoped.articles.map((a) => a.url)).toEqual(['https://example.com/first/first', 'https://example.com/second']);
    const json = read('newsroom/json-feed-1.0.json');
    expect(json.articles[0]!.url).toBe('https://puerto.example.mx/notas/grua-nueva');
    expect(json.skipped[0]).toEqual({ item: 'items[1]', reason: 'items[1]: not an object (got null)' });
  });
});
