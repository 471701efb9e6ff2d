-- Domain events written in the same transaction as the change (transactional outbox). Consumers claim
-- unprocessed rows with FOR UPDATE SKIP LOCKED, so an event is never lost nor handled twice after a crash.
create table outbox (
  id bigserial primary key,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  processed_at timestamptz
);
create index outbox_pending on outbox (id) where processed_at is null;
