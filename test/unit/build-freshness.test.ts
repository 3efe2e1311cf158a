import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript (bin/ runs before any TypeScript loader)
import { buildIsFresh, sourceState } from '../../bin/build-freshness.js';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A checkout in miniature: the three source directories and a build recorded from them. */
function checkout(): string {
  root = mkdtempSync(join(tmpdir(), 'broadsheet-build-'));
  for (const dir of ['src/db/migrations', 'worker', 'emails']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'src/config.ts'), 'export {};');
  writeFileSync(join(root, 'src/db/migrations/001_initial.sql'), 'select 1;');
  writeFileSync(join(root, 'worker/main.ts'), 'export {};');
  writeFileSync(join(root, 'emails/daily-digest.tsx'), 'export {};');
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'dist/build.json'), JSON.stringify(sourceState(root)));
  return root;
}

describe('bin/broadsheet.js runs the compiled build only while it matches the sources', () => {
  it('is fresh right after a build', () => {
    expect(buildIsFresh(checkout())).toBe(true);
  });

  it('is stale once a source is edited, added or removed, or when there is no build', () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(checkout(), 'src/config.ts'), later, later);
    expect(buildIsFresh(root)).toBe(false);

    writeFileSync(join(checkout(), 'src/db/migrations/002_more.sql'), 'select 2;');
    expect(buildIsFresh(root)).toBe(false);

    rmSync(join(checkout(), 'worker/main.ts'));
    expect(buildIsFresh(root)).toBe(false);

    rmSync(join(checkout(), 'dist'), { recursive: true });
    expect(buildIsFresh(root)).toBe(false);
  });
});
