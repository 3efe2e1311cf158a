-- Why a reader left a list when it was not their own click (inactive, after a re-permission email they did not answer).
alter table subscriptions add column left_reason text;
-- Sunset: when a reader who stopped clicking was asked whether to keep getting the list, and when they said yes.
alter table subscriptions add column asked_at timestamptz;
alter table subscriptions add column kept_at timestamptz;
