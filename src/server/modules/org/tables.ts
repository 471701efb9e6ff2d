import type { Generated } from 'kysely';

export interface OrgTables {
  departments: {
    id: Generated<number>;
    code: string;
    name: string;
    name_en: string | null;
    parent_id: number | null;
    path: string;
    kind: 'city' | 'bureau' | 'section' | 'centre' | 'district';
    area_code: string | null;
    sort: Generated<number>;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  users: {
    id: Generated<number>;
    username: string;
    display_name: string;
    password_hash: string;
    department_id: number | null;
    phone: string | null;
    email: string | null;
    disabled: Generated<boolean>;
    failed_logins: Generated<number>;
    locked_until: Date | null;
    password_changed_at: Generated<Date>;
    totp_secret: string | null;
    totp_enabled_at: Date | null;
    totp_last_step: number | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  user_grants: {
    id: Generated<number>;
    user_id: number;
    role: string;
    department_id: number | null;
    area_code: string | null;
    created_at: Generated<Date>;
  };
  recovery_codes: {
    id: Generated<number>;
    user_id: number;
    code_hash: string;
    used_at: Date | null;
  };
  role_policies: {
    role: string;
    mfa_required: boolean;
    updated_at: Generated<Date>;
  };
  sessions: {
    id: string;
    user_id: number;
    csrf_token: string;
    stage: 'active' | 'mfa_pending' | 'mfa_setup';
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
    revoked_at: Date | null;
    ip: string | null;
    user_agent: string | null;
  };
  api_keys: {
    id: Generated<number>;
    name: string;
    prefix: string;
    key_hash: string;
    scopes: string[];
    department_id: number | null;
    area_code: string | null;
    created_by: string;
    created_at: Generated<Date>;
    expires_at: Date | null;
    revoked_at: Date | null;
    last_used_at: Date | null;
  };
}
