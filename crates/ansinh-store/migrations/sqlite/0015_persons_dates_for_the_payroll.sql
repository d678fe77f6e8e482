-- The payroll reads the birth and death dates of every beneficiary's person: 71,000 lookups
-- at SF 1 among 1.17 million persons. Through the primary key each lookup found the row id
-- and then the row, on a page of its own. This index carries the dates, so a lookup reads one
-- small entry: the join took 0.15 s in the `sqlite3` shell instead of 0.29 s (11/2026). Keys
-- are UUIDv7, so new persons go to the index's end. The payroll names it (`INDEXED BY`):
-- SQLite's planner prefers the unique key. Keep ../postgres/0015_… the same index.
CREATE INDEX persons_dates ON persons (id, birth_date, birth_precision, death_date);
