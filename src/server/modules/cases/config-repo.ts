// SQL on the configuration tables of the cases module: case_categories, case_routing_rules, case_settings,
// case_knowledge. No rules here (categories.ts, routing-rules.ts, settings-edit.ts, knowledge.ts hold them).
import { type Selectable, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { CasesTables } from './tables.ts';

export type CategoryRow = Selectable<CasesTables['case_categories']>;
export type RoutingRuleRow = Selectable<CasesTables['case_routing_rules']>;
export type KnowledgeRow = Selectable<CasesTables['case_knowledge']>;

// ── categories ───────────────────────────────────────────────────────────────────────────────────────

export async function countCategories(tx: Tx): Promise<number> {
  const r = await tx
    .selectFrom('case_categories')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listCategories(tx: Tx, filter: { active?: boolean; kind?: string }): Promise<CategoryRow[]> {
  let q = tx.selectFrom('case_categories').selectAll();
  if (filter.active !== undefined) q = q.where('active', '=', filter.active);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind as CategoryRow['kind']);
  return q.orderBy('level').orderBy('sort').orderBy('code').execute();
}

export function getCategory(tx: Tx, id: number, forUpdate = false): Promise<CategoryRow | undefined> {
  let q = tx.selectFrom('case_categories').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function getCategoryByCode(tx: Tx, code: string): Promise<CategoryRow | undefined> {
  return tx.selectFrom('case_categories').selectAll().where('code', '=', code).executeTakeFirst();
}

export function childrenOf(tx: Tx, parentId: number, forUpdate = false): Promise<CategoryRow[]> {
  let q = tx.selectFrom('case_categories').selectAll().where('parent_id', '=', parentId).orderBy('code');
  if (forUpdate) q = q.forUpdate();
  return q.execute();
}

/** Codes in use under a prefix (to number the next 大类 / 小类). */
export async function codesLike(tx: Tx, prefix: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('case_categories')
    .select('code')
    .where('code', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    .execute();
  return rows.map((r) => r.code);
}

export interface CategoryInsert {
  code: string;
  parent_id: number | null;
  level: number;
  kind: CategoryRow['kind'];
  name: string;
  name_en: string;
  keywords: string;
  pinyin_initials: string;
  description: string;
  concerns_component: boolean;
  allow_anonymous: boolean;
  attributes: unknown;
  time_limits: unknown;
  duplicate_group: string | null;
  sort: number;
}

export function insertCategory(tx: Tx, v: CategoryInsert): Promise<CategoryRow> {
  return tx
    .insertInto('case_categories')
    .values({
      ...v,
      attributes: JSON.stringify(v.attributes ?? []),
      time_limits: v.time_limits === null ? null : JSON.stringify(v.time_limits),
    } as never)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type CategoryPatch = Partial<{
  name: string;
  name_en: string;
  keywords: string;
  pinyin_initials: string;
  description: string;
  concerns_component: boolean;
  allow_anonymous: boolean;
  attributes: unknown;
  time_limits: unknown;
  duplicate_group: string | null;
  sort: number;
  active: boolean;
}>;

/** Applies the patch and bumps the version; undefined when `expectedVersion` is stale. */
export function updateCategory(
  tx: Tx,
  id: number,
  expectedVersion: number,
  patch: CategoryPatch,
): Promise<CategoryRow | undefined> {
  const { attributes, time_limits, ...rest } = patch;
  const values: Record<string, unknown> = { ...rest };
  if (attributes !== undefined) values.attributes = JSON.stringify(attributes);
  if (time_limits !== undefined) values.time_limits = time_limits === null ? null : JSON.stringify(time_limits);
  return tx
    .updateTable('case_categories')
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export interface CategoryHit extends CategoryRow {
  parent_name: string;
  parent_code: string;
  tier: number;
  score: number;
}

/**
 * Active 小类 matching `q`, ranked: exact pinyin initials, initials prefix, name equal, name contains, initials
 * contain (上水井盖 for jg), keywords or 大类 name contain, then pg_trgm similarity over name + keywords.
 */
export async function searchCategories(
  tx: Tx,
  q: string,
  opts: { kind?: string; limit: number },
): Promise<CategoryHit[]> {
  const lower = q.toLowerCase();
  const prefix = `${lower.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const kind = opts.kind ?? null;
  const res = await sql<CategoryHit>`
    select * from (
      select c.*, p.name as parent_name, p.code as parent_code,
        case
          when c.pinyin_initials = ${lower} then 0
          when c.pinyin_initials like ${prefix} then 1
          when c.name = ${q} then 2
          when strpos(c.name, ${q}) > 0 then 3
          when strpos(c.pinyin_initials, ${lower}) > 0 and ${lower} ~ '^[a-z0-9]{2,}$' then 4
          when strpos(c.keywords, ${q}) > 0 or strpos(p.name, ${q}) > 0 then 5
          else 6
        end as tier,
        greatest(similarity(c.name, ${q}), word_similarity(${q}, c.name || ' ' || c.keywords))::float8 as score
      from case_categories c
      join case_categories p on p.id = c.parent_id
      where c.level = 2 and c.active and p.active
        and (${kind}::text is null or c.kind = ${kind})
    ) hits
    where tier < 6 or score >= 0.3
    order by tier, score desc, sort, code
    limit ${opts.limit}`.execute(tx);
  return res.rows;
}

// ── routing rules ────────────────────────────────────────────────────────────────────────────────────

export function listRoutingRules(
  tx: Tx,
  filter: { active?: boolean; categoryId?: number; departmentId?: number },
): Promise<RoutingRuleRow[]> {
  let q = tx.selectFrom('case_routing_rules').selectAll();
  if (filter.active !== undefined) q = q.where('active', '=', filter.active);
  if (filter.categoryId !== undefined) q = q.where('category_id', '=', filter.categoryId);
  if (filter.departmentId !== undefined) q = q.where('department_id', '=', filter.departmentId);
  return q.orderBy('category_id').orderBy('area_prefix').orderBy('priority', 'desc').orderBy('id').execute();
}

export function getRoutingRule(tx: Tx, id: number, forUpdate = false): Promise<RoutingRuleRow | undefined> {
  let q = tx.selectFrom('case_routing_rules').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** An active rule with the same category, area prefix and priority (which would tie with a new one). */
export function findTwinRule(
  tx: Tx,
  r: { category_id: number | null; area_prefix: string; priority: number },
  exceptId?: number,
): Promise<RoutingRuleRow | undefined> {
  let q = tx
    .selectFrom('case_routing_rules')
    .selectAll()
    .where('active', '=', true)
    .where('area_prefix', '=', r.area_prefix)
    .where('priority', '=', r.priority)
    .where((eb) => (r.category_id === null ? eb('category_id', 'is', null) : eb('category_id', '=', r.category_id)));
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export type RoutingRuleInsert = {
  category_id: number | null;
  area_prefix: string;
  department_id: number;
  level: RoutingRuleRow['level'];
  priority: number;
  note: string;
};

export function insertRoutingRule(tx: Tx, v: RoutingRuleInsert): Promise<RoutingRuleRow> {
  return tx.insertInto('case_routing_rules').values(v).returningAll().executeTakeFirstOrThrow();
}

export function updateRoutingRule(
  tx: Tx,
  id: number,
  expectedVersion: number,
  patch: Partial<RoutingRuleInsert & { active: boolean }>,
): Promise<RoutingRuleRow | undefined> {
  return tx
    .updateTable('case_routing_rules')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

// ── settings ─────────────────────────────────────────────────────────────────────────────────────────

export function listSettingRows(tx: Tx, forUpdate = false) {
  let q = tx.selectFrom('case_settings').selectAll().orderBy('key');
  if (forUpdate) q = q.forUpdate();
  return q.execute();
}

export async function upsertSetting(tx: Tx, key: string, value: unknown, by: string): Promise<void> {
  await tx
    .insertInto('case_settings')
    .values({ key, value: JSON.stringify(value), updated_by: by })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_by: by, updated_at: sql`now()` } as never),
    )
    .execute();
}

// ── knowledge base ───────────────────────────────────────────────────────────────────────────────────

export function getKnowledge(tx: Tx, id: number, forUpdate = false): Promise<KnowledgeRow | undefined> {
  let q = tx.selectFrom('case_knowledge').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function countKnowledge(tx: Tx): Promise<number> {
  const r = await tx
    .selectFrom('case_knowledge')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type KnowledgeHit = KnowledgeRow & { score: number };

/**
 * Entries matching `q` in question or keywords (substring first, then pg_trgm similarity), or all entries by
 * recency when q is empty; optionally of one category (or its 大类).
 */
export async function searchKnowledge(
  tx: Tx,
  f: { q?: string; categoryIds?: number[]; active?: boolean; limit: number },
): Promise<KnowledgeHit[]> {
  const q = f.q?.trim() ?? '';
  const active = f.active ?? null;
  const cats = f.categoryIds ?? null;
  const res = await sql<KnowledgeHit>`
    select * from (
      select k.*,
        case when ${q} = '' then 0
             when strpos(k.question, ${q}) > 0 then 2
             when strpos(k.keywords, ${q}) > 0 then 1.5
             else word_similarity(${q}, k.question || ' ' || k.keywords) end::float8 as score
      from case_knowledge k
      where (${active}::boolean is null or k.active = ${active})
        and (${cats === null ? sql`true` : sql`k.category_id in (${sql.join(cats.length > 0 ? cats : [-1])})`})
    ) hits
    where ${q} = '' or score >= 0.2
    order by score desc, updated_at desc, id desc
    limit ${f.limit}`.execute(tx);
  return res.rows;
}

export type KnowledgeInsert = {
  category_id: number | null;
  question: string;
  answer: string;
  keywords: string;
  updated_by: string;
};

export function insertKnowledge(tx: Tx, v: KnowledgeInsert): Promise<KnowledgeRow> {
  return tx.insertInto('case_knowledge').values(v).returningAll().executeTakeFirstOrThrow();
}

export function updateKnowledge(
  tx: Tx,
  id: number,
  expectedVersion: number,
  patch: Partial<KnowledgeInsert & { active: boolean }>,
): Promise<KnowledgeRow | undefined> {
  return tx
    .updateTable('case_knowledge')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}
