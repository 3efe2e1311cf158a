// Compiles the TypeScript the CLI, workers and server run into dist/ (one .js per .ts, the
// same tree), so a process starts without a TypeScript loader thread (~45 MB and a second of
// compiling per start). `npm ci` runs it (the "prepare" script); bin/broadsheet.js falls back
// to compiling on the fly whenever a source is newer than this build, so an edited checkout
// still runs what it says.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

// react-email's one entry loads every component it has — Prism and its themes, Tailwind,
// css-tree, marked: ~26 MB in each worker that renders with eight of them. The build gives the
// templates a small module holding only the components they import (read from react-email's own
// files, so what they render is unchanged); a file importing anything else keeps the full entry.
const SLIM = 'vendor/react-email.js';
const reactEmailDist = dirname(createRequire(import.meta.url).resolve('react-email'));
const componentFile = (name) => {
  const kebab = name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());
  const file = join(reactEmailDist, 'components', kebab, `${kebab}.mjs`);
  return existsSync(file) ? file : undefined;
};
const RENDER_EXPORTS = ['render', 'toPlainText', 'pretty', 'plainTextSelectors'];
const reactEmailImports = (file) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'react-email'/g)]
    .flatMap((m) => m[1].split(','))
    .map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0])
    .filter(Boolean);
const code = files.filter(isCode);
const importsOf = new Map(code.map((f) => [f, reactEmailImports(f)]));
const slimmable = new Set(code.filter((f) => importsOf.get(f).every((n) => RENDER_EXPORTS.includes(n) || componentFile(n))));
const components = [...new Set([...slimmable].flatMap((f) => importsOf.get(f)))].filter((n) => !RENDER_EXPORTS.includes(n));
await build({
  absWorkingDir: ROOT,
  stdin: {
    contents: [
      `export { ${RENDER_EXPORTS.join(', ')} } from '@react-email/render';`,
      ...components.map((n) => `export { ${n} } from ${JSON.stringify(componentFile(n))};`),
    ].join('\n'),
    resolveDir: ROOT,
    loader: 'js',
  },
  outfile: join(OUT, SLIM),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  bundle: true,
  external: ['react', 'react-dom', 'react/*', 'react-dom/*', '@react-email/render'],
  logLevel: 'warning',
});
await build({
  absWorkingDir: ROOT,
  entryPoints: code,
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
          if (args.path === 'react-email' && slimmable.has(relative(ROOT, args.importer))) {
            const from = dirname(join(OUT, relative(ROOT, args.importer)));
            return { path: `./${relative(from, join(OUT, SLIM))}`.replace(/^\.\/\.\./, '..'), external: true };
          }
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
process.stdout.write(`built ${code.length} modules into ${relative(process.cwd(), OUT) || '.'}\n`);
