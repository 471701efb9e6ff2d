// The exchange access log (调用日志, X-Road's message log): one row per exchange call, written in the call's own
// transaction, unchained; one sealer (job 'exchange.seal') later gives committed rows their place in a hash chain
// in commit-safe order with the same sealer as the audit log (platform/chain/seal-chain.ts); verifyAccessLog walks
// the chain with the audit log's verifier (platform/chain/verify-chain.ts) and names the first record that does not fit.
import { canonicalJson, digestHex } from '../../platform/crypto/digest.ts';
import { sealChain } from '../../platform/chain/seal-chain.ts';
import {
  type ChainVerifySpec,
  type VerifyOptions,
  type VerifyResult,
  verifyChain,
} from '../../platform/chain/verify-chain.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tx.ts';

/** Advisory lock key of the one access-log sealer (the audit sealer uses 7301002). */
export const EXCHANGE_SEALER_LOCK = 7301010;
const BATCH = 5000;

export interface AccessLogEntry {
  consumerSystem: string;
  consumerPath: string;
  providerPath: string;
  credentialId: number | null;
  grantId: number | null;
  userId: string | null;
  purpose: string | null;
  resourceCode: string;
  endpoint: string;
  fields: string[];
  rowCount: number;
  status: number;
  requestHash: string;
  responseHash: string | null;
}

export async function writeAccessLog(tx: Tx, e: AccessLogEntry): Promise<void> {
  await tx
    .insertInto('exchange_access_log')
    .values({
      consumer_system: e.consumerSystem,
      consumer_path: e.consumerPath,
      provider_path: e.providerPath,
      credential_id: e.credentialId,
      grant_id: e.grantId,
      user_id: e.userId,
      purpose: e.purpose,
      resource_code: e.resourceCode,
      endpoint: e.endpoint,
      fields: e.fields,
      row_count: e.rowCount,
      status: e.status,
      request_hash: e.requestHash,
      response_hash: e.responseHash,
    })
    .execute();
}

const CONTENT = [
  'id',
  'at',
  'consumer_system',
  'consumer_path',
  'provider_path',
  'credential_id',
  'grant_id',
  'user_id',
  'purpose',
  'resource_code',
  'endpoint',
  'fields',
  'row_count',
  'status',
  'request_hash',
  'response_hash',
] as const;

interface ContentRow {
  id: number;
  at: Date;
  consumer_system: string;
  consumer_path: string;
  provider_path: string;
  credential_id: number | null;
  grant_id: number | null;
  user_id: string | null;
  purpose: string | null;
  resource_code: string;
  endpoint: string;
  fields: string[];
  row_count: number;
  status: number;
  request_hash: string;
  response_hash: string | null;
}

const numOrNull = (v: number | null) => (v === null ? null : Number(v));

export function accessLogHash(prev: string, r: ContentRow, seq: number): string {
  return digestHex(
    prev +
      canonicalJson({
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        consumer_system: r.consumer_system,
        consumer_path: r.consumer_path,
        provider_path: r.provider_path,
        credential_id: numOrNull(r.credential_id),
        grant_id: numOrNull(r.grant_id),
        user_id: r.user_id,
        purpose: r.purpose,
        resource_code: r.resource_code,
        endpoint: r.endpoint,
        fields: r.fields,
        row_count: Number(r.row_count),
        status: Number(r.status),
        request_hash: r.request_hash,
        response_hash: r.response_hash,
        chain_seq: seq,
      }),
  );
}

/** Seals every access-log row no running transaction can still precede (platform/chain/seal-chain.ts). */
export async function sealAccessLog(db: Db): Promise<number> {
  const { sealed } = await sealChain<ContentRow>(
    db,
    {
      table: 'exchange_access_log',
      headTable: 'exchange_log_head',
      lockKey: EXCHANGE_SEALER_LOCK,
      columns: CONTENT,
      hash: accessLogHash,
    },
    BATCH,
  );
  return sealed;
}

const ACCESS_LOG_CHAIN: ChainVerifySpec<ContentRow> = {
  table: 'exchange_access_log',
  headTable: 'exchange_log_head',
  columns: CONTENT,
  hash: accessLogHash,
  record: { 'zh-CN': '调用日志记录', en: 'Access-log record' },
  chain: { 'zh-CN': '交换调用日志链', en: 'Access-log chain' },
  records: { 'zh-CN': '调用日志记录', en: 'access-log records' },
};

export type AccessLogVerifyResult = VerifyResult;

/** Walks the sealed access log in chain order and names the first record that does not fit
 * (platform/chain/verify-chain.ts, the same walk as the audit log's). */
export function verifyAccessLog(db: Db, opts: VerifyOptions = {}): Promise<AccessLogVerifyResult> {
  return verifyChain(db, ACCESS_LOG_CHAIN, opts);
}
