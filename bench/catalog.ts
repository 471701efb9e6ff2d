// Data centre (issue 5) on PostgreSQL: a 1,000,000-row × 20-column CSV of synthetic residents (ID numbers and
// credit codes with valid check characters, division and grid codes, dates, numbers, Chinese names and
// addresses) loaded through the real HTTP upload route — streamed, every cell validated against its data
// element, upserted by key, versioned — against `COPY … FROM STDIN` (psql \copy) of the same file into an
// unvalidated all-text table in the same run. Then the exchange API on that dataset: p95 of sequential GETs
// with a filter and masked personal fields, against GET /healthz over the same connection.
//
// `npm run bench -- catalog [--rows N]` (or BENCH_CATALOG_ROWS=N). The server that takes the load runs in a
// process of its own (bench/catalog-server.ts), as in production: its RSS is sampled from /proc during the load
// and its peak (VmHWM) read at the end; this process only generates the file, sets up and sends.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { creditCodeCheckChar, CREDIT_CODE_CHARSET } from '../src/server/platform/identifiers/credit-code.ts';
import { idCardCheckChar } from '../src/server/platform/identifiers/id-card.ts';
import { seededRandom } from '../src/server/platform/seeded-random.ts';
import { type OpenedDatabase, openDatabase } from '../src/server/platform/db/connect.ts';
import { startCluster } from '../test/support/postgres-cluster.ts';
import { prepareTemplate, TEST_ADMIN_PASSWORD, testConfig } from '../test/support/template.ts';
import type { BenchRow } from './run.ts';

const DEMO_PASSWORD = 'OneCity@Demo2026';
const log = (s: string) => process.stderr.write(`${s}\n`);
const MB = 1024 * 1024;

function rowCount(): number {
  const i = process.argv.indexOf('--rows');
  const eq = process.argv.find((a) => a.startsWith('--rows='));
  const raw = i >= 0 ? process.argv[i + 1] : eq ? eq.slice('--rows='.length) : process.env.BENCH_CATALOG_ROWS;
  const n = raw ? Number(raw) : 1_000_000;
  if (!Number.isInteger(n) || n < 1000) throw new Error(`--rows must be a whole number ≥ 1000, not ${raw}`);
  return n;
}

// ── the file ────────────────────────────────────────────────────────────────────────────────────────────

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红建国文斌宇浩然子轩欣怡梓涵';
const STREETS = ['人民路', '干将路', '十全街', '凤凰街', '平江路', '观前街', '石路', '三香路', '金鸡湖大道', '星湖街'];
const DISTRICTS = ['320505', '320506', '320507', '320508', '320509'];
const COMMUNITIES = ['金色家园', '锦华苑', '翠园新村', '东港新村', '彩香一村', '新康花园', '桐泾公寓', '水香二村'];

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const day = (base: number, offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);

export const COLUMNS = [
  '公民身份号码',
  '姓名',
  '性别',
  '出生日期',
  '手机号码',
  '户籍区划代码',
  '网格编码',
  '就业单位信用代码',
  '就业单位名称',
  '登记日期',
  '户籍地址',
  '居住地址',
  '居住证编号',
  '所属小区',
  '最近案件编号',
  '家庭人口数',
  '月收入',
  '住房面积',
  '更新时间',
  '备注',
] as const;

/** Row i of the file (i from 0): unique ID numbers; everything valid. `changed` alters its 备注. */
function row(i: number, rnd: () => number, changed = false): string {
  const district = DISTRICTS[i % DISTRICTS.length];
  const birth = day(Date.UTC(1940, 0, 1), Math.floor(i / 500) % 25_000);
  const seq = pad((i % 500) * 2 + (i % 2), 3);
  const idBody = `${district}${birth.replaceAll('-', '')}${seq}`;
  const id = idBody + idCardCheckChar(idBody);
  const name =
    SURNAMES[Math.floor(rnd() * SURNAMES.length)] +
    GIVEN[Math.floor(rnd() * GIVEN.length)] +
    (rnd() < 0.6 ? GIVEN[Math.floor(rnd() * GIVEN.length)] : '');
  const gender = String((Number(seq) % 2) + 1 === 2 ? 1 : 2);
  const mobile = `1${3 + Math.floor(rnd() * 7)}${pad(Math.floor(rnd() * 1e9), 9)}`;
  const division = `${district}${pad(1 + (i % 12), 3)}${pad(1 + (i % 30), 3)}`;
  const grid = `${division}${pad(1 + (i % 20), 2)}`;
  let ccBody = `91${district}`;
  for (let k = 0; k < 9; k++) ccBody += CREDIT_CODE_CHARSET[Math.floor(rnd() * 31)];
  const credit = ccBody + creditCodeCheckChar(ccBody);
  const company = `苏州${STREETS[i % STREETS.length].slice(0, 2)}${['科技', '贸易', '物流', '餐饮', '建设'][i % 5]}有限公司`;
  const registered = day(Date.UTC(2000, 0, 1), Math.floor(rnd() * 9000));
  const street = STREETS[Math.floor(rnd() * STREETS.length)];
  const home = `江苏省苏州市姑苏区${street}${1 + Math.floor(rnd() * 300)}号`;
  const community = COMMUNITIES[i % COMMUNITIES.length];
  const live = `${community}${1 + (i % 40)}幢${1 + (i % 6)}单元${101 + (i % 18) * 100}室`;
  const permit = `JZZ${pad(i, 10)}`;
  const caseNo = `2026${pad(1 + (i % 12), 2)}${pad(1 + (i % 28), 2)}${pad(i % 100000, 5)}`;
  const household = String(1 + Math.floor(rnd() * 6));
  const income = (2000 + rnd() * 30000).toFixed(2);
  const area = (30 + rnd() * 150).toFixed(1);
  const updated = `${day(Date.UTC(2026, 0, 1), i % 300)}T${pad(i % 24, 2)}:${pad(i % 60, 2)}:00+08:00`;
  const note = changed ? '信息已更新' : i % 7 === 0 ? '' : '常住';
  return [
    id,
    name,
    gender,
    birth,
    mobile,
    division,
    grid,
    credit,
    company,
    registered,
    home,
    live,
    permit,
    community,
    caseNo,
    household,
    income,
    area,
    updated,
    note,
  ].join(',');
}

/** The file of n rows; with `changeEvery` k, every k-th row differs from the first file (a monthly refresh). */
export async function writeCsv(file: string, n: number, changeEvery = 0): Promise<number> {
  const out = fs.createWriteStream(file);
  const rnd = seededRandom(20261129);
  out.write(`${COLUMNS.join(',')}\n`);
  for (let i = 0; i < n; ) {
    const lines: string[] = [];
    for (let k = 0; k < 5000 && i < n; k++, i++) lines.push(row(i, rnd, changeEvery > 0 && i % changeEvery === 0));
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return fs.statSync(file).size;
}

// ── the app ─────────────────────────────────────────────────────────────────────────────────────────────

interface Session {
  cookie: string;
  csrf: string;
}

async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return { cookie: String(res.headers['set-cookie']).split(';')[0], csrf: res.json().csrfToken };
}

async function call(app: FastifyInstance, s: Session, method: string, url: string, body?: unknown) {
  const res = await app.inject({
    method: method as 'GET',
    url,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: { cookie: s.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrf }) },
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function stewardOf(app: FastifyInstance, admin: Session, code: string, name: string): Promise<Session> {
  const depts = (await call(app, admin, 'GET', '/api/v1/org/departments')).items as { id: number; code: string }[];
  const departmentId = depts.find((d) => d.code === code)!.id;
  await call(app, admin, 'POST', '/api/v1/org/users', {
    username: name,
    displayName: `基准 ${name}`,
    password: 'Bench#Pass-2026',
    departmentId,
    grants: [{ role: 'data_steward', departmentId }],
  });
  return login(app, name, 'Bench#Pass-2026');
}

/** Registers and publishes the 20-column resource; the numbers and time get elements of their own. */
async function publishResource(app: FastifyInstance, provider: Session, office: Session): Promise<string> {
  const elements = (await call(app, provider, 'GET', '/api/v1/catalog/elements?limit=200')).items as {
    identifier: string;
    version: number;
    nameZh: string;
  }[];
  const el = (nameZh: string) => {
    const e = elements.find((x) => x.nameZh === nameZh);
    if (!e) throw new Error(`no element ${nameZh}`);
    return { identifier: e.identifier, version: e.version };
  };
  const made = async (body: Record<string, unknown>) => {
    const e = await call(app, office, 'POST', '/api/v1/catalog/elements', { status: 'standard', ...body });
    return { identifier: e.identifier as string, version: e.version as number };
  };
  const household = await made({
    nameZh: '家庭人口数',
    definition: '户内常住人口数。',
    dataType: 'integer',
    valueDomain: { kind: 'range', min: 1, max: 30 },
    unit: '人',
  });
  const income = await made({
    nameZh: '月收入',
    definition: '税前月收入。',
    dataType: 'decimal',
    valueDomain: { kind: 'range', min: 0, max: 10_000_000 },
    unit: '元',
  });
  const area = await made({ nameZh: '住房面积', definition: '住房建筑面积。', dataType: 'decimal', unit: '平方米' });
  const updated = await made({ nameZh: '更新时间', definition: '记录最后更新的时间。', dataType: 'datetime' });
  const items = [
    { name: '公民身份号码', element: el('公民身份号码'), isKey: true, personalInfo: 'sensitive' },
    { name: '姓名', element: el('姓名'), personalInfo: 'personal' },
    { name: '性别', element: el('性别代码'), personalInfo: 'none' },
    { name: '出生日期', element: el('出生日期'), personalInfo: 'personal' },
    { name: '手机号码', element: el('手机号码'), personalInfo: 'personal' },
    { name: '户籍区划代码', element: el('行政区划代码'), personalInfo: 'none' },
    { name: '网格编码', element: el('网格编码'), personalInfo: 'none' },
    { name: '就业单位信用代码', element: el('统一社会信用代码'), personalInfo: 'none' },
    { name: '就业单位名称', element: el('法人名称'), personalInfo: 'none' },
    { name: '登记日期', element: el('登记日期'), personalInfo: 'none' },
    { name: '户籍地址', element: el('地址'), personalInfo: 'personal' },
    { name: '居住地址', element: el('地址'), personalInfo: 'personal' },
    { name: '居住证编号', element: el('业务编号'), personalInfo: 'personal' },
    { name: '所属小区', element: el('名称'), personalInfo: 'none' },
    { name: '最近案件编号', element: el('案件编号'), personalInfo: 'none' },
    { name: '家庭人口数', element: household, personalInfo: 'none' },
    { name: '月收入', element: income, personalInfo: 'sensitive' },
    { name: '住房面积', element: area, personalInfo: 'none' },
    { name: '更新时间', element: updated, personalInfo: 'none' },
    { name: '备注', element: el('名称'), personalInfo: 'none' },
  ];
  let r = await call(app, provider, 'POST', '/api/v1/catalog/resources', {
    name: '实有人口基础信息（基准）',
    classification: '313001',
    kind: 'department',
    summary: '基准测试用的实有人口数据。',
    format: 'table',
    items,
    shareType: 'unconditional',
    shareMethod: 'api',
    openness: 'closed',
    updateCycle: 'monthly',
    grade: 'important',
  });
  r = await call(app, provider, 'POST', `/api/v1/catalog/resources/${r.code}/submit`, { version: r.version });
  r = await call(app, office, 'POST', `/api/v1/catalog/resources/${r.code}/approve`, { version: r.version });
  return r.code as string;
}

function post(
  port: number,
  url: string,
  headers: Record<string, string>,
  file: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: url, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(req);
  });
}

async function getTimes(n: number, url: string, headers: Record<string, string>): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const req = http.get(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 300) reject(new Error(`GET ${url}: ${res.statusCode}`));
          else resolve(performance.now() - t0);
        });
      });
      req.on('error', reject);
    });
  await once(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await once());
  agent.destroy();
  return times.sort((a, b) => a - b);
}
const p95 = (sorted: number[]) => sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];

/** CPU seconds (user + system) so far of the server's processes (backends, writer, …): /proc, Linux only. */
async function postgresCpu(db: OpenedDatabase['db']): Promise<number> {
  const pids = await sql<{ pid: number }>`select pid from pg_stat_activity`.execute(db);
  const tick = 100; // USER_HZ
  let total = 0;
  for (const { pid } of pids.rows) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(f[11]) + Number(f[12])) / tick;
    } catch {
      // gone, or not on Linux
    }
  }
  return total;
}

function psqlPath(): string {
  const root = '/usr/lib/postgresql';
  for (const v of fs.existsSync(root) ? fs.readdirSync(root).sort().reverse() : []) {
    const p = path.join(root, v, 'bin/psql');
    if (fs.existsSync(p)) return p;
  }
  return 'psql';
}

interface ServerProcess {
  pid: number;
  port: number;
  stop(): void;
}

/** bench/catalog-server.ts on `url`, once it listens. */
function startServer(url: string, maxBytes: number): Promise<ServerProcess> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'catalog-server.ts');
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      script,
      url,
      String(maxBytes),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      out += c;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ pid: child.pid ?? 0, port: Number(m[1]), stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before listening: ${out}`)));
  });
}

/** A /proc/<pid>/status field in bytes (Linux). */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
const rssOf = (pid: number) => statusBytes(pid, 'VmRSS');
const peakRssOf = (pid: number) => statusBytes(pid, 'VmHWM');

/** CPU seconds (user + system) of a process so far (Linux). */
function cpuOf(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

// ── the bench ───────────────────────────────────────────────────────────────────────────────────────────

export async function catalogBench(): Promise<BenchRow[]> {
  const n = rowCount();
  const started = await startCluster();
  if ('unavailable' in started) throw new Error(`the catalog bench needs PostgreSQL: ${started.unavailable}`);
  const cluster = started;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onecity-catalog-bench-'));
  const file = path.join(dir, 'people.csv');
  let opened: OpenedDatabase | undefined;
  let app: FastifyInstance | undefined;
  let server: ServerProcess | undefined;
  const rows: BenchRow[] = [];
  const add = (c: string, baseline: string, value: number, baselineValue: number, unit: string) =>
    rows.push({ case: c, baseline, value, baselineValue, unit, ratio: value / baselineValue });
  try {
    let t0 = performance.now();
    const bytes = await writeCsv(file, n);
    log(
      `CSV: ${n} rows × ${COLUMNS.length} columns, ${(bytes / MB).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const admin = await openDatabase({ databaseUrl: cluster.url('postgres'), poolSize: 1 });
    await sql.raw('create database onecity_bench').execute(admin.db);
    await admin.close();
    const url = cluster.url('onecity_bench');
    opened = await openDatabase({ databaseUrl: url, poolSize: 8 });
    await prepareTemplate(opened.db);

    // Baseline: COPY of the same file into a table of 20 text columns, no key, no checks.
    await sql.raw(`create table copy_baseline (${COLUMNS.map((c) => `"${c}" text`).join(', ')})`).execute(opened.db);
    t0 = performance.now();
    execFileSync(
      psqlPath(),
      [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy copy_baseline from '${file}' with (format csv, header true)`],
      {
        stdio: 'pipe',
      },
    );
    const copySeconds = (performance.now() - t0) / 1000;
    const copied = await sql<{ n: string }>`select count(*) as n from copy_baseline`.execute(opened.db);
    log(`COPY: ${copied.rows[0].n} rows in ${copySeconds.toFixed(1)} s (${(n / copySeconds).toFixed(0)} rows/s)`);
    await sql`drop table copy_baseline`.execute(opened.db);

    // Setup (accounts, the resource) through an app in this process; the load and the exchange calls go to
    // the server process (bench/catalog-server.ts), whose memory and CPU are measured on their own.
    app = await buildApp({
      config: testConfig(),
      db: opened.db,
      engine: opened.engine,
      logger: false,
      serveWeb: false,
    });
    server = await startServer(url, 4 * 1024 * MB);
    const port = server.port;
    const adminS = await login(app, 'admin', TEST_ADMIN_PASSWORD);
    const office = await login(app, 'steward', DEMO_PASSWORD);
    const provider = await stewardOf(app, adminS, 'CGJ', 'bench_provider');
    const consumer = await stewardOf(app, adminS, 'SCJGJ', 'bench_consumer');
    const code = await publishResource(app, provider, office);

    const rssBefore = rssOf(server.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssOf(server?.pid ?? 0));
    }, 20);
    const pgCpu0 = await postgresCpu(opened.db);
    const cpu0 = cpuOf(server.pid);
    /** Uploads a CSV as the provider; the answer and the seconds it took. */
    const timedLoad = async (csvFile: string) => {
      const start = performance.now();
      const answer = await post(
        port,
        `/api/v1/catalog/resources/${code}/dataset/loads`,
        { 'content-type': 'text/csv', cookie: provider.cookie, 'x-csrf-token': provider.csrf },
        csvFile,
      );
      return { ...answer, seconds: (performance.now() - start) / 1000 };
    };
    const res = await timedLoad(file);
    const loadSeconds = res.seconds;
    const cpu = cpuOf(server.pid) - cpu0;
    const pgCpu = (await postgresCpu(opened.db)) - pgCpu0;
    clearInterval(sampler);
    if (res.status !== 200) throw new Error(`load: ${res.status} ${res.body.slice(0, 2000)}`);
    const report = JSON.parse(res.body);
    const hwm = peakRssOf(server.pid);
    log(
      `load: ${report.inserted} inserted, ${report.errorCount} errors, quality ${report.quality.score}, in ` +
        `${loadSeconds.toFixed(1)} s (${(n / loadSeconds).toFixed(0)} rows/s); server RSS ${(rssBefore / MB).toFixed(0)} → peak ` +
        `${(rssPeak / MB).toFixed(0)} MB sampled, VmHWM ${(hwm / MB).toFixed(0)} MB; CPU: server ` +
        `${cpu.toFixed(1)} s, PostgreSQL ${pgCpu.toFixed(1)} s`,
    );
    if (report.inserted !== n) throw new Error(`expected ${n} rows inserted, got ${report.inserted}`);
    add(
      `load ${n} × ${COLUMNS.length} CSV over HTTP (streamed, validated, upsert by key, versioned)`,
      'psql \\copy (COPY FROM STDIN) into an unvalidated text table',
      n / loadSeconds,
      n / copySeconds,
      'rows/s',
    );
    add(
      'peak RSS of the server process during the load (sampled every 20 ms)',
      'issue target',
      rssPeak / MB,
      500,
      'MB',
    );
    add(
      'RSS growth of the server during the load',
      'its RSS before the load',
      (rssPeak - rssBefore) / MB,
      rssBefore / MB,
      'MB',
    );
    add('peak RSS of the server process since it started (VmHWM)', 'issue target', hwm / MB, 500, 'MB');

    // A refresh: the same people again, one in ten changed (upsert: 90 % unchanged, 10 % updated).
    const refresh = path.join(dir, 'people-refresh.csv');
    await writeCsv(refresh, n, 10);
    const again = await timedLoad(refresh);
    const reloadSeconds = again.seconds;
    if (again.status !== 200) throw new Error(`reload: ${again.status} ${again.body.slice(0, 2000)}`);
    const second = JSON.parse(again.body);
    log(
      `reload: ${second.inserted} inserted, ${second.updated} updated in ${reloadSeconds.toFixed(1)} s ` +
        `(${(n / reloadSeconds).toFixed(0)} rows/s); server VmHWM ${(peakRssOf(server.pid) / MB).toFixed(0)} MB`,
    );
    if (second.updated !== Math.ceil(n / 10)) throw new Error(`expected ${Math.ceil(n / 10)} updated: ${again.body}`);
    add(
      `reload of the ${n} rows, 10 % changed (upsert: unchanged rows dropped, changed ones versioned)`,
      'psql \\copy (COPY FROM STDIN) into an unvalidated text table',
      n / reloadSeconds,
      n / copySeconds,
      'rows/s',
    );
    add(
      'peak RSS of the server process after the reload (VmHWM)',
      'issue target',
      peakRssOf(server.pid) / MB,
      500,
      'MB',
    );

    // Exchange: an unconditional grant for the consumer, a credential, then sequential masked, filtered GETs.
    const request = await call(app, consumer, 'POST', '/api/v1/exchange/requests', {
      resourceCode: code,
      purpose: '市场主体登记核验',
      fields: ['公民身份号码', '姓名', '性别', '手机号码', '户籍区划代码', '月收入', '所属小区'],
      legalBasis: '《市场主体登记管理条例》',
      periodDays: 30,
      consumerSystem: '市场监管综合业务系统',
    });
    const checked = await call(app, office, 'POST', `/api/v1/exchange/requests/${request.id}/office-check`, {
      approve: true,
    });
    const cred = await call(app, consumer, 'POST', `/api/v1/exchange/grants/${checked.grant.id}/credentials`);
    const keyHeaders = { 'x-exchange-key': cred.key, 'x-user-id': 'bench', 'x-purpose': 'BENCH-2026' };
    const base = `http://127.0.0.1:${port}/api/v1/exchange/data/${code}`;
    const sample = await new Promise<string>((resolve, reject) => {
      http
        .get(`${base}?${encodeURIComponent('性别')}=1&limit=1`, { headers: keyHeaders }, (r) => {
          let b = '';
          r.on('data', (c) => {
            b += c;
          });
          r.on('end', () => resolve(b));
        })
        .on('error', reject);
    });
    log(`exchange sample: ${sample.slice(0, 400)}`);
    const health = await getTimes(40, `http://127.0.0.1:${port}/healthz`, {});
    const calls = 35; // three series within the credential's 120 calls a minute
    const byGender = await getTimes(calls, `${base}?${encodeURIComponent('性别')}=1&limit=100`, keyHeaders);
    const byCommunity = await getTimes(
      calls,
      `${base}?${encodeURIComponent('所属小区')}=${encodeURIComponent('锦华苑')}&limit=100`,
      keyHeaders,
    );
    // 核验 one person by ID number (the key): a real number from the table.
    const someone = await sql<{ id: string }>`
      select c1 as id from ${sql.table(`catalog_ds_${(await sql<{ id: number }>`select max(id) as id from catalog_datasets`.execute(opened.db)).rows[0].id}`)}
       where _to is null offset 12345 limit 1`.execute(opened.db);
    const byId = await getTimes(
      calls,
      `${base}?${encodeURIComponent('公民身份号码')}=${someone.rows[0].id}&limit=100`,
      keyHeaders,
    );
    log(
      `exchange: filter 性别=1 p50 ${byGender[Math.floor(calls / 2)].toFixed(1)} / p95 ${p95(byGender).toFixed(1)} ms; ` +
        `所属小区 p95 ${p95(byCommunity).toFixed(1)} ms; 公民身份号码 p95 ${p95(byId).toFixed(1)} ms; ` +
        `/healthz p95 ${p95(health).toFixed(2)} ms`,
    );
    add(
      `exchange GET one person by 公民身份号码 (the key), masked (${calls} sequential, p95)`,
      'GET /healthz p95',
      p95(byId),
      p95(health),
      'ms',
    );
    add(
      `exchange GET 100 rows, filter 性别=1, masked (${calls} sequential, p95)`,
      'GET /healthz p95',
      p95(byGender),
      p95(health),
      'ms',
    );
    add(
      `exchange GET 100 rows, filter 所属小区 (1 in 8), masked (${calls} sequential, p95)`,
      'GET /healthz p95',
      p95(byCommunity),
      p95(health),
      'ms',
    );
  } finally {
    server?.stop();
    await app?.close();
    await opened?.close();
    cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
