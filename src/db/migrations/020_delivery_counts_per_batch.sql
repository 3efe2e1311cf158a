-- Each batch counts its deliveries by status, kept by a statement-level trigger on deliveries, so an edition's
-- progress (polled every second by the desk during a send) sums its batches, not its million delivery rows.
-- The batch row is the one the sending transaction already holds, so counting adds no lock and no contention.
alter table batches
  add column pending_deliveries int not null default 0,
  add column submitted_deliveries int not null default 0,
  add column failed_deliveries int not null default 0,
  add column skipped_deliveries int not null default 0;

update batches b
   set pending_deliveries = d.pending, submitted_deliveries = d.submitted, failed_deliveries = d.failed, skipped_deliveries = d.skipped
  from (select batch_id,
               count(*) filter (where status = 'pending')::int as pending,
               count(*) filter (where status = 'submitted')::int as submitted,
               count(*) filter (where status = 'failed')::int as failed,
               count(*) filter (where status = 'skipped')::int as skipped
          from deliveries group by batch_id) d
 where d.batch_id = b.id;

-- The net change a statement made, per batch: each new row's status counts +1 and each old row's −1 (a delivery
-- a retry moves to another batch leaves one and joins the other; a change of provider id nets to nothing). Each
-- branch aggregates straight from the transition table (a delete of a whole edition's rows streams through a
-- hash aggregate, not an array in memory); a branch names only the transition tables its event has.
create function bs_count_deliveries() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update batches b
       set pending_deliveries = b.pending_deliveries + c.pending, submitted_deliveries = b.submitted_deliveries + c.submitted,
           failed_deliveries = b.failed_deliveries + c.failed, skipped_deliveries = b.skipped_deliveries + c.skipped
      from (select batch_id, count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'submitted')::int as submitted,
                   count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status = 'skipped')::int as skipped
              from new_rows group by batch_id) c
     where b.id = c.batch_id;
  elsif tg_op = 'DELETE' then
    update batches b
       set pending_deliveries = b.pending_deliveries - c.pending, submitted_deliveries = b.submitted_deliveries - c.submitted,
           failed_deliveries = b.failed_deliveries - c.failed, skipped_deliveries = b.skipped_deliveries - c.skipped
      from (select batch_id, count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'submitted')::int as submitted,
                   count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status = 'skipped')::int as skipped
              from old_rows group by batch_id) c
     where b.id = c.batch_id;
  else
    update batches b
       set pending_deliveries = b.pending_deliveries + c.pending, submitted_deliveries = b.submitted_deliveries + c.submitted,
           failed_deliveries = b.failed_deliveries + c.failed, skipped_deliveries = b.skipped_deliveries + c.skipped
      from (select batch_id,
                   coalesce(sum(sign) filter (where status = 'pending'), 0)::int as pending,
                   coalesce(sum(sign) filter (where status = 'submitted'), 0)::int as submitted,
                   coalesce(sum(sign) filter (where status = 'failed'), 0)::int as failed,
                   coalesce(sum(sign) filter (where status = 'skipped'), 0)::int as skipped
              from (select batch_id, status, 1 as sign from new_rows union all select batch_id, status, -1 from old_rows) changed
             group by batch_id) c
     where b.id = c.batch_id and (c.pending, c.submitted, c.failed, c.skipped) <> (0, 0, 0, 0);
  end if;
  return null;
end
$$;

create trigger deliveries_counted_on_insert after insert on deliveries
  referencing new table as new_rows for each statement execute function bs_count_deliveries();
create trigger deliveries_counted_on_update after update on deliveries
  referencing old table as old_rows new table as new_rows for each statement execute function bs_count_deliveries();
create trigger deliveries_counted_on_delete after delete on deliveries
  referencing old table as old_rows for each statement execute function bs_count_deliveries();
