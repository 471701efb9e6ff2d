-- 一号对外、集中受理: one queue for every citizen request (12345 hotline merged with the 数字城管 case loop).
-- DOMAIN.md §1. High-volume tables (cases, case_events, case_attachments, case_timers) are keyed by the case id
-- so they can be distributed by it later (DESIGN.md principle 1).
create extension if not exists pg_trgm;

-- 业务分类: a 大类/小类 tree (level 1 / 2). kind: component = 部件 (数字城管), event = 事件 (数字城管),
-- hotline = 12345 domain. Every time limit and rule is data an admin edits (DESIGN principle 4).
create table case_categories (
  id serial primary key,
  code text not null unique,
  parent_id int references case_categories (id),
  level smallint not null check (level in (1, 2)),
  kind text not null check (kind in ('component', 'event', 'hotline')),
  name text not null,
  name_en text not null default '',
  -- Search: extra keywords and the pinyin initials of the name (e.g. 井盖 → jg), for the agent's category search.
  keywords text not null default '',
  pinyin_initials text not null default '',
  description text not null default '',
  -- 部件 categories ask for a 16-digit component id (DOMAIN §1).
  concerns_component boolean not null default false,
  allow_anonymous boolean not null default true,
  -- Required attributes, also served as Open311 service definitions:
  -- [{code, datatype: string|number|datetime|text|singlevaluelist|multivaluelist, required, description,
  --   order, values: [{key, name}]}]
  attributes jsonb not null default '[]',
  -- Handling time limit per urgency: {"normal": {"amount": 5, "unit": "working_days"},
  --   "urgent": {"amount": 2, "unit": "working_hours"}}; null on a 小类 = take the nature default (case_settings).
  time_limits jsonb,
  -- Group used by duplicate detection ("same category group"): defaults to the 大类 code.
  duplicate_group text,
  active boolean not null default true,
  sort int not null default 0,
  version int not null default 1,
  updated_at timestamptz not null default now()
);
create index case_categories_parent on case_categories (parent_id);

-- Routing rules (派单规则): category (or a 大类, or any) × area prefix → responsible department.
-- The most specific match wins: longest area prefix, then 小类 over 大类 over any, then priority.
create table case_routing_rules (
  id serial primary key,
  category_id int references case_categories (id),
  area_prefix text not null default '',
  department_id int not null,
  -- 派单级次 市→区→街道: informational for the dispatcher.
  level text not null default 'city' check (level in ('city', 'district', 'street')),
  priority int not null default 0,
  note text not null default '',
  active boolean not null default true,
  created_at timestamptz not null default now()
);

-- One row per setting (DOMAIN §1 defaults); values are JSON. Examples: nature_time_limits, stage_limits,
-- yellow_share, escalate_after_working_days, duplicate_radius_m, duplicate_window_days, return_limit_hours,
-- reopen_policy, centre_department_code.
create table case_settings (
  key text primary key,
  value jsonb not null,
  updated_by text,
  updated_at timestamptz not null default now()
);

-- 工单. status values are the states of workflow.ts. version = optimistic concurrency (two people acting on
-- one case: one wins, the other gets 409).
create table cases (
  id bigserial primary key,
  case_no text not null unique,
  channel text not null check (channel in ('phone', 'web', 'app', 'letter', 'leader', 'department', 'grid', 'open311', 'sensor')),
  nature text not null check (nature in ('consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other')),
  category_id int references case_categories (id),
  urgency text not null default 'normal' check (urgency in ('normal', 'urgent')),
  title text not null,
  description text not null,
  status text not null,
  version int not null default 1,
  -- 诉求人. Personal data: masked for roles without case.reveal; revealing is audited.
  reporter_name text,
  reporter_phone text,
  reporter_id_no text,
  reporter_kind text not null default 'person' check (reporter_kind in ('person', 'enterprise')),
  anonymous boolean not null default false,
  confidential boolean not null default false,
  reporter_user_id int,
  -- Location, located into a grid (geo.locatePoint) at intake.
  address text,
  lat double precision,
  lng double precision,
  grid_code text,
  community_code text,
  street_code text,
  district_code text,
  -- The most specific division code known: area scope of the case (grants' area prefixes match it).
  area_code text,
  component_id text,
  attributes jsonb not null default '{}',
  -- Routing: main department and why ("why this department").
  main_department_id int,
  routing_rule_id int,
  routing_reason text,
  -- 并案: a merged case follows its master's status.
  master_case_id bigint references cases (id),
  -- The clock (workflow.ts / clock.ts): the current stage's deadline, the handling deadline, pause state.
  stage_due_at timestamptz,
  handle_due_at timestamptz,
  paused_since timestamptz,
  -- 0 = on time, 1 = 催办 fired, 2 = 督办 fired (each fires once: see case_timers).
  overdue_level smallint not null default 0,
  direct_answer boolean not null default false,
  -- 回访
  satisfaction text check (satisfaction in ('satisfied', 'basically', 'unsatisfied')),
  solved boolean,
  reopen_count int not null default 0,
  rework_count int not null default 0,
  created_by int,
  created_by_name text,
  accepted_at timestamptz,
  dispatched_at timestamptz,
  handled_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cases_status on cases (status, id);
create index cases_created on cases (created_at desc, id desc);
create index cases_category on cases (category_id, created_at desc);
create index cases_area on cases (area_code text_pattern_ops);
create index cases_dept on cases (main_department_id, status);
create index cases_phone on cases (reporter_phone, created_at desc);
create index cases_due on cases (stage_due_at) where stage_due_at is not null;
create index cases_master on cases (master_case_id) where master_case_id is not null;
create index cases_text_trgm on cases using gin ((title || ' ' || description) gin_trgm_ops);

-- Which departments take part in a case and how: 'centre' (the 12345/监督 centre that accepted it), 'main'
-- (主办), 'co' (协办). Scope checks and scoped lists go through this table: a department sees a case it takes
-- part in (DESIGN "Access control": co-handling is a reason to see another department's case).
create table case_parties (
  case_id bigint not null references cases (id),
  department_id int not null,
  department_path text not null,
  role text not null check (role in ('centre', 'main', 'co')),
  active boolean not null default true,
  signed_at timestamptz,
  primary key (case_id, department_id, role)
);
create index case_parties_path on case_parties (department_path text_pattern_ops) where active;

-- The timeline: every transition, note and notification-worthy fact. public = shown to the citizen.
create table case_events (
  id bigserial primary key,
  case_id bigint not null references cases (id),
  at timestamptz not null default now(),
  actor_id int,
  actor_name text not null,
  action text not null,
  from_status text,
  to_status text,
  department_id int,
  public boolean not null default false,
  note text,
  data jsonb not null default '{}'
);
create index case_events_case on case_events (case_id, id);

-- Photos and files (intake, 处置反馈, 核查). Kept in the database so both engines and backups see them.
create table case_attachments (
  id bigserial primary key,
  case_id bigint not null references cases (id),
  event_id bigint references case_events (id),
  stage text not null,
  filename text not null,
  mime text not null,
  size int not null,
  sha256 text not null,
  content bytea not null,
  public boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index case_attachments_case on case_attachments (case_id);

-- Pending requests on a case that are not states of their own: 延期 (extension), 退单 (return),
-- 挂起 (suspension), 重办 (reopen asked by the citizen). One open request per kind per case.
create table case_requests (
  id bigserial primary key,
  case_id bigint not null references cases (id),
  kind text not null check (kind in ('extension', 'return', 'suspension', 'reopen')),
  status text not null default 'pending' check (status in ('pending', 'approved', 'refused', 'withdrawn')),
  reason text not null,
  requested_due_at timestamptz,
  requested_by int,
  requested_by_name text not null,
  department_id int,
  decided_by_name text,
  decision_reason text,
  decided_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index case_requests_one_open on case_requests (case_id, kind) where status = 'pending';

-- Durable timers (DESIGN "jobs / timers": deadlines as rows, claimed with FOR UPDATE SKIP LOCKED). A timer
-- fires exactly once: the claiming transaction sets fired_at together with the action it causes.
create table case_timers (
  id bigserial primary key,
  case_id bigint not null references cases (id),
  kind text not null,
  due_at timestamptz not null,
  fired_at timestamptz,
  cancelled_at timestamptz,
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index case_timers_due on case_timers (due_at) where fired_at is null and cancelled_at is null;
create index case_timers_case on case_timers (case_id);

-- 知识库: standard answers for consultations answered on the call (直接办结).
create table case_knowledge (
  id serial primary key,
  category_id int references case_categories (id),
  question text not null,
  answer text not null,
  keywords text not null default '',
  active boolean not null default true,
  updated_by text,
  updated_at timestamptz not null default now()
);
create index case_knowledge_trgm on case_knowledge using gin ((question || ' ' || keywords) gin_trgm_ops);
