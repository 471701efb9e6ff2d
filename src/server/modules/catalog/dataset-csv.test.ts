import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvQuoteNotClosed, CsvReader } from './dataset-csv.ts';

type Read = { records: [number, string[]][] } | { notClosedAt: number };

const crlfs = (s: string) => s.split('\r\n').length - 1;

/**
 * csv-parse's reading, with our row numbers: csv-parse counts a CRLF inside a quoted cell as two lines, we as one.
 * A CRLF can sit inside a record only in a quoted part, and stays in the cell, so each record's row is csv-parse's
 * less the CRLFs in the cells so far. An unclosed quote runs to the end of the file: its line is the file's last.
 */
function reference(text: string): Read {
  try {
    const rows = parse(text, {
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    let inCells = 0;
    return {
      records: rows.map((r) => {
        inCells += r.record.reduce((n, c) => n + crlfs(c), 0);
        return [r.info.lines - inCells, r.record];
      }),
    };
  } catch (e) {
    const err = e as { code?: string; lines?: number };
    if (err.code !== 'CSV_QUOTE_NOT_CLOSED') throw e;
    const breaks = text.length - text.replaceAll('\r\n', '\n').replace(/[\r\n]/g, '').length - crlfs(text);
    return { notClosedAt: 1 + breaks - (/[\r\n]$/.test(text) ? 1 : 0) };
  }
}

function ours(text: string, cuts: number[]): Read {
  const reader = new CsvReader();
  const records: [number, string[]][] = [];
  let at = 0;
  try {
    for (const c of [...cuts.filter((x) => x < text.length)].sort((a, b) => a - b)) {
      for (const r of reader.push(text.slice(at, c))) records.push([r.row, r.cells]);
      at = c;
    }
    for (const r of reader.push(text.slice(at))) records.push([r.row, r.cells]);
    for (const r of reader.end()) records.push([r.row, r.cells]);
  } catch (e) {
    if (e instanceof CsvQuoteNotClosed) return { notClosedAt: e.line };
    throw e;
  }
  return { records };
}

describe('dataset CSV reader', () => {
  it('reads as csv-parse did with the upload options: cells, row numbers, an unclosed quote', () => {
    const text = fc
      .array(fc.constantFrom('a', 'bc', '中文', ',', '"', '""', '\r', '\n', '\r\n', '\0', ' '), { maxLength: 60 })
      .map((xs) => xs.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat({ max: 80 }), { maxLength: 6 }), (t, cuts) => {
        expect(ours(t, cuts)).toEqual(reference(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads a file cut after every character', () => {
    const t = 'a,"b\r\nc",d\r\n\r\n"x""y"z,1\n"q"\r"",\n,\r\n"open';
    const cuts = Array.from({ length: t.length }, (_, i) => i);
    expect(ours(t, cuts)).toEqual(reference(t));
    expect(ours(t, [])).toEqual(reference(t));
  });
});
