// The access-log verifier is the audit log's walk (platform/chain/verify-chain.ts): it names a deleted record, the
// newest records deleted, and a record appended beyond the head, as it does for the audit chain.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAccessLog, verifyAccessLog } from '../../src/server/modules/exchange/access-log.ts';
import { createTestApp, engineAvailable, type TestApp } from '../support/test-app.ts';
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

describe.skipIf(!engineAvailable())('exchange access-log verification', () => {
  let t: TestApp;
  let ids: number[];
  let p: Parties;
  let code: string;

  beforeAll(async () => {
    t = await createTestApp();
    p = await parties(t);
    code = await resourceWith(p, 'unconditional', PEOPLE);
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

  it('pages the log newest first for the consumer and the provider, and shows it to no one else', async () => {
    const seen: number[] = [];
    let url = `/api/v1/exchange/access-log?resource=${code}&limit=2`;
    for (;;) {
      const page = (await p.consumer.request('GET', url)).json() as {
        items: { id: number; seenAs: string }[];
        nextBefore: number | null;
      };
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.items.every((i) => i.seenAs === 'consumer')).toBe(true);
      seen.push(...page.items.map((i) => i.id));
      if (page.nextBefore === null) break;
      url = `/api/v1/exchange/access-log?resource=${code}&limit=2&before=${page.nextBefore}`;
    }
    const { rows } = await sql<{ id: string }>`
      select id::text from exchange_access_log where resource_code = ${code} order by id desc`.execute(t.opened.db);
    const mine = rows.map((r) => Number(r.id));
    expect(mine).toHaveLength(5);
    expect(seen).toEqual(mine);
    const provider = (await p.provider.request('GET', `/api/v1/exchange/access-log?resource=${code}`)).json();
    expect(provider.items.map((i: { seenAs: string }) => i.seenAs)).toEqual(mine.map(() => 'provider'));
    const officeOfOthers = (await p.office.request('GET', `/api/v1/exchange/access-log?resource=${code}`)).json();
    expect(officeOfOthers.items).toEqual([]);
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
