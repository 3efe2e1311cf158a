import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration files each use their own schema and queue prefix, so files may run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
