import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEditionContent, seedSponsor } from '../../emails/_fixtures/seed-digest.ts';
import { LAYOUTS, renderVariant, type Layout } from '../../src/rendering/render-variant.ts';
import { launchChromium } from '../support/browser.ts';

/**
 * Each layout × tier in Chromium at 600 px (desktop clients) and 375 px (a phone),
 * light and dark. The PNGs are written into __screenshots__ on every run and checked
 * in, so a change to a layout shows up in review as a changed picture.
 */
const DIR = join(import.meta.dirname, '__screenshots__');
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** Article images live on the newsroom's site: stand in a grey picture of the right shape so the layout shows. */
async function placeholderImages(page: Page) {
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:') return route.continue();
    const name = url.pathname.split('/').pop() ?? '';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400"><rect width="600" height="400" fill="#9aa5b1"/><text x="300" y="210" font-family="sans-serif" font-size="28" text-anchor="middle" fill="#fff">${name.replace(/[^\w.-]/g, '')}</text></svg>`;
    return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: svg });
  });
}

/** A client that blocks images (Outlook, Gmail until the reader allows them): every picture fails and shows its alt text. */
async function blockImages(page: Page) {
  await page.route('**/*', (route) => (new URL(route.request().url()).protocol === 'data:' ? route.continue() : route.abort('blockedbyclient')));
}

async function show(layout: Layout, tier: 'free' | 'paid', width: number, scheme: 'light' | 'dark', images: 'shown' | 'blocked' = 'shown'): Promise<Page> {
  const v = await renderVariant({
    listName: 'The Broadsheet Daily',
    editionDate: '2024-11-21',
    subject: seedEditionContent.lead.headline,
    preheader: 'Narcos’ secret weapon is WhatsApp, and more from today’s newsroom',
    content: seedEditionContent,
    tier,
    publisher: { name: 'The Broadsheet Daily', postalAddress: 'Av. Reforma 123, Col. Juárez, 06600 Ciudad de México, Mexico' },
    links: { viewInBrowser: 'https://news.broadsheet.example/archive/ed-1', subscribe: 'https://news.broadsheet.example/subscribe/daily-digest' },
    layout,
    linkTags: { source: 'newsletter', medium: 'email', campaign: 'daily-digest-2024-11-21' },
    sponsors: [seedSponsor],
  });
  const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: scheme });
  await (images === 'shown' ? placeholderImages(page) : blockImages(page));
  const html = v.html.replaceAll(/bs[0-9a-f]{18}_(\w+?)_x/g, (_, field: string) => (field === 'greeting' ? 'Good morning, Ana' : field === 'email' ? 'ana@example.com' : '#'));
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

/** WCAG 2 contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/[\d.]+/g)!.slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('digest layouts in Chromium', () => {
  for (const layout of LAYOUTS) {
    for (const tier of ['free', 'paid'] as const) {
      it(`${layout}, ${tier}: fits a phone and a desktop column, light and dark`, async () => {
        for (const width of [600, 375]) {
          const page = await show(layout, tier, width, 'light');
          await page.screenshot({ path: join(DIR, `${layout}-${tier}-${width}.png`), fullPage: true });
          // Nothing wider than the screen: no sideways scrolling on a phone.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          // The seed's second and third teasers share a row of cards (the sponsor follows the first).
          const headlines = layout === 'grid' ? '.mj-column-per-50 h3' : 'h3';
          const teasers = await page.locator(headlines).evaluateAll((hs) => hs.slice(1, 3).map((h) => h.getBoundingClientRect()).map((r) => ({ x: Math.round(r.x), y: Math.round(r.y) })));
          if (layout === 'grid') {
            // Two cards side by side in a desktop column; stacked on a phone.
            if (width === 600) expect(teasers[0]!.y).toBe(teasers[1]!.y);
            else expect(teasers[1]!.y).toBeGreaterThan(teasers[0]!.y + 100);
          } else {
            expect(teasers[1]!.y).toBeGreaterThan(teasers[0]!.y);
          }
          await page.close();
        }
        for (const scheme of ['light', 'dark'] as const) {
          const page = await show(layout, tier, 375, scheme);
          if (scheme === 'dark') await page.screenshot({ path: join(DIR, `${layout}-${tier}-375-dark.png`), fullPage: true });
          // Every piece of text against what is really painted behind it (the nearest ancestor with a background).
          const pairs = await page.locator('h1, h2, h3, p:not([data-skip-in-text] *), a').evaluateAll((els) =>
            els
              // The element whose own text is painted (a heading's link, not the heading around it).
              .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()) && (el as HTMLElement).offsetParent !== null)
              .map((el) => {
                let bg = 'rgba(0, 0, 0, 0)';
                for (let n: Element | null = el; n && bg === 'rgba(0, 0, 0, 0)'; n = n.parentElement) bg = getComputedStyle(n).backgroundColor;
                return { text: el.textContent!.trim().slice(0, 40), color: getComputedStyle(el).color, bg };
              }),
          );
          const low = pairs.filter((p) => contrast(p.color, p.bg) < 4.5).map((p) => `${p.text}: ${p.color} on ${p.bg} (${contrast(p.color, p.bg).toFixed(2)})`);
          expect(low, `${scheme}: text below 4.5:1`).toEqual([]);
          await page.close();
        }
      });
    }
    it(`${layout}: with images blocked, each picture's alt text is set small and legible in its box, light and dark`, async () => {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await show(layout, 'free', 375, scheme, 'blocked');
        await page.screenshot({ path: join(DIR, `${layout}-free-375-no-images${scheme === 'dark' ? '-dark' : ''}.png`), fullPage: true });
        const alts = await page.locator('img[alt]:not([alt=""])').evaluateAll((imgs) =>
          imgs.map((img) => {
            const s = getComputedStyle(img);
            return { alt: img.getAttribute('alt')!.slice(0, 30), color: s.color, bg: s.backgroundColor, size: s.fontSize };
          }),
        );
        expect(alts.length).toBeGreaterThan(0);
        for (const a of alts) {
          // Not the link blue a picture inside a link would otherwise inherit, and not lost against the page.
          expect(a.color, a.alt).not.toBe('rgb(0, 0, 238)');
          expect(contrast(a.color, a.bg), `${scheme}: ${a.alt}: ${a.color} on ${a.bg}`).toBeGreaterThanOrEqual(4.5);
          expect(parseFloat(a.size), a.alt).toBeLessThanOrEqual(14);
        }
        await page.close();
      }
    });
  }
});
