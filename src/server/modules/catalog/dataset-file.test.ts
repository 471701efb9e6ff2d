import { describe, expect, it } from 'vitest';
import { csvCell, jsonCell, toCsv } from './dataset-file.ts';
import { buildQuality, score, timeliness } from './dataset-quality.ts';
import { maskValue } from './dataset.ts';
import { csvRecords, decodeBytes, limitBytes, type SourceRecord, xlsxCell } from './dataset-stream.ts';

async function* from<T>(xs: T[]): AsyncGenerator<T> {
  for (const x of xs) yield x;
}

describe('dataset files', () => {
  it('parses CSV from text chunks: quoted cells, doubled quotes, embedded newlines, CRLF and LF, blank lines', async () => {
    const chunks = ['a,b\r\n"x,', '1","say ""hi"""\n"two\nli', 'nes",\n\n'];
    const out: SourceRecord[] = [];
    for await (const r of csvRecords(from(chunks))) out.push(r);
    expect(out.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
      ['two\nlines', ''],
    ]);
    expect(out.map((r) => r.row)).toEqual([1, 2, 4]);
  });

  it('decodes UTF-8 (dropping the BOM) and falls back to GB18030 for GBK bytes, across chunk borders', async () => {
    const text = async (parts: number[][]) => {
      let enc = '';
      let s = '';
      for await (const t of decodeBytes(from(parts.map((p) => Buffer.from(p))), (e) => {
        enc = e;
      }))
        s += t;
      return { s, enc };
    };
    const utf8 = [...Buffer.from('\uFEFF姓名,张三', 'utf8')];
    expect(await text([utf8.slice(0, 5), utf8.slice(5)])).toEqual({ s: '姓名,张三', enc: 'utf-8' });
    expect(await text([[0xd5], [0xc5, 0xc8, 0xfd]])).toEqual({ s: '张三', enc: 'gb18030' });
    await expect(text([[0xff, 0xfe, 0xff]])).rejects.toMatchObject({ code: 'DATASET_ENCODING_UNKNOWN' });
  });

  it('counts bytes against the limit and stops at the chunk that crosses it', async () => {
    const seen: number[] = [];
    const read = async () => {
      for await (const b of limitBytes(from([Buffer.alloc(4), Buffer.alloc(4), Buffer.alloc(4)]), 10))
        seen.push(b.length);
    };
    await expect(read()).rejects.toMatchObject({ code: 'DATASET_TOO_LARGE', status: 413 });
    expect(seen).toEqual([4, 4]);
  });

  it('reads spreadsheet cells as text: dates, rich text, formulas', () => {
    expect(xlsxCell(new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02');
    expect(xlsxCell(new Date(Date.UTC(2026, 0, 2, 8, 30)))).toBe('2026-01-02T08:30:00Z');
    expect(xlsxCell({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(xlsxCell({ formula: 'A1+1', result: 3 })).toBe('3');
    expect(xlsxCell(null)).toBe('');
    expect(xlsxCell(12.5)).toBe('12.5');
  });

  it('neutralises formula cells and quotes what needs quoting', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-3')).toBe("'-3");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(toCsv([['a', 'b']])).toBe('a,b\r\n');
    expect(jsonCell(null)).toBe('');
    expect(jsonCell(12)).toBe('12');
  });

  it('masks personal values keeping the ends', () => {
    expect(maskValue('11010519491231002X')).toBe('110**************X');
    expect(maskValue('张三')).toBe('**');
    expect(maskValue('张三丰')).toBe('张*丰');
  });

  it('scores quality with the stated weights and timeliness against the cycle', () => {
    expect(score({ validity: 1, completeness: 1, keyUniqueness: 1, timeliness: 1 })).toBe(100);
    expect(score({ validity: 0, completeness: 1, keyUniqueness: 1, timeliness: 1 })).toBe(60);
    expect(timeliness(null, 7)).toBe(1);
    expect(timeliness(7, 7)).toBe(1);
    expect(timeliness(10.5, 7)).toBe(0.5);
    expect(timeliness(30, 7)).toBe(0);
    const q = buildQuality({
      rows: 4,
      cells: 12,
      nonEmptyCells: 9,
      validRows: 3,
      keyedRows: 4,
      distinctKeys: 3,
      daysSincePrevious: 2,
      cycle: 'daily',
    });
    expect(q).toMatchObject({ completeness: 0.75, validity: 0.75, keyUniqueness: 0.75, timeliness: 0, cycleDays: 1 });
    expect(q.score).toBe(Math.round(100 * (0.4 * 0.75 + 0.3 * 0.75 + 0.2 * 0.75)));
  });
});
