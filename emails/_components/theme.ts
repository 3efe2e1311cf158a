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
  /** Behind a picture: what a reader sees, with its alt text, when their client blocks images. */
  tile: '#ece8df',
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
  tile: '#2a2a2a',
} as const;

/**
 * Class names for the colour roles: inline styles carry the light palette (the
 * only thing every client reads); this sheet swaps them in dark mode.
 */
export const colorClass = { canvas: 'bs-canvas', paper: 'bs-paper', ink: 'bs-ink', muted: 'bs-muted', accent: 'bs-accent', note: 'bs-note', rule: 'bs-rule', alt: 'bs-alt' } as const;

/**
 * A picture's own style, for clients that block images (Outlook, Gmail until
 * the reader allows them): its alt text shows in the picture's box, so it is set
 * small, in the muted colour on a tile, not in the link blue it would inherit.
 */
export const altTextStyle = { fontFamily: theme.sans, fontSize: 12, lineHeight: '16px', color: theme.muted, backgroundColor: theme.tile } as const;
/** The link around a picture: no underline under its alt text when the picture does not load. */
export const pictureLink = { textDecoration: 'none' } as const;
/**
 * The same for MJML, whose mj-image takes no style: a rule in the head for the img
 * inside its css-class `bs-img` (inlining it would have MJML re-serialise the
 * whole document). Clients without a style sheet show plain alt text.
 */
export const altTextCss = `.bs-img a{text-decoration:none}.bs-img img{font-family:${theme.sans};font-size:12px;line-height:16px;color:${theme.muted};background-color:${theme.tile}}`;

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
    `${text}.bs-alt,${text}.bs-img img{color:${d.muted}!important;background-color:${d.tile}!important}`,
  ].join('');

/** The style sheet both layouts embed: colour scheme, dark palette, Outlook.com's dark mode. */
export const darkModeCss = (inner: readonly string[]) =>
  ':root{color-scheme:light dark;supported-color-schemes:light dark}' +
  `@media (prefers-color-scheme:dark){${darkRules('', '', inner)}}` +
  darkRules('[data-ogsb] ', '[data-ogsc] ', inner);
