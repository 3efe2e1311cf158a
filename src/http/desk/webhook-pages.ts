import { EVENT_TYPES } from '../../webhooks/outgoing-events.ts';
import type { DeliveryAttempt, WebhookEndpoint } from '../../webhooks/webhook-endpoints.ts';
import { html } from '../html.ts';
import { actionButton, csrfField, FormValues, layout, when, type DeskContext } from './desk-layout.ts';

/** What each event means to the admin choosing them. */
const EVENT_HELP: Record<(typeof EVENT_TYPES)[number], string> = {
  'subscriber.created': 'a reader joins (sign-up form, API)',
  'subscriber.confirmed': 'a reader confirms their address',
  'subscriber.updated': 'details, tier, lists or sections change',
  'subscriber.unsubscribed': 'a reader leaves a list (with the reason)',
  'subscriber.suppressed': 'a bounce, a complaint or an erasure',
  'edition.scheduled': 'an edition is scheduled',
  'edition.sent': 'an edition has gone out (with counts)',
};

function health(e: WebhookEndpoint) {
  if (e.disabledAt) return html`<span class="status s-failed">disabled</span> <span class="error-text">${e.disabledReason}</span>`;
  if (e.consecutiveFailures) return html`<span class="status s-paused">failing</span> ${e.consecutiveFailures} failed attempt(s) in a row since ${when(e.failingSince)}`;
  return html`<span class="status s-sent">ok</span>`;
}

/** Endpoints of the newsroom's systems, their health, and the form to add one (admins only). */
export function webhooksPage(d: DeskContext, endpoints: WebhookEndpoint[], disableAfter: number): string {
  const f = new FormValues(d, 'webhook-add');
  return layout(
    'Webhooks',
    d,
    html`<h1>Webhooks</h1>
<p class="muted">Broadsheet tells your other systems (paywall, CRM, CMS) what happens to readers and editions. Each request is signed the Standard Webhooks way (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>, and the same as <code>svix-*</code>): verify it with the svix or standardwebhooks library and the endpoint's secret. A failed delivery is retried for about six hours; an endpoint that fails ${disableAfter} attempts in a row is disabled, with the reason below.</p>
${endpoints.length
  ? html`<table class="webhooks"><caption>Endpoints</caption><thead><tr><th scope="col">Endpoint</th><th scope="col">Events</th><th scope="col">Health</th><th scope="col" class="num">Last 24 h</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
<tbody>${endpoints.map(
      (e) => html`<tr><th scope="row"><a href="/desk/webhooks/${e.id}">#${e.id}</a> <span class="url">${e.url}</span>${e.description ? html`<br><span class="muted">${e.description}</span>` : ''}</th>
<td>${e.events.join(', ')}</td><td>${health(e)}</td>
<td class="num">${e.lastDay.delivered} delivered<br>${e.lastDay.failed} failed<br>${e.lastDay.pending} waiting</td>
<td class="row-actions">${e.disabledAt ? actionButton(d, `/desk/webhooks/${e.id}/enable`, 'Enable') : actionButton(d, `/desk/webhooks/${e.id}/disable`, 'Disable')}${actionButton(d, `/desk/webhooks/${e.id}/remove`, 'Remove', { danger: true, confirm: `Remove endpoint #${e.id} and its delivery history?` })}</td></tr>`,
    )}</tbody></table>`
  : html`<p>No endpoints yet.</p>`}
<section class="card" aria-labelledby="add-title"><h2 id="add-title">Add an endpoint</h2>
<form method="post" action="/desk/webhooks" class="grid">${csrfField(d)}${f.field()}
<div class="field wide"><label for="webhook-url">URL</label><input type="url" id="webhook-url" name="url" required maxlength="2000" placeholder="https://paywall.example.com/hooks/broadsheet" value="${f.value('url', '')}"${f.invalid('url')}>${f.error('url')}</div>
<fieldset class="field wide"><legend>Events</legend>${EVENT_TYPES.map(
      (t) => html`<label class="choice"><input type="checkbox" name="events" value="${t}"${f.checked('events', t, false)}> <code>${t}</code> <span class="muted">${EVENT_HELP[t]}</span></label>`,
    )}${f.error('events')}</fieldset>
<div class="field wide"><label for="webhook-description">What it is for (optional)</label><input type="text" id="webhook-description" name="description" maxlength="200" value="${f.value('description', '')}"></div>
<button type="submit">Add endpoint</button></form>
<p class="muted">Its signing secret is shown once, after adding. The same from the CLI: <code>broadsheet webhooks add &lt;url&gt; --events …</code>; the API: <code>POST /api/webhook-endpoints</code>.</p></section>`,
  );
}

/** One endpoint's latest attempts, each with what the receiver answered. */
export function webhookAttemptsPage(d: DeskContext, e: WebhookEndpoint, attempts: DeliveryAttempt[]): string {
  return layout(
    `Webhook #${e.id}`,
    d,
    html`<p class="crumbs"><a href="/desk/webhooks">Webhooks</a> ›</p><h1>Endpoint #${e.id}</h1>
<p><span class="url">${e.url}</span></p><p>${health(e)}</p>
${attempts.length
  ? html`<table class="audit attempts"><caption>Latest delivery attempts, newest first</caption><thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Answer</th></tr></thead>
<tbody>${attempts.map(
      (a) => html`<tr><td>${when(a.at)}</td><td><code>${a.type}</code><br><span class="muted msg-id">msg_${a.eventId.replace(/-/g, '')}</span></td>
<td>${a.error ? html`<span class="error-text">${a.error}</span>` : html`HTTP ${a.statusCode}`}${a.status === 'failed' ? html` <span class="status s-failed">gave up</span>` : ''}<br><span class="muted">try ${a.attempt} · ${a.durationMs} ms</span></td></tr>`,
    )}</tbody></table>`
  : html`<p>No attempts yet.</p>`}`,
  );
}
