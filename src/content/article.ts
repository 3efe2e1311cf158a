import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })
  .max(2048, 'must be at most 2048 characters');

export const ImageSchema = z.strictObject({
  src: httpUrl,
  // Alt text is required: a digest read by a screen reader must say what each image shows.
  alt: text(500),
  caption: text(500).optional(),
  credit: text(200).optional(),
});

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
