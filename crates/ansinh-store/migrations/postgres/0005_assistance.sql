-- Social assistance (bảo trợ xã hội) and the monthly payroll on PostgreSQL.
-- Keep this file and ../sqlite/0005_assistance.sql the same schema, column for column.
-- Money is integer VND (BIGINT); coefficients are integer hundredths (150 = 1.5); a month is
-- stored as the DATE of its first day.

-- A province's own rule rows (a higher local base level, Điều 4 khoản 3), in the columns of
-- data/rules/social-assistance.csv. The national rows ship with the program.
CREATE TABLE assistance_rules (
    id           UUID PRIMARY KEY,
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL,
    area         TEXT,
    condition    TEXT NOT NULL DEFAULT '',
    value        BIGINT NOT NULL CHECK (value > 0),
    valid_from   DATE NOT NULL,
    valid_to     DATE,
    confirmed    BOOLEAN NOT NULL,
    legal_basis  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CHECK (valid_to IS NULL OR valid_from < valid_to)
);

-- One row per person receiving (or applying for) the monthly allowance: the circumstances the
-- commune verified, the paying commune, and the earliest month whose facts changed since the
-- last locked payroll (recalc_from), kept up to date by every change.
CREATE TABLE beneficiaries (
    id                  UUID PRIMARY KEY,
    person_id           UUID NOT NULL UNIQUE REFERENCES persons (id),
    area_id             UUID NOT NULL REFERENCES areas (id),
    household_status    TEXT NOT NULL CHECK (household_status IN ('poor', 'near_poor', 'other')),
    studying            BOOLEAN NOT NULL DEFAULT FALSE,
    hiv                 BOOLEAN NOT NULL DEFAULT FALSE,
    has_pension         BOOLEAN NOT NULL DEFAULT FALSE,
    disadvantaged_area  BOOLEAN NOT NULL DEFAULT FALSE,
    in_facility_since   DATE,
    address             TEXT NOT NULL DEFAULT '',
    recalc_from         DATE,
    changed_seq         BIGINT NOT NULL DEFAULT 0,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX beneficiaries_area ON beneficiaries (area_id);

-- Decisions granting the allowance (quyết định hưởng trợ cấp).
CREATE TABLE assistance_grants (
    id              UUID PRIMARY KEY,
    beneficiary_id  UUID NOT NULL REFERENCES beneficiaries (id),
    group_code      TEXT NOT NULL CHECK (group_code IN ('K1','K2','K3','K4','K5A','K5B','K5C','K5D','K6','K7','K8')),
    decision_no     TEXT NOT NULL,
    dossier_on      DATE NOT NULL,
    decided_on      DATE NOT NULL,
    coefficient     INTEGER,
    start_month     DATE NOT NULL,
    ended_on        DATE,
    end_reason      TEXT,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    CHECK (decided_on >= dossier_on),
    CHECK (ended_on IS NULL OR ended_on >= decided_on),
    UNIQUE (beneficiary_id, decision_no)
);
CREATE INDEX assistance_grants_beneficiary ON assistance_grants (beneficiary_id);

CREATE TABLE disability_certificates (
    beneficiary_id  UUID NOT NULL REFERENCES beneficiaries (id),
    issued_on       DATE NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('severe', 'extreme')),
    PRIMARY KEY (beneficiary_id, issued_on)
);

-- Children raised by a poor single parent (khoản 4).
CREATE TABLE assistance_children (
    beneficiary_id   UUID NOT NULL REFERENCES beneficiaries (id),
    child_no         INTEGER NOT NULL,
    birth_date       DATE NOT NULL,
    birth_precision  TEXT NOT NULL CHECK (birth_precision IN ('D', 'M', 'Y')),
    studying         BOOLEAN NOT NULL DEFAULT FALSE,
    left_on          DATE,
    PRIMARY KEY (beneficiary_id, child_no)
);

-- Suspensions (tạm dừng, Thông tư 02/2021 Điều 2): no line is written for a month inside one;
-- resumption recalculates from its first month, so the months held back are paid as arrears
-- unless the grant was ended meanwhile.
CREATE TABLE assistance_suspensions (
    beneficiary_id  UUID NOT NULL REFERENCES beneficiaries (id),
    from_month      DATE NOT NULL,
    to_month        DATE,
    reason          TEXT NOT NULL,
    PRIMARY KEY (beneficiary_id, from_month),
    CHECK (to_month IS NULL OR to_month >= from_month)
);

-- Application dossiers and the days their steps were done.
CREATE TABLE assistance_dossiers (
    id             UUID PRIMARY KEY,
    person_id      UUID NOT NULL REFERENCES persons (id),
    area_id        UUID NOT NULL REFERENCES areas (id),
    form           TEXT NOT NULL,
    group_claimed  TEXT NOT NULL CHECK (group_claimed IN ('K1','K2','K3','K4','K5A','K5B','K5C','K5D','K6','K7','K8')),
    documents      TEXT NOT NULL,
    received_on    DATE NOT NULL,
    procedure      TEXT NOT NULL,
    complaint      BOOLEAN NOT NULL DEFAULT FALSE,
    status         TEXT NOT NULL CHECK (status IN ('open', 'granted', 'rejected')),
    grant_id       UUID REFERENCES assistance_grants (id),
    rejected_on    DATE,
    reject_reason  TEXT,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX assistance_dossiers_area ON assistance_dossiers (area_id, status);

CREATE TABLE assistance_dossier_steps (
    dossier_id  UUID NOT NULL REFERENCES assistance_dossiers (id),
    step_code   TEXT NOT NULL,
    done_on     DATE NOT NULL,
    done_by     TEXT NOT NULL,
    PRIMARY KEY (dossier_id, step_code)
);

-- One payroll run per programme, month and scope ('*' for the whole province, or a commune's
-- id): draft → approved → locked.
CREATE TABLE payroll_runs (
    id             UUID PRIMARY KEY,
    programme      TEXT NOT NULL,
    month          DATE NOT NULL,
    scope          TEXT NOT NULL,
    area_id        UUID REFERENCES areas (id),
    state          TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'locked')),
    beneficiaries  BIGINT NOT NULL,
    lines          BIGINT NOT NULL,
    regular        BIGINT NOT NULL,
    arrears        BIGINT NOT NULL,
    recovery       BIGINT NOT NULL,
    computed_seq   BIGINT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    approved_by    TEXT,
    approved_at    TIMESTAMPTZ,
    locked_by      TEXT,
    locked_at      TIMESTAMPTZ,
    UNIQUE (programme, month, scope)
);

CREATE TABLE payroll_lines (
    run_id          UUID NOT NULL REFERENCES payroll_runs (id),
    line_no         INTEGER NOT NULL,
    programme       TEXT NOT NULL,
    beneficiary_id  UUID NOT NULL REFERENCES beneficiaries (id),
    area_id         UUID NOT NULL REFERENCES areas (id),
    kind            TEXT NOT NULL CHECK (kind IN ('regular', 'arrears', 'recovery')),
    for_month       DATE NOT NULL,
    group_code      TEXT,
    coefficient     INTEGER,
    base_level      BIGINT,
    amount          BIGINT NOT NULL CHECK (amount <> 0),
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
    id              UUID PRIMARY KEY,
    run_id          UUID NOT NULL REFERENCES payroll_runs (id),
    beneficiary_id  UUID NOT NULL REFERENCES beneficiaries (id),
    amount          BIGINT NOT NULL,
    paid            BOOLEAN NOT NULL,
    file_name       TEXT NOT NULL,
    imported_by     TEXT NOT NULL,
    imported_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (run_id, beneficiary_id)
);

-- A locked run never changes: its lines cannot be inserted, updated or deleted and the run
-- itself cannot be modified or removed. Corrections are adjustments in a later month. The line
-- checks are per statement over the transition table, so a run writing 60 000 lines pays one
-- join, not 60 000 lookups.
CREATE FUNCTION payroll_lines_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM 1 FROM changed_lines c JOIN payroll_runs r ON r.id = c.run_id
            WHERE r.state = 'locked' LIMIT 1;
    ELSE
        PERFORM 1 FROM old_lines c JOIN payroll_runs r ON r.id = c.run_id
            WHERE r.state = 'locked' LIMIT 1;
    END IF;
    IF FOUND THEN
        RAISE EXCEPTION 'payroll run is locked';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER payroll_lines_locked_insert AFTER INSERT ON payroll_lines
    REFERENCING NEW TABLE AS changed_lines
    FOR EACH STATEMENT EXECUTE FUNCTION payroll_lines_locked();
CREATE TRIGGER payroll_lines_locked_update AFTER UPDATE ON payroll_lines
    REFERENCING OLD TABLE AS old_lines
    FOR EACH STATEMENT EXECUTE FUNCTION payroll_lines_locked();
CREATE TRIGGER payroll_lines_locked_delete AFTER DELETE ON payroll_lines
    REFERENCING OLD TABLE AS old_lines
    FOR EACH STATEMENT EXECUTE FUNCTION payroll_lines_locked();

CREATE FUNCTION payroll_runs_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'locked' THEN
        RAISE EXCEPTION 'payroll run is locked';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER payroll_runs_locked BEFORE UPDATE OR DELETE ON payroll_runs
    FOR EACH ROW EXECUTE FUNCTION payroll_runs_locked();
