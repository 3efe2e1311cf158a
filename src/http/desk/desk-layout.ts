import type { Scope } from '../../security/api-tokens.ts';
import type { EditionStatus } from '../../editions/edition-status.ts';
import { utcOffsetLabel } from '../../scheduling/local-time.ts';
import { html, type SafeHtml } from '../html.ts';
import { formValue, type FormFields } from './compose-form.ts';

/** The desk's page frame and the pieces every page uses: forms with their CSRF field and errors, buttons, badges, the zone picker. */

export interface DeskContext {
  csrf: string;
  scope: Scope;
  who: string;
  /** The token the session names: the audit log's actor. */
  tokenId: number;
  flash?: { kind: 'ok' | 'error'; text: string };
  /** A refused form's fields: the page shows them again, so the editor loses nothing. */
  posted?: FormFields;
  /** Mail goes to the local outbox (no Resend key): the desk shows it. */
  outbox?: boolean;
  /** The field a refused form's problem is about: shown beside it. */
  fieldError?: { field: string; message: string };
}

/**
 * What a form shows: the refused post's values when this form (`_form`) was the
 * one refused, else the stored ones; and the refusal beside the field it is about.
 */
export class FormValues {
  private readonly posted: FormFields | undefined;
  private readonly problem: { field: string; message: string } | undefined;
  constructor(d: DeskContext, readonly id: string) {
    this.posted = d.posted && d.posted._form === id ? d.posted : undefined;
    this.problem = this.posted ? d.fieldError : undefined;
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
  /** The refusal, if it is about `name`: a message tied to the field for screen readers. */
  error(name: string): SafeHtml {
    return this.problem?.field === name ? html`<p class="field-error" id="${this.id}-${name}-error" data-error-for="${name}">${this.problem.message}</p>` : html``;
  }
  /** `aria-invalid` and `aria-describedby` for the field the refusal is about. */
  invalid(name: string): SafeHtml {
    return this.problem?.field === name ? html` aria-invalid="true" aria-describedby="${this.id}-${name}-error"` : html``;
  }
}

export const TIME_ZONES = Intl.supportedValuesOf('timeZone');
export const csrfField = (d: DeskContext) => html`<input type="hidden" name="_csrf" value="${d.csrf}">`;

/**
 * A time-zone picker: every IANA zone, grouped by region and labelled with its
 * offset now. A plain select works without the script; the script adds a search
 * box that narrows it (`data-zone-search`).
 */
export function zoneSelect(name: string, selected: string, opts: { id: string; label: string; now?: Date }): SafeHtml {
  const now = opts.now ?? new Date();
  const zones = TIME_ZONES.includes(selected) ? TIME_ZONES : [selected, ...TIME_ZONES];
  const groups = new Map<string, string[]>();
  for (const z of ['UTC', ...zones.filter((z) => z !== 'UTC')]) {
    const region = z.includes('/') ? z.slice(0, z.indexOf('/')) : 'Other';
    groups.set(region, [...(groups.get(region) ?? []), z]);
  }
  return html`<div class="zone-picker" data-zone-search><label for="${opts.id}">${opts.label}</label>
<select id="${opts.id}" name="${name}">${[...groups].map(
    ([region, list]) =>
      html`<optgroup label="${region}">${list.map((z) => html`<option value="${z}"${z === selected ? html` selected` : ''}>${z.replace(/_/g, ' ')} (${utcOffsetLabel(now, z)})</option>`)}</optgroup>`,
  )}</select></div>`;
}

/** A button that POSTs to `action`: every state change is a POST with the CSRF field, never a link. */
export function actionButton(d: DeskContext, action: string, label: string, opts: { danger?: boolean; confirm?: string } = {}): SafeHtml {
  return html`<form method="post" action="${action}" class="inline"${opts.confirm ? html` data-confirm="${opts.confirm}"` : ''}>${csrfField(d)}<button type="submit"${opts.danger ? html` class="danger"` : ''}>${label}</button></form>`;
}

/** The page's top message: a refusal tied to a field points at it (the field shows the reason). */
function flashOf(d: DeskContext | null): SafeHtml {
  if (!d?.flash) return html``;
  const { kind, text } = d.flash;
  const field = d.fieldError && d.fieldError.field !== 'form' ? d.fieldError.field : null;
  return html`<p class="flash ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${field ? html`Not saved: ${text} <a href="#${formValue(d.posted ?? {}, '_form') ?? ''}-${field}">Go to the field</a>` : text}</p>`;
}

export function layout(title: string, d: DeskContext | null, body: SafeHtml, opts: { wide?: boolean } = {}): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex"><title>${title} · Broadsheet desk</title>
<link rel="stylesheet" href="/desk/assets/desk.css"><script src="/desk/assets/desk.js" defer></script></head>
<body><a class="skip" href="#main">Skip to the page</a><header class="bar"><a class="brand" href="/desk">Broadsheet desk</a>
${d
  ? html`<nav aria-label="Desk"><a href="/desk">Editions</a><a href="/desk/lists">Lists</a><a href="/desk/schedules">Schedules</a><a href="/desk/sponsors">Sponsors</a>${d.outbox ? html`<a href="/desk/outbox">Outbox</a>` : ''}${d.scope === 'admin' ? html`<a href="/desk/queues">Queues</a><a href="/desk/webhooks">Webhooks</a><a href="/desk/audit">Audit</a>` : ''}<a href="/api/openapi.json">API</a>
<span class="who">${d.who} (${d.scope})</span>${actionButton(d, '/desk/logout', 'Sign out')}</nav>`
  : ''}</header>
<main id="main"${opts.wide ? html` class="wide"` : ''}>${flashOf(d)}${body}</main></body></html>`.value;
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
