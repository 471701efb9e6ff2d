// What the exchange module (共享交换) may read of the catalog: a resource's sharing attributes and 信息项, the data
// office's scope, and dataset rows / changes by load version. The exchange module decides who may call these
// (grants and credentials); these functions only read.
import { sql } from 'kysely';
import type { ScopedResource } from '../../platform/auth/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import * as repo from './dataset-repo.ts';
import { dataOfficeScope, loadDirectory } from './department-directory.ts';
import { colRefs, datasetTable, rowData, tableRef } from './dataset-table.ts';
import { decodeCursor, encodeCursor, isKeyCursor } from './page-cursor.ts';

export interface SharingItem {
  name: string;
  isKey: boolean;
  personalInfo: 'none' | 'personal' | 'sensitive';
}

export interface ResourceForSharing {
  id: number;
  code: string;
  name: string;
  status: 'draft' | 'submitted' | 'published' | 'deprecated';
  shareType: 'unconditional' | 'conditional' | 'none';
  shareBasis: string | null;
  providerDepartmentId: number;
  providerPath: string;
  items: SharingItem[];
}

export async function getResourceForSharing(tx: Tx, code: string): Promise<ResourceForSharing | undefined> {
  const r = await tx.selectFrom('catalog_resources').selectAll().where('code', '=', code).executeTakeFirst();
  if (!r) return undefined;
  const items = await tx
    .selectFrom('catalog_resource_items')
    .select(['name', 'is_key', 'personal_info'])
    .where('resource_id', '=', r.id)
    .orderBy('position')
    .execute();
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    status: r.status,
    shareType: r.share_type,
    shareBasis: r.share_basis,
    providerDepartmentId: r.provider_department_id,
    providerPath: r.provider_path,
    items: items.map((i) => ({ name: i.name, isKey: i.is_key, personalInfo: i.personal_info })),
  };
}

/** The departments' materialised paths by id, and the data office's scope (数据主管部门). */
export async function sharingDirectory(
  tx: Tx,
): Promise<{ office: ScopedResource; pathOf(departmentId: number): string | undefined }> {
  const dir = await loadDirectory(tx);
  return { office: dataOfficeScope(dir), pathOf: (id) => dir.byId.get(id)?.path };
}

export interface DatasetRowsPage {
  version: number;
  items: { key: string[]; data: Record<string, string> }[];
  nextCursor: string | null;
}

/** Rows of a resource's dataset as of its latest load, with equality filters on 信息项 (names must be checked by
 * the caller), in key order. An empty page at version 0 when nothing was ever loaded. */
export async function readDatasetRows(
  tx: Tx,
  resourceId: number,
  q: { filters: Record<string, string>; limit: number; cursor?: string },
): Promise<DatasetRowsPage> {
  const ds = await repo.datasetOf(tx, resourceId);
  if (!ds) return { version: 0, items: [], nextCursor: null };
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, isKeyCursor);
  const t = datasetTable(ds, ds.columns);
  const filters = Object.entries(q.filters).map(([field, value]) => {
    const i = ds.columns.indexOf(field);
    // A field the dataset does not have matches no row (the caller checked it against the resource).
    return i < 0 || t.cols[i] === '' ? sql`false` : sql`${sql.ref(t.cols[i])} = ${value}`;
  });
  // 核验 by the key (an ID number, a credit code): every key column named → one look-up in the key index.
  const keyValues = ds.key_columns.map((c) => q.filters[c]);
  if (keyValues.length > 0 && keyValues.every((v) => v !== undefined))
    filters.push(sql`_key = ${JSON.stringify(keyValues)}`);
  const { rows } = await sql<{ key: string; cells: (string | null)[] }>`
      select _key as key, array[${sql.join(colRefs(t))}]::text[] as cells from ${tableRef(t)}
       where _to is null and _from > 0
         ${after === undefined ? sql`` : sql`and _key > ${after}`}
         ${filters.length > 0 ? sql`and ${sql.join(filters, sql` and `)}` : sql``}
       order by _key limit ${q.limit + 1}`.execute(tx);
  const page = rows.slice(0, q.limit);
  return {
    version: ds.last_version,
    items: page.map((r) => ({
      key: JSON.parse(r.key) as string[],
      data: rowData(ds.columns, r.cells),
    })),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].key) : null,
  };
}

export interface DatasetChanges {
  since: number;
  /** The version the changes lead to (what `since` becomes once every page is read). */
  version: number;
  changes: { op: 'upsert' | 'delete'; key: string[]; data: Record<string, string> | null }[];
  /** More changes than `limit`: read again with the same `since`, after `lastKey`. */
  truncated: boolean;
  /** The key of the last change on this page (the JSON text of its key values); null when empty. */
  lastKey: string | null;
  /** A load the caller may have synced (version ≤ since) was rolled back later (as version `as` > since): the
   * changes cannot undo it; the caller must copy the dataset again. */
  rolledBack?: { version: number; as: number };
}

/** The rows changed after load `since`: current rows written by a later load (upsert) and keys whose row was
 * closed by a later load without a current successor (delete). */
export async function readDatasetChanges(
  tx: Tx,
  resourceId: number,
  since: number,
  limit: number,
  /** A later page of the same changes: the version they were pinned to and the last key of the previous page. */
  more?: { upto: number; after: string },
): Promise<DatasetChanges> {
  const ds = await repo.datasetOf(tx, resourceId);
  if (!ds) return { since, version: 0, changes: [], truncated: false, lastKey: null };
  // The changes from `since` to `upto`, as of `upto`: the pages of one read agree even if a load commits between
  // them (what that load changed comes with the next `since`).
  const upto = more?.upto ?? ds.last_version;
  // A load the caller may hold was undone: one it had synced (≤ since) rolled back after it synced, or one these
  // pages were reading (≤ upto) rolled back after they were pinned.
  const undone = await repo.undoneSince(tx, ds.id, since, upto);
  if (undone)
    return {
      since,
      version: ds.last_version,
      changes: [],
      truncated: false,
      lastKey: null,
      rolledBack: { version: undone.version, as: Number(undone.rolled_back_as) },
    };
  const t = datasetTable(ds, ds.columns);
  const afterKey = more === undefined ? sql`` : sql`and c._key > ${more.after}`;
  const afterOld = more === undefined ? sql`` : sql`and o._key > ${more.after}`;
  const validAt = (alias: string) =>
    sql`${sql.ref(`${alias}._from`)} > 0 and ${sql.ref(`${alias}._from`)} <= ${upto}
        and (${sql.ref(`${alias}._to`)} is null or ${sql.ref(`${alias}._to`)} > ${upto})`;
  const { rows } = await sql<{ key: string; cells: (string | null)[] | null }>`
    select c._key as key, array[${sql.join(colRefs(t, 'c'))}]::text[] as cells from ${tableRef(t)} c
     where c._from > ${since} and ${validAt('c')} ${afterKey}
    union all
    select distinct o._key as key, null::text[] as cells from ${tableRef(t)} o
     where o._to > ${since} and o._to <= ${upto} ${afterOld}
       and not exists (select 1 from ${tableRef(t)} n where n._key = o._key and ${validAt('n')})
    order by 1
    limit ${limit + 1}`.execute(tx);
  const page = rows.slice(0, limit);
  return {
    since,
    version: upto,
    changes: page.map((r) => ({
      op: r.cells === null ? 'delete' : 'upsert',
      key: JSON.parse(r.key) as string[],
      data: r.cells === null ? null : rowData(ds.columns, r.cells),
    })),
    truncated: rows.length > limit,
    lastKey: page.length > 0 ? page[page.length - 1].key : null,
  };
}

/** The version of the resource's latest load; 0 when no data is on the platform yet (no dataset, or nothing loaded). */
export async function datasetVersionOf(tx: Tx, resourceId: number): Promise<number> {
  const ds = await repo.datasetOf(tx, resourceId);
  return ds ? Number(ds.last_version) : 0;
}

export interface SharingItemElement {
  /** The 信息项 name (the dataset column). */
  name: string;
  personalInfo: 'none' | 'personal' | 'sensitive';
  elementIdentifier: string;
  elementVersion: number;
  elementNameZh: string;
  validator: 'id_card' | 'credit_code' | 'org_code' | 'division_code' | 'mobile' | 'date' | null;
}

/** Each 信息项 of a resource with the data element version it is bound to (for masking by element). */
export async function getItemElements(tx: Tx, resourceId: number): Promise<SharingItemElement[]> {
  const rows = await tx
    .selectFrom('catalog_resource_items as i')
    .leftJoin('catalog_elements as e', (j) =>
      j.onRef('e.identifier', '=', 'i.element_identifier').onRef('e.version', '=', 'i.element_version'),
    )
    .select(['i.name', 'i.personal_info', 'i.element_identifier', 'i.element_version', 'e.name_zh', 'e.validator'])
    .where('i.resource_id', '=', resourceId)
    .orderBy('i.position')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    personalInfo: r.personal_info,
    elementIdentifier: r.element_identifier,
    elementVersion: r.element_version,
    elementNameZh: r.name_zh ?? '',
    validator: r.validator ?? null,
  }));
}
