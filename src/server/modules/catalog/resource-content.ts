// The rules a resource's metadata must follow (目录编制指南; 政务数据共享条例), checked on create and on every
// draft update, before anything is written. Each refusal names the field to fix.
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { type CatalogAccess, canSeeResource } from './catalog-access.ts';
import { codesOf, domainOf } from './elements.ts';
import { elementsByKeys, latestElements } from './element-repo.ts';
import { type ItemRow, type ResourceFields, type ResourceRow, resourcesByCodes } from './resource-repo.ts';
import { optionalText, requiredText } from './text-input.ts';
import { checkValue } from './value-domain.ts';

export interface ResourceItemInput {
  name: string;
  element: { identifier: string; version: number };
  isKey?: boolean;
  personalInfo: ItemRow['personal_info'];
  /** 样例值: checked against the element's value domain; never on items holding personal information. */
  example?: string | null;
}

export interface ResourceContent {
  name: string;
  summary: string;
  format: ResourceRow['format'];
  items: ResourceItemInput[];
  shareType: ResourceRow['share_type'];
  shareConditions?: string | null;
  shareBasis?: string | null;
  shareMethod?: ResourceRow['share_method'];
  openness: ResourceRow['openness'];
  updateCycle: ResourceRow['update_cycle'];
  grade: ResourceRow['grade'];
  relatedCodes?: string[];
}

type ContentColumns = Pick<
  ResourceFields,
  | 'name'
  | 'summary'
  | 'format'
  | 'share_type'
  | 'share_conditions'
  | 'share_basis'
  | 'share_method'
  | 'openness'
  | 'update_cycle'
  | 'grade'
  | 'related_codes'
>;

const refuse = (code: string, details: Record<string, unknown>) => new AppError(code, 400, details);

function checkSharing(c: ResourceContent) {
  const basis = optionalText(c.shareBasis);
  const conditions = optionalText(c.shareConditions);
  // Sharing is the rule: 不予共享 must cite the law or regulation that forbids it (国务院令第809号).
  if (c.shareType === 'none' && !basis) throw refuse('RESOURCE_SHARE_BASIS_REQUIRED', { field: 'shareBasis' });
  if (c.shareType === 'conditional' && !conditions)
    throw refuse('RESOURCE_SHARE_CONDITIONS_REQUIRED', { field: 'shareConditions' });
  if (c.shareType !== 'none' && !c.shareMethod)
    throw refuse('RESOURCE_SHARE_METHOD_REQUIRED', { field: 'shareMethod' });
  if (c.openness !== 'closed' && c.shareType === 'none')
    throw refuse('RESOURCE_OPENNESS_CONFLICT', { field: 'openness', reason: 'not_shared' });
  // 核心数据 (GB/T 43697) is not opened to the public.
  if (c.openness !== 'closed' && c.grade === 'core')
    throw refuse('RESOURCE_OPENNESS_CONFLICT', { field: 'openness', reason: 'core_data' });
  return {
    share_basis: c.shareType === 'none' ? basis : null,
    share_conditions: c.shareType === 'conditional' ? conditions : null,
    share_method: c.shareType === 'none' ? null : (c.shareMethod ?? null),
  };
}

async function checkItems(tx: Tx, c: ResourceContent): Promise<Omit<ItemRow, 'resource_id' | 'position'>[]> {
  const elements = await elementsByKeys(
    tx,
    c.items.map((it) => it.element),
  );
  const byKey = new Map(elements.map((e) => [`${e.identifier}@${e.version}`, e]));
  const latest = await latestElements(
    tx,
    c.items.map((it) => it.element.identifier),
  );
  const names = new Set<string>();
  const out: Omit<ItemRow, 'resource_id' | 'position'>[] = [];
  for (const [i, it] of c.items.entries()) {
    const name = requiredText(it.name, `items[${i}].name`);
    if (names.has(name)) throw refuse('RESOURCE_ITEM_DUPLICATE', { field: `items[${i}].name`, name });
    names.add(name);
    const e = byKey.get(`${it.element.identifier}@${it.element.version}`);
    if (!e) throw refuse('RESOURCE_ITEM_ELEMENT_UNKNOWN', { field: `items[${i}].element`, ...it.element });
    // Retiring an element is a new version with status retired: no version of it takes new bindings then.
    if (e.status === 'retired' || latest.get(e.identifier)?.status === 'retired')
      throw refuse('RESOURCE_ITEM_ELEMENT_RETIRED', { field: `items[${i}].element`, ...it.element });
    if (it.personalInfo === 'sensitive' && c.openness === 'open')
      throw refuse('RESOURCE_OPENNESS_CONFLICT', { field: `items[${i}].personalInfo`, reason: 'sensitive_item' });
    const example = optionalText(it.example);
    if (example !== null) {
      if (it.personalInfo !== 'none') throw refuse('RESOURCE_ITEM_EXAMPLE_PERSONAL', { field: `items[${i}].example` });
      const r = checkValue(e.data_type, domainOf(e), example, await codesOf(tx, e));
      if (!r.ok)
        throw refuse('RESOURCE_ITEM_EXAMPLE_INVALID', {
          field: `items[${i}].example`,
          reason: r.reason,
          element: e.identifier,
        });
    }
    out.push({
      name,
      element_identifier: e.identifier,
      element_version: e.version,
      is_key: it.isKey ?? false,
      personal_info: it.personalInfo,
      example,
    });
  }
  return out;
}

async function checkRelated(tx: Tx, a: CatalogAccess, codes: string[], self: string | undefined) {
  const found = new Map((await resourcesByCodes(tx, codes)).map((r) => [r.code, r]));
  const seen = new Set<string>();
  for (const [i, code] of codes.entries()) {
    const r = found.get(code);
    if (code === self || seen.has(code) || !r || !canSeeResource(a, r))
      throw refuse('RESOURCE_RELATED_UNKNOWN', { field: `relatedCodes[${i}]`, code });
    seen.add(code);
  }
  return codes;
}

/** Checks the whole content of a resource; returns its columns and item rows. */
export async function checkContent(
  tx: Tx,
  a: CatalogAccess,
  c: ResourceContent,
  selfCode?: string,
): Promise<{ columns: ContentColumns; items: Omit<ItemRow, 'resource_id' | 'position'>[] }> {
  const sharing = checkSharing(c);
  const items = await checkItems(tx, c);
  const related = await checkRelated(tx, a, c.relatedCodes ?? [], selfCode);
  return {
    columns: {
      name: requiredText(c.name, 'name'),
      summary: requiredText(c.summary, 'summary'),
      format: c.format,
      share_type: c.shareType,
      ...sharing,
      openness: c.openness,
      update_cycle: c.updateCycle,
      grade: c.grade,
      related_codes: related,
    },
    items,
  };
}

/** What a resource must have before the data office reviews it. */
export function checkComplete(r: ResourceRow, items: ItemRow[]) {
  // A table is loaded and exchanged by its key (upsert by the declared key), so it must declare one.
  if (r.format === 'table' && !items.some((i) => i.is_key)) throw refuse('RESOURCE_KEY_REQUIRED', { field: 'items' });
}

/** The stored content in input form, to merge a partial update onto. */
export function contentOf(r: ResourceRow, items: ItemRow[]): ResourceContent {
  return {
    name: r.name,
    summary: r.summary,
    format: r.format,
    items: items.map((i) => ({
      name: i.name,
      element: { identifier: i.element_identifier, version: i.element_version },
      isKey: i.is_key,
      personalInfo: i.personal_info,
      example: i.example,
    })),
    shareType: r.share_type,
    shareConditions: r.share_conditions,
    shareBasis: r.share_basis,
    shareMethod: r.share_method,
    openness: r.openness,
    updateCycle: r.update_cycle,
    grade: r.grade,
    relatedCodes: r.related_codes,
  };
}
