// Loading a dataset (数据中心): the upload is read as a stream of records (dataset-stream.ts), checked row by row
// against the data elements (dataset-check.ts) and streamed into the database (dataset-table.ts: COPY on
// PostgreSQL, so the database stores rows while Node checks the next ones), all inside the load's transaction,
// so memory does not grow with the file. A first load streams straight into the dataset's table; a later one
// into a staging table that is merged at the end, writing only what changed (dataset-repo.ts mergeStage). Rows
// carry the load's version; a rejected row that had a key leaves a placeholder (its key only), so repeated keys
// (dataset-key-filter.ts, later rows rejected) and replace=true see every key of the file.
// all_or_nothing writes under a savepoint and, once an error is met, writes keys only; with any error it goes
// back to the savepoint at the end: the failed load is recorded with its full report and no rows.
//
// Bounded output: at most MAX_REPORTED_ERRORS errors are listed (errorCount is always complete); the rejected
// rows come back as CSV up to REJECTED_CSV_MAX_BYTES (rejectedCsvTruncated says when rows were left out; the
// `rejected` count is complete). The answer of an upload is one JSON document, so an unbounded rejected file
// could only move the problem from memory to the response; a file with megabytes of bad rows is the wrong file,
// and its first rows with the total say what to fix.
//
// One load per dataset at a time: pg_try_advisory_xact_lock refuses a second loader at once (409). PGlite runs
// one transaction at a time, so there the second request would queue and then run after the first: an
// in-process flag per resource answers a load that arrived while another was running 409 as well.
import type { Actor } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { RowChecker, type RowError, checkHeader } from './dataset-check.ts';
import { loadContext } from './dataset-context.ts';
import { csvCell } from './dataset-file.ts';
import { type Quality, buildQuality } from './dataset-quality.ts';
import * as repo from './dataset-repo.ts';
import { CopySink, createStage, datasetTable, INSERT_ROWS, openRowSink } from './dataset-table.ts';
import { type CsvRun, isRawLines } from './dataset-csv-bytes.ts';
import { FastRows } from './dataset-fast-rows.ts';
import { KeyFilter } from './dataset-key-filter.ts';
import { type Encoding, type Format, openRecords } from './dataset-stream.ts';
import { type LoadView, presentLoad } from './dataset-view.ts';

/** Errors listed in a report; the count is always complete. */
export const MAX_REPORTED_ERRORS = 1000;
/** The rejected-rows CSV returned with an accept_valid load is cut (at a row) past this size. */
export const REJECTED_CSV_MAX_BYTES = 4 * 1024 * 1024;

export type LoadMode = repo.LoadMode;

export interface LoadResult extends LoadView {
  code: string;
  encoding: Encoding | null;
  errorCount: number;
  errors: RowError[];
  /** accept_valid with rejected rows: those rows as CSV (行号, the columns, 错误), formula-neutralised. */
  rejectedCsv: string | null;
  rejectedCsvTruncated: boolean;
}

export interface LoadInput {
  /** The request stream (CSV/XLSX), CSV bytes or text, or a parsed JSON array. */
  body: unknown;
  mode: LoadMode;
  format?: Format;
  replace: boolean;
  /** Largest upload in bytes (ONECITY_DATASET_MAX_BYTES). */
  maxBytes: number;
  /** performance.now() when the request arrived. */
  receivedAt: number;
}

const daysSince = (d: Date, now: Date) => (now.getTime() - d.getTime()) / 86_400_000;

/** The running tallies of one load. */
class Tally {
  errors: RowError[] = [];
  errorCount = 0;
  rows = 0;
  cells = 0;
  nonEmpty = 0;
  validRows = 0;
  /** Rows with a key and no error in their cells (before repeated keys are found). */
  cellValid = 0;
  keyedRows = 0;
  distinctKeys = 0;
  inserted = 0;
  updated = 0;
  rejected = 0;
  /** Rejected rows as CSV lines with their row (repeated keys are found after the file, so sorted at the end). */
  rejectedCsv: [number, string][] = [];
  rejectedBytes = 0;
  rejectedTruncated = false;

  readonly pushError = (e: RowError) => {
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(e);
  };

  addRejected(row: number, line: string) {
    if (this.rejectedTruncated) return;
    if (this.rejectedBytes + line.length * 3 > REJECTED_CSV_MAX_BYTES) {
      this.rejectedTruncated = true;
      return;
    }
    this.rejectedBytes += Buffer.byteLength(line);
    this.rejectedCsv.push([row, line]);
  }
}

/** Rows written at a time on PGlite (tests span several writes with it). */
export const BATCH_ROWS = INSERT_ROWS;
/** Rows of repeated keys fetched for the report and the rejected-rows file (the counts are always complete). */
const DUPLICATES_SHOWN = 20_000;
/** A load that changed at least this many rows refreshes the table's planner statistics. */
const ANALYZE_AFTER_ROWS = 1000;

export type LoadOutcome = { ok: boolean; result: LoadResult };

async function loadDataset(tx: Tx, actor: Actor, code: string, input: LoadInput): Promise<LoadOutcome> {
  const startedAt = new Date();
  const { resource, columns } = await loadContext(tx, actor, code);
  if (!(await repo.tryLoadLock(tx, resource.id))) throw conflict('DATASET_LOAD_IN_PROGRESS', { code });
  const source = openRecords(input.body, input.format, input.maxBytes);
  const runs = source.records[Symbol.asyncIterator]();
  // The header is the first record; `rest` is what its run held after it.
  let header: string[] | null = null;
  let rest: CsvRun = [];
  while (header === null) {
    const n = await runs.next();
    if (n.done) throw new AppError('DATASET_FILE_MALFORMED', 400, { problem: 'the file is empty' });
    const run = n.value;
    if (isRawLines(run)) {
      if (run.starts.length === 0) continue;
      header = run.buf.toString('utf8', run.starts[0], run.ends[0]).split(',');
      rest = { ...run, starts: run.starts.slice(1), ends: run.ends.slice(1), rows: run.rows.slice(1) };
    } else if (run.length > 0) {
      header = run[0].cells;
      rest = run.slice(1);
    }
  }
  header = header.map((h) => h.trim());
  const index = checkHeader(header, columns, code);
  const names = columns.map((c) => c.name);
  const ds = await repo.nextVersion(
    tx,
    resource.id,
    names,
    columns.filter((c) => c.isKey).map((c) => c.name),
  );
  const version = ds.last_version;
  const table = datasetTable(ds, names);
  const previous = await repo.lastAppliedLoad(tx, ds.id);
  const prevAt = previous ? (previous.finished_at ?? previous.started_at) : null;
  await repo.loadWorkMem(tx);
  const wasEmpty = !(await repo.hasCurrentRows(tx, table));
  await repo.savepoint(tx);

  const t = new Tally();
  const checker = new RowChecker(columns, index, header.length, t.pushError);
  const keepRejected = input.mode === 'accept_valid';
  const rejectRow = (row: number, cells: readonly (string | null)[] | null, messages: string[]) => {
    t.rejected++;
    if (keepRejected) {
      const shown = cells ?? columns.map(() => '');
      t.addRejected(
        row,
        `${[String(row), ...shown.map((c) => c ?? ''), messages.join('；')].map(csvCell).join(',')}\r\n`,
      );
    }
  };
  // Rows go to the table while they can still be applied; after an error in all_or_nothing, only their keys
  // (what is written is undone at the end; the keys still find repeats for the report).
  let writing = true;
  let placeholders = 0;
  // A first load goes straight into the dataset's table; a later one into a staging table, merged at the end.
  const target = wasEmpty ? table : await createStage(tx, table);
  const sink = await openRowSink(tx, target);
  const keys = new KeyFilter();
  const byRecord = (row: number, cells: string[]) => {
    const r = checker.check(row, cells);
    t.rows++;
    t.cells += columns.length;
    t.nonEmpty += r.nonEmpty;
    const ok = r.messages.length === 0;
    if (r.key !== null) {
      t.keyedRows++;
      keys.addString(r.key);
      if (ok) {
        t.cellValid++;
        sink.add(r.key, version, r.row, writing ? r.values : null);
      } else {
        sink.add(r.key, -version, r.row, null);
        placeholders++;
      }
    }
    if (!ok) {
      rejectRow(r.row, r.values, r.messages);
      if (input.mode === 'all_or_nothing') writing = false;
    }
  };
  // Into COPY, simple UTF-8 lines are checked and copied as bytes (dataset-fast-rows.ts); the rest by record.
  const fast = sink instanceof CopySink ? new FastRows(checker, index, header.length, version, sink, keys) : null;
  try {
    let run: CsvRun = rest;
    for (;;) {
      if (!isRawLines(run)) for (const rec of run) byRecord(rec.row, rec.cells);
      else if (fast && writing) fast.run(run, t, byRecord);
      else
        for (let l = 0; l < run.starts.length; l++)
          byRecord(run.rows[l], run.buf.toString('utf8', run.starts[l], run.ends[l]).split(','));
      await sink.drain();
      const n = await runs.next();
      if (n.done) break;
      run = n.value;
    }
    await sink.end();
  } catch (e) {
    sink.abort(e instanceof Error ? e : new Error(String(e)));
    throw e;
  }

  // Repeated keys: the first row keeps the key, every later one is rejected.
  const repeats = await repo.findDuplicateKeys(tx, target, version, keys.candidates);
  let droppedRepeats = 0;
  if (repeats > 0) {
    const shown = await repo.duplicateRows(tx, target, version, DUPLICATES_SHOWN);
    for (const d of shown) {
      const message = checker.duplicate(d.row, d.key, d.first);
      if (d.cells !== null) rejectRow(d.row, d.cells, [message]);
    }
    t.errorCount += repeats - shown.length;
    if (repeats > shown.length && keepRejected) t.rejectedTruncated = true;
    droppedRepeats = await repo.dropDuplicateRows(tx, target, version);
    t.rejected += droppedRepeats - shown.filter((d) => d.cells !== null).length;
  }
  t.validRows = t.cellValid - droppedRepeats;
  t.distinctKeys = t.keyedRows - repeats;

  const failed = input.mode === 'all_or_nothing' && t.errorCount > 0;
  let deleted = 0;
  if (failed) await repo.rollbackToSavepoint(tx);
  else {
    if (wasEmpty) {
      if (placeholders > 0) await repo.dropPlaceholders(tx, table, version);
      t.inserted = t.validRows;
    } else {
      const merged = await repo.mergeStage(tx, table, target, version, input.replace);
      deleted = merged.deleted;
      t.updated = merged.updated;
      t.inserted = merged.written - merged.updated;
    }
    if (t.inserted + t.updated + deleted >= ANALYZE_AFTER_ROWS) await repo.analyzeTable(tx, table);
  }
  const quality: Quality = buildQuality({
    rows: t.rows,
    cells: t.cells,
    nonEmptyCells: t.nonEmpty,
    validRows: t.validRows,
    keyedRows: t.keyedRows,
    distinctKeys: t.distinctKeys,
    daysSincePrevious: prevAt ? daysSince(prevAt, startedAt) : null,
    cycle: resource.update_cycle,
  });
  const load = await repo.insertLoad(tx, {
    dataset_id: ds.id,
    version,
    mode: input.mode,
    replace: input.replace,
    actor: actor.name,
    started_at: startedAt,
    finished_at: new Date(),
    row_count: t.rows,
    inserted: t.inserted,
    updated: t.updated,
    deleted,
    rejected: failed ? t.rows : t.rejected,
    status: failed ? 'failed' : 'applied',
    quality: JSON.stringify(quality),
  });
  const summary = {
    version,
    mode: input.mode,
    replace: input.replace,
    status: load.status,
    rows: t.rows,
    inserted: t.inserted,
    updated: t.updated,
    deleted,
    rejected: load.rejected,
    errors: t.errorCount,
    score: quality.score,
  };
  await recordAudit(
    tx,
    actor,
    'catalog.dataset.load',
    { type: 'dataset', id: code },
    summary,
    failed ? 'failed' : 'ok',
  );
  if (!failed) await emit(tx, { type: 'catalog.dataset.loaded', code, ...summary });
  const rejectedCsv =
    !failed && input.mode === 'accept_valid' && t.rejected > 0
      ? `${['行号', ...names, '错误'].map(csvCell).join(',')}\r\n${t.rejectedCsv
          .sort((a, b) => a[0] - b[0])
          .map(([, line]) => line)
          .join('')}`
      : null;
  return {
    ok: !failed,
    result: {
      code,
      ...presentLoad(load),
      encoding: source.encoding(),
      errorCount: t.errorCount,
      errors: t.errors.sort((x, y) => x.row - y.row),
      rejectedCsv,
      rejectedCsvTruncated: rejectedCsv !== null && t.rejectedTruncated,
    },
  };
}

const running = new Set<string>();
const lastEndedAt = new Map<string, number>();

export type TxRunner = <T>(fn: (tx: Tx, actor: Actor) => Promise<T>) => Promise<T>;

/**
 * Runs a load in a transaction of `run`. all_or_nothing with errors: the failed load is recorded (no rows), then
 * 400 DATASET_LOAD_INVALID carries the report. `actor` only decides whether this request takes the in-process
 * slot; the permission itself is checked inside the transaction, where a denial is audited. Any other error
 * (413 over the size limit, 400 unreadable file) rolls the whole load back: no version is taken.
 */
export async function runDatasetLoad(actor: Actor, run: TxRunner, code: string, input: LoadInput): Promise<LoadResult> {
  const exclusive = canSomewhere(actor, 'catalog.dataset.load');
  if (exclusive) {
    if (running.has(code) || (lastEndedAt.get(code) ?? Number.NEGATIVE_INFINITY) > input.receivedAt)
      throw conflict('DATASET_LOAD_IN_PROGRESS', { code });
    running.add(code);
  }
  try {
    const outcome = await run((tx, a) => loadDataset(tx, a, code, input));
    if (!outcome.ok)
      throw new AppError('DATASET_LOAD_INVALID', 400, {
        code,
        version: outcome.result.version,
        errorCount: outcome.result.errorCount,
        report: outcome.result,
      });
    return outcome.result;
  } finally {
    if (exclusive) {
      running.delete(code);
      lastEndedAt.set(code, performance.now());
    }
  }
}
