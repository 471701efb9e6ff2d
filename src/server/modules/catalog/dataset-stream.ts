// Reading a dataset upload as a stream of records in bounded memory: bytes counted against the configured limit
// (413 DATASET_TOO_LARGE the moment it is crossed), decoded (UTF-8, or GB18030 — the superset of GBK — when the
// first 64 KiB are not UTF-8), parsed by dataset-csv.ts; or an .xlsx read by exceljs's streaming reader (first sheet,
// first row the header). The first record is the header. A JSON array (already parsed by the route) is read
// the same way.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.ts';
import { CsvQuoteNotClosed, CsvReader } from './dataset-csv.ts';
import { type CsvRun, fastCsvRuns } from './dataset-csv-bytes.ts';
import { jsonCell } from './dataset-file.ts';

export type Encoding = 'utf-8' | 'gb18030';
export type Format = 'csv' | 'json' | 'xlsx';

export interface SourceRecord {
  /** As a person counts: the header is row 1 (JSON: the header is row 0, the first object row 1). */
  row: number;
  cells: string[];
}

export interface RecordSource {
  /** The detected text encoding once the first bytes are read; null for JSON and XLSX. */
  encoding(): Encoding | null;
  /** The records in runs (the header first), as the source hands them over; a UTF-8 CSV also hands over runs
   * of raw lines (dataset-csv-bytes.ts). */
  records: AsyncIterable<CsvRun>;
}

/** Records in runs of up to `size`. */
async function* runs(records: AsyncIterable<SourceRecord>, size = 500): AsyncGenerator<SourceRecord[]> {
  let run: SourceRecord[] = [];
  for await (const r of records) {
    run.push(r);
    if (run.length >= size) {
      yield run;
      run = [];
    }
  }
  if (run.length > 0) yield run;
}

const DETECT_BYTES = 64 * 1024;
/** A JSON body is parsed whole: it stays under the route's limit (files far larger come as CSV or XLSX). */
export const JSON_BODY_LIMIT = 50 * 1024 * 1024;

const malformed = (problem: string, details: Record<string, unknown> = {}) =>
  new AppError('DATASET_FILE_MALFORMED', 400, { problem, ...details });

export const tooLarge = (limit: number) =>
  new AppError('DATASET_TOO_LARGE', 413, { limit, limitMb: Math.round((limit / 1048576) * 10) / 10 });

/**
 * The body's bytes, refused with 413 as soon as more than `limit` arrived. A Node stream is read without being
 * destroyed when reading stops early (destroying a request would drop the connection before the answer).
 */
export async function* limitBytes(src: AsyncIterable<Uint8Array> | Readable, limit: number): AsyncGenerator<Buffer> {
  const it: AsyncIterable<Uint8Array> = src instanceof Readable ? src.iterator({ destroyOnReturn: false }) : src;
  let total = 0;
  for await (const chunk of it) {
    total += chunk.length;
    if (total > limit) throw tooLarge(limit);
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
  }
}

/** The first chunks, up to DETECT_BYTES or the end: what decides the encoding. */
async function readHead(it: AsyncIterator<Buffer>): Promise<{ head: Buffer[]; headLength: number; ended: boolean }> {
  const head: Buffer[] = [];
  let headLength = 0;
  while (headLength < DETECT_BYTES) {
    const n = await it.next();
    if (n.done) return { head, headLength, ended: true };
    head.push(n.value);
    headLength += n.value.length;
  }
  return { head, headLength, ended: false };
}

/**
 * Bytes → text. The first 64 KiB decide: valid UTF-8 (BOM dropped) or else GB18030; bytes invalid in the
 * encoding so chosen → 400 (DATASET_ENCODING_UNKNOWN when neither fits the start, DATASET_ENCODING_INVALID
 * when the file goes wrong later), never text with replacement characters.
 */
export async function* decodeBytes(bytes: AsyncIterable<Buffer>, onEncoding: (e: Encoding) => void) {
  const it = bytes[Symbol.asyncIterator]();
  const { head, ended } = await readHead(it);
  const all = Buffer.concat(head);
  const first = all.subarray(0, DETECT_BYTES);
  const rest = all.subarray(first.length);
  const whole = ended && rest.length === 0;
  let encoding: Encoding = 'utf-8';
  let decoder = new TextDecoder('utf-8', { fatal: true });
  let text: string;
  try {
    text = decoder.decode(first, { stream: !whole });
  } catch {
    encoding = 'gb18030';
    decoder = new TextDecoder('gb18030', { fatal: true });
    try {
      text = decoder.decode(first, { stream: !whole });
    } catch {
      throw new AppError('DATASET_ENCODING_UNKNOWN', 400, { tried: ['utf-8', 'gb18030'], withinBytes: first.length });
    }
  }
  onEncoding(encoding);
  if (text) yield text;
  if (whole) return;
  let offset = first.length;
  let pending: Buffer | null = rest.length > 0 ? rest : null;
  for (;;) {
    const n: IteratorResult<Buffer> = pending
      ? { done: false, value: pending }
      : ended
        ? { done: true, value: undefined }
        : await it.next();
    pending = null;
    try {
      if (n.done) {
        const tail = decoder.decode();
        if (tail) yield tail;
        return;
      }
      const t = decoder.decode(n.value, { stream: true });
      if (t) yield t;
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('DATASET_ENCODING_INVALID', 400, { encoding, afterByte: offset });
    }
    offset += n.value.length;
  }
}

/**
 * CSV (RFC 4180; CRLF, LF or CR line ends, even mixed; quotes relaxed inside unquoted cells; blank lines skipped),
 * as the records each text chunk completes (dataset-csv.ts).
 */
export async function* csvRecordChunks(text: AsyncIterable<string>, firstRow = 1): AsyncGenerator<SourceRecord[]> {
  const reader = new CsvReader();
  const shift = (records: SourceRecord[]) =>
    firstRow === 1 ? records : records.map((r) => ({ row: r.row + firstRow - 1, cells: r.cells }));
  try {
    for await (const t of text) {
      const records = reader.push(t);
      if (records.length > 0) yield shift(records);
    }
    const last = reader.end();
    if (last.length > 0) yield shift(last);
  } catch (e) {
    if (e instanceof CsvQuoteNotClosed) {
      const line = e.line + firstRow - 1;
      throw malformed(e.message.replace(/line \d+/, `line ${line}`), { csvCode: 'CSV_QUOTE_NOT_CLOSED', line });
    }
    throw e;
  }
}

/** The CSV records one by one. */
export async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  for await (const records of csvRecordChunks(text)) yield* records;
}

/** Whatever exceljs hands back for a cell, as the text a person sees (dates as YYYY-MM-DD, or ISO with time). */
export function xlsxCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return xlsxCell(o.result);
    if (o.text !== undefined) return xlsxCell(o.text);
    if (o.error !== undefined) return String(o.error);
    return '';
  }
  return String(v);
}

/**
 * The first sheet of an .xlsx: rows as cell texts, shorter rows padded to the header's width (a sheet stores no
 * empty trailing cells), blank rows skipped. exceljs pipes the bytes into its unzipper without forwarding a
 * source error, so the source's error is raced against each read.
 */
export async function* xlsxRecords(bytes: AsyncIterable<Buffer>): AsyncGenerator<SourceRecord> {
  const src = Readable.from(bytes, { objectMode: false });
  const failed = new Promise<never>((_, reject) => src.once('error', reject));
  failed.catch(() => undefined);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(src, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const next = async <T>(it: AsyncIterator<T>) => {
    try {
      return await Promise.race([it.next(), failed]);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw malformed(`not a readable .xlsx workbook (${(e as Error).message})`);
    }
  };
  try {
    const sheets = reader[Symbol.asyncIterator]();
    const sheet = await next(sheets);
    if (sheet.done) return;
    const rows = (sheet.value as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
    let width = -1;
    for (;;) {
      const r = await next(rows);
      if (r.done) break;
      const values = r.value.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]).trim());
      while (cells.length > 0 && cells[cells.length - 1] === '' && cells.length > Math.max(width, 0)) cells.pop();
      if (cells.every((c) => c === '')) continue;
      if (width < 0) width = cells.length;
      while (cells.length < width) cells.push('');
      yield { row: r.value.number, cells };
    }
  } finally {
    src.destroy();
  }
}

/** A JSON array of objects: the header is every key in order of first appearance. */
export function jsonRecords(value: unknown): AsyncIterable<SourceRecord> {
  if (!Array.isArray(value) || value.some((o) => typeof o !== 'object' || o === null || Array.isArray(o)))
    throw malformed('expected a JSON array of objects');
  const objects = value as Record<string, unknown>[];
  const header: string[] = [];
  const seen = new Set<string>();
  for (const o of objects)
    for (const k of Object.keys(o))
      if (!seen.has(k)) {
        seen.add(k);
        header.push(k);
      }
  return (async function* () {
    yield { row: 0, cells: header };
    for (let i = 0; i < objects.length; i++) yield { row: i + 1, cells: header.map((h) => jsonCell(objects[i][h])) };
  })();
}

/**
 * The request stream of an upload, as the route hands it on. Wrapped: the stream itself must not be the body,
 * since generic body checks walk the body's properties (a socket, a server, …).
 */
export class UploadStream {
  readonly #stream: Readable;
  constructor(stream: Readable) {
    this.#stream = stream;
  }
  get stream(): Readable {
    return this.#stream;
  }
}

const isStream = (b: unknown): b is UploadStream => b instanceof UploadStream;

/** Text of UTF-8 bytes that start at a character boundary; 400 DATASET_ENCODING_INVALID where they are not UTF-8. */
async function* utf8Text(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const b of bytes) {
      const t = decoder.decode(b, { stream: true });
      if (t) yield t;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('DATASET_ENCODING_INVALID', 400, { encoding: 'utf-8' });
  }
}

/**
 * A CSV upload: the first 64 KiB decide the encoding as in decodeBytes; UTF-8 is read by the byte reader of
 * dataset-csv-bytes.ts, GB18030 as text.
 */
async function* csvRuns(bytes: AsyncIterable<Buffer>, onEncoding: (e: Encoding) => void): AsyncGenerator<CsvRun> {
  const it = bytes[Symbol.asyncIterator]();
  const { head, headLength, ended } = await readHead(it);
  const replay = async function* () {
    yield* head;
    if (ended) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  };
  const first = Buffer.concat(head).subarray(0, DETECT_BYTES);
  let isUtf8 = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: !ended || headLength > DETECT_BYTES });
  } catch {
    isUtf8 = false;
  }
  if (!isUtf8) {
    yield* csvRecordChunks(decodeBytes(replay(), onEncoding));
    return;
  }
  onEncoding('utf-8');
  yield* fastCsvRuns(replay(), (rest, firstRow) => csvRecordChunks(utf8Text(rest), firstRow));
}

/**
 * The records of an upload: `body` is the request stream (CSV or XLSX), a Buffer or string (CSV or JSON text),
 * or a parsed JSON value.
 */
export function openRecords(body: unknown, format: Format | undefined, limit: number): RecordSource {
  let encoding: Encoding | null = null;
  const bytes = (max = limit): AsyncIterable<Buffer> => {
    if (isStream(body)) return limitBytes(body.stream, max);
    if (Buffer.isBuffer(body) || typeof body === 'string') {
      const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
      if (b.length > max) throw tooLarge(max);
      return (async function* () {
        yield b;
      })();
    }
    throw malformed('expected a text/csv or .xlsx body');
  };
  if (format === 'xlsx') return { encoding: () => null, records: runs(xlsxRecords(bytes())) };
  const isBytes = isStream(body) || Buffer.isBuffer(body) || typeof body === 'string';
  if (format === 'json' || (!format && !isBytes)) {
    if (!isBytes) return { encoding: () => null, records: runs(jsonRecords(body)) };
    return {
      encoding: () => null,
      records: runs(
        (async function* () {
          let text = '';
          for await (const t of decodeBytes(bytes(Math.min(limit, JSON_BODY_LIMIT)), () => undefined)) text += t;
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            throw malformed('not JSON');
          }
          yield* jsonRecords(value);
        })(),
      ),
    };
  }
  return {
    encoding: () => encoding,
    records: csvRuns(bytes(), (e) => {
      encoding = e;
    }),
  };
}
