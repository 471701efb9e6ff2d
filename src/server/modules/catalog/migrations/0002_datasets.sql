-- 数据中心: one dataset per published 库表 resource; its columns are the resource's 信息项, its key those marked
-- is_key. Every load is a version; rows are versioned by load (valid_from_load ≤ v < valid_to_load) so the
-- dataset reads as of any version and the latest applied load can be rolled back by reversing its changes.
create table catalog_datasets (
  id serial primary key,
  resource_id int not null unique references catalog_resources (id),
  columns text[] not null,
  key_columns text[] not null,
  last_version int not null default 0,
  created_at timestamptz not null default now()
);

create table catalog_dataset_loads (
  dataset_id int not null references catalog_datasets (id),
  version int not null,
  mode text not null check (mode in ('all_or_nothing', 'accept_valid')),
  replace boolean not null default false,
  actor text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  row_count int not null default 0,
  inserted int not null default 0,
  updated int not null default 0,
  deleted int not null default 0,
  rejected int not null default 0,
  status text not null check (status in ('applied', 'rolled_back', 'failed')),
  quality jsonb not null,
  rolled_back_by text,
  rolled_back_at timestamptz,
  primary key (dataset_id, version)
);

create table catalog_dataset_rows (
  dataset_id int not null references catalog_datasets (id),
  key text not null,
  data jsonb not null,
  valid_from_load int not null,
  valid_to_load int,
  primary key (dataset_id, key, valid_from_load)
);
-- The current rows (and as-of reads walk the key order of one dataset).
create unique index catalog_dataset_rows_current on catalog_dataset_rows (dataset_id, key) where valid_to_load is null;
create index catalog_dataset_rows_to on catalog_dataset_rows (dataset_id, valid_to_load) where valid_to_load is not null;
