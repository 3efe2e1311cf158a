import type { ComponentType } from 'react';

/**
 * Renders one of the reader emails (confirmation, "keep me") to HTML and plain
 * text. React, react-email and the template load on first use: every CLI command
 * and server imports the modules that send these, and react-email alone (with the
 * syntax highlighter it bundles) costs a third of a second and ~40 MB to load.
 */
export async function renderEmail<P extends object>(template: () => Promise<{ default: ComponentType<P> }>, props: P): Promise<{ html: string; text: string }> {
  const [{ createElement }, { render, toPlainText }, { default: Template }] = await Promise.all([import('react'), import('react-email'), template()]);
  const html = await render(createElement(Template, props));
  return { html, text: toPlainText(html) };
}
