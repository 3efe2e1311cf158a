-- When a reader left a list (one-click, preference page, complaint).
alter table subscriptions add column unsubscribed_at timestamptz;

-- Provider webhooks, each processed once: the svix-id is the idempotency key.
create table webhook_events (
  svix_id text primary key,
  type text not null,
  received_at timestamptz not null default now()
);

-- What happened to a submitted email after the provider took it, for stats.
create table delivery_events (
  id bigint generated always as identity primary key,
  provider_id text not null,
  type text not null,
  occurred_at timestamptz not null,
  detail jsonb not null default '{}'::jsonb
);
create index delivery_events_by_provider_id on delivery_events (provider_id);
create index deliveries_by_provider_id on deliveries (provider_id) where provider_id is not null;
