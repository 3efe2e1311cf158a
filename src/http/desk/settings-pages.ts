import type { Schedule } from '../../scheduling/schedules.ts';
import type { Sponsor } from '../../sponsors/sponsor.ts';
import { LANGUAGES } from '../../i18n/reader-copy.ts';
import type { List } from '../../subscribers/lists.ts';
import type { ListSection } from '../../subscribers/list-sections.ts';
import type { HealthReport } from '../../subscribers/list-health.ts';
import { html } from '../html.ts';
import { actionButton, csrfField, FormValues, layout, when, zoneSelect, type DeskContext } from './desk-layout.ts';

const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { en: 'English', es: 'Español' };

/** A list's sections and who chose them; readers pick among them on the sign-up, preference and unsubscribe pages. */
function sectionsTable(sections: ListSection[], slug: string) {
  if (!sections.length) return html`<p class="muted">No sections yet: they come from the stories' sections as editions are made (or <code>broadsheet lists sections ${slug} --add …</code>).</p>`;
  return html`<table class="audience"><caption>Sections readers choose among</caption><thead><tr><th scope="col">Section</th><th scope="col" class="num">Readers who chose it</th></tr></thead>
<tbody>${sections.map((s) => html`<tr><th scope="row">${s.name}</th><td class="num">${s.readers}</td></tr>`)}</tbody></table>`;
}

/** Each list: what its sign-up page says, where its paywall links go, its zone and its language. Admins change them. */
export function listsPage(
  d: DeskContext,
  data: {
    lists: (List & { active: number })[];
    sections: ReadonlyMap<number, ListSection[]>;
    /** What today's list health run would do. */
    health: HealthReport;
    publicUrl: string;
    /** What a list without its own sender and footer uses (EMAIL_FROM, PUBLISHER_NAME, PUBLISHER_ADDRESS). */
    defaults: { from: string; name: string; postalAddress: string };
  },
): string {
  const admin = d.scope === 'admin';
  return layout(
    'Lists',
    d,
    html`<h1>Lists</h1>
${admin ? '' : html`<p class="muted">An admin token can change these.</p>`}
<section class="card" id="health" aria-labelledby="health-title"><h2 id="health-title">List health today</h2>
<ul><li>${data.health.softBounced} address(es) would be suppressed for repeated soft bounces</li><li>${data.health.asked} reader(s) who stopped clicking would be asked whether to keep receiving their list</li><li>${data.health.inactive} reader(s) who did not answer would leave as inactive</li></ul>
<p class="muted">A worker does this once a day (<code>broadsheet lists health --dry-run</code> shows the same). Opens are not counted: only clicks.</p></section>
${data.lists.map((l) => {
  const f = new FormValues(d, `list-${l.slug}`);
  const id = (name: string) => `list-${l.slug}-${name}`;
  return html`<section class="card" aria-labelledby="${id('title')}"><h2 id="${id('title')}">${l.name} <span class="count">${l.active} readers</span></h2>
<p class="muted">Sign-up page: <a href="${data.publicUrl}/subscribe/${l.slug}">${data.publicUrl}/subscribe/${l.slug}</a> · <a href="/desk/lists/${l.slug}/trends">Trends</a></p>
<form method="post" action="/desk/lists/${l.slug}" class="grid">${csrfField(d)}${f.field()}
<div class="field"><label for="${id('name')}">Name</label><input type="text" id="${id('name')}" name="name" required maxlength="200" value="${f.value('name', l.name)}"${f.invalid('name')}${admin ? '' : html` disabled`}>${f.error('name')}</div>
<div class="field wide"><label for="${id('description')}">On its sign-up page</label><input type="text" id="${id('description')}" name="description" maxlength="500" value="${f.value('description', l.description)}" placeholder="The day’s most important stories, every morning."${admin ? '' : html` disabled`}></div>
<div class="field wide"><label for="${id('paidUrl')}">Paywall link (“Subscribe to read”, “Become a paid subscriber”)</label><input type="url" id="${id('paidUrl')}" name="paidUrl" value="${f.value('paidUrl', l.paidUrl)}" placeholder="the sign-up page, when empty"${f.invalid('paidUrl')}${admin ? '' : html` disabled`}>${f.error('paidUrl')}</div>
${zoneSelect('timezone', f.value('timezone', l.timezone), { id: id('timezone'), label: 'Time zone its times are shown in' })}
<div class="field"><label for="${id('language')}">Language of its emails and reader pages</label><select id="${id('language')}" name="language"${admin ? '' : html` disabled`}>${[...new Set<string>([...LANGUAGES, l.language])].map((code) => html`<option value="${code}"${f.selected('language', code, code === l.language)}>${LANGUAGE_NAMES[code as keyof typeof LANGUAGE_NAMES] ?? code}</option>`)}</select></div>
<div class="field wide"><label for="${id('emailFrom')}">From (the sender readers see)</label><input type="text" id="${id('emailFrom')}" name="emailFrom" maxlength="320" value="${f.value('emailFrom', l.emailFrom)}" placeholder="${data.defaults.from}"${f.invalid('emailFrom')}${admin ? '' : html` disabled`}>${f.error('emailFrom')}</div>
<div class="field wide"><label for="${id('replyTo')}">Reply-To</label><input type="text" id="${id('replyTo')}" name="replyTo" maxlength="320" value="${f.value('replyTo', l.replyTo)}" placeholder="none: replies go to the From address"${f.invalid('replyTo')}${admin ? '' : html` disabled`}>${f.error('replyTo')}</div>
<div class="field"><label for="${id('publisherName')}">Publisher in the footer</label><input type="text" id="${id('publisherName')}" name="publisherName" maxlength="200" value="${f.value('publisherName', l.publisherName)}" placeholder="${data.defaults.name}"${admin ? '' : html` disabled`}></div>
<div class="field wide"><label for="${id('postalAddress')}">Postal address in the footer</label><input type="text" id="${id('postalAddress')}" name="postalAddress" maxlength="300" value="${f.value('postalAddress', l.postalAddress)}" placeholder="${data.defaults.postalAddress}"${admin ? '' : html` disabled`}></div>
${admin ? html`<button type="submit">Save ${l.name}</button>` : ''}</form>
${sectionsTable(data.sections.get(l.id) ?? [], l.slug)}</section>`;
})}`,
  );
}

/** Monday first, as newsrooms plan their week. */
const WEEK = [['mon', 'Mon'], ['tue', 'Tue'], ['wed', 'Wed'], ['thu', 'Thu'], ['fri', 'Fri'], ['sat', 'Sat'], ['sun', 'Sun']] as const;
const SINCE = [['24', '24 hours'], ['48', '2 days'], ['72', '3 days'], ['168', '7 days (a weekly roundup)']] as const;

export function schedulesPage(d: DeskContext, data: { schedules: Schedule[]; lists: { slug: string; name: string; timezone: string }[] }): string {
  const bySlug = new Map(data.schedules.map((s) => [s.listSlug, s]));
  return layout(
    'Schedules',
    d,
    html`<h1>Recurring digests</h1>
${data.lists.map((l) => {
  const s = bySlug.get(l.slug);
  const f = new FormValues(d, `schedule-${l.slug}`);
  const id = (name: string) => `schedule-${l.slug}-${name}`;
  return html`<section class="card" aria-labelledby="${id('title')}"><h2 id="${id('title')}">${l.name}</h2>
${s?.lastRunAt ? html`<p class="muted">Last run ${when(s.lastRunAt)}${s.lastEditionId ? html` → <a href="/desk/editions/${s.lastEditionId}">edition</a>` : ''}${s.lastError ? html`: <span class="error-text">${s.lastError}</span>` : ''}</p>` : ''}
<form method="post" action="/desk/schedules/${l.slug}" class="grid">${csrfField(d)}${f.field()}
<fieldset class="field wide days"><legend>On</legend>${WEEK.map(([value, label], i) => html`<label class="choice"><input type="checkbox" name="days" value="${value}"${f.checked('days', value, !s?.days || s.days.includes((i + 1) % 7))}> ${label}</label>`)}${f.error('days')}</fieldset>
<div class="field"><label for="${id('at')}">At</label><input type="time" id="${id('at')}" name="at" value="${f.value('at', s?.at ?? '07:00')}" required${f.invalid('at')}>${f.error('at')}</div>
${zoneSelect('timezone', f.value('timezone', s?.timezone ?? l.timezone), { id: id('timezone'), label: 'Time zone' })}
<div class="field wide"><label for="${id('feed')}">Feed URL</label><input type="url" id="${id('feed')}" name="feed" value="${f.value('feed', s?.feed)}" required${f.invalid('feed')}>${f.error('feed')}</div>
<div class="field"><label for="${id('sinceHours')}">Stories from the last</label><select id="${id('sinceHours')}" name="sinceHours">${SINCE.map(([hours, label]) => html`<option value="${hours}"${f.selected('sinceHours', hours, String(s?.sinceHours ?? 24) === hours)}>${label}</option>`)}</select></div>
<div class="field"><label for="${id('teasers')}">Teasers</label><input type="number" id="${id('teasers')}" name="teasers" min="0" max="30" value="${f.value('teasers', s?.teasers ?? 8)}"></div>
<label class="choice"><input type="checkbox" name="approve" value="1"${f.checked('approve', '1', Boolean(s?.approve))}> <span>Leave a draft for an editor to approve</span></label>
<label class="choice"><input type="checkbox" name="readerTimezone" value="1"${f.checked('readerTimezone', '1', Boolean(s?.readerTimezone))}> <span>Deliver at that time in each reader's own time zone</span></label>
<button type="submit">${s ? 'Update schedule' : 'Set schedule'}</button></form>
${s ? actionButton(d, `/desk/schedules/${l.slug}/remove`, 'Stop this schedule', { danger: true, confirm: 'Stop the recurring digest?' }) : ''}</section>`;
})}`,
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
