-- Who did what: each change to an edition and each token made or revoked, with the token (or the CLI's user) that did it.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  -- The API token's id (null from the CLI or a schedule) and what to call the actor: the token's name, "cli (user)", "schedule".
  token_id integer references api_tokens (id) on delete set null,
  actor text not null,
  action text not null,
  edition_id uuid references editions (id) on delete set null,
  detail jsonb not null default '{}'::jsonb
);
create index audit_log_by_edition on audit_log (edition_id, at);
create index audit_log_by_time on audit_log (at desc);
