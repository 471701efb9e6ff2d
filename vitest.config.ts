// Unit tests (beside the code) run once on PGlite; API tests (test/api) run on PGlite and again on a real
// PostgreSQL server started by test/support/global-setup.ts. Browser tests have their own config.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['src/**/*.test.ts', 'test/api/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/geo/**/*.test.ts'],
          env: { TEST_ENGINE: 'pglite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/api/**/*.test.ts'],
          env: { TEST_ENGINE: 'postgres' },
        },
      },
    ],
  },
});
