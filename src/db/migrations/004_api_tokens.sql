-- Tokens for the editors' API and admin surfaces. Only a SHA-256 of each token is kept.
create table api_tokens (
  id integer generated always as identity primary key,
  name text not null check (length(name) between 1 and 100),
  scope text not null check (scope in ('editor', 'admin')),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
