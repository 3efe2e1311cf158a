import { minimumReaders } from '../../editions/subject-test.ts';
import type { Article } from '../../content/article.ts';
import type { ParkedBatch } from '../../delivery/settle-parked.ts';
import type { Audience } from '../../editions/audience.ts';
import type { followNotes } from '../../editions/draft-changes.ts';
import { formatEta, type EditionProgress, type EditionStats, type EditionSummary } from '../../editions/edition-service.ts';
import { isFinal } from '../../editions/edition-status.ts';
import type { Edition } from '../../editions/edition.ts';
import type { PresendReview } from '../../editions/presend-review.ts';
import { LAYOUTS } from '../../rendering/layouts.ts';
import type { Check } from '../../rendering/presend-checks.ts';
import { relativeTime, wallClock } from '../../scheduling/local-time.ts';
import { html, type SafeHtml } from '../html.ts';
import { addStoryForms, audiencePanel, composeForm, previewPanel, sendForms, type PreviewChoice } from './composer-page.ts';
import type { SectionAudience } from '../../editions/edition-variants.ts';
import { clickReport, subjectTestPanel } from './click-report.ts';
import { historyPanel } from './audit-pages.ts';
import type { AuditEntry } from '../../security/audit-log.ts';
import { actionButton, csrfField, FormValues, layout, statusBadge, type DeskContext } from './desk-layout.ts';

export type { PreviewChoice };

/** A feed with nothing fresh: how many were sent already or too old, and the editor's ways on. */
export interface NoStories {
  inFeed: number;
  alreadySent: number;
  tooOld: number;
  stories: readonly { headline: string; reason: string }[];
  /** What to post again with the editor's choice (the feed URL, or a stashed upload). */
  resend: Record<string, string>;
}

function noStoriesPanel(d: DeskContext, n: NoStories): SafeHtml {
  const again = (label: string, extra: Record<string, string>) =>
    html`<form method="post" action="/desk/editions" class="inline">${csrfField(d)}${Object.entries({ ...n.resend, ...extra }).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button type="submit">${label}</button></form>`;
  return html`<section class="card attention" id="no-stories" aria-labelledby="no-stories-title"><h2 id="no-stories-title">Nothing new in the feed</h2>
<p>The feed has ${n.inFeed} stor${n.inFeed === 1 ? 'y' : 'ies'}: ${[n.alreadySent ? `${n.alreadySent} already sent to this list in the last 14 days` : '', n.tooOld ? `${n.tooOld} older than the time window` : ''].filter(Boolean).join(', and ')}.</p>
<ul class="plain">${n.stories.slice(0, 12).map((st) => html`<li>${st.headline} <span class="muted">(${st.reason})</span></li>`)}${n.stories.length > 12 ? html`<li class="muted">and ${n.stories.length - 12} more</li>` : ''}</ul>
<div class="actions">${n.alreadySent ? again('Use them anyway, sent or not', { includeSent: '1', since: '' }) : ''}${n.tooOld ? again('Take older stories too', { since: '' }) : ''}</div>
<p class="muted">Or add stories by hand once the draft exists, or try another feed below.</p></section>`;
}

export function deskHome(d: DeskContext, data: { editions: EditionSummary[]; lists: { slug: string; name: string; active: number }[]; feeds: Record<string, string>; noStories?: NoStories }): string {
  const firstFeed = data.lists.map((l) => data.feeds[l.slug]).find(Boolean) ?? '';
  const f = new FormValues(d, 'new-edition');
  const options = (name: string, choices: [string, string][], stored: string) =>
    choices.map(([value, label]) => html`<option value="${value}"${f.selected(name, value, value === stored)}>${label}</option>`);
  return layout(
    'Editions',
    d,
    html`<h1>Editions</h1>
${data.noStories ? noStoriesPanel(d, data.noStories) : ''}
<section class="card" aria-labelledby="new-title"><h2 id="new-title">New edition from a feed</h2>
<form method="post" action="/desk/editions" enctype="multipart/form-data" class="grid">${csrfField(d)}${f.field()}
<div class="field wide"><label for="new-edition-list">List</label><select id="new-edition-list" name="list" required>${options('list', data.lists.map((l) => [l.slug, `${l.name} (${l.active} readers)`]), data.lists[0]?.slug ?? '')}</select></div>
<div class="field wide"><label for="new-edition-feed">Feed URL</label><input type="url" id="new-edition-feed" name="feed" value="${f.value('feed', firstFeed)}" placeholder="https://news.example/feed/"${f.invalid('feed')}>${f.error('feed')}</div>
<div class="field wide"><label for="new-edition-feedFile">…or a feed file</label><input type="file" id="new-edition-feedFile" name="feedFile" accept=".xml,.rss,.atom,.json,application/rss+xml,application/atom+xml,application/feed+json,application/xml,text/xml"></div>
<div class="field"><label for="new-edition-lead">Lead</label><select id="new-edition-lead" name="lead">${options('lead', [['newest', 'the newest story'], ['most-commented', 'the most commented'], ['first', "the feed's first"]], 'newest')}</select></div>
<div class="field"><label for="new-edition-teasers">Teasers</label><input type="number" id="new-edition-teasers" name="teasers" min="0" max="30" value="${f.value('teasers', 8)}"></div>
<div class="field"><label for="new-edition-layout">Layout</label><select id="new-edition-layout" name="layout">${options('layout', [['', "the list's own"], ...LAYOUTS.map((l): [string, string] => [l, l])], '')}</select></div>
<div class="field"><label for="new-edition-since">Only stories from the last</label><select id="new-edition-since" name="since">${options('since', [['24', '24 hours'], ['48', '2 days'], ['168', '7 days'], ['', 'any time']], '24')}</select></div>
${f.error('form')}<button type="submit">Build draft</button></form>
<p class="muted">Stories already sent to the list in the last 14 days are left out. You choose the lead and teasers, and can add any story, on the next page.</p></section>
<section class="card" aria-labelledby="list-title"><h2 id="list-title">All editions</h2>
${data.editions.length
  ? html`<table class="editions"><thead><tr><th scope="col">Subject</th><th scope="col">List</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col" class="num">Recipients</th><th scope="col">Sends</th></tr></thead><tbody>
${data.editions.map(
  (e) =>
    html`<tr><td data-label="Subject"><a href="/desk/editions/${e.id}">${e.subject}</a></td><td data-label="List">${e.listSlug}</td><td data-label="Date">${e.editionDate}</td><td data-label="Status">${statusBadge(e.status)}</td><td class="num" data-label="Recipients">${e.recipients || '—'}</td><td data-label="Sends">${e.sendAt ? wallClock(e.sendAt, e.listTimezone) : '—'}</td></tr>`,
)}
</tbody></table>`
  : html`<p class="muted">No editions yet: build one from the feed above.</p>`}</section>`,
  );
}

const inZones = (at: Date, zones: string[]) => {
  const seen = new Set<string>();
  return zones.filter((z) => z && !seen.has(z) && seen.add(z));
};

/** The moment in the list's zone, then the other zones that matter, then UTC. */
function timeRows(at: Date, zones: { zone: string; label: string }[]): SafeHtml {
  const unique = inZones(at, zones.map((z) => z.zone));
  return html`<dl class="times">${unique.map((z) => html`<div><dt>${zones.find((x) => x.zone === z)!.label}</dt><dd>${wallClock(at, z)} <span class="muted">${z}</span></dd></div>`)}${unique.includes('UTC') ? '' : html`<div><dt>UTC</dt><dd>${wallClock(at, 'UTC')}</dd></div>`}</dl>`;
}

function progressPanel(e: Edition, p: EditionProgress, now: Date): SafeHtml {
  const done = p.sent + p.failed + p.skipped;
  const live = !isFinal(p.status) && p.status !== 'draft';
  const zone = e.listTimezone;
  if (p.expected && p.status === 'scheduled') {
    return html`<section class="card" id="progress" data-url="/desk/editions/${e.id}/progress.json" data-live="1" data-status="${p.status}" aria-labelledby="progress-title">
<h2 id="progress-title">Scheduled</h2>
${p.sendAt ? html`<p class="lede">Starts ${wallClock(p.sendAt, zone)} <span class="muted">(${zone}, ${relativeTime(p.sendAt, now)})</span>${e.deliverLocalTime ? html`, then at ${e.deliverLocalTime} in each reader's own zone` : ''}.</p>${timeRows(p.sendAt, [{ zone, label: "List's zone" }])}` : ''}
<dl class="stats"><div><dt>Expected readers</dt><dd>${p.expected.readers}</dd></div><div><dt>Free</dt><dd>${p.expected.free}</dd></div><div><dt>Paid</dt><dd>${p.expected.paid}</dd></div></dl>
<p class="muted">The readers are counted again when it starts: who joins or leaves before then is included or left out.</p></section>`;
  }
  const finished = isFinal(p.status);
  const duration = p.startedAt && p.finishedAt ? Math.max(1, Math.round((new Date(p.finishedAt).getTime() - new Date(p.startedAt).getTime()) / 1000)) : null;
  return html`<section class="card" id="progress" data-url="/desk/editions/${e.id}/progress.json" data-live="${live ? '1' : '0'}" data-status="${p.status}" aria-labelledby="progress-title">
<h2 id="progress-title">${finished ? 'Sent' : 'Progress'}</h2>
<progress max="${Math.max(p.recipients, 1)}" value="${done}" aria-label="emails done"></progress>
<dl class="stats">
<div><dt>Status</dt><dd data-field="status">${p.status.replace(/_/g, ' ')}</dd></div>
<div><dt>Recipients</dt><dd data-field="recipients">${p.recipients}</dd></div>
<div><dt>Sent</dt><dd data-field="sent">${p.sent}</dd></div>
<div><dt>Failed</dt><dd data-field="failed">${p.failed}</dd></div>
<div><dt>Skipped</dt><dd data-field="skipped">${p.skipped}</dd></div>
<div><dt>Pending</dt><dd data-field="pending">${p.pending}</dd></div>
<div><dt>${finished ? 'Average rate' : 'Rate'}</dt><dd><span data-field="ratePerSecond">${p.ratePerSecond}</span>/s</dd></div>
${finished ? html`<div><dt>Took</dt><dd>${duration === null ? '—' : formatEta(duration)}</dd></div>` : html`<div><dt>Time left</dt><dd data-field="eta">${formatEta(p.etaSeconds)}</dd></div>`}
</dl>
${p.startedAt ? html`<p class="muted">Started ${wallClock(new Date(p.startedAt), zone)}${p.finishedAt ? html`, finished ${wallClock(new Date(p.finishedAt), zone)}` : ''} (${zone}).</p>` : ''}
${p.waitingFrom ? html`<p class="muted">Waiting for readers' local time: the next batch ${wallClock(p.waitingFrom, zone)}, the last ${p.waitingUntil ? wallClock(p.waitingUntil, zone) : '—'} (${zone}).</p>` : ''}
${p.reason && !p.parkedBatches ? html`<p class="reason">${p.reason}</p>` : ''}</section>`;
}

/** Parked batches and the operator's two answers, per batch, once they have looked in the provider's logs. */
function parkedPanel(d: DeskContext, e: Edition, parked: readonly ParkedBatch[]): SafeHtml {
  const base = `/desk/editions/${e.id}/settle`;
  return html`<section class="card attention" id="parked" aria-labelledby="parked-title"><h2 id="parked-title">Held for you: ${parked.length} parked batch${parked.length === 1 ? '' : 'es'}</h2>
<p>The provider may or may not have sent these, and sending them again blindly could mail readers twice. Look each idempotency key up in the provider's logs (Resend: Emails, filter by tag <code>edition</code> = <code>${e.id}</code>), then say what you found.</p>
<table><thead><tr><th scope="col">Batch</th><th scope="col">Readers</th><th scope="col">Idempotency key</th><th scope="col">Why</th><th scope="col"><span class="sr-only">Decide</span></th></tr></thead><tbody>
${parked.map(
  (b) => html`<tr><td class="num" data-label="Batch">${b.seq}</td><td class="num" data-label="Readers">${b.readers}</td><td data-label="Key"><code>${b.idempotencyKey}</code></td><td data-label="Why">${b.reason ?? ''}</td>
<td class="settle">${settleButton(d, base, b, 'sent', 'It went out')} ${settleButton(d, base, b, 'resend', 'It did not: resend')}</td></tr>`,
)}
</tbody></table></section>`;
}

function settleButton(d: DeskContext, action: string, b: ParkedBatch, as: 'sent' | 'resend', label: string): SafeHtml {
  const confirm = as === 'sent' ? `Mark the ${b.readers} readers of batch ${b.seq} as sent?` : `Send batch ${b.seq} to its ${b.readers} readers again, under a new key?`;
  return html`<form method="post" action="${action}" class="inline" data-confirm="${confirm}">${csrfField(d)}<input type="hidden" name="batch" value="${b.id}"><input type="hidden" name="as" value="${as}"><button type="submit" aria-label="${label} (batch ${b.seq})">${label}</button></form>`;
}

function readOnlyStories(e: Edition): SafeHtml {
  return html`<section class="card" aria-labelledby="stories-title"><h2 id="stories-title">Stories</h2><ol class="plain"><li><strong>Lead:</strong> ${e.content.lead.headline}</li>${e.content.teasers.map((t) => html`<li>${t.headline}</li>`)}</ol></section>`;
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

function statsPanel(s: EditionStats): SafeHtml {
  const rows: [string, number][] = [['Recipients', s.recipients], ['Submitted', s.submitted], ['Delivered', s.delivered], ['Bounced', s.bounced], ['Complained', s.complained], ['Opened', s.opened], ['Clicked', s.clicked], ['Unsubscribed', s.unsubscribed]];
  return html`<section class="card" aria-labelledby="after-title"><h2 id="after-title">After sending</h2><dl class="stats">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl><p class="muted">From the provider's webhooks; readers, not events.</p></section>`;
}

export function editionPage(
  d: DeskContext,
  data: {
    edition: Edition;
    progress: EditionProgress;
    stats: EditionStats | null;
    pool: readonly Article[];
    preview: PreviewChoice;
    parked: ParkedBatch[];
    notes: ReturnType<typeof followNotes>;
    audience: SectionAudience | null;
    history: AuditEntry[];
    now: Date;
  },
): string {
  const e = data.edition;
  const crumbs = html`<p class="crumbs"><a href="/desk">Editions</a> › ${e.listName} · ${e.editionDate} · ${e.layout} layout</p>`;
  if (e.status === 'draft') {
    return layout(
      e.subject,
      d,
      html`${crumbs}<div class="title-row"><h1><span class="sr-only">Draft: </span>${e.subject}</h1>${statusBadge(e.status)}${statusActions(d, e, data.progress)}</div>
<div class="composer"><div class="compose-col">
${composeForm(d, e, data.pool, data.notes)}
${addStoryForms(d, e)}
${sendForms(d, e)}
${historyPanel(data.history)}
</div><div class="preview-col">${previewPanel(e, data.preview, { live: true, audience: data.audience })}${data.audience ? audiencePanel(data.audience) : ''}</div></div>`,
      { wide: true },
    );
  }
  return layout(
    e.subject,
    d,
    html`${crumbs}<div class="title-row"><h1>${e.subject}</h1>${statusBadge(e.status)}</div>
${statusActions(d, e, data.progress)}
${progressPanel(e, data.progress, data.now)}
${data.parked.length ? parkedPanel(d, e, data.parked) : ''}
${data.stats ? subjectTestPanel(data.stats) : ''}
${data.stats && data.stats.submitted ? clickReport(e, data.stats) : ''}
<div class="columns"><div>${readOnlyStories(e)}${data.stats ? statsPanel(data.stats) : ''}${historyPanel(data.history)}</div><div>${previewPanel(e, data.preview, { live: false, audience: data.audience })}${data.audience ? audiencePanel(data.audience) : ''}</div></div>`,
    { wide: true },
  );
}

/** How the editor chose to send: now, at an instant, or at a local time in each reader's zone. */
export interface SendPlan {
  when: 'now' | 'at' | 'local';
  /** `at`: the instant; `local`: the first reader's local time comes from here (now). */
  at: Date | null;
  /** As typed in the form (`2026-12-01T07:00`), carried to the confirmation. */
  atText: string;
  localTime: string;
  timezone: string;
  /** A subject test, when the editor asked for one. */
  test: { subjectB: string; share: number; decideAfter: string } | null;
}

const mark = (c: Check) => (c.status === 'pass' ? '✓' : c.status === 'warn' ? '!' : '✗');
const checkItem = (c: Check) =>
  html`<li class="check ${c.status}"><span class="mark" aria-hidden="true">${mark(c)}</span><span><span class="sr-only">${c.status === 'pass' ? 'Passed' : c.status === 'warn' ? 'Worth a look' : 'Failed'}: </span><strong>${c.label}</strong> <span class="detail">${c.detail}</span></span></li>`;

/**
 * The review before anything goes to readers: the pre-send checklist, the audience
 * by tier (and by zone for local delivery), the time in the list's zone, the
 * editor's and UTC; then one button naming the list and the count. A failed check
 * leaves the button off.
 */
export function reviewPage(
  d: DeskContext,
  data: { edition: Edition; review: PresendReview; audience: Audience; plan: SendPlan; editorZone: string | null; localRows: { zone: string; readers: number; at: Date | null }[]; now: Date },
): string {
  const { edition: e, review, audience, plan } = data;
  // A subject test the list is too small for, or with local-hour delivery, is refused here already, saying why.
  const testProblem = !plan.test
    ? null
    : plan.when === 'local'
      ? "A subject test and delivery at each reader's local hour cannot go together: the two halves would be read at different hours."
      : audience.readers < minimumReaders(plan.test.share)
        ? `A subject test needs at least 100 readers per subject: ${minimumReaders(plan.test.share)} readers at a ${plan.test.share} % share; this list has ${audience.readers}.`
        : plan.test.subjectB.trim() === e.subject
          ? 'Subject B is the same as the subject: give a different one to test.'
          : null;
  const failed = review.problems.length > 0 || testProblem !== null;
  const nobody = audience.readers === 0;
  const zones = [{ zone: e.listTimezone, label: "List's zone" }, { zone: plan.timezone, label: 'Chosen zone' }, ...(data.editorZone ? [{ zone: data.editorZone, label: 'Your zone' }] : [])];
  const who = `${audience.readers} reader${audience.readers === 1 ? '' : 's'} of ${e.listName}`;
  const button = plan.when === 'now' ? `Send now to ${who}` : plan.when === 'at' ? `Schedule for ${who}` : `Schedule for ${who}, at ${plan.localTime} their time`;
  return layout(
    `Review: ${e.subject}`,
    d,
    html`<p class="crumbs"><a href="/desk">Editions</a> › <a href="/desk/editions/${e.id}">${e.subject}</a> › Review</p>
<h1>Review before sending</h1>
<div class="columns review"><div>
<section class="card" aria-labelledby="checks-title"><h2 id="checks-title">Checks</h2>
<ul class="checklist">${review.content.map(checkItem)}</ul>
${review.variants.map((v) => html`<h3>${v.tier === 'free' ? 'Free readers' : 'Paid readers'}' email</h3><ul class="checklist">${v.checks.map(checkItem)}</ul>`)}
</section>
</div><div>
<section class="card" aria-labelledby="audience-title"><h2 id="audience-title">Audience</h2>
<p class="lede">${audience.readers} reader${audience.readers === 1 ? '' : 's'} on ${e.listName}</p>
<dl class="stats"><div><dt>Free</dt><dd>${audience.free}</dd></div><div><dt>Paid</dt><dd>${audience.paid}</dd></div></dl>
${plan.when === 'local'
  ? html`<table class="zones"><caption>At ${plan.localTime} in each reader's zone (readers without one: ${plan.timezone})</caption><thead><tr><th scope="col">Zone</th><th scope="col" class="num">Readers</th><th scope="col">Sends (UTC)</th></tr></thead><tbody>
${data.localRows.map((r) => html`<tr><td>${r.zone}</td><td class="num">${r.readers}</td><td>${r.at ? wallClock(r.at, 'UTC') : '—'}</td></tr>`)}</tbody></table>`
  : ''}
<p class="muted">Counted now; readers who join or leave before it starts are included or left out.</p></section>
<section class="card" aria-labelledby="when-title"><h2 id="when-title">When</h2>
${plan.when === 'now'
  ? html`<p class="lede">As soon as you confirm.</p>${timeRows(data.now, zones)}`
  : plan.when === 'at' && plan.at
    ? html`<p class="lede">${wallClock(plan.at, e.listTimezone)} in the list's zone, ${relativeTime(plan.at, data.now)}.</p>${timeRows(plan.at, zones)}`
    : html`<p class="lede">At ${plan.localTime} in each reader's own zone, starting ${data.localRows[0]?.at ? relativeTime(data.localRows.reduce((a, r) => (r.at && (!a || r.at < a) ? r.at : a), null as Date | null)!, data.now) : 'soon'}.</p>`}
${data.editorZone || plan.when === 'local' ? '' : html`<p class="muted" data-local-time-hint data-instant="${(plan.at ?? data.now).toISOString()}">Your own zone shows here with JavaScript on.</p>`}
</section>
${plan.test
  ? html`<section class="card" aria-labelledby="subject-test-title"><h2 id="subject-test-title">Subject test</h2>
<p class="lede">${plan.test.share} % of readers (about ${Math.round((audience.readers * plan.test.share) / 100)}) get one of two subjects; ${plan.test.decideAfter} after sending starts, the one more readers clicked goes to everyone else.</p>
<dl class="stats"><div><dt>A</dt><dd>${e.subject}</dd></div><div><dt>B</dt><dd>${plan.test.subjectB}</dd></div></dl>
${testProblem ? html`<p class="flash error" role="alert">${testProblem}</p>` : html`<p class="muted">Ties go to A. It needs at least ${minimumReaders(plan.test.share)} readers at this share.</p>`}</section>`
  : ''}
<section class="card confirm" aria-labelledby="confirm-title"><h2 id="confirm-title">Confirm</h2>
${review.problems.length ? html`<p class="flash error" role="alert">Fix the failed checks first: ${review.problems.length} problem${review.problems.length === 1 ? '' : 's'}. <a href="/desk/editions/${e.id}">Back to the draft</a></p>` : ''}
${nobody ? html`<p class="flash error" role="alert">Nobody would receive it: the list has no active readers.</p>` : ''}
<form method="post" action="/desk/editions/${e.id}/schedule">${csrfField(d)}<input type="hidden" name="_form" value="schedule">
<input type="hidden" name="when" value="${plan.when}"><input type="hidden" name="at" value="${plan.atText}"><input type="hidden" name="localTime" value="${plan.localTime}"><input type="hidden" name="timezone" value="${plan.timezone}"><input type="hidden" name="expected" value="${audience.readers}">
${plan.test ? html`<input type="hidden" name="subjectB" value="${plan.test.subjectB}"><input type="hidden" name="testShare" value="${plan.test.share}"><input type="hidden" name="decideAfter" value="${plan.test.decideAfter}">` : ''}
<button type="submit" class="primary big"${failed || nobody ? html` disabled` : ''}>${button}</button>
<a class="button secondary" href="/desk/editions/${e.id}">Back to the draft</a></form>
</section>
</div></div>`,
    { wide: true },
  );
}
