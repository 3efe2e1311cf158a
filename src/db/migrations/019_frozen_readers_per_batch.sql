-- What a batch's readers' emails carry (address, greeting, signed links), frozen at its first claim, is kept on
-- the batch as one object by reader id: one row written per batch instead of a hundred, and each delivery row is
-- then updated once (its outcome), not twice. deliveries.personal stays for batches frozen before this.
alter table batches add column personal jsonb;
