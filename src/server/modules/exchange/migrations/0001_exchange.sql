-- 共享交换: access requests (申请), grants (授权) with their credentials, and the access log (调用日志) sealed into a
-- hash chain after commit, as the audit log is (platform/audit/seal.ts).
create table exchange_requests (
  id serial primary key,
  resource_id int not null,
  resource_code text not null,
  share_type text not null,
  provider_path text not null,
  consumer_department_id int not null,
  consumer_path text not null,
  consumer_system text not null,
  purpose text not null,
  legal_basis text not null,
  fields text[] not null,
  period_days int not null,
  status text not null check (status in ('pending_office', 'pending_provider', 'granted', 'refused')),
  office_reason text,
  decision_reason text,
  -- Working-day deadlines; null while no working-day calendar is available.
  office_due timestamptz,
  provider_due timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index exchange_requests_status on exchange_requests (status, created_at);

create table exchange_grants (
  id serial primary key,
  request_id int not null unique references exchange_requests (id),
  resource_id int not null,
  resource_code text not null,
  provider_path text not null,
  consumer_path text not null,
  consumer_system text not null,
  fields text[] not null,
  row_filter jsonb,
  clear_values boolean not null default false,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by text,
  created_at timestamptz not null default now()
);

-- Secrets are shown once; only their SHA-256 is kept.
create table exchange_credentials (
  id serial primary key,
  grant_id int not null references exchange_grants (id),
  prefix text not null,
  secret_hash text not null unique,
  created_by text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

create table exchange_access_log (
  id bigserial primary key,
  at timestamptz not null default date_trunc('milliseconds', clock_timestamp()),
  consumer_system text not null,
  consumer_path text not null,
  provider_path text not null,
  credential_id int,
  grant_id int,
  user_id text,
  purpose text,
  resource_code text not null,
  endpoint text not null,
  fields text[] not null,
  row_count int not null,
  status int not null,
  request_hash text not null,
  response_hash text,
  txid xid8 not null default pg_current_xact_id(),
  chain_seq bigint unique,
  prev_hash text,
  hash text,
  sealed_at timestamptz
);
create index exchange_access_log_unsealed on exchange_access_log (id) where chain_seq is null;
create index exchange_access_log_resource on exchange_access_log (resource_code, at);

create table exchange_log_head (
  singleton boolean primary key default true check (singleton),
  chain_seq bigint not null,
  hash text not null,
  sealed_at timestamptz not null
);
