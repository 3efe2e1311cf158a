import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ContentError } from '../../content/digest-content.ts';
import { FeedError } from '../../content/feed-error.ts';
import { UserError } from '../../errors.ts';
import { fieldOf, formValue, type FormFields } from './compose-form.ts';
import type { DeskContext } from './desk-layout.ts';

/** What every desk handler can read: the signed-in editor's context, and the posted form (read once, before the CSRF check). */
export type DeskEnv = { Variables: { desk: DeskContext; form: FormFields } };
export type Page = (ctx: Context<DeskEnv>) => Promise<Response>;
/** A page and its address: where a change redirects to, and what it shows again when refused. */
export interface View {
  url(ctx: Context<DeskEnv>): string;
  render: Page;
}

const FLASH_COOKIE = 'bs_flash';

/** A message for the next page, carried once in a short-lived cookie (never in the URL, where anyone could write one). */
export function flash(ctx: Context, kind: 'ok' | 'error', text: string): void {
  setCookie(ctx, FLASH_COOKIE, encodeURIComponent(`${kind}:${text.slice(0, 600)}`), { path: '/desk', httpOnly: true, sameSite: 'Strict', maxAge: 60 });
}

export function takeFlash(ctx: Context): DeskContext['flash'] {
  const raw = getCookie(ctx, FLASH_COOKIE);
  if (!raw) return undefined;
  deleteCookie(ctx, FLASH_COOKIE, { path: '/desk' });
  const text = decodeURIComponent(raw);
  return { kind: text.startsWith('error:') ? 'error' : 'ok', text: text.replace(/^(ok|error):/, '') };
}

export const field = (form: FormFields, name: string): string => formValue(form, name)?.trim() ?? '';

/** The desk's own script asks for JSON; a plain form post gets a page. */
export const wantsJson = (ctx: Context): boolean => (ctx.req.header('accept') ?? '').includes('application/json');

/** A refusal the editor can act on (bad input, a feed that failed), as opposed to our own failure. */
export const isRefusal = (err: unknown): err is Error => err instanceof UserError || err instanceof FeedError || err instanceof ContentError;

export const refusalStatus = (err: Error) => (err instanceof UserError && err.code === 'conflict' ? 409 : 400);

/**
 * Runs a change and, when it works, redirects to `page`'s URL with a message (or,
 * for the desk's script, answers JSON). A refusal the editor can act on shows
 * `page` again with the reason beside the field it is about and the form as they
 * filled it in: nothing typed is lost.
 */
export function change(page: View, run: (ctx: Context<DeskEnv>, form: FormFields) => Promise<string | { redirect: string; message: string }>) {
  return async (ctx: Context<DeskEnv>) => {
    const form = ctx.get('form') ?? {};
    try {
      const result = await run(ctx, form);
      const { redirect, message } = typeof result === 'string' ? { redirect: page.url(ctx), message: result } : result;
      if (wantsJson(ctx)) return ctx.json({ ok: true, message, redirect });
      flash(ctx, 'ok', message);
      return ctx.redirect(redirect, 303);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      if (wantsJson(ctx)) return ctx.json({ ok: false, message: err.message, errors: { [fieldOf(err.message)]: err.message } }, refusalStatus(err));
      ctx.set('desk', { ...ctx.get('desk'), flash: { kind: 'error', text: err.message }, posted: form, fieldError: { field: fieldOf(err.message), message: err.message } });
      const shown = await page.render(ctx);
      return new Response(shown.body, { status: refusalStatus(err), headers: shown.headers });
    }
  };
}
