// 数据元 (GB/T 19488, ISO/IEC 11179 style): the unified data standard. An element is never edited in place —
// a change is a new version, and resources bound to older versions are listed for review (impact).
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, VersionConflictError, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { type CatalogAccess, catalogAccess, resourceVisibility } from './catalog-access.ts';
import * as repo from './element-repo.ts';
import { encodeCursor, decodeCursor, isShortString } from './page-cursor.ts';
import { itemsBoundBefore, resourcesByIds } from './resource-repo.ts';
import { optionalText, requiredText } from './text-input.ts';
import {
  type BuiltInValidator,
  type DataType,
  type ValueDomain,
  checkValue,
  compilePattern,
  domainMismatch,
} from './value-domain.ts';

export type ValueDomainInput =
  | { kind: 'none' }
  | { kind: 'code_list'; codeListId: string }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'range'; min?: number | null; max?: number | null }
  | { kind: 'validator'; validator: BuiltInValidator };

export interface ElementInput {
  nameZh: string;
  nameEn?: string | null;
  definition: string;
  dataType: DataType;
  format?: string | null;
  valueDomain?: ValueDomainInput;
  unit?: string | null;
  status?: repo.ElementRow['status'];
}

export interface ElementView {
  identifier: string;
  version: number;
  latestVersion: number;
  nameZh: string;
  nameEn: string | null;
  definition: string;
  dataType: DataType;
  format: string | null;
  valueDomain: ValueDomain;
  unit: string | null;
  status: repo.ElementRow['status'];
  createdBy: string;
  createdAt: string;
  allowedActions: string[];
}

export function domainOf(e: repo.ElementRow): ValueDomain {
  switch (e.domain_kind) {
    case 'code_list':
      return { kind: 'code_list', codeListId: e.code_list_id! };
    case 'pattern':
      return { kind: 'pattern', pattern: e.pattern! };
    case 'range':
      return {
        kind: 'range',
        min: e.range_min === null ? null : Number(e.range_min),
        max: e.range_max === null ? null : Number(e.range_max),
      };
    case 'validator':
      return { kind: 'validator', validator: e.validator! };
    default:
      return { kind: 'none' };
  }
}

function present(a: CatalogAccess, e: repo.ElementRow, latestVersion: number): ElementView {
  return {
    identifier: e.identifier,
    version: e.version,
    latestVersion,
    nameZh: e.name_zh,
    nameEn: e.name_en,
    definition: e.definition,
    dataType: e.data_type,
    format: e.format,
    valueDomain: domainOf(e),
    unit: e.unit,
    status: e.status,
    createdBy: e.created_by,
    createdAt: e.created_at.toISOString(),
    allowedActions: allows(a.actor, 'catalog.element.manage', a.office) ? ['revise'] : [],
  };
}

/** Checks a definition and returns the columns to store. */
async function definitionColumns(tx: Tx, input: ElementInput) {
  const domain = input.valueDomain ?? { kind: 'none' as const };
  const mismatch = domainMismatch(
    input.dataType,
    domain.kind,
    domain.kind === 'validator' ? domain.validator : undefined,
  );
  if (mismatch) throw new AppError('ELEMENT_DOMAIN_TYPE_MISMATCH', 400, { field: 'valueDomain', problem: mismatch });
  if (domain.kind === 'code_list' && !(await repo.getCodeList(tx, domain.codeListId)))
    throw new AppError('CODE_LIST_NOT_FOUND', 400, { field: 'valueDomain.codeListId', id: domain.codeListId });
  if (domain.kind === 'pattern' && !compilePattern(domain.pattern))
    throw new AppError('ELEMENT_PATTERN_INVALID', 400, { field: 'valueDomain.pattern' });
  const min = domain.kind === 'range' ? (domain.min ?? null) : null;
  const max = domain.kind === 'range' ? (domain.max ?? null) : null;
  if (domain.kind === 'range' && ((min === null && max === null) || (min !== null && max !== null && min > max)))
    throw new AppError('ELEMENT_RANGE_INVALID', 400, { field: 'valueDomain', min, max });
  return {
    name_zh: requiredText(input.nameZh, 'nameZh'),
    name_en: optionalText(input.nameEn),
    definition: requiredText(input.definition, 'definition'),
    data_type: input.dataType,
    format: optionalText(input.format),
    domain_kind: domain.kind,
    code_list_id: domain.kind === 'code_list' ? domain.codeListId : null,
    pattern: domain.kind === 'pattern' ? domain.pattern : null,
    range_min: min,
    range_max: max,
    validator: domain.kind === 'validator' ? domain.validator : null,
    unit: optionalText(input.unit),
    status: input.status ?? ('draft' as const),
  };
}

export async function createElement(tx: Tx, actor: Actor, input: ElementInput): Promise<ElementView> {
  const a = await catalogAccess(tx, actor, 'catalog.element.manage');
  can(actor, 'catalog.element.manage', a.office);
  const columns = await definitionColumns(tx, input);
  const identifier = await repo.nextElementIdentifier(tx);
  const e = await repo.insertElement(tx, { ...columns, identifier, version: 1, created_by: actor.name });
  await recordAudit(tx, actor, 'catalog.element.create', { type: 'data_element', id: identifier }, { version: 1 });
  await emit(tx, { type: 'catalog.element.created', identifier, version: 1 });
  return present(a, e, 1);
}

/** A change to an element is its next version, made from the latest one (`baseVersion`, optimistic). */
export async function reviseElement(
  tx: Tx,
  actor: Actor,
  identifier: string,
  input: ElementInput & { baseVersion: number },
): Promise<ElementView> {
  const a = await catalogAccess(tx, actor, 'catalog.element.manage');
  can(actor, 'catalog.element.manage', a.office);
  await repo.lockElement(tx, identifier);
  const latest = await repo.latestElement(tx, identifier);
  if (!latest) throw notFound('ELEMENT', { identifier });
  if (latest.version !== input.baseVersion) throw new VersionConflictError(latest.version);
  const columns = await definitionColumns(tx, input);
  const version = latest.version + 1;
  const e = await repo.insertElement(tx, { ...columns, identifier, version, created_by: actor.name });
  const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter(
    (k) => String(columns[k] ?? '') !== String(latest[k] === null ? '' : latest[k]),
  );
  await recordAudit(
    tx,
    actor,
    'catalog.element.revise',
    { type: 'data_element', id: identifier },
    { from: latest.version, to: version, changed },
  );
  await emit(tx, { type: 'catalog.element.revised', identifier, version });
  return present(a, e, version);
}

export interface ElementDetail {
  element: ElementView;
  versions: { version: number; status: string; createdBy: string; createdAt: string }[];
}

export async function getElement(tx: Tx, actor: Actor, identifier: string, version?: number): Promise<ElementDetail> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const versions = await repo.elementVersions(tx, identifier);
  if (versions.length === 0) throw notFound('ELEMENT', { identifier });
  const latest = versions.at(-1)!.version;
  const e = await repo.elementVersion(tx, identifier, version ?? latest);
  if (!e) throw notFound('ELEMENT_VERSION', { identifier, version });
  return {
    element: present(a, e, latest),
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      createdBy: v.created_by,
      createdAt: v.created_at.toISOString(),
    })),
  };
}

export interface ElementQuery {
  q?: string;
  status?: repo.ElementRow['status'];
  dataType?: DataType;
  limit?: number;
  cursor?: string;
}

export async function listElements(
  tx: Tx,
  actor: Actor,
  query: ElementQuery,
): Promise<{ items: ElementView[]; nextCursor: string | null }> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const limit = query.limit ?? 50;
  const rows = await repo.listLatestElements(tx, {
    q: query.q?.trim() || undefined,
    status: query.status,
    dataType: query.dataType,
    afterIdentifier: query.cursor === undefined ? undefined : decodeCursor(query.cursor, isShortString),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((e) => present(a, e, e.version)),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.identifier) : null,
  };
}

export interface ElementImpact {
  identifier: string;
  latestVersion: number;
  resources: {
    code: string;
    name: string;
    status: string;
    providerDepartmentId: number;
    providerName: string | null;
    items: { name: string; elementVersion: number }[];
  }[];
}

/** Live resources whose items are bound to an older version of the element: what to review after a change. */
export async function elementImpact(tx: Tx, actor: Actor, identifier: string): Promise<ElementImpact> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const latest = await repo.latestElement(tx, identifier);
  if (!latest) throw notFound('ELEMENT', { identifier });
  const bound = await itemsBoundBefore(tx, resourceVisibility(a), identifier, latest.version);
  const resources = await resourcesByIds(
    tx,
    bound.map((b) => b.id),
  );
  return {
    identifier,
    latestVersion: latest.version,
    resources: resources
      .sort((x, y) => x.code.localeCompare(y.code))
      .map((r) => ({
        code: r.code,
        name: r.name,
        status: r.status,
        providerDepartmentId: r.provider_department_id,
        providerName: a.dir.byId.get(r.provider_department_id)?.name ?? null,
        items: bound.filter((b) => b.id === r.id).map((b) => ({ name: b.name, elementVersion: b.element_version })),
      })),
  };
}

/** The codes an element's code list admits; undefined when the list is kept elsewhere (not checked here). */
export async function codesOf(tx: Tx, e: repo.ElementRow): Promise<ReadonlySet<string> | undefined> {
  if (e.domain_kind !== 'code_list') return undefined;
  const list = await repo.getCodeList(tx, e.code_list_id!);
  if (!list || list.source) return undefined;
  return new Set((await repo.codeListItems(tx, list.id)).map((i) => i.code));
}

export interface ValueCheck {
  index: number;
  ok: boolean;
  reason: string | null;
}

/** Checks sample values against one version of an element (the latest by default). Values are not logged. */
export async function validateValues(
  tx: Tx,
  actor: Actor,
  identifier: string,
  input: { version?: number; values: string[] },
): Promise<{ identifier: string; version: number; results: ValueCheck[] }> {
  await catalogAccess(tx, actor, 'catalog.read');
  const e =
    input.version === undefined
      ? await repo.latestElement(tx, identifier)
      : await repo.elementVersion(tx, identifier, input.version);
  if (!e)
    throw notFound(input.version === undefined ? 'ELEMENT' : 'ELEMENT_VERSION', { identifier, version: input.version });
  const codes = await codesOf(tx, e);
  const domain = domainOf(e);
  return {
    identifier,
    version: e.version,
    results: input.values.map((v, index) => {
      const r = checkValue(e.data_type, domain, v, codes);
      return { index, ok: r.ok, reason: r.ok ? null : r.reason };
    }),
  };
}
