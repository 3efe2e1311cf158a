-- What an edition's deliveries added up to, kept when its delivery rows are removed after the retention period
-- (a million readers a day is 365 million rows a year): the desk's and the API's figures read these instead.
create table edition_totals (
  edition_id uuid primary key references editions (id) on delete cascade,
  recipients integer not null,
  submitted integer not null,
  failed integer not null,
  skipped integer not null,
  -- Readers who got it and have left since (not suppressed), as counted when it was rolled up.
  unsubscribed integer not null,
  rolled_up_at timestamptz not null default now()
);
create index editions_completed on editions (completed_at) where completed_at is not null;
