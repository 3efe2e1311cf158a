import type { Article } from '../../content/article.ts';
import { formatEta, type EditionProgress, type EditionStats, type EditionSummary } from '../../editions/edition-service.ts';
import { isFinal } from '../../editions/edition-status.ts';
import type { Edition } from '../../editions/edition.ts';
import type { ParkedBatch } from '../../delivery/settle-parked.ts';
import { LAYOUTS } from '../../rendering/layouts.ts';
import { html, type SafeHtml } from '../html.ts';
import { actionButton, csrfField, FormValues, layout, statusBadge, TIME_ZONES, when, type DeskContext } from './desk-layout.ts';

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
