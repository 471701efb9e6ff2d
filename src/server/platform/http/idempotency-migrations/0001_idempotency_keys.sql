-- Idempotency-Key on create endpoints (platform/http/idempotency.ts): the first response to a (caller, endpoint,
-- key) is stored in the same transaction as what it created, so a retry gets that response and never a second
-- object, and a crash cannot leave the object without its key. Rows expire after 24 hours.
create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  response_status int not null default 0,
  -- The response as sent (text, not jsonb: a replay returns the very same bytes).
  response_body text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (scope, key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);
