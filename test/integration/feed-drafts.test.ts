import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FEED_ITEMS } from '../../src/content/feed.ts';
import { draftFromFeed } from '../../src/editions/feed-draft.ts';
import { MAX_CANDIDATES } from '../../src/editions/story-pool.ts';
import { updateDraft } from '../../src/editions/edition-service.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.dispose();
  database = undefined;
});

const feedOf = (xml: string, source = 'feed.rss') => ({ body: Buffer.from(xml), charset: null, url: 'https://radio.example.org/feed.rss', source });
const rss = (items: string) => `<?xml version="1.0"?><rss version="0.92"><channel><title>Radio</title><link>https://radio.example.org/</link>${items}</channel></rss>`;

describe.each(DATABASE_KINDS)('drafts from real feeds (%s)', (kind) => {
  it('dates an undated story when the list first saw it, so it is not new again the next day', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    await createList(db, 'radio', 'Radio');
    const day1 = new Date('2024-11-25T07:00:00Z');
    const feed = feedOf(rss('<item><title>Entrevista con la alcaldesa</title><link>/notas/alcaldesa</link></item>'));
    const first = await draftFromFeed(db, { listSlug: 'radio', feed, rule: { lead: 'newest', teasers: 8 }, now: day1 });
    expect(first.edition.content.lead).toMatchObject({ url: 'https://radio.example.org/notas/alcaldesa', publishedAt: day1.toISOString() });

    // Two days later, the same story is still in the feed, still undated: it keeps the date it was first seen on.
    const day3 = new Date('2024-11-27T07:00:00Z');
    const later = rss('<item><title>Entrevista con la alcaldesa</title><link>/notas/alcaldesa</link></item><item><title>Feria del libro</title><link>/notas/feria</link></item>');
    const second = await draftFromFeed(db, { listSlug: 'radio', feed: feedOf(later), rule: { lead: 'newest', teasers: 8, since: new Date(day3.getTime() - 24 * 3600_000) }, now: day3 });
    expect(second.edition.content.lead.headline).toBe('Feria del libro');
    expect(second.edition.content.teasers).toEqual([]);
    expect(second.report.leftOut).toEqual([{ id: 'https://radio.example.org/notas/alcaldesa', reason: `published before ${new Date(day3.getTime() - 24 * 3600_000).toISOString()}` }]);
  });

  it(`keeps the newest ${MAX_CANDIDATES} fresh stories of an enormous feed as candidates, and says so`, async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    await createList(db, 'radio', 'Radio');
    const now = new Date('2024-11-25T12:00:00Z');
    const items = Array.from({ length: 3000 }, (_, i) => `<item><title>Nota ${i}</title><link>/n/${i}</link><pubDate>${new Date(now.getTime() - i * 60_000).toUTCString()}</pubDate></item>`).join('');
    const { edition, report } = await draftFromFeed(db, { listSlug: 'radio', feed: feedOf(rss(items), 'archive.rss'), rule: { lead: 'newest', teasers: 8 }, now });
    expect(edition.candidates).toHaveLength(MAX_CANDIDATES);
    expect(edition.candidates![0]!.headline).toBe('Nota 0');
    expect(report.notes).toEqual([`archive.rss: the feed has 3000 items; the first ${MAX_FEED_ITEMS} were read`, `${MAX_FEED_ITEMS} fresh stories in the feed: the newest ${MAX_CANDIDATES} are kept to choose from`]);
    const [{ bytes }] = (await db.query<{ bytes: number }>(`select octet_length(candidates::text) as bytes from editions where id = $1`, [edition.id])) as [{ bytes: number }];
    expect(bytes).toBeLessThan(200 * 1024);
  });
});

describe('describing a picture the feed left without alt text (PGlite)', () => {
  it('gives it alt text from the desk or the API, in the edition and among its candidates', async () => {
    database = await createTestDatabase('pglite');
    const { db } = database;
    await createList(db, 'radio', 'Radio');
    const now = new Date('2024-11-25T12:00:00Z');
    const items = [0, 1].map((i) => `<item><title>Nota ${i}</title><link>/n/${i}</link><pubDate>${new Date(now.getTime() - i * 60_000).toUTCString()}</pubDate><enclosure url="https://radio.example.org/img/${i}.jpg" type="image/jpeg" length="1"/></item>`).join('');
    const { edition } = await draftFromFeed(db, { listSlug: 'radio', feed: feedOf(rss(items)), rule: { lead: 'newest', teasers: 0 }, now });
    expect(edition.content.lead.image).toEqual({ src: 'https://radio.example.org/img/0.jpg', alt: '', altMissing: true });
    const spare = edition.candidates!.find((a) => a.id !== edition.content.lead.id)!;
    const updated = await updateDraft(db, edition.id, { imageAlts: { [edition.content.lead.id]: 'La cabina de radio al amanecer', [spare.id]: 'Un micrófono' } });
    expect(updated.content.lead.image).toEqual({ src: 'https://radio.example.org/img/0.jpg', alt: 'La cabina de radio al amanecer' });
    expect(updated.candidates!.find((a) => a.id === spare.id)!.image).toEqual({ src: 'https://radio.example.org/img/1.jpg', alt: 'Un micrófono' });
    await expect(updateDraft(db, edition.id, { imageAlts: { nope: 'x' } })).rejects.toThrow('imageAlts: no story with a picture "nope" in this edition or its feed');
  });
});
