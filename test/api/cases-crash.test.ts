// "An acknowledged case is never lost" (issue 4, Reliability): on a real PostgreSQL server, a real `onecity start`
// process takes cases from concurrent clients and is killed with SIGKILL mid-stream — no graceful shutdown, no
// flush. After a restart every case number that was acknowledged (201) must exist, complete: its parties, its
// timeline, its audit record. Cases that were in flight when the process died may or may not exist; if one does,
// it is complete too (one transaction per case).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/server/platform/db/connect.ts';
import { withDatabase } from '../support/global-setup.ts';
import { currentEngine, DEMO_PASSWORD, TEST_ADMIN_PASSWORD } from '../support/test-app.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/onecity.js');
const adminUrl = currentEngine() === 'postgres' ? inject('postgresUrl') : null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function startServer(databaseUrl: string, port: number, webDist: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ONECITY_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ONECITY_WEB_DIST: webDist,
    ONECITY_API_RATE_PER_MINUTE: '1000000',
    ONECITY_LOGIN_RATE_PER_MINUTE: '10000',
    LOG_LEVEL: 'warn',
  };
  for (const k of ['ONECITY_DATA_DIR', 'PORT', 'HOST', 'TEST_DATABASE_URL']) delete env[k];
  const child = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--no-demo'], { cwd: ROOT, env });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d;
      if (/is running at/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)));
  });
}

async function loginOverHttp(base: string, username: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrf: body.csrfToken };
}

describe.skipIf(adminUrl === null)('acknowledged cases survive SIGKILL (PostgreSQL)', () => {
  const name = `crash_${randomBytes(5).toString('hex')}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onecity-crash-'));
  const webDist = path.join(tmp, 'web');
  let admin: OpenedDatabase;
  let db: OpenedDatabase;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    // A web build that is newer than the sources, so `onecity start` does not run Vite.
    fs.mkdirSync(webDist, { recursive: true });
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>OneCity</title>');
    const future = new Date(Date.now() + 365 * 86_400_000);
    fs.utimesSync(path.join(webDist, 'index.html'), future, future);
    admin = await openDatabase({ databaseUrl: adminUrl!, poolSize: 1 });
    await sql.raw(`create database ${name} template onecity_template`).execute(admin.db);
    db = await openDatabase({ databaseUrl: withDatabase(adminUrl!, name), poolSize: 2 });
  }, 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    await db?.close();
    await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
    await admin?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('every acknowledged case exists, complete, after a SIGKILL and a restart', async () => {
    const url = withDatabase(adminUrl!, name);
    const port = await freePort();
    server = await startServer(url, port, webDist);
    const base = `http://127.0.0.1:${port}`;
    const agent = await loginOverHttp(base, 'agent');
    const category = await db.db
      .selectFrom('case_categories')
      .select('id')
      .where('level', '=', 2)
      .where('active', '=', true)
      .where('allow_anonymous', '=', true)
      .where('concerns_component', '=', false)
      .where(sql<boolean>`attributes = '[]'::jsonb`)
      .orderBy('id')
      .executeTakeFirstOrThrow();

    const acknowledged: string[] = [];
    const ackedKeys = new Map<string, { caseNo: string; description: string }>();
    let inFlightErrors = 0;
    let stop = false;
    let sent = 0;
    const client = async (w: number) => {
      for (let i = 0; !stop; i++) {
        sent++;
        const key = `crash-${w}-${i}`;
        const description = `崩溃测试 客户端${w} 第${i}件：平江路路灯不亮`;
        try {
          const res = await fetch(`${base}/api/v1/cases`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              cookie: agent.cookie,
              'x-csrf-token': agent.csrf,
              'idempotency-key': key,
            },
            body: JSON.stringify({
              channel: 'phone',
              nature: 'complaint',
              categoryId: category.id,
              description,
              reporter: { name: '测试', phone: '13900001234' },
              location: { lat: 31.31, lng: 120.62 },
            }),
          });
          if (res.status === 201) {
            const caseNo = ((await res.json()) as { caseNo: string }).caseNo;
            acknowledged.push(caseNo);
            ackedKeys.set(key, { caseNo, description });
          } else expect.fail(`unexpected ${res.status}: ${await res.text()}`);
        } catch {
          // The connection died with the server: this request was never acknowledged.
          inFlightErrors++;
          return;
        }
      }
    };
    const clients = Array.from({ length: 16 }, (_, w) => client(w));
    // Let the stream run, then kill the process without warning while requests are in flight.
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 20));
    server.kill('SIGKILL');
    await Promise.all(clients);
    stop = true;
    expect(inFlightErrors).toBeGreaterThan(0); // the kill really happened mid-stream
    const exitCode = await new Promise<number | null>((r) => {
      if (server!.exitCode !== null || server!.signalCode !== null) r(server!.exitCode);
      else server!.on('exit', (c) => r(c));
    });
    expect(exitCode).toBeNull(); // killed by a signal, not exited

    // Restart on the same database: it must come up (nothing half-written blocks it) …
    server = await startServer(url, port, webDist);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);

    // … and every acknowledged case is there, complete.
    const rows = await db.db
      .selectFrom('cases')
      .select(['id', 'case_no', 'status'])
      .where('case_no', 'in', acknowledged)
      .execute();
    expect(rows.map((r) => r.case_no).sort()).toEqual([...acknowledged].sort());
    const ids = rows.map((r) => Number(r.id));
    const parties = await db.db
      .selectFrom('case_parties')
      .select(['case_id'])
      .where('case_id', 'in', ids)
      .where('role', '=', 'centre')
      .execute();
    expect(new Set(parties.map((p) => Number(p.case_id))).size).toBe(ids.length);
    const created = await db.db
      .selectFrom('case_events')
      .select(['case_id'])
      .where('case_id', 'in', ids)
      .where('action', '=', 'create')
      .execute();
    expect(new Set(created.map((e) => Number(e.case_id))).size).toBe(ids.length);
    const audited = await sql<{ n: number }>`select count(distinct target_id)::int as n from audit_log
      where action = 'case.create' and target_id = any(${ids.map(String)})`.execute(db.db);
    expect(audited.rows[0]!.n).toBe(ids.length);

    // Whatever else reached the database (in-flight requests that committed before the kill) is complete too.
    const orphans = await sql<{ n: number }>`select count(*)::int as n from cases c
      where not exists (select 1 from case_events e where e.case_id = c.id and e.action = 'create')
         or not exists (select 1 from case_parties p where p.case_id = c.id and p.role = 'centre')`.execute(db.db);
    expect(orphans.rows[0]!.n).toBe(0);

    // The same idempotency keys, retried after the restart, return the acknowledged cases, never new ones.
    const before = await sql<{ n: number }>`select count(*)::int as n from cases`.execute(db.db);
    const again = await loginOverHttp(base, 'agent');
    const [retryKey, first] = [...ackedKeys.entries()][0]!;
    const retry = await fetch(`${base}/api/v1/cases`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: again.cookie,
        'x-csrf-token': again.csrf,
        'idempotency-key': retryKey,
      },
      body: JSON.stringify({
        channel: 'phone',
        nature: 'complaint',
        categoryId: category.id,
        description: first.description,
        reporter: { name: '测试', phone: '13900001234' },
        location: { lat: 31.31, lng: 120.62 },
      }),
    });
    // Keys are scoped to the caller; a new session of the same user is the same caller.
    expect([200, 201]).toContain(retry.status);
    expect(((await retry.json()) as { caseNo: string }).caseNo).toBe(first.caseNo);
    const after = await sql<{ n: number }>`select count(*)::int as n from cases`.execute(db.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    process.stderr.write(
      `[crash] sent ${sent}, acknowledged ${acknowledged.length}, connections cut ${inFlightErrors}, cases after restart ${after.rows[0]!.n}\n`,
    );
    server.kill('SIGTERM');
  }, 240_000);
});
