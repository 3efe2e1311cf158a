-- Lists, readers and consent.
create table lists (
  id integer generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

create table subscribers (
  id integer generated always as identity primary key,
  email text not null,
  -- One reader per address whatever its letter case.
  email_normalized text not null unique,
  name text,
  tier text not null default 'free' check (tier in ('free', 'paid')),
  timezone text,
  attributes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table subscriptions (
  list_id integer not null references lists (id),
  subscriber_id integer not null references subscribers (id) on delete cascade,
  status text not null check (status in ('pending', 'active', 'unsubscribed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (list_id, subscriber_id)
);
-- Prepare pages through a list's active readers by subscriber id.
create index subscriptions_active_by_subscriber on subscriptions (list_id, subscriber_id) where status = 'active';

create table suppressions (
  email_normalized text primary key,
  reason text not null,
  created_at timestamptz not null default now()
);

-- Editions and their delivery.
create table editions (
  id uuid primary key default gen_random_uuid(),
  list_id integer not null references lists (id),
  subject text not null check (length(subject) between 1 and 300),
  preheader text not null default '',
  content jsonb not null,
  layout text not null default 'classic',
  edition_date date not null,
  status text not null default 'draft',
  send_at timestamptz,
  status_reason text,
  -- Keyset cursor of prepare: the last subscriber id written to deliveries.
  prepare_cursor integer not null default 0,
  -- Highest subscriber id when prepare began: readers who join later wait for the next edition.
  prepare_upper_bound integer,
  prepared_at timestamptz,
  recipients integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz
);

create table edition_variants (
  edition_id uuid not null references editions (id) on delete cascade,
  tier text not null check (tier in ('free', 'paid')),
  subject text not null,
  html text not null,
  text text not null,
  -- Per-render secret in the personalisation tokens, so content cannot forge one.
  token_nonce text not null,
  created_at timestamptz not null default now(),
  primary key (edition_id, tier)
);

create table batches (
  id uuid primary key default gen_random_uuid(),
  edition_id uuid not null references editions (id) on delete cascade,
  seq integer not null,
  tier text not null check (tier in ('free', 'paid')),
  status text not null default 'pending'
    check (status in ('pending', 'submitting', 'retryable', 'submitted', 'failed', 'parked')),
  size integer not null,
  attempts integer not null default 0,
  -- The recipient set is fixed at the first attempt so retries send an identical body under the same key.
  frozen_at timestamptz,
  first_attempt_at timestamptz,
  submitted_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  unique (edition_id, seq)
);
create index batches_unfinished on batches (edition_id, status) where status in ('pending', 'submitting', 'retryable');

create table deliveries (
  edition_id uuid not null references editions (id) on delete cascade,
  subscriber_id integer not null references subscribers (id) on delete cascade,
  batch_id uuid not null references batches (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'submitted', 'failed', 'skipped')),
  provider_id text,
  error text,
  updated_at timestamptz not null default now(),
  -- The guarantee: one delivery per reader per edition.
  primary key (edition_id, subscriber_id)
);
create index deliveries_by_batch on deliveries (batch_id);
