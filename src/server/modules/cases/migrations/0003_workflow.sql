-- The case loop and its clock (workflow engineer). Additions to 0001 only.
-- stage_entered_at / stage_yellow_at: when the current stage started and when its SLA light turns yellow
-- (yellow_share of the stage's working time), computed on the working-day calendar by clock.enterStage, so the
-- light is a plain comparison with now() in TS (slaState) and in SQL (slaStateSql) — lists stay index-friendly.
alter table cases add column stage_entered_at timestamptz;
alter table cases add column stage_yellow_at timestamptz;
-- 派单级次 市→区→街道 chosen at dispatch (informational).
alter table cases add column dispatch_level text check (dispatch_level in ('city', 'district', 'street'));
-- 办理结果/答复: the latest 处置反馈 text (or the standard answer of 直接办结).
alter table cases add column result_text text;
alter table cases add column verified_at timestamptz;
alter table cases add column revisited_at timestamptz;

-- Open timers of a case (cancelled when the case moves on).
create index case_timers_open on case_timers (case_id) where fired_at is null and cancelled_at is null;
-- The dispatcher's inbox of requests awaiting a decision.
create index case_requests_pending on case_requests (created_at, id) where status = 'pending';
create index case_requests_case on case_requests (case_id, id);
