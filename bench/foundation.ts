// Foundation costs, each against a baseline from the same run:
//  - an authenticated, permission-scoped API list vs the bare framework (/healthz), on PGlite and PostgreSQL;
//  - audit sealing (hash chain) vs writing the same audit rows;
//  - argon2id password verification vs the SHA-256 digest used for API keys and session tokens.
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { SYSTEM_ACTOR } from '../src/server/platform/auth/actor.ts';
import { hashPassword, verifyPassword } from '../src/server/platform/auth/password.ts';
import { tokenDigest } from '../src/server/platform/auth/tokens.ts';
import { recordAudit } from '../src/server/platform/audit/record.ts';
import { sealAuditLog } from '../src/server/platform/audit/seal.ts';
import { type OpenedDatabase, openDatabase } from '../src/server/platform/db/connect.ts';
import { startCluster } from '../test/support/postgres-cluster.ts';
import { prepareTemplate, TEST_ADMIN_PASSWORD, testConfig } from '../test/support/template.ts';
import type { BenchRow } from './run.ts';

async function timePerOp(n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, n); i++) await op(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await op(i);
  return (performance.now() - t0) / n;
}

async function apiRows(engine: string, opened: OpenedDatabase): Promise<BenchRow[]> {
  await prepareTemplate(opened.db);
  const app = await buildApp({
    config: testConfig(),
    db: opened.db,
    engine: opened.engine,
    logger: false,
    serveWeb: false,
  });
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const n = 300;
  const health = await timePerOp(n, () => app.inject('/healthz'));
  const users = await timePerOp(n, () => app.inject({ url: '/api/v1/org/users?limit=20', headers: { cookie } }));
  const depts = await timePerOp(n, () => app.inject({ url: '/api/v1/org/departments', headers: { cookie } }));
  await app.close();
  return [
    {
      case: `${engine}: GET /org/users?limit=20 (session, scoped)`,
      baseline: 'GET /healthz',
      value: users,
      baselineValue: health,
      unit: 'ms/request',
      ratio: users / health,
    },
    {
      case: `${engine}: GET /org/departments (session, scoped)`,
      baseline: 'GET /healthz',
      value: depts,
      baselineValue: health,
      unit: 'ms/request',
      ratio: depts / health,
    },
  ];
}

async function auditRows(): Promise<BenchRow[]> {
  const opened = await openDatabase({});
  await prepareTemplate(opened.db);
  await sealAuditLog(opened.db);
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i += 500) {
    await opened.db.transaction().execute(async (tx) => {
      for (let j = 0; j < 500; j++)
        await recordAudit(tx, SYSTEM_ACTOR, 'bench.write', { type: 'bench', id: i + j }, { i: i + j });
    });
  }
  const writeMs = performance.now() - t0;
  const t1 = performance.now();
  const sealed = await sealAuditLog(opened.db);
  const sealMs = performance.now() - t1;
  const count = await sql<{ n: number }>`select count(*)::int as n from audit_log where chain_seq is null`.execute(
    opened.db,
  );
  if (sealed.sealed !== n || count.rows[0].n !== 0) throw new Error(`sealed ${sealed.sealed} of ${n}`);
  await opened.close();
  return [
    {
      case: 'pglite: seal 20,000 audit rows',
      baseline: 'write the same 20,000 rows',
      value: sealMs,
      baselineValue: writeMs,
      unit: 'ms',
      ratio: sealMs / writeMs,
    },
  ];
}

async function hashingRows(): Promise<BenchRow[]> {
  const h = await hashPassword('Correct-horse-42');
  const argon = await timePerOp(30, () => verifyPassword(h, 'Correct-horse-42'));
  const sha = await timePerOp(30_000, async () => tokenDigest('oc_qbchywfptpixlse7vbhaucv3tmphq4m5zmokefh6'));
  return [
    {
      case: 'argon2id verify (passwords)',
      baseline: 'SHA-256 digest (API keys, sessions)',
      value: argon,
      baselineValue: sha,
      unit: 'ms/op',
      ratio: argon / sha,
    },
  ];
}

export async function foundationBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const pglite = await openDatabase({});
  rows.push(...(await apiRows('pglite', pglite)));
  await pglite.close();
  const cluster = await startCluster();
  if ('unavailable' in cluster) process.stderr.write(`PostgreSQL part skipped: ${cluster.unavailable}\n`);
  else {
    try {
      const pg = await openDatabase({ databaseUrl: cluster.url('postgres'), poolSize: 4 });
      rows.push(...(await apiRows('postgres', pg)));
      await pg.close();
    } finally {
      cluster.stop();
    }
  }
  rows.push(...(await auditRows()));
  rows.push(...(await hashingRows()));
  return rows;
}
