// SQL for the divisions table. The tree is city-wide reference data, read by every module, so these queries
// take no caller scope: who may read it is decided in service.ts.
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../database.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { DivisionLevel } from './tables.ts';

export interface DivisionRow {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
}

export interface NewDivision extends DivisionRow {
  sort?: number;
}

const columns = ['code', 'name', 'level', 'parent_code as parentCode'] as const;

/** Valid today: [valid_from, valid_to) contains current_date. */
const validToday = (eb: ExpressionBuilder<Database, 'divisions'>) =>
  eb.and([
    eb('valid_from', '<=', sql<Date>`current_date`),
    eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', sql<Date>`current_date`)]),
  ]);

export function selectChildren(tx: Tx, parentCode: string | null, opts: { includeRetired: boolean }) {
  let q = tx.selectFrom('divisions').select(columns);
  q = parentCode === null ? q.where('parent_code', 'is', null) : q.where('parent_code', '=', parentCode);
  if (!opts.includeRetired) q = q.where(validToday);
  return q.orderBy('sort').orderBy('code').execute();
}

export function selectDivision(tx: Tx, code: string, opts: { includeRetired: boolean }) {
  let q = tx.selectFrom('divisions').select(columns).where('code', '=', code);
  if (!opts.includeRetired) q = q.where(validToday);
  return q.executeTakeFirst();
}

/** Names from the top of the tree down to `code` (empty when the code is unknown). */
export async function selectAncestorNames(tx: Tx, code: string): Promise<string[]> {
  // depth < 8 bounds the walk should a bad import ever make a cycle.
  const res = await sql<{ name: string }>`
    with recursive up (code, name, parent_code, depth) as (
      select code, name, parent_code, 0 from divisions where code = ${code}
      union all
      select d.code, d.name, d.parent_code, up.depth + 1
        from divisions d join up on d.code = up.parent_code
       where up.depth < 8
    )
    select name from up order by depth desc`.execute(tx);
  return res.rows.map((r) => r.name);
}

/** Inserts divisions that are not there yet; returns how many were new. Parents must precede children. */
export async function insertDivisions(tx: Tx, rows: readonly NewDivision[]): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await tx
    .insertInto('divisions')
    .values(
      rows.map((r) => ({
        code: r.code,
        name: r.name,
        level: r.level,
        parent_code: r.parentCode,
        sort: r.sort ?? 0,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n);
}

// ---- boundaries ----

/** Sets the boundary of each division that has none yet (a city's imported boundary is never overwritten). */
export async function setMissingBoundaries(
  tx: Tx,
  rows: readonly { code: string; geometry: unknown }[],
): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += BOUNDARY_BATCH) {
    const values = rows.slice(i, i + BOUNDARY_BATCH).map((r) => sql`(${r.code}, ${JSON.stringify(r.geometry)})`);
    const res = await sql`
      update divisions d set boundary = v.boundary::jsonb
        from (values ${sql.join(values)}) as v (code, boundary)
       where d.code = v.code and d.boundary is null`.execute(tx);
    n += Number(res.numAffectedRows ?? 0n);
  }
  return n;
}
const BOUNDARY_BATCH = 500;

export interface DivisionWithBoundary extends DivisionRow {
  boundary: unknown | null;
}

export function selectDivisionBoundary(tx: Tx, code: string): Promise<DivisionWithBoundary | undefined> {
  return tx
    .selectFrom('divisions')
    .select([...columns, 'boundary'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Every division valid today, with their boundaries (null where none is known). */
export function selectDivisionsWithBoundaries(tx: Tx): Promise<DivisionWithBoundary[]> {
  return tx
    .selectFrom('divisions')
    .select([...columns, 'boundary'])
    .where(validToday)
    .orderBy('code')
    .execute();
}

/** Names of these divisions, retired codes included. */
export async function selectDivisionNames(tx: Tx, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await tx.selectFrom('divisions').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export interface DivisionHit {
  code: string;
  name: string;
  score: number;
}

/** Divisions valid today whose code starts with q (digits) or whose name contains or resembles q. */
export async function searchDivisions(tx: Tx, q: string, limit: number): Promise<DivisionHit[]> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const byCode = /^\d{2,12}$/.test(q);
  const res = await sql<DivisionHit>`
    select code, name,
           (case when code = ${q} then 3 when ${byCode} and code like ${`${q}%`} then 2 else 0 end
             + case when name like ${like} then 1 else 0 end
             + greatest(word_similarity(${q}, name), similarity(${q}, name)))::float8 as score
      from divisions
     where valid_from <= current_date and (valid_to is null or valid_to > current_date)
       and ((${byCode} and code like ${`${q}%`}) or name like ${like} or ${q} <% name)
     order by score desc, code
     limit ${limit}`.execute(tx);
  return res.rows;
}

// ---- division list import (division-import.ts) ----

export interface DivisionRecord extends DivisionRow {
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null while the code is in force. */
  validTo: string | null;
}

/** Every division, retired codes included, with its validity as YYYY-MM-DD text on both engines. */
export function selectAllDivisionRecords(tx: Tx): Promise<DivisionRecord[]> {
  return tx
    .selectFrom('divisions')
    .select([
      ...columns,
      sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('validFrom'),
      sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('validTo'),
    ])
    .orderBy('code')
    .execute();
}

/** Like tryGridImportLock (key 4306/1), for division list imports: one at a time, never waiting. */
export async function tryDivisionImportLock(tx: Tx): Promise<boolean> {
  const res = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(4306, 2) as locked`.execute(tx);
  return res.rows[0]?.locked === true;
}

const IMPORT_BATCH = 500;

/** Inserts new codes in force from `validFrom`. Parents must precede children (or already exist). */
export async function insertDivisionsFrom(tx: Tx, rows: readonly DivisionRow[], validFrom: string): Promise<void> {
  for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
    await tx
      .insertInto('divisions')
      .values(
        rows.slice(i, i + IMPORT_BATCH).map((r) => ({
          code: r.code,
          name: r.name,
          level: r.level,
          parent_code: r.parentCode,
          valid_from: validFrom,
        })),
      )
      .execute();
  }
}

/** Sets one column of many divisions from (code, value) pairs. */
async function updateFromValues(tx: Tx, column: 'name' | 'parent_code', rows: readonly [string, string][]) {
  for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
    const values = rows.slice(i, i + IMPORT_BATCH).map(([code, value]) => sql`(${code}, ${value})`);
    await sql`
      update divisions d set ${sql.ref(column)} = v.value
        from (values ${sql.join(values)}) as v (code, value)
       where d.code = v.code`.execute(tx);
  }
}

export const renameDivisions = (tx: Tx, rows: readonly { code: string; name: string }[]) =>
  updateFromValues(
    tx,
    'name',
    rows.map((r) => [r.code, r.name]),
  );

export const reparentDivisions = (tx: Tx, rows: readonly { code: string; parentCode: string }[]) =>
  updateFromValues(
    tx,
    'parent_code',
    rows.map((r) => [r.code, r.parentCode]),
  );

/** Retires codes in force: valid_to = `validTo` (exclusive). The rows stay; a code is never deleted. */
export async function retireDivisions(tx: Tx, codes: readonly string[], validTo: string): Promise<void> {
  for (let i = 0; i < codes.length; i += IMPORT_BATCH) {
    await tx
      .updateTable('divisions')
      .set({ valid_to: validTo })
      .where('code', 'in', codes.slice(i, i + IMPORT_BATCH))
      .where('valid_to', 'is', null)
      .execute();
  }
}
