-- The payroll reads the birth and death dates of every beneficiary's person: 71,000 lookups
-- at SF 1 among 1.17 million persons. This index carries the dates, so each lookup is an
-- index-only scan: the join took 0.13-0.17 s instead of 0.31 s for a hash join over all
-- persons (11/2026, `EXPLAIN ANALYZE`). The payroll's facts reads switch hash joins off to
-- get that plan (`tuning::prefer_index_lookups`). Keys are UUIDv7, so new persons go to the
-- index's end. Keep ../sqlite/0015_… the same index.
CREATE INDEX persons_dates ON persons (id) INCLUDE (birth_date, birth_precision, death_date);
