// The access-log verifier is the audit log's walk (platform/chain/verify-chain.ts): it names a deleted record, the
// newest records deleted, and a record appended beyond the head, as it does for the audit chain.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAccessLog, verifyAccessLog } from '../../src/server/modules/exchange/access-log.ts';
import { createTestApp, engineAvailable, type TestApp } from '../support/test-app.ts';
import { callWith, csv, grantedKey, idCard, loadRows, PEOPLE, parties, resourceWith } from './exchange-fixtures.ts';

describe.skipIf(!engineAvailable())('exchange access-log verification', () => {
  let t: TestApp;
  let ids: number[];

  beforeAll(async () => {
    t = await createTestApp();
    const p = await parties(t);
    const code = await resourceWith(p, 'unconditional', PEOPLE);
    await loadRows(p, code, csv('公民身份号码,姓名,性别', `${idCard(1)},张三,1`));
    const { key } = await grantedKey(p, code, ['姓名']);
    for (let i = 0; i < 5; i++) expect((await callWith(t, key, `/api/v1/exchange/data/${code}`)).statusCode).toBe(200);
    await sealAccessLog(t.opened.db);
    const { rows } = await sql<{ id: string }>`
      select id::text from exchange_access_log where chain_seq is not null order by chain_seq`.execute(t.opened.db);
    ids = rows.map((r) => Number(r.id));
  });
  afterAll(() => t?.close());

  it('reports an intact chain with the shared result shape', async () => {
    const res = await verifyAccessLog(t.opened.db);
    expect(res).toMatchObject({ ok: true, checked: ids.length, head: { chainSeq: ids.length }, warnings: [] });
    expect(res.message['zh-CN']).toContain('交换调用日志链完整');
  });

  it('names the record after a deleted one, with the missing chain_seq', async () => {
    await sql`delete from exchange_access_log where id = ${ids[1]}`.execute(t.opened.db);
    const res = await verifyAccessLog(t.opened.db);
    expect(res.ok).toBe(false);
    expect(res.firstBad).toMatchObject({
      id: ids[2],
      chainSeq: 3,
      problem: 'deleted_before',
      missing: { from: 2, to: 2 },
    });
    expect(res.firstBad?.message['zh-CN']).toContain(`调用日志记录 #${ids[2]}`);
  });
});
