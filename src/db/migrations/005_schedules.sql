-- A recurring digest per list: built from the list's feed at a local time every day.
create table schedules (
  list_id integer primary key references lists (id) on delete cascade,
  local_time text not null check (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  timezone text not null,
  feed_url text not null,
  -- true: leave a draft for an editor to approve; false: send it.
  approve boolean not null default false,
  -- true: each reader gets it at local_time in their own time zone.
  reader_timezone boolean not null default false,
  lead_rule text not null default 'newest' check (lead_rule in ('newest', 'most-commented', 'first')),
  teasers integer not null default 8 check (teasers between 0 and 30),
  since_hours integer not null default 24 check (since_hours between 1 and 720),
  last_run_at timestamptz,
  last_edition_id uuid,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Per-reader local delivery: each batch waits for its readers' local time.
alter table editions add column deliver_local_time text check (deliver_local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
alter table editions add column fallback_timezone text;
-- One edition per schedule run ("<list id>:<local date>"): a retried run finds it instead of making another.
alter table editions add column schedule_run text unique;
alter table batches add column not_before timestamptz;
-- The stories an editor may choose from when composing (a feed's fresh items); null for content files.
alter table editions add column candidates jsonb;
