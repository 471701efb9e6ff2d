// Loading a dataset (数据中心): the upload is read as a stream of records (dataset-stream.ts), checked row by row
// against the data elements (dataset-check.ts) and written in batches inside the load's transaction, so memory
// does not grow with the file. Keys seen in the file go to a scratch table (duplicates, replace=true); the
// current rows of a batch's keys are read per batch to count inserted / updated. all_or_nothing writes under a
// savepoint and, once an error is met, stops writing and goes back to the savepoint at the end: the failed load
// is recorded with its full report and no rows.
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
import { type CheckedRow, type Column, RowChecker, type RowError, checkHeader } from './dataset-check.ts';
import { loadContext } from './dataset-context.ts';
import { csvCell } from './dataset-file.ts';
import { type Quality, buildQuality } from './dataset-quality.ts';
import * as repo from './dataset-repo.ts';
import { type Encoding, type Format, openRecords, type SourceRecord } from './dataset-stream.ts';
import { type LoadView, presentLoad } from './dataset-view.ts';

/** Errors listed in a report; the count is always complete. */
export const MAX_REPORTED_ERRORS = 1000;
/** The rejected-rows CSV returned with an accept_valid load is cut (at a row) past this size. */
export const REJECTED_CSV_MAX_BYTES = 4 * 1024 * 1024;
/** Rows checked, then written, per batch (one multi-row INSERT). */
export const BATCH_ROWS = 5000;

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
  keyedRows = 0;
  distinctKeys = 0;
  inserted = 0;
  updated = 0;
  rejected = 0;
  rejectedCsv: string[] = [];
  rejectedBytes = 0;
  rejectedTruncated = false;

  readonly pushError = (e: RowError) => {
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(e);
  };

  addRejected(line: string) {
    if (this.rejectedTruncated) return;
    if (this.rejectedBytes + line.length * 3 > REJECTED_CSV_MAX_BYTES) {
      this.rejectedTruncated = true;
      return;
    }
    this.rejectedBytes += Buffer.byteLength(line);
    this.rejectedCsv.push(line);
  }
}

/** Writes one batch: duplicates against the keys seen so far, then inserts / closes what changed. */
async function flushBatch(
  tx: Tx,
  ctx: {
    datasetId: number;
    version: number;
    columns: Column[];
    keepRejected: boolean;
    mode: LoadMode;
    /** The dataset had no current rows when the load began: a valid (first-seen) key cannot be current. */
    wasEmpty: boolean;
  },
  checker: RowChecker,
  batch: CheckedRow[],
  t: Tally,
): Promise<void> {
  const keys: string[] = [];
  const keyRows: number[] = [];
  const firstInBatch = new Map<string, number>();
  for (const r of batch)
    if (r.key !== null && !firstInBatch.has(r.key)) {
      firstInBatch.set(r.key, r.row);
      keys.push(r.key);
      keyRows.push(r.row);
    }
  const earlier = await repo.claimKeys(tx, keys, keyRows);
  t.distinctKeys += keys.length - earlier.size;
  const valid: CheckedRow[] = [];
  for (const r of batch) {
    if (r.key !== null) {
      t.keyedRows++;
      const first = earlier.get(r.key) ?? firstInBatch.get(r.key)!;
      if (first !== r.row) checker.duplicate(r, first);
    }
    if (r.key !== null && r.messages.length === 0) valid.push(r);
    else {
      t.rejected++;
      if (ctx.keepRejected) {
        const cells = r.values ?? ctx.columns.map(() => '');
        t.addRejected(`${[String(r.row), ...cells, r.messages.join('；')].map(csvCell).join(',')}\r\n`);
      }
    }
  }
  t.validRows += valid.length;
  if (ctx.mode === 'all_or_nothing' && t.errorCount > 0) return; // nothing of this load will stay
  const current = new Map(
    ctx.wasEmpty
      ? []
      : (
          await repo.currentRows(
            tx,
            ctx.datasetId,
            valid.map((r) => r.key!),
          )
        ).map((r) => [r.key, r.data]),
  );
  const names = ctx.columns.map((c) => c.name);
  const close: string[] = [];
  const addKeys: string[] = [];
  const addCells: string[][] = names.map(() => []);
  for (const r of valid) {
    const values = r.values!;
    const old = current.get(r.key!);
    if (old) {
      let same = true;
      for (let i = 0; i < names.length && same; i++) same = (old[names[i]] ?? '') === values[i];
      if (same) continue;
      t.updated++;
      close.push(r.key!);
    } else t.inserted++;
    addKeys.push(r.key!);
    for (let i = 0; i < values.length; i++) addCells[i].push(values[i]);
  }
  await repo.closeRows(tx, ctx.datasetId, ctx.version, close);
  await repo.insertRows(tx, ctx.datasetId, ctx.version, names, addKeys, addCells);
}

export type LoadOutcome = { ok: boolean; result: LoadResult };

async function loadDataset(tx: Tx, actor: Actor, code: string, input: LoadInput): Promise<LoadOutcome> {
  const startedAt = new Date();
  const { resource, columns } = await loadContext(tx, actor, code);
  if (!(await repo.tryLoadLock(tx, resource.id))) throw conflict('DATASET_LOAD_IN_PROGRESS', { code });
  const source = openRecords(input.body, input.format, input.maxBytes);
  const runs = source.records[Symbol.asyncIterator]();
  let first: SourceRecord[] = [];
  while (first.length === 0) {
    const n = await runs.next();
    if (n.done) throw new AppError('DATASET_FILE_MALFORMED', 400, { problem: 'the file is empty' });
    first = n.value;
  }
  const header = first[0].cells.map((h) => h.trim());
  const index = checkHeader(header, columns, code);
  const names = columns.map((c) => c.name);
  const ds = await repo.nextVersion(
    tx,
    resource.id,
    names,
    columns.filter((c) => c.isKey).map((c) => c.name),
  );
  const version = ds.last_version;
  const previous = await repo.lastAppliedLoad(tx, ds.id);
  const prevAt = previous ? (previous.finished_at ?? previous.started_at) : null;
  await repo.createKeyScratch(tx);
  await repo.savepoint(tx);

  const t = new Tally();
  const checker = new RowChecker(columns, index, header.length, t.pushError);
  const ctx = {
    datasetId: ds.id,
    version,
    columns,
    keepRejected: input.mode === 'accept_valid',
    mode: input.mode,
    wasEmpty: !(await repo.hasCurrentRows(tx, ds.id)),
  };
  // The next batch is read and checked while the database writes the previous one (one write at a time).
  let batch: CheckedRow[] = [];
  let writing: Promise<void> = Promise.resolve();
  let run = first.slice(1);
  for (;;) {
    for (const rec of run) {
      const r = checker.check(rec.row, rec.cells);
      t.rows++;
      t.cells += columns.length;
      t.nonEmpty += r.nonEmpty;
      batch.push(r);
      if (batch.length >= BATCH_ROWS) {
        await writing;
        writing = flushBatch(tx, ctx, checker, batch, t);
        writing.catch(() => undefined); // awaited above or below; a failure is thrown there
        batch = [];
      }
    }
    const n = await runs.next();
    if (n.done) break;
    run = n.value;
  }
  await writing;
  await flushBatch(tx, ctx, checker, batch, t);

  const failed = input.mode === 'all_or_nothing' && t.errorCount > 0;
  let deleted = 0;
  if (failed) {
    await repo.rollbackToSavepoint(tx);
    t.inserted = 0;
    t.updated = 0;
  } else if (input.replace) deleted = await repo.closeAbsentRows(tx, ds.id, version);
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
      ? `${['行号', ...names, '错误'].map(csvCell).join(',')}\r\n${t.rejectedCsv.join('')}`
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
