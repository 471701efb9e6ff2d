// The audit sealer: gives committed audit rows their place in the hash chain (chain_seq, prev_hash, hash), as
// X-Road batch-stamps its message log. Rows are written unchained inside the transaction of the change they
// record, so writers never queue on one chain lock; one sealer chains them shortly after.
//
// Why txid and not id: ids come from a sequence when the row is inserted, not when it commits, so a row with a
// smaller id can still appear after a larger one has been sealed. A row whose writing transaction is older than
// the oldest running transaction (txid < xmin of the current snapshot) is final: nothing can commit before it
// any more. Sealing only those rows means no record can ever be slipped in ahead of a sealed one.
import { type SqlBool, sql } from 'kysely';
import { canonicalJson, digestHex } from '../crypto/digest.ts';
import type { Db } from '../db/connect.ts';
import type { Tx } from '../db/tx.ts';

/** prev_hash of the first record in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Advisory lock key of the one sealer (migrate.ts uses 7301001). */
export const AUDIT_SEALER_LOCK = 7301002;

const DEFAULT_BATCH = 5000;

/** The columns that make up a record's content; every one of them is covered by the hash. */
export interface SealableAuditRow {
  id: number;
  at: Date;
  actor_kind: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  summary: unknown;
  result: string;
  ip: string | null;
  request_id: string | null;
}

export const CONTENT_COLUMNS = [
  'id',
  'at',
  'actor_kind',
  'actor_id',
  'actor_name',
  'action',
  'target_type',
  'target_id',
  'summary',
  'result',
  'ip',
  'request_id',
] as const;

/** hash = digest(prev_hash ‖ canonical JSON of the record's content and its place in the chain). */
export function chainHash(prevHash: string, row: SealableAuditRow, chainSeq: number): string {
  const content = {
    id: Number(row.id),
    at: new Date(row.at).toISOString(),
    actor_kind: row.actor_kind,
    actor_id: row.actor_id === null ? null : Number(row.actor_id),
    actor_name: row.actor_name,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    summary: row.summary,
    result: row.result,
    ip: row.ip,
    request_id: row.request_id,
    chain_seq: Number(chainSeq),
  };
  return digestHex(prevHash + canonicalJson(content));
}

export interface ChainHead {
  chainSeq: number;
  hash: string;
}

export interface SealResult {
  sealed: number;
  head: ChainHead | null;
}

export interface SealOptions {
  /** Rows read, hashed and updated per round (default 5,000). */
  batchSize?: number;
}

export async function readChainHead(tx: Tx): Promise<ChainHead | null> {
  const row = await tx.selectFrom('audit_chain_head').select(['chain_seq', 'hash']).executeTakeFirst();
  return row ? { chainSeq: Number(row.chain_seq), hash: row.hash } : null;
}

/** Seals every audit row that no running transaction can still precede. Safe to call from any number of
 * processes: one sealer runs at a time, the others wait for it and then find its work done. */
export async function sealAuditLog(db: Db, opts: SealOptions = {}): Promise<SealResult> {
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_SEALER_LOCK})`.execute(tx);
    // Read after taking the lock: a sealer that waited sees the chain its predecessor left.
    let head = await readChainHead(tx);
    // Taken once: every transaction below this xmin has ended, so its rows are visible to every later
    // statement of this transaction and the set of rows to seal cannot grow behind our back.
    const { rows: snap } = await sql<{ xmin: string }>`
      select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(tx);
    const xmin = snap[0].xmin;

    let sealed = 0;
    let afterId = 0;
    for (;;) {
      const batch = await tx
        .selectFrom('audit_log')
        .select(CONTENT_COLUMNS)
        .where('chain_seq', 'is', null)
        .where('id', '>', afterId)
        .where(sql<SqlBool>`txid < ${xmin}::xid8`)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (batch.length === 0) break;

      let seq = head?.chainSeq ?? 0;
      let prev = head?.hash ?? GENESIS_HASH;
      const links = batch.map((row) => {
        seq += 1;
        const hash = chainHash(prev, row as SealableAuditRow, seq);
        const link = { id: Number(row.id), seq, prev, hash };
        prev = hash;
        return link;
      });
      // One statement per round; JSON carries the batch so PostgreSQL and PGlite bind it the same way.
      await sql`
        update audit_log a
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
        insert into audit_chain_head (singleton, chain_seq, hash, sealed_at)
        values (true, ${head.chainSeq}, ${head.hash}, now())
        on conflict (singleton) do update
          set chain_seq = excluded.chain_seq, hash = excluded.hash, sealed_at = excluded.sealed_at`.execute(tx);
    }
    return { sealed, head };
  });
}
