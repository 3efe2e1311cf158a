import type { ListTrends } from '../../subscribers/list-trends.ts';
import { html, type SafeHtml } from '../html.ts';
import { barChart, lineChart } from './charts.ts';
import { layout, type DeskContext } from './desk-layout.ts';

const PERIODS = [7, 30, 90, 365];
const percent = (n: number) => `${(n * 100).toFixed(1)} %`;
const short = (day: string) => day.slice(5);

/** A chart and, folded under it, its numbers: what a screen reader (or a spreadsheet) wants. */
function figure(id: string, title: string, chart: SafeHtml, head: string[], rows: (string | number)[][]): SafeHtml {
  return html`<section class="card" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${chart}
<details><summary>The numbers</summary><table><thead><tr>${head.map((h, i) => html`<th scope="col"${i ? html` class="num"` : ''}>${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((v, i) => (i ? html`<td class="num">${v}</td>` : html`<th scope="row">${v}</th>`))}</tr>`)}</tbody></table></details></section>`;
}

/** A list's trends: daily readers, each edition's click rate and unsubscribes, and growth (joins against leaves). */
export function trendsPage(d: DeskContext, name: string, t: ListTrends, days: number): string {
  const leaves = (l: Record<string, number>) => Object.values(l).reduce((a, b) => a + b, 0);
  const reasons = [...new Set(t.days.flatMap((x) => Object.keys(x.leaves)))].sort();
  return layout(
    `${name}: trends`,
    d,
    html`<p class="crumbs"><a href="/desk/lists">Lists</a> › ${name}</p><h1>${name}: the last ${days} days</h1>
<nav class="toolbar" aria-label="Period">${PERIODS.map((p) => html`<a href="/desk/lists/${t.list}/trends?days=${p}" class="${p === days ? 'on' : ''}" aria-current="${p === days ? 'true' : 'false'}">${p} days</a>`)}</nav>
<div class="trends">
${figure('readers-title', 'Readers', lineChart(`Active readers each day, the last ${days} days`, t.days.map((x) => ({ label: short(x.day), value: x.readers }))), ['Day', 'Readers', 'Delivered', 'Bounced', 'Clicked'], t.days.map((x) => [x.day, x.readers, x.delivered, x.bounced, x.uniqueClickers]))}
${figure('growth-title', 'Growth: joins and leaves', barChart(`Readers who joined (up) and left (down) each day`, t.days.map((x) => ({ label: short(x.day), value: x.joins })), String, t.days.map((x) => ({ label: short(x.day), value: leaves(x.leaves) }))), ['Day', 'Joined', ...reasons.map((r) => `Left: ${r}`)], t.days.map((x) => [x.day, x.joins, ...reasons.map((r) => x.leaves[r] ?? 0)]))}
${figure('clicks-title', 'Click rate per edition', barChart('Readers who clicked a story, per email sent, each edition', t.editions.map((e) => ({ label: short(e.editionDate), value: e.clickRate })), percent), ['Edition', 'Sent', 'Clicked', 'Click rate'], t.editions.map((e) => [`${e.editionDate} ${e.subject}`, e.sent, e.uniqueClickers, percent(e.clickRate)]))}
${figure('unsubscribes-title', 'Unsubscribes per edition', barChart('Readers who left after each edition, before the next', t.editions.map((e) => ({ label: short(e.editionDate), value: e.unsubscribes }))), ['Edition', 'Sent', 'Left after it'], t.editions.map((e) => [`${e.editionDate} ${e.subject}`, e.sent, e.unsubscribes]))}
</div>
<p class="muted">Days are UTC. Clicks leave out link scanners; opens are not used (Apple Mail opens everything). Also <code>GET /api/lists/${t.list}/stats?days=${days}</code>.</p>`,
    { wide: true },
  );
}
