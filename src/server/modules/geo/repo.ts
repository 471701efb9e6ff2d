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
