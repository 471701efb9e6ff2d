import type { ColumnType, Generated } from 'kysely';

export interface AuditTables {
  audit_log: {
    id: Generated<number>;
    at: Generated<Date>;
    actor_kind: 'user' | 'apikey' | 'system' | 'anonymous';
    actor_id: number | null;
    actor_name: string;
    action: string;
    target_type: string | null;
    target_id: string | null;
    summary: ColumnType<Record<string, unknown>, string, string>;
    result: 'ok' | 'denied' | 'failed';
    ip: string | null;
    request_id: string | null;
    txid: Generated<string>;
    chain_seq: number | null;
    prev_hash: string | null;
    hash: string | null;
    sealed_at: Date | null;
  };
  audit_chain_head: {
    singleton: Generated<boolean>;
    chain_seq: number;
    hash: string;
    sealed_at: Date;
  };
}
