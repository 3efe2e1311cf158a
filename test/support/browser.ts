import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt package `chromium`), or CHROMIUM_PATH. Nothing is downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-background-networking'] });
}

/** Where screenshots are kept as test artifacts (git-ignored; CI keeps the folder). */
export function artifactDir(name: string): string {
  const dir = join(process.cwd(), 'test-artifacts', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Only loopback: article images point at the newsroom's site, which a test machine cannot reach, so fail them at once. */
export async function loopbackOnly(page: Page): Promise<void> {
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort('blockedbyclient');
  });
}
