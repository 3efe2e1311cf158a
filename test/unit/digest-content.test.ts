import { describe, expect, it } from 'vitest';
import { seedDigest, seedLead, seedTeasers } from '../../emails/_fixtures/seed-digest.ts';
import { ContentError, parseDigestContent, parseDigestContentJson } from '../../src/content/digest-content.ts';

const problemsOf = (input: unknown): string[] => {
  try {
    parseDigestContent(input);
  } catch (err) {
    if (err instanceof ContentError) return err.problems;
    throw err;
  }
  throw new Error('expected a ContentError');
};

describe('digest content', () => {
  it('accepts the seed edition in both shapes', () => {
    expect(parseDigestContent(seedDigest)).toEqual(seedDigest);
    expect(parseDigestContent({ articles: [seedLead, ...seedTeasers] })).toEqual(seedDigest);
  });

  it('fills defaults: free access, no comments', () => {
    const bare: Record<string, unknown> = { ...seedLead };
    delete bare.commentCount;
    delete bare.access;
    expect(parseDigestContent({ lead: bare }).lead).toMatchObject({ commentCount: 0, access: 'free' });
  });

  it("names the article's position and the field", () => {
    const teaser = seedTeasers[1]!;
    expect(
      problemsOf({
        lead: { ...seedLead, publishedAt: 'yesterday' },
        teasers: [seedTeasers[0], { ...teaser, image: { ...teaser.image, alt: ' ' }, commentCount: -1, access: 'vip' }],
      }),
    ).toEqual([
      'lead.publishedAt: must be an ISO-8601 date-time, e.g. 2024-11-21T08:00:00Z',
      'teasers[1].image.alt: must not be empty',
      'teasers[1].commentCount: must not be negative',
      'teasers[1].access: must be "free" or "paid"',
    ]);
    expect(problemsOf({ articles: [seedLead, { ...seedTeasers[0], url: 'javascript:alert(1)' }] })).toEqual([
      'articles[1].url: must be an absolute http(s) URL',
    ]);
  });

  it('reports missing and unknown fields', () => {
    const noHeadline: Record<string, unknown> = { ...seedLead, body: '<p>hi</p>' };
    delete noHeadline.headline;
    expect(problemsOf({ lead: noHeadline })).toEqual(['lead.headline: is required', 'lead: unknown field(s) "body"']);
    expect(problemsOf({})).toEqual(['lead: is required']);
    expect(problemsOf([])).toEqual(['(top level): must be an object with "lead" and "teasers", or with "articles"']);
    expect(problemsOf({ articles: [] })).toEqual(['articles: needs at least one article (the first is the lead)']);
  });

  it('refuses the same article twice', () => {
    expect(problemsOf({ lead: seedLead, teasers: [seedTeasers[0], seedTeasers[0]] })).toEqual([
      `teasers[1].id: "${seedTeasers[0]!.id}" is already used by teasers[0]`,
    ]);
  });

  it('says when a file is not JSON', () => {
    expect(() => parseDigestContentJson('{"lead":', 'today.json')).toThrow(/today\.json: not valid JSON/);
  });
});
