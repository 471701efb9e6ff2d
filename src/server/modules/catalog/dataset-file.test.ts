import { describe, expect, it } from 'vitest';
import { csvCell, decodeText, jsonCell, parseCsv, toCsv } from './dataset-file.ts';
import { buildQuality, score, timeliness } from './dataset-quality.ts';
import { maskValue } from './dataset.ts';

describe('dataset files', () => {
  it('parses quoted cells, doubled quotes, embedded newlines, CRLF and LF, and drops a trailing blank line', () => {
    expect(parseCsv('a,b\r\n"x,1","say ""hi"""\n"two\nlines",\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
      ['two\nlines', ''],
    ]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reads UTF-8 (dropping the BOM) and falls back to GB18030 for GBK bytes', () => {
    expect(decodeText(Buffer.from('\uFEFF姓名,张三', 'utf8'))).toEqual({ text: '姓名,张三', encoding: 'utf-8' });
    expect(decodeText(Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]))).toEqual({ text: '张三', encoding: 'gb18030' });
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
