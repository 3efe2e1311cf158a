import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // A test waits with patience (test/support/patience.ts) and fails on what never happens, not on
    // how long a busy 2-core machine takes: these limits are only the last word on a hang.
    testTimeout: 600_000,
    hookTimeout: 300_000,
    // Integration files each use their own schema and queue prefix, so files may run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
