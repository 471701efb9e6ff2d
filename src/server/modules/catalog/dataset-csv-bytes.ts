// The fast reader of UTF-8 CSV uploads: it works on the bytes and hands over whole lines, so a clean file is
// checked and copied to the database without turning every cell into a JavaScript string and back (decoding,
// slicing and re-encoding were most of Node's share of a large load). It yields, in file order:
//  - RawLines: runs of simple lines — no quote character, no CR but the one before LF — as byte ranges of one
//    buffer; their cells are found by commas (dataset-fast-rows.ts);
//  - SourceRecord[]: any other line, parsed by the CSV reader of dataset-csv.ts on its own (a line with quotes);
//  - from a line where a quoted cell goes on past the line end (or a lone CR ends a line), the rest of the file
//    goes through the streaming CSV reader as text, exactly as before.
// Row numbers are the lines a person counts, as CsvReader gives them; blank lines are skipped. The bytes are
// checked to be UTF-8 (the caller chose this reader because the file's first 64 KiB were).
import { isUtf8 } from 'node:buffer';
import { AppError } from '../../platform/errors.ts';
import { CsvQuoteNotClosed, CsvReader } from './dataset-csv.ts';
import type { SourceRecord } from './dataset-stream.ts';

export interface RawLines {
  readonly kind: 'raw';
  buf: Buffer;
  /** Per line: its first byte, the byte after its last (CR and LF excluded), and its row number. */
  starts: number[];
  ends: number[];
  rows: number[];
}

export type CsvRun = RawLines | SourceRecord[];
export const isRawLines = (r: CsvRun): r is RawLines => !Array.isArray(r);

/** A line longer than this goes to the text reader (see fastCsvRuns). */
export const LONG_LINE_BYTES = 1024 * 1024;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const invalidUtf8 = (afterByte: number) =>
  new AppError('DATASET_ENCODING_INVALID', 400, { encoding: 'utf-8', afterByte });

/** The records of one line of text (quotes complete within it); null when a quoted cell runs past its end. */
function parseLine(text: string, row: number): SourceRecord[] | null {
  const reader = new CsvReader();
  try {
    const records = [...reader.push(text), ...reader.end()];
    return records.map((r) => ({ row: row + r.row - 1, cells: r.cells }));
  } catch (e) {
    if (e instanceof CsvQuoteNotClosed) return null;
    throw e;
  }
}

/**
 * UTF-8 CSV bytes → runs of records. `bytes` starts at the beginning of the file (a BOM is dropped).
 * `textRecords` reads the rest of the file as text when a quoted cell spans lines: it gets the bytes from that
 * line on and the row number of that line.
 */
export async function* fastCsvRuns(
  bytes: AsyncIterable<Buffer>,
  textRecords: (rest: AsyncIterable<Buffer>, firstRow: number) => AsyncIterable<SourceRecord[]>,
): AsyncGenerator<CsvRun> {
  const it = bytes[Symbol.asyncIterator]();
  let carry: Buffer | null = null;
  let line = 0; // lines before the next one
  let offset = 0; // file offset of the carry's (or the chunk's) first byte
  let first = true;
  for (;;) {
    const n = await it.next();
    let buf: Buffer;
    // The last line without a line end gets one here (and loses it again if it goes to the text reader).
    let added = 0;
    if (n.done) {
      if (!carry || carry.length === 0) return;
      buf = Buffer.concat([carry, Buffer.from([LF])]);
      added = 1;
    } else {
      buf = carry ? Buffer.concat([carry, n.value]) : n.value;
    }
    carry = null;
    let pos = 0;
    if (first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    if (first && buf.length < 3 && !n.done) {
      carry = buf;
      continue;
    }
    first = false;
    const lastLf = buf.lastIndexOf(LF);
    // The bytes from `start` on, then the rest of the upload: for the text reader.
    const restFrom = async function* (start: number) {
      yield buf.subarray(start, buf.length - added);
      for (;;) {
        const m = await it.next();
        if (m.done) return;
        yield m.value;
      }
    };
    if (lastLf < 0) {
      // No LF in a MiB: CR line ends (old Mac files) or one enormous cell. The text reader takes the rest, instead
      // of this reader gathering the file in memory waiting for an LF.
      if (buf.length - pos > LONG_LINE_BYTES) {
        yield* textRecords(restFrom(pos), line + 1);
        return;
      }
      carry = buf.subarray(pos);
      offset += pos;
      continue;
    }
    if (!isUtf8(buf.subarray(pos, lastLf + 1))) throw invalidUtf8(offset);
    let raw: RawLines = { kind: 'raw', buf, starts: [], ends: [], rows: [] };
    // The next quote and CR at or after pos (memchr, not a loop over every byte); -1 past the last.
    let quote = buf.indexOf(QUOTE, pos);
    let cr = buf.indexOf(CR, pos);
    while (pos <= lastLf) {
      const lf = buf.indexOf(LF, pos);
      line++;
      let end = lf;
      if (end > pos && buf[end - 1] === CR) end--;
      if (quote >= 0 && quote < pos) quote = buf.indexOf(QUOTE, pos);
      if (cr >= 0 && cr < pos) cr = buf.indexOf(CR, pos);
      const simple = (quote < 0 || quote >= end) && (cr < 0 || cr >= end);
      if (simple) {
        if (end > pos) {
          raw.starts.push(pos);
          raw.ends.push(end);
          raw.rows.push(line);
        }
        pos = lf + 1;
        continue;
      }
      // A line with quotes (or a lone CR): parsed as text on its own if its quotes close within it.
      const records = cr >= 0 && cr < end ? null : parseLine(utf8.decode(buf.subarray(pos, end)), line);
      if (raw.starts.length > 0) {
        yield raw;
        raw = { kind: 'raw', buf, starts: [], ends: [], rows: [] };
      }
      if (records === null) {
        // The rest of the file, from this line on, is read as text.
        yield* textRecords(restFrom(pos), line);
        return;
      }
      if (records.length > 0) yield records;
      pos = lf + 1;
    }
    if (raw.starts.length > 0) yield raw;
    offset += lastLf + 1;
    carry = lastLf + 1 < buf.length ? buf.subarray(lastLf + 1) : null;
    if (n.done) return;
  }
}
