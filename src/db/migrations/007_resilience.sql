-- Everything personal in a reader's email (address, greeting, signed links), frozen when the batch is first
-- claimed: a retry sends the same bytes under the same idempotency key, whatever changed since.
-- Cleared once the provider took the batch, or once its idempotency window has passed.
alter table deliveries add column personal jsonb;
create index deliveries_with_personal on deliveries (batch_id) where personal is not null;
-- The From header, frozen with the batch for the same reason.
alter table batches add column email_from text;
-- 'settled': an operator decided a parked batch (its readers were marked sent, or moved to new batches).
alter table batches drop constraint batches_status_check;
alter table batches add constraint batches_status_check
  check (status in ('pending', 'submitting', 'retryable', 'submitted', 'failed', 'parked', 'settled'));
create index batches_parked on batches (edition_id) where status = 'parked';

-- Feed items without a date are dated when the list first saw them, so "since" and dedupe keep working.
create table feed_items_seen (
  list_id integer not null references lists (id) on delete cascade,
  item_key text not null,
  first_seen_at timestamptz not null default now(),
  primary key (list_id, item_key)
);
