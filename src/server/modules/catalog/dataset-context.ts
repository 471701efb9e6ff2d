// Who may load into or read a resource's dataset, and its columns: the resource's 信息项 with their data elements
// (type, value domain, code list), key and personal-information flags.
import type { Actor } from '../../platform/auth/actor.ts';
import { allows } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError, notFound } from '../../platform/errors.ts';
import { type CatalogAccess, canSeeResource, catalogAccess } from './catalog-access.ts';
import type { Column } from './dataset-check.ts';
import * as elementRepo from './element-repo.ts';
import { codesOf, domainOf } from './elements.ts';
import * as resourceRepo from './resource-repo.ts';

export interface DatasetContext {
  a: CatalogAccess;
  resource: resourceRepo.ResourceRow;
  columns: Column[];
}

async function resourceFor(tx: Tx, a: CatalogAccess, code: string) {
  const r = await resourceRepo.getResource(tx, code);
  if (!r || !canSeeResource(a, r)) throw notFound('RESOURCE', { code });
  return r;
}

async function columnsOf(tx: Tx, r: resourceRepo.ResourceRow): Promise<Column[]> {
  const items = await resourceRepo.itemsOf(tx, [r.id]);
  const elements = await elementRepo.elementsByKeys(
    tx,
    items.map((i) => ({ identifier: i.element_identifier, version: i.element_version })),
  );
  const byKey = new Map(elements.map((e) => [`${e.identifier}@${e.version}`, e]));
  const columns: Column[] = [];
  for (const i of items.sort((x, y) => x.position - y.position)) {
    const e = byKey.get(`${i.element_identifier}@${i.element_version}`);
    if (!e) throw new AppError('DATASET_ELEMENT_MISSING', 409, { column: i.name, identifier: i.element_identifier });
    columns.push({
      name: i.name,
      dataType: e.data_type,
      domain: domainOf(e),
      codes: await codesOf(tx, e),
      isKey: i.is_key,
      personal: i.personal_info !== 'none',
    });
  }
  return columns;
}

/** The caller may load into (or roll back) this resource's dataset: a steward of the providing department. */
export async function loadContext(tx: Tx, actor: Actor, code: string): Promise<DatasetContext> {
  const a = await catalogAccess(tx, actor, 'catalog.dataset.load');
  const resource = await resourceFor(tx, a, code);
  if (!allows(actor, 'catalog.dataset.load', { departmentPath: resource.provider_path }))
    throw new ForbiddenError('catalog.dataset.load');
  if (resource.status !== 'published') throw new AppError('DATASET_RESOURCE_NOT_PUBLISHED', 409, { code });
  if (resource.format !== 'table') throw new AppError('DATASET_RESOURCE_NOT_TABLE', 409, { code });
  const columns = await columnsOf(tx, resource);
  if (!columns.some((c) => c.isKey)) throw new AppError('DATASET_NO_KEY', 409, { code });
  return { a, resource, columns };
}

/** The caller may read this resource's dataset: the provider's stewards and the data office. */
export async function readContext(tx: Tx, actor: Actor, code: string) {
  const a = await catalogAccess(tx, actor, 'catalog.dataset.read');
  const resource = await resourceFor(tx, a, code);
  if (
    !allows(actor, 'catalog.dataset.read', { departmentPath: resource.provider_path }) &&
    !allows(actor, 'catalog.dataset.read', a.office)
  )
    throw new ForbiddenError('catalog.dataset.read');
  return { a, resource };
}
