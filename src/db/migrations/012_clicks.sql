-- Every click a provider reports, with the story it was for: which link, where it sat in the email, whose delivery.
create table clicks (
  id bigint generated always as identity primary key,
  provider_id text not null,
  -- Null for a click on an email we have no delivery for (a test send).
  edition_id uuid references editions (id) on delete cascade,
  subscriber_id integer references subscribers (id) on delete set null,
  link text not null,
  -- The story's URL without our link tags or fragment; null when the link is not a story's.
  story_url text,
  -- lead, teaser N, sponsor, footer, paywall or other.
  position text not null,
  section text,
  user_agent text,
  clicked_at timestamptz not null,
  -- A security gateway or link scanner, not a reader: kept apart, never counted as one.
  scanner boolean not null default false,
  scanner_reason text
);
create index clicks_by_edition on clicks (edition_id, story_url);
create index clicks_by_delivery_time on clicks (provider_id, clicked_at);

-- Stats per edition without joining every delivery: each event knows its edition (null: an email we have no delivery for).
alter table delivery_events add column edition_id uuid;
update delivery_events e set edition_id = d.edition_id from deliveries d where d.provider_id = e.provider_id;
create index delivery_events_by_edition on delivery_events (edition_id, type, provider_id);
-- Who left a list and when: an edition's unsubscribes are found from the few who left, not from every delivery.
create index subscriptions_unsubscribed on subscriptions (list_id, unsubscribed_at) where status = 'unsubscribed';
