// Checking simple CSV lines on their bytes and copying them to the COPY stream as bytes (the lines come from
// dataset-csv-bytes.ts). A line is accepted here only when it is certainly valid: the right number of cells,
// every key cell non-empty and plain, every checked cell passing its column's check (made a string only for
// that: codes, identifiers, dates, numbers — a name or an address is never decoded). Anything else — a ragged
// line, a failing or doubtful cell, a cell that may end in Unicode white space — goes to `fallback` as strings,
// which runs the ordinary RowChecker and reports exactly as it always did. So this file decides nothing a
// person sees; it only makes the common case cheap.
import { MAX_KEY_BYTES, type RowChecker } from './dataset-check.ts';
import type { RawLines } from './dataset-csv-bytes.ts';
import type { KeyFilter } from './dataset-key-filter.ts';

/** Where the COPY text goes: a buffer with room for `n` more bytes from `pos`. */
export interface ByteSink {
  room(n: number): Buffer;
  pos: number;
}

export interface FastTally {
  rows: number;
  cells: number;
  nonEmpty: number;
  keyedRows: number;
  cellValid: number;
}

/** Buffer's own slicers, without toString's argument handling (millions of calls in a load). */
const slices = Buffer.prototype as unknown as {
  utf8Slice: (this: Buffer, start: number, end: number) => string;
  latin1Slice: (this: Buffer, start: number, end: number) => string;
};

const COMMA = 44;
const BACKSLASH = 92;
const TAB = 9;
const SPACE = 32;
const TAB_T = 116; // 't'

/** Lead bytes of the UTF-8 forms of the white space String.prototype.trim removes beyond ASCII (U+00A0, U+1680,
 * U+2000…U+205F, U+3000, U+FEFF): a cell starting or ending with such a character goes the careful way. */
const isSpaceLead = (b: number) => b === 0xc2 || b === 0xe1 || b === 0xe2 || b === 0xe3 || b === 0xef;
const isAsciiSpace = (b: number) => b === SPACE || (b >= 9 && b <= 13);

export class FastRows {
  private readonly width: number;
  private readonly fs: Int32Array;
  private readonly fe: Int32Array;
  private readonly high: Uint8Array;
  private readonly plain: Uint8Array;
  private readonly cs: Int32Array;
  private readonly ce: Int32Array;
  private readonly isKey: boolean[];
  private readonly version: Buffer;
  /** The file's columns are in the resource's order. */
  private readonly inOrder: boolean;

  constructor(
    private readonly checker: RowChecker,
    private readonly index: number[],
    headerWidth: number,
    version: number,
    private readonly out: ByteSink,
    private readonly keys: KeyFilter,
  ) {
    this.width = headerWidth;
    this.fs = new Int32Array(headerWidth);
    this.fe = new Int32Array(headerWidth);
    this.high = new Uint8Array(headerWidth);
    this.plain = new Uint8Array(headerWidth);
    const n = checker.columns.length;
    this.cs = new Int32Array(n);
    this.ce = new Int32Array(n);
    this.isKey = checker.columns.map((c) => c.isKey);
    this.version = Buffer.from(`\t${version}\t`, 'latin1');
    this.inOrder = index.every((k, ci) => k === ci);
  }

  /**
   * Checks and writes the lines it can accept; hands every other line to `fallback` as its cells. Counts what it
   * accepted into `t`.
   */
  run(lines: RawLines, t: FastTally, fallback: (row: number, cells: string[]) => void): void {
    const { buf } = lines;
    for (let l = 0; l < lines.starts.length; l++) {
      const s = lines.starts[l];
      const e = lines.ends[l];
      if (!this.line(buf, s, e, lines.rows[l], t)) fallback(lines.rows[l], buf.toString('utf8', s, e).split(','));
    }
  }

  /** One line: true when it was valid and written. */
  private line(buf: Buffer, s: number, e: number, row: number, t: FastTally): boolean {
    const { fs, fe, high, plain, width } = this;
    // Cells by commas, noting which hold non-ASCII bytes and which hold a backslash or control byte.
    let f = 0;
    fs[0] = s;
    let hi = 0;
    let pl = 1;
    for (let i = s; i < e; i++) {
      const c = buf[i];
      if (c === COMMA) {
        if (f + 1 >= width) return false;
        fe[f] = i;
        high[f] = hi;
        plain[f] = pl;
        f++;
        fs[f] = i + 1;
        hi = 0;
        pl = 1;
      } else if (c >= 0x80) hi = 1;
      else if (c === BACKSLASH || c < SPACE) {
        if (c === 0) return false; // NUL: the checker reports it
        pl = 0;
      }
    }
    if (f + 1 !== width) return false;
    fe[f] = e;
    high[f] = hi;
    plain[f] = pl;

    const { checker, index, cs, ce, isKey } = this;
    const open = checker.open;
    let nonEmpty = 0;
    let outLen = 64;
    // No cell trimmed or escaped: with the columns in file order the line can be copied whole.
    let untouched = true;
    for (let ci = 0; ci < index.length; ci++) {
      const k = index[ci];
      let a = fs[k];
      let b = fe[k];
      while (a < b && isAsciiSpace(buf[a])) a++;
      while (b > a && isAsciiSpace(buf[b - 1])) b--;
      if (a < b && high[k] === 1) {
        if (isSpaceLead(buf[a])) return false;
        let lead = b - 1;
        while (lead > a && (buf[lead] & 0xc0) === 0x80) lead--;
        if (isSpaceLead(buf[lead])) return false;
      }
      if (a === b) {
        if (isKey[ci]) return false;
      } else {
        nonEmpty++;
        if (isKey[ci] && plain[k] === 0) return false;
        if (
          !open[ci] &&
          !checker.accepts(ci, high[k] === 1 ? slices.utf8Slice.call(buf, a, b) : slices.latin1Slice.call(buf, a, b))
        )
          return false;
      }
      if (a !== fs[k] || b !== fe[k] || plain[k] === 0) untouched = false;
      cs[ci] = a;
      ce[ci] = b;
      outLen += 2 * (b - a) + 8;
    }

    // The key's JSON text: [ "…" (, "…")* ] — plain cells need no escaping, so its length is exact.
    let keyBytes = 1;
    for (let ci = 0; ci < index.length; ci++) if (isKey[ci]) keyBytes += ce[ci] - cs[ci] + 3;
    if (keyBytes > MAX_KEY_BYTES) return false; // the checker reports it

    // The COPY line: key (JSON text of the key cells), version, row, then every column.
    const out = this.out.room(outLen);
    let p = this.out.pos;
    out[p++] = 0x5b; // [
    let firstKey = true;
    for (let ci = 0; ci < index.length; ci++) {
      if (!isKey[ci]) continue;
      if (!firstKey) out[p++] = COMMA;
      firstKey = false;
      out[p++] = 0x22;
      p += buf.copy(out, p, cs[ci], ce[ci]);
      out[p++] = 0x22;
    }
    out[p++] = 0x5d; // ]
    this.keys.addBytes(out, this.out.pos, p);
    p += this.version.copy(out, p);
    p += out.write(String(row), p, 'latin1');
    if (this.inOrder && untouched) {
      // The cells are the line itself: copy it whole and turn its commas into tabs.
      out[p++] = TAB;
      buf.copy(out, p, s, e);
      for (let k = 0; k < width - 1; k++) out[p + fe[k] - s] = TAB;
      p += e - s;
    } else
      for (let ci = 0; ci < index.length; ci++) {
        out[p++] = TAB;
        const a = cs[ci];
        const b = ce[ci];
        if (plain[index[ci]] === 1) {
          for (let i = a; i < b; i++) out[p++] = buf[i];
        } else {
          for (let i = a; i < b; i++) {
            const c = buf[i];
            if (c === BACKSLASH) {
              out[p++] = BACKSLASH;
              out[p++] = BACKSLASH;
            } else if (c === TAB) {
              out[p++] = BACKSLASH;
              out[p++] = TAB_T;
            } else out[p++] = c;
          }
        }
      }
    out[p++] = 10;
    this.out.pos = p;
    t.rows++;
    t.cells += index.length;
    t.nonEmpty += nonEmpty;
    t.keyedRows++;
    t.cellValid++;
    return true;
  }
}
