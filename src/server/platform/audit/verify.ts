// The audit chain verifier: the shared walk of platform/chain/verify-chain.ts over audit_log, which names the
// FIRST record that does not fit — altered, preceded by a gap (deleted records), not linked to its predecessor
// (inserted, reordered or forged), or disagreeing with audit_chain_head (newest records deleted or forged).
import { type ChainVerifySpec, type VerifyOptions, type VerifyResult, verifyChain } from '../chain/verify-chain.ts';
import type { Db } from '../db/connect.ts';
import { CONTENT_COLUMNS, chainHash, type SealableAuditRow } from './seal.ts';

export type {
  ChainFault,
  ChainProblem,
  ChainWarning,
  LocalizedText,
  VerifyOptions,
  VerifyResult,
} from '../chain/verify-chain.ts';

const AUDIT_CHAIN: ChainVerifySpec<SealableAuditRow> = {
  table: 'audit_log',
  headTable: 'audit_chain_head',
  columns: CONTENT_COLUMNS,
  hash: chainHash,
  record: { 'zh-CN': '记录', en: 'Record' },
  chain: { 'zh-CN': '审计日志链', en: 'Audit chain' },
  records: { 'zh-CN': '审计记录', en: 'audit records' },
};

export function verifyAuditChain(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  return verifyChain(db, AUDIT_CHAIN, opts);
}
