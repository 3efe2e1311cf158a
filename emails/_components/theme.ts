/** Shared palette and type scale; WCAG AA contrast on white for every text colour. */
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
