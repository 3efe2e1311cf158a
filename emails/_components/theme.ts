/** Shared palette and type scale; WCAG AA contrast on white for every text colour. */
export const theme = {
  ink: '#1a1a1a',
  muted: '#555555',
  rule: '#dddddd',
  accent: '#9b1c1c',
  paper: '#ffffff',
  canvas: '#f3f1ec',
  serif: "Georgia, 'Times New Roman', Times, serif",
  sans: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
} as const;
