-- Intake (duplicates, lists): the duplicate check looks for open cases near a point in a bounding box first
-- (lat/lng ranges), then measures the exact distance and text similarity on the few rows left.
create index cases_latlng on cases (lat, lng) where lat is not null and master_case_id is null;
-- Caller history and "same reporter" related cases look cases up by phone; lists filter by channel and date.
create index cases_channel_created on cases (channel, created_at desc, id desc);
