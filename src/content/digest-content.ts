import { z } from 'zod';
import { ArticleSchema, type Article } from './article.ts';

export const MAX_TEASERS = 30;

/** What one edition carries: a lead story, teasers and an optional editor's note. */
export interface DigestContent {
  lead: Article;
  teasers: Article[];
  note?: string;
}

const note = z.string().trim().max(2000, 'must be at most 2000 characters').optional();

const LeadAndTeasers = z.strictObject({
  lead: ArticleSchema,
  teasers: z.array(ArticleSchema).max(MAX_TEASERS, `at most ${MAX_TEASERS} teasers`).default([]),
  note,
});

const ArticleList = z.strictObject({
  articles: z
    .array(ArticleSchema)
    .min(1, 'needs at least one article (the first is the lead)')
    .max(MAX_TEASERS + 1, `at most ${MAX_TEASERS + 1} articles`),
  note,
});

/** A content file that failed validation; `problems` name the article's position and the field. */
export class ContentError extends Error {
  readonly code = 'content_invalid';
  constructor(readonly problems: string[]) {
    super(`invalid content: ${problems.join('; ')}`);
  }
}

/** `["teasers", 2, "image", "alt"]` → `teasers[2].image.alt` */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = formatPath(issue.path) || '(top level)';
    if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    if (issue.code === 'invalid_type' && issue.input === undefined) return `${where}: is required`;
    return `${where}: ${issue.message}`;
  });
}

/**
 * Validates a parsed content file. Accepts `{lead, teasers, note?}` or `{articles, note?}`
 * (the first article is the lead). Throws ContentError listing every problem.
 */
export function parseDigestContent(input: unknown): DigestContent {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ContentError(['(top level): must be an object with "lead" and "teasers", or with "articles"']);
  }
  const shape = 'articles' in input ? ArticleList : LeadAndTeasers;
  const parsed = shape.safeParse(input);
  if (!parsed.success) throw new ContentError(issuesOf(parsed.error));

  const content: DigestContent =
    'articles' in parsed.data
      ? { lead: parsed.data.articles[0]!, teasers: parsed.data.articles.slice(1) }
      : { lead: parsed.data.lead, teasers: parsed.data.teasers };
  if (parsed.data.note) content.note = parsed.data.note;

  const seen = new Map<string, string>();
  const where = (i: number) => ('articles' in parsed.data ? `articles[${i}]` : i === 0 ? 'lead' : `teasers[${i - 1}]`);
  const duplicates: string[] = [];
  [content.lead, ...content.teasers].forEach((article, i) => {
    const first = seen.get(article.id);
    if (first) duplicates.push(`${where(i)}.id: "${article.id}" is already used by ${first}`);
    else seen.set(article.id, where(i));
  });
  if (duplicates.length) throw new ContentError(duplicates);
  return content;
}

/** Parses a content file's text; a JSON syntax error is reported as such. */
export function parseDigestContentJson(json: string, source = 'content'): DigestContent {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new ContentError([`${source}: not valid JSON (${(err as Error).message})`]);
  }
  return parseDigestContent(data);
}
