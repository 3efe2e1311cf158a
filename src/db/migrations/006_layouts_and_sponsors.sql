-- Each list picks its layout; an edition may override it.
alter table lists add column layout text not null default 'classic' check (layout in ('classic', 'grid'));
alter table editions add constraint editions_layout_known check (layout in ('classic', 'grid'));

-- Sponsor bookings: a block in a list's digest on the days from starts_on to ends_on.
create table sponsors (
  id integer generated always as identity primary key,
  list_id integer not null references lists (id) on delete cascade,
  name text not null,
  headline text not null,
  body text,
  url text not null,
  cta text not null,
  image jsonb,
  placement text not null check (placement ~ '^(after-lead|after-teaser-[1-9][0-9]?)$'),
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  tag text not null,
  created_at timestamptz not null default now()
);
create index sponsors_by_list on sponsors (list_id, starts_on);
