// The data office's ledger of granted requests (GET /exchange/requests?box=granted): every department's granted
// requests with their grants and credentials (prefixes only, never secrets), live or revoked, and nothing pending
// or refused — so the office can find a credential and revoke it. Only the data office's stewards: the consumer,
// the provider and another department get 403 (audited denial); a box outside the list is a 400.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, engineAvailable, errorCode, type Session, type TestApp } from '../support/test-app.ts';
import { stewardOf } from './catalog-fixtures.ts';
import {
  askFor,
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

interface Item {
  id: number;
  status: string;
  consumerDepartmentId: number;
  grant: {
    id: number;
    revokedAt: string | null;
    credentials?: { id: number; prefix: string; revokedAt: string | null; revokedBy: string | null }[];
  } | null;
}

describe.skipIf(!engineAvailable())('exchange: the data office’s granted box', () => {
  let t: TestApp;
  let p: Parties;
  let code: string;
  let outsider: Session;

  beforeAll(async () => {
    t = await createTestApp();
    p = await parties(t);
    outsider = await stewardOf(t, p.admin, 'GAJ');
    code = await resourceWith(p, 'unconditional', PEOPLE);
    await loadRows(p, code, csv('公民身份号码,姓名,性别', `${idCard(1)},张三,1`, `${idCard(2)},李四,2`));
  });
  afterAll(() => t?.close());

  const granted = async (s: Session, query = '') => {
    const res = await s.request('GET', `/api/v1/exchange/requests?box=granted${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Item[];
  };

  it('lists every granted request with its credentials, and no pending or refused one', async () => {
    const { grantId, key } = await grantedKey(p, code, ['姓名']);
    const pending = await askFor(p, code, ['性别']);
    expect(pending.statusCode).toBe(201);
    const refused = await askFor(p, code, ['公民身份号码']);
    const no = await p.office.request('POST', `/api/v1/exchange/requests/${refused.json().id}/office-check`, {
      approve: false,
      reason: '用途与字段不符',
    });
    expect(no.json().status).toBe('refused');

    const items = await granted(p.office);
    expect(items.every((r) => r.status === 'granted' && r.grant !== null)).toBe(true);
    const ids = items.map((r) => r.id);
    expect(ids).not.toContain(pending.json().id);
    expect(ids).not.toContain(refused.json().id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const mine = items.find((r) => r.grant?.id === grantId);
    expect(mine?.grant?.credentials).toEqual([
      expect.objectContaining({ prefix: key.slice(0, 8), revokedAt: null, revokedBy: null }),
    ]);
    expect(JSON.stringify(items)).not.toContain(key);
    expect(JSON.stringify(items)).not.toMatch(/secret|hash/i);
    // The office's inbox is unchanged: nothing granted there, the pending request is.
    const inbox = (await p.office.request('GET', '/api/v1/exchange/requests?box=office')).json().items as Item[];
    expect(inbox.map((r) => r.id)).toContain(pending.json().id);
    expect(inbox.some((r) => r.status === 'granted')).toBe(false);
  });

  it('lets the office revoke a credential found there; the ledger then shows it revoked, the grant still live', async () => {
    const { grantId, key } = await grantedKey(p, code, ['姓名']);
    const credentialId = (await granted(p.office)).find((r) => r.grant?.id === grantId)?.grant?.credentials?.[0].id;
    expect(credentialId).toBeTypeOf('number');
    const res = await p.office.request('POST', `/api/v1/exchange/credentials/${credentialId}/revoke`);
    expect(res.statusCode, res.body).toBe(200);
    expect((await callWith(t, key, `/api/v1/exchange/data/${code}?limit=5`)).statusCode).toBe(401);
    const after = (await granted(p.office)).find((r) => r.grant?.id === grantId)?.grant;
    expect(after?.revokedAt).toBeNull();
    expect(after?.credentials).toEqual([expect.objectContaining({ id: credentialId, revokedBy: 'steward' })]);
    expect(after?.credentials?.[0].revokedAt).toEqual(expect.any(String));
  });

  it('keeps a revoked grant in the ledger, marked revoked', async () => {
    const { grantId } = await grantedKey(p, code, ['姓名']);
    expect((await p.office.request('POST', `/api/v1/exchange/grants/${grantId}/revoke`)).statusCode).toBe(200);
    const g = (await granted(p.office)).find((r) => r.grant?.id === grantId)?.grant;
    expect(g?.revokedAt).toEqual(expect.any(String));
    expect(g?.credentials?.every((c) => c.revokedAt !== null)).toBe(true);
  });

  it('narrows by escalated like the other boxes (a granted request is never escalated)', async () => {
    await grantedKey(p, code, ['姓名']);
    expect(await granted(p.office, '&escalated=true')).toEqual([]);
    expect((await granted(p.office, '&escalated=false')).length).toBeGreaterThan(0);
  });

  it('refuses the consumer, the provider and another department (403, audited), and an unknown box (400)', async () => {
    await grantedKey(p, code, ['姓名']);
    const deniedBefore = await denials();
    for (const s of [p.consumer, p.provider, outsider]) {
      const res = await s.request('GET', '/api/v1/exchange/requests?box=granted');
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    expect(await denials()).toBeGreaterThanOrEqual(deniedBefore + 3);
    for (const box of ['all', 'GRANTED', '']) {
      const res = await p.office.request('GET', `/api/v1/exchange/requests?box=${box}`);
      expect(res.statusCode, box).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });

  async function denials(): Promise<number> {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from audit_log
       where action = 'permission.denied' and target_id = 'GET /api/v1/exchange/requests'`.execute(t.opened.db);
    return r.rows[0].n;
  }
});
