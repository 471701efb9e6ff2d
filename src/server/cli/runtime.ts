// What every command that touches the database needs: the database opened (with the data-directory lock for
// PGlite), migrations applied, modules bootstrapped, and — on a fresh database — the demo city seeded.
import type { Config } from '../config.ts';
import { migrationSources, registerManifests } from '../app.ts';
import { MODULES } from '../modules/index.ts';
import type { Progress } from '../platform/cli/progress.ts';
import { type OpenedDatabase, openDatabase } from '../platform/db/connect.ts';
import { type DataDirLock, lockDataDir } from '../platform/db/data-dir-lock.ts';
import { migrate } from '../platform/db/migrate.ts';
import type { DemoSeedContext, ModuleContext } from '../platform/module.ts';

export interface Runtime extends OpenedDatabase {
  config: Config;
  lock?: DataDirLock;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly pid: number,
    readonly socket: string,
  ) {
    super(`数据目录正被 OneCity 进程 ${pid} 使用 / the embedded data directory is in use by OneCity process ${pid}`);
  }
}

/** Opens the database for this process. For PGlite, refuses (DataDirBusyError) if another process owns it. */
export async function openRuntime(config: Config): Promise<Runtime> {
  registerManifests();
  if (config.databaseUrl) {
    const opened = await openDatabase({ databaseUrl: config.databaseUrl });
    return { ...opened, config };
  }
  const attempt = lockDataDir(config.dataDir);
  if (!attempt.ok) throw new DataDirBusyError(attempt.pid, attempt.socket);
  try {
    const opened = await openDatabase({ dataDir: config.dataDir });
    return {
      ...opened,
      config,
      lock: attempt.lock,
      async close() {
        await opened.close();
        attempt.lock.release();
      },
    };
  } catch (e) {
    attempt.lock.release();
    throw e;
  }
}

export async function migrateAll(rt: Pick<Runtime, 'db'>, progress: Progress): Promise<string[]> {
  const result = await migrate(rt.db, migrationSources(), (m) => progress.log(`  迁移 migrate ${m.owner}/${m.name}`));
  return result.applied;
}

export async function bootstrapModules(ctx: ModuleContext): Promise<void> {
  for (const m of MODULES) if (m.bootstrap) await m.bootstrap(ctx);
}

export async function seedDemo(ctx: ModuleContext, progress: Progress): Promise<DemoSeedContext['demoAccounts']> {
  const seedCtx: DemoSeedContext = { ...ctx, progress, demoAccounts: [] };
  for (const m of MODULES) if (m.seedDemo) await m.seedDemo(seedCtx);
  for (const m of MODULES) if (m.seedDemoLinks) await m.seedDemoLinks(seedCtx);
  return seedCtx.demoAccounts;
}

export function printDemoAccounts(out: (line: string) => void, accounts: DemoSeedContext['demoAccounts']) {
  if (accounts.length === 0) return;
  out('演示账号（仅用于演示，切勿用于生产） / demo accounts (DEMO ONLY — never in production):');
  for (const a of accounts) out(`  ${a.username.padEnd(12)} ${a.password}  ${a.roles.padEnd(14)} ${a.note}`);
}
