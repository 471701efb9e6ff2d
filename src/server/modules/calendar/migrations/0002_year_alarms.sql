-- Years for which the "calendar does not cover this year" alarm has been raised: the alarm is recorded once per
-- year, claimed here in the transaction that raises it (not looked up in the platform's audit log).
create table calendar_year_alarms (
  year int primary key,
  raised_at timestamptz not null default now()
);
