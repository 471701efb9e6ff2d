// SQL of the data centre (数据中心): catalog_datasets, catalog_dataset_loads, each dataset's own table of rows
// (dataset-table.ts) and the per-load scratch table of repeated keys. The rules (who may load, validation, versions) live in
// dataset.ts and dataset-load.ts.
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { colRefs, type DatasetTable, ensureDatasetTable, tableRef } from './dataset-table.ts';

const LOCK_NAMESPACE = 4311;

export type LoadMode = 'all_or_nothing' | 'accept_valid';
export type LoadStatus = 'applied' | 'rolled_back' | 'failed';

export interface LoadRow {
  dataset_id: number;
  version: number;
  mode: LoadMode;
  replace: boolean;
  actor: string;
  started_at: Date;
  finished_at: Date | null;
  row_count: number;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
  status: LoadStatus;
  quality: unknown;
  /** The version a rollback took (null unless rolled back since migration 0004). */
  rolled_back_as?: number | null;
}

export function datasetOf(tx: Tx, resourceId: number) {
  return tx.selectFrom('catalog_datasets').selectAll().where('resource_id', '=', resourceId).executeTakeFirst();
}

/** One loader per dataset: false when another transaction holds the resource's load lock. */
export async function tryLoadLock(tx: Tx, resourceId: number): Promise<boolean> {
  const res = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(${LOCK_NAMESPACE}, ${resourceId}) as locked`.execute(tx);
  return res.rows[0]?.locked === true;
}

/**
 * Creates the dataset (and its table) on its first load and takes the next version number; columns follow the
 * resource, and the table gains a column for each new 信息项.
 */
export async function nextVersion(tx: Tx, resourceId: number, columns: string[], keyColumns: string[]) {
  await tx
    .insertInto('catalog_datasets')
    .values({ resource_id: resourceId, columns, key_columns: [] })
    .onConflict((oc) => oc.column('resource_id').doNothing())
    .execute();
  const ds = await tx
    .updateTable('catalog_datasets')
    .set((eb) => ({ last_version: eb('last_version', '+', 1), columns, key_columns: keyColumns }))
    .where('resource_id', '=', resourceId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const stored = await ensureDatasetTable(tx, ds, columns);
  return { ...ds, stored_columns: stored.stored_columns };
}

export async function lastAppliedLoad(tx: Tx, datasetId: number): Promise<LoadRow | undefined> {
  return (await tx
    .selectFrom('catalog_dataset_loads')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .where('status', '=', 'applied')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()) as LoadRow | undefined;
}

export async function loadByVersion(tx: Tx, datasetId: number, version: number): Promise<LoadRow | undefined> {
  return (await tx
    .selectFrom('catalog_dataset_loads')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .where('version', '=', version)
    .executeTakeFirst()) as LoadRow | undefined;
}

export async function recentLoads(tx: Tx, datasetId: number, limit: number): Promise<LoadRow[]> {
  return (await tx
    .selectFrom('catalog_dataset_loads')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .orderBy('version', 'desc')
    .limit(limit)
    .execute()) as LoadRow[];
}

export async function insertLoad(tx: Tx, l: Omit<LoadRow, 'quality'> & { quality: string }): Promise<LoadRow> {
  return (await tx.insertInto('catalog_dataset_loads').values(l).returningAll().executeTakeFirstOrThrow()) as LoadRow;
}

// ── the load's writes ───────────────────────────────────────────────────────────────────────────────────
// A load streams its rows into the dataset's table (dataset-table.ts openRowSink) with _from = its version, and a
// placeholder row (_from = −version, no cells) for each rejected row that had a key, so that the set-based steps
// below see every key of the file. They run once the file is read, inside the load's transaction.

/** Savepoint around a load's row writes: an all_or_nothing load that meets an error undoes them at the end. */
export async function savepoint(tx: Tx): Promise<void> {
  await sql`savepoint dataset_load_rows`.execute(tx);
}
export async function rollbackToSavepoint(tx: Tx): Promise<void> {
  await sql`rollback to savepoint dataset_load_rows`.execute(tx);
}

/** Sorting and hashing a million keys wants more than the default 4 MB (for this transaction only). */
export async function loadWorkMem(tx: Tx): Promise<void> {
  await sql`set local work_mem = '64MB'`.execute(tx);
}

export async function hasCurrentRows(tx: Tx, t: DatasetTable): Promise<boolean> {
  const r = await sql`select 1 from ${tableRef(t)} where _to is null and _from > 0 limit 1`.execute(tx);
  return r.rows.length > 0;
}

/**
 * Keys the file carried more than once, with the first row that carried each, into a temporary table dropped
 * at commit: among `among` (the candidates of dataset-key-filter.ts, looked up by the key index), or among all
 * the load's rows when null. Returns how many rows repeat a key of an earlier row.
 */
export async function findDuplicateKeys(
  tx: Tx,
  t: DatasetTable,
  version: number,
  among: readonly string[] | null,
): Promise<number> {
  if (among !== null && among.length === 0) return 0;
  await sql`drop table if exists dataset_load_dups`.execute(tx);
  await sql`create temp table dataset_load_dups on commit drop as
      select _key, min(_row) as first, count(*) as n from ${tableRef(t)}
       where _from in (${version}::int, ${-version}::int)
         ${among === null ? sql`` : sql`and _key = any(${among}::text[])`}
       group by _key having count(*) > 1`.execute(tx);
  const r = await sql<{ extra: number | null }>`select sum(n - 1)::int as extra from dataset_load_dups`.execute(tx);
  return Number(r.rows[0]?.extra ?? 0);
}

export interface DuplicateRow {
  row: number;
  key: string;
  first: number;
  /** The cells in the table's column order; null for a row already rejected for its cells. */
  cells: (string | null)[] | null;
}

/** The rows that repeat an earlier row's key (first `limit`, by row). */
export async function duplicateRows(tx: Tx, t: DatasetTable, version: number, limit: number): Promise<DuplicateRow[]> {
  const res = await sql<{ _row: number; _key: string; first: number; placeholder: boolean; cells: (string | null)[] }>`
      select r._row, r._key, d.first, r._from < 0 as placeholder, array[${sql.join(colRefs(t, 'r'))}] as cells
        from ${tableRef(t)} r join dataset_load_dups d on d._key = r._key
       where r._from in (${version}::int, ${-version}::int) and r._row <> d.first
       order by r._row limit ${limit}`.execute(tx);
  return res.rows.map((r) => ({ row: r._row, key: r._key, first: r.first, cells: r.placeholder ? null : r.cells }));
}

/** Drops the rows of this load that repeat an earlier row's key; returns how many. */
export async function dropDuplicateRows(tx: Tx, t: DatasetTable, version: number): Promise<number> {
  const res = await sql`delete from ${tableRef(t)} r using dataset_load_dups d
      where r._key = d._key and r._from = ${version} and r._row <> d.first`.execute(tx);
  return Number(res.numAffectedRows ?? 0);
}

/** The placeholders of rejected rows have served (duplicates, replace); they go before commit. */
export async function dropPlaceholders(tx: Tx, t: DatasetTable, version: number): Promise<void> {
  await sql`delete from ${tableRef(t)} where _from = ${-version}`.execute(tx);
}

/**
 * Applies a staged load (dataset-table.ts createStage) to the dataset: with `replace`, ends the current rows whose
 * key the file did not carry; ends the current rows whose staged row differs (updated); then writes the staged
 * rows whose key has no current row left — new keys and the new versions of the updated ones. Unchanged rows
 * are never written.
 */
export async function mergeStage(
  tx: Tx,
  t: DatasetTable,
  stage: DatasetTable,
  version: number,
  replace: boolean,
): Promise<{ deleted: number; updated: number; written: number }> {
  let deleted = 0;
  if (replace) {
    const res = await sql`update ${tableRef(t)} c set _to = ${version}
        where c._to is null and c._from > 0
          and not exists (select 1 from ${tableRef(stage)} s where s._key = c._key)`.execute(tx);
    deleted = Number(res.numAffectedRows ?? 0);
  }
  // One pass over the staged rows finds what changed: new keys (no current row) and rows whose cells differ
  // from their key's current row (whose place, ctid, is kept to end it). Unchanged rows drop out here.
  const differs = t.cols.map((c) => sql`coalesce(o.${sql.ref(c)}, '') <> coalesce(s.${sql.ref(c)}, '')`);
  const cols = t.cols.map((c) => sql.ref(c));
  await sql`drop table if exists dataset_load_changed`.execute(tx);
  await sql`create temp table dataset_load_changed on commit drop as
      select s._key, s._row, o.ctid as old, ${sql.join(t.cols.map((c) => sql.ref(`s.${c}`)))}
        from ${tableRef(stage)} s
        left join ${tableRef(t)} o on o._key = s._key and o._to is null and o._from > 0
       where s._from = ${version} and (o._key is null or ${sql.join(differs, sql` or `)})`.execute(tx);
  const updated = await sql`update ${tableRef(t)} o set _to = ${version} from dataset_load_changed c
      where c.old is not null and o.ctid = c.old`.execute(tx);
  const written = await sql`insert into ${tableRef(t)} (_key, _from, _row, ${sql.join(cols)})
      select _key, ${version}, _row, ${sql.join(cols)} from dataset_load_changed`.execute(tx);
  return {
    deleted,
    updated: Number(updated.numAffectedRows ?? 0),
    written: Number(written.numAffectedRows ?? 0),
  };
}

/** Fresh planner statistics after a large load (a new table has none until autovacuum gets to it). */
export async function analyzeTable(tx: Tx, t: DatasetTable): Promise<void> {
  // A tenth of the default sample (3,000 rows): enough to plan key-ordered reads with a filter, and a
  // million-row table is analysed in tens of milliseconds instead of half a second.
  await sql`set local default_statistics_target = 10`.execute(tx);
  await sql`analyze ${tableRef(t)}`.execute(tx);
  await sql`reset default_statistics_target`.execute(tx);
}

// ── rollback ────────────────────────────────────────────────────────────────────────────────────────────

/** Undoes a load: drops the rows it wrote, then reopens the rows it closed (one current row per key). */
export async function undoLoadRows(tx: Tx, t: DatasetTable, version: number) {
  const removed = await sql`delete from ${tableRef(t)} where _from = ${version}`.execute(tx);
  const reopened = await sql`update ${tableRef(t)} set _to = null where _to = ${version}`.execute(tx);
  return { removed: Number(removed.numAffectedRows ?? 0), reopened: Number(reopened.numAffectedRows ?? 0) };
}

/**
 * A rolled-back load that a change-feed reader may hold: one it had synced (version ≤ since) rolled back after it
 * synced, or one its pages were reading (≤ upto) rolled back after they were pinned.
 */
export function undoneSince(tx: Tx, datasetId: number, since: number, upto: number) {
  return tx
    .selectFrom('catalog_dataset_loads')
    .select(['version', 'rolled_back_as'])
    .where('dataset_id', '=', datasetId)
    .where('status', '=', 'rolled_back')
    .where((eb) =>
      eb.or([
        eb.and([eb('version', '<=', since), eb('rolled_back_as', '>', since)]),
        eb.and([eb('version', '<=', upto), eb('rolled_back_as', '>', upto)]),
      ]),
    )
    .orderBy('version')
    .limit(1)
    .executeTakeFirst();
}

/** Marks the load rolled back; the rollback takes the dataset's next version number (`as`). */
export async function markRolledBack(tx: Tx, datasetId: number, version: number, by: string): Promise<LoadRow> {
  const { last_version: as } = await tx
    .updateTable('catalog_datasets')
    .set((eb) => ({ last_version: eb('last_version', '+', 1) }))
    .where('id', '=', datasetId)
    .returning('last_version')
    .executeTakeFirstOrThrow();
  return (await tx
    .updateTable('catalog_dataset_loads')
    .set({ status: 'rolled_back', rolled_back_by: by, rolled_back_at: new Date(), rolled_back_as: as })
    .where('dataset_id', '=', datasetId)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirstOrThrow()) as LoadRow;
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────────────────

export interface StoredRow {
  key: string;
  /** In the order of the DatasetTable's columns; null where never stored. */
  cells: (string | null)[];
}

/** Rows as of `asOf` in key order, after `after`. */
export async function rowsAsOf(
  tx: Tx,
  t: DatasetTable,
  asOf: number,
  limit: number,
  after: string | undefined,
): Promise<StoredRow[]> {
  const res = await sql<{ key: string; cells: (string | null)[] }>`
      select _key as key, array[${sql.join(colRefs(t))}]::text[] as cells from ${tableRef(t)}
       where _from > 0 and _from <= ${asOf} and (_to is null or _to > ${asOf})
         ${after === undefined ? sql`` : sql`and _key > ${after}`}
       order by _key limit ${limit}`.execute(tx);
  return res.rows;
}
