-- A reader's fingerprint is a function of their address, so a lookup by fingerprint is a lookup by
-- address (the unique index answers it). The fingerprint's own index only slowed every new reader:
-- its keys are random, so a large import wrote a random page of it for each row.
drop index if exists subscribers_by_email_hash;

-- An erasure leaves only a fingerprint (no address): an import asks first whether there are any.
create index if not exists suppressions_fingerprints_only on suppressions (email_hash) where email_normalized is null;
