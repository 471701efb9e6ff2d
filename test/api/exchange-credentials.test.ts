// Revoking one credential of a grant: the consumer's stewards or the data office, in one transaction with its
// audit record; the revoked key is refused on its very next call while the grant's other credential keeps working;
// twice → 409, unknown → 404, the provider or another department → 403, and nothing changes on a refusal.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, engineAvailable, errorCode, type Session, type TestApp } from '../support/test-app.ts';
import { stewardOf } from './catalog-fixtures.ts';
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

interface Credential {
  id: number;
  grantId: number;
  prefix: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

describe.skipIf(!engineAvailable())('exchange credential revoke', () => {
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

  const db = () => t.opened.db;
  /** A grant with two credentials: the first from grantedKey, a second issued here. */
  async function twoKeys() {
    const { grantId, key } = await grantedKey(p, code, ['姓名']);
    const second = await p.consumer.request('POST', `/api/v1/exchange/grants/${grantId}/credentials`);
    expect(second.statusCode, second.body).toBe(201);
    const ids = (
      await sql<{ id: number }>`select id from exchange_credentials where grant_id = ${grantId} order by id`.execute(
        db(),
      )
    ).rows.map((r) => r.id);
    return { grantId, first: { id: ids[0], key }, second: { id: ids[1], key: second.json().key as string } };
  }
  const revoke = (s: Session, id: number | string) => s.request('POST', `/api/v1/exchange/credentials/${id}/revoke`);
  const rows = (key: string) => callWith(t, key, `/api/v1/exchange/data/${code}?limit=5`);
  const audits = async (grantId: number) =>
    (
      await sql<{ summary: { credential: number; prefix: string } }>`
        select summary from audit_log where action = 'exchange.credential.revoke' and target_id = ${String(grantId)}
         order by id`.execute(db())
    ).rows.map((r) => r.summary);
  const credentialsInBox = async (s: Session, box: string, grantId: number) => {
    const items = (await s.request('GET', `/api/v1/exchange/requests?box=${box}`)).json().items as {
      grant: ({ id: number; credentials?: Credential[] } & Record<string, unknown>) | null;
    }[];
    return items.find((r) => r.grant?.id === grantId)?.grant;
  };

  it('revokes one credential: refused on its very next call, the other credential still works, audited', async () => {
    const { grantId, first, second } = await twoKeys();
    expect((await rows(first.key)).statusCode).toBe(200);

    const res = await revoke(p.consumer, first.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: first.id, grantId, revokedAt: expect.any(String) });
    expect(res.json().revokedBy).toMatch(/^ds/);

    const refused = await rows(first.key);
    expect(refused.statusCode).toBe(401);
    expect(errorCode(refused)).toBe('EXCHANGE_CREDENTIAL_INVALID');
    const exported = await callWith(t, first.key, `/api/v1/exchange/data/${code}/export`);
    expect(exported.statusCode).toBe(401);
    expect((await rows(second.key)).statusCode).toBe(200);

    const audit = await audits(grantId);
    expect(audit).toEqual([expect.objectContaining({ credential: first.id, prefix: first.key.slice(0, 8) })]);

    // The consumer's grants list the credentials (prefixes, never secrets); the provider's list does not.
    const mine = await credentialsInBox(p.consumer, 'mine', grantId);
    expect(mine?.credentials?.map((c) => [c.id, c.revokedAt !== null])).toEqual([
      [first.id, true],
      [second.id, false],
    ]);
    expect(JSON.stringify(mine)).not.toContain(first.key);
    expect(JSON.stringify(mine)).not.toMatch(/secret|hash/i);
    expect((await credentialsInBox(p.provider, 'provider', grantId))?.credentials).toBeUndefined();
  });

  it('refuses a second revoke with 409 and changes nothing', async () => {
    const { grantId, first } = await twoKeys();
    expect((await revoke(p.consumer, first.id)).statusCode).toBe(200);
    const before = await sql<{ revoked_at: Date }>`
      select revoked_at from exchange_credentials where id = ${first.id}`.execute(db());
    const again = await revoke(p.office, first.id);
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('EXCHANGE_CREDENTIAL_REVOKED');
    const after = await sql<{ revoked_at: Date; revoked_by: string }>`
      select revoked_at, revoked_by from exchange_credentials where id = ${first.id}`.execute(db());
    expect(after.rows[0].revoked_at).toEqual(before.rows[0].revoked_at);
    expect(after.rows[0].revoked_by).toMatch(/^ds/);
    expect(await audits(grantId)).toHaveLength(1);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const id of ['999999', 'abc', '1.5']) {
      const res = await revoke(p.consumer, id);
      expect(res.statusCode, id).toBe(404);
      expect(errorCode(res)).toBe('EXCHANGE_CREDENTIAL_NOT_FOUND');
    }
  });

  it('refuses the provider and another department’s steward (403, audited denial); the key keeps working', async () => {
    const { grantId, first } = await twoKeys();
    for (const s of [p.provider, outsider]) {
      const res = await revoke(s, first.id);
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    const denied = await sql<{ n: number }>`
      select count(*)::int as n from audit_log
       where action = 'permission.denied' and target_id = 'POST /api/v1/exchange/credentials/:id/revoke'`.execute(db());
    expect(denied.rows[0].n).toBeGreaterThanOrEqual(2);
    expect((await rows(first.key)).statusCode).toBe(200);
    expect(await audits(grantId)).toEqual([]);
    // The provider still revokes the whole grant, as before.
    expect((await p.provider.request('POST', `/api/v1/exchange/grants/${grantId}/revoke`)).statusCode).toBe(200);
    expect((await rows(first.key)).statusCode).toBe(401);
  });

  it('lets the data office revoke a credential', async () => {
    const { grantId, first, second } = await twoKeys();
    const res = await revoke(p.office, second.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().revokedBy).toBe('steward');
    expect((await rows(second.key)).statusCode).toBe(401);
    expect((await rows(first.key)).statusCode).toBe(200);
    expect(await audits(grantId)).toHaveLength(1);
  });

  it('refuses revoking a credential of a revoked grant with 409', async () => {
    const { grantId, first } = await twoKeys();
    expect((await p.consumer.request('POST', `/api/v1/exchange/grants/${grantId}/revoke`)).statusCode).toBe(200);
    const res = await revoke(p.consumer, first.id);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('EXCHANGE_CREDENTIAL_REVOKED');
    expect(await audits(grantId)).toEqual([]);
  });
});
