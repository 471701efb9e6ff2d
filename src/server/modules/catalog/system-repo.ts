// SQL for the systems registry (信息系统, 摸清家底) and the resources each system holds.
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { CatalogTables } from './tables.ts';

type SystemTable = CatalogTables['catalog_systems'];
export type SystemRow = {
  id: number;
  name: string;
  owner_department_id: number;
  owner_path: string;
  purpose: string;
  users: string;
  hosting: string;
  network: SystemTable['network'];
  status: SystemTable['status'];
  created_by: string;
  version: number;
  created_at: Date;
  updated_at: Date;
};
export type SystemFields = Omit<SystemRow, 'id' | 'version' | 'created_at' | 'updated_at'>;

const systemColumns = [
  'id',
  'name',
  'owner_department_id',
  'owner_path',
  'purpose',
  'users',
  'hosting',
  'network',
  'status',
  'created_by',
  'version',
  'created_at',
  'updated_at',
] as const;

export function insertSystem(tx: Tx, fields: SystemFields) {
  return tx
    .insertInto('catalog_systems')
    .values(fields)
    .returning(systemColumns)
    .executeTakeFirstOrThrow() as Promise<SystemRow>;
}

export function getSystem(tx: Tx, id: number, forUpdate = false) {
  let q = tx.selectFrom('catalog_systems').select(systemColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst() as Promise<SystemRow | undefined>;
}

export function updateSystem(tx: Tx, id: number, expectedVersion: number, patch: Partial<SystemFields>) {
  return tx
    .updateTable('catalog_systems')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning(systemColumns)
    .executeTakeFirst() as Promise<SystemRow | undefined>;
}

export async function deleteSystem(tx: Tx, id: number, expectedVersion: number): Promise<boolean> {
  const r = await tx
    .deleteFrom('catalog_systems')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function replaceSystemResources(tx: Tx, systemId: number, resourceIds: number[]) {
  await tx.deleteFrom('catalog_system_resources').where('system_id', '=', systemId).execute();
  if (resourceIds.length)
    await tx
      .insertInto('catalog_system_resources')
      .values([...new Set(resourceIds)].map((resource_id) => ({ system_id: systemId, resource_id })))
      .execute();
}

export function resourceLinksOf(tx: Tx, systemIds: number[]) {
  if (systemIds.length === 0) return Promise.resolve([] as { system_id: number; resource_id: number }[]);
  return tx
    .selectFrom('catalog_system_resources')
    .select(['system_id', 'resource_id'])
    .where('system_id', 'in', systemIds)
    .execute();
}

export interface SystemFilter {
  q?: string;
  departmentId?: number;
  network?: SystemRow['network'];
  status?: SystemRow['status'];
  afterId?: number;
  limit: number;
}

/** The registry is an inventory for the whole city: every catalog reader sees it, so there is no scope here. */
export function listSystems(tx: Tx, f: SystemFilter) {
  let q = tx.selectFrom('catalog_systems as s').select(systemColumns.map((c) => `s.${c}` as const));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`(s.name || ' ' || s.purpose) ilike ${like}`);
  }
  if (f.departmentId !== undefined) q = q.where('s.owner_department_id', '=', f.departmentId);
  if (f.network) q = q.where('s.network', '=', f.network);
  if (f.status) q = q.where('s.status', '=', f.status);
  if (f.afterId !== undefined) q = q.where('s.id', '>', f.afterId);
  return q.orderBy('s.id').limit(f.limit).execute() as Promise<SystemRow[]>;
}
