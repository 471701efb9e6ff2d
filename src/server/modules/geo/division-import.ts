// Importing the city's official division list (行政区划清单) from CSV or XLSX. The file is the complete list: a
// dry run compares it with the tree and reports every problem (row and column as a person counts them, the
// header being row 1) and the diff — codes added, renamed, reparented, and retired because the list no longer
// has them. Applying refuses on any problem, else writes the whole diff in one transaction. Codes are never
// deleted: a code absent from the list gets valid_to = the list's effective date, and stays readable.
//
// One import at a time, as for grids (grid-import.ts): an advisory lock in the database, and in-process an
// import that arrives while another is applying (or finds one applying) is answered 409.
import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Transaction } from 'kysely';
import type { Database } from '../../database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, badRequest, conflict } from '../../platform/errors.ts';
import { type Locale, translate } from '../../platform/i18n/messages.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { cityToday } from './city-time.ts';
import * as repo from './repo.ts';
import type { DivisionLevel } from './tables.ts';

/** Route-level body limit of the division import (the global limit is 1 MB). */
export const DIVISION_IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
/** A city has a few thousand codes; a file with many more is not a city's list. */
export const MAX_DIVISION_ROWS = 100_000;
const MAX_NAME_LENGTH = 100;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PERMISSION = 'geo.division.import';

export type Column = 'code' | 'name' | 'parent_code';

/** One row of the upload: its row number as a spreadsheet shows it, and its cells from column A. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface DivisionTable {
  format: 'csv' | 'xlsx';
  /** The first non-blank row. */
  header: SheetRow | null;
  /** The non-blank rows after the header. */
  rows: SheetRow[];
  /** CSV: each record must have as many fields as the header. XLSX: nothing may stand right of the header. */
  strictWidth: boolean;
}

export interface DivisionImportProblem {
  /** Row as a person counts it (header = 1); null for findings about the tree, not a row. */
  row: number | null;
  column: Column | null;
  /** Spreadsheet cell, e.g. "A7", when the finding is about one cell. */
  cell: string | null;
  kind: string;
  code?: string;
  message: string;
}

export interface AddedDivision {
  code: string;
  name: string;
  parentCode: string | null;
  level: DivisionLevel;
}

export interface DivisionDiff {
  added: AddedDivision[];
  renamed: { code: string; from: string; to: string }[];
  retired: { code: string; name: string; level: DivisionLevel }[];
  reparented: { code: string; name: string; from: string | null; to: string | null }[];
  unchanged: number;
}

export interface DivisionImportReport {
  ok: boolean;
  format: 'csv' | 'xlsx';
  /** Data rows (blank rows and the header not counted). */
  rowCount: number;
  validFrom: string;
  errorCount: number;
  problems: DivisionImportProblem[];
  /** Header cells that are none of code / name / parent_code: their values are not read. */
  ignoredColumns: string[];
  diff: DivisionDiff;
}

export interface DivisionImportResult extends DivisionImportReport {
  dryRun: boolean;
  applied: boolean;
  counts: { added: number; renamed: number; retired: number; reparented: number; unchanged: number };
}

// ---- reading the file ----

const HEADER_ALIASES: Record<string, Column> = {
  code: 'code',
  代码: 'code',
  区划代码: 'code',
  行政区划代码: 'code',
  统计用区划代码: 'code',
  name: 'name',
  名称: 'name',
  区划名称: 'name',
  行政区划名称: 'name',
  parent_code: 'parent_code',
  parentcode: 'parent_code',
  parent: 'parent_code',
  上级代码: 'parent_code',
  上级区划代码: 'parent_code',
};

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

/** The upload as rows: XLSX by its zip signature (whatever it was labelled), else UTF-8 CSV. */
export async function readDivisionTable(body: unknown, contentType: string | undefined): Promise<DivisionTable> {
  if (body === undefined || body === null || (Buffer.isBuffer(body) && body.length === 0)) {
    throw badRequest('DIVISION_IMPORT_EMPTY');
  }
  if (!Buffer.isBuffer(body)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, { contentType, accepted: ['text/csv', XLSX_MIME] });
  }
  if (startsWith(body, OLE_MAGIC)) throw badRequest('DIVISION_IMPORT_XLS_UNSUPPORTED');
  if (startsWith(body, ZIP_MAGIC)) return readXlsx(body);
  if (contentType?.split(';')[0].trim().toLowerCase() === XLSX_MIME) {
    throw badRequest('DIVISION_IMPORT_UNREADABLE', { problem: 'not a zip archive' });
  }
  return readCsv(body);
}

function readCsv(body: Buffer): DivisionTable {
  let text: string;
  try {
    // fatal: a GBK/GB18030 file (what Excel writes as "CSV" on Chinese Windows) is refused, not mangled;
    // the BOM Excel's "CSV UTF-8" writes is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw badRequest('DIVISION_IMPORT_NOT_UTF8');
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      return csvFailure(typeof line === 'number' ? line : null, e.message);
    }
    throw e;
  }
  const numbered = records.map((cells, i) => ({ row: i + 1, cells })).filter((r) => !isBlank(r.cells));
  if (numbered.length > MAX_DIVISION_ROWS + 1) {
    throw badRequest('DIVISION_IMPORT_TOO_MANY_ROWS', { max: MAX_DIVISION_ROWS });
  }
  const [header, ...rows] = numbered;
  return { format: 'csv', header: header ?? null, rows, strictWidth: true };
}

/** A CSV that csv-parse cannot read (an unclosed quote): reported as the one problem of the file. */
class CsvUnreadable extends Error {
  constructor(
    readonly row: number | null,
    readonly detail: string,
  ) {
    super(detail);
  }
}
function csvFailure(row: number | null, detail: string): never {
  throw new CsvUnreadable(row, detail);
}

/** A cell's text: numbers as digits (Excel keeps long codes as numbers), formulas by their result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

async function readXlsx(body: Buffer): Promise<DivisionTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(body as unknown as ArrayBuffer);
  } catch (e) {
    throw badRequest('DIVISION_IMPORT_UNREADABLE', { problem: e instanceof Error ? e.message : String(e) });
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return { format: 'xlsx', header: null, rows: [], strictWidth: false };
  if (sheet.actualRowCount > MAX_DIVISION_ROWS + 1) {
    throw badRequest('DIVISION_IMPORT_TOO_MANY_ROWS', { max: MAX_DIVISION_ROWS });
  }
  const numbered: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    r.eachCell({ includeEmpty: false }, (c, col) => {
      cells[col - 1] = cellText(c.value);
    });
    const dense = Array.from(cells, (c) => c ?? '');
    if (!isBlank(dense)) numbered.push({ row: rowNumber, cells: dense });
  });
  const [header, ...rows] = numbered;
  return { format: 'xlsx', header: header ?? null, rows, strictWidth: false };
}

// ---- the report ----

const CODE = /^\d{6}(\d{3}(\d{3})?)?$/;

/** "A".."Z", "AA".. for a 0-based column index. */
function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface DivisionImportContext {
  locale: Locale;
  validFrom: string;
  /** Every division in the database, retired codes included. */
  existing: readonly repo.DivisionRecord[];
}

interface RawProblem {
  row: number | null;
  column: Column | null;
  colIndex?: number;
  kind: string;
  code?: string;
  params?: Record<string, unknown>;
}

interface GoodRow {
  row: number;
  code: string;
  /** Empty when the name cell has a problem: the code is present, its name unknown. */
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
}

const LEVEL_LABEL: Record<DivisionLevel, Record<Locale, string>> = {
  city: { 'zh-CN': '市', en: 'city' },
  district: { 'zh-CN': '区县', en: 'district/county' },
  street: { 'zh-CN': '街道（乡镇）', en: 'street/township' },
  community: { 'zh-CN': '社区（村）', en: 'community/village' },
};

/** The city (the one level-'city' code in force) and the prefix every code of the city starts with. */
export function cityOf(existing: readonly repo.DivisionRecord[]): { code: string; prefix: string } {
  const city = existing.find((d) => d.level === 'city' && d.validTo === null);
  if (!city) throw badRequest('DIVISION_IMPORT_NO_CITY');
  // 320500 → 3205 (a prefecture-level city); 110000 → 11 (a municipality).
  return { code: city.code, prefix: city.code.replace(/(00)+$/, '') };
}

/** The whole dry-run report. Pure: the caller loads the tree and decides what to write. */
export function buildDivisionReport(table: DivisionTable, ctx: DivisionImportContext): DivisionImportReport {
  const raw: RawProblem[] = [];
  const city = cityOf(ctx.existing);
  const existing = new Map(ctx.existing.map((d) => [d.code, d]));
  const levelOf = (code: string): DivisionLevel =>
    code.length === 12 ? 'community' : code.length === 9 ? 'street' : code === city.code ? 'city' : 'district';
  const parentOf = (code: string, level: DivisionLevel): string | null =>
    level === 'city' ? null : level === 'district' ? city.code : code.slice(0, code.length - 3);

  if (!table.header) throw badRequest('DIVISION_IMPORT_EMPTY');
  // Header: which column is which.
  const columns = new Map<Column, number>();
  const ignoredColumns: string[] = [];
  for (const [i, h] of table.header.cells.entries()) {
    const key = HEADER_ALIASES[h.trim().toLowerCase().replace(/\s+/g, '')];
    if (key && !columns.has(key)) columns.set(key, i);
    else if (h.trim() !== '') ignoredColumns.push(h.trim());
  }
  for (const c of ['code', 'name'] as const) {
    if (!columns.has(c)) raw.push({ row: table.header.row, column: c, kind: 'header_missing', params: { column: c } });
  }
  if (raw.length > 0) return finish(raw, table, ctx, ignoredColumns, emptyDiff());
  if (table.rows.length === 0) throw badRequest('DIVISION_IMPORT_EMPTY');
  const width = table.header.cells.length;
  const at = (r: SheetRow, c: Column) => {
    const i = columns.get(c);
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };
  const problem = (r: SheetRow, column: Column | null, kind: string, code?: string, params?: Record<string, unknown>) =>
    raw.push({ row: r.row, column, colIndex: column ? columns.get(column) : undefined, kind, code, params });

  // Each row on its own.
  const firstRow = new Map<string, number>();
  const good: GoodRow[] = [];
  /** Codes the file lists (rows with a usable code, even if another of their cells is wrong). */
  const listed = new Set<string>();
  for (const r of table.rows) {
    const code = at(r, 'code');
    const usable = CODE.test(code) && code.startsWith(city.prefix) && !firstRow.has(code);
    const extra = table.strictWidth ? r.cells.length !== width : r.cells.slice(width).some((c) => c.trim() !== '');
    if (extra) {
      problem(r, null, 'column_count', code || undefined, { count: r.cells.length, expected: width });
      // Shifted cells would only produce noise: the row counts as listed, nothing more is read from it.
      if (usable) {
        firstRow.set(code, r.row);
        listed.add(code);
      }
      continue;
    }
    if (!CODE.test(code)) {
      problem(r, 'code', 'code_format', code || undefined, { value: code });
    } else if (!code.startsWith(city.prefix)) {
      problem(r, 'code', 'outside_city', code, { city: city.code, prefix: city.prefix });
    } else if (firstRow.has(code)) {
      problem(r, 'code', 'duplicate_code', code, { first: firstRow.get(code) });
    }
    const name = at(r, 'name');
    let nameOk = true;
    if (name === '') {
      problem(r, 'name', 'name_empty', code || undefined);
      nameOk = false;
    } else if ([...name].length > MAX_NAME_LENGTH) {
      problem(r, 'name', 'name_too_long', code || undefined, { max: MAX_NAME_LENGTH });
      nameOk = false;
    }
    if (!usable) continue;
    firstRow.set(code, r.row);
    listed.add(code);
    const level = levelOf(code);
    const parentCode = parentOf(code, level);
    const declared = at(r, 'parent_code');
    if (declared !== '' && declared !== parentCode) {
      problem(r, 'parent_code', 'level_mismatch', code, {
        declared,
        expected: parentCode ?? '',
        level: LEVEL_LABEL[level][ctx.locale],
      });
    }
    const before = existing.get(code);
    if (before?.validTo) {
      problem(r, 'code', 'retired_code', code, { name: before.name, validTo: before.validTo });
    }
    good.push({ row: r.row, code, name: nameOk ? name : '', level, parentCode });
  }

  // Each row's parent: listed too, or the city (which a list may leave out).
  for (const g of good) {
    const p = g.parentCode;
    if (p === null || p === city.code || listed.has(p)) continue;
    const r = { row: g.row, cells: [] };
    const known = existing.get(p);
    if (!known) problem(r, 'code', 'parent_missing', g.code, { parent: p });
    else if (known.validTo) problem(r, 'code', 'parent_retired', g.code, { parent: p, parentName: known.name });
    else problem(r, 'code', 'parent_not_listed', g.code, { parent: p, parentName: known.name });
  }

  // The diff against the codes in force.
  const diff = emptyDiff();
  for (const g of good) {
    const before = existing.get(g.code);
    if (!before) {
      diff.added.push({ code: g.code, name: g.name, parentCode: g.parentCode, level: g.level });
      continue;
    }
    if (before.validTo) continue;
    let changed = false;
    if (g.name !== '' && g.name !== before.name) {
      diff.renamed.push({ code: g.code, from: before.name, to: g.name });
      changed = true;
    }
    if (g.parentCode !== before.parentCode) {
      diff.reparented.push({ code: g.code, name: g.name || before.name, from: before.parentCode, to: g.parentCode });
      changed = true;
    }
    if (!changed) diff.unchanged++;
  }
  for (const d of ctx.existing) {
    if (d.validTo !== null || d.code === city.code || !d.code.startsWith(city.prefix) || listed.has(d.code)) continue;
    diff.retired.push({ code: d.code, name: d.name, level: d.level });
    if (d.validFrom >= ctx.validFrom) {
      raw.push({
        row: null,
        column: null,
        kind: 'retire_before_start',
        code: d.code,
        params: { name: d.name, since: d.validFrom },
      });
    }
  }
  for (const list of [diff.added, diff.renamed, diff.retired, diff.reparented]) {
    list.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  }
  return finish(raw, table, ctx, ignoredColumns, diff);
}

function emptyDiff(): DivisionDiff {
  return { added: [], renamed: [], retired: [], reparented: [], unchanged: 0 };
}

function finish(
  raw: RawProblem[],
  table: DivisionTable,
  ctx: DivisionImportContext,
  ignoredColumns: string[],
  diff: DivisionDiff,
): DivisionImportReport {
  const order = (r: number | null) => r ?? Number.MAX_SAFE_INTEGER;
  const problems = raw
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p.row) - order(b.p.row) || a.i - b.i)
    .map(({ p }): DivisionImportProblem => {
      const cell = p.row !== null && p.colIndex !== undefined ? `${columnLetter(p.colIndex)}${p.row}` : null;
      return {
        row: p.row,
        column: p.column,
        cell,
        kind: p.kind,
        ...(p.code ? { code: p.code } : {}),
        message: translate(`DIVISION_PROBLEM_${p.kind.toUpperCase()}`, ctx.locale, {
          row: p.row ?? '',
          cell: cell ?? '',
          code: p.code ?? '',
          ...p.params,
        }),
      };
    });
  return {
    ok: problems.length === 0,
    format: table.format,
    rowCount: table.rows.length,
    validFrom: ctx.validFrom,
    errorCount: problems.length,
    problems,
    ignoredColumns,
    diff,
  };
}

// ---- dry run and apply ----

export type TxRunner = <T>(fn: (tx: Transaction<Database>, actor: Actor) => Promise<T>) => Promise<T>;

export interface DivisionImportInput {
  body: unknown;
  contentType: string | undefined;
  dryRun: boolean;
  /** YYYY-MM-DD; default today in the city. */
  validFrom?: string;
  locale: Locale;
  /** performance.now() when the request arrived. */
  receivedAt: number;
}

const countsOf = (d: DivisionDiff) => ({
  added: d.added.length,
  renamed: d.renamed.length,
  retired: d.retired.length,
  reparented: d.reparented.length,
  unchanged: d.unchanged,
});

async function importDivisions(
  tx: Tx,
  actor: Actor,
  table: DivisionTable | null,
  input: DivisionImportInput,
  validFrom: string,
): Promise<DivisionImportResult> {
  can(actor, PERMISSION);
  if (!table) throw badRequest('DIVISION_IMPORT_EMPTY');
  if (!input.dryRun && !(await repo.tryDivisionImportLock(tx))) throw conflict('DIVISION_IMPORT_IN_PROGRESS');
  const existing = await repo.selectAllDivisionRecords(tx);
  const report = buildDivisionReport(table, { locale: input.locale, validFrom, existing });
  const counts = countsOf(report.diff);
  if (input.dryRun) return { ...report, dryRun: true, applied: false, counts };
  if (!report.ok) throw new AppError('DIVISION_IMPORT_INVALID', 400, { errorCount: report.errorCount, report });

  const { diff } = report;
  // Sorted by code length: parents are written before their children.
  await repo.insertDivisionsFrom(tx, diff.added, validFrom);
  await repo.reparentDivisions(
    tx,
    diff.reparented.map((r) => ({ code: r.code, parentCode: r.to! })),
  );
  await repo.renameDivisions(
    tx,
    diff.renamed.map((r) => ({ code: r.code, name: r.to })),
  );
  await repo.retireDivisions(
    tx,
    diff.retired.map((r) => r.code),
    validFrom,
  );
  const city = cityOf(existing);
  await recordAudit(
    tx,
    actor,
    'geo.divisions.import',
    { type: 'divisions', id: city.code },
    {
      validFrom,
      format: report.format,
      rows: report.rowCount,
      added: diff.added.map((d) => d.code),
      // The old names live here only: the divisions table keeps the name in force.
      renamed: diff.renamed,
      retired: diff.retired.map((d) => d.code),
      reparented: diff.reparented.map(({ code, from, to }) => ({ code, from, to })),
      counts,
    },
  );
  await emit(tx, {
    type: 'geo.divisions.imported',
    city: city.code,
    validFrom,
    added: diff.added.map((d) => d.code),
    renamed: diff.renamed.map((d) => d.code),
    retired: diff.retired.map((d) => d.code),
    reparented: diff.reparented.map((d) => d.code),
  });
  return { ...report, dryRun: false, applied: true, counts };
}

let importRunning = false;
/** performance.now() when the last applying import finished (or failed). */
let lastImportEndedAt = Number.NEGATIVE_INFINITY;

/**
 * POST /geo/division-imports. The file is read before the transaction (an xlsx takes a while to unpack and
 * must not hold PGlite's one connection), but only for a caller who may import; anyone else is refused (and
 * audited) inside the transaction as usual.
 */
export async function runDivisionImport(
  actor: Actor,
  run: TxRunner,
  input: DivisionImportInput,
): Promise<DivisionImportResult> {
  const permitted = allows(actor, PERMISSION);
  const validFrom = input.validFrom ?? cityToday();
  let table: DivisionTable | null = null;
  let unreadable: CsvUnreadable | null = null;
  if (permitted) {
    try {
      table = await readDivisionTable(input.body, input.contentType);
    } catch (e) {
      if (!(e instanceof CsvUnreadable)) throw e;
      unreadable = e;
    }
  }
  if (unreadable) return csvUnreadableResult(input, validFrom, unreadable);

  const exclusive = !input.dryRun && permitted;
  if (exclusive) {
    if (importRunning || lastImportEndedAt > input.receivedAt) throw conflict('DIVISION_IMPORT_IN_PROGRESS');
    importRunning = true;
  }
  try {
    return await run((tx, a) => importDivisions(tx, a, table, input, validFrom));
  } finally {
    if (exclusive) {
      importRunning = false;
      lastImportEndedAt = performance.now();
    }
  }
}

/** A CSV csv-parse cannot read: a report with that one problem (dry run), or the 400 carrying it (apply). */
function csvUnreadableResult(input: DivisionImportInput, validFrom: string, e: CsvUnreadable): DivisionImportResult {
  const report: DivisionImportReport = {
    ok: false,
    format: 'csv',
    rowCount: 0,
    validFrom,
    errorCount: 1,
    problems: [
      {
        row: e.row,
        column: null,
        cell: null,
        kind: 'csv_malformed',
        message: translate('DIVISION_PROBLEM_CSV_MALFORMED', input.locale, { row: e.row ?? '', detail: e.detail }),
      },
    ],
    ignoredColumns: [],
    diff: emptyDiff(),
  };
  if (!input.dryRun) throw new AppError('DIVISION_IMPORT_INVALID', 400, { errorCount: 1, report });
  return { ...report, dryRun: true, applied: false, counts: countsOf(report.diff) };
}
