-- 一张网: unit grids (单元网格) in versions, the people assigned to them, and the places and addresses on them.
-- Geometry is GeoJSON (MultiPolygon, WGS-84 lng/lat) in jsonb: the same on PGlite and PostgreSQL; look-ups are
-- served from an in-memory index, so no PostGIS is needed.

-- A grid version is one complete edition of the city's grids: an import writes a new one and the previous
-- editions stay queryable (?version=). Which one is in force is geo_settings.current_grid_version.
create table grid_versions (
  version int primary key check (version > 0),
  created_at timestamptz not null default now(),
  created_by text not null,
  note text,
  -- 'demo' (synthetic demo seed) or 'import' (GeoJSON upload)
  source text not null check (source in ('demo', 'import')),
  feature_count int not null check (feature_count >= 0)
);

-- One row of settings the city may edit.
create table geo_settings (
  id int primary key default 1 check (id = 1),
  current_grid_version int references grid_versions (version),
  -- CJ/T 213: 2 digits of grid sequence after the 12-digit community code (14 in all); DB11/T 2157-2023 uses 3.
  grid_sequence_width int not null default 2 check (grid_sequence_width between 2 and 3),
  -- [west, south, east, north] of the city: imported grids outside it are refused. Null: taken from the
  -- city's division boundary when there is one, else not checked.
  city_bbox jsonb
);
insert into geo_settings (id) values (1);

create table grids (
  id bigserial primary key,
  -- county 6 + street 3 + community 3 + sequence 2 (or 3)
  code text not null check (code ~ '^\d{14,15}$'),
  version int not null references grid_versions (version),
  name text not null,
  community_code text not null references divisions (code),
  -- 城市网格 / 农村网格 / 专属网格 (labels live in the UI and the exports)
  type text not null check (type in ('urban', 'rural', 'special')),
  status text not null default 'active' check (status in ('active', 'retired')),
  area_m2 double precision not null check (area_m2 >= 0),
  -- GeoJSON MultiPolygon, WGS-84
  geometry jsonb not null,
  min_lng double precision not null,
  min_lat double precision not null,
  max_lng double precision not null,
  max_lat double precision not null,
  unique (code, version),
  -- The code says which community the grid belongs to.
  check (left(code, 12) = community_code),
  check (min_lng <= max_lng and min_lat <= max_lat)
);
create index grids_version_community on grids (version, community_code);
create index grids_version_bbox on grids (version, min_lng, max_lng);
create index grids_name_trgm on grids using gin (name gin_trgm_ops);

-- 网格员 (primary, backups) and 网格长 (chief), by grid code (stable across grid versions), with effective dates
-- [valid_from, valid_to). Rows are never deleted: ending an assignment sets valid_to, so history is kept.
-- user_id is the org module's users.id; no foreign key across module boundaries.
create table grid_assignments (
  id bigserial primary key,
  grid_code text not null check (grid_code ~ '^\d{14,15}$'),
  user_id int not null,
  role text not null check (role in ('primary', 'backup', 'chief')),
  valid_from date not null,
  valid_to date,
  created_at timestamptz not null default now(),
  created_by text not null,
  check (valid_to is null or valid_to > valid_from)
);
create index grid_assignments_grid on grid_assignments (grid_code, valid_from);
create index grid_assignments_user on grid_assignments (user_id);

-- Places on the grid: buildings, shops, public facilities and city components (部件, 16-digit id).
create table places (
  id bigserial primary key,
  kind text not null check (kind in ('building', 'shop', 'facility', 'component')),
  component_id text check (component_id ~ '^\d{16}$'),
  name text not null,
  address text,
  lng double precision not null check (lng between -180 and 180),
  lat double precision not null check (lat between -90 and 90),
  grid_code text,
  attributes jsonb not null default '{}',
  created_at timestamptz not null default now(),
  created_by text not null,
  check ((kind = 'component') = (component_id is not null))
);
create unique index places_component on places (component_id) where component_id is not null;
create index places_grid on places (grid_code);

-- The address gazetteer (地址库): address text → point → grid.
create table addresses (
  id bigserial primary key,
  text text not null unique,
  district_code text references divisions (code),
  lng double precision not null check (lng between -180 and 180),
  lat double precision not null check (lat between -90 and 90),
  grid_code text,
  created_at timestamptz not null default now()
);
-- Partial Chinese addresses ("人民路12号") find their candidates through trigrams on both engines.
create index addresses_text_trgm on addresses using gin (text gin_trgm_ops);
create index addresses_grid on addresses (grid_code);
