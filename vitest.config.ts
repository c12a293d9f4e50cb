import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // oclif writes through process.stdout; vitest must not swallow it.
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time on a 2-core machine: most e2e time is spent waiting on child processes
    // (the CLI, LibreOffice, Chromium), so the suite finishes in about two thirds of the time.
    maxWorkers: 2,
  },
});
