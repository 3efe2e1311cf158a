#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader: no build step between a checkout and a working command.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// Our tsconfig by path, not the working directory's: the templates' JSX settings live there.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
