// Seals a tamper-evident log into its hash chain: the one mechanism behind the audit log and the exchange
// access log (X-Road batch-stamps its message log the same way). Rows are written unchained inside the
// transaction of what they record, so writers never queue on one chain lock; one sealer chains them after.
//
// Why txid and not id: ids come from a sequence when the row is inserted, not when it commits, so a row with a
// smaller id can still appear after a larger one has been sealed. A row whose writing transaction is older than
// the oldest running transaction (txid < xmin of the current snapshot) is final: nothing can commit before it
// any more. Sealing only those rows means no record can ever be slipped in ahead of a sealed one.
//
// A chained table has: id bigint, txid xid8, chain_seq bigint, prev_hash text, hash text, sealed_at timestamptz;
// its head table: singleton boolean primary key, chain_seq bigint, hash text, sealed_at timestamptz.
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Tx } from '../db/tx.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  chainSeq: number;
  hash: string;
}

export interface ChainSpec<Row extends { id: number }> {
  table: string;
  headTable: string;
  /** pg_advisory_xact_lock key: one sealer per chain at a time. */
  lockKey: number;
  /** The columns hashed into each link. */
  columns: readonly string[];
  hash: (prevHash: string, row: Row, chainSeq: number) => string;
}

export async function readChainHeadOf(tx: Tx, headTable: string): Promise<ChainHead | null> {
  const { rows } = await sql<{ chain_seq: number; hash: string }>`
    select chain_seq, hash from ${sql.table(headTable)} where singleton`.execute(tx);
  return rows[0] ? { chainSeq: Number(rows[0].chain_seq), hash: rows[0].hash } : null;
}

export async function sealChain<Row extends { id: number }>(
  db: Db,
  spec: ChainSpec<Row>,
  batchSize = 5000,
): Promise<{ sealed: number; head: ChainHead | null }> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${spec.lockKey})`.execute(tx);
    let head = await readChainHeadOf(tx, spec.headTable);
    // Taken once: every transaction below this xmin has ended, so its rows are visible to every later
    // statement of this transaction and the set of rows to seal cannot grow behind our back.
    const { rows: snap } = await sql<{ xmin: string }>`
      select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(tx);
    const xmin = snap[0].xmin;
    const columns = sql.join(spec.columns.map((c) => sql.ref(c)));

    let sealed = 0;
    let afterId = 0;
    for (;;) {
      const { rows: batch } = await sql<Row>`
        select ${columns} from ${sql.table(spec.table)}
         where chain_seq is null and id > ${afterId} and txid < ${xmin}::xid8
         order by id limit ${batchSize}`.execute(tx);
      if (batch.length === 0) break;

      let seq = head?.chainSeq ?? 0;
      let prev = head?.hash ?? GENESIS_HASH;
      const links = batch.map((row) => {
        seq += 1;
        const hash = spec.hash(prev, row, seq);
        const link = { id: Number(row.id), seq, prev, hash };
        prev = hash;
        return link;
      });
      // One statement per round; JSON carries the batch so PostgreSQL and PGlite bind it the same way.
      await sql`
        update ${sql.table(spec.table)} a
           set chain_seq = v.seq, prev_hash = v.prev, hash = v.hash, sealed_at = now()
          from json_to_recordset(${JSON.stringify(links)}::json) as v(id bigint, seq bigint, prev text, hash text)
         where a.id = v.id`.execute(tx);

      head = { chainSeq: seq, hash: prev };
      sealed += batch.length;
      afterId = links[links.length - 1].id;
      if (batch.length < batchSize) break;
    }

    if (sealed > 0 && head) {
      await sql`
        insert into ${sql.table(spec.headTable)} (singleton, chain_seq, hash, sealed_at)
        values (true, ${head.chainSeq}, ${head.hash}, now())
        on conflict (singleton) do update
          set chain_seq = excluded.chain_seq, hash = excluded.hash, sealed_at = excluded.sealed_at`.execute(tx);
    }
    return { sealed, head };
  });
}
