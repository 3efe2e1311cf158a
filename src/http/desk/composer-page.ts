import type { SectionAudience } from '../../editions/edition-variants.ts';
import type { Article } from '../../content/article.ts';
import type { Edition } from '../../editions/edition.ts';
import type { followNotes } from '../../editions/draft-changes.ts';
import { LAYOUTS } from '../../rendering/layouts.ts';
import { html, type SafeHtml } from '../html.ts';
import { storyKey } from './compose-form.ts';
import { csrfField, FormValues, zoneSelect, type DeskContext } from './desk-layout.ts';

/**
 * The composer: subject, preheader, note and layout; the edition's stories (lead,
 * then teasers in reading order) and the others it could take, as cards with
 * their picture, section, time and comments; ways to add a story; test and send.
 * Works as a plain form; desk.js adds drag and drop, keyboard moves, a live
 * preview of unsaved changes and saving without leaving the page.
 */

export interface PreviewChoice {
  width: '600' | '375' | 'text';
  tier: 'free' | 'paid';
  /** As a reader who chose these sections (keys); empty is every section. */
  sections: string[];
}

type Notes = ReturnType<typeof followNotes>;

const published = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function storyCard(f: FormValues, a: Article, role: 'lead' | 'teaser' | 'spare', position: number | null): SafeHtml {
  const i = storyKey(a.id);
  const facts = [a.section, published(a.publishedAt), `${a.commentCount} comment${a.commentCount === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
  return html`<li class="story ${role}" data-key="${i}" data-role="${role}" data-headline="${a.headline}">
${a.image ? html`<img class="thumb" src="${a.image.src}" alt="" loading="lazy" width="96" height="64">` : html`<span class="thumb none" aria-hidden="true"></span>`}
<div class="story-body">
<p class="facts">${role === 'lead' ? html`<span class="role">Lead</span> ` : role === 'teaser' ? html`<span class="role">Teaser <span data-position>${position}</span></span> ` : ''}${a.access === 'paid' ? html`<span class="tag">paid</span> ` : ''}${facts}</p>
<p class="headline"><a href="${a.url}" target="_blank" rel="noopener noreferrer">${a.headline}</a></p>
${a.dek ? html`<p class="dek">${a.dek}</p>` : ''}
${a.image?.altMissing
  ? html`<label class="alt-missing">This picture has no alt text, so it goes out as decorative. Describe it: <input type="text" name="alt_${i}" value="${f.value(`alt_${i}`, '')}" maxlength="500" placeholder="What the picture shows"></label>`
  : ''}
</div>
<div class="story-controls">
<label class="choice"><input type="radio" name="lead" value="${i}"${f.checked('lead', String(i), role === 'lead')}> Lead</label>
<label class="choice"><input type="checkbox" name="teaser" value="${i}"${f.checked('teaser', String(i), role === 'teaser')}> Teaser</label>
<label class="order">Position <input type="number" name="order_${i}" value="${f.value(`order_${i}`, position)}" min="1" max="99" inputmode="numeric"></label>
${role === 'teaser'
  ? html`<span class="moves"><button type="submit" name="move" value="${i}:up" class="icon" aria-label="Move “${a.headline}” up">↑</button><button type="submit" name="move" value="${i}:down" class="icon" aria-label="Move “${a.headline}” down">↓</button></span>`
  : ''}
<span class="handle" aria-hidden="true" title="Drag to reorder">⠿</span>
</div></li>`;
}

function followField(f: FormValues, name: 'subject' | 'preheader', label: string, value: string, note: string, stale: boolean, follows: boolean): SafeHtml {
  return html`<div class="field" data-follow="${name}">
<label for="compose-${name}">${label}</label>
<input type="text" id="compose-${name}" name="${name}" value="${f.value(name, value)}" maxlength="300" data-follows="${follows ? '1' : '0'}"${name === 'subject' ? html` required` : ''}${f.invalid(name)}>
${f.error(name)}
<p class="follow-note${stale ? ' stale' : ''}" id="compose-${name}-note" data-note="${name}">${note}${follows ? '' : html` <button type="submit" name="${name}FollowsLead" value="1" class="link">Use the lead's ${name === 'subject' ? 'headline' : 'stories'} again</button>`}</p>
</div>`;
}

function storiesSection(f: FormValues, e: Edition, pool: readonly Article[]): SafeHtml {
  const teaserPos = new Map(e.content.teasers.map((t, i) => [t.id, i + 1]));
  const lineup = [e.content.lead, ...e.content.teasers];
  const spares = pool.filter((a) => a.id !== e.content.lead.id && !teaserPos.has(a.id));
  return html`<section class="card" aria-labelledby="lineup-title">
<h2 id="lineup-title">Stories in this edition</h2>
<p class="muted" id="lineup-help">The lead first, then the teasers in the order readers see them. Drag a story by its handle, or use its ↑ ↓ buttons; tick “Teaser” on a story below to add it.</p>
${f.error('stories')}
<ol class="stories lineup" id="lineup" aria-describedby="lineup-help">${lineup.map((a) => storyCard(f, a, a.id === e.content.lead.id ? 'lead' : 'teaser', teaserPos.get(a.id) ?? null))}</ol>
<p class="sr-only" aria-live="polite" id="lineup-status"></p>
</section>
<section class="card" aria-labelledby="pool-title">
<h2 id="pool-title">More stories <span class="count">${spares.length}</span></h2>
${spares.length
  ? html`<ul class="stories pool" id="pool">${spares.map((a) => storyCard(f, a, 'spare', null))}</ul>`
  : html`<ul class="stories pool" id="pool"></ul><p class="muted">No other stories: add one below.</p>`}
</section>`;
}

export function composeForm(d: DeskContext, e: Edition, pool: readonly Article[], notes: Notes): SafeHtml {
  const f = new FormValues(d, 'compose');
  return html`<form method="post" action="/desk/editions/${e.id}/save" id="compose" class="composer-form" data-edition="${e.id}" novalidate>${csrfField(d)}${f.field()}
${f.error('form')}
<section class="card" aria-labelledby="words-title"><h2 id="words-title">Subject and words</h2>
${followField(f, 'subject', 'Subject', e.subject, notes.subject, notes.stale.subject, e.subjectLead === null)}
${followField(f, 'preheader', 'Preheader (the inbox preview line)', e.preheader, notes.preheader, notes.stale.preheader, e.preheaderLead === null)}
<div class="field"><label for="compose-note">Editor's note</label>
<textarea id="compose-note" name="note" rows="3" maxlength="2000"${f.invalid('note')}>${f.value('note', e.content.note)}</textarea>${f.error('note')}</div>
<div class="field"><label for="compose-layout">Layout</label>
<select id="compose-layout" name="layout">${LAYOUTS.map((l) => html`<option value="${l}"${f.selected('layout', l, l === e.layout)}>${l === 'grid' ? 'Grid: a hero and two-column cards' : 'Classic: one column'}</option>`)}</select></div>
</section>
${storiesSection(f, e, pool)}
<div class="savebar"><button type="submit">Save draft</button><span class="save-state" id="save-state" role="status" aria-live="polite"></span><a class="button secondary" href="#send">Review and send ↓</a></div>
</form>`;
}

/** Three ways to add a story to "More stories": its page's URL, typed by hand, or a feed file. */
export function addStoryForms(d: DeskContext, e: Edition): SafeHtml {
  const u = new FormValues(d, 'story-url');
  const h = new FormValues(d, 'story-hand');
  const fe = new FormValues(d, 'story-feed');
  const action = `/desk/editions/${e.id}/stories`;
  return html`<section class="card" id="add-story" aria-labelledby="add-title"><h2 id="add-title">Add a story</h2>
<form method="post" action="${action}" class="inline-form" data-add-story>${csrfField(d)}${u.field()}<input type="hidden" name="mode" value="url">
<div class="field"><label for="story-url-url">From its page: paste the story's link</label>
<div class="with-button"><input type="url" id="story-url-url" name="url" required placeholder="https://news.example/2026/11/story/" value="${u.value('url', '')}"${u.invalid('url')}><button type="submit">Add</button></div>
${u.error('url')}${u.error('form')}</div>
<p class="muted">Headline, dek, picture and its alt text, section and date come from the page's Open Graph and JSON-LD.</p></form>
<details${d.posted?._form === 'story-hand' ? html` open` : ''}><summary>Write one by hand</summary>
<form method="post" action="${action}" class="grid" data-add-story>${csrfField(d)}${h.field()}<input type="hidden" name="mode" value="hand">
<div class="field"><label for="story-hand-headline">Headline</label><input type="text" id="story-hand-headline" name="headline" required maxlength="300" value="${h.value('headline', '')}"${h.invalid('headline')}>${h.error('headline')}</div>
<div class="field"><label for="story-hand-url">Link</label><input type="url" id="story-hand-url" name="url" required value="${h.value('url', '')}"${h.invalid('url')}>${h.error('url')}</div>
<div class="field wide"><label for="story-hand-dek">Dek</label><input type="text" id="story-hand-dek" name="dek" maxlength="600" value="${h.value('dek', '')}"${h.invalid('dek')}>${h.error('dek')}</div>
<div class="field"><label for="story-hand-section">Section</label><input type="text" id="story-hand-section" name="section" maxlength="100" value="${h.value('section', '')}"></div>
<div class="field"><label for="story-hand-access">Who can read it</label><select id="story-hand-access" name="access"><option value="free">everyone</option><option value="paid"${h.selected('access', 'paid', false)}>paid subscribers</option></select></div>
<div class="field"><label for="story-hand-imageSrc">Picture URL</label><input type="url" id="story-hand-imageSrc" name="imageSrc" value="${h.value('imageSrc', '')}"${h.invalid('imageSrc')}>${h.error('imageSrc')}</div>
<div class="field"><label for="story-hand-imageAlt">What the picture shows (alt text)</label><input type="text" id="story-hand-imageAlt" name="imageAlt" maxlength="500" value="${h.value('imageAlt', '')}"${h.invalid('imageAlt')}>${h.error('imageAlt')}</div>
${h.error('form')}<button type="submit">Add story</button></form></details>
<details${d.posted?._form === 'story-feed' ? html` open` : ''}><summary>From a feed file</summary>
<form method="post" action="${action}" enctype="multipart/form-data" class="inline-form" data-add-story>${csrfField(d)}${fe.field()}<input type="hidden" name="mode" value="feed">
<div class="field"><label for="story-feed-file">An RSS, Atom or JSON Feed file (up to 5 MB)</label>
<div class="with-button"><input type="file" id="story-feed-file" name="feedFile" required accept=".xml,.rss,.atom,.json,application/rss+xml,application/atom+xml,application/feed+json,application/xml,text/xml"${fe.invalid('feed')}><button type="submit">Add its stories</button></div>
${fe.error('feed')}${fe.error('form')}</div></form></details>
</section>`;
}

/** Test copies, then the way to readers: choose when, and review before anything goes. */
export function sendForms(d: DeskContext, e: Edition): SafeHtml {
  const t = new FormValues(d, 'test-send');
  return html`<section class="card" aria-labelledby="test-title"><h2 id="test-title">Send a test</h2>
<form method="post" action="/desk/editions/${e.id}/test-send" class="grid">${csrfField(d)}${t.field()}
<div class="field"><label for="test-send-to">To</label><input type="text" id="test-send-to" name="to" required value="${t.value('to', '')}" placeholder="editor@newsroom.example, …" autocomplete="email"${t.invalid('to')}>${t.error('to')}${t.error('form')}</div>
<div class="field"><label for="test-send-tier">As a</label><select id="test-send-tier" name="tier"><option value="free">free reader</option><option value="paid"${t.selected('tier', 'paid', false)}>paid reader</option></select></div>
<button type="submit">Send test</button></form><p class="muted">The subject is marked [TEST]; its links unsubscribe nobody; no delivery is recorded.</p></section>
<section class="card" id="send" aria-labelledby="send-title"><h2 id="send-title">Send to readers</h2>
<form method="get" action="/desk/editions/${e.id}/review" class="send-form">
<fieldset><legend>When</legend>
<label class="choice"><input type="radio" name="when" value="now" checked> As soon as I confirm</label>
<label class="choice"><input type="radio" name="when" value="at"> At <input type="datetime-local" name="at" aria-label="date and time to send, in the zone below"> in the zone below</label>
<label class="choice"><input type="radio" name="when" value="local"> At <input type="time" name="localTime" value="07:00" aria-label="local time in each reader's zone"> in each reader's own time zone (the zone below for readers without one)</label>
</fieldset>
${zoneSelect('timezone', e.listTimezone, { id: 'send-timezone', label: `Time zone (the list's is ${e.listTimezone})` })}
<details class="subject-test"><summary>Test a second subject</summary>
<div class="field"><label for="send-subject-b">Subject B</label><input type="text" id="send-subject-b" name="subjectB" maxlength="300" placeholder="another way to say it"></div>
<div class="grid"><div class="field"><label for="send-test-share">Readers in the test (%)</label><input type="number" id="send-test-share" name="testShare" min="2" max="50" value="20"></div>
<div class="field"><label for="send-decide-after">Choose the winner after</label><select id="send-decide-after" name="decideAfter"><option value="1h">1 hour</option><option value="2h" selected>2 hours</option><option value="4h">4 hours</option></select></div></div>
<p class="muted">Half the test gets the subject above, half subject B; the one more readers click goes to everyone else.</p></details>
<button type="submit">Review…</button></form>
<p class="muted">Nothing goes to readers from here: the next page shows the checks, the audience and the time, then asks you to confirm.</p></section>`;
}

export function previewPanel(e: Edition, p: PreviewChoice, opts: { live: boolean; audience: SectionAudience | null }): SafeHtml {
  const chosen = p.sections.join(',');
  const withSections = chosen ? `&sections=${encodeURIComponent(chosen)}` : '';
  const link = (width: string, tier: string, label: string, current: boolean) =>
    html`<a href="/desk/editions/${e.id}?w=${width}&tier=${tier}${withSections}#preview" class="${current ? 'on' : ''}" aria-current="${current ? 'true' : 'false'}" data-width="${width}" data-tier="${tier}">${label}</a>`;
  const src = `/desk/editions/${e.id}/preview?tier=${p.tier}&format=${p.width === 'text' ? 'text' : 'html'}${withSections}`;
  const sections = opts.audience?.sections ?? [];
  return html`<section class="card preview-card" id="preview" aria-labelledby="preview-title" data-width="${p.width}" data-tier="${p.tier}" data-sections="${chosen}"${opts.live ? html` data-live-preview="/desk/editions/${e.id}/draft-preview"` : ''}>
<h2 id="preview-title">Preview</h2>
<div class="toolbar" role="group" aria-label="Preview width"><span>Width</span>${link('600', p.tier, 'Desktop 600', p.width === '600')}${link('375', p.tier, 'Phone 375', p.width === '375')}${link('text', p.tier, 'Plain text', p.width === 'text')}</div>
<div class="toolbar" role="group" aria-label="Preview reader"><span>Reader</span>${link(p.width, 'free', 'Free', p.tier === 'free')}${link(p.width, 'paid', 'Paid', p.tier === 'paid')}</div>
${sections.length
  ? html`<form method="get" action="/desk/editions/${e.id}#preview" class="toolbar sections-choice"><input type="hidden" name="w" value="${p.width}"><input type="hidden" name="tier" value="${p.tier}">
<fieldset><legend>As a reader of</legend>${sections.map((s) => html`<label class="choice"><input type="checkbox" name="sections" value="${s.key}"${p.sections.includes(s.key) ? html` checked` : ''}> ${s.name}</label>`)}</fieldset>
<button type="submit" class="secondary">Show</button><span class="muted">${p.sections.length ? '' : 'every section'}</span></form>`
  : ''}
<p class="muted preview-state" id="preview-state" role="status">${opts.live ? 'Shows the saved draft; changes you make show here within a second.' : ''}</p>
<iframe title="Preview for a ${p.tier} reader${p.sections.length ? ` of ${p.sections.join(', ')}` : ''}, ${p.width === 'text' ? 'plain text' : `${p.width} px wide`}" src="${src}" class="preview w-${p.width}" id="preview-frame" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe></section>`;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Who gets what: readers per section, and how many readers each teaser reaches. */
export function audiencePanel(a: SectionAudience): SafeHtml | string {
  if (!a.sections.length) return '';
  const share = (n: number) => (a.readers ? `${Math.round((n / a.readers) * 100)} %` : '—');
  return html`<section class="card" id="audience" aria-labelledby="audience-title"><h2 id="audience-title">Who gets what</h2>
<p>${count(a.readers, 'reader')}: ${a.everything} get every story, the rest chose sections. ${count(a.digests, 'different digest')} go out, each rendered once.</p>
<table class="audience"><caption class="sr-only">Readers per section</caption><thead><tr><th scope="col">Section</th><th scope="col" class="num">Readers who chose it</th></tr></thead>
<tbody>${a.sections.map((s) => html`<tr><th scope="row">${s.name}</th><td class="num">${s.readers}</td></tr>`)}</tbody></table>
<table class="audience"><caption class="sr-only">How many readers each teaser reaches</caption><thead><tr><th scope="col">Teaser</th><th scope="col">Section</th><th scope="col" class="num">Reaches</th></tr></thead>
<tbody>${a.teasers.map((t) => html`<tr><th scope="row">${t.headline}</th><td>${t.section ?? 'none (everyone)'}</td><td class="num">${t.readers} (${share(t.readers)})</td></tr>`)}</tbody></table>
<p class="muted">The lead reaches every reader. A reader whose sections have no teaser today gets them all.</p></section>`;
}
