// The data centre's storage (issue 5, 数据中心: a table per dataset, COPY on PostgreSQL, set-based upsert, the
// byte-level CSV reader): awkward cells read back exactly through the rows API and the exchange, in UTF-8 (CRLF
// and LF, whole and cut into tiny chunks) and GB18030; a multi-line cell deep in a large file; reload
// semantics with the change feed and rollback; repeated keys; a permuted header. Runs on PGlite and PostgreSQL.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_LIMIT } from '../../src/server/modules/catalog/dataset-key-filter.ts';
import { createTestApp, engineAvailable, type TestApp } from '../support/test-app.ts';
import { callWith, grantedKey, idCard, type Parties, parties, resourceWith } from './exchange-fixtures.ts';

const CSV = { 'content-type': 'text/csv' };
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const HEADER = '业务编号,地址,法人名称';
const FIELDS = ['业务编号', '地址', '法人名称'];

interface Report {
  version: number;
  status: string;
  rowCount: number;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
  encoding: string | null;
  errorCount: number;
  errors: { row: number; column: string | null; value: string | null; code: string; message: string }[];
  rejectedCsv: string | null;
  quality: { keyUniqueness: number };
}
type Data = Record<string, string>;

/** The file's lines joined by `eol`, ending with one. */
const lines = (eol: string, ...ls: string[]) => `${ls.join(eol)}${eol}`;

/** A body in chunks of `size` bytes (cutting characters, CRLFs and quotes anywhere), as a request stream. */
const chunked = (b: Buffer, size: number) => {
  const parts: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) parts.push(b.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
};

/** GB18030 bytes of a text, found by decoding every two- and four-byte sequence once (no encoder in Node). */
let gbMap: Map<string, number[]> | null = null;
function gb18030(text: string): Buffer {
  if (!gbMap) {
    const m = new Map<string, number[]>();
    const dec = new TextDecoder('gb18030', { fatal: true });
    const add = (bytes: number[]) => {
      try {
        const ch = dec.decode(Uint8Array.from(bytes));
        if ([...ch].length === 1 && !m.has(ch)) m.set(ch, bytes);
      } catch {
        // not a character
      }
    };
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) add([a, b]);
    for (let b = 0x30; b <= 0x39; b++)
      for (let c = 0x81; c <= 0xfe; c++) for (let d = 0x30; d <= 0x39; d++) add([0x81, b, c, d]);
    gbMap = m;
  }
  const map = gbMap;
  return Buffer.from(
    [...text].flatMap((ch) => {
      if (ch.charCodeAt(0) < 0x80) return [ch.charCodeAt(0)];
      const b = map.get(ch);
      if (!b) throw new Error(`no GB18030 bytes for U+${ch.codePointAt(0)?.toString(16)}`);
      return b;
    }),
  );
}

/**
 * The awkward file: each cell's raw CSV text and the value it must read back as. The quoted cell spanning two
 * lines holds the file's own line end. The last line is ragged.
 */
function awkward(eol: string) {
  const rows: [string, Data][] = [
    ['A01,a\\b\\\\c,反斜杠', { 地址: 'a\\b\\\\c', 法人名称: '反斜杠' }],
    ['A02,a\tb,制表符', { 地址: 'a\tb', 法人名称: '制表符' }],
    ['A03,"甲,乙",引号中的逗号', { 地址: '甲,乙', 法人名称: '引号中的逗号' }],
    ['A04,"他说""好""",双写引号', { 地址: '他说"好"', 法人名称: '双写引号' }],
    [`A05,"第一行${eol}第二行",跨行`, { 地址: `第一行${eol}第二行`, 法人名称: '跨行' }],
    ['A06,   前后空格  ,\t制表符两端\t', { 地址: '前后空格', 法人名称: '制表符两端' }],
    ['A07,\u3000全角空格\u3000,\u00a0不换行空格\u00a0', { 地址: '全角空格', 法人名称: '不换行空格' }],
    [
      'A08,江苏省苏州市姑苏区平江路１号,苏州某某科技有限公司',
      { 地址: '江苏省苏州市姑苏区平江路１号', 法人名称: '苏州某某科技有限公司' },
    ],
    ['A09,,空单元格', { 地址: '', 法人名称: '空单元格' }],
    ['  A10  ,\u3000 \u00a0,内\u3000部\u00a0保留', { 地址: '', 法人名称: '内\u3000部\u00a0保留' }],
    ['A11,"  引号内空格  ","\t"', { 地址: '引号内空格', 法人名称: '' }],
    ['A12,\\N,\\.', { 地址: '\\N', 法人名称: '\\.' }], // COPY's null and end-of-data markers
    ['A\\13,\\,\\\\', { 地址: '\\', 法人名称: '\\\\' }], // a backslash in the key
    ['NULL,null,"{a,""b""}"', { 地址: 'null', 法人名称: '{a,"b"}' }], // words and braces of SQL array literals
  ];
  const text = lines(eol, HEADER, ...rows.map((r) => r[0]), 'A99,只有两列');
  const expected = new Map(
    rows.map(([raw, d]) => {
      const key = raw.split(',')[0].trim();
      return [key, { 业务编号: key, ...d }];
    }),
  );
  // The header, the rows (A05 on two lines), then the ragged one.
  return { text, expected, raggedRow: rows.length + 3 };
}

describe.skipIf(!engineAvailable())('dataset storage', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await createTestApp();
    p = await parties(t);
  });
  afterAll(() => t?.close());

  const business = () =>
    resourceWith(p, 'unconditional', [
      { name: '业务编号', element: '业务编号', personalInfo: 'none' },
      { name: '地址', element: '地址', personalInfo: 'none' },
      { name: '法人名称', element: '法人名称', personalInfo: 'none' },
    ]);
  const loadsUrl = (code: string, q = '') => `/api/v1/catalog/resources/${code}/dataset/loads${q}`;
  const load = async (code: string, body: Buffer | Readable, q = '', status = 200) => {
    const res = await p.provider.request('POST', loadsUrl(code, q), body, CSV);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(status);
    return res.json() as Report;
  };
  /** Every row as of `asOf` (default latest), paged by the API, keyed by 业务编号 / the first key cell. */
  const allRows = async (code: string, asOf?: number) => {
    const out = new Map<string, Data>();
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ limit: '1000' });
      if (asOf !== undefined) q.set('asOf', String(asOf));
      if (cursor) q.set('cursor', cursor);
      const res = await p.provider.request('GET', `/api/v1/catalog/resources/${code}/dataset/rows?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: { key: string[]; data: Data }[]; nextCursor: string | null };
      for (const r of page.items) {
        expect(out.has(r.key[0]), `key ${r.key[0]} twice`).toBe(false);
        out.set(r.key[0], r.data);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };
  /** The current rows through the exchange (clear values), keyed by 业务编号. */
  const exchangeRows = async (code: string, key: string) => {
    const res = await callWith(t, key, `/api/v1/exchange/data/${code}?limit=1000`);
    expect(res.statusCode, res.body).toBe(200);
    return new Map((res.json().items as Data[]).map((d) => [d.业务编号, d]));
  };
  const changes = async (code: string, key: string, since: number) => {
    const res = await callWith(t, key, `/api/v1/exchange/data/${code}/changes?since=${since}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { changes: { op: string; key: string[]; data: Data | null }[]; truncated: boolean };
    expect(body.truncated).toBe(false);
    return body.changes.map((c) => [c.op, c.key[0], c.data] as const).sort((a, b) => (a[1] < b[1] ? -1 : 1));
  };

  const expectAwkward = async (code: string, body: Buffer | Readable, eol: string, encoding: string) => {
    const { expected, raggedRow } = awkward(eol);
    const r = await load(code, body, '?mode=accept_valid&replace=true');
    expect(r).toMatchObject({ status: 'applied', encoding, rowCount: expected.size + 1, rejected: 1, errorCount: 1 });
    // The line a person counts, whatever the line ends (a CRLF inside a quoted cell is one line).
    const row = raggedRow;
    expect(r.errors).toEqual([expect.objectContaining({ row, code: 'ragged_row', column: null })]);
    expect(Object.fromEntries(await allRows(code))).toEqual(Object.fromEntries(expected));
    return r;
  };

  it('reads awkward cells back exactly: UTF-8 with BOM and CRLF, whole and in 7-byte and 1-byte chunks', async () => {
    const code = await business();
    const { key } = await grantedKey(p, code, FIELDS, { clearValues: true });
    const { text, expected } = awkward('\r\n');
    const body = Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
    const v1 = await expectAwkward(code, body, '\r\n', 'utf-8');
    expect(v1.inserted).toBe(expected.size);
    expect(Object.fromEntries(await exchangeRows(code, key))).toEqual(Object.fromEntries(expected));
    // The same file again, cut anywhere: nothing changed.
    for (const size of [7, 1]) {
      const again = await expectAwkward(code, chunked(body, size), '\r\n', 'utf-8');
      expect(again).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    }
    expect(await changes(code, key, 1)).toEqual([]);
  });

  it('reads awkward cells back exactly: UTF-8 with LF line ends, whole and in 5-byte chunks', async () => {
    const code = await business();
    const { key } = await grantedKey(p, code, FIELDS, { clearValues: true });
    const body = Buffer.from(awkward('\n').text, 'utf8');
    const v1 = await expectAwkward(code, body, '\n', 'utf-8');
    expect(v1.inserted).toBe(awkward('\n').expected.size);
    expect(Object.fromEntries(await exchangeRows(code, key))).toEqual(Object.fromEntries(awkward('\n').expected));
    expect(await expectAwkward(code, chunked(body, 5), '\n', 'utf-8')).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('reads awkward cells back exactly from a GB18030 file (CRLF), whole and in 3-byte chunks', async () => {
    const code = await business();
    const { key } = await grantedKey(p, code, FIELDS, { clearValues: true });
    const body = gb18030(awkward('\r\n').text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
    await expectAwkward(code, body, '\r\n', 'gb18030');
    expect(Object.fromEntries(await exchangeRows(code, key))).toEqual(Object.fromEntries(awkward('\r\n').expected));
    expect(await expectAwkward(code, chunked(body, 3), '\r\n', 'gb18030')).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('loads every row of a large file with a multi-line cell past 64 KiB, naming later bad rows by their line', async () => {
    const code = await business();
    const before = 1500;
    const after = 6000;
    const ls = [HEADER];
    const expected = new Map<string, Data>();
    const row = (i: number, addr: string, raw = addr) => {
      const k = `B${String(i).padStart(6, '0')}`;
      ls.push(`${k},${raw},名称${i}`);
      expected.set(k, { 业务编号: k, 地址: addr, 法人名称: `名称${i}` });
    };
    for (let i = 0; i < before; i++) row(i, `江苏省苏州市姑苏区平江路${i}号`);
    expect(Buffer.byteLength(ls.join('\n'))).toBeGreaterThan(64 * 1024);
    row(before, '上一行\n下一行', '"上一行\n下一行"'); // lines before+2 and before+3
    ls.push(',没有键,空键'); // line before+4
    for (let i = before + 1; i <= before + after; i++)
      row(i, i % 97 === 0 ? `"引号${i}"` : `地址${i}`, i % 97 === 0 ? `"""引号${i}"""` : `地址${i}`);
    ls.push('B999999,只有两列'); // the last line
    const lastLine = ls.length + 1; // the multi-line cell's entry holds two lines
    const body = Buffer.from(lines('\n', ...ls), 'utf8');
    for (const source of [body, chunked(body, 16 * 1024 + 3)]) {
      const r = await load(code, source, '?mode=accept_valid&replace=true');
      expect(r).toMatchObject({ rowCount: before + after + 3, rejected: 2, errorCount: 2 });
      expect(r.errors.map((e) => [e.row, e.code])).toEqual([
        [before + 4, 'required'],
        [lastLine, 'ragged_row'],
      ]);
    }
    const got = await allRows(code);
    expect(got.size).toBe(expected.size);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
  });

  it('reload: unchanged, changed, new and absent rows (replace=false), change feed, rollback, reload', async () => {
    const code = await business();
    const { key } = await grantedKey(p, code, FIELDS, { clearValues: true });
    const v1Lines = ['K1,地址一,名一', 'K2,,名二', 'K3,地址三,名三', 'K4,地址四,', 'K5,地址五,名五', 'K6,地址六,名六'];
    const v1 = await load(code, Buffer.from(lines('\r\n', HEADER, ...v1Lines)));
    expect(v1).toMatchObject({ version: 1, inserted: 6, updated: 0, deleted: 0 });
    const asV1 = await allRows(code);
    // K1, K2 unchanged (K2 with spaces that trim away); K3, K4 changed (K4: empty → value); K7, K8 new; K5, K6 absent.
    const v2Body = Buffer.from(
      lines(
        '\n',
        HEADER,
        'K1,地址一,名一',
        'K2,  , 名二 ',
        'K3,地址三改,名三',
        'K4,地址四,名四',
        'K7,地址七,名七',
        'K8,"八,八",名八',
      ),
    );
    const v2 = await load(code, v2Body);
    expect(v2).toMatchObject({ version: 2, rowCount: 6, inserted: 2, updated: 2, deleted: 0, rejected: 0 });
    const asV2 = Object.fromEntries(await allRows(code));
    expect(Object.keys(asV2).sort()).toEqual(['K1', 'K2', 'K3', 'K4', 'K5', 'K6', 'K7', 'K8']);
    expect(asV2.K3).toEqual({ 业务编号: 'K3', 地址: '地址三改', 法人名称: '名三' });
    expect(asV2.K4.法人名称).toBe('名四');
    expect(asV2.K8.地址).toBe('八,八');
    expect(asV2.K5).toEqual(asV1.get('K5'));
    expect(await allRows(code, 1)).toEqual(asV1);
    expect(await changes(code, key, 1)).toEqual([
      ['upsert', 'K3', asV2.K3],
      ['upsert', 'K4', asV2.K4],
      ['upsert', 'K7', asV2.K7],
      ['upsert', 'K8', asV2.K8],
    ]);
    expect(await changes(code, key, 2)).toEqual([]);

    const back = await p.provider.request('POST', `${loadsUrl(code)}/2/rollback`);
    expect(back.statusCode, back.body).toBe(200);
    expect(await allRows(code)).toEqual(asV1);
    expect(await allRows(code, 1)).toEqual(asV1);
    expect(await allRows(code, 2)).toEqual(asV1);
    expect(await changes(code, key, 1)).toEqual([]);
    // The rollback took version 3. A consumer that synced version 2 cannot be brought back by changes: told to
    // copy again; one that synced after the rollback (version 3) carries on.
    expect(back.json()).toMatchObject({ version: 2, status: 'rolled_back', rolledBackAs: 3 });
    const stale = await callWith(t, key, `/api/v1/exchange/data/${code}/changes?since=2`);
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'EXCHANGE_CHANGES_RESYNC',
      details: { rolledBack: 2, version: 3 },
    });
    expect(await changes(code, key, 3)).toEqual([]);

    // A further load after the rollback takes version 4 and behaves as version 2 did.
    const v4 = await load(code, v2Body);
    expect(v4).toMatchObject({ version: 4, inserted: 2, updated: 2, deleted: 0 });
    expect(Object.fromEntries(await allRows(code))).toEqual(asV2);
    expect(await allRows(code, 2)).toEqual(asV1);
    expect(await allRows(code, 3)).toEqual(asV1);
    expect((await changes(code, key, 1)).map((c) => c[1])).toEqual(['K3', 'K4', 'K7', 'K8']);
    expect((await changes(code, key, 3)).map((c) => c[1])).toEqual(['K3', 'K4', 'K7', 'K8']);
  });

  it('pages through a change feed longer than its limit (upserts and deletes), each change once', async () => {
    const code = await business();
    const { key } = await grantedKey(p, code, FIELDS, { clearValues: true });
    const v1 = Array.from({ length: 9 }, (_, i) => `K${i},地址${i},名${i}`);
    await load(code, Buffer.from(lines('\n', HEADER, ...v1)));
    // v2: K0–K3 changed, K4–K6 kept, K7–K8 gone (replace), KA–KB new: 8 changes.
    const v2 = [
      ...[0, 1, 2, 3].map((i) => `K${i},新地址${i},名${i}`),
      ...v1.slice(4, 7),
      'KA,地址A,名A',
      'KB,地址B,名B',
    ];
    expect(await load(code, Buffer.from(lines('\n', HEADER, ...v2)), '?replace=true')).toMatchObject({
      inserted: 2,
      updated: 4,
      deleted: 2,
    });
    const seen: [string, string][] = [];
    let since = '1';
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(8);
      const res = await callWith(t, key, `/api/v1/exchange/data/${code}/changes?since=${since}&limit=3`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { changes: { op: string; key: string[] }[]; truncated: boolean; nextCursor: string };
      seen.push(...body.changes.map((c) => [c.op, c.key[0]] as [string, string]));
      since = body.nextCursor;
      if (!body.truncated) break;
    }
    expect(since).toBe('2');
    expect(seen).toEqual([
      ['upsert', 'K0'],
      ['upsert', 'K1'],
      ['upsert', 'K2'],
      ['upsert', 'K3'],
      ['delete', 'K7'],
      ['delete', 'K8'],
      ['upsert', 'KA'],
      ['upsert', 'KB'],
    ]);
    const bad = await callWith(t, key, `/api/v1/exchange/data/${code}/changes?since=1.${'%'}`);
    expect(bad.statusCode).toBe(400);
    // Forged cursors: a NUL key, a key that is not base64url of itself, an end before the start → 400, not 500.
    const nul = Buffer.from('\0').toString('base64url');
    for (const forged of [`1.2.${nul}`, '1.2.A', '2.1.WyJLMSJd', '1.WyJLMSJd'])
      expect((await callWith(t, key, `/api/v1/exchange/data/${code}/changes?since=${forged}`)).statusCode, forged).toBe(
        400,
      );
    const nulFilter = await callWith(t, key, `/api/v1/exchange/data/${code}?${encodeURIComponent('地址')}=a%00b`);
    expect(nulFilter.statusCode, nulFilter.body).toBe(400);

    // A load that commits between two pages: the pages still describe 1 → 2; its changes come with since=2.
    const first = await callWith(t, key, `/api/v1/exchange/data/${code}/changes?since=1&limit=3`);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toMatch(/^1\.2\./);
    await load(code, Buffer.from(lines('\n', HEADER, 'K0,再改0,名0', 'K5,地址5改,名5')));
    const pages = [first.json()];
    for (let c = cursor, i = 0; i < 5; i++) {
      const page = (await callWith(t, key, `/api/v1/exchange/data/${code}/changes?since=${c}&limit=3`)).json();
      pages.push(page);
      if (!page.truncated) break;
      c = page.nextCursor;
    }
    const again = pages.flatMap((pg: { changes: { op: string; key: string[]; data: Data | null }[] }) =>
      pg.changes.map((ch) => [ch.op, ch.key[0], ch.data?.地址 ?? null]),
    );
    expect(again).toEqual([
      ['upsert', 'K0', '新地址0'],
      ['upsert', 'K1', '新地址1'],
      ['upsert', 'K2', '新地址2'],
      ['upsert', 'K3', '新地址3'],
      ['delete', 'K7', null],
      ['delete', 'K8', null],
      ['upsert', 'KA', '地址A'],
      ['upsert', 'KB', '地址B'],
    ]);
    expect(pages[pages.length - 1].nextCursor).toBe('2');
    expect((await changes(code, key, 2)).map((c) => [c[0], c[1], c[2]?.地址])).toEqual([
      ['upsert', 'K0', '再改0'],
      ['upsert', 'K5', '地址5改'],
    ]);

    // A rollback between two pages of the same read: the reader is told to copy again.
    const mid = await callWith(t, key, `/api/v1/exchange/data/${code}/changes?since=1&limit=3`);
    expect(mid.json().nextCursor).toMatch(/^1\.3\./);
    expect((await p.provider.request('POST', `${loadsUrl(code)}/3/rollback`)).statusCode).toBe(200);
    const after = await callWith(
      t,
      key,
      `/api/v1/exchange/data/${code}/changes?since=${mid.json().nextCursor}&limit=3`,
    );
    expect(after.statusCode, after.body).toBe(409);
    expect(after.json().error.code).toBe('EXCHANGE_CHANGES_RESYNC');
  });

  it('loads a file with CR line ends (old Mac) longer than a MiB, naming rows by their line', async () => {
    const code = await business();
    const n = 60_000; // ~1.3 MB without a single LF
    const rows = Array.from({ length: n }, (_, i) => (i === n - 2 ? `K${i},只有两列` : `K${i},地址${i},名${i}`));
    const body = Buffer.from([HEADER, ...rows].join('\r'), 'utf8');
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const r = await load(code, chunked(body, 64 * 1024), '?mode=accept_valid');
    expect(r).toMatchObject({ inserted: n - 1, rejected: 1, errorCount: 1, rowCount: n });
    expect(r.errors).toEqual([expect.objectContaining({ row: n, code: 'ragged_row' })]);
  });

  it('rejects a key too long for the key index as a row error, at exactly the same length on both paths', async () => {
    const code = await business();
    // JSON text ["…"] of 2,000 bytes is the longest key: 1,996 ASCII characters.
    const r = await load(
      code,
      Buffer.from(
        lines(
          '\n',
          HEADER,
          'K1,地址,名',
          `${'x'.repeat(1996)},最长的键,名`,
          `${'y'.repeat(1997)},长一个字节,名`,
          `${'长'.repeat(700)},中文长键,名`,
        ),
      ),
      '?mode=accept_valid',
    );
    expect(r).toMatchObject({ inserted: 2, rejected: 2, errorCount: 2 });
    expect(r.errors.map((e) => [e.row, e.code])).toEqual([
      [4, 'key_too_long'],
      [5, 'key_too_long'],
    ]);
    expect([...(await allRows(code)).keys()].map((k) => k.length).sort((x, y) => x - y)).toEqual([2, 1996]);
  });

  it('reload with replace=true: absent rows deleted, change feed has the deletes, rollback restores v1 exactly', async () => {
    const code = await business();
    const { key } = await grantedKey(p, code, FIELDS, { clearValues: true });
    const v1Body = Buffer.from(
      lines('\r\n', HEADER, 'K1,地址一,名一', 'K2,地址二,名二', 'K3,地址三,名三', 'K4,地址四,名四'),
    );
    expect(await load(code, v1Body)).toMatchObject({ version: 1, inserted: 4 });
    const asV1 = await allRows(code);
    const v2Body = Buffer.from(lines('\r\n', HEADER, 'K1,地址一,名一', 'K2,地址二改,名二', 'K5,地址五,名五'));
    const v2 = await load(code, v2Body, '?replace=true');
    expect(v2).toMatchObject({ version: 2, inserted: 1, updated: 1, deleted: 2 });
    const asV2 = Object.fromEntries(await allRows(code));
    expect(Object.keys(asV2).sort()).toEqual(['K1', 'K2', 'K5']);
    expect(Object.fromEntries(await exchangeRows(code, key))).toEqual(asV2);
    expect(await allRows(code, 1)).toEqual(asV1);
    expect(await changes(code, key, 1)).toEqual([
      ['upsert', 'K2', asV2.K2],
      ['delete', 'K3', null],
      ['delete', 'K4', null],
      ['upsert', 'K5', asV2.K5],
    ]);
    // The same file again: nothing to do.
    expect(await load(code, v2Body, '?replace=true')).toMatchObject({
      version: 3,
      inserted: 0,
      updated: 0,
      deleted: 0,
    });
    expect((await p.provider.request('POST', `${loadsUrl(code)}/3/rollback`)).statusCode).toBe(200);
    expect((await p.provider.request('POST', `${loadsUrl(code)}/2/rollback`)).statusCode).toBe(200);
    expect(await allRows(code)).toEqual(asV1);
    expect(await exchangeRows(code, key)).toEqual(asV1);
    expect(await changes(code, key, 1)).toEqual([]);
    // And loads again on top of v1 (the two rollbacks took versions 4 and 5).
    expect(await load(code, v2Body, '?replace=true')).toMatchObject({
      version: 6,
      inserted: 1,
      updated: 1,
      deleted: 2,
    });
    expect(Object.fromEntries(await allRows(code))).toEqual(asV2);
  });

  it('a repeated key whose first row was invalid: the later valid row is the duplicate of the first', async () => {
    const code = await resourceWith(p, 'unconditional', [
      { name: '业务编号', element: '业务编号', personalInfo: 'none' },
      { name: '公民身份号码', element: '公民身份号码', personalInfo: 'none' },
    ]);
    const bad = `${idCard(2).slice(0, 17)}${idCard(2)[17] === '0' ? '1' : '0'}`;
    const lsOf = [
      '业务编号,公民身份号码',
      'R1,' + idCard(1),
      `R2,${bad}`,
      'R3,' + idCard(3),
      'R2,' + idCard(2),
      'R4,' + idCard(4),
    ];
    const r = await load(code, Buffer.from(lines('\r\n', ...lsOf)), '?mode=accept_valid');
    expect(r).toMatchObject({ status: 'applied', rowCount: 5, inserted: 3, rejected: 2, errorCount: 2 });
    expect(r.errors.map((e) => [e.row, e.code, e.column, e.message])).toEqual([
      [3, 'check_digit', '公民身份号码', expect.any(String)],
      [5, 'duplicate_key', '业务编号', '键与第 3 行重复'],
    ]);
    const rejected = r.rejectedCsv!.trim().split('\r\n');
    expect(rejected.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      `3,R2,${bad}`,
      `5,R2,${idCard(2)}`,
    ]);
    expect([...(await allRows(code)).keys()].sort()).toEqual(['R1', 'R3', 'R4']);
  });

  it('lists the rejected rows in file order, repeated keys (found after the file) among the others', async () => {
    const code = await business();
    const r = await load(
      code,
      Buffer.from(lines('\n', HEADER, 'K1,地址一,名一', 'K1,地址一又,名一', 'K2,只有两列', 'K3,地址三,名三')),
      '?mode=accept_valid',
    );
    expect(r).toMatchObject({ inserted: 2, rejected: 2 });
    expect(
      r
        .rejectedCsv!.trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['3', '4']);
  });

  it('3,000 rows with one key among unique ones: counts complete, the first row kept', async () => {
    const code = await business();
    const ls = [HEADER];
    for (let i = 0; i < 3000; i++) {
      ls.push(`DUP,地址${i},名称${i}`);
      if (i % 3 === 0) ls.push(`U${i},地址${i},名称${i}`);
    }
    const r = await load(code, Buffer.from(lines('\r\n', ...ls)), '?mode=accept_valid');
    expect(r).toMatchObject({ status: 'applied', rowCount: 4000, inserted: 1001, rejected: 2999, errorCount: 2999 });
    expect(r.errors).toHaveLength(1000);
    expect(r.errors.every((e) => e.code === 'duplicate_key' && e.message === '键与第 2 行重复')).toBe(true);
    expect(r.errors[0].row).toBe(4); // row 2 DUP, row 3 U0, row 4 DUP
    expect(r.quality.keyUniqueness).toBeCloseTo(1001 / 4000, 4);
    expect(r.rejectedCsv!.trim().split('\r\n')).toHaveLength(3000);
    const rows = await allRows(code);
    expect(rows.size).toBe(1001);
    expect(rows.get('DUP')).toEqual({ 业务编号: 'DUP', 地址: '地址0', 法人名称: '名称0' });
  });

  it('loads a file whose columns are in another order than the resource’s', async () => {
    const code = await business();
    const { key } = await grantedKey(p, code, FIELDS, { clearValues: true });
    const body = Buffer.from(
      lines(
        '\r\n',
        '法人名称, 地址 ,业务编号',
        '名一,地址一,P1',
        ' 名二 ,a\\b\tc,P2',
        '"名,三",,P3',
        '名四,地址四, P4 ',
      ),
    );
    expect(await load(code, body)).toMatchObject({ inserted: 4, rejected: 0 });
    const want = {
      P1: { 业务编号: 'P1', 地址: '地址一', 法人名称: '名一' },
      P2: { 业务编号: 'P2', 地址: 'a\\b\tc', 法人名称: '名二' },
      P3: { 业务编号: 'P3', 地址: '', 法人名称: '名,三' },
      P4: { 业务编号: 'P4', 地址: '地址四', 法人名称: '名四' },
    };
    expect(Object.fromEntries(await allRows(code))).toEqual(want);
    expect(Object.fromEntries(await exchangeRows(code, key))).toEqual(want);
    // In the resource's order the same rows are unchanged.
    const same = Buffer.from(lines('\n', HEADER, 'P1,地址一,名一', 'P2,a\\b\tc,名二', 'P3,,"名,三"', 'P4,地址四,名四'));
    expect(await load(code, same)).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('reads back cells larger than a COPY buffer (1 MiB), in the middle of a file', async () => {
    const code = await business();
    const wide = '甲'.repeat(500_000); // 1.5 MB in UTF-8
    const escaped = 'a\\b\tc'.repeat(300_000);
    const body = Buffer.from(
      lines('\n', HEADER, 'W0,小,小', `W1,${wide},x`, `W2,y,${escaped}`, `W3,${wide}\u3000,z`, 'W4,小,小'),
    );
    expect(await load(code, body)).toMatchObject({ inserted: 5, rejected: 0 });
    const got = await allRows(code);
    expect(got.get('W1')).toEqual({ 业务编号: 'W1', 地址: wide, 法人名称: 'x' });
    expect(got.get('W2')).toEqual({ 业务编号: 'W2', 地址: 'y', 法人名称: escaped });
    expect(got.get('W3')).toEqual({ 业务编号: 'W3', 地址: wide, 法人名称: 'z' });
    expect(got.get('W4')).toEqual({ 业务编号: 'W4', 地址: '小', 法人名称: '小' });
  });

  it('reads awkward cells of an XLSX workbook back exactly', async () => {
    const code = await business();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(FIELDS);
    ws.addRow(['X1', 'a\\b\\N', '第一行\n第二行']);
    ws.addRow(['X2', '\\.', '制表\t符']);
    ws.addRow(['X3', ' \u3000空格\u00a0 ', '"引号",逗号']);
    ws.addRow(['X4', '', '\r\n回车换行\r']);
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await p.provider.request('POST', loadsUrl(code), body, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(Object.fromEntries(await allRows(code))).toEqual({
      X1: { 业务编号: 'X1', 地址: 'a\\b\\N', 法人名称: '第一行\n第二行' },
      X2: { 业务编号: 'X2', 地址: '\\.', 法人名称: '制表\t符' },
      X3: { 业务编号: 'X3', 地址: '空格', 法人名称: '"引号",逗号' },
      X4: { 业务编号: 'X4', 地址: '', 法人名称: '回车换行' },
    });
  });

  it('replace=true keeps the current row of a key whose new row was rejected; only absent keys go', async () => {
    const code = await resourceWith(p, 'unconditional', [
      { name: '业务编号', element: '业务编号', personalInfo: 'none' },
      { name: '公民身份号码', element: '公民身份号码', personalInfo: 'none' },
    ]);
    const head = '业务编号,公民身份号码';
    expect(
      await load(code, Buffer.from(lines('\n', head, `K1,${idCard(1)}`, `K2,${idCard(2)}`, `K3,${idCard(3)}`))),
    ).toMatchObject({ inserted: 3 });
    const bad = `${idCard(5).slice(0, 17)}${idCard(5)[17] === '0' ? '1' : '0'}`;
    const r = await load(
      code,
      Buffer.from(lines('\n', head, `K1,${idCard(1)}`, `K2,${bad}`)),
      '?mode=accept_valid&replace=true',
    );
    expect(r).toMatchObject({ version: 2, inserted: 0, updated: 0, deleted: 1, rejected: 1 });
    expect(Object.fromEntries(await allRows(code))).toEqual({
      K1: { 业务编号: 'K1', 公民身份号码: idCard(1) },
      K2: { 业务编号: 'K2', 公民身份号码: idCard(2) },
    });
  });

  it('a two-column key in a permuted header: repeats found whether a row is read as bytes or as text', async () => {
    const code = await resourceWith(p, 'unconditional', [
      { name: '业务编号', element: '业务编号', personalInfo: 'none', isKey: true },
      { name: '地址', element: '地址', personalInfo: 'none', isKey: true },
      { name: '法人名称', element: '法人名称', personalInfo: 'none' },
    ]);
    // Rows 3–5 repeat row 2's key quoted, with a trailing U+3000 and with ASCII spaces; a backslash makes new keys.
    const body = [
      '地址,法人名称,业务编号',
      '乙,x,甲',
      '"乙",y,甲',
      '乙\u3000,z,甲',
      ' 乙 ,w, 甲',
      '乙,v,甲\\',
      '乙\\,u,甲',
      '乙\\,t,甲',
    ];
    const r = await load(code, Buffer.from(lines('\r\n', ...body)), '?mode=accept_valid');
    expect(r).toMatchObject({ inserted: 3, rejected: 4 });
    expect(r.errors.map((e) => [e.row, e.code, e.column, e.value, e.message])).toEqual([
      [3, 'duplicate_key', '业务编号+地址', '甲+乙', '键与第 2 行重复'],
      [4, 'duplicate_key', '业务编号+地址', '甲+乙', '键与第 2 行重复'],
      [5, 'duplicate_key', '业务编号+地址', '甲+乙', '键与第 2 行重复'],
      [8, 'duplicate_key', '业务编号+地址', '甲+乙\\', '键与第 7 行重复'],
    ]);
    const res = await p.provider.request('GET', `/api/v1/catalog/resources/${code}/dataset/rows`);
    expect(res.json().items).toEqual([
      { key: ['甲', '乙'], data: { 业务编号: '甲', 地址: '乙', 法人名称: 'x' } },
      { key: ['甲', '乙\\'], data: { 业务编号: '甲', 地址: '乙\\', 法人名称: 'u' } },
      { key: ['甲\\', '乙'], data: { 业务编号: '甲\\', 地址: '乙', 法人名称: 'v' } },
    ]);
  });

  it('more repeated rows than the key filter lists: every key checked in the database, counts complete', async () => {
    const code = await business();
    const ls = [HEADER];
    const n = CANDIDATE_LIMIT + 2000;
    for (let i = 0; i < n; i++) {
      ls.push(`D${i % 3},地址${i},名称${i}`);
      if (i % 10 === 0) ls.push(`U${i},地址${i},名称${i}`);
    }
    const r = await load(code, Buffer.from(lines('\n', ...ls)), '?mode=accept_valid');
    const unique = n / 10;
    expect(r).toMatchObject({ rowCount: n + unique, inserted: unique + 3, rejected: n - 3, errorCount: n - 3 });
    expect(r.errors.slice(0, 3).map((e) => [e.row, e.message])).toEqual([
      [6, '键与第 2 行重复'],
      [7, '键与第 4 行重复'],
      [8, '键与第 5 行重复'],
    ]);
    const rows = await allRows(code);
    expect(rows.size).toBe(unique + 3);
    expect([rows.get('D0'), rows.get('D1'), rows.get('D2')].map((d) => d?.地址)).toEqual(['地址0', '地址1', '地址2']);
  });
});

describe.skipIf(!engineAvailable())('dataset storage: loads cut off mid-write', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await createTestApp({ ONECITY_DATASET_MAX_BYTES: String(300 * 1024) });
    p = await parties(t);
  });
  afterAll(() => t?.close());

  it('leaves no rows and a healthy connection pool after many loads refused while rows were being written', async () => {
    const code = await resourceWith(p, 'unconditional', [
      { name: '业务编号', element: '业务编号', personalInfo: 'none' },
      { name: '地址', element: '地址', personalInfo: 'none' },
    ]);
    const file = (n: number) =>
      Buffer.from(lines('\n', '业务编号,地址', ...Array.from({ length: n }, (_, i) => `K${i},地址${i}`)));
    const good = file(5000);
    const badLater = Buffer.concat([good, Buffer.from([0xc3, 0x28, 0x0a])]); // invalid UTF-8 past 64 KiB
    const tooLarge = file(30_000); // past the 300 KiB limit
    const post = (body: Buffer, q = '') =>
      p.provider.request('POST', `/api/v1/catalog/resources/${code}/dataset/loads${q}`, chunked(body, 8192), CSV);
    // More refusals than the pool has connections (10), each after COPY / INSERTs had begun.
    for (let i = 0; i < 12; i++) {
      const a = await post(badLater);
      expect([a.statusCode, a.json().error.code]).toEqual([400, 'DATASET_ENCODING_INVALID']);
      const b = await post(tooLarge);
      expect([b.statusCode, b.json().error.code]).toEqual([413, 'DATASET_TOO_LARGE']);
    }
    const quality = async () =>
      (await p.office.request('GET', `/api/v1/catalog/resources/${code}/dataset/quality`)).json() as {
        history: { version: number; status: string; inserted: number }[];
      };
    expect((await quality()).history).toEqual([]);
    for (let i = 0; i < 12; i++) {
      const r = await post(good, '?replace=true');
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ version: i + 1, inserted: i === 0 ? 5000 : 0, updated: 0, deleted: 0 });
      const rows = await p.provider.request('GET', `/api/v1/catalog/resources/${code}/dataset/rows?limit=3`);
      expect(rows.json().items.map((x: { key: string[] }) => x.key[0])).toEqual(['K0', 'K1', 'K10']);
    }
    expect((await quality()).history).toHaveLength(12);
  });
});
