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
 * A background role covers the element and the wrappers a layout puts its inline
 * background on (`inner`): React Email's body cell; MJML's table inside a section,
 * cell inside a column, div inside the body. Each layout names its own, since the
 * sheet travels in every email.
 */
const backgroundOf = (prefix: string, role: string, color: string, inner: readonly string[]) =>
  ['', ...inner].map((i) => `${prefix}.bs-${role}${i}`).join(',') + `{background-color:${color}!important}`;

/** Outlook.com marks dark mode with data-ogsb (backgrounds) and data-ogsc (text) on an ancestor. */
const darkRules = (background: string, text: string, inner: readonly string[]) =>
  [
    backgroundOf(background, 'canvas', d.canvas, inner),
    backgroundOf(background, 'paper', d.paper, inner),
    backgroundOf(background, 'note', d.note, inner),
    `${text}.bs-ink{color:${d.ink}!important}`,
    `${text}.bs-muted{color:${d.muted}!important}`,
    `${text}.bs-accent{color:${d.accent}!important}`,
    `${text}.bs-rule{border-color:${d.rule}!important}`,
  ].join('');

/** The style sheet both layouts embed: colour scheme, dark palette, Outlook.com's dark mode. */
export const darkModeCss = (inner: readonly string[]) =>
  ':root{color-scheme:light dark;supported-color-schemes:light dark}' +
  `@media (prefers-color-scheme:dark){${darkRules('', '', inner)}}` +
  darkRules('[data-ogsb] ', '[data-ogsc] ', inner);
