// The `onecity` command line, run as a user runs it: `node bin/onecity.js …` on a temporary embedded data
// directory. Each spawn costs seconds (tsx + PGlite start), so the steps share one data directory and run in order.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAccessLog } from '../../src/server/modules/exchange/access-log.ts';
import { openDatabase } from '../../src/server/platform/db/connect.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/onecity.js');
const ADMIN_PASSWORD = 'Cli#Root-Pass-2026';
const KEY_FORMAT = /^oc_[a-z2-7]{40}$/;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ONECITY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    ...extra,
  };
  for (const k of ['DATABASE_URL', 'ONECITY_DATA_DIR', 'PORT', 'HOST', 'TEST_DATABASE_URL']) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}

function run(args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 60_000): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(extraEnv) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`onecity ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
const lastLine = (s: string) => lines(s).at(-1) ?? '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${seen}`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => {
      seen += d.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${seen}`));
    });
  });
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null | 'timeout'> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('onecity CLI', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onecity-cli-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('lists its commands in --help', async () => {
    const res = await run(['--help']);
    expect(res.code).toBe(0);
    for (const command of ['start', 'migrate', 'seed', 'user', 'apikey', 'audit']) {
      expect(res.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('stops on a bad setting with one line that names it', async () => {
    const res = await run(['start', '--data-dir', path.join(tmp, 'never')], { PORT: 'abc' });
    expect(res.code).not.toBe(0);
    expect(lines(res.stderr)).toHaveLength(1);
    expect(res.stderr).toContain('PORT');
    expect(res.stdout).toBe('');
    expect(fs.existsSync(path.join(tmp, 'never', 'pgdata'))).toBe(false);
  });

  describe('on one embedded data directory, step by step', () => {
    const dataDir = path.join(tmp, 'data');
    const cli = (...args: string[]) => run([...args, '--data-dir', dataDir]);
    let key = '';
    let keyId = 0;

    it('migrate applies the migrations to a fresh data directory', async () => {
      const res = await cli('migrate');
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/applied \d+ migrations/);
      expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'onecity.lock'))).toBe(false);
    });

    it('apikey create prints the new key alone on the last line', async () => {
      const res = await cli('apikey', 'create', '--name', 'APP', '--scope', 'org.department.read');
      expect(res.code, res.stderr).toBe(0);
      key = lastLine(res.stdout);
      expect(key).toMatch(KEY_FORMAT);
      keyId = Number(/#(\d+)/.exec(res.stdout)?.[1]);
      expect(keyId).toBeGreaterThan(0);
    });

    it('apikey list shows the key by its prefix only', async () => {
      const res = await cli('apikey', 'list');
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain('APP');
      expect(res.stdout).toContain(key.slice(0, 10));
      expect(res.stdout).not.toContain(key);
      expect(res.stdout).toMatch(/active/);
    });

    it('apikey revoke revokes it', async () => {
      const res = await cli('apikey', 'revoke', String(keyId));
      expect(res.code, res.stderr).toBe(0);
      const list = await cli('apikey', 'list');
      expect(list.stdout).toMatch(/revoked/);
    });

    it('user create prints a generated password that meets the policy', async () => {
      const res = await cli('user', 'create', 'bob', '--name', 'Bob', '--role', 'leader');
      expect(res.code, res.stderr).toBe(0);
      const password = /password:\s*(\S+)/.exec(res.stdout)?.[1] ?? '';
      expect(password.length).toBeGreaterThanOrEqual(10);
      expect([/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(password)).length).toBeGreaterThanOrEqual(
        3,
      );
    });

    it('user disable disables the account', async () => {
      const res = await cli('user', 'disable', 'bob');
      expect(res.code, res.stderr).toBe(0);
      const db = await openDatabase({ dataDir });
      try {
        const row = await db.db
          .selectFrom('users')
          .select(['disabled'])
          .where('username', '=', 'bob')
          .executeTakeFirst();
        expect(row?.disabled).toBe(true);
      } finally {
        await db.close();
      }
    });

    it('audit verify exits 0 on an untouched audit log', async () => {
      const res = await cli('audit', 'verify');
      expect(res.code, `${res.stdout}${res.stderr}`).toBe(0);
      expect(res.stdout).toMatch(/intact/);
    });

    it('audit verify exits non-zero and names the record after one audit row is altered with SQL', async () => {
      const db = await openDatabase({ dataDir });
      let tampered: number;
      try {
        const rows = await sql<{ id: number }>`
          update audit_log set summary = '{"name":"forged"}'::jsonb
          where id = (select id from audit_log where chain_seq is not null order by chain_seq limit 1 offset 1)
          returning id`.execute(db.db);
        expect(rows.rows).toHaveLength(1);
        tampered = Number(rows.rows[0].id);
      } finally {
        await db.close();
      }
      const res = await cli('audit', 'verify');
      const output = `${res.stdout}\n${res.stderr}`;
      expect(res.code).not.toBe(0);
      expect(output).toMatch(new RegExp(`#${tampered}\\b`));
      expect(output).not.toContain('[object Object]');
    });

    // Access-log rows are written by the exchange module's own writer (writeAccessLog, as a data-API call does
    // in its transaction), unsealed; `exchange verify-log` seals the backlog first and then walks the chain.
    it('exchange verify-log seals and verifies an intact access log (exit 0)', async () => {
      const db = await openDatabase({ dataDir });
      try {
        for (let i = 1; i <= 3; i++) {
          await db.db.transaction().execute((tx) =>
            writeAccessLog(tx, {
              consumerSystem: 'CLI-TEST',
              consumerPath: 'CGJ/CLI-TEST',
              providerPath: 'GAJ',
              credentialId: null,
              grantId: null,
              userId: `u${i}`,
              purpose: `case-${i}`,
              resourceCode: 'RES-CLI-0001',
              endpoint: 'rows',
              fields: ['name', 'phone'],
              rowCount: 10 * i,
              status: 200,
              requestHash: `req-${i}`,
              responseHash: `resp-${i}`,
            }),
          );
        }
      } finally {
        await db.close();
      }
      const res = await cli('exchange', 'verify-log');
      expect(res.code, `${res.stdout}${res.stderr}`).toBe(0);
      expect(res.stdout).toMatch(/intact: 3 records verified/);
    });

    it('exchange verify-log exits 3 and names the first record after one access-log row is altered with SQL', async () => {
      const db = await openDatabase({ dataDir });
      let tampered: number;
      try {
        const sealed = await sql<{ n: number }>`
          select count(*)::int as n from exchange_access_log where chain_seq is not null`.execute(db.db);
        expect(sealed.rows[0].n).toBe(3);
        const rows = await sql<{ id: number }>`
          update exchange_access_log set row_count = 99999
          where id = (select id from exchange_access_log where chain_seq is not null order by chain_seq limit 1 offset 1)
          returning id`.execute(db.db);
        expect(rows.rows).toHaveLength(1);
        tampered = Number(rows.rows[0].id);
      } finally {
        await db.close();
      }
      const res = await cli('exchange', 'verify-log');
      const output = `${res.stdout}\n${res.stderr}`;
      expect(res.code, output).toBe(3);
      expect(output).toMatch(new RegExp(`id=${tampered}\\b`));
      expect(output).toMatch(/problem=altered/);
      expect(output).toMatch(/after 1 good records/);
      expect(output).not.toContain('[object Object]');
    });
  });

  describe('while `onecity start` owns the data directory', () => {
    const dataDir = path.join(tmp, 'served');
    const webDist = path.join(tmp, 'web');
    let server: ChildProcess;
    let port: number;

    beforeAll(async () => {
      fs.mkdirSync(webDist, { recursive: true });
      fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>OneCity</title>');
      port = await freePort();
      server = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--data-dir', dataDir, '--no-demo'], {
        cwd: ROOT,
        env: cliEnv({ ONECITY_WEB_DIST: webDist }),
      });
      await waitForOutput(server, /is running at/, 90_000);
    }, 120_000);
    afterAll(() => {
      if (server && server.exitCode === null) server.kill('SIGKILL');
    });

    it('runs apikey create through the server, and the server keeps serving', async () => {
      const res = await run([
        'apikey',
        'create',
        '--name',
        'SRV',
        '--scope',
        'org.department.read',
        '--data-dir',
        dataDir,
      ]);
      expect(res.code, res.stderr).toBe(0);
      const created = lastLine(res.stdout);
      expect(created).toMatch(KEY_FORMAT);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      const departments = await fetch(`http://127.0.0.1:${port}/api/v1/org/departments`, {
        headers: { authorization: `Bearer ${created}` },
      });
      expect(departments.status).toBe(200);
    });

    it('a key from `apikey create --scope open311` files an Open311 request as api_key; a wrong key is 403', async () => {
      const res = await run(['apikey', 'create', '--name', 'APP', '--scope', 'open311', '--data-dir', dataDir]);
      expect(res.code, res.stderr).toBe(0);
      const appKey = lastLine(res.stdout);
      expect(appKey).toMatch(KEY_FORMAT);
      const base = `http://127.0.0.1:${port}/open311/v2`;

      // --no-demo: no demo grids or departments, but the default categories are loaded at start-up.
      const services = await fetch(`${base}/services.json`);
      expect(services.status).toBe(200);
      const list = (await services.json()) as { service_code: string; metadata: boolean }[];
      expect(list.length).toBeGreaterThan(0);
      const plain = list.find((s) => s.metadata === false);
      expect(plain, 'a service without required attributes').toBeDefined();

      const submit = (apiKey: string) =>
        fetch(`${base}/requests.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: new URLSearchParams({
            api_key: apiKey,
            service_code: plain?.service_code ?? '',
            address_string: '姑苏区人民路 100 号',
            description: '命令行测试：路灯不亮',
            first_name: '小明',
            last_name: '王',
            phone: '13800001111',
          }).toString(),
        });

      const wrong = await submit(`oc_${'a'.repeat(40)}`);
      expect(wrong.status).toBe(403);
      const errors = (await wrong.json()) as { code: number; description: string }[];
      expect(errors[0]).toMatchObject({ code: 403 });
      expect(errors[0].description).toContain('OPEN311_API_KEY_INVALID');

      const ok = await submit(appKey);
      const body = await ok.text();
      expect(ok.status, body).toBe(200);
      const [filed] = JSON.parse(body) as { service_request_id: string }[];
      expect(filed.service_request_id).toMatch(/^\d{8}-\d{7}$/);
      const shown = await fetch(`${base}/requests/${filed.service_request_id}.json`);
      expect(shown.status).toBe(200);
      const [request] = (await shown.json()) as { service_code: string; address: string }[];
      expect(request).toMatchObject({ service_code: plain?.service_code, address: '姑苏区人民路 100 号' });
    });

    it('shuts down cleanly with exit code 0 within 10 s of SIGTERM', async () => {
      server.kill('SIGTERM');
      expect(await exitOf(server, 10_000)).toBe(0);
      expect(fs.existsSync(path.join(dataDir, 'onecity.lock'))).toBe(false);
    });
  });
});
