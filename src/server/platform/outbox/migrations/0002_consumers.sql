-- Outbox consumers: each named consumer (notify.inapp, notify.webhooks …) reads the outbox in commit-safe order
-- with its own cursor. The cursor and the consumer's own writes commit in one transaction, so an event is handled
-- exactly once per consumer, also across crashes (platform/outbox/consumer.ts).
--
-- Why txid: ids come from a sequence when a row is inserted, not when it commits, so a smaller id can become
-- visible after a larger one has been read. A row whose writing transaction is older than the oldest running
-- transaction (txid < xmin) is final; a consumer reads only those, ordered by (txid, id) — the same rule as the
-- audit sealer (platform/chain/seal-chain.ts). Rows that existed before this migration get its txid: all final.
alter table outbox add column txid xid8 not null default pg_current_xact_id();
create index outbox_commit_order on outbox (txid, id);

create table outbox_consumers (
  name text primary key,
  -- Position of the last event handled: (txid, id) of that row; (0, 0) = nothing handled yet.
  last_txid xid8 not null default '0'::xid8,
  last_id bigint not null default 0,
  handled bigint not null default 0,
  updated_at timestamptz not null default now(),
  -- The last failure of a batch (the batch rolled back and is retried on the next run).
  last_error text,
  failed_at timestamptz
);
