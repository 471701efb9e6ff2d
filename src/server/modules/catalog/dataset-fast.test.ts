// The byte path of UTF-8 CSV loads must read and accept exactly what the text path does: records (cells and row
// numbers) as CsvReader gives them, whatever the chunking; and every line FastRows accepts must be one the
// RowChecker accepts, written as the same COPY text the string path writes.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCardCheckChar } from '../../platform/identifiers/id-card.ts';
import { type Column, RowChecker } from './dataset-check.ts';
import { isRawLines } from './dataset-csv-bytes.ts';
import { CsvQuoteNotClosed, CsvReader } from './dataset-csv.ts';
import { type ByteSink, FastRows } from './dataset-fast-rows.ts';
import { KeyFilter } from './dataset-key-filter.ts';
import { openRecords, UploadStream } from './dataset-stream.ts';
import { copyText } from './dataset-table.ts';

type Read = { records: [number, string[]][] } | { notClosedAt: number };

function textPath(text: string): Read {
  const reader = new CsvReader();
  try {
    const records = [...reader.push(text), ...reader.end()].map((r): [number, string[]] => [r.row, r.cells]);
    return { records };
  } catch (e) {
    if (e instanceof CsvQuoteNotClosed) return { notClosedAt: e.line };
    throw e;
  }
}

async function bytePath(bytes: Buffer, cuts: number[]): Promise<Read> {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const c of [...new Set(cuts.filter((x) => x > 0 && x < bytes.length))].sort((a, b) => a - b)) {
    chunks.push(bytes.subarray(at, c));
    at = c;
  }
  chunks.push(bytes.subarray(at));
  const source = openRecords(new UploadStream(Readable.from(chunks)), 'csv', 1 << 30);
  const records: [number, string[]][] = [];
  try {
    for await (const run of source.records) {
      if (isRawLines(run))
        run.starts.forEach((s, l) => {
          records.push([run.rows[l], run.buf.toString('utf8', s, run.ends[l]).split(',')]);
        });
      else for (const r of run) records.push([r.row, r.cells]);
    }
  } catch (e) {
    const details = (e as { details?: { csvCode?: string; line?: number } }).details;
    if (details?.csvCode === 'CSV_QUOTE_NOT_CLOSED') return { notClosedAt: details.line! };
    throw e;
  }
  return { records };
}

describe('UTF-8 CSV byte reader', () => {
  it('reads what the text reader reads, however the bytes are cut', async () => {
    const text = fc
      .array(
        fc.constantFrom('a', 'bc', '中文', ',', '"', '""', '\r', '\n', '\r\n', '\0', ' ', '\t', '\\', '\u3000', 'é'),
        { maxLength: 60 },
      )
      .map((xs) => xs.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat({ max: 120 }), { maxLength: 6 }), async (t, cuts) => {
        expect(await bytePath(Buffer.from(t, 'utf8'), cuts)).toEqual(textPath(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('drops a BOM, even one cut across chunks, and keeps row numbers past a multi-line cell', async () => {
    const t = 'h1,h2\r\n1,"a\r\nb"\r\n2,"c,d"\n\n3,x\\y\n4,"e""f"\n5,last';
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]);
    for (const cuts of [[], [1], [2], [5], [9, 20, 31]]) expect(await bytePath(bom, cuts)).toEqual(textPath(t));
  });

  it('refuses bytes that are not UTF-8 after the first 64 KiB, naming the offset', async () => {
    const good = Buffer.from(`${'a,b\n'.repeat(20_000)}`);
    const bytes = Buffer.concat([good, Buffer.from([0xc3, 0x28, 0x0a])]);
    await expect(bytePath(bytes, [70_000])).rejects.toMatchObject({ code: 'DATASET_ENCODING_INVALID' });
  });
});

// ── FastRows against the RowChecker ─────────────────────────────────────────────────────────────────────

const col = (name: string, dataType: Column['dataType'], domain: Column['domain'], extra: Partial<Column> = {}) =>
  ({ name, dataType, domain, codes: undefined, isKey: false, personal: false, ...extra }) as Column;

const COLUMNS: Column[] = [
  col('证件号', 'string', { kind: 'validator', validator: 'id_card' }, { isKey: true, personal: true }),
  col('姓名', 'string', { kind: 'none' }),
  { ...col('性别', 'code', { kind: 'code_list', codeListId: 'GBT2261.1' }), codes: new Set(['0', '1', '2', '9']) },
  col('出生日期', 'date', { kind: 'validator', validator: 'date' }),
  col('人数', 'integer', { kind: 'range', min: 1, max: 30 }),
  col('地址', 'string', { kind: 'none' }),
];

const id = (n: number) => {
  const body = `320505${19800101 + (n % 28)}${String(n % 1000).padStart(3, '0')}`;
  return body + idCardCheckChar(body);
};

class GrowingSink implements ByteSink {
  buf = Buffer.alloc(1 << 16);
  pos = 0;
  room(n: number): Buffer {
    if (this.pos + n > this.buf.length) {
      const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    return this.buf;
  }
}

describe('FastRows', () => {
  const pad = fc.constantFrom('', ' ', '  ', '\u3000', '\u00a0', '\t');
  const text = fc.constantFrom('张三', '李 四', 'a\\b', 'x\ty', '', '〇号', 'é', '地址\u3000', '  ');
  const cell = (values: fc.Arbitrary<string>) => fc.tuple(pad, values, pad).map(([a, v, b]) => a + v + b);
  const line = fc.tuple(
    cell(fc.oneof(fc.nat({ max: 40 }).map(id), fc.constantFrom('', '320505198001010001', 'x'))),
    cell(text),
    cell(fc.constantFrom('1', '2', '7', '')),
    cell(fc.constantFrom('1990-02-28', '1990-02-30', '1990-2-28', '')),
    cell(fc.constantFrom('3', '0', '31', '2.5', '')),
    cell(text),
    fc.constantFrom('', ',extra'),
  );
  const orders = [
    [0, 1, 2, 3, 4, 5],
    [5, 3, 1, 0, 2, 4],
  ];

  it('accepts only lines the RowChecker accepts, and writes them as the string path does', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.constantFrom(...orders), (lines, order) => {
        // The file's column k holds the resource's column order[k].
        const index = COLUMNS.map((_, ci) => order.indexOf(ci));
        const texts = lines.map(([a, b, c, d, e, f, extra]) => {
          const cells = [a, b, c, d, e, f];
          return order.map((ci) => cells[ci]).join(',') + extra;
        });
        const buf = Buffer.from(texts.join('\n'), 'utf8');
        const starts: number[] = [];
        const ends: number[] = [];
        let p = 0;
        for (const t of texts) {
          starts.push(p);
          p += Buffer.byteLength(t);
          ends.push(p);
          p++;
        }
        const rows = texts.map((_, i) => i + 2);
        const sink = new GrowingSink();
        const checker = new RowChecker(COLUMNS, index, COLUMNS.length, () => undefined);
        const fast = new FastRows(checker, index, COLUMNS.length, 7, sink, new KeyFilter());
        const tally = { rows: 0, cells: 0, nonEmpty: 0, keyedRows: 0, cellValid: 0 };
        const fellBack: number[] = [];
        fast.run({ kind: 'raw', buf, starts, ends, rows }, tally, (row, cells) => {
          expect(cells).toEqual(texts[row - 2].split(','));
          fellBack.push(row);
        });
        // What the string path writes for the lines FastRows took.
        let expected = '';
        for (let i = 0; i < texts.length; i++) {
          if (fellBack.includes(rows[i])) continue;
          const r = checker.check(rows[i], texts[i].split(','));
          expect(r.messages, texts[i]).toEqual([]);
          expected += `${copyText(r.key!)}\t7\t${rows[i]}${r.values!.map((v) => `\t${copyText(v)}`).join('')}\n`;
        }
        expect(sink.buf.toString('utf8', 0, sink.pos)).toBe(expected);
        expect(tally.rows).toBe(texts.length - fellBack.length);
        expect(tally.cellValid).toBe(tally.rows);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a clean line whole, and leaves a doubtful one to the checker', () => {
    const index = [0, 1, 2, 3, 4, 5];
    const texts = [`${id(1)},张三,1,1990-02-28,3,苏州市人民路1号`, `${id(2)},李四\u3000,2,1990-02-28,3,x`];
    const buf = Buffer.from(texts.join('\n'));
    const sink = new GrowingSink();
    const checker = new RowChecker(COLUMNS, index, 6, () => undefined);
    const fast = new FastRows(checker, index, 6, 1, sink, new KeyFilter());
    const fellBack: number[] = [];
    const tally = { rows: 0, cells: 0, nonEmpty: 0, keyedRows: 0, cellValid: 0 };
    const first = Buffer.byteLength(texts[0]);
    fast.run({ kind: 'raw', buf, starts: [0, first + 1], ends: [first, buf.length], rows: [2, 3] }, tally, (row) =>
      fellBack.push(row),
    );
    expect(fellBack).toEqual([3]);
    expect(sink.buf.toString('utf8', 0, sink.pos)).toBe(
      `["${id(1)}"]\t1\t2\t${id(1)}\t张三\t1\t1990-02-28\t3\t苏州市人民路1号\n`,
    );
  });
});
