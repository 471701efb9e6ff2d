// POST /api/v1/geo/division-imports: the city's official division list (CSV / XLSX). The dry run shows the diff
// (added, renamed, retired, reparented) and every planted fault with its row and column; applying writes the
// whole diff or nothing, retires codes instead of deleting them, and is audited; one import at a time.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityToday } from '../../src/server/modules/geo/city-time.ts';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  type TestApp,
} from '../support/test-app.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const URL = '/api/v1/geo/division-imports';

interface Row {
  code: string;
  name: string;
  parentCode: string | null;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const toCsv = (rows: readonly (readonly string[])[]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
const listCsv = (rows: readonly Row[], header = ['code', 'name', 'parent_code']) =>
  toCsv([header, ...rows.map((r) => [r.code, r.name, r.parentCode ?? ''])]);

describe.skipIf(!engineAvailable())('division list import', () => {
  let t: TestApp;
  let steward: Session;

  /** The codes in force, parents first: the list as the city would publish it today. */
  const current = async (): Promise<Row[]> => {
    const res = await sql<Row>`
      select code, name, parent_code as "parentCode" from divisions
       where valid_to is null order by length(code), code`.execute(t.opened.db);
    return res.rows;
  };
  const division = async (code: string) =>
    (
      await sql<{ name: string; parentCode: string | null; validFrom: string; validTo: string | null }>`
        select name, parent_code as "parentCode", to_char(valid_from, 'YYYY-MM-DD') as "validFrom",
               to_char(valid_to, 'YYYY-MM-DD') as "validTo"
          from divisions where code = ${code}`.execute(t.opened.db)
    ).rows[0];
  const snapshot = async () =>
    JSON.stringify(
      (
        await sql`select code, name, parent_code, valid_from::text, valid_to::text from divisions order by code`.execute(
          t.opened.db,
        )
      ).rows,
    );
  const post = (s: Session, query: string, body: string | Buffer, type = 'text/csv') =>
    s.request('POST', `${URL}?${query}`, body, { 'content-type': type });

  beforeAll(async () => {
    t = await createTestApp();
    steward = await login(t.app, 'steward', DEMO_PASSWORD);
  });
  afterAll(() => t?.close());

  describe('diff', () => {
    let list: Row[];
    let renamedStreet: Row;
    let retiredCommunity: Row;
    let reparented: Row;
    let plantedParent: string;
    let added: Row;
    let file: string;

    beforeAll(async () => {
      list = await current();
      const streets = list.filter((r) => r.code.length === 9 && r.code.startsWith('320508'));
      const [s1, s2] = streets;
      const communities = list.filter((r) => r.parentCode === s1.code);
      renamedStreet = s1;
      retiredCommunity = communities[0];
      reparented = communities[1];
      // The tree has this community under the wrong street; the official list puts it back under its prefix.
      plantedParent = s2.code;
      await sql`update divisions set parent_code = ${plantedParent} where code = ${reparented.code}`.execute(
        t.opened.db,
      );
      added = { code: `${s1.code}901`, name: '新设测试社区居委会', parentCode: s1.code };
      const edited = list
        .filter((r) => r.code !== retiredCommunity.code)
        .map((r) => (r.code === s1.code ? { ...r, name: `${r.name}（更名）` } : r));
      // parent_code left empty on the added row: inferred from the code.
      file = listCsv([...edited, { ...added, parentCode: null }]);
    });

    it('reports added, renamed, retired and reparented codes on a dry run, and writes nothing', async () => {
      const before = await snapshot();
      const res = await post(steward, 'dryRun=true&validFrom=2025-01-01', file);
      expect(res.statusCode).toBe(200);
      const r = res.json();
      expect(r).toMatchObject({ ok: true, dryRun: true, applied: false, format: 'csv', validFrom: '2025-01-01' });
      expect(r.rowCount).toBe(list.length);
      expect(r.problems).toEqual([]);
      expect(r.diff.added).toEqual([{ ...added, level: 'community' }]);
      expect(r.diff.renamed).toEqual([
        { code: renamedStreet.code, from: renamedStreet.name, to: `${renamedStreet.name}（更名）` },
      ]);
      expect(r.diff.retired).toEqual([
        { code: retiredCommunity.code, name: retiredCommunity.name, level: 'community' },
      ]);
      expect(r.diff.reparented).toEqual([
        { code: reparented.code, name: reparented.name, from: plantedParent, to: reparented.parentCode },
      ]);
      expect(r.diff.unchanged).toBe(list.length - 3);
      expect(r.counts).toEqual({ added: 1, renamed: 1, retired: 1, reparented: 1, unchanged: list.length - 3 });
      expect(await snapshot()).toBe(before);
    });

    it('applies the diff: retired codes stay readable with includeRetired, gone from the default list', async () => {
      const res = await post(steward, 'dryRun=false&validFrom=2025-01-01', file);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        ok: true,
        applied: true,
        counts: { added: 1, renamed: 1, retired: 1, reparented: 1 },
      });

      const children = async (q: string) =>
        (await steward.request('GET', `/api/v1/geo/divisions?parent=${renamedStreet.code}${q}`)).json().items as Row[];
      const codes = (rows: Row[]) => rows.map((r) => r.code);
      expect(codes(await children(''))).toContain(added.code);
      expect(codes(await children(''))).not.toContain(retiredCommunity.code);
      expect(codes(await children('&includeRetired=true'))).toContain(retiredCommunity.code);
      const one = await steward.request('GET', `/api/v1/geo/divisions/${retiredCommunity.code}`);
      expect(one.statusCode).toBe(200);
      expect(await division(retiredCommunity.code)).toMatchObject({ validTo: '2025-01-01' });
      expect(await division(added.code)).toMatchObject({ validFrom: '2025-01-01', validTo: null });
      expect(await division(renamedStreet.code)).toMatchObject({ name: `${renamedStreet.name}（更名）` });
      expect(await division(reparented.code)).toMatchObject({ parentCode: reparented.parentCode });

      const audit = await sql<{
        summary: { renamed: { code: string; from: string; to: string }[]; retired: string[] };
      }>`
        select summary from audit_log where action = 'geo.divisions.import' order by id desc limit 1`.execute(
        t.opened.db,
      );
      expect(audit.rows[0].summary.renamed).toEqual([
        { code: renamedStreet.code, from: renamedStreet.name, to: `${renamedStreet.name}（更名）` },
      ]);
      expect(audit.rows[0].summary.retired).toEqual([retiredCommunity.code]);
      const events = await sql<{ payload: Record<string, unknown> }>`
        select payload from outbox where type = 'geo.divisions.imported' order by id desc limit 1`.execute(t.opened.db);
      expect(events.rows[0].payload).toMatchObject({
        validFrom: '2025-01-01',
        added: [added.code],
        retired: [retiredCommunity.code],
        renamed: [renamedStreet.code],
        reparented: [reparented.code],
      });

      // The same list again: nothing left to do.
      const again = (await post(steward, 'dryRun=true&validFrom=2025-01-01', file)).json();
      expect(again.counts).toMatchObject({ added: 0, renamed: 0, retired: 0, reparented: 0 });
      // A retired code listed again is refused, not silently brought back.
      const back = (await post(steward, 'dryRun=true', listCsv([...(await current()), retiredCommunity]))).json();
      expect(back.ok).toBe(false);
      expect(back.problems.map((p: { kind: string }) => p.kind)).toEqual(['retired_code']);
    });
  });

  it('reports every planted fault with its row and column, and applying a mixed file writes nothing', async () => {
    const list = await current();
    const street = list.find((r) => r.code.length === 9 && r.code.startsWith('320505'))!;
    const community = list.find((r) => r.parentCode === street.code)!;
    // A valid change among the faults: it must not be applied either.
    const listed = list.map((r) => (r.code === community.code ? { ...r, name: `${r.name}（改）` } : r));
    const base = listed.length + 1; // the last row of the list; the header is row 1
    const faults = [
      ['32050X', '坏代码', ''], // code_format
      ['320600001', '外市街道', ''], // outside_city
      ['320505999999', '无上级社区', ''], // parent_missing
      [`${street.code}998`, '级别不符', street.code.slice(0, 6)], // level_mismatch
      [community.code, '重复', ''], // duplicate_code
      [`${street.code}997`, '', ''], // name_empty
      [`${street.code}996`, '多一列', street.code, 'x'], // column_count
    ];
    const csv = toCsv([
      ['code', 'name', 'parent_code'],
      ...listed.map((r) => [r.code, r.name, r.parentCode ?? '']),
      ...faults,
    ]);
    const firstRowOf = listed.findIndex((r) => r.code === community.code) + 2;
    const expected = [
      { row: base + 1, column: 'code', cell: `A${base + 1}`, kind: 'code_format' },
      { row: base + 2, column: 'code', cell: `A${base + 2}`, kind: 'outside_city' },
      { row: base + 3, column: 'code', cell: `A${base + 3}`, kind: 'parent_missing' },
      { row: base + 4, column: 'parent_code', cell: `C${base + 4}`, kind: 'level_mismatch' },
      { row: base + 5, column: 'code', cell: `A${base + 5}`, kind: 'duplicate_code' },
      { row: base + 6, column: 'name', cell: `B${base + 6}`, kind: 'name_empty' },
      { row: base + 7, column: null, cell: null, kind: 'column_count' },
    ];

    const dry = await post(steward, 'dryRun=true', csv);
    expect(dry.statusCode).toBe(200);
    const report = dry.json();
    expect(report.ok).toBe(false);
    expect(
      report.problems.map(({ row, column, cell, kind }: Record<string, unknown>) => ({ row, column, cell, kind })),
    ).toEqual(expected);
    expect(report.errorCount).toBe(expected.length);
    for (const p of report.problems) expect(p.message).toMatch(new RegExp(`第 ${p.row} 行`));
    expect(report.problems[4].message).toContain(`第 ${firstRowOf} 行`);
    expect(report.diff.renamed).toEqual([
      { code: community.code, from: community.name, to: `${community.name}（改）` },
    ]);

    const before = await snapshot();
    const apply = await post(steward, 'dryRun=false', csv);
    expect(apply.statusCode).toBe(400);
    expect(errorCode(apply)).toBe('DIVISION_IMPORT_INVALID');
    expect(apply.json().error.details.report.problems).toHaveLength(expected.length);
    expect(await snapshot()).toBe(before);

    // English messages on request, and a missing header column is reported at the header row.
    const en = await steward.request('POST', `${URL}?dryRun=true`, 'id,title\n320505,虎丘区\n', {
      'content-type': 'text/csv',
      'accept-language': 'en',
    });
    expect(en.json().problems).toMatchObject([
      { row: 1, column: 'code', kind: 'header_missing', message: expect.stringContaining('Row 1') },
      { row: 1, column: 'name', kind: 'header_missing' },
    ]);
  });

  it('reads Chinese headers, a BOM, CRLF and blank rows; defaults validFrom to today in the city', async () => {
    const list = await current();
    const body = `\uFEFF${listCsv(list, ['区划代码', '名称', '上级代码']).replace(/\n/g, '\r\n')}\r\n,,\r\n`;
    const res = await post(steward, '', body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      dryRun: true,
      validFrom: cityToday(),
      rowCount: list.length,
      counts: { added: 0, renamed: 0, retired: 0, reparented: 0, unchanged: list.length },
    });
  });

  it('refuses a file that is not UTF-8 (GBK) with a clear 400', async () => {
    const gbk = Buffer.concat([Buffer.from('code,name\n320505001,'), Buffer.from([0xc4, 0xe3]), Buffer.from('\n')]);
    const res = await post(steward, 'dryRun=true', gbk);
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('DIVISION_IMPORT_NOT_UTF8');
    expect(res.json().error.message).toContain('UTF-8');
  });

  it('imports an XLSX file (codes stored as numbers) just like the CSV', async () => {
    const list = await current();
    const target = list.find((r) => r.code.length === 12 && r.code.startsWith('320506'))!;
    const build = async (rows: (string | number)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('区划');
      ws.addRow(['区划代码', '名称', '上级代码']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const rows = list.map((r) => [
      Number(r.code),
      r.code === target.code ? `${r.name}（新）` : r.name,
      r.parentCode ?? '',
    ]);
    const xlsx = await build(rows);

    const dry = await post(steward, 'dryRun=true', xlsx, XLSX);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ ok: true, format: 'xlsx', rowCount: list.length });
    expect(dry.json().diff.renamed).toEqual([{ code: target.code, from: target.name, to: `${target.name}（新）` }]);

    const applied = await post(steward, 'dryRun=false', xlsx, XLSX);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, counts: { renamed: 1, added: 0, retired: 0 } });
    expect(await division(target.code)).toMatchObject({ name: `${target.name}（新）` });

    // Row numbers are the sheet's: a bad code in the fourth data row is row 5, cell A5.
    const bad = rows.map((r) => [...r]);
    bad[3][0] = '12345';
    const faulty = (await post(steward, 'dryRun=true', await build(bad), XLSX)).json();
    expect(faulty.problems[0]).toMatchObject({ row: 5, column: 'code', cell: 'A5', kind: 'code_format' });
    // Not an xlsx at all.
    const junk = await post(steward, 'dryRun=true', Buffer.from('not a zip'), XLSX);
    expect(errorCode(junk)).toBe('DIVISION_IMPORT_UNREADABLE');
  });

  it('lets one of two concurrent imports apply and answers the other 409', async () => {
    const csv = listCsv(await current());
    const [a, b] = await Promise.all([post(steward, 'dryRun=false', csv), post(steward, 'dryRun=false', csv)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(errorCode(a.statusCode === 409 ? a : b)).toBe('DIVISION_IMPORT_IN_PROGRESS');
  });

  it('refuses a body over 20 MB with 413', async () => {
    const res = await post(steward, 'dryRun=true', Buffer.alloc(20 * 1024 * 1024 + 1, 0x41));
    expect(res.statusCode).toBe(413);
    expect(errorCode(res)).toBe('BODY_TOO_LARGE');
  });

  it('is for data stewards and administrators only', async () => {
    const csv = listCsv(await current());
    const admin = await login(t.app, 'sysadmin', DEMO_PASSWORD);
    expect((await post(admin, 'dryRun=true', csv)).statusCode).toBe(200);
    const handler = await login(t.app, 'handler', DEMO_PASSWORD);
    const denied = await post(handler, 'dryRun=true', csv);
    expect(denied.statusCode).toBe(403);
    expect(errorCode(denied)).toBe('FORBIDDEN');
  });
});
