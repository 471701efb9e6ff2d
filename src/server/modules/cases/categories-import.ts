// Importing and exporting the category tree (DOMAIN §1: "keep the domain taxonomy importable" — a city's official
// 小类 tables, e.g. a GB/T 39666 table or its 数字城管 部件/事件 tables, replace or extend the defaults). The file is
// the export's JSON shape: 大类 with their 小类, each with an explicit code. Upsert by code: new codes are created,
// known codes updated (version bumped), nothing is deleted or deactivated. All or nothing: every problem is listed
// with its field, and nothing is written unless the file is clean. dryRun reports what would change.
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { canonicalJson } from '../../platform/crypto/digest.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, VersionConflictError } from '../../platform/errors.ts';
import { type Category, presentCategory } from './categories.ts';
import { pinyinInitials } from './categories-pinyin.ts';
import { CATEGORY_KINDS, type CategoryKind, validateAttributes, validateTimeLimits } from './categories-validation.ts';
import { assertCaseUser, assertConfigure } from './config-access.ts';
import * as repo from './config-repo.ts';

export interface ImportSubcategory {
  code: string;
  name: string;
  nameEn?: string;
  keywords?: string;
  pinyinInitials?: string;
  description?: string;
  concernsComponent?: boolean;
  allowAnonymous?: boolean;
  timeLimits?: unknown;
  attributes?: unknown;
  duplicateGroup?: string | null;
  /** Position among its siblings (default: the position in the file). */
  sort?: number;
}

export interface ImportCategory {
  code: string;
  kind: CategoryKind;
  name: string;
  nameEn?: string;
  keywords?: string;
  description?: string;
  sort?: number;
  children?: ImportSubcategory[];
}

export interface ImportProblem {
  field: string;
  code: string;
  problem: string;
}

export interface ImportReport {
  dryRun: boolean;
  created: string[];
  updated: string[];
  unchanged: number;
}

const CODE = /^[A-Z][A-Z0-9]{0,7}(-[0-9A-Z]{1,8}){0,3}$/;
const MAX_PROBLEMS = 100;
const sortOf = (v: unknown, position: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9999 ? v : position;

type Planned = { code: string; values: repo.CategoryInsert; parentCode: string | null };

/** Checks the whole file; returns the rows it describes, or throws 400 CASE_CATEGORY_IMPORT_INVALID listing problems. */
function plan(tree: readonly ImportCategory[], existing: Map<string, repo.CategoryRow>): Planned[] {
  const problems: ImportProblem[] = [];
  const out: Planned[] = [];
  const seen = new Set<string>();
  const note = (field: string, code: string, problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ field, code, problem });
  };
  const checkCode = (field: string, code: string, parentCode: string | null) => {
    if (!CODE.test(code)) note(field, code, 'capitals, digits and hyphens (e.g. BJ-01-01)');
    else if (parentCode !== null && !code.startsWith(`${parentCode}-`))
      note(field, code, `must start with ${parentCode}-`);
    if (seen.has(code)) note(field, code, 'is used twice in the file');
    seen.add(code);
  };
  const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
  tree.forEach((c, i) => {
    const f = `categories[${i}]`;
    checkCode(`${f}.code`, c.code, null);
    if (!CATEGORY_KINDS.includes(c.kind)) note(`${f}.kind`, c.code, `must be one of ${CATEGORY_KINDS.join(', ')}`);
    const known = existing.get(c.code);
    if (known && known.level !== 1) note(`${f}.code`, c.code, 'is a 小类 here, not a 大类');
    if (known && known.kind !== c.kind) note(`${f}.kind`, c.code, `is ${known.kind} here; the kind does not change`);
    if (text(c.name, 50) === '') note(`${f}.name`, c.code, 'must not be blank');
    out.push({
      code: c.code,
      parentCode: null,
      values: {
        code: c.code,
        parent_id: null,
        level: 1,
        kind: c.kind,
        name: text(c.name, 50),
        name_en: text(c.nameEn, 100),
        keywords: text(c.keywords, 500),
        pinyin_initials: pinyinInitials(text(c.name, 50)),
        description: text(c.description, 1000),
        concerns_component: c.kind === 'component',
        allow_anonymous: true,
        attributes: [],
        time_limits: null,
        duplicate_group: null,
        sort: sortOf(c.sort, i + 1),
      },
    });
    (c.children ?? []).forEach((s, j) => {
      const sf = `${f}.children[${j}]`;
      checkCode(`${sf}.code`, s.code, c.code);
      const knownSub = existing.get(s.code);
      if (knownSub && knownSub.level !== 2) note(`${sf}.code`, s.code, 'is a 大类 here, not a 小类');
      if (knownSub && knownSub.parent_id !== (known?.id ?? -1)) note(`${sf}.code`, s.code, 'belongs to another 大类');
      const name = text(s.name, 50);
      if (name === '') note(`${sf}.name`, s.code, 'must not be blank');
      const concernsComponent = s.concernsComponent ?? c.kind === 'component';
      if (concernsComponent && !/-\d{2}-\d{2}$/.test(s.code)) {
        note(`${sf}.code`, s.code, 'a 部件 小类 code ends in -NN-NN (the component id digits)');
      }
      let attributes: unknown = [];
      let timeLimits: unknown = null;
      try {
        attributes = validateAttributes(s.attributes ?? [], `${sf}.attributes`);
        timeLimits = validateTimeLimits(s.timeLimits, `${sf}.timeLimits`);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        note(String(e.details.field), s.code, String(e.details.problem ?? e.code));
      }
      const initials = text(s.pinyinInitials, 40).toLowerCase() || pinyinInitials(name);
      if (!/^[a-z0-9]{1,40}$/.test(initials)) note(`${sf}.pinyinInitials`, s.code, 'must be letters or digits');
      out.push({
        code: s.code,
        parentCode: c.code,
        values: {
          code: s.code,
          parent_id: null,
          level: 2,
          kind: c.kind,
          name,
          name_en: text(s.nameEn, 100),
          keywords: text(s.keywords, 500),
          pinyin_initials: initials,
          description: text(s.description, 1000),
          concerns_component: concernsComponent,
          allow_anonymous: s.allowAnonymous ?? true,
          attributes,
          time_limits: timeLimits,
          duplicate_group: text(s.duplicateGroup, 40) || null,
          sort: sortOf(s.sort, j + 1),
        },
      });
    });
  });
  if (problems.length > 0) {
    throw new AppError('CASE_CATEGORY_IMPORT_INVALID', 400, {
      field: problems[0].field,
      count: problems.length,
      problems,
    });
  }
  return out;
}

const COMPARED = [
  'name',
  'name_en',
  'keywords',
  'pinyin_initials',
  'description',
  'concerns_component',
  'allow_anonymous',
  'duplicate_group',
  'sort',
] as const;

function differs(row: repo.CategoryRow, v: repo.CategoryInsert): boolean {
  if (COMPARED.some((k) => row[k] !== v[k])) return true;
  // jsonb keeps its own key order: compare canonically.
  return (
    canonicalJson(row.attributes ?? []) !== canonicalJson(v.attributes) ||
    canonicalJson(row.time_limits ?? null) !== canonicalJson(v.time_limits)
  );
}

export async function importCategories(
  tx: Tx,
  actor: Actor,
  input: { categories: ImportCategory[]; dryRun?: boolean },
): Promise<ImportReport> {
  assertConfigure(actor);
  const existing = new Map((await repo.listCategories(tx, {})).map((r) => [r.code, r]));
  const rows = plan(input.categories, existing);
  const dryRun = input.dryRun ?? false;
  const report: ImportReport = { dryRun, created: [], updated: [], unchanged: 0 };
  const ids = new Map([...existing.values()].map((r) => [r.code, r.id]));
  for (const p of rows) {
    const known = existing.get(p.code);
    if (known && !differs(known, p.values)) {
      report.unchanged++;
      continue;
    }
    (known ? report.updated : report.created).push(p.code);
    if (dryRun) continue;
    if (known) {
      const { code: _c, parent_id: _p, level: _l, kind: _k, ...patch } = p.values;
      if (!(await repo.updateCategory(tx, known.id, known.version, patch))) {
        throw new VersionConflictError(known.version);
      }
    } else {
      const parentId = p.parentCode === null ? null : (ids.get(p.parentCode) ?? null);
      const row = await repo.insertCategory(tx, { ...p.values, parent_id: parentId });
      ids.set(row.code, row.id);
    }
  }
  if (!dryRun) {
    await recordAudit(
      tx,
      actor,
      'case.category.import',
      { type: 'case_category', id: null },
      { created: report.created.length, updated: report.updated.length, unchanged: report.unchanged },
    );
  }
  return report;
}

/** The whole tree in the import's shape (round-trips through importCategories). */
export async function exportCategories(tx: Tx, actor: Actor): Promise<{ categories: ImportCategory[] }> {
  assertCaseUser(actor);
  const all = (await repo.listCategories(tx, {})).map(presentCategory);
  const sub = (c: Category): ImportSubcategory => ({
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    keywords: c.keywords,
    pinyinInitials: c.pinyinInitials,
    description: c.description,
    concernsComponent: c.concernsComponent,
    allowAnonymous: c.allowAnonymous,
    timeLimits: c.timeLimits,
    attributes: c.attributes,
    duplicateGroup: rawGroup(c),
    sort: c.sort,
  });
  return {
    categories: all
      .filter((c) => c.level === 1)
      .map((c) => ({
        code: c.code,
        kind: c.kind,
        name: c.name,
        nameEn: c.nameEn,
        keywords: c.keywords,
        description: c.description,
        sort: c.sort,
        children: all.filter((s) => s.parentId === c.id).map(sub),
      })),
  };
}

/** presentCategory fills in the 大类 code as the default group; the export keeps only a group set on purpose. */
function rawGroup(c: Category): string | null {
  const dflt = c.code.split('-').slice(0, 2).join('-');
  return c.duplicateGroup === dflt ? null : c.duplicateGroup;
}
