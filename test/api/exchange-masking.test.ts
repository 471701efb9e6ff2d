// Masking rules as data: each column is masked by the rule of the data element its 信息项 is bound to, or of its
// personal-information kind (DOMAIN.md §4 defaults), never by what a value looks like; the data office edits the
// rules (audited) and the next call follows them; a grant with clear values still reads clear values.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, engineAvailable, errorCode, type TestApp } from '../support/test-app.ts';
import { element } from './catalog-fixtures.ts';
import {
  callWith,
  csv,
  grantedKey,
  idCard,
  type ItemSpec,
  loadRows,
  type Parties,
  parties,
  resourceWith,
} from './exchange-fixtures.ts';

const ITEMS: ItemSpec[] = [
  { name: '身份证', element: '公民身份号码', personalInfo: 'sensitive' },
  { name: '姓名', element: '姓名', personalInfo: 'personal' },
  { name: '手机', element: '手机号码', personalInfo: 'personal' },
  { name: '住址', element: '地址', personalInfo: 'personal' },
  { name: '生日', element: '出生日期', personalInfo: 'sensitive' },
  // A value shaped like a phone number in a field nobody flagged: shown as it is.
  { name: '备注号码', element: '业务编号', personalInfo: 'none' },
];
const HEADER = ITEMS.map((i) => i.name).join(',');
const FIELDS = ITEMS.map((i) => i.name);

describe.skipIf(!engineAvailable())('exchange masking rules', () => {
  let t: TestApp;
  let p: Parties;
  let code: string;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp();
    p = await parties(t);
    code = await resourceWith(p, 'unconditional', ITEMS);
    await loadRows(
      p,
      code,
      csv(HEADER, `${idCard(7)},欧阳修文,13812345678,江苏省苏州市姑苏区人民路100号,1980-01-01,13900001111`),
    );
    ({ key } = await grantedKey(p, code, FIELDS));
  });
  afterAll(() => t?.close());

  const read = async (k = key) => {
    const res = await callWith(t, k, `/api/v1/exchange/data/${code}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items[0] as Record<string, string>;
  };
  const rules = async () =>
    (await p.office.request('GET', '/api/v1/exchange/masking-rules')).json().items as {
      id: number;
      targetKind: string;
      target: string;
      method: string;
      version: number;
    }[];

  it('masks each column by its data element and flag with the §4 defaults', async () => {
    expect(await read()).toEqual({
      身份证: `${idCard(7).slice(0, 6)}********${idCard(7).slice(-4)}`,
      姓名: '欧***',
      手机: '138****5678',
      住址: '江苏省苏州市姑苏区***',
      生日: '1980',
      备注号码: '13900001111',
    });
    const list = await p.consumer.request('GET', '/api/v1/exchange/masking-rules');
    expect(list.statusCode).toBe(200);
    expect(list.json().kinds).toContain('bank_card');
    expect((await rules()).find((r) => r.target === 'id_card')).toMatchObject({ method: 'keep' });
  });

  it('lets the data office change a kind rule and add an element rule; the next call follows them', async () => {
    const name = (await rules()).find((r) => r.targetKind === 'pi_kind' && r.target === 'name');
    if (!name) throw new Error('no name rule');
    const update = { method: 'replace_all', version: name.version };

    const byProvider = await p.provider.request('PUT', `/api/v1/exchange/masking-rules/${name.id}`, update);
    expect(byProvider.statusCode).toBe(403);
    const keepNothing = await p.office.request('PUT', `/api/v1/exchange/masking-rules/${name.id}`, {
      method: 'keep',
      version: name.version,
    });
    expect(keepNothing.statusCode).toBe(400);
    expect(errorCode(keepNothing)).toBe('EXCHANGE_MASK_KEEP_REQUIRED');
    const updated = await p.office.request('PUT', `/api/v1/exchange/masking-rules/${name.id}`, update);
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ method: 'replace_all', version: name.version + 1 });
    const stale = await p.office.request('PUT', `/api/v1/exchange/masking-rules/${name.id}`, update);
    expect(stale.statusCode).toBe(409);

    const remark = await element(p.provider, '业务编号');
    const created = await p.office.request('POST', '/api/v1/exchange/masking-rules', {
      targetKind: 'element',
      target: remark.identifier,
      method: 'hash',
      note: '业务编号只给令牌',
    });
    expect(created.statusCode, created.body).toBe(201);
    const again = await p.office.request('POST', '/api/v1/exchange/masking-rules', {
      targetKind: 'element',
      target: remark.identifier,
      method: 'none',
    });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('EXCHANGE_MASK_RULE_EXISTS');
    const unknownKind = await p.office.request('POST', '/api/v1/exchange/masking-rules', {
      targetKind: 'pi_kind',
      target: 'shoe_size',
      method: 'none',
    });
    expect(unknownKind.statusCode).toBe(400);

    const row = await read();
    expect(row.姓名).toBe('****');
    expect(row.备注号码).toMatch(/^[0-9a-f]{16}$/);
    // A token is stable for one grant (consumers can join their own reads) and differs between grants.
    expect((await read()).备注号码).toBe(row.备注号码);
    const other = await grantedKey(p, code, FIELDS);
    expect((await read(other.key)).备注号码).not.toBe(row.备注号码);

    const audit = await sql<{ action: string }>`
      select action from audit_log where action like 'exchange.masking_rule.%' order by id`.execute(t.opened.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['exchange.masking_rule.update', 'exchange.masking_rule.create']);
  });

  it('returns clear values to a grant that allows them', async () => {
    const clear = await grantedKey(p, code, ['姓名', '手机'], { clearValues: true });
    expect(await read(clear.key)).toEqual({ 姓名: '欧阳修文', 手机: '13812345678' });
  });
});
