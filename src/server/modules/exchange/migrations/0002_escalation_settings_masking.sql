-- Overdue requests escalate to the data office (督办): once per stage, claimed by the escalation job with
-- FOR UPDATE SKIP LOCKED, so two servers never escalate one request twice.
alter table exchange_requests add column office_escalated_at timestamptz;
alter table exchange_requests add column provider_escalated_at timestamptz;
create index exchange_requests_overdue on exchange_requests (id)
  where status in ('pending_office', 'pending_provider');

-- The sharing time limits as data (DOMAIN.md §4 defaults), edited by the data office. One row.
create table exchange_settings (
  id int primary key default 1 check (id = 1),
  office_check_working_days int not null default 2 check (office_check_working_days between 1 and 60),
  provider_reply_working_days int not null default 5 check (provider_reply_working_days between 1 and 60),
  -- When the resource has no data loaded on the platform yet (DOMAIN.md §4: 10 working days).
  provider_reply_offline_working_days int not null default 10
    check (provider_reply_offline_working_days between 1 and 60),
  -- Secret salt of the 'hash' masking method (with the grant id), so tokens cannot be reversed by trying every
  -- phone or ID number, nor joined across consumers. Never shown by the API.
  mask_salt text not null default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
  version int not null default 1,
  updated_at timestamptz not null default now(),
  updated_by text not null default 'system'
);
insert into exchange_settings (id) values (1);

-- Display masking rules (脱敏规则) as data: per data element identifier, or per kind of personal information.
-- An element rule wins over a kind rule; the kinds 'personal' and 'sensitive' are the fallbacks for flagged fields
-- of no recognised kind. Defaults from DOMAIN.md §4.
create table exchange_masking_rules (
  id serial primary key,
  target_kind text not null check (target_kind in ('element', 'pi_kind')),
  target text not null,
  method text not null check (method in ('keep', 'replace_all', 'hash', 'none', 'district', 'year', 'email')),
  keep_first int not null default 0 check (keep_first between 0 and 64),
  keep_last int not null default 0 check (keep_last between 0 and 64),
  note text,
  version int not null default 1,
  updated_at timestamptz not null default now(),
  updated_by text not null default 'system',
  unique (target_kind, target)
);
insert into exchange_masking_rules (target_kind, target, method, keep_first, keep_last, note) values
  ('pi_kind', 'id_card', 'keep', 6, 4, '身份证号：前 6 位 + 后 4 位'),
  ('pi_kind', 'mobile', 'keep', 3, 4, '手机号：前 3 位 + 后 4 位'),
  ('pi_kind', 'bank_card', 'keep', 6, 4, '银行卡号：前 6 位 + 后 4 位'),
  ('pi_kind', 'name', 'keep', 1, 0, '姓名：保留姓'),
  ('pi_kind', 'address', 'district', 0, 0, '地址：到区县一级'),
  ('pi_kind', 'email', 'email', 1, 0, '电子邮箱：保留首字符与域名'),
  ('pi_kind', 'birth_date', 'year', 0, 0, '出生日期：泛化到年'),
  ('pi_kind', 'personal', 'keep', 1, 0, '其他个人信息：保留首字符'),
  ('pi_kind', 'sensitive', 'replace_all', 0, 0, '其他敏感个人信息：全部遮盖');
