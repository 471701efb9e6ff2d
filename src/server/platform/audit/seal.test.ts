import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { type OpenedDatabase, openDatabase } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { recordAudit } from './record.ts';
import { chainHash, GENESIS_HASH, sealAuditLog } from './seal.ts';
import { verifyAuditChain } from './verify.ts';

const AUDIT_MIGRATIONS = [{ owner: 'platform.audit', folder: new URL('./migrations/', import.meta.url) }];

async function writeAudit(opened: OpenedDatabase, n: number, action = 'test.write') {
  await opened.db.transaction().execute(async (tx) => {
    for (let i = 0; i < n; i++) await recordAudit(tx, SYSTEM_ACTOR, action, { type: 'thing', id: i }, { i });
  });
}

describe('sealAuditLog on PGlite', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await openDatabase({});
    await migrate(opened.db, AUDIT_MIGRATIONS);
  });
  afterAll(() => opened.close());
  beforeEach(async () => {
    await sql`truncate audit_log, audit_chain_head restart identity`.execute(opened.db);
  });

  it('chains committed rows in id order from chain_seq 1, starting from 64 zeros', async () => {
    await writeAudit(opened, 3);
    const res = await sealAuditLog(opened.db);
    expect(res.sealed).toBe(3);
    const rows = await opened.db.selectFrom('audit_log').selectAll().orderBy('chain_seq').execute();
    expect(rows.map((r) => [r.id, r.chain_seq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].hash).toBe(chainHash(rows[1].hash!, rows[2], 3));
    expect(res.head).toEqual({ chainSeq: 3, hash: rows[2].hash });
    expect(rows.every((r) => r.sealed_at instanceof Date)).toBe(true);
  });

  it('seals nothing new when called twice', async () => {
    await writeAudit(opened, 2);
    const first = await sealAuditLog(opened.db);
    const second = await sealAuditLog(opened.db);
    expect(second).toEqual({ sealed: 0, head: first.head });
  });

  it('continues the chain across sealer runs', async () => {
    await writeAudit(opened, 2);
    await sealAuditLog(opened.db);
    await writeAudit(opened, 2);
    const res = await sealAuditLog(opened.db);
    expect(res.sealed).toBe(2);
    expect(res.head?.chainSeq).toBe(4);
    expect((await verifyAuditChain(opened.db)).ok).toBe(true);
  });

  it('seals a backlog larger than one batch in several rounds', async () => {
    await writeAudit(opened, 23);
    const res = await sealAuditLog(opened.db, { batchSize: 5 });
    expect(res.sealed).toBe(23);
    const v = await verifyAuditChain(opened.db, { pageSize: 7 });
    expect(v).toMatchObject({ ok: true, checked: 23, head: { chainSeq: 23 } });
  });

  it('lets only one sealer chain at a time', async () => {
    await writeAudit(opened, 10);
    const results = await Promise.all([sealAuditLog(opened.db), sealAuditLog(opened.db), sealAuditLog(opened.db)]);
    expect(results.map((r) => r.sealed).reduce((a, b) => a + b, 0)).toBe(10);
    expect((await verifyAuditChain(opened.db)).ok).toBe(true);
  });
});

// PGlite serialises transactions (one connection), so a writer that is still open while the sealer runs can only
// be staged on a real PostgreSQL server.
// The run's throwaway cluster (test/support/global-setup.ts) or TEST_DATABASE_URL; in CI one is required.
const pgUrl = process.env.TEST_DATABASE_URL || inject('postgresUrl') || undefined;
describe.skipIf(!pgUrl)('sealAuditLog on PostgreSQL', () => {
  const schema = `audit_seal_test_${process.pid}_${Date.now()}`;
  let opened: OpenedDatabase;
  beforeAll(async () => {
    const admin = await openDatabase({ databaseUrl: pgUrl });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    await admin.close();
    const url = new URL(pgUrl!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    opened = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    await migrate(opened.db, AUDIT_MIGRATIONS);
  });
  afterAll(async () => {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(opened.db);
    await opened.close();
  });

  it('does not seal a row whose transaction is still open, nor any row committed after it began', async () => {
    const open = await opened.db.startTransaction().execute();
    await recordAudit(open, SYSTEM_ACTOR, 'test.slow', null);
    await writeAudit(opened, 1, 'test.fast'); // a larger id, committed first

    const whileOpen = await sealAuditLog(opened.db);
    expect(whileOpen.sealed).toBe(0);

    await open.commit().execute();
    const afterCommit = await sealAuditLog(opened.db);
    expect(afterCommit.sealed).toBe(2);
    const chain = await opened.db
      .selectFrom('audit_log')
      .select(['action', 'chain_seq'])
      .orderBy('chain_seq')
      .execute();
    expect(chain.map((r) => r.action)).toEqual(['test.slow', 'test.fast']);
    expect((await verifyAuditChain(opened.db)).ok).toBe(true);
  });

  it('never seals the rows of a transaction that rolled back', async () => {
    const open = await opened.db.startTransaction().execute();
    await recordAudit(open, SYSTEM_ACTOR, 'test.rolledback', null);
    await open.rollback().execute();
    const before = (await verifyAuditChain(opened.db)).checked;
    await sealAuditLog(opened.db);
    const v = await verifyAuditChain(opened.db);
    expect(v.ok).toBe(true);
    expect(v.checked).toBe(before);
  });
});
