-- A list's sections: named by its stories (noted as editions are made) or by an editor; readers choose among them.
create table list_sections (
  list_id integer not null references lists (id) on delete cascade,
  -- What choices and stories are matched by: lower case, single spaces.
  key text not null,
  name text not null,
  created_at timestamptz not null default now(),
  primary key (list_id, key)
);
-- (011 notes the sections of editions made before this.)

-- A reader's sections on a list, as keys; null is every section.
alter table subscriptions add column sections text[];

-- One rendered variant per distinct (tier, teasers) among an edition's readers: `free`, `paid`, `free.0-2-5`.
alter table edition_variants add column key text;
update edition_variants set key = tier;
alter table edition_variants alter column key set not null;
alter table edition_variants drop constraint edition_variants_pkey;
alter table edition_variants add primary key (edition_id, key);
-- The teasers (by position) this variant holds; null is all of them.
alter table edition_variants add column teasers integer[];

-- The variant each reader gets, fixed at prepare; null (older deliveries) is their batch's tier's whole digest.
-- Per delivery, not per batch: a provider batch holds up to 100 different emails, so choices never split batches.
alter table deliveries add column variant text;

-- The sender readers know, per list (null: EMAIL_FROM, PUBLISHER_NAME, PUBLISHER_ADDRESS; no Reply-To).
alter table lists add column email_from text;
alter table lists add column reply_to text;
alter table lists add column publisher_name text;
alter table lists add column postal_address text;
-- Frozen with the From at a batch's first claim: a retry sends the same headers.
alter table batches add column reply_to text;

-- The days of the week a schedule runs (0 Sunday … 6 Saturday); null is every day.
alter table schedules add column days integer[];
