import type { ColumnType, Generated } from 'kysely';

export type MaskTargetKind = 'element' | 'pi_kind';
/** keep: first n + last m characters; replace_all: every character; hash: a per-grant token; none: clear;
 * district: an address cut after its district / county; year: a date generalised to its year; email: the first
 * n characters of the local part and the domain. */
export type MaskMethod = 'keep' | 'replace_all' | 'hash' | 'none' | 'district' | 'year' | 'email';

export type RequestStatus = 'pending_office' | 'pending_provider' | 'granted' | 'refused';

export interface ExchangeTables {
  exchange_requests: {
    id: Generated<number>;
    resource_id: number;
    resource_code: string;
    share_type: string;
    provider_path: string;
    consumer_department_id: number;
    consumer_path: string;
    consumer_system: string;
    purpose: string;
    legal_basis: string;
    fields: string[];
    period_days: number;
    status: RequestStatus;
    office_reason: string | null;
    decision_reason: string | null;
    office_due: Date | null;
    provider_due: Date | null;
    office_escalated_at: Date | null;
    provider_escalated_at: Date | null;
    created_by: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  exchange_grants: {
    id: Generated<number>;
    request_id: number;
    resource_id: number;
    resource_code: string;
    provider_path: string;
    consumer_path: string;
    consumer_system: string;
    fields: string[];
    row_filter: ColumnType<Record<string, string> | null, string | null, string | null>;
    clear_values: Generated<boolean>;
    expires_at: Date;
    revoked_at: Date | null;
    revoked_by: string | null;
    created_at: Generated<Date>;
  };
  exchange_credentials: {
    id: Generated<number>;
    grant_id: number;
    prefix: string;
    secret_hash: string;
    created_by: string;
    created_at: Generated<Date>;
    revoked_at: Date | null;
    revoked_by: Generated<string | null>;
  };
  exchange_access_log: {
    id: Generated<number>;
    at: Generated<Date>;
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
    txid: Generated<string>;
    chain_seq: number | null;
    prev_hash: string | null;
    hash: string | null;
    sealed_at: Date | null;
  };
  exchange_log_head: {
    singleton: Generated<boolean>;
    chain_seq: number;
    hash: string;
    sealed_at: Date;
  };
  exchange_settings: {
    id: Generated<number>;
    office_check_working_days: number;
    provider_reply_working_days: number;
    provider_reply_offline_working_days: number;
    mask_salt: Generated<string>;
    export_concurrency: Generated<number>;
    version: Generated<number>;
    updated_at: Generated<Date>;
    updated_by: Generated<string>;
  };
  exchange_masking_rules: {
    id: Generated<number>;
    target_kind: MaskTargetKind;
    target: string;
    method: MaskMethod;
    keep_first: number;
    keep_last: number;
    note: string | null;
    version: Generated<number>;
    updated_at: Generated<Date>;
    updated_by: Generated<string>;
  };
}
