-- 行政区划: the division tree (GB/T 2260 county level and above, GB/T 10114 streets/towns, NBS communities/villages).
-- A code is never deleted: when the State Council or the NBS retires or renumbers one, the row gets valid_to and
-- the successor is a new row, so old records (ID numbers, archived cases) still resolve. Validity is the
-- half-open interval [valid_from, valid_to).
create extension if not exists pg_trgm;

create table divisions (
  code text primary key check (code ~ '^\d{6}(\d{3}(\d{3})?)?$'),
  name text not null,
  level text not null check (level in ('city', 'district', 'street', 'community')),
  parent_code text references divisions (code),
  valid_from date not null default '2023-01-01',
  valid_to date,
  -- GeoJSON Polygon/MultiPolygon in WGS-84, filled in when boundaries are imported.
  boundary jsonb,
  -- Display order among siblings; ties fall back to the code.
  sort int not null default 0,
  check (valid_to is null or valid_to > valid_from),
  check ((level = 'city') = (parent_code is null))
);

create index divisions_parent on divisions (parent_code);
-- Search by any part of a name (姑苏, 双塔): trigrams work for Chinese on PostgreSQL and PGlite alike.
create index divisions_name_trgm on divisions using gin (name gin_trgm_ops);
