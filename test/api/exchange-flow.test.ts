// 共享交换 end to end: request → data office check → provider decision → credential → masked rows and the change
// feed → the provider sees the call; refusals, fields outside the grant, revocation and expiry; the access log's
// hash chain catches a row changed by SQL.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAccessLog, verifyAccessLog } from '../../src/server/modules/exchange/access-log.ts';
import { RATE_LIMIT_CALLS } from '../../src/server/modules/exchange/data-api.ts';
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
function idCard(seq: number): string {
  const body = `11010519800101${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}
const HEADER = '公民身份号码,姓名,性别';
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');

describe.skipIf(!engineAvailable())('exchange', () => {
  let t: TestApp;
  let admin: Session;
  let office: Session;
  let provider: Session;
  let consumer: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    office = await login(t.app, 'steward', DEMO_PASSWORD);
    provider = await stewardOf(t, admin, 'CGJ');
    consumer = await stewardOf(t, admin, 'SCJGJ');
  });
  afterAll(() => t?.close());

  async function people(shareType: 'conditional' | 'unconditional' | 'none'): Promise<string> {
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
      ],
      shareType,
      ...(shareType === 'conditional' ? { shareConditions: '用于社会治理' } : {}),
      ...(shareType === 'none' ? { shareBasis: '《中华人民共和国个人信息保护法》' } : {}),
      openness: 'closed',
      grade: 'important',
      updateCycle: 'daily',
    });
    return r.code;
  }
  const load = async (code: string, body: Buffer) => {
    const res = await provider.request('POST', `/api/v1/catalog/resources/${code}/dataset/loads`, body, {
      'content-type': 'text/csv',
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const ask = (code: string, fields = ['公民身份号码', '姓名']) =>
    consumer.request('POST', '/api/v1/exchange/requests', {
      resourceCode: code,
      purpose: '市场主体登记核验',
      fields,
      legalBasis: '《市场主体登记管理条例》',
      periodDays: 30,
      consumerSystem: '市场监管综合业务系统',
    });
  const call = (key: string, url: string) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: { 'x-exchange-key': key, 'x-user-id': 'zhang.wei', 'x-purpose': 'CASE-2026-0042' },
    });
  /** An unconditional resource granted to the consumer, with a credential. */
  async function granted(): Promise<{ code: string; grantId: number; key: string }> {
    const code = await people('unconditional');
    await load(code, csv(HEADER, `${idCard(1)},张三,1`));
    const req = await ask(code);
    expect(req.statusCode, req.body).toBe(201);
    const checked = await office.request('POST', `/api/v1/exchange/requests/${req.json().id}/office-check`, {
      approve: true,
    });
    expect(checked.json()).toMatchObject({ status: 'granted' });
    const grantId = checked.json().grant.id as number;
    const cred = await consumer.request('POST', `/api/v1/exchange/grants/${grantId}/credentials`);
    expect(cred.statusCode, cred.body).toBe(201);
    return { code, grantId, key: cred.json().key };
  }

  it('runs the full conditional flow: masked rows, change feed, provider sees the call', async () => {
    const code = await people('conditional');
    await load(code, csv(HEADER, `${idCard(1)},张三,1`, `${idCard(2)},李四,2`));

    const unknown = await ask(code, ['姓名', '手机号码']);
    expect(unknown.statusCode).toBe(400);
    expect(errorCode(unknown)).toBe('EXCHANGE_UNKNOWN_FIELD');
    expect(unknown.json().error.details.name).toBe('手机号码');

    const created = await ask(code);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    expect(created.json()).toMatchObject({ status: 'pending_office', fields: ['公民身份号码', '姓名'] });

    const officeBox = await office.request('GET', '/api/v1/exchange/requests?box=office');
    expect(officeBox.json().items.map((r: { id: number }) => r.id)).toContain(id);
    // The provider may not decide before the office has checked.
    expect(
      (await provider.request('POST', `/api/v1/exchange/requests/${id}/decision`, { approve: true })).statusCode,
    ).toBe(409);
    const checked = await office.request('POST', `/api/v1/exchange/requests/${id}/office-check`, { approve: true });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ status: 'pending_provider', grant: null });

    const providerBox = await provider.request('GET', '/api/v1/exchange/requests?box=provider');
    expect(providerBox.json().items.map((r: { id: number }) => r.id)).toContain(id);
    // The consumer cannot decide on someone else's resource.
    expect(
      (await consumer.request('POST', `/api/v1/exchange/requests/${id}/decision`, { approve: true })).statusCode,
    ).toBe(403);
    const noReason = await provider.request('POST', `/api/v1/exchange/requests/${id}/decision`, { approve: false });
    expect(noReason.statusCode).toBe(400);
    expect(errorCode(noReason)).toBe('EXCHANGE_REASON_REQUIRED');
    const approved = await provider.request('POST', `/api/v1/exchange/requests/${id}/decision`, {
      approve: true,
      reason: '符合共享条件',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'granted' });
    const grantId = approved.json().grant.id as number;

    const mine = await consumer.request('GET', '/api/v1/exchange/requests?box=mine');
    expect(mine.json().items.find((r: { id: number }) => r.id === id)).toMatchObject({ status: 'granted' });

    const cred = await consumer.request('POST', `/api/v1/exchange/grants/${grantId}/credentials`);
    expect(cred.statusCode, cred.body).toBe(201);
    const key = cred.json().key as string;
    expect(key).toMatch(/^ox_/);

    const data = await call(key, `/api/v1/exchange/data/${code}`);
    expect(data.statusCode, data.body).toBe(200);
    const body = data.json();
    expect(body.version).toBe(1);
    expect(body.items).toEqual([
      { 公民身份号码: `${idCard(1).slice(0, 6)}********${idCard(1).slice(-4)}`, 姓名: '张*' },
      { 公民身份号码: `${idCard(2).slice(0, 6)}********${idCard(2).slice(-4)}`, 姓名: '李*' },
    ]);
    const filtered = await call(
      key,
      `/api/v1/exchange/data/${code}?fields=姓名&${encodeURIComponent('公民身份号码')}=${idCard(2)}`,
    );
    expect(filtered.json().items).toEqual([{ 姓名: '李*' }]);

    const outside = await call(key, `/api/v1/exchange/data/${code}?fields=${encodeURIComponent('姓名,性别')}`);
    expect(outside.statusCode).toBe(403);
    expect(errorCode(outside)).toBe('EXCHANGE_FIELDS_NOT_GRANTED');
    expect(outside.json().error.details.fields).toBe('性别');

    // A new load; the change feed since version 1 has exactly what changed.
    await load(code, csv(HEADER, `${idCard(1)},张三丰,1`, `${idCard(3)},王五,1`));
    const changes = await call(key, `/api/v1/exchange/data/${code}/changes?since=${body.version}`);
    expect(changes.statusCode, changes.body).toBe(200);
    expect(changes.json()).toMatchObject({ since: 1, version: 2, nextCursor: '2' });
    expect(
      changes
        .json()
        .changes.map((c: { data: { 姓名: string } }) => c.data.姓名)
        .sort(),
    ).toEqual(['张**', '王*']);
    const none = await call(key, `/api/v1/exchange/data/${code}/changes?since=2`);
    expect(none.json().changes).toEqual([]);

    await sealAccessLog(t.opened.db);
    const log = await provider.request('GET', `/api/v1/exchange/access-log?resource=${code}`);
    expect(log.statusCode, log.body).toBe(200);
    const calls = log.json().items as {
      endpoint: string;
      status: number;
      rowCount: number;
      userId: string;
      purpose: string;
      consumerSystem: string;
      sealed: boolean;
      requestHash: string;
    }[];
    expect(calls).toHaveLength(5);
    expect(calls.every((c) => c.userId === 'zhang.wei' && c.purpose === 'CASE-2026-0042' && c.sealed)).toBe(true);
    expect(
      calls.every((c) => c.consumerSystem === '市场监管综合业务系统' && /^[0-9a-f]{64}$/.test(c.requestHash)),
    ).toBe(true);
    expect(calls.map((c) => c.status).sort()).toEqual([200, 200, 200, 200, 403]);
    const own = await consumer.request('GET', `/api/v1/exchange/access-log?resource=${code}`);
    expect(own.json().items).toHaveLength(5);
    const stranger = await stewardOf(t, admin, 'CGJ-SR');
    expect((await stranger.request('GET', `/api/v1/exchange/access-log?resource=${code}`)).json().items).toEqual([]);

    // Revocation: refused on the very next call.
    const revoke = await provider.request('POST', `/api/v1/exchange/grants/${grantId}/revoke`);
    expect(revoke.statusCode, revoke.body).toBe(200);
    const after = await call(key, `/api/v1/exchange/data/${code}`);
    expect(after.statusCode).toBe(401);
    expect(errorCode(after)).toBe('EXCHANGE_CREDENTIAL_INVALID');
  });

  it('refuses requests for 不予共享 resources', async () => {
    const code = await people('none');
    const res = await ask(code);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('SHARE_NOT_ALLOWED');
  });

  it('grants 无条件共享 after the office check; an expired grant is refused; no key is 401', async () => {
    const { code, grantId, key } = await granted();
    const ok = await call(key, `/api/v1/exchange/data/${code}`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items).toHaveLength(1);
    // A credential reads only its own resource.
    const other = await call(key, '/api/v1/exchange/data/101001-000001');
    expect(other.statusCode).toBe(403);
    await sql`update exchange_grants set expires_at = now() - interval '1 second' where id = ${grantId}`.execute(
      t.opened.db,
    );
    const expired = await call(key, `/api/v1/exchange/data/${code}`);
    expect(expired.statusCode).toBe(401);
    expect(errorCode(expired)).toBe('EXCHANGE_GRANT_EXPIRED');
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/exchange/data/${code}` });
    expect(anonymous.statusCode).toBe(401);
    expect(errorCode(anonymous)).toBe('EXCHANGE_KEY_REQUIRED');
  });

  it('rate-limits each credential in a fixed window', async () => {
    const { code, key } = await granted();
    const url = `/api/v1/exchange/data/${code}?limit=1`;
    for (let i = 0; i < RATE_LIMIT_CALLS; i++) expect((await call(key, url)).statusCode).toBe(200);
    const over = await call(key, url);
    expect(over.statusCode).toBe(429);
    expect(errorCode(over)).toBe('EXCHANGE_RATE_LIMITED');
  });

  it('verifies the access-log chain and names a row changed by SQL', async () => {
    const { code, key } = await granted();
    for (let i = 0; i < 3; i++) expect((await call(key, `/api/v1/exchange/data/${code}`)).statusCode).toBe(200);
    await sealAccessLog(t.opened.db);
    expect(await verifyAccessLog(t.opened.db)).toMatchObject({ ok: true });
    const { rows } = await sql<{ id: string }>`
      select id::text from exchange_access_log where resource_code = ${code} order by id limit 1 offset 1`.execute(
      t.opened.db,
    );
    const victim = Number(rows[0].id);
    await sql`update exchange_access_log set row_count = 999 where id = ${victim}`.execute(t.opened.db);
    const result = await verifyAccessLog(t.opened.db);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatchObject({ id: victim, problem: 'altered' });
  });
});
