// Compiles the TypeScript the CLI, workers and server run into dist/ (one .js per .ts, the
// same tree), so a process starts without a TypeScript loader thread (~45 MB and a second of
// compiling per start). `npm ci` runs it (the "prepare" script); bin/broadsheet.js falls back
// to compiling on the fly whenever a source is newer than this build, so an edited checkout
// still runs what it says.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SOURCE_DIRS, sourceState } from '../bin/build-freshness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist');
const isCode = (f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts');
const files = SOURCE_DIRS.flatMap((dir) =>
  readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath ?? entry.path, entry.name))),
);

const state = sourceState(ROOT);
rmSync(OUT, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: files.filter(isCode),
  outdir: OUT,
  outbase: '.',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  bundle: true,
  jsx: 'automatic',
  logLevel: 'warning',
  plugins: [
    {
      // Every import stays an import (no bundling); our own `.ts`/`.tsx` specifiers name the compiled `.js`.
      name: 'one-file-per-file',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === 'entry-point') return undefined;
          const local = args.path.startsWith('.') && /\.tsx?$/.test(args.path);
          return { path: local ? args.path.replace(/\.tsx?$/, '.js') : args.path, external: true };
        });
      },
    },
  ],
});
// What the code reads next to itself (migrations' SQL, the desk's assets, the demo's pictures).
for (const f of files.filter((f) => !isCode(f))) {
  mkdirSync(dirname(join(OUT, f)), { recursive: true });
  cpSync(join(ROOT, f), join(OUT, f));
}
const pkg = (await import('../package.json', { with: { type: 'json' } })).default;
writeFileSync(join(OUT, 'package.json'), JSON.stringify({ type: 'module', version: pkg.version }));
writeFileSync(join(OUT, 'build.json'), JSON.stringify(state));
process.stdout.write(`built ${files.filter(isCode).length} modules into ${relative(process.cwd(), OUT) || '.'}\n`);
