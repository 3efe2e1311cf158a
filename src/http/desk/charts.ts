import { html, type SafeHtml } from '../html.ts';

/**
 * Server-rendered SVG charts for the desk: no script and no library, so they
 * pass the desk's CSP and print. Colours come from the stylesheet (classes), the
 * numbers from a table beside each chart, which screen readers read instead.
 */

export interface Point {
  label: string;
  value: number;
}

const W = 640;
const H = 200;
const PAD = { top: 12, right: 12, bottom: 28, left: 60 };

/** A round upper bound for the axis: 1, 2, 5 × 10^n. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * step).find((m) => m >= value)!;
}

function axes(max: number, format: (n: number) => string, labels: string[]): SafeHtml {
  const x = (i: number) => PAD.left + ((W - PAD.left - PAD.right) * (i + 0.5)) / Math.max(labels.length, 1);
  // At most about eight labels under the axis, whatever the number of points.
  const every = Math.max(1, Math.ceil(labels.length / 8));
  return html`${[0, 0.5, 1].map((f) => {
    const y = PAD.top + (H - PAD.top - PAD.bottom) * (1 - f);
    return html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" class="chart-grid"/><text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" class="chart-tick">${format(max * f)}</text>`;
  })}${labels.map((l, i) => (i % every === 0 ? html`<text x="${x(i)}" y="${H - 8}" text-anchor="middle" class="chart-tick">${l}</text>` : ''))}`;
}

/** A line over days (or editions), with its axis; `title` names it for screen readers. */
export function lineChart(title: string, points: Point[], format: (n: number) => string = String): SafeHtml {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const x = (i: number) => PAD.left + ((W - PAD.left - PAD.right) * (i + 0.5)) / Math.max(points.length, 1);
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return html`<svg viewBox="0 0 ${W} ${H}" class="chart" role="img"><title>${title}</title>${axes(max, format, points.map((p) => p.label))}
<path d="${path}" class="chart-line"/>${points.map((p, i) => html`<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" class="chart-dot"/>`)}</svg>`;
}

/** Bars, one per point; with `negative`, a second series drawn below the axis (growth: joins up, leaves down). */
export function barChart(title: string, points: Point[], format: (n: number) => string = String, negative?: Point[]): SafeHtml {
  const top = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const bottom = negative ? niceMax(Math.max(0, ...negative.map((p) => p.value))) : 0;
  const span = top + bottom;
  const plot = H - PAD.top - PAD.bottom;
  const zero = PAD.top + plot * (top / span);
  const slot = (W - PAD.left - PAD.right) / Math.max(points.length, 1);
  const barW = Math.max(2, Math.min(28, slot * 0.6));
  const bx = (i: number) => PAD.left + slot * (i + 0.5) - barW / 2;
  const h = (v: number) => (plot * v) / span;
  return html`<svg viewBox="0 0 ${W} ${H}" class="chart" role="img"><title>${title}</title>${axes(top, format, points.map((p) => p.label))}
${points.map((p, i) => html`<rect x="${bx(i).toFixed(1)}" y="${(zero - h(p.value)).toFixed(1)}" width="${barW.toFixed(1)}" height="${h(p.value).toFixed(1)}" class="chart-bar"/>`)}
${(negative ?? []).map((p, i) => html`<rect x="${bx(i).toFixed(1)}" y="${zero.toFixed(1)}" width="${barW.toFixed(1)}" height="${h(p.value).toFixed(1)}" class="chart-bar-down"/>`)}
${negative ? html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${zero.toFixed(1)}" y2="${zero.toFixed(1)}" class="chart-zero"/>` : ''}</svg>`;
}
