-- A payroll run writes ~60,000 lines at SF 1 and each of the three foreign keys of a line was
-- checked row by row: 0.14 s of the 0.36 s the insert took in the sqlite3 shell (11/2026). The
-- lines are written by one function only (`Store::run_payroll`), in the transaction that
-- creates or updates their run, from the beneficiaries and communes it has just read, so the
-- child side of those keys holds by construction. The parent side is kept by triggers that
-- refuse to delete a run, a beneficiary or a commune that lines refer to, as the keys did
-- (nothing deletes them today). Keep this file and ../postgres/0011_… the same schema.
-- SQLite cannot drop a constraint: the table is rebuilt (DROP TABLE fires no DELETE trigger).
CREATE TABLE payroll_lines_rebuilt (
    run_id          BLOB NOT NULL,
    line_no         INTEGER NOT NULL,
    programme       TEXT NOT NULL,
    beneficiary_id  BLOB NOT NULL,
    area_id         BLOB NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('regular', 'arrears', 'recovery')),
    for_month       TEXT NOT NULL,
    group_code      TEXT,
    coefficient     INTEGER,
    base_level      INTEGER,
    amount          INTEGER NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (run_id, line_no),
    CHECK ((kind = 'recovery') = (amount < 0))
);
INSERT INTO payroll_lines_rebuilt
    SELECT run_id, line_no, programme, beneficiary_id, area_id, kind, for_month, group_code,
        coefficient, base_level, amount
    FROM payroll_lines;
DROP TABLE payroll_lines;
ALTER TABLE payroll_lines_rebuilt RENAME TO payroll_lines;

CREATE INDEX payroll_lines_beneficiary ON payroll_lines (beneficiary_id, for_month);
-- Nobody is paid twice for one month: at most one regular line per beneficiary, month and
-- group across all runs of a programme (two groups only for a single parent paid both).
CREATE UNIQUE INDEX payroll_lines_one_regular ON payroll_lines (programme, beneficiary_id, for_month, group_code)
    WHERE kind = 'regular';

-- A locked run never changes (as in 0005): its lines cannot be inserted, updated or deleted.
CREATE TRIGGER payroll_lines_locked_insert BEFORE INSERT ON payroll_lines
WHEN (SELECT state FROM payroll_runs WHERE id = NEW.run_id) = 'locked'
BEGIN
    SELECT RAISE(ABORT, 'payroll run is locked');
END;
CREATE TRIGGER payroll_lines_locked_update BEFORE UPDATE ON payroll_lines
WHEN (SELECT state FROM payroll_runs WHERE id = OLD.run_id) = 'locked'
BEGIN
    SELECT RAISE(ABORT, 'payroll run is locked');
END;
CREATE TRIGGER payroll_lines_locked_delete BEFORE DELETE ON payroll_lines
WHEN (SELECT state FROM payroll_runs WHERE id = OLD.run_id) = 'locked'
BEGIN
    SELECT RAISE(ABORT, 'payroll run is locked');
END;

-- The parent side of the dropped keys.
CREATE TRIGGER payroll_runs_keep_lines BEFORE DELETE ON payroll_runs
WHEN EXISTS (SELECT 1 FROM payroll_lines WHERE run_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: payroll lines refer to this run');
END;
CREATE TRIGGER beneficiaries_keep_lines BEFORE DELETE ON beneficiaries
WHEN EXISTS (SELECT 1 FROM payroll_lines WHERE beneficiary_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: payroll lines refer to this beneficiary');
END;
CREATE TRIGGER areas_keep_lines BEFORE DELETE ON areas
WHEN EXISTS (SELECT 1 FROM payroll_lines WHERE area_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: payroll lines refer to this area');
END;
