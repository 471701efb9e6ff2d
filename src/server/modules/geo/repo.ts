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
