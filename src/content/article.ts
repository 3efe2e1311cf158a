import { z } from 'zod';

/** Control characters (but tab and line breaks): never meaningful in a story, and they break headers and XML. */
export const STRAY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !STRAY_CONTROL.test(s), 'must not contain control characters');
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })
  .max(2048, 'must be at most 2048 characters');

export const ImageSchema = z
  .strictObject({
    src: httpUrl,
    // Alt text is required: a digest read by a screen reader must say what each image shows.
    alt: z.string().trim().max(500, 'must be at most 500 characters'),
    /**
     * The source gave no alt text (a WordPress enclosure never does). The image is kept
     * as decorative (`alt=""`, its link hidden from screen readers: the headline link
     * beside it names the story) and flagged to the editor. Only feeds set this.
     */
    altMissing: z.literal(true).optional(),
    caption: text(500).optional(),
    credit: text(200).optional(),
  })
  .refine((i) => i.altMissing || i.alt.length > 0, { message: 'must not be empty', path: ['alt'] })
  .refine((i) => !i.altMissing || i.alt === '', { message: 'must be empty when altMissing is set', path: ['alt'] });

export const ArticleSchema = z.strictObject({
  id: text(200),
  url: httpUrl,
  headline: text(300),
  dek: text(600).optional(),
  image: ImageSchema.optional(),
  byline: text(200).optional(),
  section: text(100).optional(),
  publishedAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time, e.g. 2024-11-21T08:00:00Z' }),
  commentCount: z.number().int('must be a whole number').min(0, 'must not be negative').default(0),
  access: z.enum(['free', 'paid'], { message: 'must be "free" or "paid"' }).default('free'),
});

export type Article = z.output<typeof ArticleSchema>;
export type ArticleInput = z.input<typeof ArticleSchema>;
export type Tier = Article['access'];
export const TIERS: readonly Tier[] = ['free', 'paid'];
