// Outbox consumers: named readers of the outbox, each with its own cursor (outbox_consumers). A batch is read,
// handed to the consumer and the cursor advanced in ONE transaction, so the consumer's own writes and its
// position commit together: an event is handled exactly once per consumer, also when the process dies mid-batch
// (the batch rolls back and is read again). Side effects outside the database (an HTTP call, an e-mail) cannot
// join that transaction: consumers record them as delivery rows and a sender job performs them at least once,
// with a stable delivery id so receivers can drop repeats.
//
// Order: (txid, id), reading only rows whose writing transaction is older than the oldest running one — the
// rule of the audit sealer (platform/chain/seal-chain.ts): ids come from a sequence at insert time, not at commit,
// so "id > last_id" alone would skip a row with a smaller id that commits late. Every row with txid < xmin is
// final and visible; every row that can still appear has txid >= xmin > the cursor's txid.
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Tx } from '../db/tx.ts';

export interface OutboxRecord {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface OutboxConsumer {
  /** Stable name: the cursor is kept under it (renaming it replays the whole outbox). */
  name: string;
  /** Event types handed to `handle`; others are passed over (the cursor still moves past them). */
  types?: readonly string[];
  /** Where a consumer seen for the first time starts: at the beginning of the outbox (default) or after the events
   * already there — a notifier added to a running city must not text citizens about last year's cases. */
  startAt?: 'beginning' | 'end';
  /** Runs inside the batch's transaction; throwing rolls back the batch and leaves the cursor where it was. */
  handle(tx: Tx, events: readonly OutboxRecord[]): Promise<void>;
}

export interface ConsumeResult {
  /** Events read (of every type) and events handed to the consumer. */
  read: number;
  handled: number;
}

/** The xmin of the current snapshot: transactions below it have ended, so their rows are final. Must be the
 * first statement of the transaction (before it takes an xid) or it would hold back on itself. */
export async function finalTxidHorizon(tx: Tx): Promise<string> {
  const { rows } = await sql<{ xmin: string }>`
    select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(tx);
  return rows[0].xmin;
}

async function ensureConsumer(db: Db, consumer: OutboxConsumer) {
  if (consumer.startAt === 'end') {
    await sql`
      insert into outbox_consumers (name, last_txid, last_id)
      select ${consumer.name}, coalesce(max(o.txid), '0'::xid8), coalesce(max(o.id), 0)
        from (select x.txid, x.id from outbox x where x.txid < pg_snapshot_xmin(pg_current_snapshot())
               order by x.txid desc, x.id desc limit 1) o
      on conflict (name) do nothing`.execute(db);
    return;
  }
  await sql`insert into outbox_consumers (name) values (${consumer.name}) on conflict (name) do nothing`.execute(db);
}

/** Reads and handles one batch; 0 read = caught up. */
async function consumeBatch(db: Db, consumer: OutboxConsumer, batchSize: number): Promise<ConsumeResult> {
  return db.transaction().execute(async (tx) => {
    const horizon = await finalTxidHorizon(tx);
    // Row lock: runs of the same consumer (two processes, two timers) queue here; the second then reads the
    // cursor the first committed. Taken after the horizon, which only makes the horizon more conservative.
    const { rows: cur } = await sql<{ last_txid: string; last_id: number }>`
      select last_txid::text as last_txid, last_id from outbox_consumers where name = ${consumer.name}
         for update`.execute(tx);
    const { last_txid: lastTxid, last_id: lastId } = cur[0];
    // Order by the xid8 column itself (o.txid), never by its text: '2071' sorts before '744' as text.
    const { rows } = await sql<{
      id: number;
      type: string;
      payload: Record<string, unknown>;
      created_at: Date;
      txid_text: string;
    }>`
      select o.id, o.type, o.payload, o.created_at, o.txid::text as txid_text from outbox o
       where o.txid < ${horizon}::xid8 and (o.txid, o.id) > (${lastTxid}::xid8, ${lastId}::bigint)
       order by o.txid, o.id limit ${batchSize}`.execute(tx);
    if (rows.length === 0) return { read: 0, handled: 0 };

    const wanted = consumer.types ? new Set(consumer.types) : null;
    const events = rows
      .filter((r) => !wanted || wanted.has(r.type))
      .map((r) => ({
        id: Number(r.id),
        type: r.type,
        payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
        createdAt: new Date(r.created_at),
      }));
    if (events.length > 0) await consumer.handle(tx, events);
    const last = rows[rows.length - 1];
    await sql`
      update outbox_consumers
         set last_txid = ${last.txid_text}::xid8, last_id = ${last.id}, handled = handled + ${events.length},
             updated_at = now(), last_error = null, failed_at = null
       where name = ${consumer.name}`.execute(tx);
    return { read: rows.length, handled: events.length };
  });
}

/** Runs a consumer until it has caught up with the final part of the outbox (or `maxBatches` batches). A failing
 * batch is recorded on the consumer's row and rethrown; the next run retries it. */
export async function runConsumer(
  db: Db,
  consumer: OutboxConsumer,
  opts: { batchSize?: number; maxBatches?: number } = {},
): Promise<ConsumeResult> {
  const batchSize = Math.max(1, opts.batchSize ?? 200);
  const maxBatches = opts.maxBatches ?? 50;
  await ensureConsumer(db, consumer);
  const total = { read: 0, handled: 0 };
  for (let i = 0; i < maxBatches; i++) {
    let r: ConsumeResult;
    try {
      r = await consumeBatch(db, consumer, batchSize);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await sql`
        update outbox_consumers set last_error = ${message.slice(0, 2000)}, failed_at = now()
         where name = ${consumer.name}`.execute(db);
      throw err;
    }
    total.read += r.read;
    total.handled += r.handled;
    if (r.read < batchSize) break;
  }
  return total;
}
