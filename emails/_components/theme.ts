/**
 * Shared palette and type scale for every layout. Text colours keep WCAG AA
 * contrast (≥ 4.5:1) on the backgrounds they sit on, in light and in dark mode
 * (test/emails/accessibility.test.ts checks it).
 */
export const theme = {
  ink: '#1a1a1a',
  muted: '#555555',
  rule: '#dddddd',
  accent: '#9b1c1c',
  paper: '#ffffff',
  canvas: '#f3f1ec',
  // Short stacks: they repeat on every paragraph of every email (no quotes, which would become &#x27;).
  serif: 'Georgia,Times,serif',
  sans: 'Helvetica,Arial,sans-serif',
} as const;

/** Dark mode: the same roles, for clients that honour `prefers-color-scheme` (Apple Mail, iOS, Outlook.com via data-ogsc). */
export const darkTheme = {
  ink: '#ececec',
  muted: '#b5b5b5',
  rule: '#3a3a3a',
  accent: '#ff9b8f',
  paper: '#181818',
  canvas: '#0e0e0e',
  note: '#242424',
} as const;

/**
 * Class names for the colour roles: inline styles carry the light palette (the
 * only thing every client reads); this sheet swaps them in dark mode.
 */
export const colorClass = { canvas: 'bs-canvas', paper: 'bs-paper', ink: 'bs-ink', muted: 'bs-muted', accent: 'bs-accent', note: 'bs-note', rule: 'bs-rule' } as const;

const d = darkTheme;
/**
 * A background role covers the element and the wrappers MJML puts its inline
 * background on: the table inside a section, the cell inside a column, the
 * div inside the body.
 */
const backgroundOf = (prefix: string, role: string, color: string) =>
  [``, `>table`, `>table>tbody>tr>td`, `>div`].map((inner) => `${prefix}.bs-${role}${inner}`).join(',') + `{background-color:${color}!important}`;

/** Outlook.com marks dark mode with data-ogsb (backgrounds) and data-ogsc (text) on an ancestor. */
const darkRules = (background: string, text: string) =>
  [
    backgroundOf(background, 'canvas', d.canvas),
    backgroundOf(background, 'paper', d.paper),
    backgroundOf(background, 'note', d.note),
    `${text}.bs-ink{color:${d.ink}!important}`,
    `${text}.bs-muted{color:${d.muted}!important}`,
    `${text}.bs-accent{color:${d.accent}!important}`,
    `${text}.bs-rule{border-color:${d.rule}!important}`,
  ].join('');

/** The one style sheet both layouts embed: colour scheme, dark palette, Outlook.com's dark mode. */
export const darkModeCss =
  ':root{color-scheme:light dark;supported-color-schemes:light dark}' +
  `@media (prefers-color-scheme:dark){${darkRules('', '')}}` +
  darkRules('[data-ogsb] ', '[data-ogsc] ');
