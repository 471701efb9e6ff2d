// `npm run bench -- cases` (issue 4), on PostgreSQL:
//  1. create-case throughput and p50/p99 latency over HTTP with 32 concurrent clients — the whole intake (session,
//     CSRF, validation, locate into a grid, routing, duplicate check, idempotency, audit, outbox) — against a
//     baseline endpoint in the same server that inserts one row in one transaction behind the same session check;
//  2. list/search p95 on 1,000,000 cases (filters, scope, Chinese keyword) against an authenticated GET that reads
//     one row (the caller's own account), in the same run.
// Options: --cases N (default 1,000,000) for the list part, --creates N (default 3,000).
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { runAction } from '../src/server/platform/http/action.ts';
import { openDatabase } from '../src/server/platform/db/connect.ts';
import { emit } from '../src/server/platform/outbox/outbox.ts';
import { withDatabase } from '../test/support/global-setup.ts';
import { startCluster } from '../test/support/postgres-cluster.ts';
import { prepareTemplate, testConfig } from '../test/support/template.ts';
import type { BenchRow } from './run.ts';

const DEMO_PASSWORD = 'OneCity@Demo2026';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface LoadResult {
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/** `total` requests from `concurrency` clients; each request must answer `expect`. */
async function load(
  total: number,
  concurrency: number,
  send: (i: number) => Promise<Response>,
  expectStatus: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = performance.now();
        const res = await send(i);
        const body = await res.text();
        latencies.push(performance.now() - s);
        if (res.status !== expectStatus) throw new Error(`request ${i}: ${res.status} ${body.slice(0, 300)}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: total / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken };
}

const DESCRIPTIONS = [
  '平江路小区门口井盖缺失，晚上经过很危险',
  '观前街人行道上暴露垃圾无人清理，气味很大',
  '干将路十字路口路灯不亮已经一周',
  '凤凰街菜市场附近占道经营严重影响通行',
  '石路公交站旁非法小广告张贴满墙',
  '十全街施工扰民，夜间十点后仍在施工',
  '山塘街河边步道护栏松动存在安全隐患',
  '人民路学校门口机动车乱停放早晚高峰拥堵',
];

/** Inserts `n` synthetic cases in bulk (SQL-side), with their centre party and, when dispatched, main party. */
async function bulkCases(db: Awaited<ReturnType<typeof openDatabase>>['db'], n: number) {
  const centre = await sql<{
    id: number;
    path: string;
  }>`select id, path from departments where code = 'C12345'`.execute(db);
  const cgj = await sql<{
    id: number;
    path: string;
  }>`select id, path from departments where code = 'CGJ-320508'`.execute(db);
  const cats = await sql<{ id: number }>`select id from case_categories where level = 2 order by id`.execute(db);
  const communities = await sql<{
    code: string;
  }>`select code from divisions where level = 'community' and code like '320508%' order by code limit 200`.execute(db);
  const catIds = cats.rows.map((r) => r.id);
  const comm = communities.rows.map((r) => r.code);
  // GIN indexes are rebuilt after the load (as any bulk load would): maintaining them row by row is what
  // makes a 1M-row insert slow, and it is not what the list benchmark measures.
  const gin = await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes
    where tablename = 'cases' and indexdef ilike '%using gin%'`.execute(db);
  for (const g of gin.rows) await sql.raw(`drop index ${g.indexname}`).execute(db);
  const batch = 100_000;
  const t0 = performance.now();
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await sql`
      insert into cases (id, case_no, channel, nature, category_id, urgency, title, description, status,
        reporter_name, reporter_phone, lat, lng, grid_code, community_code, street_code, district_code, area_code,
        main_department_id, created_at, updated_at, version)
      select g + 1000000, to_char(ts, 'YYYYMMDD') || '-' || lpad((g + 1000000)::text, 7, '0'),
        (array['phone','phone','phone','app','web','grid','grid','open311'])[1 + g % 8],
        (array['complaint','consult','help','report','suggestion','complaint','help','other'])[1 + (g / 8) % 8],
        (${catIds}::int[])[1 + ((g::bigint * 7919) % ${catIds.length})::int],
        case when g % 25 = 0 then 'urgent' else 'normal' end,
        left(d, 20), '市民反映：' || d || '（第' || g || '号）',
        (array['revisited','revisited','revisited','closed','closed','in_progress','dispatched','handled','registered','received'])[1 + (g * 31) % 10],
        '测试' || (g % 1000), '139' || lpad(((g::bigint * 7907) % 100000000)::text, 8, '0'),
        31.28 + (g % 600) * 0.0001, 120.58 + (g % 800) * 0.0001,
        c || '01', c, left(c, 9), left(c, 6), c,
        case when g % 10 < 8 then ${cgj.rows[0]!.id}::int end, ts, ts, 1
      from generate_series(${from}::int, ${to}::int) g,
        lateral (select now() - ((g * 7.3)::int % 525600) * interval '1 minute' as ts,
          (${DESCRIPTIONS}::text[])[1 + (g * 13) % ${DESCRIPTIONS.length}] as d,
          (${comm}::text[])[1 + (g * 17) % ${comm.length}] as c) x`.execute(db);
    await sql`insert into case_parties (case_id, department_id, department_path, role)
      select id, ${centre.rows[0]!.id}::int, ${centre.rows[0]!.path}, 'centre' from cases
      where id between ${from + 1_000_000} and ${to + 1_000_000}`.execute(db);
    await sql`insert into case_parties (case_id, department_id, department_path, role)
      select id, main_department_id, ${cgj.rows[0]!.path}, 'main' from cases
      where id between ${from + 1_000_000} and ${to + 1_000_000} and main_department_id is not null`.execute(db);
    process.stderr.write(`  cases ${to.toLocaleString()} / ${n.toLocaleString()}\r`);
  }
  for (const g of gin.rows) await sql.raw(g.indexdef).execute(db);
  await sql`select setval('cases_id_seq', (select max(id) from cases))`.execute(db);
  await sql`analyze cases`.execute(db);
  await sql`analyze case_parties`.execute(db);
  process.stderr.write(`\n  ${n.toLocaleString()} cases loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}

export async function casesBench(): Promise<BenchRow[]> {
  const cluster = await startCluster();
  if ('unavailable' in cluster) {
    process.stderr.write(`cases benchmark needs PostgreSQL: ${cluster.unavailable}\n`);
    return [];
  }
  const rows: BenchRow[] = [];
  const admin = await openDatabase({ databaseUrl: cluster.url('postgres'), poolSize: 1 });
  await sql.raw('create database bench_cases').execute(admin.db);
  await admin.close();
  const opened = await openDatabase({
    databaseUrl: withDatabase(cluster.url('postgres'), 'bench_cases'),
    poolSize: 20,
  });
  try {
    await prepareTemplate(opened.db);
    const app = await buildApp({
      config: testConfig(),
      db: opened.db,
      engine: opened.engine,
      logger: false,
      serveWeb: false,
    });
    // The baseline: the same session + CSRF check and one transaction that inserts one row.
    app.post('/api/v1/bench/baseline', async (req, reply) => {
      await runAction(req, (tx) => emit(tx, { type: 'bench.baseline' }));
      return reply.code(201).send({ ok: true });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const agent = await login(base, 'agent');
    const headers = { 'content-type': 'application/json', cookie: agent.cookie, 'x-csrf-token': agent.csrf };
    const category = await sql<{ id: number }>`select id from case_categories where level = 2 and active
      and allow_anonymous and not concerns_component and attributes = '[]'::jsonb order by id limit 1`.execute(
      opened.db,
    );
    const creates = arg('creates', 3000);
    const body = (i: number) =>
      JSON.stringify({
        channel: 'phone',
        nature: 'complaint',
        categoryId: category.rows[0]!.id,
        description: DESCRIPTIONS[i % DESCRIPTIONS.length]! + `（来电${i}）`,
        reporter: { name: '测试', phone: `139${String(10_000_000 + i).slice(-8)}` },
        location: { lat: 31.29 + (i % 50) * 0.001, lng: 120.59 + (i % 60) * 0.001 },
      });
    // Warm-up (JIT, pools, the grid index) so neither side pays for it.
    await load(200, 8, () => fetch(`${base}/api/v1/bench/baseline`, { method: 'POST', headers, body: '{}' }), 201);
    await load(
      200,
      8,
      (i) => fetch(`${base}/api/v1/cases`, { method: 'POST', headers, body: body(i + 10_000_000) }),
      201,
    );
    const baseline = await load(
      creates,
      32,
      () => fetch(`${base}/api/v1/bench/baseline`, { method: 'POST', headers, body: '{}' }),
      201,
    );
    const create = await load(
      creates,
      32,
      (i) =>
        fetch(`${base}/api/v1/cases`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': `b-${i}` },
          body: body(i),
        }),
      201,
    );
    rows.push(
      {
        case: `create case over HTTP, 32 clients (${creates}): throughput`,
        baseline: 'insert-one-row endpoint, same session check',
        value: create.perSecond,
        baselineValue: baseline.perSecond,
        unit: 'requests/s',
        ratio: create.perSecond / baseline.perSecond,
      },
      {
        case: 'create case: p50 latency',
        baseline: 'insert-one-row endpoint p50',
        value: create.p50,
        baselineValue: baseline.p50,
        unit: 'ms',
        ratio: create.p50 / baseline.p50,
      },
      {
        case: 'create case: p99 latency',
        baseline: 'insert-one-row endpoint p99',
        value: create.p99,
        baselineValue: baseline.p99,
        unit: 'ms',
        ratio: create.p99 / baseline.p99,
      },
    );

    const n = arg('cases', 1_000_000);
    await bulkCases(opened.db, n);
    const handler = await login(base, 'handler');
    const h = { cookie: handler.cookie };
    const a = { cookie: agent.cookie };
    const reps = 200;
    const get = (path: string, hdrs: Record<string, string>) => () => fetch(`${base}${path}`, { headers: hdrs });
    // Warm both sides (JIT, plans, caches) before measuring either.
    await load(reps, 4, get('/api/v1/auth/me', a), 200);
    await load(reps, 4, get('/api/v1/cases?limit=20', a), 200);
    const me = await load(reps, 4, get('/api/v1/auth/me', a), 200);
    const big = await sql<{ id: number }>`select id from case_categories where level = 1 order by id limit 1`.execute(
      opened.db,
    );
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const queries: [string, string, Record<string, string>][] = [
      ['newest 20 (agent, whole city)', '/api/v1/cases?limit=20', a],
      ['status=in_progress', '/api/v1/cases?limit=20&status=in_progress', a],
      ['大类 + street', `/api/v1/cases?limit=20&category=${big.rows[0]!.id}&area=320508001`, a],
      ['keyword 井盖', `/api/v1/cases?limit=20&q=${encodeURIComponent('井盖')}`, a],
      [
        'keyword 路灯不亮 + last 30 days + district',
        `/api/v1/cases?limit=20&q=${encodeURIComponent('路灯不亮')}&area=320508&from=${encodeURIComponent(from)}`,
        a,
      ],
      ['handler inbox (department scope)', '/api/v1/cases?limit=20&status=dispatched&status=in_progress', h],
    ];
    for (const [label, path, hdrs] of queries) {
      const r = await load(reps, 4, get(path, hdrs), 200);
      rows.push({
        case: `list ${n.toLocaleString()} cases: ${label} p95`,
        baseline: 'GET /auth/me p95',
        value: r.p95,
        baselineValue: me.p95,
        unit: 'ms',
        ratio: r.p95 / me.p95,
      });
    }
    await app.close();
  } finally {
    await opened.close();
    cluster.stop();
  }
  return rows;
}
