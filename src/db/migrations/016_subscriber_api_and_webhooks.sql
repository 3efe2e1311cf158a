-- Tokens for the newsroom's other systems (paywall, CMS): readers only, separate from the desk's scopes.
alter table api_tokens drop constraint api_tokens_scope_check;
alter table api_tokens add constraint api_tokens_scope_check check (scope in ('editor', 'admin', 'subscribers:read', 'subscribers:write'));

-- Endpoints of the newsroom's that want to hear about readers and editions, signed the Standard Webhooks (svix) way.
create table webhook_endpoints (
  id integer generated always as identity primary key,
  url text not null check (length(url) <= 2000),
  events text[] not null,
  -- Kept as it is: we sign with it. Shown once, when the endpoint is made.
  secret text not null,
  description text,
  created_at timestamptz not null default now(),
  -- Failed attempts in a row, and since when; a long run disables the endpoint with the reason.
  consecutive_failures integer not null default 0,
  failing_since timestamptz,
  disabled_at timestamptz,
  disabled_reason text
);

-- One event, whatever number of endpoints hear it; its id is the webhook-id receivers deduplicate on.
create table outbound_events (
  id uuid primary key default gen_random_uuid(),
  type text not null,
  -- The reader it is about: an erasure removes that reader's delivered events.
  subscriber_id integer,
  payload jsonb not null,
  created_at timestamptz not null default now()
);
create index outbound_events_subscriber on outbound_events (subscriber_id) where subscriber_id is not null;
create index outbound_events_created on outbound_events (created_at);

create table outbound_deliveries (
  id integer generated always as identity primary key,
  event_id uuid not null references outbound_events (id) on delete cascade,
  endpoint_id integer not null references webhook_endpoints (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  -- Handed to the queue (the relay sets it); null: written in a transaction, not yet queued.
  queued_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (event_id, endpoint_id)
);
create index outbound_deliveries_to_queue on outbound_deliveries (id) where status = 'pending' and queued_at is null;
create index outbound_deliveries_by_endpoint on outbound_deliveries (endpoint_id, id desc);

-- Every attempt, with what the receiver answered: the desk shows them.
create table outbound_attempts (
  delivery_id integer not null references outbound_deliveries (id) on delete cascade,
  attempt integer not null,
  at timestamptz not null default now(),
  status_code integer,
  error text,
  duration_ms integer not null,
  primary key (delivery_id, attempt)
);
