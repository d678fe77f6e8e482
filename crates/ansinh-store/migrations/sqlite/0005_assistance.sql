-- Social assistance (bảo trợ xã hội) and the monthly payroll on SQLite.
-- Keep this file and ../postgres/0005_assistance.sql the same schema, column for column.
-- Money is integer VND (INTEGER, 64-bit); coefficients are integer hundredths (150 = 1.5); a month
-- is stored as the ISO date of its first day.

-- A province's own rule rows (a higher local base level, Điều 4 khoản 3), in the columns of
-- data/rules/social-assistance.csv. The national rows ship with the program.
CREATE TABLE assistance_rules (
    id           BLOB PRIMARY KEY,
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL,
    area         TEXT,
    condition    TEXT NOT NULL DEFAULT '',
    value        INTEGER NOT NULL CHECK (value > 0),
    valid_from   TEXT NOT NULL,
    valid_to     TEXT,
    confirmed    BOOLEAN NOT NULL,
    legal_basis  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    CHECK (valid_to IS NULL OR valid_from < valid_to)
);

-- One row per person receiving (or applying for) the monthly allowance: the circumstances the
-- commune verified, the paying commune, and the earliest month whose facts changed since the
-- last locked payroll (recalc_from), kept up to date by every change.
CREATE TABLE beneficiaries (
    id                  BLOB PRIMARY KEY,
    person_id           BLOB NOT NULL UNIQUE REFERENCES persons (id),
    area_id             BLOB NOT NULL REFERENCES areas (id),
    household_status    TEXT NOT NULL CHECK (household_status IN ('poor', 'near_poor', 'other')),
    studying            BOOLEAN NOT NULL DEFAULT FALSE,
    hiv                 BOOLEAN NOT NULL DEFAULT FALSE,
    has_pension         BOOLEAN NOT NULL DEFAULT FALSE,
    disadvantaged_area  BOOLEAN NOT NULL DEFAULT FALSE,
    in_facility_since   TEXT,
    address             TEXT NOT NULL DEFAULT '',
    recalc_from         TEXT,
    changed_seq         INTEGER NOT NULL DEFAULT 0,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX beneficiaries_area ON beneficiaries (area_id);

-- Decisions granting the allowance (quyết định hưởng trợ cấp).
CREATE TABLE assistance_grants (
    id              BLOB PRIMARY KEY,
    beneficiary_id  BLOB NOT NULL REFERENCES beneficiaries (id),
    group_code      TEXT NOT NULL CHECK (group_code IN ('K1','K2','K3','K4','K5A','K5B','K5C','K5D','K6','K7','K8')),
    decision_no     TEXT NOT NULL,
    dossier_on      TEXT NOT NULL,
    decided_on      TEXT NOT NULL,
    coefficient     INTEGER,
    start_month     TEXT NOT NULL,
    ended_on        TEXT,
    end_reason      TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    CHECK (decided_on >= dossier_on),
    CHECK (ended_on IS NULL OR ended_on >= decided_on),
    UNIQUE (beneficiary_id, decision_no)
);
CREATE INDEX assistance_grants_beneficiary ON assistance_grants (beneficiary_id);

CREATE TABLE disability_certificates (
    beneficiary_id  BLOB NOT NULL REFERENCES beneficiaries (id),
    issued_on       TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('severe', 'extreme')),
    PRIMARY KEY (beneficiary_id, issued_on)
);

-- Children raised by a poor single parent (khoản 4).
CREATE TABLE assistance_children (
    beneficiary_id   BLOB NOT NULL REFERENCES beneficiaries (id),
    child_no         INTEGER NOT NULL,
    birth_date       TEXT NOT NULL,
    birth_precision  TEXT NOT NULL CHECK (birth_precision IN ('D', 'M', 'Y')),
    studying         BOOLEAN NOT NULL DEFAULT FALSE,
    left_on          TEXT,
    PRIMARY KEY (beneficiary_id, child_no)
);

-- Suspensions (tạm dừng, Thông tư 02/2021 Điều 2): no line is written for a month inside one;
-- resumption recalculates from its first month, so the months held back are paid as arrears
-- unless the grant was ended meanwhile.
CREATE TABLE assistance_suspensions (
    beneficiary_id  BLOB NOT NULL REFERENCES beneficiaries (id),
    from_month      TEXT NOT NULL,
    to_month        TEXT,
    reason          TEXT NOT NULL,
    PRIMARY KEY (beneficiary_id, from_month),
    CHECK (to_month IS NULL OR to_month >= from_month)
);

-- Application dossiers and the days their steps were done.
CREATE TABLE assistance_dossiers (
    id             BLOB PRIMARY KEY,
    person_id      BLOB NOT NULL REFERENCES persons (id),
    area_id        BLOB NOT NULL REFERENCES areas (id),
    form           TEXT NOT NULL,
    group_claimed  TEXT NOT NULL CHECK (group_claimed IN ('K1','K2','K3','K4','K5A','K5B','K5C','K5D','K6','K7','K8')),
    documents      TEXT NOT NULL,
    received_on    TEXT NOT NULL,
    procedure      TEXT NOT NULL,
    complaint      BOOLEAN NOT NULL DEFAULT FALSE,
    status         TEXT NOT NULL CHECK (status IN ('open', 'granted', 'rejected')),
    grant_id       BLOB REFERENCES assistance_grants (id),
    rejected_on    TEXT,
    reject_reason  TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX assistance_dossiers_area ON assistance_dossiers (area_id, status);

CREATE TABLE assistance_dossier_steps (
    dossier_id  BLOB NOT NULL REFERENCES assistance_dossiers (id),
    step_code   TEXT NOT NULL,
    done_on     TEXT NOT NULL,
    done_by     TEXT NOT NULL,
    PRIMARY KEY (dossier_id, step_code)
);

-- One payroll run per programme, month and scope ('*' for the whole province, or a commune's
-- id): draft → approved → locked.
CREATE TABLE payroll_runs (
    id             BLOB PRIMARY KEY,
    programme      TEXT NOT NULL,
    month          TEXT NOT NULL,
    scope          TEXT NOT NULL,
    area_id        BLOB REFERENCES areas (id),
    state          TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'locked')),
    beneficiaries  INTEGER NOT NULL,
    lines          INTEGER NOT NULL,
    regular        INTEGER NOT NULL,
    arrears        INTEGER NOT NULL,
    recovery       INTEGER NOT NULL,
    computed_seq   INTEGER NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    approved_by    TEXT,
    approved_at    TEXT,
    locked_by      TEXT,
    locked_at      TEXT,
    UNIQUE (programme, month, scope)
);

CREATE TABLE payroll_lines (
    run_id          BLOB NOT NULL REFERENCES payroll_runs (id),
    line_no         INTEGER NOT NULL,
    programme       TEXT NOT NULL,
    beneficiary_id  BLOB NOT NULL REFERENCES beneficiaries (id),
    area_id         BLOB NOT NULL REFERENCES areas (id),
    kind            TEXT NOT NULL CHECK (kind IN ('regular', 'arrears', 'recovery')),
    for_month       TEXT NOT NULL,
    group_code      TEXT,
    coefficient     INTEGER,
    base_level      INTEGER,
    amount          INTEGER NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (run_id, line_no),
    CHECK ((kind = 'recovery') = (amount < 0))
);
CREATE INDEX payroll_lines_beneficiary ON payroll_lines (beneficiary_id, for_month);
-- Finds lines already written for a month being run (a commune paid before a move).
CREATE INDEX payroll_lines_month ON payroll_lines (for_month);
-- Nobody is paid twice for one month: at most one regular line per beneficiary, month and
-- group across all runs of a programme (two groups only for a single parent paid both).
CREATE UNIQUE INDEX payroll_lines_one_regular ON payroll_lines (programme, beneficiary_id, for_month, group_code)
    WHERE kind = 'regular';

-- What the paying agent (post office, bank, commune cash) reports for a beneficiary's lines
-- in a locked run.
CREATE TABLE payment_results (
    id              BLOB PRIMARY KEY,
    run_id          BLOB NOT NULL REFERENCES payroll_runs (id),
    beneficiary_id  BLOB NOT NULL REFERENCES beneficiaries (id),
    amount          INTEGER NOT NULL,
    paid            BOOLEAN NOT NULL,
    file_name       TEXT NOT NULL,
    imported_by     TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    UNIQUE (run_id, beneficiary_id)
);

-- A locked run never changes: its lines cannot be inserted, updated or deleted and the run
-- itself cannot be modified or removed. Corrections are adjustments in a later month.
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
CREATE TRIGGER payroll_runs_locked_update BEFORE UPDATE ON payroll_runs
WHEN OLD.state = 'locked'
BEGIN
    SELECT RAISE(ABORT, 'payroll run is locked');
END;
CREATE TRIGGER payroll_runs_locked_delete BEFORE DELETE ON payroll_runs
WHEN OLD.state = 'locked'
BEGIN
    SELECT RAISE(ABORT, 'payroll run is locked');
END;
