// The table of one dataset (migration 0003): catalog_ds_<id> with _key, _from, _to, _row and one text column per
// 信息项, c1 … cN in the order the names first appeared (catalog_datasets.stored_columns). Here: finding and
// widening that table, and the sink a load writes its rows through — COPY … FROM STDIN on PostgreSQL (rows as
// COPY text, written while the file is still being read, so Node checks the next rows while PostgreSQL stores
// these), multi-row INSERTs on PGlite. Table and column names are built from integers only, never from input.
import { type RawBuilder, sql } from 'kysely';
import { copyFromStdin, type CopyStream } from '../../platform/db/copy.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';

export interface DatasetTable {
  datasetId: number;
  /** catalog_ds_<id> */
  table: string;
  /** Per requested name, its column (c<n>). */
  cols: string[];
}

export interface StoredDataset {
  id: number;
  stored_columns: string[];
}

/** Columns a dataset's table may gather over its resource's versions (PostgreSQL's limit is 1,600; a renamed
 * 信息项 keeps its old column, which older versions still read). */
export const MAX_STORED_COLUMNS = 1500;

const tableName = (datasetId: number) => `catalog_ds_${Math.trunc(datasetId)}`;

/** The table and the columns of `names` (names never stored read as null: an empty string to the caller). */
export function datasetTable(ds: StoredDataset, names: string[]): DatasetTable {
  return {
    datasetId: ds.id,
    table: tableName(ds.id),
    cols: names.map((n) => {
      const i = ds.stored_columns.indexOf(n);
      return i < 0 ? '' : `c${i + 1}`;
    }),
  };
}

/** A stored row as the API shows it: every column by name, '' where the row has no value. */
export const rowData = (columns: readonly string[], cells: readonly (string | null)[]): Record<string, string> =>
  Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));

export const tableRef = (t: DatasetTable): RawBuilder<unknown> => sql.table(t.table);
/** `alias.cN` for each column; a name never stored reads as null. */
export const colRefs = (t: DatasetTable, alias?: string): RawBuilder<unknown>[] =>
  t.cols.map((c) => (c === '' ? sql.raw('null::text') : sql.ref(alias ? `${alias}.${c}` : c)));

/**
 * The table of a dataset with a column for each of `names`: created on the dataset's first load, widened when
 * the resource gained 信息项. Returns the stored names (the caller keeps them on the dataset row).
 */
export async function ensureDatasetTable(tx: Tx, ds: StoredDataset, names: string[]): Promise<StoredDataset> {
  const exists = await sql<{ t: string | null }>`select to_regclass(${tableName(ds.id)}) as t`.execute(tx);
  const stored = exists.rows[0]?.t ? [...ds.stored_columns] : [];
  const missing = names.filter((n) => !stored.includes(n));
  if (stored.length + missing.length > MAX_STORED_COLUMNS)
    throw new AppError('DATASET_TOO_MANY_COLUMNS', 409, {
      stored: stored.length,
      adding: missing.length,
      limit: MAX_STORED_COLUMNS,
    });
  if (!exists.rows[0]?.t) await sql`select catalog_dataset_table_create(${ds.id}::int, 0)`.execute(tx);
  if (missing.length > 0) {
    await sql`select catalog_dataset_table_widen(${ds.id}::int, ${stored.length}::int, ${stored.length + missing.length}::int)`.execute(
      tx,
    );
    stored.push(...missing);
    await tx.updateTable('catalog_datasets').set({ stored_columns: stored }).where('id', '=', ds.id).execute();
  }
  return { id: ds.id, stored_columns: stored };
}

/**
 * The staging table of a load into a dataset that has rows already: a temporary table (no WAL, no index) shaped
 * like the dataset's, dropped at commit. The load streams into it, and dataset-repo.ts mergeStage writes only
 * what changed into the dataset — a monthly refresh that changes a tenth of the rows writes a tenth.
 */
export async function createStage(tx: Tx, t: DatasetTable): Promise<DatasetTable> {
  await sql`drop table if exists dataset_load_stage`.execute(tx);
  const cols = t.cols.map((c) => sql`${sql.ref(c)} text`);
  await sql`create temp table dataset_load_stage (_key text not null, _from int not null, _row int not null,
      ${sql.join(cols)}) on commit drop`.execute(tx);
  return { datasetId: t.datasetId, table: 'dataset_load_stage', cols: t.cols };
}

// ── writing a load's rows ─────────────────────────────────────────────────────────────────────────────

export interface RowSink {
  /** One row of the load; `cells` null for a placeholder (a rejected row's key, kept only while loading). */
  add(key: string, from: number, row: number, cells: readonly string[] | null): void;
  /** Lets the database take what has gathered; awaited by the reader so memory stays bounded. */
  drain(): Promise<void>;
  /** Everything added is in the table (visible to the load's transaction). */
  end(): Promise<void>;
  /** The load failed while writing: stop (on PostgreSQL the COPY is cancelled, aborting the transaction). */
  abort(reason: Error): void;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** A value as COPY text format reads it back. */
export const copyText = (v: string): string =>
  COPY_SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : v;

/** Bytes handed to the COPY stream at a time. */
const COPY_CHUNK_BYTES = 1024 * 1024;
/** Rows per INSERT on PGlite. */
export const INSERT_ROWS = 5000;

/** Rows as COPY text, gathered in buffers; the fast path of dataset-fast-rows.ts writes its bytes straight in. */
export class CopySink implements RowSink {
  private out = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
  pos = 0;
  private full: Buffer[] = [];
  private readonly nullCells: string;
  constructor(
    private readonly stream: CopyStream,
    width: number,
  ) {
    this.nullCells = '\t\\N'.repeat(width);
  }
  /** The buffer to write at `pos`, with room for `n` more bytes. */
  room(n: number): Buffer {
    if (this.pos + n > this.out.length) {
      if (this.pos > 0) this.full.push(this.out.subarray(0, this.pos));
      this.out = Buffer.allocUnsafe(Math.max(COPY_CHUNK_BYTES, n));
      this.pos = 0;
    }
    return this.out;
  }
  add(key: string, from: number, row: number, cells: readonly string[] | null): void {
    let line = `${copyText(key)}\t${from}\t${row}`;
    if (cells === null) line += this.nullCells;
    else for (let i = 0; i < cells.length; i++) line += `\t${copyText(cells[i])}`;
    line += '\n';
    const out = this.room(line.length * 3);
    this.pos += out.write(line, this.pos);
  }
  async drain(): Promise<void> {
    for (let b = this.full.shift(); b; b = this.full.shift()) await this.stream.write(b);
  }
  async end(): Promise<void> {
    await this.drain();
    if (this.pos > 0) await this.stream.write(this.out.subarray(0, this.pos));
    this.pos = 0;
    await this.stream.end();
  }
  abort(reason: Error): void {
    this.full = [];
    this.pos = 0;
    this.stream.abort(reason);
  }
}

class InsertSink implements RowSink {
  private keys: string[] = [];
  private froms: number[] = [];
  private rows: number[] = [];
  private cells: (string | null)[][];
  constructor(
    private readonly tx: Tx,
    private readonly t: DatasetTable,
  ) {
    this.cells = t.cols.map(() => []);
  }
  add(key: string, from: number, row: number, cells: readonly string[] | null): void {
    this.keys.push(key);
    this.froms.push(from);
    this.rows.push(row);
    for (let i = 0; i < this.cells.length; i++) this.cells[i].push(cells === null ? null : cells[i]);
  }
  async drain(): Promise<void> {
    if (this.keys.length >= INSERT_ROWS) await this.flush();
  }
  private async flush(): Promise<void> {
    if (this.keys.length === 0) return;
    const cols = this.t.cols.map((c) => sql.ref(c));
    const arrays = this.cells.map((c) => sql`${c}::text[]`);
    await sql`insert into ${tableRef(this.t)} (_key, _from, _row, ${sql.join(cols)})
        select * from unnest(${this.keys}::text[], ${this.froms}::int[], ${this.rows}::int[], ${sql.join(arrays)})`.execute(
      this.tx,
    );
    this.keys = [];
    this.froms = [];
    this.rows = [];
    this.cells = this.t.cols.map(() => []);
  }
  async end(): Promise<void> {
    await this.flush();
  }
  abort(): void {
    this.keys = [];
  }
}

/** The sink of a load into `t` (every column of `t` written, in its order). */
export async function openRowSink(tx: Tx, t: DatasetTable): Promise<RowSink> {
  const copy = await copyFromStdin(
    tx,
    `copy ${t.table} (_key, _from, _row${t.cols.map((c) => `, ${c}`).join('')}) from stdin`,
  );
  return copy ? new CopySink(copy, t.cols.length) : new InsertSink(tx, t);
}
