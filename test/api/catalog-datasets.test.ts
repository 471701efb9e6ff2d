// The data centre (数据中心): loading a published 库表 resource's dataset from CSV (UTF-8 or GBK) or JSON,
// validated against the data elements, with per-row errors, both modes, versions read as of a load, rollback,
// one load at a time, quality history and who may load and read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import { element, publishedResource, stewardOf } from './catalog-fixtures.ts';

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid 18-digit 公民身份号码 with sequence `seq` (GB 11643 check digit). */
function idCard(seq: number): string {
  const body = `11010519800101${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}
/** The same number with a wrong check digit. */
function badCheckDigit(seq: number): string {
  const good = idCard(seq);
  return good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
}

const HEADER = '公民身份号码,姓名,性别';
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
const CSV = { 'content-type': 'text/csv' };

interface Load {
  version: number;
  status: string;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
  rowCount: number;
  encoding: string | null;
  errorCount: number;
  errors: { row: number; column: string | null; value: string | null; code: string; message: string }[];
  rejectedCsv: string | null;
  quality: { completeness: number; validity: number; keyUniqueness: number; timeliness: number; score: number };
}

describe.skipIf(!engineAvailable())('catalog datasets', () => {
  let t: TestApp;
  let admin: Session;
  let office: Session;
  let provider: Session;
  let other: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    office = await login(t.app, 'steward', DEMO_PASSWORD);
    provider = await stewardOf(t, admin, 'CGJ');
    other = await stewardOf(t, admin, 'SCJGJ');
  });
  afterAll(() => t?.close());

  /** A fresh published people table of CGJ: 公民身份号码 (key, sensitive), 姓名, 性别 (code list). */
  async function people(): Promise<string> {
    const r = await publishedResource(provider, office, {
      items: [
        {
          name: '公民身份号码',
          element: await element(provider, '公民身份号码'),
          isKey: true,
          personalInfo: 'sensitive',
        },
        { name: '姓名', element: await element(provider, '姓名'), personalInfo: 'personal' },
        { name: '性别', element: await element(provider, '性别代码'), personalInfo: 'personal' },
      ],
      shareType: 'conditional',
      shareConditions: '用于社会治理',
      openness: 'closed',
      grade: 'important',
      updateCycle: 'daily',
    });
    return r.code;
  }
  const loadsUrl = (code: string, q = '') => `/api/v1/catalog/resources/${code}/dataset/loads${q}`;
  const load = (s: Session, code: string, body: unknown, q = '', headers: Record<string, string> = CSV) =>
    s.request('POST', loadsUrl(code, q), body, headers);
  const rows = async (s: Session, code: string, q = '') => {
    const res = await s.request('GET', `/api/v1/catalog/resources/${code}/dataset/rows${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      asOf: number;
      items: { key: string[]; data: Record<string, string> }[];
      nextCursor: string | null;
    };
  };

  it('loads a good UTF-8 CSV (with BOM), upserts by key on the next load and reads as of each version', async () => {
    const code = await people();
    const first = await load(
      provider,
      code,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv(HEADER, `${idCard(1)},张三,1`, `${idCard(2)},李四,2`)]),
    );
    expect(first.statusCode, first.body).toBe(200);
    const v1 = first.json() as Load;
    expect(v1).toMatchObject({ version: 1, status: 'applied', inserted: 2, updated: 0, deleted: 0, encoding: 'utf-8' });
    expect(v1.quality).toMatchObject({ completeness: 1, validity: 1, keyUniqueness: 1, timeliness: 1, score: 100 });

    // Update one, add one; the absent row stays (no replace).
    const second = await load(provider, code, csv(HEADER, `${idCard(1)},张三丰,1`, `${idCard(3)},王五,1`));
    expect(second.json()).toMatchObject({ version: 2, inserted: 1, updated: 1, deleted: 0 });
    const now = await rows(office, code);
    expect(now.asOf).toBe(2);
    expect(now.items.map((r) => r.data.姓名).sort()).toEqual(['张三丰', '李四', '王五'].sort());
    const before = await rows(provider, code, '?asOf=1');
    expect(before.items.map((r) => r.data.姓名).sort()).toEqual(['张三', '李四'].sort());

    // replace=true deletes what the file lacks.
    const third = await load(provider, code, csv(HEADER, `${idCard(1)},张三丰,1`), '?replace=true');
    expect(third.json()).toMatchObject({ version: 3, inserted: 0, updated: 0, deleted: 2 });
    expect((await rows(provider, code)).items).toHaveLength(1);
    expect((await rows(provider, code, '?asOf=2')).items).toHaveLength(3);

    // Keyset paging.
    const page1 = await rows(provider, code, '?asOf=2&limit=2');
    expect(page1.items).toHaveLength(2);
    const page2 = await rows(provider, code, `?asOf=2&limit=2&cursor=${page1.nextCursor}`);
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
  });

  it('detects a GBK-encoded CSV', async () => {
    const code = await people();
    // 公民身份号码,姓名,性别 in GBK is not at hand byte by byte; the header is sent in UTF-8 … so build the whole
    // file from GBK pairs: 张 D5C5, 三 C8FD; header names likewise from known GBK bytes.
    const gbk: Record<string, number[]> = {
      公: [0xb9, 0xab],
      民: [0xc3, 0xf1],
      身: [0xc9, 0xed],
      份: [0xb7, 0xdd],
      号: [0xba, 0xc5],
      码: [0xc2, 0xeb],
      姓: [0xd0, 0xd5],
      名: [0xc3, 0xfb],
      性: [0xd0, 0xd4],
      别: [0xb1, 0xf0],
      张: [0xd5, 0xc5],
      三: [0xc8, 0xfd],
    };
    const encode = (s: string) => Buffer.from([...s].flatMap((ch) => gbk[ch] ?? [...Buffer.from(ch, 'latin1')]));
    const body = encode(`${HEADER}\r\n${idCard(7)},张三,1\r\n`);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
    const res = await load(provider, code, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ encoding: 'gb18030', inserted: 1 });
    expect((await rows(provider, code)).items[0].data).toEqual({ 公民身份号码: idCard(7), 姓名: '张三', 性别: '1' });
  });

  it('refuses a header that does not match the items, naming missing and unknown columns', async () => {
    const code = await people();
    const res = await load(provider, code, csv('公民身份号码,名字,性别', `${idCard(1)},张三,1`));
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('DATASET_HEADER_MISMATCH');
    expect(res.json().error.details).toMatchObject({ missingColumns: ['姓名'], unknownColumns: ['名字'] });
  });

  it('all_or_nothing: ragged rows, a wrong check digit and duplicate keys → 400 with the report, nothing written', async () => {
    const code = await people();
    const res = await load(
      provider,
      code,
      csv(
        HEADER,
        `${idCard(1)},张三,1`,
        `${idCard(2)},李四`,
        `${badCheckDigit(3)},王五,1`,
        `${idCard(1)},赵六,2`,
        `${idCard(4)},钱七,7`,
      ),
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe('DATASET_LOAD_INVALID');
    const report = res.json().error.details.report as Load;
    expect(report.status).toBe('failed');
    const byRow = Object.fromEntries(report.errors.map((e) => [e.row, e]));
    expect(byRow[3]).toMatchObject({ code: 'ragged_row', column: null });
    expect(byRow[4]).toMatchObject({ column: '公民身份号码', code: 'check_digit' });
    expect(byRow[4].value).not.toBe(badCheckDigit(3)); // masked: personal
    expect(byRow[4].value).toContain('*');
    expect(byRow[5]).toMatchObject({ code: 'duplicate_key', message: expect.stringContaining('第 2 行') });
    expect(byRow[6]).toMatchObject({ column: '性别', code: 'not_in_code_list', value: '*' });
    expect(report.errorCount).toBe(4);
    const nothing = await office.request('GET', `/api/v1/catalog/resources/${code}/dataset/rows?asOf=1`);
    expect(nothing.statusCode).toBe(200);
    expect(nothing.json().items).toEqual([]);
    const quality = (await office.request('GET', `/api/v1/catalog/resources/${code}/dataset/quality`)).json();
    expect(quality.history[0]).toMatchObject({ version: 1, status: 'failed', inserted: 0 });
    expect(quality.history[0].quality.validity).toBe(0.2);
    expect(quality.latestVersion).toBeNull();
  });

  it('accept_valid: applies valid rows and returns the rejected ones as CSV, formulas neutralised', async () => {
    const code = await people();
    const res = await load(
      provider,
      code,
      csv(
        HEADER,
        `${idCard(1)},张三,1`,
        `${badCheckDigit(2)},李四,2`,
        `${idCard(3)},=HYPERLINK(1),7`,
        `${idCard(1)},重复,1`,
        `${idCard(4)},王五,2`,
      ),
      '?mode=accept_valid',
    );
    expect(res.statusCode, res.body).toBe(200);
    const l = res.json() as Load;
    expect(l).toMatchObject({ status: 'applied', inserted: 2, rejected: 3, errorCount: 3 });
    const lines = l.rejectedCsv!.trim().split('\r\n');
    expect(lines[0]).toBe('行号,公民身份号码,姓名,性别,错误');
    expect(lines).toHaveLength(4);
    expect(lines[1].startsWith(`3,${badCheckDigit(2)},李四,2,`)).toBe(true);
    expect(lines[2]).toContain(",'=HYPERLINK(1),7,");
    expect(lines[3].startsWith('5,')).toBe(true);
    expect((await rows(provider, code)).items.map((r) => r.data.姓名).sort()).toEqual(['张三', '王五'].sort());
    expect(l.quality.validity).toBe(0.4);
    expect(l.quality.keyUniqueness).toBe(0.8);
  });

  it('loads a JSON array of objects', async () => {
    const code = await people();
    const res = await provider.request('POST', loadsUrl(code, '?format=json'), [
      { 公民身份号码: idCard(11), 姓名: '孙八', 性别: '2' },
      { 公民身份号码: idCard(12), 姓名: null, 性别: 1 },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 2, encoding: null });
    expect(res.json().quality.completeness).toBeCloseTo(5 / 6, 3);
  });

  it('rolls back only the latest applied load, restoring the rows it changed; audited', async () => {
    const code = await people();
    await load(provider, code, csv(HEADER, `${idCard(1)},张三,1`, `${idCard(2)},李四,2`));
    await load(provider, code, csv(HEADER, `${idCard(1)},张三改,1`), '?replace=true');
    const notLatest = await provider.request('POST', `${loadsUrl(code)}/1/rollback`);
    expect(notLatest.statusCode).toBe(409);
    expect(errorCode(notLatest)).toBe('DATASET_ROLLBACK_NOT_LATEST');
    const other404 = await provider.request('POST', `${loadsUrl(code)}/9/rollback`);
    expect(other404.statusCode).toBe(404);
    const res = await provider.request('POST', `${loadsUrl(code)}/2/rollback`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, status: 'rolled_back' });
    const now = await rows(provider, code);
    expect(now.items.map((r) => r.data.姓名).sort()).toEqual(['张三', '李四'].sort());
    // The rollback took version 3; the next load gets version 4.
    const again = await load(provider, code, csv(HEADER, `${idCard(5)},周九,1`));
    expect(again.json()).toMatchObject({ version: 4, inserted: 1 });
    const audit = await admin.request('GET', '/api/v1/audit?limit=50');
    const actions = (audit.json().items as { action: string; target?: { id?: string } | null }[]).map((e) => e.action);
    expect(actions).toContain('catalog.dataset.rollback');
    expect(actions).toContain('catalog.dataset.load');
  });

  it('answers one of two concurrent loads into one dataset 409', async () => {
    const code = await people();
    const body = csv(HEADER, ...Array.from({ length: 300 }, (_, i) => `${idCard(100 + i)},名${i},1`));
    const [a, b] = await Promise.all([load(provider, code, body), load(provider, code, body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(errorCode(a.statusCode === 409 ? a : b)).toBe('DATASET_LOAD_IN_PROGRESS');
  });

  it('lets only the provider’s stewards load, and the provider and the data office read', async () => {
    const code = await people();
    const denied = await load(other, code, csv(HEADER, `${idCard(1)},张三,1`));
    expect(denied.statusCode).toBe(403);
    expect((await load(office, code, csv(HEADER, `${idCard(1)},张三,1`))).statusCode).toBe(403);
    expect((await load(provider, code, csv(HEADER, `${idCard(1)},张三,1`))).statusCode).toBe(200);
    expect((await other.request('GET', `/api/v1/catalog/resources/${code}/dataset/rows`)).statusCode).toBe(403);
    expect((await other.request('GET', `/api/v1/catalog/resources/${code}/dataset/quality`)).statusCode).toBe(403);
    const handler = await login(t.app, 'handler', DEMO_PASSWORD);
    expect((await handler.request('GET', `/api/v1/catalog/resources/${code}/dataset/rows`)).statusCode).toBe(403);
    const q = await office.request('GET', `/api/v1/catalog/resources/${code}/dataset/quality`);
    expect(q.statusCode).toBe(200);
    expect(q.json()).toMatchObject({ latestVersion: 1, score: 100, updateCycle: 'daily', cycleDays: 1 });
  });
});
