import { describe, expect, it } from 'vitest';
import { editionTags, withLinkTags } from '../../src/content/link-tags.ts';
import { overlaps, SponsorInput, sponsorSlots, type Sponsor } from '../../src/sponsors/sponsor.ts';

describe('UTM link tags', () => {
  const tags = editionTags({ source: 'newsletter', medium: 'email' }, 'daily-digest', '2026-11-24')!;
  it('adds source, medium and campaign (list and date) before the fragment, keeping what the link has', () => {
    expect(withLinkTags('https://n.example/a', tags)).toBe('https://n.example/a?utm_source=newsletter&utm_medium=email&utm_campaign=daily-digest-2026-11-24');
    expect(withLinkTags('https://n.example/a?x=1&utm_medium=rss#c', { ...tags, content: 'sponsor-acme' })).toBe(
      'https://n.example/a?x=1&utm_medium=rss&utm_source=newsletter&utm_campaign=daily-digest-2026-11-24&utm_content=sponsor-acme#c',
    );
  });
  it('is off when switched off, and leaves what it cannot parse', () => {
    expect(editionTags(null, 'daily-digest', '2026-11-24')).toBeNull();
    expect(withLinkTags('https://n.example/a', null)).toBe('https://n.example/a');
    expect(withLinkTags('not a url', tags)).toBe('not a url');
  });
});

describe('sponsor bookings', () => {
  const booking = (id: number, placement: string, startsOn: string, endsOn: string): Sponsor => ({
    id, name: `S${id}`, headline: `H${id}`, url: `https://s.example/${id}`, cta: 'Learn more', placement, startsOn, endsOn, tag: `s${id}`,
  });

  it('shows only bookings running on the edition date, one per slot, placed by teaser (past the end goes last)', () => {
    const all = [booking(1, 'after-lead', '2026-11-01', '2026-11-30'), booking(2, 'after-teaser-2', '2026-11-24', '2026-11-24'), booking(3, 'after-teaser-9', '2026-11-20', '2026-11-25'), booking(4, 'after-lead', '2026-12-01', '2026-12-31')];
    expect(sponsorSlots(all, '2026-11-24', 3).map((s) => [s.headline, s.after])).toEqual([['H1', 0], ['H2', 2], ['H3', 3]]);
    expect(sponsorSlots(all, '2026-11-23', 3).map((s) => s.headline)).toEqual(['H1', 'H3']);
    expect(sponsorSlots(all, '2026-10-31', 3)).toEqual([]);
    expect(sponsorSlots(all, '2026-12-01', 3).map((s) => s.headline)).toEqual(['H4']);
  });

  it('tags each sponsor link with its own utm_content', () => {
    const [slot] = sponsorSlots([booking(1, 'after-lead', '2026-11-01', '2026-11-30')], '2026-11-24', 3, (url, tag) => `${url}?utm_content=sponsor-${tag}`);
    expect(slot!.url).toBe('https://s.example/1?utm_content=sponsor-s1');
  });

  it('knows when two bookings want the same slot on a same day', () => {
    expect(overlaps(booking(1, 'after-lead', '2026-11-01', '2026-11-10'), booking(2, 'after-lead', '2026-11-10', '2026-11-20'))).toBe(true);
    expect(overlaps(booking(1, 'after-lead', '2026-11-01', '2026-11-09'), booking(2, 'after-lead', '2026-11-10', '2026-11-20'))).toBe(false);
    expect(overlaps(booking(1, 'after-lead', '2026-11-01', '2026-11-30'), booking(2, 'after-teaser-1', '2026-11-01', '2026-11-30'))).toBe(false);
  });

  it('refuses a booking with a bad placement, dates the wrong way round or no "Sponsored" name, naming the field', () => {
    const r = SponsorInput.safeParse({ name: ' ', headline: 'h', url: 'javascript:alert(1)', placement: 'top', startsOn: '2026-11-30', endsOn: '2026-11-01', tag: 'Acme!' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['endsOn', 'name', 'placement', 'tag', 'url']);
    const dates = SponsorInput.safeParse({ name: 'n', headline: 'h', url: 'https://s.example', placement: 'after-lead', startsOn: '2026-11-30', endsOn: '2026-11-01', tag: 'acme' });
    expect(dates.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['endsOn: must not be before startsOn']);
  });
});
