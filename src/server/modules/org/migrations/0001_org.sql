-- Organisation and accounts (组织与账号): the department tree, users with scoped role grants, sessions, API keys.

create table departments (
  id serial primary key,
  code text not null unique,
  name text not null,
  name_en text,
  parent_id int references departments (id),
  -- Materialised path of ids, "/1/4/9/": a department subtree is a prefix, in can() and in SQL alike.
  path text not null unique,
  kind text not null check (kind in ('city', 'bureau', 'section', 'centre', 'district')),
  -- The division (GB/T 2260 code) the department serves, when it is a district/street-level unit.
  area_code text,
  sort int not null default 0,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index departments_parent on departments (parent_id);
create index departments_path on departments (path text_pattern_ops);

create table users (
  id serial primary key,
  username text not null,
  display_name text not null,
  password_hash text not null,
  department_id int references departments (id),
  phone text,
  email text,
  disabled boolean not null default false,
  failed_logins int not null default 0,
  locked_until timestamptz,
  password_changed_at timestamptz not null default now(),
  -- TOTP (RFC 6238) secret, base32; enabled once the user proved a code.
  totp_secret text,
  totp_enabled_at timestamptz,
  -- The last TOTP time step accepted: a code is good once (RFC 6238 §5.2).
  totp_last_step bigint,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_username on users (lower(username));
create index users_department on users (department_id);
create extension if not exists pg_trgm;
create index users_search on users using gin ((username || ' ' || display_name) gin_trgm_ops);

create table user_grants (
  id serial primary key,
  user_id int not null references users (id) on delete cascade,
  role text not null,
  department_id int references departments (id),
  area_code text,
  created_at timestamptz not null default now()
);
create index user_grants_user on user_grants (user_id);
create unique index user_grants_unique on user_grants (user_id, role, coalesce(department_id, 0), coalesce(area_code, ''));

create table recovery_codes (
  id serial primary key,
  user_id int not null references users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz
);
create index recovery_codes_user on recovery_codes (user_id);

-- Per-role policy: which roles must log in with a second factor (等保 level 3 for back-office users).
create table role_policies (
  role text primary key,
  mfa_required boolean not null default false,
  updated_at timestamptz not null default now()
);

create table sessions (
  -- SHA-256 of the cookie token; the token itself is never stored.
  id text primary key,
  user_id int not null references users (id) on delete cascade,
  csrf_token text not null,
  -- 'active', or a limited session: 'mfa_pending' (password ok, waiting for TOTP), 'mfa_setup' (must enrol).
  stage text not null check (stage in ('active', 'mfa_pending', 'mfa_setup')),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index sessions_user on sessions (user_id);

create table api_keys (
  id serial primary key,
  name text not null,
  -- The first characters of the key, shown in lists so a key can be recognised; the rest is only hashed.
  prefix text not null,
  key_hash text not null unique,
  scopes text[] not null,
  department_id int references departments (id),
  area_code text,
  created_by text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);
