// `onecity start`: migrate, bootstrap, seed the demo city on a fresh database, build the web app if there is
// no build, serve, run the jobs, and shut down gracefully on SIGTERM/SIGINT.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.ts';
import { MODULES } from '../modules/index.ts';
import { hasAccounts } from '../modules/org/user-summaries.ts';
import type { Config } from '../config.ts';
import { type CommandRunner, serveControlSocket } from '../platform/cli/control.ts';
import { createProgress } from '../platform/cli/progress.ts';
import { controlSocket } from '../platform/db/data-dir-lock.ts';
import { startJobs } from '../platform/jobs/runner.ts';
import type { ModuleContext } from '../platform/module.ts';
import { bootstrapModules, migrateAll, openRuntime, printDemoAccounts, type Runtime, seedDemo } from './runtime.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const st = fs.statSync(target);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(target).map((f) => newestMtime(path.join(target, f))));
}

/** Builds the web app with Vite when there is no build (a fresh clone's first start) or when its sources are
 * newer than the build (after a `git pull`). */
export function ensureWebBuild(config: Config, log: (line: string) => void) {
  const index = path.join(config.webDist, 'index.html');
  const sources = ['src/web', 'vite.config.ts', 'package-lock.json'].map((f) => path.join(repoRoot, f));
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (builtAt > 0 && Math.max(...sources.map(newestMtime)) <= builtAt) return;
  const vite = path.join(repoRoot, 'node_modules/vite/bin/vite.js');
  if (!fs.existsSync(vite)) {
    log(
      `未找到网页构建，且无法构建 / no web build at ${config.webDist} and vite is not installed: the API runs without the web app`,
    );
    return;
  }
  log(
    builtAt
      ? '网页源码已更新：重新构建 / web sources changed: rebuilding the web app (vite build)…'
      : '首次启动：正在构建网页应用 / first start: building the web app (vite build)…',
  );
  const r = spawnSync(process.execPath, [vite, 'build', '--outDir', config.webDist, '--emptyOutDir'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error('web build failed (vite build); see the output above');
}

export interface StartOptions {
  demo: boolean;
  runInServer: (rt: Runtime) => CommandRunner;
}

export async function startServer(config: Config, opts: StartOptions): Promise<void> {
  const t0 = performance.now();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const progress = createProgress(process.stderr);
  const rt = await openRuntime(config);
  const ctx: ModuleContext = { db: rt.db, config, out: say };
  let closing = false;
  try {
    await migrateAll(rt, progress);
    // "Empty" = no account yet, also after a first start that failed half-way (its transactions rolled back).
    const fresh = !(await hasAccounts(rt.db));
    await bootstrapModules(ctx);
    if (fresh && opts.demo) {
      say('空数据库：正在写入演示城市 A市（苏州市） / empty database: seeding the demo city A市 (Suzhou)…');
      printDemoAccounts(say, await seedDemo(ctx, progress));
    }
    ensureWebBuild(config, say);
  } catch (e) {
    await rt.close();
    throw e;
  }

  const app = await buildApp({ config, db: rt.db, engine: rt.engine });
  const jobs = startJobs(
    MODULES.flatMap((m) => m.jobs ?? []),
    ctx,
    app.log,
  );
  const control =
    rt.engine === 'pglite' ? serveControlSocket(controlSocket(config.dataDir), opts.runInServer(rt)) : undefined;

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('graceful shutdown timed out after 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    control?.close();
    await app.close();
    await jobs.stop();
    await rt.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  say(
    `OneCity 已启动 / is running at http://${config.host}:${port}  (${rt.engine}${rt.engine === 'pglite' ? `, ${config.dataDir}` : ''}; ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
