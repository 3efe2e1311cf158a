import { z } from 'zod';
import { ImageSchema } from '../content/article.ts';
import { CALENDAR_DATE } from '../scheduling/local-time.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** `after-lead`, or `after-teaser-N` (1-based): where in the digest a sponsor block goes. */
export const PLACEMENT = /^(after-lead|after-teaser-([1-9]\d?))$/;

/** A sponsor booking as an editor enters it: what the block says, where it goes, and the days it runs (inclusive). */
export const SponsorInput = z
  .strictObject({
    name: text(100).describe('who paid: shown as "Sponsored by <name>"'),
    headline: text(200),
    body: text(600).optional(),
    url: z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }).max(2048),
    cta: text(40).default('Learn more'),
    image: ImageSchema.optional(),
    placement: z.string().regex(PLACEMENT, 'must be after-lead or after-teaser-N (N from 1)'),
    startsOn: CALENDAR_DATE,
    endsOn: CALENDAR_DATE,
    tag: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes').describe('utm_content of its links: sponsor-<tag>'),
  })
  // Only between two real dates: a bad one is already named, and comparing it would add a second, wrong complaint.
  .refine((s) => !(CALENDAR_DATE.safeParse(s.startsOn).success && CALENDAR_DATE.safeParse(s.endsOn).success) || s.endsOn >= s.startsOn, {
    message: 'must not be before startsOn',
    path: ['endsOn'],
  });
export type SponsorInput = z.input<typeof SponsorInput>;

export interface Sponsor extends z.output<typeof SponsorInput> {
  id: number;
}

/** What a template gets: one block, its links already tagged. */
export interface SponsorSlot {
  name: string;
  headline: string;
  body?: string;
  url: string;
  cta: string;
  image?: { src: string; alt: string };
  /** 0 = right after the lead (and the editor's note); N = after the N-th teaser. */
  after: number;
}

/** Whether two bookings want the same slot on some same day. */
export const overlaps = (a: Pick<Sponsor, 'placement' | 'startsOn' | 'endsOn'>, b: Pick<Sponsor, 'placement' | 'startsOn' | 'endsOn'>) =>
  a.placement === b.placement && a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;

/**
 * The sponsor blocks of an edition dated `editionDate`: bookings running that day,
 * one per slot (the earliest booked wins, though bookings are refused from
 * overlapping), each placed after the lead or after teaser N; N past the last
 * teaser goes after the last.
 */
export function sponsorSlots(bookings: readonly Sponsor[], editionDate: string, teaserCount: number, tagUrl: (url: string, tag: string) => string = (u) => u): SponsorSlot[] {
  const seen = new Set<string>();
  return bookings
    .filter((s) => s.startsOn <= editionDate && editionDate <= s.endsOn)
    .sort((a, b) => a.id - b.id)
    .filter((s) => !seen.has(s.placement) && seen.add(s.placement))
    .map((s) => {
      const n = s.placement === 'after-lead' ? 0 : Number(PLACEMENT.exec(s.placement)![2]);
      return {
        name: s.name,
        headline: s.headline,
        ...(s.body ? { body: s.body } : {}),
        url: tagUrl(s.url, s.tag),
        cta: s.cta,
        ...(s.image ? { image: { src: s.image.src, alt: s.image.alt } } : {}),
        after: Math.min(n, teaserCount),
      };
    })
    .sort((a, b) => a.after - b.after);
}

/** The blocks that go after teaser `n` (0: after the lead); the last teaser also takes any placed past the end. */
export function sponsorsAt(slots: readonly SponsorSlot[] | undefined, n: number, teaserCount: number): SponsorSlot[] {
  return (slots ?? []).filter((s) => s.after === n || (n === teaserCount && s.after > teaserCount));
}
