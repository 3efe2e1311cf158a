import { UserError } from '../errors.ts';

/** The digest's layouts: React Email "classic" (one column) and MJML "grid" (hero and two-column cards). */
export const LAYOUTS = ['classic', 'grid'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** A layout named by an editor, or a clear refusal naming the choices. */
export function parseLayout(value: string): Layout {
  if (!(LAYOUTS as readonly string[]).includes(value)) throw new UserError('invalid_input', `layout: must be ${LAYOUTS.join(' or ')} (got ${JSON.stringify(value)})`);
  return value as Layout;
}

/** Gmail clips messages whose HTML passes ~102 KB. Here, with no renderer to load, so the checks can use it. */
export const GMAIL_CLIP_BYTES = 102 * 1024;
