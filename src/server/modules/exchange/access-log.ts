// The exchange access log (调用日志, X-Road's message log): one row per exchange call, written in the call's own
// transaction, unchained; one sealer (job 'exchange.seal') later gives committed rows their place in a hash chain
// in commit-safe order with the same sealer as the audit log (platform/chain/seal-chain.ts); verifyAccessLog walks the chain
// and names the first record that does not fit.
import { canonicalJson, digestHex } from '../../platform/crypto/digest.ts';
import { type ChainHead, GENESIS_HASH, readChainHeadOf, sealChain } from '../../platform/chain/seal-chain.ts';
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

function readHead(tx: Tx): Promise<ChainHead | null> {
  return readChainHeadOf(tx, 'exchange_log_head');
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

export interface AccessLogVerifyResult {
  ok: boolean;
  checked: number;
  firstBad?: {
    id: number | null;
    chainSeq: number | null;
    problem: 'altered' | 'deleted_before' | 'out_of_order' | 'head_mismatch';
    message: { 'zh-CN': string; en: string };
  };
}

/** Walks the sealed access log in chain order and names the first record that does not fit. */
export async function verifyAccessLog(db: Db): Promise<AccessLogVerifyResult> {
  let checked = 0;
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let lastHash: string | null = null;
  let lastId: number | null = null;
  for (;;) {
    const page = (await db
      .selectFrom('exchange_access_log')
      .select([...CONTENT, 'chain_seq', 'prev_hash', 'hash'])
      .where('chain_seq', '>', lastSeq)
      .orderBy('chain_seq')
      .limit(BATCH)
      .execute()) as (ContentRow & { chain_seq: number; prev_hash: string | null; hash: string | null })[];
    if (page.length === 0) break;
    for (const row of page) {
      const id = Number(row.id);
      const seq = Number(row.chain_seq);
      const bad = (problem: 'altered' | 'deleted_before' | 'out_of_order', zh: string, en: string) => ({
        ok: false,
        checked,
        firstBad: {
          id,
          chainSeq: seq,
          problem,
          message: {
            'zh-CN': `调用日志记录 #${id}（链序号 ${seq}）${zh}`,
            en: `Access-log record #${id} (chain_seq ${seq}) ${en}`,
          },
        },
      });
      if (seq !== lastSeq + 1) return bad('deleted_before', '之前的记录已被删除', 'follows deleted records');
      if (row.prev_hash !== prev)
        return bad('out_of_order', '未与前一条记录相链接', 'does not link to the record before it');
      if (row.hash !== accessLogHash(prev, row, seq))
        return bad('altered', '的内容已被篡改：与其哈希值不符', 'was altered: its content does not match its hash');
      prev = row.hash;
      lastSeq = seq;
      lastHash = row.hash;
      lastId = id;
      checked += 1;
    }
  }
  const head = await readHead(db);
  if ((head?.chainSeq ?? 0) !== lastSeq || (head !== null && head.hash !== lastHash)) {
    return {
      ok: false,
      checked,
      firstBad: {
        id: lastId,
        chainSeq: lastSeq,
        problem: 'head_mismatch',
        message: {
          'zh-CN': `调用日志链头（链序号 ${head?.chainSeq ?? 0}）与最后一条记录（链序号 ${lastSeq}）不符：最新记录被删除或伪造`,
          en: `The access-log head (chain_seq ${head?.chainSeq ?? 0}) does not match the last record (chain_seq ${lastSeq}): newest records deleted or forged`,
        },
      },
    };
  }
  return { ok: true, checked };
}
