// Bulk export with a credential: the whole granted dataset across several keyset batches, as CSV (BOM, formula
// cells neutralised) or NDJSON, masked, logged with its row count; and the bad input around it — fields outside
// the grant, a revoked credential on the very next call, an unknown format.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAccessLog } from '../../src/server/modules/exchange/access-log.ts';
import { EXPORT_BATCH } from '../../src/server/modules/exchange/export.ts';
import { createTestApp, engineAvailable, errorCode, type TestApp } from '../support/test-app.ts';
import {
  callWith,
  csv,
  grantedKey,
  idCard,
  loadRows,
  type Parties,
  PEOPLE,
  parties,
  resourceWith,
} from './exchange-fixtures.ts';

const ROWS = EXPORT_BATCH + 234;
/** Names a spreadsheet would run as formulas, at the first sequence numbers. */
const FORMULAS = ['=1+2', '+86 1234', '-2+3', '@SUM(A1)'];
const nameOf = (i: number) => FORMULAS[i] ?? `测试${i}`;

describe.skipIf(!engineAvailable())('exchange bulk export', () => {
  let t: TestApp;
  let p: Parties;
  let code: string;

  beforeAll(async () => {
    t = await createTestApp();
    p = await parties(t);
    code = await resourceWith(p, 'unconditional', PEOPLE);
    // Sequences 0–999 share one birth date; the rest get another one.
    const lines = Array.from({ length: ROWS }, (_, i) => {
      const id = i < 1000 ? idCard(i) : `${idCard(i - 1000).slice(0, 6)}19810101${idCard(i - 1000).slice(14, 17)}`;
      return `${withCheck(id)},${nameOf(i)},${i % 2 === 0 ? 1 : 2}`;
    });
    await loadRows(p, code, csv('公民身份号码,姓名,性别', ...lines));
  });
  afterAll(() => t?.close());

  const logOf = async (grantId: number) =>
    (
      await sql<{ endpoint: string; status: number; row_count: number; response_hash: string | null }>`
        select endpoint, status, row_count, response_hash from exchange_access_log
         where grant_id = ${grantId} order by id`.execute(t.opened.db)
    ).rows;

  it('streams the whole dataset as CSV with a BOM, formula cells neutralised, and logs the row count', async () => {
    const { grantId, key } = await grantedKey(p, code, ['公民身份号码', '姓名', '性别'], { clearValues: true });
    const res = await callWith(t, key, `/api/v1/exchange/data/${code}/export`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`${code}.csv`);
    expect(res.headers['x-dataset-version']).toBe('1');
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('公民身份号码,姓名,性别');
    expect(lines).toHaveLength(ROWS + 1);
    const names = new Set(lines.slice(1).map((l) => l.split(',')[1]));
    for (const f of FORMULAS) {
      expect(names.has(`'${f}`), f).toBe(true);
      expect(names.has(f)).toBe(false);
    }
    expect(lines.slice(1).every((l) => !/^[=+\-@]/.test(l) && !/,[=+\-@]/.test(l))).toBe(true);

    const log = await logOf(grantId);
    expect(log).toEqual([{ endpoint: 'export', status: 200, row_count: ROWS, response_hash: expect.any(String) }]);
    expect(log[0].response_hash).toMatch(/^[0-9a-f]{64}$/);
    await sealAccessLog(t.opened.db);
  });

  it('streams NDJSON with the grant’s fields, row filter and masking', async () => {
    const { grantId, key } = await grantedKey(p, code, ['公民身份号码', '姓名', '性别'], {
      rowFilter: { 性别: '2' },
    });
    const res = await callWith(t, key, `/api/v1/exchange/data/${code}/export?format=ndjson&fields=姓名,性别`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const rows = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows).toHaveLength(Math.floor(ROWS / 2));
    expect(rows.every((r) => r.性别 === '2' && Object.keys(r).join() === '姓名,性别')).toBe(true);
    // Masked by the name rule (first character kept), and still neutralised only in CSV, not in JSON.
    expect(rows.find((r) => r.姓名.startsWith('+'))?.姓名).toBe('+*******');
    expect(rows.some((r) => r.姓名 === '测**')).toBe(true);
    expect((await logOf(grantId)).map((l) => [l.endpoint, l.row_count])).toEqual([['export', rows.length]]);
  });

  it('refuses fields outside the grant (403 naming them) and an unknown format, and logs the refusals', async () => {
    const { grantId, key } = await grantedKey(p, code, ['姓名']);
    const outside = await callWith(t, key, `/api/v1/exchange/data/${code}/export?fields=姓名,公民身份号码,性别`);
    expect(outside.statusCode).toBe(403);
    expect(errorCode(outside)).toBe('EXCHANGE_FIELDS_NOT_GRANTED');
    expect(outside.json().error.details.fields).toBe('公民身份号码, 性别');
    const filterOutside = await callWith(t, key, `/api/v1/exchange/data/${code}?${encodeURIComponent('性别')}=1`);
    expect(filterOutside.statusCode).toBe(403);
    expect(filterOutside.json().error.details.fields).toBe('性别');
    const xlsx = await callWith(t, key, `/api/v1/exchange/data/${code}/export?format=xlsx`);
    expect(xlsx.statusCode).toBe(400);
    expect(errorCode(xlsx)).toBe('VALIDATION_FAILED');
    expect((await logOf(grantId)).map((l) => [l.endpoint, l.status, l.row_count])).toEqual([
      ['export', 403, 0],
      ['data', 403, 0],
      ['export', 400, 0],
    ]);
  });

  it('refuses a revoked credential on the very next call, on every endpoint', async () => {
    const { grantId, key } = await grantedKey(p, code, ['姓名']);
    expect((await callWith(t, key, `/api/v1/exchange/data/${code}?limit=1`)).statusCode).toBe(200);
    const revoke = await p.consumer.request('POST', `/api/v1/exchange/grants/${grantId}/revoke`);
    expect(revoke.statusCode, revoke.body).toBe(200);
    for (const path of ['', '/changes?since=0', '/export', '/export?format=ndjson']) {
      const res = await callWith(t, key, `/api/v1/exchange/data/${code}${path}`);
      expect(res.statusCode, path).toBe(401);
      expect(errorCode(res)).toBe('EXCHANGE_CREDENTIAL_INVALID');
    }
  });

  it('refuses a consumer asking for 不予共享 data, and creates nothing', async () => {
    const closed = await resourceWith(p, 'none', PEOPLE);
    const before = await sql<{ n: number }>`select count(*)::int as n from exchange_requests`.execute(t.opened.db);
    const res = await p.consumer.request('POST', '/api/v1/exchange/requests', {
      resourceCode: closed,
      purpose: '核验',
      fields: ['姓名'],
      legalBasis: '无',
      periodDays: 30,
      consumerSystem: '市场监管综合业务系统',
    });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('SHARE_NOT_ALLOWED');
    expect(res.json().error.details).toMatchObject({ code: closed });
    const after = await sql<{ n: number }>`select count(*)::int as n from exchange_requests`.execute(t.opened.db);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** The first 17 characters of a number with its GB 11643 check digit recomputed. */
function withCheck(id: string): string {
  const body = id.slice(0, 17);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}
