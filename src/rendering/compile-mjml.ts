import { UserError } from '../errors.ts';

/**
 * A layout that MJML refused; `problems` say where (line of the generated MJML)
 * and what. A UserError, so the editor who previews or schedules sees it as is.
 */
export class LayoutError extends UserError {
  constructor(
    readonly layout: string,
    readonly problems: string[],
  ) {
    super('invalid_input', `the ${layout} layout does not compile: ${problems.join('; ')}`);
  }
}

interface MjmlProblem {
  line?: number;
  message?: string;
  tagName?: string;
}

/**
 * MJML → HTML with strict validation, so a broken template is an error an editor
 * sees before anything is sent, not a half-rendered email. Not minified: MJML's
 * minifier needs cssnano 7 on Node 20, and the output stays under the clip anyway.
 */
export async function compileMjml(source: string, layout: string): Promise<string> {
  try {
    // Loaded on first use: MJML takes ~0.4 s to import, which a process that never renders a grid need not pay.
    const { default: mjml2html } = await import('mjml');
    const result = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
    if (result.errors?.length) throw new LayoutError(layout, result.errors.map(describe));
    return collapseWhitespace(result.html);
  } catch (err) {
    if (err instanceof LayoutError) throw err;
    // MJML 5 throws an Error whose `errors` list each problem with its line.
    const listed = (err as { errors?: MjmlProblem[] }).errors;
    throw new LayoutError(layout, listed?.length ? listed.map(describe) : [(err as Error).message]);
  }
}

/**
 * MJML indents its output; a digest of 20 cards carries ~30 KB of it, a third of
 * Gmail's clip. Whitespace that holds a line break is layout-neutral between tags
 * (our inline runs are written on one line), so it goes.
 */
export function collapseWhitespace(html: string): string {
  return html.replace(/>\s*\n\s*</g, '><').replace(/\n\s*/g, ' ');
}

const describe = (p: MjmlProblem) => `line ${p.line ?? '?'}${p.tagName ? ` (${p.tagName})` : ''}: ${p.message ?? 'invalid'}`;
