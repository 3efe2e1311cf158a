-- What a list's public sign-up page says, where its paywall links go, the zone its times are shown in, and the
-- language of its reader pages.
alter table lists add column description text;
alter table lists add column paid_url text;
alter table lists add column timezone text not null default 'UTC';
alter table lists add column language text not null default 'en';
update lists l set timezone = s.timezone from schedules s where s.list_id = l.id;

-- A subject or preheader follows the lead until an editor writes their own: null follows it; otherwise the id of
-- the lead it was written for, so the desk can say when the lead has changed under it.
alter table editions add column subject_lead text;
alter table editions add column preheader_lead text;
update editions set subject_lead = content->'lead'->>'id' where subject <> content->'lead'->>'headline';
update editions set preheader_lead = content->'lead'->>'id';
