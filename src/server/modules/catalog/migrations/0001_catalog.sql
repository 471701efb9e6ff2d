-- Data catalog (数据目录): the systems registry (摸清家底), data elements (数据元, GB/T 19488) with their code lists
-- (值域代码表), the government information resource catalog (政务信息资源目录, GB/T 21063) and the demand list (需求清单).
--
-- Departments belong to the org module. Rows here keep the department id and a copy of its materialised path
-- ("/1/4/"): org never moves a department, so the path is stable, and scopeWhere() can filter by it in SQL
-- without reading org's tables.
create extension if not exists pg_trgm;

-- 值域代码表. A list whose items live elsewhere (division codes: the geo module's gazetteer) names that source
-- and holds no items of its own.
create table catalog_code_lists (
  id text primary key,
  name text not null,
  name_en text,
  standard text,
  source text,
  created_by text not null,
  created_at timestamptz not null default now()
);

create table catalog_code_list_items (
  list_id text not null references catalog_code_lists (id) on delete cascade,
  code text not null,
  label_zh text not null,
  label_en text,
  sort int not null,
  primary key (list_id, code)
);

-- 数据元: an element is never edited in place; a change is a new row with the next version number.
create sequence catalog_element_seq;
create table catalog_elements (
  identifier text not null,
  version int not null check (version >= 1),
  name_zh text not null,
  name_en text,
  definition text not null,
  data_type text not null check (data_type in ('string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'code')),
  format text,
  domain_kind text not null check (domain_kind in ('none', 'code_list', 'pattern', 'range', 'validator')),
  code_list_id text references catalog_code_lists (id),
  pattern text,
  range_min numeric,
  range_max numeric,
  validator text check (validator in ('id_card', 'credit_code', 'org_code', 'division_code', 'mobile', 'date')),
  unit text,
  status text not null check (status in ('draft', 'standard', 'retired')),
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (identifier, version),
  check ((domain_kind = 'code_list') = (code_list_id is not null)),
  check ((domain_kind = 'pattern') = (pattern is not null)),
  check ((domain_kind = 'validator') = (validator is not null)),
  check ((domain_kind = 'range') = (range_min is not null or range_max is not null))
);
create index catalog_elements_search on catalog_elements
  using gin ((identifier || ' ' || name_zh || ' ' || coalesce(name_en, '')) gin_trgm_ops);

-- 政务信息资源目录. The code (classification + '-' + 6-digit sequence) is assigned at creation from a counter per
-- classification that only goes up, so a code is never reused.
create table catalog_resource_counters (
  classification text primary key,
  last_seq int not null
);

create table catalog_resources (
  id serial primary key,
  code text not null unique,
  name text not null,
  classification text not null,
  kind text not null check (kind in ('base', 'theme', 'department')),
  provider_department_id int not null,
  provider_path text not null,
  summary text not null,
  format text not null check (format in ('table', 'file', 'api')),
  share_type text not null check (share_type in ('unconditional', 'conditional', 'none')),
  share_conditions text,
  share_basis text,
  share_method text check (share_method in ('api', 'table', 'file')),
  openness text not null check (openness in ('open', 'conditional', 'closed')),
  update_cycle text not null check (update_cycle in ('realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly')),
  grade text not null check (grade in ('general', 'important', 'core')),
  related_codes text[] not null default '{}',
  status text not null check (status in ('draft', 'submitted', 'published', 'deprecated')),
  status_note text,
  publish_date date,
  submitted_at timestamptz,
  reviewed_by text,
  reviewed_at timestamptz,
  created_by text not null,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- 不予共享 needs its legal basis (政务数据共享条例); shared data needs a way to be shared.
  check (share_type <> 'none' or share_basis is not null),
  check (share_type = 'none' or share_method is not null)
);
create index catalog_resources_provider on catalog_resources (provider_path text_pattern_ops);
create index catalog_resources_classification on catalog_resources (classification text_pattern_ops);
create index catalog_resources_search on catalog_resources using gin ((name || ' ' || summary) gin_trgm_ops);

-- 信息项: each bound to one version of a data element.
create table catalog_resource_items (
  resource_id int not null references catalog_resources (id) on delete cascade,
  position int not null,
  name text not null,
  element_identifier text not null,
  element_version int not null,
  is_key boolean not null default false,
  personal_info text not null check (personal_info in ('none', 'personal', 'sensitive')),
  example text,
  primary key (resource_id, position),
  foreign key (element_identifier, element_version) references catalog_elements (identifier, version)
);
create index catalog_resource_items_element on catalog_resource_items (element_identifier, element_version);
create index catalog_resource_items_search on catalog_resource_items using gin (name gin_trgm_ops);

-- 信息系统 (摸清家底).
create table catalog_systems (
  id serial primary key,
  name text not null,
  owner_department_id int not null,
  owner_path text not null,
  purpose text not null,
  users text not null,
  hosting text not null,
  network text not null check (network in ('gov_extranet', 'private', 'internet')),
  status text not null check (status in ('planned', 'running', 'retired')),
  created_by text not null,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index catalog_systems_owner on catalog_systems (owner_path text_pattern_ops);
create index catalog_systems_search on catalog_systems using gin ((name || ' ' || purpose) gin_trgm_ops);

create table catalog_system_resources (
  system_id int not null references catalog_systems (id) on delete cascade,
  resource_id int not null references catalog_resources (id),
  primary key (system_id, resource_id)
);
create index catalog_system_resources_resource on catalog_system_resources (resource_id);

-- 需求清单: what a department needs and cannot find; matched to published resources or closed.
create table catalog_demands (
  id serial primary key,
  requesting_department_id int not null,
  requesting_path text not null,
  title text not null,
  description text not null,
  wanted_fields text[] not null default '{}',
  status text not null check (status in ('open', 'matched', 'closed')),
  matched_codes text[] not null default '{}',
  close_note text,
  closed_by text,
  closed_at timestamptz,
  created_by text not null,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index catalog_demands_status on catalog_demands (status, id);
