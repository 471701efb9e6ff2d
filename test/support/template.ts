// One migrated, seeded database per test run, copied per test file: migrating from scratch in every file would
// cost seconds each. PGlite: a dumped data directory loaded into each new instance. PostgreSQL: a template
// database cloned with CREATE DATABASE … TEMPLATE.
import { loadConfig } from '../../src/server/config.ts';
import { bootstrapModules, migrateAll, seedDemo } from '../../src/server/cli/runtime.ts';
import { registerManifests } from '../../src/server/app.ts';
import { silentProgress } from '../../src/server/platform/cli/progress.ts';
import type { Db } from '../../src/server/platform/db/connect.ts';

/** The admin password of every test database (never a real one). */
export const TEST_ADMIN_PASSWORD = 'Test#Root-2026x';

export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    ONECITY_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    ONECITY_LOGIN_RATE_PER_MINUTE: '10000',
    ONECITY_API_RATE_PER_MINUTE: '1000000',
    ONECITY_OPEN311_RATE_PER_MINUTE: '1000000',
    // API tests count and list cases they make themselves: no synthetic history in their databases.
    ONECITY_DEMO_CASES: '0',
    ...overrides,
  });
}

/** Migrates, creates the admin and seeds the demo city: the state every API test starts from. */
export async function prepareTemplate(db: Db): Promise<void> {
  registerManifests();
  const config = testConfig();
  const ctx = { db, config, out: () => {} };
  await migrateAll({ db }, silentProgress);
  await bootstrapModules(ctx);
  await seedDemo(ctx, silentProgress);
}
