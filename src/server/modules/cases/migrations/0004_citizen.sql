-- For citizens (citizen engineer). Additions to 0001 only.
-- 联系邮箱: where the citizen form's reporter wants e-mail notices (受理回执, 办结通知). Personal data like the phone.
alter table cases add column reporter_email text;
-- "My cases" of a citizen account, newest first (keyset paging).
create index cases_reporter_user on cases (reporter_user_id, id desc) where reporter_user_id is not null;
