import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Generous: on a busy 2-core machine a CLI child process takes seconds to start, and a test of
    // several of them can pass a minute without anything being wrong.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Integration files each use their own schema and queue prefix, so files may run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
