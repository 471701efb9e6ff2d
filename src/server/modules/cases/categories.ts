// 业务分类: the 大类/小类 tree as the admin API and intake see it. Categories are never deleted (cases refer to
// them): an admin deactivates one, and a deactivated category is no longer offered for new cases. Every edit bumps
// the version (optimistic concurrency) and is audited in the same transaction.
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, VersionConflictError, conflict, notFound } from '../../platform/errors.ts';
import {
  type CategoryAttribute,
  type CategoryKind,
  type TimeLimits,
  validateAttributes,
  validateTimeLimits,
} from './categories-validation.ts';
import { pinyinInitials } from './categories-pinyin.ts';
import { assertCaseUser, assertConfigure } from './config-access.ts';
import * as repo from './config-repo.ts';
import { KIND_PREFIX } from './default-taxonomy.ts';

export interface Category {
  id: number;
  code: string;
  parentId: number | null;
  level: 1 | 2;
  kind: CategoryKind;
  name: string;
  nameEn: string;
  keywords: string;
  pinyinInitials: string;
  description: string;
  concernsComponent: boolean;
  allowAnonymous: boolean;
  attributes: CategoryAttribute[];
  timeLimits: TimeLimits | null;
  duplicateGroup: string;
  active: boolean;
  sort: number;
  version: number;
  updatedAt: string;
  children?: Category[];
}

export function presentCategory(r: repo.CategoryRow): Category {
  return {
    id: r.id,
    code: r.code,
    parentId: r.parent_id,
    level: r.level as 1 | 2,
    kind: r.kind,
    name: r.name,
    nameEn: r.name_en,
    keywords: r.keywords,
    pinyinInitials: r.pinyin_initials,
    description: r.description,
    concernsComponent: r.concerns_component,
    allowAnonymous: r.allow_anonymous,
    attributes: (r.attributes ?? []) as CategoryAttribute[],
    timeLimits: (r.time_limits ?? null) as TimeLimits | null,
    duplicateGroup: r.duplicate_group ?? r.code.split('-').slice(0, 2).join('-'),
    active: r.active,
    sort: r.sort,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** The tree: 大类 with their 小类. `active` filters both levels (an inactive 大类 hides its 小类). */
export async function listCategoryTree(
  tx: Tx,
  actor: Actor,
  filter: { active?: boolean; kind?: CategoryKind },
): Promise<{ items: Category[] }> {
  assertCaseUser(actor);
  return { items: asTree((await repo.listCategories(tx, filter)).map(presentCategory)) };
}

/** 大类 with their 小类 under `children`, in the rows' order. */
function asTree(rows: readonly Category[], keepTop: (c: Category) => boolean = () => true): Category[] {
  const tops = rows.filter((c) => c.level === 1 && keepTop(c)).map((c) => ({ ...c, children: [] as Category[] }));
  const byId = new Map(tops.map((c) => [c.id, c]));
  for (const c of rows) if (c.level === 2 && c.parentId !== null) byId.get(c.parentId)?.children.push(c);
  return tops;
}

/** The categories a citizen may choose from on the public report form (no account needed): active 小类 under
 * active 大类, except 部件 categories — those ask for a 16-digit component id only staff and grid workers have.
 * The same facts Open311's services list publishes, so nothing here is internal. */
export async function publicCategoryTree(tx: Tx): Promise<{ items: Category[] }> {
  const rows = (await repo.listCategories(tx, { active: true })).map(presentCategory);
  const tops = asTree(rows, (c) => c.kind !== 'component');
  return { items: tops.filter((t) => (t.children?.length ?? 0) > 0) };
}

/** One category, for services (intake): no permission check. */
export async function categoryById(tx: Tx, id: number): Promise<Category | undefined> {
  const r = await repo.getCategory(tx, id);
  return r ? presentCategory(r) : undefined;
}

export async function getCategory(tx: Tx, actor: Actor, id: number): Promise<Category & { path: string }> {
  assertCaseUser(actor);
  const r = await repo.getCategory(tx, id);
  if (!r) throw notFound('CASE_CATEGORY', { id });
  const parent = r.parent_id === null ? undefined : await repo.getCategory(tx, r.parent_id);
  return { ...presentCategory(r), path: parent ? `${parent.name} › ${r.name}` : r.name };
}

/**
 * For intake: whether a 16-digit component id (6 division + 2 大类 + 2 小类 + 6 serial) belongs to this 部件 小类
 * (its code ends with the same 大类-小类 digits, e.g. BJ-01-01 ↔ 3205080101000001).
 */
export function componentIdMatches(categoryCode: string, componentId: string): boolean {
  const m = /-(\d{2})-(\d{2})$/.exec(categoryCode);
  return m !== null && /^\d{16}$/.test(componentId) && componentId.slice(6, 10) === `${m[1]}${m[2]}`;
}

export interface CategoryFields {
  name?: string;
  nameEn?: string;
  keywords?: string;
  pinyinInitials?: string;
  description?: string;
  concernsComponent?: boolean;
  allowAnonymous?: boolean;
  attributes?: unknown;
  timeLimits?: unknown;
  duplicateGroup?: string | null;
  sort?: number;
}

export interface CreateCategoryInput extends CategoryFields {
  name: string;
  parentId?: number | null;
  kind?: CategoryKind;
  code?: string;
}

const CODE = /^[A-Z][A-Z0-9]{0,7}(-[0-9A-Z]{1,8}){0,3}$/;
const bad = (code: string, field: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 400, { field, ...extra });

/** A 部件 小类's code must end in two digit pairs: the 大类 and 小类 of the 16-digit component id. */
function checkComponentCode(code: string, concernsComponent: boolean) {
  if (concernsComponent && !/-\d{2}-\d{2}$/.test(code)) {
    throw bad('CASE_CATEGORY_COMPONENT_CODE', 'code', { code });
  }
}

/** The next free two-digit code under a prefix: BJ-01 → BJ-01-15. */
async function nextCode(tx: Tx, prefix: string): Promise<string> {
  const used = await repo.codesLike(tx, `${prefix}-`);
  const pattern = new RegExp(`^${prefix}-(\\d{2})$`);
  const max = used.reduce((m, c) => Math.max(m, Number(pattern.exec(c)?.[1] ?? 0)), 0);
  if (max >= 99) throw bad('CASE_CATEGORY_CODE_INVALID', 'code', { problem: 'no free two-digit code left' });
  return `${prefix}-${String(max + 1).padStart(2, '0')}`;
}

function normaliseSearchFields(name: string, input: CategoryFields) {
  const initials = input.pinyinInitials?.trim().toLowerCase() || pinyinInitials(name);
  if (!/^[a-z0-9]{1,40}$/.test(initials)) {
    throw bad('CASE_CATEGORY_INVALID', 'pinyinInitials', { problem: 'must be 1–40 letters or digits' });
  }
  return initials;
}

export async function createCategory(tx: Tx, actor: Actor, input: CreateCategoryInput): Promise<Category> {
  assertConfigure(actor);
  const name = input.name.trim();
  if (name === '') throw bad('CASE_CATEGORY_INVALID', 'name', { problem: 'must not be blank' });
  const parent = input.parentId == null ? undefined : await repo.getCategory(tx, input.parentId);
  if (input.parentId != null && !parent) throw bad('CASE_CATEGORY_PARENT_INVALID', 'parentId');
  if (parent && (parent.level !== 1 || !parent.active)) throw bad('CASE_CATEGORY_PARENT_INVALID', 'parentId');
  const kind = parent?.kind ?? input.kind;
  if (!kind) throw bad('CASE_CATEGORY_INVALID', 'kind', { problem: 'a 大类 needs a kind' });
  if (parent && input.kind !== undefined && input.kind !== parent.kind) {
    throw bad('CASE_CATEGORY_INVALID', 'kind', { problem: 'a 小类 has the kind of its 大类' });
  }
  if (!parent && (input.attributes !== undefined || input.timeLimits !== undefined)) {
    throw bad('CASE_CATEGORY_INVALID', input.attributes !== undefined ? 'attributes' : 'timeLimits', {
      problem: 'only a 小类 carries attributes and time limits',
    });
  }
  const attributes = input.attributes === undefined ? [] : validateAttributes(input.attributes);
  const timeLimits = validateTimeLimits(input.timeLimits);
  const concernsComponent = input.concernsComponent ?? kind === 'component';
  let code = input.code?.trim().toUpperCase();
  if (code !== undefined && code !== '') {
    if (!CODE.test(code)) throw bad('CASE_CATEGORY_CODE_INVALID', 'code', { code });
    if (parent && !code.startsWith(`${parent.code}-`)) throw bad('CASE_CATEGORY_CODE_INVALID', 'code', { code });
    if (await repo.getCategoryByCode(tx, code)) throw conflict('CASE_CATEGORY_CODE_TAKEN', { field: 'code', code });
  } else {
    code = await nextCode(tx, parent ? parent.code : KIND_PREFIX[kind]);
  }
  if (parent) checkComponentCode(code, concernsComponent);
  const row = await repo.insertCategory(tx, {
    code,
    parent_id: parent?.id ?? null,
    level: parent ? 2 : 1,
    kind,
    name,
    name_en: input.nameEn?.trim() ?? '',
    keywords: input.keywords?.trim() ?? '',
    pinyin_initials: normaliseSearchFields(name, input),
    description: input.description?.trim() ?? '',
    concerns_component: concernsComponent,
    allow_anonymous: input.allowAnonymous ?? true,
    attributes,
    time_limits: timeLimits,
    duplicate_group: input.duplicateGroup?.trim() || null,
    sort: input.sort ?? 0,
  });
  await recordAudit(tx, actor, 'case.category.create', { type: 'case_category', id: row.id }, { code, name });
  return presentCategory(row);
}

export interface UpdateCategoryInput extends CategoryFields {
  version: number;
}

export async function updateCategory(tx: Tx, actor: Actor, id: number, input: UpdateCategoryInput): Promise<Category> {
  assertConfigure(actor);
  const current = await repo.getCategory(tx, id, true);
  if (!current) throw notFound('CASE_CATEGORY', { id });
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  const patch: repo.CategoryPatch = {};
  if (current.level === 1 && (input.attributes !== undefined || input.timeLimits !== undefined)) {
    throw bad('CASE_CATEGORY_INVALID', input.attributes !== undefined ? 'attributes' : 'timeLimits', {
      problem: 'only a 小类 carries attributes and time limits',
    });
  }
  if (input.name !== undefined) {
    patch.name = input.name.trim();
    if (patch.name === '') throw bad('CASE_CATEGORY_INVALID', 'name', { problem: 'must not be blank' });
  }
  if (input.pinyinInitials !== undefined || patch.name !== undefined) {
    patch.pinyin_initials = normaliseSearchFields(patch.name ?? current.name, input);
  }
  if (input.nameEn !== undefined) patch.name_en = input.nameEn.trim();
  if (input.keywords !== undefined) patch.keywords = input.keywords.trim();
  if (input.description !== undefined) patch.description = input.description.trim();
  if (input.allowAnonymous !== undefined) patch.allow_anonymous = input.allowAnonymous;
  if (input.concernsComponent !== undefined) {
    if (current.level === 2) checkComponentCode(current.code, input.concernsComponent);
    patch.concerns_component = input.concernsComponent;
  }
  if (input.attributes !== undefined) patch.attributes = validateAttributes(input.attributes);
  if (input.timeLimits !== undefined) patch.time_limits = validateTimeLimits(input.timeLimits);
  if (input.duplicateGroup !== undefined) patch.duplicate_group = input.duplicateGroup?.trim() || null;
  if (input.sort !== undefined) patch.sort = input.sort;
  const saved = await repo.updateCategory(tx, id, input.version, patch);
  if (!saved) throw new VersionConflictError(current.version);
  const changes = Object.fromEntries(
    Object.entries(patch).map(([k, v]) => [k, { from: current[k as keyof repo.CategoryRow], to: v }]),
  );
  await recordAudit(tx, actor, 'case.category.update', { type: 'case_category', id }, changes);
  return presentCategory(saved);
}

/**
 * Deactivates (never deletes) a category; a 大类 takes its active 小类 with it. Activating a 小类 needs its 大类
 * active. Existing cases keep their category.
 */
export async function setCategoryActive(
  tx: Tx,
  actor: Actor,
  id: number,
  input: { version: number; active: boolean },
): Promise<Category> {
  assertConfigure(actor);
  const current = await repo.getCategory(tx, id, true);
  if (!current) throw notFound('CASE_CATEGORY', { id });
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  if (current.active === input.active) {
    throw conflict(input.active ? 'CASE_CATEGORY_ALREADY_ACTIVE' : 'CASE_CATEGORY_ALREADY_INACTIVE', { id });
  }
  if (input.active && current.parent_id !== null) {
    const parent = await repo.getCategory(tx, current.parent_id);
    if (!parent?.active) throw conflict('CASE_CATEGORY_PARENT_INACTIVE', { id, parentId: current.parent_id });
  }
  const saved = await repo.updateCategory(tx, id, input.version, { active: input.active });
  if (!saved) throw new VersionConflictError(current.version);
  const cascaded: string[] = [];
  if (!input.active && current.level === 1) {
    for (const child of await repo.childrenOf(tx, id, true)) {
      if (!child.active) continue;
      await repo.updateCategory(tx, child.id, child.version, { active: false });
      cascaded.push(child.code);
    }
  }
  await recordAudit(
    tx,
    actor,
    input.active ? 'case.category.activate' : 'case.category.deactivate',
    { type: 'case_category', id },
    { code: current.code, ...(cascaded.length > 0 ? { children: cascaded } : {}) },
  );
  return presentCategory(saved);
}

export interface CategorySearchHit {
  id: number;
  code: string;
  kind: CategoryKind;
  name: string;
  nameEn: string;
  /** "大类 › 小类" */
  path: string;
  pinyinInitials: string;
  /** The request nature an agent most likely picks for this kind of matter (the agent may change it). */
  natureHint: 'report' | 'complaint' | 'consult';
  timeLimits: TimeLimits | null;
  attributes: CategoryAttribute[];
  concernsComponent: boolean;
  allowAnonymous: boolean;
  score: number;
}

/** Nature hints: 数字城管 problems are reports of a problem on the street; most 12345 domains are complaints,
 * except the ones people mostly call to ask about. */
const CONSULT_CODES = new Set(['RX-12-01', 'RX-12-02', 'RX-10-01', 'RX-10-02', 'RX-10-05', 'RX-07-01', 'RX-09-03']);
function natureHint(r: repo.CategoryRow): CategorySearchHit['natureHint'] {
  if (r.kind !== 'hotline') return 'report';
  return CONSULT_CODES.has(r.code) ? 'consult' : 'complaint';
}

/** The agent console's category search: keywords, names and pinyin initials ("jg" → 井盖…). */
export async function searchCategories(
  tx: Tx,
  actor: Actor,
  input: { q: string; kind?: CategoryKind; limit?: number },
): Promise<{ items: CategorySearchHit[] }> {
  assertCaseUser(actor);
  const q = input.q.trim();
  if (q === '') return { items: [] };
  const rows = await repo.searchCategories(tx, q, { kind: input.kind, limit: input.limit ?? 10 });
  return {
    items: rows.map((r) => {
      const c = presentCategory(r);
      return {
        id: c.id,
        code: c.code,
        kind: c.kind,
        name: c.name,
        nameEn: c.nameEn,
        path: `${r.parent_name} › ${r.name}`,
        pinyinInitials: c.pinyinInitials,
        natureHint: natureHint(r),
        timeLimits: c.timeLimits,
        attributes: c.attributes,
        concernsComponent: c.concernsComponent,
        allowAnonymous: c.allowAnonymous,
        score: Math.round(Number(r.score) * 1000) / 1000,
      };
    }),
  };
}
