// Factories for the exchange API tests: the four parties (admin, data office, provider CGJ, consumer SCJGJ), a
// published resource of people, loads, requests and a granted credential. Each test builds its own resources.
import { expect } from 'vitest';
import { DEMO_PASSWORD, login, type Session, TEST_ADMIN_PASSWORD, type TestApp } from '../support/test-app.ts';
import { element, publishedResource, stewardOf } from './catalog-fixtures.ts';

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid GB 11643 number born 1980-01-01, sequence `seq` (0–999). */
export function idCard(seq: number): string {
  const body = `11010519800101${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}

export const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');

export interface Parties {
  admin: Session;
  office: Session;
  provider: Session;
  consumer: Session;
}

export async function parties(t: TestApp): Promise<Parties> {
  const admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
  return {
    admin,
    office: await login(t.app, 'steward', DEMO_PASSWORD),
    provider: await stewardOf(t, admin, 'CGJ'),
    consumer: await stewardOf(t, admin, 'SCJGJ'),
  };
}

export interface ItemSpec {
  name: string;
  element: string;
  personalInfo: 'none' | 'personal' | 'sensitive';
  isKey?: boolean;
}

/** A published resource of the provider with the given 信息项 (the first is the key unless said otherwise). */
export async function resourceWith(
  p: Parties,
  shareType: 'conditional' | 'unconditional' | 'none',
  items: ItemSpec[],
): Promise<string> {
  const resolved = [];
  for (const [i, it] of items.entries()) {
    resolved.push({
      name: it.name,
      element: await element(p.provider, it.element),
      isKey: it.isKey ?? i === 0,
      personalInfo: it.personalInfo,
    });
  }
  const r = await publishedResource(p.provider, p.office, {
    items: resolved,
    shareType,
    ...(shareType === 'conditional' ? { shareConditions: '用于社会治理' } : {}),
    ...(shareType === 'none' ? { shareBasis: '《中华人民共和国个人信息保护法》' } : {}),
    openness: 'closed',
    grade: 'important',
    updateCycle: 'daily',
  });
  return r.code;
}

export const PEOPLE: ItemSpec[] = [
  { name: '公民身份号码', element: '公民身份号码', personalInfo: 'sensitive' },
  { name: '姓名', element: '姓名', personalInfo: 'personal' },
  { name: '性别', element: '性别代码', personalInfo: 'none' },
];

export async function loadRows(p: Parties, code: string, body: Buffer): Promise<void> {
  const res = await p.provider.request('POST', `/api/v1/catalog/resources/${code}/dataset/loads`, body, {
    'content-type': 'text/csv',
  });
  expect(res.statusCode, res.body).toBe(200);
}

export function askFor(p: Parties, code: string, fields: string[]) {
  return p.consumer.request('POST', '/api/v1/exchange/requests', {
    resourceCode: code,
    purpose: '市场主体登记核验',
    fields,
    legalBasis: '《市场主体登记管理条例》',
    periodDays: 30,
    consumerSystem: '市场监管综合业务系统',
  });
}

/** An unconditional resource's request approved by the office, with a credential for the consumer. */
export async function grantedKey(
  p: Parties,
  code: string,
  fields: string[],
  terms: { clearValues?: boolean; rowFilter?: Record<string, string> } = {},
): Promise<{ grantId: number; key: string }> {
  const req = await askFor(p, code, fields);
  expect(req.statusCode, req.body).toBe(201);
  const checked = await p.office.request('POST', `/api/v1/exchange/requests/${req.json().id}/office-check`, {
    approve: true,
    ...terms,
  });
  expect(checked.json(), checked.body).toMatchObject({ status: 'granted' });
  const grantId = checked.json().grant.id as number;
  const cred = await p.consumer.request('POST', `/api/v1/exchange/grants/${grantId}/credentials`);
  expect(cred.statusCode, cred.body).toBe(201);
  return { grantId, key: cred.json().key };
}

export function callWith(t: TestApp, key: string, url: string) {
  return t.app.inject({
    method: 'GET',
    url,
    headers: { 'x-exchange-key': key, 'x-user-id': 'zhang.wei', 'x-purpose': 'CASE-2026-0042' },
  });
}
