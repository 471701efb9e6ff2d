// Vitest global setup: builds the PGlite template and, where a server can run, a PostgreSQL cluster with a
// template database. In CI (CI=true or ONECITY_REQUIRE_POSTGRES=1) a missing PostgreSQL fails the run;
// elsewhere the PostgreSQL project is skipped with a loud message.
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/server/platform/db/connect.ts';
import { type Cluster, startCluster } from './postgres-cluster.ts';
import { prepareTemplate } from './template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresUrl: string | null;
    postgresUnavailable: string | null;
  }
}

const TEMPLATE_DB = 'onecity_template';

interface Prepared {
  pgliteTemplate: string;
  postgresUrl: string | null;
  postgresUnavailable: string | null;
  teardown: () => Promise<void>;
}

// Vitest runs global setup once for the root and once per project; build the templates only once per run.
const shared = globalThis as { __onecityTestSetup?: Promise<Prepared>; __onecityTestUsers?: number };

export default async function setup(project: TestProject) {
  shared.__onecityTestSetup ??= prepare();
  shared.__onecityTestUsers = (shared.__onecityTestUsers ?? 0) + 1;
  const p = await shared.__onecityTestSetup;
  project.provide('pgliteTemplate', p.pgliteTemplate);
  project.provide('postgresUrl', p.postgresUrl);
  project.provide('postgresUnavailable', p.postgresUnavailable);
  return async () => {
    shared.__onecityTestUsers = (shared.__onecityTestUsers ?? 1) - 1;
    if (shared.__onecityTestUsers === 0) await p.teardown();
  };
}

async function prepare(): Promise<Prepared> {
  const tmp = path.resolve('.tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const t0 = Date.now();
  const pglite = await openDatabase({});
  await prepareTemplate(pglite.db);
  const dump = await pglite.pglite!.dumpDataDir('none');
  const file = path.join(tmp, `pglite-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  process.stderr.write(`[test] PGlite template ready in ${Date.now() - t0} ms\n`);

  let cluster: Cluster | undefined;
  let adminUrl: string | null = process.env.TEST_DATABASE_URL || null;
  let unavailable: string | null = null;
  if (!adminUrl) {
    const started = await startCluster();
    if ('unavailable' in started) unavailable = started.unavailable;
    else {
      cluster = started;
      adminUrl = started.url('postgres');
    }
  }
  if (adminUrl) {
    const t1 = Date.now();
    const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
    const { sql } = await import('kysely');
    await sql.raw(`drop database if exists ${TEMPLATE_DB}`).execute(admin.db);
    await sql.raw(`create database ${TEMPLATE_DB}`).execute(admin.db);
    await admin.close();
    const tpl = await openDatabase({ databaseUrl: withDatabase(adminUrl, TEMPLATE_DB), poolSize: 2 });
    await prepareTemplate(tpl.db);
    await tpl.close();
    process.stderr.write(`[test] PostgreSQL template ready in ${Date.now() - t1} ms\n`);
  } else {
    const required = process.env.CI === 'true' || process.env.ONECITY_REQUIRE_POSTGRES === '1';
    const banner = `\n${'!'.repeat(100)}\n!! PostgreSQL test run SKIPPED: ${unavailable}\n!! Set TEST_DATABASE_URL or install PostgreSQL 15 server binaries.\n${'!'.repeat(100)}\n`;
    process.stderr.write(banner);
    if (required) throw new Error(`PostgreSQL is required in CI but unavailable: ${unavailable}`);
  }
  return {
    pgliteTemplate: file,
    postgresUrl: adminUrl,
    postgresUnavailable: unavailable,
    async teardown() {
      fs.rmSync(file, { force: true });
      cluster?.stop();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
