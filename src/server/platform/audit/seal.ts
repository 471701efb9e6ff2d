// The audit sealer: gives committed audit rows their place in the hash chain (chain_seq, prev_hash, hash). The
// mechanism (and why it seals by txid, not id) is platform/chain/seal-chain.ts; this file says what an audit
// link hashes.
import { canonicalJson, digestHex } from '../crypto/digest.ts';
import { type ChainHead, GENESIS_HASH, readChainHeadOf, sealChain } from '../chain/seal-chain.ts';
import type { Db } from '../db/connect.ts';
import type { Tx } from '../db/tx.ts';

/** prev_hash of the first record in the chain. */
export { GENESIS_HASH };

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

export type { ChainHead };

export interface SealResult {
  sealed: number;
  head: ChainHead | null;
}

export interface SealOptions {
  /** Rows read, hashed and updated per round (default 5,000). */
  batchSize?: number;
}

export function readChainHead(tx: Tx): Promise<ChainHead | null> {
  return readChainHeadOf(tx, 'audit_chain_head');
}

/** Seals every audit row that no running transaction can still precede. Safe to call from any number of
 * processes: one sealer runs at a time, the others wait for it and then find its work done. */
export function sealAuditLog(db: Db, opts: SealOptions = {}): Promise<SealResult> {
  return sealChain<SealableAuditRow>(
    db,
    {
      table: 'audit_log',
      headTable: 'audit_chain_head',
      lockKey: AUDIT_SEALER_LOCK,
      columns: CONTENT_COLUMNS,
      hash: chainHash,
    },
    Math.max(1, opts.batchSize ?? DEFAULT_BATCH),
  );
}
