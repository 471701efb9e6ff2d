-- The audit log (审计日志). Rows are written inside the transaction of the change they record; a single sealer
-- later gives each committed row its place in the hash chain (chain_seq, prev_hash, hash). Sealing after commit,
-- in commit-safe order, keeps the chain from becoming a global lock on every write (see DESIGN.md).
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default date_trunc('milliseconds', clock_timestamp()),
  actor_kind text not null check (actor_kind in ('user', 'apikey', 'system', 'anonymous')),
  actor_id bigint,
  actor_name text not null,
  action text not null,
  target_type text,
  target_id text,
  summary jsonb not null default '{}'::jsonb,
  result text not null check (result in ('ok', 'denied', 'failed')),
  ip text,
  request_id text,
  -- The writing transaction; the sealer seals only rows whose transaction can no longer be running.
  txid xid8 not null default pg_current_xact_id(),
  chain_seq bigint unique,
  prev_hash text,
  hash text,
  sealed_at timestamptz
);
create index audit_log_unsealed on audit_log (id) where chain_seq is null;
create index audit_log_at on audit_log (at);
create index audit_log_actor on audit_log (actor_name, at);
create index audit_log_action on audit_log (action, at);
create index audit_log_target on audit_log (target_type, target_id);

-- The last sealed record, kept apart so that deleting the newest records is also noticed.
create table audit_chain_head (
  singleton boolean primary key default true check (singleton),
  chain_seq bigint not null,
  hash text not null,
  sealed_at timestamptz not null
);
