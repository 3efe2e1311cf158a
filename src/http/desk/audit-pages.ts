import type { AuditEntry } from '../../security/audit-log.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout, when, type DeskContext } from './desk-layout.ts';

/** What each action is called on the desk. */
const SAID: Record<AuditEntry['action'], string> = {
  'edition.create': 'created',
  'edition.edit': 'edited',
  'edition.test-send': 'sent a test of',
  'edition.schedule': 'scheduled (or sent)',
  'edition.unschedule': 'took back to draft',
  'edition.pause': 'paused',
  'edition.resume': 'resumed',
  'edition.cancel': 'cancelled',
  'edition.retry-failed': 'retried the failed deliveries of',
  'edition.settle': 'settled parked batches of',
  'token.create': 'created a token',
  'token.revoke': 'revoked a token',
  'webhook.add': 'added a webhook endpoint',
  'webhook.change': 'changed a webhook endpoint',
  'webhook.remove': 'removed a webhook endpoint',
  'subscriber.erase': 'erased a reader',
};

function rows(entries: AuditEntry[], withEdition: boolean): SafeHtml {
  return html`<table class="audit"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
<tbody>${entries.map(
    (e) => html`<tr><td>${when(e.at)}</td><td>${e.actor}</td><td>${SAID[e.action] ?? e.action}${
      withEdition && e.editionId ? html` <a href="/desk/editions/${e.editionId}">edition ${e.editionId.slice(0, 8)}</a>` : e.action.startsWith('token.') && e.detail.token ? ` #${String(e.detail.token)}` : e.action.startsWith('webhook.') && e.detail.endpoint ? ` #${String(e.detail.endpoint)}` : ''
    }</td></tr>`,
  )}</tbody></table>`;
}

/** An edition's history: who made, changed and sent it. */
export function historyPanel(entries: AuditEntry[]): SafeHtml | string {
  if (!entries.length) return '';
  return html`<section class="card" id="history" aria-labelledby="history-title"><h2 id="history-title">History</h2>${rows(entries, false)}</section>`;
}

/** Everything done through the desk, the API, the CLI and schedules, newest first (admins). */
export function auditPage(d: DeskContext, entries: AuditEntry[]): string {
  if (d.scope !== 'admin') return layout('Audit log', d, html`<h1>Audit log</h1><p>The audit log needs an admin token.</p>`);
  return layout(
    'Audit log',
    d,
    html`<h1>Audit log</h1><p class="muted">Who created, edited, scheduled, sent, paused, cancelled or retried each edition, and made or revoked tokens${entries.length ? `, newest first (the last ${entries.length})` : ''}. Also <code>GET /api/audit</code>.</p>
<section class="card">${entries.length ? rows(entries, true) : html`<p>Nothing yet.</p>`}</section>`,
  );
}
