import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Pages checked so far in this run, and what axe found on them (serious or critical): the browser tests report both. */
export const axeLedger: { pages: string[]; findings: string[] } = { pages: [], findings: [] };

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2.x
 * A and AA, and best practice). The page's context must bypass CSP: the desk
 * allows no injected script, and axe is one.
 */
export async function axeViolations(page: Page, what: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
      // The previews are emails, checked on their own (test/emails); here the desk around them.
      exclude: [['iframe.preview']],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = violations.filter((v: AxeFinding) => v.impact === 'serious' || v.impact === 'critical').map((v: AxeFinding) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
  axeLedger.pages.push(what);
  axeLedger.findings.push(...bad.map((b) => `${what}: ${b}`));
  return bad;
}
