// The one hash-chain verifier behind the audit log and the exchange access log (sealed by seal-chain.ts): walks
// the sealed records in chain order, recomputes every hash and names the FIRST record that does not fit —
// altered, preceded by a gap (deleted records), not linked to its predecessor (inserted, reordered or forged), or
// disagreeing with the chain's head row (newest records deleted or forged).
//
// It runs without one long transaction, so that on PGlite (one connection) it does not hold up every request
// while it reads a large log. Pages are read by chain_seq (keyset); the head is read only after the walk, and a
// sealer commits rows and head together, so a head read later than the rows can never legitimately be behind
// them — if it is ahead, the walk simply continues with what was sealed meanwhile.
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { type ChainHead, GENESIS_HASH, readChainHeadOf } from './seal-chain.ts';

export type ChainProblem =
  /** The record's content no longer matches its hash. */
  | 'altered'
  /** chain_seq jumps: the records just before this one were deleted. */
  | 'deleted_before'
  /** prev_hash is not the previous record's hash: inserted, reordered or forged. */
  | 'out_of_order'
  /** The last record is not the one the head row remembers (newest records deleted, or the head altered). */
  | 'head_mismatch'
  /** A sealed record lies beyond the head: appended by hand, not by the sealer. */
  | 'beyond_head';

export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

export interface ChainFault {
  /** The record named; null when the record itself is gone (newest records deleted). */
  id: number | null;
  chainSeq: number | null;
  problem: ChainProblem;
  message: LocalizedText;
  /** For deletions: the chain_seq range that is missing. */
  missing?: { from: number; to: number };
}

export interface ChainWarning {
  code: 'unsealed_backlog';
  count: number;
  oldestId: number;
  oldestAt: string;
  message: LocalizedText;
}

export interface VerifyResult {
  ok: boolean;
  /** Records that passed every check (on failure: those before the first bad one). */
  checked: number;
  head: ChainHead | null;
  firstBad?: ChainFault;
  /** Not failures: e.g. rows left unsealed for longer than a sealer run should take. */
  warnings: ChainWarning[];
  message: LocalizedText;
}

export interface VerifyOptions {
  /** Called after each page: records checked so far, and the chain length the head announced at the start. */
  onProgress?: (checked: number, total: number) => void;
  pageSize?: number;
  /** Unsealed rows older than this are reported as a warning (default one minute). */
  unsealedWarnAfterMs?: number;
}

/** What differs between chains: where they live, what a link hashes, and what a record is called. */
export interface ChainVerifySpec<Row extends { id: number }> {
  /** Table with id, at, chain_seq, prev_hash, hash and the content columns. */
  table: string;
  headTable: string;
  /** The columns hashed into each link. */
  columns: readonly string[];
  hash: (prevHash: string, row: Row, chainSeq: number) => string;
  /** "记录 / Record", "调用日志记录 / Access-log record" — how a message names one record. */
  record: LocalizedText;
  /** "审计日志链 / Audit chain" — how the summary names the chain. */
  chain: LocalizedText;
  /** "审计记录 / audit records" — what the backlog warning counts. */
  records: LocalizedText;
}

type ChainRow<Row> = Row & { chain_seq: number; prev_hash: string | null; hash: string | null };

const DEFAULT_PAGE = 5000;

export async function verifyChain<Row extends { id: number }>(
  db: Db,
  spec: ChainVerifySpec<Row>,
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const pageSize = Math.max(1, opts.pageSize ?? DEFAULT_PAGE);
  const readHead = () => readChainHeadOf(db, spec.headTable);
  const total = (await readHead())?.chainSeq ?? 0;
  const warnings = await unsealedBacklog(db, spec, opts.unsealedWarnAfterMs ?? 60_000);
  const rec = spec.record;

  let checked = 0;
  let prevHash = GENESIS_HASH;
  let last: { id: number; chainSeq: number; hash: string } | null = null;
  const fail = async (firstBad: ChainFault, head?: ChainHead | null): Promise<VerifyResult> => ({
    ok: false,
    checked,
    head: head === undefined ? await readHead() : head,
    firstBad,
    warnings,
    message: {
      'zh-CN': `${spec.chain['zh-CN']}校验失败：${firstBad.message['zh-CN']}`,
      en: `${spec.chain.en} verification failed: ${firstBad.message.en}`,
    },
  });

  for (;;) {
    let page: ChainRow<Row>[] = await readPage(db, spec, last?.chainSeq ?? 0, pageSize);
    if (page.length === 0) {
      const head = await readHead();
      // The sealer may have committed more rows (and their head) while we walked; read on if so.
      if (head && head.chainSeq > (last?.chainSeq ?? 0)) page = await readPage(db, spec, last?.chainSeq ?? 0, pageSize);
      if (page.length === 0) {
        const fault = await compareWithHead(db, spec, head, last);
        if (fault) return fail(fault, head);
        return {
          ok: true,
          checked,
          head,
          warnings,
          message: {
            'zh-CN': `${spec.chain['zh-CN']}完整：已校验 ${checked} 条记录`,
            en: `${spec.chain.en} intact: ${checked} records verified`,
          },
        };
      }
    }

    for (const row of page) {
      const seq: number = Number(row.chain_seq);
      const id: number = Number(row.id);
      const expected: number = (last?.chainSeq ?? 0) + 1;
      if (seq !== expected) {
        return fail({
          id,
          chainSeq: seq,
          problem: 'deleted_before',
          missing: { from: expected, to: seq - 1 },
          message: {
            'zh-CN': `${rec['zh-CN']} #${id}（链序号 ${seq}）之前的记录已被删除：缺少链序号 ${rangeText(expected, seq - 1)}`,
            en: `Records before #${id} (chain_seq ${seq}) were deleted: chain_seq ${rangeText(expected, seq - 1)} missing`,
          },
        });
      }
      if (row.prev_hash !== prevHash) {
        return fail({
          id,
          chainSeq: seq,
          problem: 'out_of_order',
          message: {
            'zh-CN': `${rec['zh-CN']} #${id}（链序号 ${seq}）未与前一条记录相链接：该记录被插入、调换顺序或伪造`,
            en: `${rec.en} #${id} (chain_seq ${seq}) does not link to the record before it: inserted, reordered or forged`,
          },
        });
      }
      if (row.hash !== spec.hash(prevHash, row, seq)) {
        return fail({
          id,
          chainSeq: seq,
          problem: 'altered',
          message: {
            'zh-CN': `${rec['zh-CN']} #${id}（链序号 ${seq}）的内容已被篡改：与其哈希值不符`,
            en: `${rec.en} #${id} (chain_seq ${seq}) was altered: its content does not match its hash`,
          },
        });
      }
      prevHash = row.hash;
      last = { id, chainSeq: seq, hash: row.hash };
      checked += 1;
    }
    opts.onProgress?.(checked, Math.max(total, checked));
  }
}

async function readPage<Row extends { id: number }>(
  db: Db,
  spec: ChainVerifySpec<Row>,
  afterSeq: number,
  pageSize: number,
): Promise<ChainRow<Row>[]> {
  const columns = sql.join([...spec.columns, 'chain_seq', 'prev_hash', 'hash'].map((c) => sql.ref(c)));
  const { rows } = await sql<ChainRow<Row>>`
    select ${columns} from ${sql.table(spec.table)}
     where chain_seq > ${afterSeq}
     order by chain_seq
     limit ${pageSize}`.execute(db);
  return rows;
}

async function compareWithHead<Row extends { id: number }>(
  db: Db,
  spec: ChainVerifySpec<Row>,
  head: ChainHead | null,
  last: { id: number; chainSeq: number; hash: string } | null,
): Promise<ChainFault | undefined> {
  const rec = spec.record;
  if (!head && !last) return undefined;
  if (!head && last) {
    return {
      id: last.id,
      chainSeq: last.chainSeq,
      problem: 'head_mismatch',
      message: {
        'zh-CN': `链头记录（${spec.headTable}）缺失，无法确认${rec['zh-CN']} #${last.id}（链序号 ${last.chainSeq}）是最新一条`,
        en: `The chain head (${spec.headTable}) is missing; ${rec.en.toLowerCase()} #${last.id} (chain_seq ${last.chainSeq}) cannot be confirmed as the newest`,
      },
    };
  }
  const h = head as ChainHead;
  const lastSeq = last?.chainSeq ?? 0;
  if (h.chainSeq > lastSeq) {
    const after = last ? `${rec['zh-CN']} #${last.id}（链序号 ${lastSeq}）之后` : '链首';
    const afterEn = last ? `after ${rec.en.toLowerCase()} #${last.id} (chain_seq ${lastSeq})` : 'from the start';
    return {
      id: null,
      chainSeq: lastSeq + 1,
      problem: 'head_mismatch',
      missing: { from: lastSeq + 1, to: h.chainSeq },
      message: {
        'zh-CN': `最新的记录已被删除：链头为链序号 ${h.chainSeq}，${after}缺少链序号 ${rangeText(lastSeq + 1, h.chainSeq)}`,
        en: `The newest records were deleted: the head is chain_seq ${h.chainSeq}, chain_seq ${rangeText(lastSeq + 1, h.chainSeq)} missing ${afterEn}`,
      },
    };
  }
  if (h.chainSeq < lastSeq) {
    const { rows } = await sql<{ id: number }>`
      select id from ${sql.table(spec.table)} where chain_seq = ${h.chainSeq + 1}`.execute(db);
    const id = rows[0] ? Number(rows[0].id) : null;
    return {
      id,
      chainSeq: h.chainSeq + 1,
      problem: 'beyond_head',
      message: {
        'zh-CN': `${rec['zh-CN']} #${id}（链序号 ${h.chainSeq + 1}）位于链头（链序号 ${h.chainSeq}）之后：不是由封存程序写入的，疑似伪造`,
        en: `${rec.en} #${id} (chain_seq ${h.chainSeq + 1}) lies beyond the chain head (chain_seq ${h.chainSeq}): it was not sealed by the sealer and looks forged`,
      },
    };
  }
  if (last && h.hash !== last.hash) {
    return {
      id: last.id,
      chainSeq: last.chainSeq,
      problem: 'head_mismatch',
      message: {
        'zh-CN': `最后一条${rec['zh-CN']} #${last.id}（链序号 ${last.chainSeq}）与链头记录的哈希值不符：记录或链头被替换`,
        en: `The last ${rec.en.toLowerCase()} #${last.id} (chain_seq ${last.chainSeq}) does not match the chain head's hash: the record or the head was replaced`,
      },
    };
  }
  return undefined;
}

async function unsealedBacklog<Row extends { id: number }>(
  db: Db,
  spec: ChainVerifySpec<Row>,
  olderThanMs: number,
): Promise<ChainWarning[]> {
  const { rows } = await sql<{ count: number; oldest_id: number | null; oldest_at: Date | null }>`
    select count(*)::int as count, min(id) as oldest_id, min(at) as oldest_at
      from ${sql.table(spec.table)}
     where chain_seq is null and at < now() - ${olderThanMs} * interval '1 millisecond'`.execute(db);
  const r = rows[0];
  if (!r || r.count === 0 || r.oldest_id === null || r.oldest_at === null) return [];
  const oldestAt = new Date(r.oldest_at).toISOString();
  const minutes = Math.round(olderThanMs / 60_000) || 1;
  return [
    {
      code: 'unsealed_backlog',
      count: r.count,
      oldestId: Number(r.oldest_id),
      oldestAt,
      message: {
        'zh-CN': `有 ${r.count} 条${spec.records['zh-CN']}超过 ${minutes} 分钟仍未封存（最早 #${r.oldest_id}，${oldestAt}）：请检查封存任务是否在运行，或是否有长时间未结束的事务`,
        en: `${r.count} ${spec.records.en} have been unsealed for over ${minutes} minute(s) (oldest #${r.oldest_id}, ${oldestAt}): check that the sealer job runs and that no transaction is left open`,
      },
    },
  ];
}

function rangeText(from: number, to: number): string {
  return from === to ? String(from) : `${from}–${to}`;
}
