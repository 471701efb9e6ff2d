// 数据中心: loading a published 库表 resource's dataset from CSV or JSON, validated cell by cell against the data
// elements its 信息项 are bound to; every load is a version (rows carry valid_from_load / valid_to_load), so the
// dataset reads as of any version and the latest applied load can be rolled back. Writes are audited and emit
// outbox events.
//
// One load per dataset at a time: pg_try_advisory_xact_lock refuses a second loader at once (409). PGlite runs
// one transaction at a time, so there the second request would queue and then run after the first: an
// in-process flag per resource answers a load that arrived while another was running 409 as well (as
// geo/grid-import.ts does).
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError, conflict, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { type CatalogAccess, canSeeResource, catalogAccess } from './catalog-access.ts';
import { decodeText, jsonCell, parseCsv, toCsv } from './dataset-file.ts';
import { CYCLE_DAYS, type Quality, buildQuality, timeliness } from './dataset-quality.ts';
import * as elementRepo from './element-repo.ts';
import { codesOf, domainOf } from './elements.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';
import * as resourceRepo from './resource-repo.ts';
import { type DataType, type ValueDomain, checkValue } from './value-domain.ts';

/** Route-level body limit of the load endpoint (the global limit is 1 MB). */
export const DATASET_BODY_LIMIT = 50 * 1024 * 1024;
/** Errors listed in a report; the count is always complete. */
export const MAX_REPORTED_ERRORS = 1000;
const LOCK_NAMESPACE = 4311;

export type LoadMode = 'all_or_nothing' | 'accept_valid';

export interface RowError {
  /** As a person counts: in a CSV the header is row 1; in JSON the first object is row 1. */
  row: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface LoadReport {
  encoding: 'utf-8' | 'gb18030' | null;
  rowCount: number;
  validRows: number;
  errorCount: number;
  errors: RowError[];
  quality: Quality;
}

export interface LoadView {
  version: number;
  mode: LoadMode;
  replace: boolean;
  status: 'applied' | 'rolled_back' | 'failed';
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  rowCount: number;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
  quality: Quality;
}

export interface LoadResult extends LoadView {
  code: string;
  encoding: 'utf-8' | 'gb18030' | null;
  errorCount: number;
  errors: RowError[];
  /** accept_valid with rejected rows: those rows as CSV (header + 错误 column), formula-neutralised. */
  rejectedCsv: string | null;
}

export interface LoadInput {
  body: unknown;
  mode: LoadMode;
  format?: 'csv' | 'json';
  replace: boolean;
  /** performance.now() when the request arrived. */
  receivedAt: number;
}

interface Column {
  name: string;
  dataType: DataType;
  domain: ValueDomain;
  codes: ReadonlySet<string> | undefined;
  isKey: boolean;
  personal: boolean;
}

const REASONS: Record<string, string> = {
  required: '键列不能为空',
  not_integer: '不是整数',
  not_decimal: '不是数字',
  not_date: '不是有效日期（YYYY-MM-DD）',
  not_datetime: '不是有效日期时间',
  not_boolean: '不是布尔值（true/false/1/0）',
  not_in_code_list: '不在值域代码表中',
  pattern: '不符合格式要求',
  below_min: '小于最小值',
  above_max: '大于最大值',
  check_digit: '校验码错误',
};
const reasonText = (reason: string, column: string) =>
  `${column}：${REASONS[reason] ?? `不符合数据元要求（${reason}）`}`;

/** Personal values never appear whole in a report: the first and last characters stay. */
export function maskValue(v: string): string {
  if (v.length <= 2) return '*'.repeat(v.length);
  const keep = v.length > 8 ? 3 : 1;
  return v.slice(0, keep) + '*'.repeat(v.length - keep - 1) + v.slice(-1);
}

// ── context ─────────────────────────────────────────────────────────────────────────────────────────────

interface DatasetContext {
  a: CatalogAccess;
  resource: resourceRepo.ResourceRow;
  columns: Column[];
}

async function resourceFor(tx: Tx, a: CatalogAccess, code: string) {
  const r = await resourceRepo.getResource(tx, code);
  if (!r || !canSeeResource(a, r)) throw notFound('RESOURCE', { code });
  return r;
}

async function columnsOf(tx: Tx, r: resourceRepo.ResourceRow): Promise<Column[]> {
  const items = await resourceRepo.itemsOf(tx, [r.id]);
  const elements = await elementRepo.elementsByKeys(
    tx,
    items.map((i) => ({ identifier: i.element_identifier, version: i.element_version })),
  );
  const byKey = new Map(elements.map((e) => [`${e.identifier}@${e.version}`, e]));
  const columns: Column[] = [];
  for (const i of items.sort((x, y) => x.position - y.position)) {
    const e = byKey.get(`${i.element_identifier}@${i.element_version}`);
    if (!e) throw new AppError('DATASET_ELEMENT_MISSING', 409, { column: i.name, identifier: i.element_identifier });
    columns.push({
      name: i.name,
      dataType: e.data_type,
      domain: domainOf(e),
      codes: await codesOf(tx, e),
      isKey: i.is_key,
      personal: i.personal_info !== 'none',
    });
  }
  return columns;
}

/** The caller may load into (or roll back) this resource's dataset: a steward of the providing department. */
async function loadContext(tx: Tx, actor: Actor, code: string): Promise<DatasetContext> {
  const a = await catalogAccess(tx, actor, 'catalog.dataset.load');
  const resource = await resourceFor(tx, a, code);
  if (!allows(actor, 'catalog.dataset.load', { departmentPath: resource.provider_path }))
    throw new ForbiddenError('catalog.dataset.load');
  if (resource.status !== 'published') throw new AppError('DATASET_RESOURCE_NOT_PUBLISHED', 409, { code });
  if (resource.format !== 'table') throw new AppError('DATASET_RESOURCE_NOT_TABLE', 409, { code });
  const columns = await columnsOf(tx, resource);
  if (!columns.some((c) => c.isKey)) throw new AppError('DATASET_NO_KEY', 409, { code });
  return { a, resource, columns };
}

/** The caller may read this resource's dataset: the provider's stewards and the data office. */
async function readContext(tx: Tx, actor: Actor, code: string) {
  const a = await catalogAccess(tx, actor, 'catalog.dataset.read');
  const resource = await resourceFor(tx, a, code);
  if (
    !allows(actor, 'catalog.dataset.read', { departmentPath: resource.provider_path }) &&
    !allows(actor, 'catalog.dataset.read', a.office)
  )
    throw new ForbiddenError('catalog.dataset.read');
  return { a, resource };
}

function datasetOf(tx: Tx, resourceId: number) {
  return tx.selectFrom('catalog_datasets').selectAll().where('resource_id', '=', resourceId).executeTakeFirst();
}

async function tryLoadLock(tx: Tx, resourceId: number): Promise<boolean> {
  const res = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(${LOCK_NAMESPACE}, ${resourceId}) as locked`.execute(tx);
  return res.rows[0]?.locked === true;
}

// ── reading the upload ──────────────────────────────────────────────────────────────────────────────────

interface Records {
  encoding: 'utf-8' | 'gb18030' | null;
  header: string[];
  /** [row number, cells in header order] — cells undefined for a ragged CSV row. */
  rows: { row: number; cells: string[] | null; found: number }[];
}

function readRecords(body: unknown, format: 'csv' | 'json' | undefined): Records {
  const isBytes = Buffer.isBuffer(body) || typeof body === 'string';
  if (format === 'json' || (!format && !isBytes)) {
    let value = body;
    if (isBytes) {
      try {
        value = JSON.parse(typeof body === 'string' ? body : decodeText(body as Buffer).text);
      } catch {
        throw new AppError('DATASET_FILE_MALFORMED', 400, { problem: 'not JSON' });
      }
    }
    if (!Array.isArray(value) || value.some((o) => typeof o !== 'object' || o === null || Array.isArray(o)))
      throw new AppError('DATASET_FILE_MALFORMED', 400, { problem: 'expected a JSON array of objects' });
    const header: string[] = [];
    const seen = new Set<string>();
    for (const o of value as Record<string, unknown>[])
      for (const k of Object.keys(o))
        if (!seen.has(k)) {
          seen.add(k);
          header.push(k);
        }
    const rows = (value as Record<string, unknown>[]).map((o, i) => ({
      row: i + 1,
      cells: header.map((h) => jsonCell(o[h]).trim()),
      found: header.length,
    }));
    return { encoding: null, header, rows };
  }
  if (!isBytes) throw new AppError('DATASET_FILE_MALFORMED', 400, { problem: 'expected a text/csv body' });
  const { text, encoding } =
    typeof body === 'string'
      ? { text: body.replace(/^\uFEFF/, ''), encoding: 'utf-8' as const }
      : decodeText(body as Buffer);
  const all = parseCsv(text);
  if (all.length === 0) throw new AppError('DATASET_FILE_MALFORMED', 400, { problem: 'the file is empty' });
  const header = all[0].map((h) => h.trim());
  const rows: Records['rows'] = [];
  for (let i = 1; i < all.length; i++) {
    const cells = all[i];
    if (cells.length === 1 && cells[0].trim() === '' && header.length > 1) continue; // a blank line
    rows.push({
      row: i + 1,
      cells: cells.length === header.length ? cells.map((c) => c.trim()) : null,
      found: cells.length,
    });
  }
  return { encoding, header, rows };
}

// ── validation ──────────────────────────────────────────────────────────────────────────────────────────

interface Checked {
  report: LoadReport;
  /** Valid rows: key → data in column order. */
  valid: { row: number; key: string; data: Record<string, string> }[];
  /** Keys of every row that carries a complete key (valid or not): replace=true never deletes those. */
  fileKeys: Set<string>;
  rejected: { row: number; cells: string[]; messages: string[] }[];
}

function checkRecords(
  rec: Records,
  columns: Column[],
  cycle: string,
  daysSincePrevious: number | null,
  datasetCode: string,
): Checked {
  const names = columns.map((c) => c.name);
  const missing = names.filter((n) => !rec.header.includes(n));
  const unknown = rec.header.filter((h, i) => !names.includes(h) || rec.header.indexOf(h) !== i);
  if (missing.length > 0 || unknown.length > 0)
    throw new AppError('DATASET_HEADER_MISMATCH', 400, {
      code: datasetCode,
      missing: missing.join('、') || '-',
      unknown: unknown.join('、') || '-',
      missingColumns: missing,
      unknownColumns: unknown,
      expected: names,
    });
  const index = columns.map((c) => rec.header.indexOf(c.name));
  const keyCols = columns.map((c, i) => ({ c, i })).filter((x) => x.c.isKey);
  const errors: RowError[] = [];
  let errorCount = 0;
  const push = (e: RowError) => {
    errorCount++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };
  const firstRowOfKey = new Map<string, number>();
  const valid: Checked['valid'] = [];
  const rejected: Checked['rejected'] = [];
  const fileKeys = new Set<string>();
  let cells = 0;
  let nonEmpty = 0;
  let keyedRows = 0;
  for (const r of rec.rows) {
    const messages: string[] = [];
    if (r.cells === null) {
      const message = `列数不符：应为 ${rec.header.length} 列，实为 ${r.found} 列`;
      push({ row: r.row, column: null, value: null, code: 'ragged_row', message });
      cells += columns.length;
      rejected.push({ row: r.row, cells: [], messages: [message] });
      continue;
    }
    const values = index.map((i) => r.cells![i]);
    let ok = true;
    columns.forEach((c, ci) => {
      const v = values[ci];
      cells++;
      if (v === '') {
        if (c.isKey) {
          ok = false;
          const message = reasonText('required', c.name);
          messages.push(message);
          push({ row: r.row, column: c.name, value: '', code: 'required', message });
        }
        return;
      }
      nonEmpty++;
      const res = checkValue(c.dataType, c.domain, v, c.codes);
      if (!res.ok) {
        ok = false;
        const message = reasonText(res.reason, c.name);
        messages.push(message);
        push({ row: r.row, column: c.name, value: c.personal ? maskValue(v) : v, code: res.reason, message });
      }
    });
    const keyValues = keyCols.map((k) => values[k.i]);
    if (keyValues.every((v) => v !== '')) {
      keyedRows++;
      const key = JSON.stringify(keyValues);
      fileKeys.add(key);
      const first = firstRowOfKey.get(key);
      if (first !== undefined) {
        ok = false;
        const message = `键与第 ${first} 行重复`;
        messages.push(message);
        const shown = keyCols.map((k) => (k.c.personal ? maskValue(values[k.i]) : values[k.i])).join('+');
        push({
          row: r.row,
          column: keyCols.map((k) => k.c.name).join('+'),
          value: shown,
          code: 'duplicate_key',
          message,
        });
      } else firstRowOfKey.set(key, r.row);
      if (ok) {
        const data: Record<string, string> = {};
        columns.forEach((c, ci) => {
          data[c.name] = values[ci];
        });
        valid.push({ row: r.row, key, data });
        continue;
      }
    }
    rejected.push({ row: r.row, cells: r.cells, messages });
  }
  const quality = buildQuality({
    rows: rec.rows.length,
    cells,
    nonEmptyCells: nonEmpty,
    validRows: valid.length,
    keyedRows,
    distinctKeys: firstRowOfKey.size,
    daysSincePrevious,
    cycle,
  });
  return {
    report: { encoding: rec.encoding, rowCount: rec.rows.length, validRows: valid.length, errorCount, errors, quality },
    valid,
    fileKeys,
    rejected,
  };
}

// ── loading ─────────────────────────────────────────────────────────────────────────────────────────────

type LoadRow = {
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
  status: 'applied' | 'rolled_back' | 'failed';
  quality: unknown;
};

function presentLoad(l: LoadRow): LoadView {
  return {
    version: l.version,
    mode: l.mode,
    replace: l.replace,
    status: l.status,
    actor: l.actor,
    startedAt: l.started_at.toISOString(),
    finishedAt: l.finished_at?.toISOString() ?? null,
    rowCount: l.row_count,
    inserted: l.inserted,
    updated: l.updated,
    deleted: l.deleted,
    rejected: l.rejected,
    quality: l.quality as Quality,
  };
}

async function lastAppliedLoad(tx: Tx, datasetId: number) {
  return tx
    .selectFrom('catalog_dataset_loads')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .where('status', '=', 'applied')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const daysSince = (d: Date, now: Date) => (now.getTime() - d.getTime()) / 86_400_000;

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export type LoadOutcome = { ok: true; result: LoadResult } | { ok: false; result: LoadResult };

async function loadDataset(tx: Tx, actor: Actor, code: string, input: LoadInput): Promise<LoadOutcome> {
  const startedAt = new Date();
  const { resource, columns } = await loadContext(tx, actor, code);
  if (!(await tryLoadLock(tx, resource.id))) throw conflict('DATASET_LOAD_IN_PROGRESS', { code });
  const rec = readRecords(input.body, input.format);
  await tx
    .insertInto('catalog_datasets')
    .values({ resource_id: resource.id, columns: columns.map((c) => c.name), key_columns: [] })
    .onConflict((oc) => oc.column('resource_id').doNothing())
    .execute();
  const ds = await tx
    .updateTable('catalog_datasets')
    .set((eb) => ({
      last_version: eb('last_version', '+', 1),
      columns: columns.map((c) => c.name),
      key_columns: columns.filter((c) => c.isKey).map((c) => c.name),
    }))
    .where('resource_id', '=', resource.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const version = ds.last_version;
  const previous = await lastAppliedLoad(tx, ds.id);
  const prevAt = previous ? (previous.finished_at ?? previous.started_at) : null;
  const checked = checkRecords(rec, columns, resource.update_cycle, prevAt ? daysSince(prevAt, startedAt) : null, code);
  const { report } = checked;
  const failed = input.mode === 'all_or_nothing' && report.errorCount > 0;
  let inserted = 0;
  let updated = 0;
  let deleted = 0;
  if (!failed) {
    const current = new Map<string, Record<string, string>>();
    const existing = await tx
      .selectFrom('catalog_dataset_rows')
      .select(['key', 'data'])
      .where('dataset_id', '=', ds.id)
      .where('valid_to_load', 'is', null)
      .execute();
    for (const r of existing) current.set(r.key, r.data);
    const close: string[] = [];
    const add: { key: string; data: Record<string, string> }[] = [];
    for (const v of checked.valid) {
      const old = current.get(v.key);
      if (!old) {
        inserted++;
        add.push(v);
      } else if (columns.some((c) => (old[c.name] ?? '') !== v.data[c.name])) {
        updated++;
        close.push(v.key);
        add.push(v);
      }
    }
    if (input.replace)
      for (const key of current.keys())
        if (!checked.fileKeys.has(key)) {
          deleted++;
          close.push(key);
        }
    for (const part of chunks(close, 1000))
      await tx
        .updateTable('catalog_dataset_rows')
        .set({ valid_to_load: version })
        .where('dataset_id', '=', ds.id)
        .where('valid_to_load', 'is', null)
        .where('key', 'in', part)
        .execute();
    for (const part of chunks(add, 500))
      await tx
        .insertInto('catalog_dataset_rows')
        .values(
          part.map((r) => ({
            dataset_id: ds.id,
            key: r.key,
            data: JSON.stringify(r.data),
            valid_from_load: version,
            valid_to_load: null,
          })),
        )
        .execute();
  }
  const rejectedCount = report.rowCount - report.validRows;
  const load = await tx
    .insertInto('catalog_dataset_loads')
    .values({
      dataset_id: ds.id,
      version,
      mode: input.mode,
      replace: input.replace,
      actor: actor.name,
      started_at: startedAt,
      finished_at: new Date(),
      row_count: report.rowCount,
      inserted,
      updated,
      deleted,
      rejected: failed ? report.rowCount : rejectedCount,
      status: failed ? 'failed' : 'applied',
      quality: JSON.stringify(report.quality),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const summary = {
    version,
    mode: input.mode,
    replace: input.replace,
    status: load.status,
    rows: report.rowCount,
    inserted,
    updated,
    deleted,
    rejected: load.rejected,
    errors: report.errorCount,
    score: report.quality.score,
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
  const header = columns.map((c) => c.name);
  const rejectedCsv =
    !failed && input.mode === 'accept_valid' && checked.rejected.length > 0
      ? toCsv([
          ['行号', ...header, '错误'],
          ...checked.rejected.map((r) => [
            String(r.row),
            ...(r.cells.length === rec.header.length
              ? header.map((h) => r.cells[rec.header.indexOf(h)])
              : header.map(() => '')),
            r.messages.join('；'),
          ]),
        ])
      : null;
  return {
    ok: !failed,
    result: {
      code,
      ...presentLoad(load as LoadRow),
      encoding: report.encoding,
      errorCount: report.errorCount,
      errors: report.errors,
      rejectedCsv,
    },
  };
}

const running = new Set<string>();
const lastEndedAt = new Map<string, number>();

export type TxRunner = <T>(fn: (tx: Tx, actor: Actor) => Promise<T>) => Promise<T>;

/**
 * Runs a load in a transaction of `run`. all_or_nothing with errors: the failed load is recorded (no rows), then
 * 400 DATASET_LOAD_INVALID carries the report. `actor` only decides whether this request takes the in-process
 * slot; the permission itself is checked inside the transaction, where a denial is audited.
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

// ── rollback ────────────────────────────────────────────────────────────────────────────────────────────

export async function rollbackLoad(tx: Tx, actor: Actor, code: string, version: number): Promise<LoadView> {
  const { resource } = await loadContext(tx, actor, code);
  if (!(await tryLoadLock(tx, resource.id))) throw conflict('DATASET_LOAD_IN_PROGRESS', { code });
  const ds = await datasetOf(tx, resource.id);
  const load = ds
    ? await tx
        .selectFrom('catalog_dataset_loads')
        .selectAll()
        .where('dataset_id', '=', ds.id)
        .where('version', '=', version)
        .executeTakeFirst()
    : undefined;
  if (!ds || !load) throw notFound('DATASET_LOAD', { code, version });
  const latest = await lastAppliedLoad(tx, ds.id);
  if (load.status !== 'applied' || latest?.version !== version)
    throw new AppError('DATASET_ROLLBACK_NOT_LATEST', 409, {
      code,
      version,
      status: load.status,
      latest: latest?.version ?? null,
    });
  // Undo in this order: drop the rows the load wrote, then reopen the rows it closed (one current row per key).
  const removed = await tx
    .deleteFrom('catalog_dataset_rows')
    .where('dataset_id', '=', ds.id)
    .where('valid_from_load', '=', version)
    .executeTakeFirst();
  const reopened = await tx
    .updateTable('catalog_dataset_rows')
    .set({ valid_to_load: null })
    .where('dataset_id', '=', ds.id)
    .where('valid_to_load', '=', version)
    .executeTakeFirst();
  const saved = await tx
    .updateTable('catalog_dataset_loads')
    .set({ status: 'rolled_back', rolled_back_by: actor.name, rolled_back_at: new Date() })
    .where('dataset_id', '=', ds.id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirstOrThrow();
  const summary = { version, removed: Number(removed.numDeletedRows), reopened: Number(reopened.numUpdatedRows) };
  await recordAudit(tx, actor, 'catalog.dataset.rollback', { type: 'dataset', id: code }, summary);
  await emit(tx, { type: 'catalog.dataset.rolled_back', code, ...summary });
  return presentLoad(saved as LoadRow);
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────────────────

export interface QualityView {
  code: string;
  updateCycle: string;
  cycleDays: number;
  latestVersion: number | null;
  daysSinceLastLoad: number | null;
  /** Timeliness now, and the latest applied load's score with today's timeliness. */
  timeliness: number;
  score: number | null;
  history: LoadView[];
}

export async function datasetQuality(tx: Tx, actor: Actor, code: string): Promise<QualityView> {
  const { resource } = await readContext(tx, actor, code);
  const ds = await datasetOf(tx, resource.id);
  const loads = ds
    ? await tx
        .selectFrom('catalog_dataset_loads')
        .selectAll()
        .where('dataset_id', '=', ds.id)
        .orderBy('version', 'desc')
        .limit(200)
        .execute()
    : [];
  const history = loads.map((l) => presentLoad(l as LoadRow));
  const cycleDays = CYCLE_DAYS[resource.update_cycle] ?? 31;
  const latest = loads.find((l) => l.status === 'applied');
  const days = latest ? daysSince(latest.finished_at ?? latest.started_at, new Date()) : null;
  const t = latest ? timeliness(days, cycleDays) : 0;
  let score: number | null = null;
  if (latest) {
    const q = latest.quality as Quality;
    score = Math.round(100 * (0.4 * q.validity + 0.3 * q.completeness + 0.2 * q.keyUniqueness + 0.1 * t));
  }
  return {
    code,
    updateCycle: resource.update_cycle,
    cycleDays,
    latestVersion: latest?.version ?? null,
    daysSinceLastLoad: days === null ? null : Math.round(days * 100) / 100,
    timeliness: Math.round(t * 10_000) / 10_000,
    score,
    history,
  };
}

export interface RowsPage {
  code: string;
  columns: string[];
  keyColumns: string[];
  asOf: number;
  items: { key: string[]; data: Record<string, string> }[];
  nextCursor: string | null;
}

export async function datasetRows(
  tx: Tx,
  actor: Actor,
  code: string,
  q: { asOf?: number; limit?: number; cursor?: string },
): Promise<RowsPage> {
  const { resource } = await readContext(tx, actor, code);
  const ds = await datasetOf(tx, resource.id);
  if (!ds) throw notFound('DATASET', { code });
  const asOf = q.asOf ?? ds.last_version;
  if (asOf > ds.last_version) throw notFound('DATASET_LOAD', { code, version: asOf });
  const limit = q.limit ?? 100;
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, isCursorKey);
  let query = tx
    .selectFrom('catalog_dataset_rows')
    .select(['key', 'data'])
    .where('dataset_id', '=', ds.id)
    .where('valid_from_load', '<=', asOf)
    .where((eb) => eb.or([eb('valid_to_load', 'is', null), eb('valid_to_load', '>', asOf)]))
    .orderBy('key')
    .limit(limit + 1);
  if (after !== undefined) query = query.where('key', '>', after);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    code,
    columns: ds.columns,
    keyColumns: ds.key_columns,
    asOf,
    items: page.map((r) => ({
      key: JSON.parse(r.key) as string[],
      data: Object.fromEntries(ds.columns.map((c) => [c, r.data[c] ?? ''])),
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].key) : null,
  };
}

const isCursorKey = (v: unknown): v is string => typeof v === 'string' && v.length <= 4000;
