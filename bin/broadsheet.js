#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci`) when it matches the sources; otherwise the
// TypeScript itself through tsx's loader, so an edited checkout runs what it says, no build step needed.
import { fileURLToPath } from 'node:url';
import { buildIsFresh } from './build-freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
if (buildIsFresh(root)) {
  await import('../dist/src/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  // Our tsconfig by path, not the working directory's: the templates' JSX settings live there.
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  await import('../src/cli/main.ts');
}
