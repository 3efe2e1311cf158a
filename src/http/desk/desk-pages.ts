import type { Article } from '../../content/article.ts';
import { formatEta, type EditionProgress, type EditionStats, type EditionSummary } from '../../editions/edition-service.ts';
import { isFinal, type EditionStatus } from '../../editions/edition-status.ts';
import type { Edition } from '../../editions/edition.ts';
import type { ParkedBatch } from '../../delivery/settle-parked.ts';
import type { Schedule } from '../../scheduling/schedules.ts';
import type { Sponsor } from '../../sponsors/sponsor.ts';
import type { Scope } from '../../security/api-tokens.ts';
import { LAYOUTS } from '../../rendering/layouts.ts';
import { html, type SafeHtml } from '../html.ts';
import type { FormFields } from './compose-form.ts';

export interface DeskContext {
  csrf: string;
  scope: Scope;
  who: string;
  flash?: { kind: 'ok' | 'error'; text: string };
  /** A refused form's fields: the page shows them again, so the editor loses nothing. */
  posted?: FormFields;
}

/**
 * What a form shows: the refused post's values when this form (`_form`) was the
 * one refused, else the stored ones.
 */
class FormValues {
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

const TIME_ZONES = Intl.supportedValuesOf('timeZone');
const csrfField = (d: DeskContext) => html`<input type="hidden" name="_csrf" value="${d.csrf}">`;

/** A button that POSTs to `action`: every state change is a POST with the CSRF field, never a link. */
function actionButton(d: DeskContext, action: string, label: string, opts: { danger?: boolean; confirm?: string } = {}): SafeHtml {
  return html`<form method="post" action="${action}" class="inline"${opts.confirm ? html` data-confirm="${opts.confirm}"` : ''}>${csrfField(d)}<button type="submit"${opts.danger ? html` class="danger"` : ''}>${label}</button></form>`;
}

function layout(title: string, d: DeskContext | null, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Broadsheet desk</title>
<link rel="stylesheet" href="/desk/assets/desk.css"><script src="/desk/assets/desk.js" defer></script></head>
<body><header class="bar"><a class="brand" href="/desk">Broadsheet desk</a>
${d
  ? html`<nav><a href="/desk">Editions</a><a href="/desk/schedules">Schedules</a><a href="/desk/sponsors">Sponsors</a>${d.scope === 'admin' ? html`<a href="/desk/queues">Queues</a>` : ''}<a href="/api/openapi.json">API</a>
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

const statusBadge = (s: EditionStatus) => html`<span class="status s-${s}">${s.replace(/_/g, ' ')}</span>`;
const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

export function deskHome(d: DeskContext, data: { editions: EditionSummary[]; lists: { slug: string; name: string; active: number }[]; feeds: Record<string, string> }): string {
  const firstFeed = data.lists.map((l) => data.feeds[l.slug]).find(Boolean) ?? '';
  const f = new FormValues(d, 'new-edition');
  const options = (name: string, choices: [string, string][], stored: string) =>
    choices.map(([value, label]) => html`<option value="${value}"${f.selected(name, value, value === stored)}>${label}</option>`);
  return layout(
    'Editions',
    d,
    html`<section class="card"><h1>New edition from the feed</h1>
<form method="post" action="/desk/editions" class="grid">${csrfField(d)}${f.field()}
<label>List <select name="list" required>${options('list', data.lists.map((l) => [l.slug, `${l.name} (${l.active} readers)`]), data.lists[0]?.slug ?? '')}</select></label>
<label>Feed URL <input type="url" name="feed" required value="${f.value('feed', firstFeed)}" placeholder="https://news.example/feed/"></label>
<label>Lead <select name="lead">${options('lead', [['newest', 'newest story'], ['most-commented', 'most commented'], ['first', "feed's first"]], 'newest')}</select></label>
<label>Teasers <input type="number" name="teasers" min="0" max="30" value="${f.value('teasers', 8)}"></label>
<label>Layout <select name="layout">${options('layout', [['', "the list's own"], ...LAYOUTS.map((l): [string, string] => [l, l])], '')}</select></label>
<label>Only stories from the last <select name="since">${options('since', [['24', '24 hours'], ['48', '2 days'], ['168', '7 days'], ['', 'any time']], '24')}</select></label>
<button type="submit">Build draft</button></form>
<p class="muted">Stories already sent to the list in the last 14 days are left out. You choose the lead and teasers on the next page.</p></section>
<section class="card"><h2>Editions</h2>
${data.editions.length
  ? html`<table><thead><tr><th>Subject</th><th>List</th><th>Date</th><th>Status</th><th>Recipients</th><th>Send at</th></tr></thead><tbody>
${data.editions.map((e) => html`<tr><td><a href="/desk/editions/${e.id}">${e.subject}</a></td><td>${e.listSlug}</td><td>${e.editionDate}</td><td>${statusBadge(e.status)}</td><td class="num">${e.recipients}</td><td>${when(e.sendAt)}</td></tr>`)}
</tbody></table>`
  : html`<p class="muted">No editions yet.</p>`}</section>`,
  );
}

function progressPanel(id: string, p: EditionProgress): SafeHtml {
  const done = p.sent + p.failed + p.skipped;
  const live = !isFinal(p.status) && p.status !== 'draft';
  return html`<section class="card" id="progress" data-url="/desk/editions/${id}/progress.json" data-live="${live ? '1' : '0'}" data-status="${p.status}">
<h2>Progress</h2>
<progress max="${Math.max(p.recipients, 1)}" value="${done}" aria-label="emails done"></progress>
<dl class="stats">
<div><dt>Status</dt><dd data-field="status">${p.status.replace(/_/g, ' ')}</dd></div>
<div><dt>Recipients</dt><dd data-field="recipients">${p.recipients}</dd></div>
<div><dt>Sent</dt><dd data-field="sent">${p.sent}</dd></div>
<div><dt>Failed</dt><dd data-field="failed">${p.failed}</dd></div>
<div><dt>Skipped</dt><dd data-field="skipped">${p.skipped}</dd></div>
<div><dt>Pending</dt><dd data-field="pending">${p.pending}</dd></div>
<div><dt>Rate</dt><dd><span data-field="ratePerSecond">${p.ratePerSecond}</span>/s</dd></div>
<div><dt>ETA</dt><dd data-field="eta">${formatEta(p.etaSeconds)}</dd></div>
</dl>
${p.waitingFrom ? html`<p class="muted">Waiting for readers' local time: next batch ${when(p.waitingFrom)}, last ${when(p.waitingUntil)}.</p>` : ''}
${p.reason && !p.parkedBatches ? html`<p class="muted">Reason: ${p.reason}</p>` : ''}</section>`;
}

/** Parked batches and the operator's two answers, per batch, once they have looked in the provider's logs. */
function parkedPanel(d: DeskContext, e: Edition, parked: readonly ParkedBatch[]): SafeHtml {
  const base = `/desk/editions/${e.id}/settle`;
  return html`<section class="card attention" id="parked"><h2>Held for you: ${parked.length} parked batch${parked.length === 1 ? '' : 'es'}</h2>
<p>The provider may or may not have sent these, and sending them again blindly could mail readers twice. Look each idempotency key up in the provider's logs (Resend: Emails, filter by tag <code>edition</code> = <code>${e.id}</code>), then say what you found.</p>
<table><thead><tr><th>Batch</th><th>Readers</th><th>Idempotency key</th><th>Why</th><th></th></tr></thead><tbody>
${parked.map(
  (b) => html`<tr><td class="num" data-label="Batch">${b.seq}</td><td class="num" data-label="Readers">${b.readers}</td><td data-label="Key"><code>${b.idempotencyKey}</code></td><td data-label="Why">${b.reason ?? ''}</td>
<td class="settle">${settleButton(d, base, b, 'sent', 'It went out')} ${settleButton(d, base, b, 'resend', 'It did not: resend')}</td></tr>`,
)}
</tbody></table></section>`;
}

function settleButton(d: DeskContext, action: string, b: ParkedBatch, as: 'sent' | 'resend', label: string): SafeHtml {
  const confirm = as === 'sent' ? `Mark the ${b.readers} readers of batch ${b.seq} as sent?` : `Send batch ${b.seq} to its ${b.readers} readers again, under a new key?`;
  return html`<form method="post" action="${action}" class="inline" data-confirm="${confirm}">${csrfField(d)}<input type="hidden" name="batch" value="${b.id}"><input type="hidden" name="as" value="${as}"><button type="submit">${label}</button></form>`;
}

function composeForm(d: DeskContext, e: Edition, pool: readonly Article[]): SafeHtml {
  const teaserPos = new Map(e.content.teasers.map((t, i) => [t.id, i + 1]));
  const f = new FormValues(d, 'compose');
  return html`<section class="card"><h2>Compose</h2>
<form method="post" action="/desk/editions/${e.id}/save">${csrfField(d)}${f.field()}
<label>Subject <input type="text" name="subject" value="${f.value('subject', e.subject)}" maxlength="300" required></label>
<label>Preheader <input type="text" name="preheader" value="${f.value('preheader', e.preheader)}" maxlength="300"></label>
<label>Editor's note <textarea name="note" rows="3" maxlength="2000">${f.value('note', e.content.note)}</textarea></label>
<label>Layout <select name="layout">${LAYOUTS.map((l) => html`<option value="${l}"${f.selected('layout', l, l === e.layout)}>${l === 'grid' ? 'grid (hero and two-column cards, MJML)' : 'classic (one column)'}</option>`)}</select></label>
<table class="stories"><caption>Stories: choose the lead, tick the teasers and number their order (or use ↑ ↓)</caption>
<thead><tr><th>Lead</th><th>Teaser</th><th>Order</th><th>Story</th><th>Comments</th><th></th></tr></thead><tbody>
${pool.map((a, i) => {
  const isLead = a.id === e.content.lead.id;
  const pos = teaserPos.get(a.id);
  return html`<tr class="${isLead ? 'lead' : pos ? 'teaser' : 'spare'}" data-story="${a.id}">
<td><input type="radio" name="lead" value="${i}" aria-label="lead: ${a.headline}"${f.checked('lead', String(i), isLead)}></td>
<td><input type="checkbox" name="teaser" value="${i}" aria-label="teaser: ${a.headline}"${f.checked('teaser', String(i), Boolean(pos))}></td>
<td><input type="number" name="order_${i}" value="${f.value(`order_${i}`, pos)}" min="1" max="99" class="order" aria-label="order of ${a.headline}"></td>
<td><strong>${a.headline}</strong>${a.access === 'paid' ? html` <span class="tag">paid</span>` : ''}<br><span class="muted">${[a.section, a.publishedAt.slice(0, 16).replace('T', ' '), a.image ? null : 'no image'].filter(Boolean).join(' · ')}</span>
${a.image?.altMissing ? html`<label class="alt-missing">The feed gave this picture no alt text, so it goes out as decorative. Describe it: <input type="text" name="alt_${i}" value="${f.value(`alt_${i}`, '')}" maxlength="500" placeholder="What the picture shows"></label>` : ''}</td>
<td class="num">${a.commentCount}</td>
<td class="moves">${pos ? html`<button type="submit" name="move" value="${i}:up" aria-label="move ${a.headline} up">↑</button><button type="submit" name="move" value="${i}:down" aria-label="move ${a.headline} down">↓</button>` : ''}</td></tr>`;
})}
</tbody></table>
<button type="submit">Save draft</button></form></section>`;
}

function readOnlyStories(e: Edition): SafeHtml {
  return html`<section class="card"><h2>Stories</h2><ol class="plain"><li><strong>Lead:</strong> ${e.content.lead.headline}</li>${e.content.teasers.map((t) => html`<li>${t.headline}</li>`)}</ol></section>`;
}

function sendForms(d: DeskContext, e: Edition, defaultZone: string): SafeHtml {
  const t = new FormValues(d, 'test-send');
  const s = new FormValues(d, 'schedule');
  return html`<section class="card"><h2>Test send</h2>
<form method="post" action="/desk/editions/${e.id}/test-send" class="grid">${csrfField(d)}${t.field()}
<label>To <input type="text" name="to" required value="${t.value('to', '')}" placeholder="editor@newsroom.example, …"></label>
<label>As a <select name="tier"><option value="free">free reader</option><option value="paid"${t.selected('tier', 'paid', false)}>paid reader</option></select></label>
<button type="submit">Send test</button></form><p class="muted">Subject prefixed [TEST]; links unsubscribe nobody; no delivery is recorded.</p></section>
<section class="card"><h2>Schedule</h2>
<form method="post" action="/desk/editions/${e.id}/schedule" class="grid">${csrfField(d)}${s.field()}
<fieldset><legend>When</legend>
<label class="choice"><input type="radio" name="when" value="now"${s.checked('when', 'now', true)}> Now</label>
<label class="choice"><input type="radio" name="when" value="at"${s.checked('when', 'at', false)}> At <input type="datetime-local" name="at" value="${s.value('at', '')}" aria-label="send at (local date and time)"></label>
<label class="choice"><input type="radio" name="when" value="local"${s.checked('when', 'local', false)}> At <input type="time" name="localTime" value="${s.value('localTime', '07:00')}" aria-label="local time"> in each reader's own time zone</label>
</fieldset>
<label>Time zone (for "at", and for readers without one) <input type="text" name="timezone" list="zones" value="${s.value('timezone', defaultZone)}" required></label>
<datalist id="zones">${TIME_ZONES.map((z) => html`<option value="${z}">`)}</datalist>
<button type="submit">Schedule</button></form><p class="muted">The pre-send checks run first: size under Gmail's clip, plain text, unsubscribe link, postal address, subject and preheader.</p></section>`;
}

function statusActions(d: DeskContext, e: Edition, p: EditionProgress): SafeHtml {
  const base = `/desk/editions/${e.id}`;
  const buttons: SafeHtml[] = [];
  if (e.status === 'scheduled') buttons.push(actionButton(d, `${base}/unschedule`, 'Unschedule (back to draft)'));
  if (['scheduled', 'preparing', 'sending'].includes(e.status)) buttons.push(actionButton(d, `${base}/pause`, 'Pause'));
  if (e.status === 'paused') buttons.push(actionButton(d, `${base}/resume`, 'Resume'));
  if ((e.status === 'sent_with_failures' || e.status === 'incomplete') && p.failed > 0) buttons.push(actionButton(d, `${base}/retry-failed`, 'Retry failed'));
  if (['draft', 'scheduled', 'paused', 'preparing', 'sending'].includes(e.status)) {
    buttons.push(actionButton(d, `${base}/cancel`, 'Cancel edition', { danger: true, confirm: 'Cancel this edition for good?' }));
  }
  return buttons.length ? html`<div class="actions">${buttons}</div>` : html``;
}

export interface PreviewChoice {
  width: '600' | '375' | 'text';
  tier: 'free' | 'paid';
}

function previewPanel(e: Edition, p: PreviewChoice): SafeHtml {
  const link = (width: string, tier: string, label: string, current: boolean) =>
    html`<a href="/desk/editions/${e.id}?w=${width}&tier=${tier}#preview" class="${current ? 'on' : ''}" aria-current="${current ? 'true' : 'false'}">${label}</a>`;
  const src = `/desk/editions/${e.id}/preview?tier=${p.tier}&format=${p.width === 'text' ? 'text' : 'html'}`;
  return html`<section class="card" id="preview"><h2>Preview</h2>
<div class="toolbar"><span>Width</span>${link('600', p.tier, 'Desktop 600', p.width === '600')}${link('375', p.tier, 'Phone 375', p.width === '375')}${link('text', p.tier, 'Plain text', p.width === 'text')}
<span>Reader</span>${link(p.width, 'free', 'Free', p.tier === 'free')}${link(p.width, 'paid', 'Paid', p.tier === 'paid')}</div>
<iframe title="preview: ${p.tier} reader, ${p.width === 'text' ? 'plain text' : p.width + ' px'}" src="${src}" class="preview w-${p.width}" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe></section>`;
}

function statsPanel(s: EditionStats): SafeHtml {
  const rows: [string, number][] = [['Recipients', s.recipients], ['Submitted', s.submitted], ['Delivered', s.delivered], ['Bounced', s.bounced], ['Complained', s.complained], ['Opened', s.opened], ['Clicked', s.clicked], ['Unsubscribed', s.unsubscribed]];
  return html`<section class="card"><h2>After sending</h2><dl class="stats">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl><p class="muted">From the provider's webhooks; readers, not events.</p></section>`;
}

export function editionPage(
  d: DeskContext,
  data: { edition: Edition; progress: EditionProgress; stats: EditionStats | null; pool: readonly Article[]; preview: PreviewChoice; defaultZone: string; parked: ParkedBatch[] },
): string {
  const e = data.edition;
  const local = e.deliverLocalTime ? html` at ${e.deliverLocalTime} in each reader's time zone (else ${e.fallbackTimezone})` : '';
  return layout(
    e.subject,
    d,
    html`<p class="crumbs"><a href="/desk">Editions</a> › ${e.listName} · ${e.editionDate} · ${e.layout} layout</p>
<h1>${e.subject} ${statusBadge(e.status)}</h1>
${e.sendAt && e.status !== 'draft' ? html`<p class="muted">${e.status === 'scheduled' ? 'Sends from' : 'Sending began'} ${when(e.sendAt)}${local}.</p>` : ''}
${statusActions(d, e, data.progress)}
${e.status === 'draft' ? html`` : progressPanel(e.id, data.progress)}
${data.parked.length ? parkedPanel(d, e, data.parked) : ''}
<div class="columns"><div>
${e.status === 'draft' ? composeForm(d, e, data.pool) : readOnlyStories(e)}
${e.status === 'draft' ? sendForms(d, e, data.defaultZone) : ''}
${data.stats ? statsPanel(data.stats) : ''}
</div><div>${previewPanel(e, data.preview)}</div></div>`,
  );
}

export function schedulesPage(d: DeskContext, data: { schedules: Schedule[]; lists: { slug: string; name: string }[] }): string {
  const bySlug = new Map(data.schedules.map((s) => [s.listSlug, s]));
  return layout(
    'Schedules',
    d,
    html`<h1>Recurring digests</h1>
${data.lists.map((l) => {
  const s = bySlug.get(l.slug);
  const f = new FormValues(d, `schedule:${l.slug}`);
  return html`<section class="card"><h2>${l.name}</h2>
${s?.lastRunAt ? html`<p class="muted">Last run ${when(s.lastRunAt)}${s.lastEditionId ? html` → <a href="/desk/editions/${s.lastEditionId}">edition</a>` : ''}${s.lastError ? html`: <span class="error-text">${s.lastError}</span>` : ''}</p>` : ''}
<form method="post" action="/desk/schedules/${l.slug}" class="grid">${csrfField(d)}${f.field()}
<label>Every day at <input type="time" name="at" value="${f.value('at', s?.at ?? '07:00')}" required></label>
<label>Time zone <input type="text" name="timezone" list="zones" value="${f.value('timezone', s?.timezone ?? 'UTC')}" required></label>
<label>Feed URL <input type="url" name="feed" value="${f.value('feed', s?.feed)}" required></label>
<label>Teasers <input type="number" name="teasers" min="0" max="30" value="${f.value('teasers', s?.teasers ?? 8)}"></label>
<label class="choice"><input type="checkbox" name="approve" value="1"${f.checked('approve', '1', Boolean(s?.approve))}> Leave a draft for an editor to approve</label>
<label class="choice"><input type="checkbox" name="readerTimezone" value="1"${f.checked('readerTimezone', '1', Boolean(s?.readerTimezone))}> Deliver at that time in each reader's own time zone</label>
<button type="submit">${s ? 'Update schedule' : 'Set schedule'}</button></form>
${s ? actionButton(d, `/desk/schedules/${l.slug}/remove`, 'Stop this schedule', { danger: true, confirm: 'Stop the recurring digest?' }) : ''}</section>`;
})}
<datalist id="zones">${TIME_ZONES.map((z) => html`<option value="${z}">`)}</datalist>`,
  );
}

export function sponsorsPage(d: DeskContext, data: { lists: { slug: string; name: string; sponsors: Sponsor[] }[]; today: string }): string {
  return layout(
    'Sponsors',
    d,
    html`<h1>Sponsors</h1>
<p class="muted">A booking shows, labelled "Sponsored · name", in every edition of the list dated from its first to its last day; one booking per slot per day. Its links carry utm_content=sponsor-tag.</p>
${data.lists.map(
  (l) => {
    const f = new FormValues(d, `sponsor:${l.slug}`);
    return html`<section class="card"><h2>${l.name}</h2>
${l.sponsors.length
  ? html`<table><thead><tr><th>Days</th><th>Placement</th><th>Sponsor</th><th>Headline</th><th></th></tr></thead><tbody>
${l.sponsors.map(
  (s) => html`<tr><td>${s.startsOn} – ${s.endsOn}${s.endsOn < data.today ? html` <span class="muted">(over)</span>` : s.startsOn <= data.today ? html` <span class="tag">running</span>` : ''}</td><td>${s.placement}</td><td>${s.name}</td><td><a href="${s.url}" rel="noopener noreferrer">${s.headline}</a></td>
<td>${actionButton(d, `/desk/sponsors/${s.id}/remove`, 'Cancel', { danger: true, confirm: `Cancel the booking of ${s.name}?` })}</td></tr>`,
)}</tbody></table>`
  : html`<p class="muted">No bookings.</p>`}
<form method="post" action="/desk/lists/${l.slug}/sponsors" class="grid">${csrfField(d)}${f.field()}
<label>Sponsor <input type="text" name="name" required maxlength="100" value="${f.value('name', '')}"></label>
<label>Headline <input type="text" name="headline" required maxlength="200" value="${f.value('headline', '')}"></label>
<label>Link <input type="url" name="url" required value="${f.value('url', '')}"></label>
<label>Link text <input type="text" name="cta" maxlength="40" value="${f.value('cta', 'Learn more')}"></label>
<label>Body <input type="text" name="body" maxlength="600" value="${f.value('body', '')}"></label>
<label>From <input type="date" name="startsOn" required value="${f.value('startsOn', '')}"></label>
<label>To <input type="date" name="endsOn" required value="${f.value('endsOn', '')}"></label>
<label>Placement <select name="placement">${['after-lead', ...[1, 2, 3, 4, 5, 6].map((n) => `after-teaser-${n}`)].map(
      (p) => html`<option value="${p}"${f.selected('placement', p, p === 'after-lead')}>${p === 'after-lead' ? 'after the lead' : `after teaser ${p.slice(13)}`}</option>`,
    )}</select></label>
<label>Tag (utm_content) <input type="text" name="tag" required pattern="[a-z0-9][a-z0-9-]*" placeholder="banco-dic" value="${f.value('tag', '')}"></label>
<label>Image URL <input type="url" name="imageSrc" value="${f.value('imageSrc', '')}"></label>
<label>Image alt text <input type="text" name="imageAlt" maxlength="500" value="${f.value('imageAlt', '')}"></label>
<button type="submit">Book sponsor</button></form></section>`;
  },
)}`,
  );
}

export function deskErrorPage(d: DeskContext | null, status: number, message: string): string {
  return layout('Error', d, html`<section class="card narrow"><h1>${status === 404 ? 'Not found' : 'That did not work'}</h1><p>${message}</p><p><a href="/desk">Back to the desk</a></p></section>`);
}
