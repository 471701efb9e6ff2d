-- One credential can be revoked on its own (the grant and its other credentials keep working): who did it.
alter table exchange_credentials add column revoked_by text;
create index exchange_credentials_grant on exchange_credentials (grant_id);

-- Bulk exports one caller (a credential, or a user downloading a grant from the web) may run at once; counted in
-- each server process, like the per-credential rate limit. Edited by the data office with the time limits.
alter table exchange_settings add column export_concurrency int not null default 2
  check (export_concurrency between 1 and 20);
