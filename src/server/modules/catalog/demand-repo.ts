// SQL for the data demand list (需求清单).
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { CatalogTables } from './tables.ts';

export type DemandRow = {
  id: number;
  requesting_department_id: number;
  requesting_path: string;
  title: string;
  description: string;
  wanted_fields: string[];
  status: CatalogTables['catalog_demands']['status'];
  matched_codes: string[];
  close_note: string | null;
  closed_by: string | null;
  closed_at: Date | null;
  created_by: string;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const demandColumns = [
  'id',
  'requesting_department_id',
  'requesting_path',
  'title',
  'description',
  'wanted_fields',
  'status',
  'matched_codes',
  'close_note',
  'closed_by',
  'closed_at',
  'created_by',
  'version',
  'created_at',
  'updated_at',
] as const;

export function insertDemand(
  tx: Tx,
  d: Pick<
    DemandRow,
    'requesting_department_id' | 'requesting_path' | 'title' | 'description' | 'wanted_fields' | 'created_by'
  >,
) {
  return tx
    .insertInto('catalog_demands')
    .values({ ...d, status: 'open' })
    .returning(demandColumns)
    .executeTakeFirstOrThrow() as Promise<DemandRow>;
}

export function getDemand(tx: Tx, id: number, forUpdate = false) {
  let q = tx.selectFrom('catalog_demands').select(demandColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst() as Promise<DemandRow | undefined>;
}

export function closeDemand(
  tx: Tx,
  id: number,
  expectedVersion: number,
  patch: Pick<DemandRow, 'status' | 'matched_codes' | 'close_note' | 'closed_by'>,
) {
  return tx
    .updateTable('catalog_demands')
    .set({ ...patch, closed_at: sql`now()`, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning(demandColumns)
    .executeTakeFirst() as Promise<DemandRow | undefined>;
}

export interface DemandFilter {
  status?: DemandRow['status'];
  departmentId?: number;
  q?: string;
  beforeId?: number;
  limit: number;
}

/** Newest first. Demands are visible city-wide: unmet needs are what the data office works from. */
export function listDemands(tx: Tx, f: DemandFilter) {
  let q = tx.selectFrom('catalog_demands as d').select(demandColumns.map((c) => `d.${c}` as const));
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.departmentId !== undefined) q = q.where('d.requesting_department_id', '=', f.departmentId);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`(d.title || ' ' || d.description) ilike ${like}`);
  }
  if (f.beforeId !== undefined) q = q.where('d.id', '<', f.beforeId);
  return q.orderBy('d.id', 'desc').limit(f.limit).execute() as Promise<DemandRow[]>;
}
