import type { EditionStats } from '../../editions/edition-service.ts';
import type { Edition } from '../../editions/edition.ts';
import { storyUrlOf } from '../../webhooks/click-analysis.ts';
import { html, type SafeHtml } from '../html.ts';

/**
 * An edition's report: its stories ranked by the readers who clicked them, and a
 * map of the email (lead, then teasers, in the order readers saw them) shaded by
 * those clicks. Server-rendered SVG: no script, no library, readable as a table.
 */
export function clickReport(e: Edition, s: EditionStats): SafeHtml {
  const byUrl = new Map(s.stories.map((x) => [x.url, x]));
  const slots = [e.content.lead, ...e.content.teasers].map((a, i) => ({
    label: i === 0 ? 'Lead' : `Teaser ${i}`,
    headline: a.headline,
    section: a.section ?? null,
    readers: byUrl.get(storyUrlOf(a.url) ?? '')?.uniqueClicks ?? 0,
    clicks: byUrl.get(storyUrlOf(a.url) ?? '')?.clicks ?? 0,
  }));
  const most = Math.max(1, ...s.stories.map((x) => x.uniqueClicks));
  const rate = (n: number) => (s.submitted ? `${((n / s.submitted) * 100).toFixed(1)} %` : '—');
  return html`<section class="card" id="report" aria-labelledby="report-title"><h2 id="report-title">What readers clicked</h2>
<p>${s.clicked} reader${s.clicked === 1 ? '' : 's'} clicked a story (${rate(s.clicked)} of those sent).${s.scannerClicks ? ` ${s.scannerClicks} click${s.scannerClicks === 1 ? '' : 's'} by link scanners left out.` : ''}</p>
${s.stories.length
  ? html`<table class="report"><caption class="sr-only">Stories by readers who clicked them</caption>
<thead><tr><th scope="col">Story</th><th scope="col">Where</th><th scope="col" class="num">Readers</th><th scope="col" class="num">Clicks</th><th scope="col" aria-hidden="true"></th></tr></thead>
<tbody>${s.stories.map(
      (x) => html`<tr><th scope="row">${x.headline ?? x.url}${x.section ? html` <span class="muted">${x.section}</span>` : ''}</th><td>${x.position}</td><td class="num">${x.uniqueClicks}</td><td class="num">${x.clicks}</td>
<td class="share-bar" aria-hidden="true"><svg viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="10"><rect width="${Math.round((x.uniqueClicks / most) * 100)}" height="10" class="bar-fill"/></svg></td></tr>`,
    )}</tbody></table>`
  : html`<p class="muted">No story clicked yet: clicks arrive with the provider's webhooks.</p>`}
${emailMap(slots, most)}
<p class="muted">Opened by ${s.opened} (${s.opensNote}).</p></section>`;
}

/** The email as boxes in reading order, each shaded by how many readers clicked its story. */
function emailMap(slots: { label: string; headline: string; section: string | null; readers: number; clicks: number }[], most: number): SafeHtml {
  const W = 320;
  let y = 8;
  const boxes = slots.map((slot, i) => {
    const h = i === 0 ? 64 : 40;
    const box = { ...slot, y, h, share: slot.readers / most };
    y += h + 6;
    return box;
  });
  const short = (t: string) => (t.length > 44 ? `${t.slice(0, 43)}…` : t);
  return html`<figure class="email-map"><svg viewBox="0 0 ${W} ${y + 2}" width="${W}" role="img" aria-labelledby="map-title"><title id="map-title">Readers who clicked each story, where it sat in the email</title>
${boxes.map(
    (b) => html`<g><rect x="8" y="${b.y}" width="${W - 16}" height="${b.h}" rx="3" class="map-box" fill-opacity="${(0.06 + b.share * 0.4).toFixed(2)}"/>
<text x="16" y="${b.y + 16}" class="map-label">${b.label}${b.section ? ` · ${b.section}` : ''}</text>
<text x="16" y="${b.y + 31}" class="map-headline">${short(b.headline)}</text>
<text x="${W - 16}" y="${b.y + 16}" text-anchor="end" class="map-count">${b.readers} reader${b.readers === 1 ? '' : 's'}</text></g>`,
  )}</svg><figcaption class="muted">The email in reading order; the darker a story, the more readers clicked it.</figcaption></figure>`;
}

/** A subject test's two subjects side by side: sent, readers who clicked, the rate; then which won and why, or when it decides. */
export function subjectTestPanel(s: EditionStats): SafeHtml | string {
  const t = s.subjectTest;
  if (!t) return '';
  const row = (name: 'A' | 'B', r: NonNullable<EditionStats['subjectTest']>['a'], won: boolean) =>
    html`<tr${won ? html` class="won"` : ''}><th scope="row">${name}${won ? ' (won)' : ''}</th><td>${r.subject}</td><td class="num">${r.sent}</td><td class="num">${r.uniqueClickers}</td><td class="num">${(r.rate * 100).toFixed(1)} %</td></tr>`;
  return html`<section class="card" id="subject-test" aria-labelledby="subject-test-title"><h2 id="subject-test-title">Subject test</h2>
<table><thead><tr><th scope="col"></th><th scope="col">Subject</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Clicked</th><th scope="col" class="num">Rate</th></tr></thead>
<tbody>${row('A', t.a, t.winner === 'a')}${row('B', t.b, t.winner === 'b')}</tbody></table>
<p>${t.decision ? t.decision : html`Decides at ${new Date(t.decideAt).toISOString().replace('T', ' ').slice(0, 16)} UTC; the rest get the subject more readers clicked.`}</p>
<p class="muted">${t.share} % of readers were in the test.</p></section>`;
}
