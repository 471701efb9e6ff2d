// Bulk export from the web: a data steward of the consuming department downloads a grant with their session —
// the credential export's plan (granted fields, row filter, masking; CSV with BOM and neutralised formula cells, or
// NDJSON), logged in the access log with the user and the purpose they gave; refused when the grant is revoked or
// expired (logged), outside the caller's department, for an unknown grant, a bad format or a missing purpose.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAccessLog, verifyAccessLog } from '../../src/server/modules/exchange/access-log.ts';
import { createTestApp, engineAvailable, errorCode, type Session, type TestApp } from '../support/test-app.ts';
import { stewardOf } from './catalog-fixtures.ts';
import { csv, grantedKey, idCard, loadRows, type Parties, PEOPLE, parties, resourceWith } from './exchange-fixtures.ts';

const NAMES = ['=1+2', '+86 1234', '张三', '李四', '王五', '@SUM(A1)'];
const PURPOSE = '案件 CASE-2026-0107 核查';

interface LogRow {
  endpoint: string;
  status: number;
  row_count: number;
  user_id: string | null;
  purpose: string | null;
  credential_id: number | null;
  consumer_system: string;
  fields: string[];
}

describe.skipIf(!engineAvailable())('exchange web export', () => {
  let t: TestApp;
  let p: Parties;
  let code: string;
  let consumerName: string;

  beforeAll(async () => {
    t = await createTestApp();
    p = await parties(t);
    code = await resourceWith(p, 'unconditional', PEOPLE);
    const lines = NAMES.map((n, i) => `${idCard(i + 1)},${n},${i % 2 === 0 ? 1 : 2}`);
    await loadRows(p, code, csv('公民身份号码,姓名,性别', ...lines));
    consumerName = (await p.consumer.request('GET', '/api/v1/auth/me')).json().user.username;
  });
  afterAll(() => t?.close());

  const db = () => t.opened.db;
  const download = (s: Session, grantId: number | string, query: string) =>
    s.request('GET', `/api/v1/exchange/grants/${grantId}/export?${query}`);
  const q = (extra = '') => `purpose=${encodeURIComponent(PURPOSE)}${extra}`;
  const logOf = async (grantId: number) =>
    (
      await sql<LogRow>`
        select endpoint, status, row_count, user_id, purpose, credential_id, consumer_system, fields
          from exchange_access_log where grant_id = ${grantId} order by id`.execute(db())
    ).rows;

  it('downloads CSV with a BOM and neutralised formula cells, logged with the user and the purpose', async () => {
    const { grantId } = await grantedKey(p, code, ['公民身份号码', '姓名', '性别'], { clearValues: true });
    const res = await download(p.consumer, grantId, q('&format=csv'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`${code}.csv`);
    expect(res.headers['x-dataset-version']).toBe('1');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.rawPayload.subarray(3).toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('公民身份号码,姓名,性别');
    expect(lines).toHaveLength(NAMES.length + 1);
    const names = lines.slice(1).map((l) => l.split(',')[1]);
    expect(names).toEqual(expect.arrayContaining(["'=1+2", "'+86 1234", "'@SUM(A1)", '张三']));
    expect(lines.slice(1).every((l) => !/,[=+\-@]/.test(l))).toBe(true);

    expect(await logOf(grantId)).toEqual([
      {
        endpoint: 'web_export',
        status: 200,
        row_count: NAMES.length,
        user_id: consumerName,
        purpose: PURPOSE,
        credential_id: null,
        consumer_system: '市场监管综合业务系统',
        fields: ['公民身份号码', '姓名', '性别'],
      },
    ]);
    // In the hash chain like every other call, and shown to the provider.
    await sealAccessLog(db());
    expect((await verifyAccessLog(db())).ok).toBe(true);
    const seen = (await p.provider.request('GET', `/api/v1/exchange/access-log?resource=${code}`)).json().items as {
      endpoint: string;
      userId: string;
      purpose: string;
      grantId: number;
    }[];
    expect(seen.find((r) => r.grantId === grantId)).toMatchObject({
      endpoint: 'web_export',
      userId: consumerName,
      purpose: PURPOSE,
    });
  });

  it('downloads NDJSON with the grant’s row filter and masking, and only the asked granted fields', async () => {
    const { grantId } = await grantedKey(p, code, ['公民身份号码', '姓名', '性别'], { rowFilter: { 性别: '2' } });
    const res = await download(p.consumer, grantId, q('&format=ndjson&fields=姓名,性别'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const rows = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows).toHaveLength(NAMES.length / 2);
    expect(rows.every((r) => r.性别 === '2' && Object.keys(r).join() === '姓名,性别')).toBe(true);
    expect(rows.map((r) => r.姓名).sort()).toEqual(['+*******', '李*', '@*******'].sort());
    expect((await logOf(grantId)).map((l) => [l.endpoint, l.status, l.row_count])).toEqual([
      ['web_export', 200, rows.length],
    ]);
  });

  it('refuses a missing or blank purpose and a bad format (400), before anything is read or logged', async () => {
    const { grantId } = await grantedKey(p, code, ['姓名']);
    for (const [query, field] of [
      ['format=csv', 'querystring.purpose'],
      ['format=csv&purpose=', 'querystring.purpose'],
      ['format=csv&purpose=%20%20', 'querystring.purpose'],
      [q('&format=xlsx'), 'querystring.format'],
      [q('&limit=5'), 'querystring.limit'],
    ]) {
      const res = await download(p.consumer, grantId, query);
      expect(res.statusCode, query).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.field, query).toBe(field);
    }
    expect(await logOf(grantId)).toEqual([]);
  });

  it('refuses fields outside the grant (403 naming them), logged', async () => {
    const { grantId } = await grantedKey(p, code, ['姓名']);
    const res = await download(p.consumer, grantId, q('&fields=姓名,公民身份号码'));
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('EXCHANGE_FIELDS_NOT_GRANTED');
    expect(res.json().error.details.fields).toBe('公民身份号码');
    expect((await logOf(grantId)).map((l) => [l.endpoint, l.status, l.user_id])).toEqual([
      ['web_export', 403, consumerName],
    ]);
  });

  it('refuses a revoked and an expired grant with 409, and logs both refusals', async () => {
    const revoked = await grantedKey(p, code, ['姓名']);
    expect((await p.provider.request('POST', `/api/v1/exchange/grants/${revoked.grantId}/revoke`)).statusCode).toBe(
      200,
    );
    const r1 = await download(p.consumer, revoked.grantId, q());
    expect(r1.statusCode).toBe(409);
    expect(errorCode(r1)).toBe('EXCHANGE_GRANT_REVOKED');
    expect((await logOf(revoked.grantId)).map((l) => [l.endpoint, l.status, l.row_count])).toEqual([
      ['web_export', 409, 0],
    ]);

    const expired = await grantedKey(p, code, ['姓名']);
    await sql`update exchange_grants set expires_at = now() - interval '1 second' where id = ${expired.grantId}`.execute(
      db(),
    );
    const r2 = await download(p.consumer, expired.grantId, q());
    expect(r2.statusCode).toBe(409);
    expect(errorCode(r2)).toBe('EXCHANGE_GRANT_EXPIRED');
    expect((await logOf(expired.grantId)).map((l) => l.status)).toEqual([409]);
  });

  it('refuses the provider, the data office and another department (403, audited), and an unknown grant (404)', async () => {
    const { grantId } = await grantedKey(p, code, ['姓名']);
    const outsider = await stewardOf(t, p.admin, 'GAJ');
    for (const s of [p.provider, p.office, outsider]) {
      const res = await download(s, grantId, q());
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    const denied = await sql<{ n: number }>`
      select count(*)::int as n from audit_log
       where action = 'permission.denied' and target_id = 'GET /api/v1/exchange/grants/:id/export'`.execute(db());
    expect(denied.rows[0].n).toBeGreaterThanOrEqual(3);
    expect(await logOf(grantId)).toEqual([]);
    for (const id of ['999999', 'abc']) {
      const res = await download(p.consumer, id, q());
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('EXCHANGE_GRANT_NOT_FOUND');
    }
  });

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/exchange/grants/1/export?${q()}` });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });
});
