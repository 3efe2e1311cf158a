import { Readable } from 'node:stream';
import { decodeHTML } from 'entities';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../src/content/article.ts';
import { parseDigestContent } from '../../src/content/digest-content.ts';
import { createEdition, editionProgress, getEdition, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { listSections } from '../../src/subscribers/list-sections.ts';
import { startServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/security/api-tokens.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { createTestStack, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const story = (id: string, headline: string, section?: string, access: 'free' | 'paid' = 'free'): ArticleInput => ({
  id,
  url: `https://news.broadsheet.example/${id}`,
  headline,
  dek: `About ${headline.toLowerCase()}.`,
  publishedAt: '2026-11-29T08:00:00Z',
  ...(section ? { section } : {}),
  access,
});

// The lead, then teasers in three sections and one with none (which everyone gets).
const CONTENT = parseDigestContent({
  lead: story('lead', 'Storm reaches Acapulco', 'Nation'),
  teasers: [
    story('port', 'Port of Manzanillo expands', 'Business'),
    story('usmca', 'USMCA review begins', 'Politics', 'paid'),
    story('senate', 'Senate passes budget', 'politics'),
    story('weather', 'The week’s weather'),
    story('peso', 'Peso at a two-year high', 'Business'),
  ],
});
const HEADLINES = { port: 'Port of Manzanillo expands', usmca: 'USMCA review begins', senate: 'Senate passes budget', weather: 'The week’s weather', peso: 'Peso at a two-year high' };
type Teaser = keyof typeof HEADLINES;

// Each reader: their CSV cells, and the teasers their email must hold (the lead always).
const READERS: { email: string; tier: string; sections: string; gets: Teaser[] }[] = [
  { email: 'ana@example.com', tier: 'free', sections: 'Politics', gets: ['usmca', 'senate', 'weather'] },
  { email: 'beto@example.com', tier: 'free', sections: 'business', gets: ['port', 'weather', 'peso'] },
  { email: 'carla@example.com', tier: 'paid', sections: 'POLITICS; Business', gets: ['port', 'usmca', 'senate', 'weather', 'peso'] },
  { email: 'dani@example.com', tier: 'free', sections: '', gets: ['port', 'usmca', 'senate', 'weather', 'peso'] },
  // Nation has no teaser today: rather than the lead alone, every teaser.
  { email: 'eva@example.com', tier: 'free', sections: 'Nation', gets: ['port', 'usmca', 'senate', 'weather', 'peso'] },
  { email: 'fer@example.com', tier: 'paid', sections: 'Politics', gets: ['usmca', 'senate', 'weather'] },
  { email: 'gabi@example.com', tier: 'free', sections: 'politics', gets: ['usmca', 'senate', 'weather'] },
];

describe('each reader’s own digest, from the sections they chose (PostgreSQL, the resend SDK)', () => {
  it('sends every reader exactly the lead, their sections’ teasers and those without a section, rendering once per distinct choice', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    await createList(db, 'daily-digest', 'The Broadsheet Daily');
    const edition = await createEdition(db, { listSlug: 'daily-digest', content: CONTENT });
    // The edition's stories named the list's sections (case aside): readers choose among them.
    const list = (await db.query<{ id: number }>(`select id from lists where slug = 'daily-digest'`))[0]!;
    expect((await listSections(db, list.id)).map((s) => s.name)).toEqual(['Business', 'Nation', 'Politics']);

    const csv = ['email,tier,sections', ...READERS.map((r) => `${r.email},${r.tier},"${r.sections}"`), 'hugo@example.com,free,Sports'].join('\n');
    const report = await importSubscribers(db, 'daily-digest', Readable.from([csv]));
    expect(report.imported).toBe(READERS.length);
    expect(report.rejected).toEqual([{ line: READERS.length + 2, reason: expect.stringMatching(/^sections: "sports" is not a section of this list; this list's sections are Business, Nation, Politics$/) }]);

    // The review checks every digest readers' sections make, not only the two whole ones.
    const review = await stack.container.presendReview(await getEdition(db, edition.id));
    expect(review.problems).toEqual([]);
    expect(review.variants.map((v) => v.checks.find((c) => c.label === 'Every reader’s sections')?.detail)).toEqual([
      '2 other digest(s) for 3 reader(s) who chose sections, each checked',
      '1 other digest(s) for 1 reader(s) who chose sections, each checked',
    ]);

    // The editor sees the audience: readers per section, each teaser's reach, and a preview as a reader of any sections.
    const server = await startServer(stack.container, 0, '127.0.0.1');
    try {
      const { token } = await createApiToken(db, 'desk', 'editor');
      const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      // Sections are managed per list too (an admin adds one before any story names it).
      const { token: admin } = await createApiToken(db, 'ops', 'admin');
      const added = await fetch(`${server.url}/api/lists/daily-digest/sections`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ add: ['Sports'] }),
      });
      expect((await added.json()).sections.map((x: { name: string }) => x.name)).toEqual(['Business', 'Nation', 'Politics', 'Sports']);
      // A new reader asks for sections when subscribing; a section the list does not have is refused, naming those it has.
      const subscribe = (body: object) => fetch(`${server.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await subscribe({ email: 'ivan@example.com', lists: ['daily-digest'], sections: ['POLITICS', 'sports'] })).status).toBe(202);
      const [ivan] = await db.query<{ status: string; sections: string[] }>(`select sub.status, sub.sections from subscriptions sub join subscribers s on s.id = sub.subscriber_id where s.email = 'ivan@example.com'`);
      expect(ivan).toEqual({ status: 'pending', sections: ['politics', 'sports'] });
      const refused = await subscribe({ email: 'jo@example.com', lists: ['daily-digest'], sections: ['Culture'] });
      expect({ status: refused.status, body: await refused.json() }).toEqual({
        status: 400,
        body: { error: 'sections: "culture" is not a section of this list; this list\'s sections are Business, Nation, Politics, Sports' },
      });
      const audience = await (await get(`/api/editions/${edition.id}/audience`)).json();
      expect(audience).toMatchObject({
        readers: 7,
        everything: 1,
        sections: [
          { name: 'Business', readers: 2 },
          { name: 'Nation', readers: 1 },
          { name: 'Politics', readers: 4 },
          { name: 'Sports', readers: 0 },
        ],
        digests: 5,
      });
      // Port and Peso: all but the three politics-only readers; USMCA and Senate: all but Beto; the weather: all.
      expect(audience.teasers.map((t: { id: string; readers: number }) => [t.id, t.readers])).toEqual([['port', 4], ['usmca', 6], ['senate', 6], ['weather', 7], ['peso', 4]]);
      const asBusiness = decodeHTML(await (await get(`/api/editions/${edition.id}/preview?tier=free&sections=BUSINESS`)).text());
      expect([HEADLINES.port, HEADLINES.peso, HEADLINES.weather].every((h) => asBusiness.includes(h))).toBe(true);
      expect(asBusiness).not.toContain('USMCA review begins');
    } finally {
      await server.close();
    }

    await stack.workers();
    await scheduleEdition(db, await stack.container.queue(), edition.id);
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');
    const progress = await editionProgress(db, edition.id);
    expect(progress).toMatchObject({ status: 'sent', sent: READERS.length });
    // free and paid whole (also the archive's), free politics, free business, paid politics: five renders for seven readers.
    expect(progress.renders).toBe(5);

    for (const reader of READERS) {
      const emails = stack.resend.accepted.filter((e) => e.to.includes(reader.email));
      expect(emails, reader.email).toHaveLength(1);
      const { html, text } = emails[0]!;
      // Headlines as the HTML carries them (ASCII, typographic quotes as references), inside the body's headings.
      const decode = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)));
      const headings = [...html!.matchAll(/<h[23][^>]*>([\s\S]*?)<\/h[23]>/g)].map((m) => decode(m[1]!));
      const holds = (Object.keys(HEADLINES) as Teaser[]).filter((t) => headings.some((h) => h.includes(HEADLINES[t])));
      expect({ reader: reader.email, holds }).toEqual({ reader: reader.email, holds: reader.gets });
      expect(headings[0]).toContain('Storm reaches Acapulco');
      // The preheader the inbox shows names only stories this reader gets.
      const preheader = decode(html!.match(/display:none[^>]*>([^<]*)/)?.[1] ?? '');
      expect(preheader).toContain('About storm reaches acapulco. · ');
      expect((Object.keys(HEADLINES) as Teaser[]).filter((t) => preheader.includes(HEADLINES[t])).every((t) => reader.gets.includes(t)), preheader).toBe(true);
      expect((Object.keys(HEADLINES) as Teaser[]).filter((t) => text!.includes(HEADLINES[t]))).toEqual(reader.gets);
      // Free readers of a paid story still see it locked, inside their own digest.
      if (reader.gets.includes('usmca')) expect(html!.includes('Subscribe to read')).toBe(reader.tier === 'free');
    }
  });
});
