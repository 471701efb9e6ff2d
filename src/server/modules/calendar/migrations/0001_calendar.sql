-- 工作日历: every day of each covered year, seeded from npm chinese-days (国务院办公厅放假调休安排), editable by
-- administrators and importable for a new year. A year absent from calendar_years is "not covered": deadlines
-- falling in it use Mon–Fri and raise an alarm (DOMAIN.md §3).
create table work_calendar (
  day date primary key,
  kind text not null check (kind in ('workday', 'holiday', 'makeup_workday', 'weekend')),
  name text,
  source text not null check (source in ('chinese-days', 'manual', 'import')),
  updated_at timestamptz not null default now(),
  updated_by text not null default 'system'
);

create table calendar_years (
  year int primary key check (year between 1900 and 2200),
  source text not null check (source in ('chinese-days', 'manual', 'import')),
  loaded_at timestamptz not null default now()
);

-- One row: the working-hours windows (city local time, "HH:MM") and a version bumped on every calendar edit, so
-- each process's cached snapshot notices edits made elsewhere.
create table calendar_settings (
  id int primary key default 1 check (id = 1),
  work_hours jsonb not null default '[{"start":"08:30","end":"12:00"},{"start":"13:30","end":"17:30"}]',
  version int not null default 1,
  updated_at timestamptz not null default now(),
  updated_by text not null default 'system'
);

insert into calendar_settings (id) values (1);
