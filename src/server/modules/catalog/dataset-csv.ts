// The CSV reader of dataset uploads: RFC 4180 with the leniencies uploads need (CRLF, LF or CR line ends, even
// mixed; a quote inside an unquoted cell is a plain character; after a closing quote, text up to the next comma
// is kept with both quotes; rows of any width; blank lines skipped). It reads exactly as csv-parse did with
// `record_delimiter: ['\r\n', '\n', '\r'], relax_column_count, relax_quotes, skip_empty_lines` — which
// dataset-csv.test.ts checks against csv-parse on random files cut into random chunks — with one difference:
// the row numbers (the line a record ends on) count a CRLF inside a quoted cell as one line, as an editor shows
// it, where csv-parse counted two. Written out because csv-parse was the largest share of a large load's time:
// this scans text by slices, not byte by byte.

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

export class CsvQuoteNotClosed extends Error {
  constructor(readonly line: number) {
    super(`Quote Not Closed: the parsing is finished with an opening quote at line ${line}`);
  }
}

export interface CsvRecord {
  /** The line the record ends on (the first line is 1). */
  row: number;
  cells: string[];
}

/** Feed text chunks with push(); each call returns the records completed by it; end() returns the last one. */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private quoting = false;
  private wasQuoting = false;
  private lines = 1;
  /** Text held back until the next chunk shows the character after it (a final CR or quote). */
  private carry = '';
  private lastChar = -1;
  /** Inside quotes, the last character was a CR: an LF right after it ends the same line. */
  private quotedCr = false;

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (chunk.length > 0) {
      this.lastChar = chunk.charCodeAt(chunk.length - 1);
      this.run(this.carry + chunk, false, out);
    }
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    this.run(this.carry, true, out);
    if (this.quoting) throw new CsvQuoteNotClosed(this.lines - (this.lastChar === CR || this.lastChar === LF ? 1 : 0));
    if (this.wasQuoting || this.record.length > 0 || this.field.length > 0) {
      this.record.push(this.field);
      out.push({ row: this.lines, cells: this.record });
      this.record = [];
      this.field = '';
      this.wasQuoting = false;
    }
    return out;
  }

  private run(buf: string, end: boolean, out: CsvRecord[]): void {
    this.carry = '';
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (this.quoting) {
        const q = buf.indexOf('"', i);
        const stop = q < 0 ? n : q;
        for (let k = i; k < stop; k++) {
          const c = buf.charCodeAt(k);
          if (c === CR) {
            this.lines++;
            this.quotedCr = true;
          } else {
            if (c === LF && !this.quotedCr) this.lines++;
            this.quotedCr = false;
          }
        }
        if (stop > i) this.field += buf.slice(i, stop);
        if (q < 0) return;
        this.quotedCr = false;
        if (q + 1 >= n && !end) {
          this.carry = '"';
          return;
        }
        const next = q + 1 < n ? buf.charCodeAt(q + 1) : -1;
        if (next === QUOTE) {
          this.field += '"';
          i = q + 2;
          continue;
        }
        this.quoting = false;
        this.wasQuoting = true;
        // A closing quote followed by anything but a separator: both quotes stay in the text.
        if (!(next === -1 || next === 0 || next === COMMA || next === CR || next === LF))
          this.field = `"${this.field}"`;
        i = q + 1;
        continue;
      }
      if (this.field.length === 0 && buf.charCodeAt(i) === QUOTE) {
        this.quoting = true;
        i++;
        continue;
      }
      let j = i;
      let c = 0;
      while (j < n) {
        c = buf.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        j++;
      }
      if (j > i) this.field = this.field.length === 0 ? buf.slice(i, j) : this.field + buf.slice(i, j);
      if (j >= n) return;
      if (c === COMMA) {
        this.record.push(this.field);
        this.field = '';
        this.wasQuoting = false;
        i = j + 1;
        continue;
      }
      if (c === CR && j + 1 >= n && !end) {
        this.carry = '\r';
        return;
      }
      const len = c === CR && j + 1 < n && buf.charCodeAt(j + 1) === LF ? 2 : 1;
      if (this.wasQuoting || this.record.length > 0 || this.field.length > 0) {
        this.record.push(this.field);
        out.push({ row: this.lines, cells: this.record });
        this.record = [];
      }
      this.field = '';
      this.wasQuoting = false;
      this.lines++;
      i = j + len;
    }
  }
}
