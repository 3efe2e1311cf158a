-- A one-way fingerprint of an address: lets us honour an erasure without keeping the address.
create function bs_email_hash(e text) returns text language sql immutable strict as $$ select encode(sha256(convert_to(e, 'UTF8')), 'hex') $$;

alter table subscribers add column email_hash text generated always as (bs_email_hash(email_normalized)) stored;
create index subscribers_by_email_hash on subscribers (email_hash);

-- Suppressions are matched by fingerprint; the address itself is kept only where it is
-- not personal data we promised to forget (bounces, complaints), never for erasures.
alter table suppressions add column email_hash text;
update suppressions set email_hash = bs_email_hash(email_normalized);
alter table suppressions drop constraint suppressions_pkey;
alter table suppressions alter column email_normalized drop not null;
alter table suppressions alter column email_hash set not null;
alter table suppressions add primary key (email_hash);
