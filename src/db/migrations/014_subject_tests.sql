-- A subject test: part of the audience gets subject A or B, the rest waits for the subject more readers clicked.
alter table editions add column subject_b text;
-- The share (percent) of readers in the test, split evenly between A and B.
alter table editions add column test_share integer check (test_share between 2 and 50);
alter table editions add column decide_at timestamptz;
alter table editions add column winner text check (winner in ('a', 'b'));
alter table editions add column decision text;
-- Which group a reader was in: 'a', 'b' or 'rest' (sent the winner after the decision); null without a test.
alter table deliveries add column ab_group text check (ab_group in ('a', 'b', 'rest'));
