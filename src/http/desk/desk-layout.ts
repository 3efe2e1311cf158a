import type { Scope } from '../../security/api-tokens.ts';
import type { EditionStatus } from '../../editions/edition-status.ts';
import { html, type SafeHtml } from '../html.ts';
import type { FormFields } from './compose-form.ts';

/** The desk's page frame and the pieces every page uses: forms with their CSRF field, buttons, badges. */

export interface DeskContext {
  csrf: string;
  scope: Scope;
  who: string;
  flash?: { kind: 'ok' | 'error'; text: string };
  /** A refused form's fields: the page shows them again, so the editor loses nothing. */
  posted?: FormFields;
  /** Mail goes to the local outbox (no Resend key): the desk shows it. */
  outbox?: boolean;
}

/**
 * What a form shows: the refused post's values when this form (`_form`) was the
 * one refused, else the stored ones.
 */
export class FormValues {
  private readonly posted: FormFields | undefined;
  constructor(d: DeskContext, readonly id: string) {
    this.posted = d.posted && d.posted._form === id ? d.posted : undefined;
  }
  private all(name: string): string[] {
    return ([] as unknown[]).concat(this.posted?.[name] ?? []).filter((v): v is string => typeof v === 'string');
  }
  value(name: string, stored: string | number | null | undefined): string {
    return this.posted ? (this.all(name)[0] ?? '') : String(stored ?? '');
  }
  checked(name: string, value: string, stored: boolean): SafeHtml {
    return (this.posted ? this.all(name).includes(value) : stored) ? html` checked` : html``;
  }
  selected(name: string, value: string, stored: boolean): SafeHtml {
    return (this.posted ? this.all(name)[0] === value : stored) ? html` selected` : html``;
  }
  field(): SafeHtml {
    return html`<input type="hidden" name="_form" value="${this.id}">`;
  }
}

export const TIME_ZONES = Intl.supportedValuesOf('timeZone');
export const csrfField = (d: DeskContext) => html`<input type="hidden" name="_csrf" value="${d.csrf}">`;

/** A button that POSTs to `action`: every state change is a POST with the CSRF field, never a link. */
export function actionButton(d: DeskContext, action: string, label: string, opts: { danger?: boolean; confirm?: string } = {}): SafeHtml {
  return html`<form method="post" action="${action}" class="inline"${opts.confirm ? html` data-confirm="${opts.confirm}"` : ''}>${csrfField(d)}<button type="submit"${opts.danger ? html` class="danger"` : ''}>${label}</button></form>`;
}

export function layout(title: string, d: DeskContext | null, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Broadsheet desk</title>
<link rel="stylesheet" href="/desk/assets/desk.css"><script src="/desk/assets/desk.js" defer></script></head>
<body><header class="bar"><a class="brand" href="/desk">Broadsheet desk</a>
${d
  ? html`<nav><a href="/desk">Editions</a><a href="/desk/schedules">Schedules</a><a href="/desk/sponsors">Sponsors</a>${d.outbox ? html`<a href="/desk/outbox">Outbox</a>` : ''}${d.scope === 'admin' ? html`<a href="/desk/queues">Queues</a>` : ''}<a href="/api/openapi.json">API</a>
<span class="who">${d.who} (${d.scope})</span>${actionButton(d, '/desk/logout', 'Sign out')}</nav>`
  : ''}</header>
<main>${d?.flash ? html`<p class="flash ${d.flash.kind}" role="${d.flash.kind === 'error' ? 'alert' : 'status'}">${d.flash.text}</p>` : ''}${body}</main></body></html>`.value;
}

export function loginPage(next: string, csrf: string, error?: string): string {
  return layout(
    'Sign in',
    null,
    html`<section class="card narrow"><h1>Sign in</h1>
${error ? html`<p class="flash error" role="alert">${error}</p>` : ''}
<form method="post" action="/desk/login"><input type="hidden" name="next" value="${next}"><input type="hidden" name="_csrf" value="${csrf}">
<label>API token <input type="password" name="token" autocomplete="current-password" required placeholder="bs_editor_…"></label>
<button type="submit">Sign in</button></form>
<p class="muted">An admin creates tokens with <code>broadsheet tokens create --name "Ana" --scope editor</code>. The session lasts 12 hours and ends when the token is revoked.</p></section>`,
  );
}

export const statusBadge = (s: EditionStatus) => html`<span class="status s-${s}">${s.replace(/_/g, ' ')}</span>`;
export const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

export function deskErrorPage(d: DeskContext | null, status: number, message: string): string {
  return layout('Error', d, html`<section class="card narrow"><h1>${status === 404 ? 'Not found' : 'That did not work'}</h1><p>${message}</p><p><a href="/desk">Back to the desk</a></p></section>`);
}
