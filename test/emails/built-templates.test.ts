import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript (bin/ runs before any TypeScript loader)
import { buildIsFresh } from '../../bin/build-freshness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The build gives the templates a slim react-email module (scripts/build.mjs); what they render
// from dist/ must be byte for byte the golden emails the sources render.
const RENDER_GOLDENS = `
const { readFileSync } = await import('node:fs');
const { seedEditionContent, seedLead, seedSponsor } = await import('./dist/emails/_fixtures/seed-digest.js');
const { LAYOUTS, renderVariant } = await import('./dist/src/rendering/render-variant.js');
const compared = [];
for (const layout of LAYOUTS) for (const tier of ['free', 'paid']) {
  const v = await renderVariant({
    listName: 'The Broadsheet Daily', editionDate: '2024-11-21', subject: seedLead.headline,
    preheader: 'Narcos’ secret weapon is WhatsApp, and more', content: seedEditionContent, tier,
    publisher: { name: 'The Broadsheet Daily', postalAddress: 'Av. Reforma 123, 06600 Ciudad de México' },
    links: { viewInBrowser: 'https://news.broadsheet.example/archive/ed-1', subscribe: 'https://news.broadsheet.example/subscribe/daily-digest' },
    layout, linkTags: { source: 'newsletter', medium: 'email', campaign: 'daily-digest-2024-11-21' }, sponsors: [seedSponsor],
  }, '0123456789abcdef01');
  for (const [part, ext] of [['html', 'html'], ['text', 'txt']]) {
    const golden = readFileSync(\`test/emails/__golden__/\${layout}.\${tier}.\${ext}\`, 'utf8');
    compared.push({ file: \`\${layout}.\${tier}.\${ext}\`, same: golden === v[part] });
  }
}
process.stdout.write(JSON.stringify(compared));
`;

describe('the built templates', () => {
  it('render the golden emails byte for byte from dist/, without loading react-email’s full entry', { timeout: 60_000 }, () => {
    if (!buildIsFresh(ROOT)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
    const compared = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', RENDER_GOLDENS], { cwd: ROOT, encoding: 'utf8' }));
    expect(compared).toHaveLength(8);
    for (const c of compared) expect(c, c.file).toEqual({ file: c.file, same: true });

    // Nothing the send path runs imports the full entry; the slim module holds no code highlighter or Tailwind.
    const built = (f: string) => readFileSync(join(ROOT, 'dist', f), 'utf8');
    const renderers = ['src/rendering/render-variant.js', ...readdirSync(join(ROOT, 'dist/emails'), { recursive: true }).map((f) => `emails/${f}`).filter((f) => f.endsWith('.js'))];
    for (const f of renderers) expect(built(f), f).not.toMatch(/from\s*["']react-email["']/);
    const slim = built('vendor/react-email.js');
    expect(slim).not.toMatch(/node_modules\/(prismjs|tailwindcss|css-tree|marked)\/|code-block/);
    expect(slim.length).toBeLessThan(40_000);
  });
});
