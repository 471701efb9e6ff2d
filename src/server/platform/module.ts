// A module declares itself in one manifest (Decidim-style): the permissions it defines and which roles carry
// them, its routes, its timers, its migrations folder, its messages and its demo seed. app.ts and main.ts
// read manifests; nothing else needs to know a module exists.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Role } from './auth/roles.ts';
import type { Db } from './db/connect.ts';
import type { Catalogue } from './i18n/messages.ts';
import type { Progress } from './cli/progress.ts';

export interface ModuleContext {
  db: Db;
  config: Config;
  /** Lines for the operator (stdout of `onecity start` / the CLI), e.g. a generated admin password. */
  out: (line: string) => void;
}

export interface Job {
  name: string;
  /** How often the job runs while the server is up (it also runs once at start-up). */
  everyMs: number;
  run(ctx: ModuleContext): Promise<void>;
}

export interface DemoSeedContext extends ModuleContext {
  progress: Progress;
  /** Accounts created for the demo, printed by `onecity seed --demo` (demo only!). */
  demoAccounts: { username: string; password: string; roles: string; note: string }[];
}

export interface ModuleManifest {
  name: string;
  permissions: readonly string[];
  roleGrants: Partial<Record<Role, readonly string[]>>;
  migrations?: URL;
  messages?: Catalogue;
  routes?: (app: FastifyInstance, ctx: ModuleContext) => Promise<void> | void;
  jobs?: readonly Job[];
  /** Runs on every start after migrations (idempotent): e.g. the first admin account. */
  bootstrap?: (ctx: ModuleContext) => Promise<void>;
  seedDemo?: (ctx: DemoSeedContext) => Promise<void>;
  /** Runs after every module's seedDemo: demo data that refers to other modules' demo data (e.g. the demo
   * grid worker assigned to demo grids). */
  seedDemoLinks?: (ctx: DemoSeedContext) => Promise<void>;
}

export function defineModule(m: ModuleManifest): ModuleManifest {
  return m;
}
