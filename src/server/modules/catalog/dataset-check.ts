// Checking a dataset file against the resource's 信息项 and their data elements: the header, then every row
// cell by cell. Pure: the caller loads the columns (with their code lists) once per load; each column's check
// is compiled once (patterns, today's date for ID numbers), since a load may run millions of rows through it.
import { AppError } from '../../platform/errors.ts';
import { validateIdCard } from '../../platform/identifiers/id-card.ts';
import { chinaDate } from '../../platform/identifiers/date.ts';
import type { Validity } from '../../platform/identifiers/validity.ts';
import { type DataType, type ValueDomain, checkValue, compilePattern } from './value-domain.ts';

export interface Column {
  name: string;
  dataType: DataType;
  domain: ValueDomain;
  codes: ReadonlySet<string> | undefined;
  isKey: boolean;
  personal: boolean;
}

export interface RowError {
  /** As a person counts: in a CSV or XLSX the header is row 1; in JSON the first object is row 1. */
  row: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
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
  nul_character: '含有空字符（NUL），数据库无法保存',
  key_too_long: '键过长（合计超过 2000 字节），无法建立索引',
};
export const reasonText = (reason: string, column: string) =>
  `${column}：${REASONS[reason] ?? `不符合数据元要求（${reason}）`}`;

/** Personal values never appear whole in a report: the first and last characters stay. */
export function maskValue(v: string): string {
  if (v.length <= 2) return '*'.repeat(v.length);
  const keep = v.length > 8 ? 3 : 1;
  return v.slice(0, keep) + '*'.repeat(v.length - keep - 1) + v.slice(-1);
}

/**
 * The header must name every item once and nothing else: 400 DATASET_HEADER_MISMATCH names the missing and
 * unknown (or repeated) columns. Returns, per column, its position in the file.
 */
export function checkHeader(header: string[], columns: Column[], code: string): number[] {
  const names = columns.map((c) => c.name);
  const missing = names.filter((n) => !header.includes(n));
  const unknown = header.filter((h, i) => !names.includes(h) || header.indexOf(h) !== i);
  if (missing.length > 0 || unknown.length > 0)
    throw new AppError('DATASET_HEADER_MISMATCH', 400, {
      code,
      missing: missing.join('、') || '-',
      unknown: unknown.join('、') || '-',
      missingColumns: missing,
      unknownColumns: unknown,
      expected: names,
    });
  return columns.map((c) => header.indexOf(c.name));
}

/** The longest key (its JSON text, in UTF-8 bytes) a dataset takes. */
export const MAX_KEY_BYTES = 2000;

type Check = (value: string) => Validity;
const OK: Validity = { ok: true };
const NONE: ValueDomain = { kind: 'none' };

/** One column's check, compiled once per load. */
function compile(c: Column, today: string): Check {
  const d = c.domain;
  if (d.kind === 'pattern') {
    const re = compilePattern(d.pattern);
    return (v) => {
      const t = checkValue(c.dataType, NONE, v);
      if (!t.ok) return t;
      return re?.test(v) ? OK : { ok: false, reason: 'pattern' };
    };
  }
  if (d.kind === 'validator' && d.validator === 'id_card') {
    return (v) => {
      const t = checkValue(c.dataType, NONE, v);
      return t.ok ? validateIdCard(v, today) : t;
    };
  }
  return (v) => checkValue(c.dataType, d, v, c.codes);
}

export interface CheckedRow {
  row: number;
  /** Values in column order (trimmed); null for a ragged row. */
  values: string[] | null;
  /** JSON text of the key values; null when a key cell is empty or the row is ragged. */
  key: string | null;
  /** Row-level messages (shown in the rejected-rows file). */
  messages: string[];
  nonEmpty: number;
}

/** Checks rows one by one against the columns; errors go to `onError` (the caller bounds the list). */
export class RowChecker {
  private readonly checks: Check[];
  readonly keyIdx: number[];
  /** Per column: any non-empty text passes (a string without value domain), so nothing needs checking. */
  readonly open: boolean[];
  constructor(
    readonly columns: Column[],
    private readonly index: number[],
    private readonly headerWidth: number,
    private readonly onError: (e: RowError) => void,
  ) {
    const today = chinaDate();
    this.checks = columns.map((c) => compile(c, today));
    this.keyIdx = columns.flatMap((c, i) => (c.isKey ? [i] : []));
    this.open = columns.map((c) => c.dataType === 'string' && c.domain.kind === 'none');
  }

  /** Whether a trimmed, non-empty value passes column `ci` — what check() finds, without reporting. */
  accepts(ci: number, v: string): boolean {
    return this.checks[ci](v).ok;
  }

  check(row: number, cells: string[]): CheckedRow {
    if (cells.length !== this.headerWidth) {
      const message = `列数不符：应为 ${this.headerWidth} 列，实为 ${cells.length} 列`;
      this.onError({ row, column: null, value: null, code: 'ragged_row', message });
      return { row, values: null, key: null, messages: [message], nonEmpty: 0 };
    }
    const { columns, index, checks } = this;
    const values = new Array<string>(columns.length);
    const messages: string[] = [];
    let nonEmpty = 0;
    for (let ci = 0; ci < columns.length; ci++) {
      const v = cells[index[ci]].trim();
      values[ci] = v;
      const c = columns[ci];
      if (v === '') {
        if (c.isKey) {
          const message = reasonText('required', c.name);
          messages.push(message);
          this.onError({ row, column: c.name, value: '', code: 'required', message });
        }
        continue;
      }
      nonEmpty++;
      // PostgreSQL text cannot hold U+0000, whatever the element says.
      const res = v.includes('\0') ? { ok: false as const, reason: 'nul_character' } : checks[ci](v);
      if (!res.ok) {
        const message = reasonText(res.reason, c.name);
        messages.push(message);
        this.onError({ row, column: c.name, value: c.personal ? maskValue(v) : v, code: res.reason, message });
      }
    }
    let key: string | null = null;
    // A key the database could not store (a NUL in it) is no key: the row is rejected without one.
    if (this.keyIdx.every((i) => values[i] !== '' && !values[i].includes('\0')))
      key = JSON.stringify(this.keyIdx.map((i) => values[i]));
    // Nor is one too long for the key index (a B-tree entry holds about 2.7 kB).
    if (key !== null && Buffer.byteLength(key) > MAX_KEY_BYTES) {
      const columnNames = this.keyIdx.map((i) => columns[i].name).join('+');
      const message = reasonText('key_too_long', columnNames);
      messages.push(message);
      this.onError({ row, column: columnNames, value: null, code: 'key_too_long', message });
      key = null;
    }
    return { row, values, key, messages, nonEmpty };
  }

  /**
   * The duplicate-key error of row `row`, whose key (the JSON text CheckedRow.key holds) an earlier row (`first`)
   * carried. Returns the message for the rejected-rows file.
   */
  duplicate(row: number, key: string, first: number): string {
    const message = `键与第 ${first} 行重复`;
    const values = JSON.parse(key) as string[];
    const keyCols = this.keyIdx.map((i) => this.columns[i]);
    const shown = keyCols.map((c, k) => (c.personal ? maskValue(values[k] ?? '') : (values[k] ?? ''))).join('+');
    this.onError({ row, column: keyCols.map((c) => c.name).join('+'), value: shown, code: 'duplicate_key', message });
    return message;
  }
}
