// The division list report on a small tree: the findings the API test does not plant, and the file readers.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { buildDivisionReport, cityOf, readDivisionTable } from './division-import.ts';
import { messages } from './messages.ts';
import type { DivisionRecord } from './repo.ts';
import { registerMessages } from '../../platform/i18n/messages.ts';

registerMessages(messages);

const rec = (code: string, name: string, parentCode: string | null, extra: Partial<DivisionRecord> = {}) =>
  ({
    code,
    name,
    parentCode,
    level: code.length === 12 ? 'community' : code.length === 9 ? 'street' : parentCode ? 'district' : 'city',
    validFrom: '2023-01-01',
    validTo: null,
    ...extra,
  }) as DivisionRecord;

const TREE: DivisionRecord[] = [
  rec('320500', '苏州市', null),
  rec('320505', '虎丘区', '320500'),
  rec('320505001', '横塘街道', '320505'),
  rec('320505001001', '甲社区', '320505001'),
  rec('320505001002', '乙社区', '320505001', { validFrom: '2026-06-01' }),
  rec('320505002', '旧街道', '320505', { validTo: '2024-01-01' }),
];

const report = async (csv: string, validFrom = '2026-01-01') =>
  buildDivisionReport(await readDivisionTable(Buffer.from(csv), 'text/csv'), {
    locale: 'zh-CN',
    validFrom,
    existing: TREE,
  });

describe('division list report', () => {
  it('derives the city prefix from the city code', () => {
    expect(cityOf(TREE)).toEqual({ code: '320500', prefix: '3205' });
    expect(cityOf([rec('110000', '北京市', null)]).prefix).toBe('11');
  });

  it('may leave the city out, renames it when listed, and ignores unknown columns', async () => {
    const csv =
      'code,name,城乡分类代码\n320505,虎丘区,\n320505001,横塘街道,\n320505001001,甲社区,111\n320505001002,乙社区,\n';
    const r = await report(csv);
    expect(r.ok).toBe(true);
    expect(r.ignoredColumns).toEqual(['城乡分类代码']);
    expect(r.diff.unchanged).toBe(4);
    const renamed = await report(`code,name\n320500,苏州市（新）\n${csv.split('\n').slice(1).join('\n')}`);
    expect(renamed.diff.renamed).toEqual([{ code: '320500', from: '苏州市', to: '苏州市（新）' }]);
  });

  it('refuses to retire a code before the day it comes into force', async () => {
    const r = await report('code,name\n320505,虎丘区\n320505001,横塘街道\n320505001001,甲社区\n');
    expect(r.diff.retired).toEqual([{ code: '320505001002', name: '乙社区', level: 'community' }]);
    expect(r.problems).toMatchObject([{ row: null, column: null, kind: 'retire_before_start', code: '320505001002' }]);
    expect((await report('code,name\n320505,虎丘区\n320505001,横塘街道\n320505001001,甲社区\n', '2026-07-01')).ok).toBe(
      true,
    );
  });

  it('tells a parent left out of the list from a retired or unknown one', async () => {
    const r = await report('code,name\n320505001001,甲社区\n320505002001,丙社区\n320505003001,丁社区\n', '2026-07-01');
    expect(r.problems.map((p) => [p.row, p.kind])).toEqual([
      [2, 'parent_not_listed'],
      [3, 'parent_retired'],
      [4, 'parent_missing'],
    ]);
  });

  it('reports an unreadable CSV, an empty file and an old .xls as such', async () => {
    await expect(readDivisionTable(Buffer.from('code,name\n"320505,虎丘区\n'), 'text/csv')).rejects.toMatchObject({
      row: expect.any(Number),
    });
    await expect(report('\n\n')).rejects.toMatchObject({ code: 'DIVISION_IMPORT_EMPTY' });
    await expect(report('code,name\n')).rejects.toBeInstanceOf(AppError);
    await expect(
      readDivisionTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'application/octet-stream'),
    ).rejects.toMatchObject({ code: 'DIVISION_IMPORT_XLS_UNSUPPORTED' });
  });
});
