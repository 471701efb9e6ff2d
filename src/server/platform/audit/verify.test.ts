import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { type OpenedDatabase, openDatabase } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { recordAudit } from './record.ts';
import { chainHash, sealAuditLog } from './seal.ts';
import { verifyAuditChain } from './verify.ts';

const AUDIT_MIGRATIONS = [{ owner: 'platform.audit', folder: new URL('./migrations/', import.meta.url) }];

describe('verifyAuditChain', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await openDatabase({});
    await migrate(opened.db, AUDIT_MIGRATIONS);
  });
  afterAll(() => opened.close());

  /** Five sealed records, ids and chain_seq 1…5. */
  beforeEach(async () => {
    await sql`truncate audit_log, audit_chain_head restart identity`.execute(opened.db);
    await opened.db.transaction().execute(async (tx) => {
      for (let i = 1; i <= 5; i++) {
        await recordAudit(tx, SYSTEM_ACTOR, 'case.dispatch', { type: 'case', id: i }, { to: '城管局', n: i });
      }
    });
    await sealAuditLog(opened.db);
  });

  const db = () => opened.db;

  it('accepts an untouched chain and says how many records it checked', async () => {
    const progress: number[] = [];
    const res = await verifyAuditChain(db(), { pageSize: 2, onProgress: (checked) => progress.push(checked) });
    expect(res).toMatchObject({ ok: true, checked: 5, head: { chainSeq: 5 }, warnings: [] });
    expect(res.firstBad).toBeUndefined();
    expect(res.message['zh-CN']).toContain('5');
    expect(progress).toEqual([2, 4, 5]);
  });

  it('accepts an empty log', async () => {
    await sql`truncate audit_log, audit_chain_head`.execute(db());
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, checked: 0, head: null });
  });

  it('names the record whose summary was changed with SQL as altered', async () => {
    await sql`update audit_log set summary = '{"to":"另一个部门","n":3}' where id = 3`.execute(db());
    const res = await verifyAuditChain(db());
    expect(res.ok).toBe(false);
    expect(res.checked).toBe(2);
    expect(res.head?.chainSeq).toBe(5);
    expect(res.firstBad).toMatchObject({ id: 3, chainSeq: 3, problem: 'altered' });
    expect(res.firstBad?.message['zh-CN']).toContain('#3');
    expect(res.firstBad?.message.en).toContain('altered');
  });

  it('notices a changed timestamp as well', async () => {
    await sql`update audit_log set at = at - interval '1 day' where id = 2`.execute(db());
    expect((await verifyAuditChain(db())).firstBad).toMatchObject({ id: 2, problem: 'altered' });
  });

  it('names the record after a deleted middle record and the missing chain_seq', async () => {
    await sql`delete from audit_log where id = 3`.execute(db());
    const res = await verifyAuditChain(db());
    expect(res.firstBad).toMatchObject({ id: 4, chainSeq: 4, problem: 'deleted_before', missing: { from: 3, to: 3 } });
    expect(res.firstBad?.message['zh-CN']).toContain('缺少链序号 3');
  });

  it('catches a deletion whose gap was renumbered away', async () => {
    await sql`delete from audit_log where id = 3`.execute(db());
    await sql`update audit_log set chain_seq = chain_seq - 1 where chain_seq > 3`.execute(db());
    expect((await verifyAuditChain(db())).firstBad).toMatchObject({ id: 4, chainSeq: 3, problem: 'out_of_order' });
  });

  it('reports a head mismatch when the newest record was deleted', async () => {
    await sql`delete from audit_log where id = 5`.execute(db());
    const res = await verifyAuditChain(db());
    expect(res.checked).toBe(4);
    expect(res.firstBad).toMatchObject({
      id: null,
      chainSeq: 5,
      problem: 'head_mismatch',
      missing: { from: 5, to: 5 },
    });
  });

  it('reports a missing chain head', async () => {
    await sql`delete from audit_chain_head`.execute(db());
    expect((await verifyAuditChain(db())).firstBad).toMatchObject({ id: 5, chainSeq: 5, problem: 'head_mismatch' });
  });

  it('catches a forged sealed row appended with a made-up link', async () => {
    await sql`insert into audit_log (actor_kind, actor_name, action, result, chain_seq, prev_hash, hash, sealed_at)
              values ('system', 'system', 'case.close', 'ok', 6, ${'f'.repeat(64)}, ${'e'.repeat(64)}, now())`.execute(
      db(),
    );
    expect((await verifyAuditChain(db())).firstBad).toMatchObject({ id: 6, chainSeq: 6, problem: 'out_of_order' });
  });

  it('catches a forged row hashed correctly but written past the chain head', async () => {
    const last = await db().selectFrom('audit_log').select('hash').where('chain_seq', '=', 5).executeTakeFirstOrThrow();
    await sql`insert into audit_log (actor_kind, actor_name, action, result) values ('system', 'system', 'case.close', 'ok')`.execute(
      db(),
    );
    const forged = await db().selectFrom('audit_log').selectAll().where('id', '=', 6).executeTakeFirstOrThrow();
    await sql`update audit_log set chain_seq = 6, prev_hash = ${last.hash}, hash = ${chainHash(last.hash!, forged, 6)},
              sealed_at = now() where id = 6`.execute(db());
    expect((await verifyAuditChain(db())).firstBad).toMatchObject({ id: 6, chainSeq: 6, problem: 'beyond_head' });
  });

  it('catches two records whose chain positions were swapped', async () => {
    await sql`update audit_log set chain_seq = -2 where id = 2`.execute(db());
    await sql`update audit_log set chain_seq = 2 where id = 3`.execute(db());
    await sql`update audit_log set chain_seq = 3 where id = 2`.execute(db());
    expect((await verifyAuditChain(db())).firstBad).toMatchObject({ id: 3, chainSeq: 2, problem: 'out_of_order' });
  });

  it('warns about rows left unsealed for over a minute without failing', async () => {
    await sql`insert into audit_log (actor_kind, actor_name, action, result, at)
              values ('system', 'system', 'stuck', 'ok', now() - interval '5 minutes')`.execute(db());
    const res = await verifyAuditChain(db());
    expect(res.ok).toBe(true);
    expect(res.warnings).toMatchObject([{ code: 'unsealed_backlog', count: 1, oldestId: 6 }]);
  });
});
