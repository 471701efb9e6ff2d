// Loading datasets in bounded memory (issue 5, 数据中心): uploads streamed over a real HTTP connection, the size
// limit (ONECITY_DATASET_MAX_BYTES) refusing a 2 GB body as soon as it is crossed with nothing changed, a file
// past the old 50 MB route limit, XLSX workbooks made by exceljs, and the bad inputs of the issue each on its own:
// wrong encodings, ragged rows, a wrong check digit, duplicate keys across write batches, errors far into a file.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_ROWS, MAX_REPORTED_ERRORS } from '../../src/server/modules/catalog/dataset-load.ts';
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
/** A valid 18-digit 公民身份号码 for any n < 3,650,000: birth date 1960-01-01 + n / 1000 days, sequence n % 1000. */
function idCard(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10);
  const body = `320505${birth.replaceAll('-', '')}${String(n % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}
function badCheckDigit(n: number): string {
  const good = idCard(n);
  return good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
}

const HEADER = '公民身份号码,姓名,性别';
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
const CSV = { 'content-type': 'text/csv' };
const XLSX = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
const MiB = 1024 * 1024;

interface Report {
  version: number;
  status: string;
  inserted: number;
  updated: number;
  rejected: number;
  rowCount: number;
  encoding: string | null;
  errorCount: number;
  errors: { row: number; column: string | null; value: string | null; code: string; message: string }[];
  rejectedCsv: string | null;
}

/** POSTs a lazily generated body over a real connection; resolves with the answer (the body may be cut short). */
function postStream(
  port: number,
  path: string,
  headers: Record<string, string>,
  body: Readable,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => {
        body.destroy();
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: text });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    body.on('error', () => undefined);
    body.pipe(req);
  });
}

/** CSV lines of people, produced on demand: never more than one chunk in memory. */
function peopleCsv(rows: number, pad = ''): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i === 0) this.push(`${HEADER}${pad ? ',地址' : ''}\r\n`);
      const lines: string[] = [];
      for (let k = 0; k < 500 && i < rows; k++, i++)
        lines.push(`${idCard(i)},姓名${i},${(i % 2) + 1}${pad ? `,${pad}${i}` : ''}\r\n`);
      if (lines.length) this.push(lines.join(''));
      if (i >= rows) this.push(null);
    },
  });
}

describe.skipIf(!engineAvailable())('dataset loads', () => {
  let t: TestApp;
  let port: number;
  let admin: Session;
  let office: Session;
  let provider: Session;

  beforeAll(async () => {
    t = await createTestApp({ ONECITY_DATASET_MAX_BYTES: String(MiB) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    office = await login(t.app, 'steward', DEMO_PASSWORD);
    provider = await stewardOf(t, admin, 'CGJ');
  });
  afterAll(() => t?.close());

  async function people(extra: Record<string, unknown>[] = []): Promise<string> {
    const r = await publishedResource(provider, office, {
      items: [
        {
          name: '公民身份号码',
          element: await element(provider, '公民身份号码'),
          isKey: true,
          personalInfo: 'sensitive',
        },
        { name: '姓名', element: await element(provider, '姓名'), personalInfo: 'personal' },
        { name: '性别', element: await element(provider, '性别代码'), personalInfo: 'none' },
        ...extra,
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
  const load = (code: string, body: unknown, q = '', headers: Record<string, string> = CSV) =>
    provider.request('POST', loadsUrl(code, q), body, headers);
  const quality = async (code: string) =>
    (await office.request('GET', `/api/v1/catalog/resources/${code}/dataset/quality`)).json() as {
      latestVersion: number | null;
      history: { version: number; status: string }[];
    };
  const rows = async (code: string, q = '') => {
    const res = await provider.request('GET', `/api/v1/catalog/resources/${code}/dataset/rows${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { asOf: number; items: { key: string[]; data: Record<string, string> }[] };
  };
  const authHeaders = () => ({ cookie: provider.cookie, 'x-csrf-token': provider.csrf });

  it('refuses a 2 GB streamed upload with 413 as soon as it crosses the limit; memory stays bounded, nothing changes', async () => {
    const code = await people();
    expect((await load(code, csv(HEADER, `${idCard(1)},张三,1`))).statusCode).toBe(200);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    let sent = 0;
    const twoGb = 2 * 1024 * MiB;
    const body = peopleCsv(Number.MAX_SAFE_INTEGER);
    body.on('data', (c: Buffer) => {
      sent += c.length;
      if (sent > twoGb) body.destroy();
    });
    const res = await postStream(port, loadsUrl(code), { ...CSV, ...authHeaders() }, body);
    clearInterval(sampler);
    expect(res.status, res.body).toBe(413);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'DATASET_TOO_LARGE', details: { limit: MiB } });
    // The server stopped reading near the limit: the client could not push the 2 GB through.
    expect(sent).toBeLessThan(256 * MiB);
    const growth = (peak - before) / MiB;
    console.info(`2 GB upload refused after ${(sent / MiB).toFixed(1)} MiB sent; RSS growth ${growth.toFixed(0)} MiB`);
    expect(growth).toBeLessThan(200);
    const q = await quality(code);
    expect(q.latestVersion).toBe(1);
    expect(q.history.map((h) => h.version)).toEqual([1]);
    expect((await rows(code)).items).toHaveLength(1);
  });

  it('refuses a body whose Content-Length is over the limit before reading it', async () => {
    const code = await people();
    const res = await load(code, csv(HEADER, `${idCard(1)},张三,1`), '', {
      ...CSV,
      'content-length': String(2 * 1024 * MiB),
    });
    expect(res.statusCode).toBe(413);
    expect(errorCode(res)).toBe('DATASET_TOO_LARGE');
    expect((await quality(code)).history).toEqual([]);
  });

  it('streams a CSV over a real connection in several write batches', async () => {
    const code = await people();
    const n = BATCH_ROWS * 2 + 17;
    const res = await postStream(port, loadsUrl(code), { ...CSV, ...authHeaders() }, peopleCsv(n));
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'applied', inserted: n, rowCount: n, encoding: 'utf-8' });
    const page = await rows(code, '?limit=1000');
    expect(page.items).toHaveLength(1000);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, naming the encoding problem', async () => {
    const code = await people();
    const res = await load(code, Buffer.concat([Buffer.from(`${HEADER}\r\n`), Buffer.from([0xff, 0xfe, 0xff, 0x0d])]));
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe('DATASET_ENCODING_UNKNOWN');
    expect(res.json().error.message).toContain('UTF-8');
    expect(res.json().error.message).toContain('GB18030');
    expect((await quality(code)).history).toEqual([]);
  });

  it('refuses a UTF-8 file that turns invalid past the first 64 KiB, naming where', async () => {
    const code = await people();
    const lines = [HEADER];
    for (let i = 0; i < 3000; i++) lines.push(`${idCard(i)},姓名${i},1`);
    const good = csv(...lines);
    expect(good.length).toBeGreaterThan(64 * 1024);
    const res = await load(code, Buffer.concat([good, Buffer.from([0xc3, 0x28, 0x0d, 0x0a])]));
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe('DATASET_ENCODING_INVALID');
    expect(res.json().error.details).toMatchObject({ encoding: 'utf-8' });
    expect((await quality(code)).history).toEqual([]);
  });

  it('reports ragged rows with their row and the column counts', async () => {
    const code = await people();
    const res = await load(
      code,
      csv(HEADER, `${idCard(1)},张三,1`, `${idCard(2)},李四`, `${idCard(3)},王五,1,多余`, `${idCard(4)},赵六,2`),
      '?mode=accept_valid',
    );
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Report;
    expect(r).toMatchObject({ inserted: 2, rejected: 2, errorCount: 2 });
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: null,
        code: 'ragged_row',
        message: expect.stringContaining('实为 2 列'),
      }),
      expect.objectContaining({
        row: 4,
        column: null,
        code: 'ragged_row',
        message: expect.stringContaining('实为 4 列'),
      }),
    ]);
    expect(r.rejectedCsv!.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('reports an ID number with a wrong check digit at its row and column, masked', async () => {
    const code = await people();
    const res = await load(code, csv(HEADER, `${idCard(1)},张三,1`, `${badCheckDigit(2)},李四,2`));
    expect(res.statusCode).toBe(400);
    const report = res.json().error.details.report as Report;
    expect(report.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: '公民身份号码',
        code: 'check_digit',
        value: expect.stringMatching(/^\d{3}\*+.$/),
      }),
    ]);
    expect((await rows(code, '?asOf=1')).items).toEqual([]);
  });

  it('finds duplicate keys across write batches (the first row named) and keeps the first', async () => {
    const code = await people();
    const n = BATCH_ROWS + 500;
    const lines = [HEADER];
    for (let i = 0; i < n; i++) lines.push(`${idCard(i)},姓名${i},1`);
    lines.push(`${idCard(0)},重复,2`); // row n + 2 repeats row 2, a batch earlier
    lines.push(`${idCard(n + 1)},新人,2`);
    lines.push(`${idCard(n + 1)},又重复,2`);
    const res = await load(code, csv(...lines), '?mode=accept_valid');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Report;
    expect(r).toMatchObject({ inserted: n + 1, rejected: 2, errorCount: 2 });
    expect(r.errors.map((e) => [e.row, e.code, e.message])).toEqual([
      [n + 2, 'duplicate_key', '键与第 2 行重复'],
      [n + 4, 'duplicate_key', `键与第 ${n + 3} 行重复`],
    ]);
    const all = res.json().quality;
    expect(all.keyUniqueness).toBeCloseTo((n + 1) / (n + 3), 4);
    const first = await provider.request('GET', `/api/v1/catalog/resources/${code}/dataset/rows?limit=1`);
    expect(first.json().items[0].data.姓名).not.toBe('重复');
  });

  it('rejects a cell holding NUL (which PostgreSQL text cannot store) as a row error, key cell or not', async () => {
    const code = await people();
    const res = await load(
      code,
      csv(HEADER, `${idCard(1)},张\u0000三,1`, `${idCard(2)}\u0000,李四,2`, `${idCard(3)},王五,1`),
      '?mode=accept_valid',
    );
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Report;
    expect(r).toMatchObject({ inserted: 1, rejected: 2, errorCount: 2 });
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '姓名', 'nul_character'],
      [3, '公民身份号码', 'nul_character'],
    ]);
    expect((await rows(code)).items.map((i) => i.data.姓名)).toEqual(['王五']);
  });

  it('says the rejected-rows file is cut when more repeated keys were rejected than it lists', async () => {
    const code = await people();
    const lines = [HEADER];
    for (let i = 0; i < 20_003; i++) lines.push(`${idCard(1)},同一人${i},1`);
    const res = await load(code, csv(...lines), '?mode=accept_valid');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Report & { rejectedCsvTruncated: boolean };
    expect(r).toMatchObject({ inserted: 1, rejected: 20_002, errorCount: 20_002, rejectedCsvTruncated: true });
    expect(r.rejectedCsv!.split('\r\n').filter(Boolean).length).toBeLessThan(20_002 + 1);
  });

  it('all_or_nothing: an error several batches in leaves nothing of the load; errors listed up to the cap', async () => {
    const code = await people();
    const n = BATCH_ROWS * 2 + 100;
    const lines = [HEADER];
    for (let i = 0; i < n; i++) lines.push(`${idCard(i)},姓名${i},${i >= n - 50 ? '7' : '1'}`);
    const res = await load(code, csv(...lines));
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('DATASET_LOAD_INVALID');
    const report = res.json().error.details.report as Report;
    expect(report).toMatchObject({ status: 'failed', inserted: 0, errorCount: 50, rowCount: n });
    expect((await rows(code, '?asOf=1')).items).toEqual([]);

    // Far more errors than listed: the count stays complete.
    const many = [HEADER];
    for (let i = 0; i < MAX_REPORTED_ERRORS + 300; i++) many.push(`${idCard(i)},姓名${i},7`);
    const bad = await load(code, csv(...many), '?mode=accept_valid');
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ errorCount: MAX_REPORTED_ERRORS + 300, inserted: 0 });
    expect(bad.json().errors).toHaveLength(MAX_REPORTED_ERRORS);
  });

  async function workbook(header: string[], data: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人口');
    ws.addRow(header);
    for (const r of data) ws.addRow(r);
    wb.addWorksheet('说明').addRow(['第二个工作表不读']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const birthItem = async () => [
    { name: '出生日期', element: await element(provider, '出生日期'), personalInfo: 'personal' },
  ];

  it('loads an XLSX workbook (first sheet, Excel dates as dates)', async () => {
    const code = await people(await birthItem());
    const body = await workbook(
      ['公民身份号码', '姓名', '性别', '出生日期'],
      [
        [idCard(1), '张三', '1', new Date(Date.UTC(1960, 0, 1))],
        [idCard(2), '李四', 2, new Date(Date.UTC(1960, 0, 1))],
        [idCard(3), { richText: [{ text: '王' }, { text: '五' }] }, '1'],
      ],
    );
    const res = await load(code, body, '', XLSX);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 3, rowCount: 3, encoding: null });
    const byName = Object.fromEntries((await rows(code)).items.map((r) => [r.data.姓名, r.data]));
    expect(byName.张三).toEqual({ 公民身份号码: idCard(1), 姓名: '张三', 性别: '1', 出生日期: '1960-01-01' });
    expect(byName.李四.性别).toBe('2');
    expect(byName.王五.出生日期).toBe('');
  });

  it('refuses an XLSX whose header does not match, naming the columns', async () => {
    const code = await people(await birthItem());
    const body = await workbook(['身份证号', '姓名', '性别', '出生日期'], [[idCard(1), '张三', '1', new Date()]]);
    const res = await load(code, body, '?format=xlsx', { 'content-type': 'application/octet-stream' });
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe('DATASET_HEADER_MISMATCH');
    expect(res.json().error.details).toMatchObject({ missingColumns: ['公民身份号码'], unknownColumns: ['身份证号'] });
  });

  it('reports a bad ID number row of an XLSX at its sheet row', async () => {
    const code = await people(await birthItem());
    const body = await workbook(
      ['公民身份号码', '姓名', '性别', '出生日期'],
      [
        [idCard(1), '张三', '1', new Date(Date.UTC(1960, 0, 1))],
        [badCheckDigit(2), '李四', '2', new Date(Date.UTC(1960, 0, 1))],
        [idCard(3), '王五', '1', '1960-02-30'],
      ],
    );
    const res = await load(code, body, '?mode=accept_valid', XLSX);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Report;
    expect(r).toMatchObject({ inserted: 1, rejected: 2 });
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '公民身份号码', 'check_digit'],
      [4, '出生日期', 'not_date'],
    ]);
  });

  it('refuses bytes that are not a workbook as XLSX', async () => {
    const code = await people();
    const res = await load(code, csv(HEADER, `${idCard(1)},张三,1`), '', XLSX);
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe('DATASET_FILE_MALFORMED');
    expect((await quality(code)).history).toEqual([]);
  });
});

describe.skipIf(!engineAvailable())('dataset loads past 50 MB', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ONECITY_DATASET_MAX_BYTES: String(128 * MiB) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t?.close());

  it('loads a 55 MB CSV, larger than the old route limit, streamed', { timeout: 120_000 }, async () => {
    const admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    const office = await login(t.app, 'steward', DEMO_PASSWORD);
    const provider = await stewardOf(t, admin, 'CGJ');
    const r = await publishedResource(provider, office, {
      items: [
        {
          name: '公民身份号码',
          element: await element(provider, '公民身份号码'),
          isKey: true,
          personalInfo: 'sensitive',
        },
        { name: '姓名', element: await element(provider, '姓名'), personalInfo: 'personal' },
        { name: '性别', element: await element(provider, '性别代码'), personalInfo: 'none' },
        { name: '地址', element: await element(provider, '地址'), personalInfo: 'personal' },
      ],
      shareType: 'conditional',
      shareConditions: '用于社会治理',
      openness: 'closed',
      grade: 'important',
      updateCycle: 'daily',
    });
    const pad = '江苏省苏州市姑苏区平江街道'.repeat(60); // ~2.4 kB a row in UTF-8
    const rowBytes = Buffer.byteLength(`${idCard(0)},姓名0,1,${pad}0\r\n`);
    const n = Math.ceil((55 * MiB) / rowBytes);
    const port = (t.app.server.address() as AddressInfo).port;
    const t0 = performance.now();
    const res = await postStream(
      port,
      `/api/v1/catalog/resources/${r.code}/dataset/loads`,
      { ...CSV, cookie: provider.cookie, 'x-csrf-token': provider.csrf },
      peopleCsv(n, pad),
    );
    expect(res.status, res.body.slice(0, 500)).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'applied', inserted: n, rowCount: n });
    console.info(
      `${n} rows, ~${((n * rowBytes) / MiB).toFixed(0)} MiB loaded in ${(performance.now() - t0).toFixed(0)} ms`,
    );
  });
});
