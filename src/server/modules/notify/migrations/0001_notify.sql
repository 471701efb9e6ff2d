-- Notifications (issue 4 "Notifications"): in-app notices to staff, SMS / e-mail notices to citizens, signed
-- webhooks to other city systems. All of them are made by outbox consumers (platform/outbox/consumer.ts) in the
-- transaction that advances the consumer's cursor, so each event makes its rows exactly once; sending happens
-- afterwards from the delivery rows, retried with backoff, so a failing gateway never loses an event.

-- In-app notices for staff (站内通知): the people who must act on a case.
create table notifications (
  id bigserial primary key,
  user_id int not null,
  kind text not null,
  case_id bigint,
  case_no text,
  title text not null,
  body text not null default '',
  data jsonb not null default '{}',
  event_id bigint not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (user_id, event_id, kind)
);
create index notifications_user on notifications (user_id, id desc);
create index notifications_unread on notifications (user_id) where read_at is null;

-- SMS and e-mail to citizens. recipient holds the address only while it is needed to send; it is cleared once the
-- delivery is sent or has failed for good (recipient_masked stays for the log).
create table notification_deliveries (
  id bigserial primary key,
  channel text not null check (channel in ('sms', 'email')),
  template text not null,
  recipient text,
  recipient_masked text not null,
  case_id bigint,
  case_no text,
  subject text not null default '',
  message text not null,
  event_id bigint not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (event_id, channel, template, case_id)
);
create index notification_deliveries_due on notification_deliveries (next_attempt_at) where status = 'pending';

-- Webhook subscriptions (other city systems). The secret signs every delivery (HMAC-SHA256); it is shown once
-- when created and kept to sign with.
create table webhook_subscriptions (
  id serial primary key,
  name text not null,
  url text not null,
  secret text not null,
  -- Event types ('case.created', 'case.transitioned' …); '*' = every case event.
  event_types text[] not null,
  active boolean not null default true,
  version int not null default 1,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table webhook_deliveries (
  id bigserial primary key,
  subscription_id int not null references webhook_subscriptions (id),
  -- X-OneCity-Delivery: the same on every retry, so receivers can drop repeats (idempotent receivers).
  delivery_id uuid not null unique,
  event_id bigint not null,
  event_type text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status int,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  unique (subscription_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_sub on webhook_deliveries (subscription_id, id desc);
