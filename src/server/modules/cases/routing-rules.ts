// 派单规则 as data: an admin names a category (小类, 大类 or none = any), an area prefix ('' = the whole city, else
// a division code: district 6 / street 9 / community 12 digits) and the responsible department. Which rule decides
// a case is routing.ts (resolveRoute); the "test route" endpoint asks it the same question intake asks.
// Rules are never deleted: deactivated, so a case's routing_rule_id keeps pointing at what decided it.
import type { Actor } from '../../platform/auth/actor.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, VersionConflictError, conflict, notFound } from '../../platform/errors.ts';
import { divisionExists, getDivision, locatePoint } from '../geo/service.ts';
import { listDepartments } from '../org/departments.ts';
import { assertConfigure, assertRoutingReader } from './config-access.ts';
import * as repo from './config-repo.ts';
import { resolveRoute } from './routing.ts';

export type RuleLevel = 'city' | 'district' | 'street';

export interface RoutingRule {
  id: number;
  categoryId: number | null;
  categoryCode: string | null;
  categoryName: string | null;
  areaPrefix: string;
  areaName: string | null;
  departmentId: number;
  departmentCode: string | null;
  departmentName: string | null;
  level: RuleLevel;
  priority: number;
  note: string;
  active: boolean;
  version: number;
  updatedAt: string;
}

interface Names {
  categories: Map<number, { code: string; name: string }>;
  departments: Map<number, { code: string; name: string }>;
  areas: Map<string, string>;
}

/** Every department (a small directory), by id; services only — the caller's permission was checked. */
async function departmentDirectory(tx: Tx) {
  const all = await listDepartments(tx, SYSTEM_ACTOR);
  return new Map(all.map((d) => [d.id, { code: d.code, name: d.name }]));
}

async function namesFor(tx: Tx, rows: readonly repo.RoutingRuleRow[]): Promise<Names> {
  const categories = new Map(
    (await repo.listCategories(tx, {})).map((c) => [c.id, { code: c.code, name: c.name }] as const),
  );
  const areas = new Map<string, string>();
  for (const p of new Set(rows.map((r) => r.area_prefix).filter((p) => p !== ''))) {
    const d = await getDivision(tx, p);
    if (d) areas.set(p, d.name);
  }
  return { categories, departments: await departmentDirectory(tx), areas };
}

function present(r: repo.RoutingRuleRow, n: Names): RoutingRule {
  const c = r.category_id === null ? undefined : n.categories.get(r.category_id);
  const d = n.departments.get(r.department_id);
  return {
    id: r.id,
    categoryId: r.category_id,
    categoryCode: c?.code ?? null,
    categoryName: c?.name ?? null,
    areaPrefix: r.area_prefix,
    areaName: r.area_prefix === '' ? null : (n.areas.get(r.area_prefix) ?? null),
    departmentId: r.department_id,
    departmentCode: d?.code ?? null,
    departmentName: d?.name ?? null,
    level: r.level,
    priority: r.priority,
    note: r.note,
    active: r.active,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function listRoutingRules(
  tx: Tx,
  actor: Actor,
  filter: { active?: boolean; categoryId?: number; departmentId?: number },
): Promise<{ items: RoutingRule[] }> {
  assertRoutingReader(actor);
  const rows = await repo.listRoutingRules(tx, filter);
  const names = await namesFor(tx, rows);
  return { items: rows.map((r) => present(r, names)) };
}

export interface RuleFields {
  categoryId?: number | null;
  areaPrefix?: string;
  departmentId?: number;
  level?: RuleLevel;
  priority?: number;
  note?: string;
}

const bad = (code: string, field: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 400, { field, ...extra });

/** The checks every created or edited rule passes: a category that exists, a known division, a department. */
async function checkRule(tx: Tx, r: repo.RoutingRuleInsert, exceptId?: number) {
  if (r.category_id !== null) {
    const c = await repo.getCategory(tx, r.category_id);
    if (!c) throw bad('CASE_ROUTING_CATEGORY_UNKNOWN', 'categoryId', { categoryId: r.category_id });
    if (!c.active) throw bad('CASE_ROUTING_CATEGORY_INACTIVE', 'categoryId', { categoryId: r.category_id });
  }
  if (r.area_prefix !== '') {
    const wellFormed = /^\d{6}(\d{3}(\d{3})?)?$/.test(r.area_prefix);
    const division =
      wellFormed && (await divisionExists(tx, r.area_prefix)) ? await getDivision(tx, r.area_prefix) : undefined;
    if (!division) throw bad('CASE_ROUTING_AREA_UNKNOWN', 'areaPrefix', { areaPrefix: r.area_prefix });
    // A city-level code is not a prefix of the city's own area codes (320500 vs 320508…): the whole city is ''.
    if (division.level === 'city') {
      throw bad('CASE_ROUTING_AREA_CITY', 'areaPrefix', { areaPrefix: r.area_prefix });
    }
  }
  if (!(await departmentDirectory(tx)).has(r.department_id)) {
    throw bad('CASE_ROUTING_DEPARTMENT_UNKNOWN', 'departmentId', { departmentId: r.department_id });
  }
  const twin = await repo.findTwinRule(tx, r, exceptId);
  if (twin) throw conflict('CASE_ROUTING_RULE_DUPLICATE', { ruleId: twin.id });
}

/** 派单级次 from the area of the rule: the whole city → 市级, a district → 区级, a street or community → 街道级. */
function levelOf(areaPrefix: string): RuleLevel {
  return areaPrefix === '' ? 'city' : areaPrefix.length === 6 ? 'district' : 'street';
}

export async function createRoutingRule(
  tx: Tx,
  actor: Actor,
  input: RuleFields & { departmentId: number },
): Promise<RoutingRule> {
  assertConfigure(actor);
  const values: repo.RoutingRuleInsert = {
    category_id: input.categoryId ?? null,
    area_prefix: input.areaPrefix?.trim() ?? '',
    department_id: input.departmentId,
    level: input.level ?? levelOf(input.areaPrefix?.trim() ?? ''),
    priority: input.priority ?? 0,
    note: input.note?.trim() ?? '',
  };
  await checkRule(tx, values);
  const row = await repo.insertRoutingRule(tx, values);
  await recordAudit(tx, actor, 'case.routing_rule.create', { type: 'case_routing_rule', id: row.id }, { ...values });
  return present(row, await namesFor(tx, [row]));
}

export async function updateRoutingRule(
  tx: Tx,
  actor: Actor,
  id: number,
  input: RuleFields & { version: number },
): Promise<RoutingRule> {
  assertConfigure(actor);
  const current = await repo.getRoutingRule(tx, id, true);
  if (!current) throw notFound('CASE_ROUTING_RULE', { id });
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  if (!current.active) throw conflict('CASE_ROUTING_RULE_INACTIVE', { id });
  const next: repo.RoutingRuleInsert = {
    category_id: input.categoryId === undefined ? current.category_id : input.categoryId,
    area_prefix: input.areaPrefix === undefined ? current.area_prefix : input.areaPrefix.trim(),
    department_id: input.departmentId ?? current.department_id,
    level: input.level ?? current.level,
    priority: input.priority ?? current.priority,
    note: input.note === undefined ? current.note : input.note.trim(),
  };
  await checkRule(tx, next, id);
  const saved = await repo.updateRoutingRule(tx, id, input.version, next);
  if (!saved) throw new VersionConflictError(current.version);
  const changes = Object.fromEntries(
    Object.entries(next)
      .filter(([k, v]) => current[k as keyof repo.RoutingRuleInsert] !== v)
      .map(([k, v]) => [k, { from: current[k as keyof repo.RoutingRuleInsert], to: v }]),
  );
  await recordAudit(tx, actor, 'case.routing_rule.update', { type: 'case_routing_rule', id }, changes);
  return present(saved, await namesFor(tx, [saved]));
}

export async function deactivateRoutingRule(
  tx: Tx,
  actor: Actor,
  id: number,
  input: { version: number },
): Promise<RoutingRule> {
  assertConfigure(actor);
  const current = await repo.getRoutingRule(tx, id, true);
  if (!current) throw notFound('CASE_ROUTING_RULE', { id });
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  if (!current.active) throw conflict('CASE_ROUTING_RULE_INACTIVE', { id });
  const saved = await repo.updateRoutingRule(tx, id, input.version, { active: false });
  if (!saved) throw new VersionConflictError(current.version);
  await recordAudit(tx, actor, 'case.routing_rule.deactivate', { type: 'case_routing_rule', id }, {});
  return present(saved, await namesFor(tx, [saved]));
}

export interface RouteTestInput {
  categoryId: number;
  areaCode?: string;
  lat?: number;
  lng?: number;
}

export interface RouteTestResult {
  categoryId: number;
  categoryPath: string;
  areaCode: string | null;
  /** Where the point fell, when lat/lng were given. */
  located: { gridCode: string; communityCode: string; streetCode: string; districtCode: string } | null;
  rule: RoutingRule | null;
  departmentId: number | null;
  departmentCode: string | null;
  departmentName: string | null;
  /** "why this department" — the same text intake records on the case. */
  reason: string;
  /** Every active rule that matched, the deciding one first (shows why the others lost). */
  candidates: RoutingRule[];
}

/** Which rule would decide a case of this category at this place, and why: the question intake asks. */
export async function testRoute(tx: Tx, actor: Actor, input: RouteTestInput): Promise<RouteTestResult> {
  assertRoutingReader(actor);
  const cat = await repo.getCategory(tx, input.categoryId);
  if (!cat) throw bad('CASE_ROUTING_CATEGORY_UNKNOWN', 'categoryId', { categoryId: input.categoryId });
  if ((input.lat === undefined) !== (input.lng === undefined)) {
    throw bad('VALIDATION_FAILED', input.lat === undefined ? 'lat' : 'lng', { problem: 'lat and lng go together' });
  }
  let areaCode = input.areaCode?.trim() || null;
  let located: RouteTestResult['located'] = null;
  if (input.lat !== undefined && input.lng !== undefined) {
    const r = await locatePoint(tx, [input.lng, input.lat]);
    if (!r.inside) throw bad('CASE_OUTSIDE_CITY', 'lat', { lat: input.lat, lng: input.lng });
    located = {
      gridCode: r.grid.code,
      communityCode: r.community.code,
      streetCode: r.street.code,
      districtCode: r.district.code,
    };
    areaCode = r.community.code;
  } else if (areaCode !== null && !/^\d{6,12}$/.test(areaCode)) {
    throw bad('CASE_ROUTING_AREA_UNKNOWN', 'areaCode', { areaCode });
  }
  const route = await resolveRoute(tx, cat.id, areaCode);
  const parent = cat.parent_id === null ? undefined : await repo.getCategory(tx, cat.parent_id);
  const candidatesRows = (await repo.listRoutingRules(tx, { active: true })).filter(
    (r) =>
      (r.category_id === null || r.category_id === cat.id || r.category_id === parent?.id) &&
      (areaCode ?? '').startsWith(r.area_prefix),
  );
  const names = await namesFor(tx, candidatesRows);
  const spec = (r: repo.RoutingRuleRow) => (r.category_id === cat.id ? 2 : r.category_id === null ? 0 : 1);
  candidatesRows.sort(
    (a, b) =>
      b.area_prefix.length - a.area_prefix.length || spec(b) - spec(a) || b.priority - a.priority || a.id - b.id,
  );
  const rule = route.rule ? candidatesRows.find((r) => r.id === route.rule?.id) : undefined;
  const dept = route.departmentId === null ? undefined : names.departments.get(route.departmentId);
  return {
    categoryId: cat.id,
    categoryPath: parent ? `${parent.name} › ${cat.name}` : cat.name,
    areaCode,
    located,
    rule: rule ? present(rule, names) : null,
    departmentId: route.departmentId,
    departmentCode: dept?.code ?? null,
    departmentName: dept?.name ?? null,
    reason: route.reason,
    candidates: candidatesRows.map((r) => present(r, names)),
  };
}
