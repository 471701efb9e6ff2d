// Routing (派单): which department a case goes to, and why. The rules are data (case_routing_rules, edited by
// admins): a rule names a 小类, a 大类 or no category (any), an area prefix ('' = the whole city) and a department.
// The most specific matching rule wins: the longest area prefix, then 小类 over 大类 over any, then the higher
// priority, then the older rule. The decision and its reason ("why this department") are recorded on the case; no
// matching rule → no department, and the case waits in the dispatcher queue.
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { departmentRefs } from '../org/departments.ts';

export interface RouteRule {
  id: number;
  categoryId: number | null;
  areaPrefix: string;
  departmentId: number;
  level: 'city' | 'district' | 'street';
  priority: number;
  note: string;
}

export interface Route {
  rule: RouteRule | null;
  departmentId: number | null;
  /** 派单依据, in Chinese, naming the rule. */
  reason: string;
}

const LEVEL_ZH = { city: '市级', district: '区级', street: '街道级' } as const;

export async function resolveRoute(tx: Tx, categoryId: number | null, areaCode: string | null): Promise<Route> {
  const cat = categoryId
    ? await tx
        .selectFrom('case_categories')
        .select(['id', 'parent_id', 'name'])
        .where('id', '=', categoryId)
        .executeTakeFirst()
    : undefined;
  const parent = cat?.parent_id
    ? await tx.selectFrom('case_categories').select(['id', 'name']).where('id', '=', cat.parent_id).executeTakeFirst()
    : undefined;
  const sub = cat?.id ?? -1;
  const top = parent?.id ?? -1;
  const area = areaCode ?? '';
  const row = await tx
    .selectFrom('case_routing_rules as r')
    .select([
      'r.id',
      'r.category_id',
      'r.area_prefix',
      'r.department_id',
      'r.level',
      'r.priority',
      'r.note',
      sql<number>`case when r.category_id = ${sub} then 2 when r.category_id = ${top} then 1 else 0 end`.as('spec'),
    ])
    .where('r.active', '=', true)
    .where((eb) => eb.or([eb('r.category_id', 'is', null), eb('r.category_id', 'in', [sub, top])]))
    .where(sql<boolean>`left(${area}, length(r.area_prefix)) = r.area_prefix`)
    .orderBy(sql`length(r.area_prefix)`, 'desc')
    .orderBy('spec', 'desc')
    .orderBy('r.priority', 'desc')
    .orderBy('r.id')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    return {
      rule: null,
      departmentId: null,
      reason: `无匹配的派单规则（分类「${cat?.name ?? '未分类'}」，区域 ${areaCode ?? '未定位'}），转派遣员人工派单`,
    };
  }
  const dept = (await departmentRefs(tx, [row.department_id])).get(row.department_id);
  const what = row.spec === 2 ? `小类「${cat?.name}」` : row.spec === 1 ? `大类「${parent?.name}」` : '全部分类';
  const where = row.area_prefix ? `区域 ${row.area_prefix}` : '全市';
  const note = row.note ? `，${row.note}` : '';
  return {
    rule: {
      id: row.id,
      categoryId: row.category_id,
      areaPrefix: row.area_prefix,
      departmentId: row.department_id,
      level: row.level,
      priority: row.priority,
      note: row.note,
    },
    departmentId: row.department_id,
    reason: `按派单规则 #${row.id}（${what} · ${where} · ${LEVEL_ZH[row.level]} · 优先级 ${row.priority}${note}）派至 ${
      dept?.name ?? `部门 #${row.department_id}`
    }`,
  };
}
