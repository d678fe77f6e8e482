-- The registry on SQLite. Keys are UUIDs stored as 16-byte BLOBs, dates as ISO TEXT
-- (YYYY-MM-DD compares correctly as text), timestamps as RFC 3339 TEXT.
-- Keep this file and ../postgres/0001_registry.sql the same schema, column for column.

CREATE TABLE areas (
    id          BLOB PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    kind        TEXT NOT NULL,
    parent_id   BLOB REFERENCES areas (id),
    valid_from  TEXT,
    valid_to    TEXT,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from < valid_to)
);
CREATE INDEX areas_code ON areas (code);
CREATE INDEX areas_parent ON areas (parent_id);

CREATE TABLE area_successors (
    old_id  BLOB NOT NULL REFERENCES areas (id),
    new_id  BLOB NOT NULL REFERENCES areas (id),
    PRIMARY KEY (old_id, new_id)
);
CREATE INDEX area_successors_new ON area_successors (new_id);

CREATE TABLE persons (
    id               BLOB PRIMARY KEY,
    personal_id      TEXT UNIQUE,
    full_name        TEXT NOT NULL,
    name_folded      TEXT NOT NULL,
    given_key        TEXT NOT NULL,
    sex              TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date       TEXT NOT NULL,
    birth_precision  TEXT NOT NULL CHECK (birth_precision IN ('D', 'M', 'Y')),
    ethnicity        INTEGER NOT NULL CHECK (ethnicity BETWEEN 1 AND 54),
    area_id          BLOB NOT NULL REFERENCES areas (id),
    phone            TEXT,
    death_date       TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX persons_name ON persons (name_folded, id);
CREATE INDEX persons_given ON persons (given_key, id);
CREATE INDEX persons_area_name ON persons (area_id, name_folded, id);
CREATE INDEX persons_area_given ON persons (area_id, given_key, id);

CREATE TABLE households (
    id          BLOB PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    area_id     BLOB NOT NULL REFERENCES areas (id),
    address     TEXT NOT NULL,
    head_id     BLOB REFERENCES persons (id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX households_area ON households (area_id, code);
CREATE INDEX households_head ON households (head_id);

-- One row per stay of a person in a household; a move closes the row and opens another, so
-- the table is the move-in/move-out history.
CREATE TABLE household_members (
    household_id  BLOB NOT NULL REFERENCES households (id),
    person_id     BLOB NOT NULL REFERENCES persons (id),
    relation      TEXT NOT NULL,
    joined_on     TEXT NOT NULL,
    join_reason   TEXT NOT NULL,
    left_on       TEXT,
    leave_reason  TEXT,
    PRIMARY KEY (household_id, person_id, joined_on),
    CHECK (left_on IS NULL OR left_on >= joined_on)
);
-- A person lives in at most one household at a time.
CREATE UNIQUE INDEX household_members_one_current ON household_members (person_id) WHERE left_on IS NULL;

-- Append-only: who changed (or opened) what, when, and the record before and after.
CREATE TABLE audit_log (
    id           BLOB PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    BLOB,
    before_json  TEXT,
    after_json   TEXT,
    note         TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Probable duplicates, replaced wholesale by each run of the check (never accumulated).
CREATE TABLE duplicate_candidates (
    person_a     BLOB NOT NULL REFERENCES persons (id),
    person_b     BLOB NOT NULL REFERENCES persons (id),
    score        INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    computed_at  TEXT NOT NULL,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
);
