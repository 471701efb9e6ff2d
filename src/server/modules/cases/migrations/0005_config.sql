-- Configuration edits (config engineer): routing rules and knowledge-base entries are edited with an optimistic
-- version like categories; a rule remembers when it last changed.
alter table case_routing_rules add column version int not null default 1;
alter table case_routing_rules add column updated_at timestamptz not null default now();
create index case_routing_rules_category on case_routing_rules (category_id) where active;

alter table case_knowledge add column version int not null default 1;
alter table case_knowledge add column created_at timestamptz not null default now();
-- Category search by name and keywords (pg_trgm), for the agent console.
create index case_categories_search_trgm on case_categories using gin ((name || ' ' || keywords) gin_trgm_ops);
