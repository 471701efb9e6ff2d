// Browser tests: the built web app (dist/web) served by a real `onecity start`, driven by Playwright through
// Debian's /usr/bin/chromium. One file at a time: each starts its own server on a temp data dir.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
