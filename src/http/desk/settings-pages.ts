import type { Schedule } from '../../scheduling/schedules.ts';
import type { Sponsor } from '../../sponsors/sponsor.ts';
import { html } from '../html.ts';
import { actionButton, csrfField, FormValues, layout, TIME_ZONES, when, type DeskContext } from './desk-layout.ts';

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
