// Loads a year of synthetic case history (demo-history-gen.ts) into the demo city, so lists, maps and dashboards
// show life. Seed data, not workflow: rows are written in bulk (one audit record for the whole seeding), but the
// cases still live (not yet closed) enter their current stage through clock.enterStage, so their deadlines and
// durable timers are the real ones.
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { DEMO_DISTRICT_BOXES } from '../geo/demo-layout.ts';
import { currentGridIndex } from '../geo/locate.ts';
import { listDepartments } from '../org/departments.ts';
import { enterStage } from './clock.ts';
import { type HistoryCase, type HistoryCategory, type HistoryPlace, generateHistory } from './demo-history-gen.ts';
import { getCaseSettings } from './settings.ts';
import { TERMINAL } from './workflow.ts';

/** Decides the department of a (category, area) pair, as routing does at intake. */
export type RouteFn = (tx: Tx, categoryId: number, areaCode: string) => Promise<number | null>;

const ROADS: Record<string, readonly string[]> = {
  '320508': ['平江路', '观前街', '干将路', '人民路', '十全街', '凤凰街', '山塘街', '石路', '景德路', '白塔路'],
  '320505': ['狮山路', '长江路', '金山路', '玉山路', '滨河路', '竹园路', '何山路', '塔园路'],
  '320576': ['星湖街', '现代大道', '苏州大道东', '金鸡湖大道', '星港街', '旺墩路', '东环路', '唯亭大道'],
  '320507': ['阳澄湖路', '华元路', '相城大道', '采莲路', '太阳路', '活力岛路', '元和路'],
  '320506': ['东吴北路', '宝带路', '吴中大道', '苏蠡路', '友新路', '越溪路', '木渎中山路'],
};

const BATCH = 400;

function citySlug(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

export async function seedCaseHistory(ctx: DemoSeedContext, count: number, route: RouteFn): Promise<number> {
  if (count <= 0) return 0;
  const now = new Date();
  const db = ctx.db;
  const cats = await db
    .selectFrom('case_categories as c')
    .innerJoin('case_categories as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.code', 'c.name', 'c.kind', 'p.name as parentName'])
    .where('c.level', '=', 2)
    .where('c.active', '=', true)
    .orderBy('c.id')
    .execute();
  const categories: HistoryCategory[] = cats.map((c) => ({ ...c, kind: c.kind }));
  const index = await currentGridIndex(db);
  const districts = Object.entries(DEMO_DISTRICT_BOXES);
  const placeAt = (u1: number, u2: number): HistoryPlace | null => {
    const [code, [w, s, e, n]] = districts[Math.floor(u1 * districts.length)]!;
    const u = (u1 * districts.length) % 1;
    const lng = w + (e - w) * u;
    const lat = s + (n - s) * u2;
    const g = index.locateLngLat(lng, lat);
    if (g === null) return null;
    const roads = ROADS[code] ?? ['中心路'];
    return {
      lng,
      lat,
      gridCode: g.code,
      communityCode: g.communityCode,
      road: roads[Math.floor(u2 * 997) % roads.length]!,
    };
  };
  const departments = await listDepartments(db, SYSTEM_ACTOR);
  const byId = new Map(departments.map((d) => [d.id, d]));
  const settings = await getCaseSettings(db);
  const centre = departments.find((d) => d.code === settings.centre_department_code);
  if (!centre) return 0;

  // Departments differ: a stable factor per department makes rankings show something (1 = typical).
  const routeMemo = new Map<string, { id: number | null; byRule: boolean }>();
  // Where no rule decides, the dispatcher sent the case to the district government (属地管理).
  const districtGov = new Map(departments.filter((d) => d.code.startsWith('GOV-')).map((d) => [d.code.slice(4), d.id]));
  // A route depends on the area only as far as the longest rule prefix reaches: memoise on that much of it.
  const longest = await db
    .selectFrom('case_routing_rules')
    .select(sql<number>`coalesce(max(length(area_prefix)), 0)`.as('n'))
    .where('active', '=', true)
    .executeTakeFirst();
  const reach = Number(longest?.n ?? 0);
  const routeOf = async (categoryId: number, area: string) => {
    const key = `${categoryId}:${area.slice(0, reach)}`;
    if (!routeMemo.has(key)) {
      const ruled = await route(db, categoryId, area);
      routeMemo.set(key, { id: ruled ?? districtGov.get(area.slice(0, 6)) ?? null, byRule: ruled !== null });
    }
    return routeMemo.get(key)!;
  };
  const slownessOf = (deptId: number | null) => {
    if (deptId === null) return 1;
    const code = byId.get(deptId)?.code ?? '';
    let h = 0;
    for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return 0.7 + (h % 110) / 100;
  };
  // The generator asks for a department's speed synchronously, so resolve it beforehand for every category in every
  // demo district (the department a case goes to, hence its speed, is decided per category × district here).
  const slowByKey = new Map<string, number>();
  for (const c of categories) {
    for (const [district] of districts) {
      slowByKey.set(`${c.id}:${district}`, slownessOf((await routeOf(c.id, district)).id));
    }
  }
  const history = generateHistory({
    count,
    now,
    seed: 20261129,
    categories,
    placeAt,
    slowness: (c, community) => slowByKey.get(`${c.id}:${community.slice(0, 6)}`) ?? 1,
  });

  ctx.progress.start('演示工单历史 a year of demo cases', history.length);
  const ids: number[] = [];
  for (let i = 0; i < history.length; i += BATCH) {
    const chunk = history.slice(i, i + BATCH);
    await db.transaction().execute(async (tx) => {
      const allocated = await sql<{
        id: number;
      }>`select nextval('cases_id_seq')::int as id from generate_series(1, ${chunk.length})`.execute(tx);
      const chunkIds = allocated.rows.map((r) => Number(r.id));
      ids.push(...chunkIds);
      await insertChunk(tx, chunk, chunkIds, ids, centre, routeOf, byId);
    });
    ctx.progress.tick(chunk.length);
  }
  ctx.progress.done();

  // Live cases enter their current stage through the real clock (deadlines, timers).
  await db.transaction().execute(async (tx) => {
    for (let k = 0; k < history.length; k++) {
      const h = history[k]!;
      if (TERMINAL.has(h.status) || h.status === 'parked') continue;
      if (h.status === 'closed' && h.events.at(-1)!.at.getTime() < now.getTime() - 7 * 86_400_000) continue;
      await enterStage(
        tx,
        { id: ids[k]!, status: h.status, category_id: h.category.id, urgency: h.urgency, nature: h.nature },
        h.events.at(-1)!.at,
      );
    }
    await recordAudit(tx, SYSTEM_ACTOR, 'case.demo_history', { type: 'case', id: null }, { cases: history.length });
  });
  return history.length;
}

async function insertChunk(
  tx: Tx,
  chunk: readonly HistoryCase[],
  chunkIds: readonly number[],
  allIds: readonly number[],
  centre: { id: number; path: string },
  routeOf: (categoryId: number, area: string) => Promise<{ id: number | null; byRule: boolean }>,
  byId: Map<number, { id: number; path: string; name: string }>,
) {
  const caseRows = [];
  const parties = [];
  const events = [];
  for (let j = 0; j < chunk.length; j++) {
    const h = chunk[j]!;
    const id = chunkIds[j]!;
    const routed = await routeOf(h.category.id, h.place.communityCode);
    const dept = routed.id === null ? undefined : byId.get(routed.id);
    const masterIndex = h.mergedInto;
    const masterId = masterIndex === null ? null : (allIds[masterIndex] ?? null);
    const last = h.events.at(-1)!.at;
    caseRows.push({
      id,
      case_no: `${citySlug(h.createdAt)}-${String(id).padStart(7, '0')}`,
      channel: h.channel,
      nature: h.nature,
      category_id: h.category.id,
      urgency: h.urgency,
      title: h.title,
      description: h.description,
      status: h.status,
      version: h.events.length,
      reporter_name: h.reporterName,
      reporter_phone: h.reporterPhone,
      reporter_id_no: null,
      anonymous: h.anonymous,
      reporter_user_id: null,
      address: h.address,
      lat: h.place.lat,
      lng: h.place.lng,
      grid_code: h.place.gridCode,
      community_code: h.place.communityCode,
      street_code: h.place.communityCode.slice(0, 9),
      district_code: h.place.communityCode.slice(0, 6),
      area_code: h.place.communityCode,
      component_id: null,
      attributes: '{}',
      main_department_id: routed.byRule || h.dispatched ? (dept?.id ?? null) : null,
      routing_rule_id: null,
      routing_reason: !dept
        ? null
        : routed.byRule
          ? `按派单规则（分类与区域）派至${dept.name}`
          : `无匹配规则，派遣员按属地派至${dept.name}`,
      master_case_id: masterId !== null && masterId < id ? masterId : null,
      direct_answer: h.directAnswer,
      satisfaction: h.satisfaction,
      solved: h.solved,
      reopen_count: h.reopenCount,
      rework_count: h.reworkCount,
      created_by: null,
      created_by_name: h.events[0]!.actorName,
      accepted_at: h.acceptedAt,
      dispatched_at: h.dispatchedAt,
      handled_at: h.handledAt,
      closed_at: h.closedAt,
      created_at: h.createdAt,
      updated_at: last,
    });
    parties.push({
      case_id: id,
      department_id: centre.id,
      department_path: centre.path,
      role: 'centre' as const,
      active: true,
      signed_at: null,
    });
    if (h.dispatched && dept) {
      const signed = h.events.find((e) => e.action === 'sign');
      parties.push({
        case_id: id,
        department_id: dept.id,
        department_path: dept.path,
        role: 'main' as const,
        active: true,
        signed_at: signed?.at ?? null,
      });
    }
    for (const e of h.events) {
      events.push({
        case_id: id,
        at: e.at,
        actor_id: null,
        actor_name:
          e.actorName === 'handler'
            ? (dept?.name ?? '处置部门')
            : e.actorName === 'gridworker'
              ? '网格员'
              : e.actorName === 'citizen'
                ? '市民'
                : e.actorName === 'agent'
                  ? '12345受理员'
                  : e.actorName,
        action: e.action,
        from_status: e.fromStatus,
        to_status: e.toStatus,
        department_id: e.actorName === 'handler' ? (dept?.id ?? null) : null,
        public: e.public,
        note: e.note,
        data: JSON.stringify(e.data ?? {}),
      });
    }
  }
  await tx.insertInto('cases').values(caseRows).execute();
  await tx.insertInto('case_parties').values(parties).execute();
  for (let k = 0; k < events.length; k += 2000)
    await tx
      .insertInto('case_events')
      .values(events.slice(k, k + 2000))
      .execute();
}
