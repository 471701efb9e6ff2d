// Outbox consumers: every event is handled exactly once per named consumer — two consumers each see every event,
// concurrent runs of one consumer never handle an event twice, a handler that throws rolls its batch back (cursor
// unchanged, event retried on the next run), and an event whose transaction commits late (smaller id) is not
// skipped.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emit } from '../../src/server/platform/outbox/outbox.ts';
import { type OutboxConsumer, runConsumer } from '../../src/server/platform/outbox/consumer.ts';
import type { Tx } from '../../src/server/platform/db/tx.ts';
import { createTestApp, currentEngine, engineAvailable, type TestApp } from '../support/test-app.ts';

describe.skipIf(!engineAvailable())('outbox consumers', () => {
  let t: TestApp;
  const db = () => t.opened.db;

  beforeAll(async () => {
    t = await createTestApp();
    await sql`create table test_consumed (seq bigserial, consumer text not null, event_id bigint not null, mark text)`.execute(
      db(),
    );
  });
  afterAll(() => t?.close());

  /** A consumer that records what it handled in the batch's own transaction. */
  const recorder = (name: string, type: string, fail?: (id: number) => boolean): OutboxConsumer => ({
    name,
    types: [type],
    async handle(tx: Tx, events) {
      for (const e of events) {
        await sql`insert into test_consumed (consumer, event_id, mark) values (${name}, ${e.id}, ${String(e.payload.mark)})`.execute(
          tx,
        );
        if (fail?.(e.id)) throw new Error(`handler failed on ${e.id}`);
      }
    },
  });
  const emitMany = (type: string, marks: string[]) =>
    db()
      .transaction()
      .execute(async (tx) => {
        for (const mark of marks) await emit(tx, { type, mark });
      });
  /** Moves a new consumer past the demo seed's events, so a test sees only its own. */
  const catchUp = (c: OutboxConsumer) => runConsumer(db(), c, { batchSize: 5000, maxBatches: 1000 });
  const lastId = async (name: string) =>
    Number(
      (await sql<{ last_id: number }>`select last_id from outbox_consumers where name = ${name}`.execute(db())).rows[0]
        .last_id,
    );
  const handled = async (name: string) =>
    (
      await sql<{ event_id: number; mark: string }>`
        select event_id, mark from test_consumed where consumer = ${name} order by event_id`.execute(db())
    ).rows.map((r) => r.mark);

  it('hands every event to each of two consumers exactly once, in commit order', async () => {
    const one = recorder('test.one', 'test.two');
    const two = recorder('test.two', 'test.two');
    await catchUp(one);
    await emitMany('test.two', ['a', 'b', 'c']);
    await emitMany('test.two', ['d']);
    await emitMany('test.other', ['x']);
    const r1 = await runConsumer(db(), one, { batchSize: 2 });
    expect(r1.handled).toBe(4);
    await runConsumer(db(), two);
    await runConsumer(db(), one);
    expect(await handled('test.one')).toEqual(['a', 'b', 'c', 'd']);
    expect(await handled('test.two')).toEqual(['a', 'b', 'c', 'd']);
    const pos = await sql<{ handled: number }>`select handled from outbox_consumers where name = 'test.one'`.execute(
      db(),
    );
    expect(Number(pos.rows[0].handled)).toBe(4);
  });

  it('never handles an event twice when runs of one consumer overlap', async () => {
    const c = recorder('test.race', 'test.race');
    await catchUp(c);
    await Promise.all(Array.from({ length: 8 }, (_, i) => emitMany('test.race', [`r${i}a`, `r${i}b`])));
    const results = await Promise.all(Array.from({ length: 4 }, () => runConsumer(db(), c, { batchSize: 3 })));
    expect(results.reduce((n, r) => n + r.handled, 0)).toBe(16);
    const marks = await handled('test.race');
    expect(marks).toHaveLength(16);
    expect(new Set(marks).size).toBe(16);
  });

  it('rolls back a failing batch: cursor unchanged, the event retried on the next run, then handled once', async () => {
    let failing = true;
    let boomId = 0;
    const c = recorder('test.crash', 'test.crash', (id) => failing && id === boomId);
    await catchUp(c);
    const before = await lastId('test.crash');
    await emitMany('test.crash', ['ok1', 'boom', 'ok2']);
    const ids = await sql<{ id: number }>`
      select id from outbox where type = 'test.crash' and payload ->> 'mark' = 'boom'`.execute(db());
    boomId = Number(ids.rows[0].id);
    await expect(runConsumer(db(), c)).rejects.toThrow(/handler failed/);
    expect(await handled('test.crash')).toEqual([]);
    const pos = await sql<{ last_error: string | null }>`
      select last_error from outbox_consumers where name = 'test.crash'`.execute(db());
    expect(await lastId('test.crash')).toBe(before);
    expect(pos.rows[0].last_error).toMatch(/handler failed/);

    failing = false;
    await runConsumer(db(), c);
    await runConsumer(db(), c);
    expect(await handled('test.crash')).toEqual(['ok1', 'boom', 'ok2']);
    const after = await sql<{ last_error: string | null }>`
      select last_error from outbox_consumers where name = 'test.crash'`.execute(db());
    expect(after.rows[0].last_error).toBeNull();
  });

  it('orders by the transaction id as a number, not as text (99 before 100)', async () => {
    // Rows written with explicit txids on both sides of a digit boundary, the larger txid with the smaller id.
    await sql`insert into outbox (type, payload, txid) values
      ('test.order', '{"mark":"t100"}', '100'::xid8), ('test.order', '{"mark":"t99"}', '99'::xid8)`.execute(db());
    const c = recorder('test.order', 'test.order');
    await runConsumer(db(), c, { batchSize: 7, maxBatches: 10_000 });
    await runConsumer(db(), c, { batchSize: 7, maxBatches: 10_000 });
    const inOrder = await sql<{ mark: string }>`
      select mark from test_consumed where consumer = 'test.order' order by seq`.execute(db());
    expect(inOrder.rows.map((r) => r.mark)).toEqual(['t99', 't100']);
  });

  // Two connections are needed to hold a transaction open while another commits: PostgreSQL only.
  it.skipIf(currentEngine() === 'pglite')(
    'does not skip an event with a smaller id whose transaction commits after a larger one',
    async () => {
      const c = recorder('test.late', 'test.late');
      await catchUp(c);
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let emitted!: () => void;
      const emittedEarly = new Promise<void>((r) => {
        emitted = r;
      });
      const slow = db()
        .transaction()
        .execute(async (tx) => {
          await emit(tx, { type: 'test.late', mark: 'early-id' });
          emitted();
          await held;
        });
      await emittedEarly;
      await emitMany('test.late', ['late-id']);
      await runConsumer(db(), c);
      // The later id is committed but the older transaction is still running: nothing is handled yet.
      expect(await handled('test.late')).toEqual([]);
      release();
      await slow;
      await runConsumer(db(), c);
      expect((await handled('test.late')).sort()).toEqual(['early-id', 'late-id']);
    },
  );
});
