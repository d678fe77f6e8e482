-- The "already paid" lookup of a payroll run now starts from the locked runs of the month and
-- later (a line is never for a month after its run's), so the index on lines by month is read
-- by nothing; it was one of five B-trees every one of a run's ~60,000 lines updated.
DROP INDEX payroll_lines_month;
