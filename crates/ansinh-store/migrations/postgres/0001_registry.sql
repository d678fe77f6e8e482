-- The registry on PostgreSQL. Keep this file and ../sqlite/0001_registry.sql the same schema,
-- column for column. Folded search keys use the "C" collation so that index range scans
-- (key >= prefix AND key < prefix || chr(127)) are byte-wise, as on SQLite.

CREATE TABLE areas (
    id          UUID PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    kind        TEXT NOT NULL,
    parent_id   UUID REFERENCES areas (id),
    valid_from  DATE,
    valid_to    DATE,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from < valid_to)
);
CREATE INDEX areas_code ON areas (code);
CREATE INDEX areas_parent ON areas (parent_id);

CREATE TABLE area_successors (
    old_id  UUID NOT NULL REFERENCES areas (id),
    new_id  UUID NOT NULL REFERENCES areas (id),
    PRIMARY KEY (old_id, new_id)
);
CREATE INDEX area_successors_new ON area_successors (new_id);

CREATE TABLE persons (
    id               UUID PRIMARY KEY,
    personal_id      TEXT UNIQUE,
    full_name        TEXT NOT NULL,
    name_folded      TEXT COLLATE "C" NOT NULL,
    given_key        TEXT COLLATE "C" NOT NULL,
    sex              TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date       DATE NOT NULL,
    birth_precision  TEXT NOT NULL CHECK (birth_precision IN ('D', 'M', 'Y')),
    ethnicity        SMALLINT NOT NULL CHECK (ethnicity BETWEEN 1 AND 54),
    area_id          UUID NOT NULL REFERENCES areas (id),
    phone            TEXT,
    death_date       DATE,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX persons_name ON persons (name_folded, id);
CREATE INDEX persons_given ON persons (given_key, id);
CREATE INDEX persons_area_name ON persons (area_id, name_folded, id);
CREATE INDEX persons_area_given ON persons (area_id, given_key, id);

CREATE TABLE households (
    id          UUID PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    area_id     UUID NOT NULL REFERENCES areas (id),
    address     TEXT NOT NULL,
    head_id     UUID REFERENCES persons (id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX households_area ON households (area_id, code);
CREATE INDEX households_head ON households (head_id);

CREATE TABLE household_members (
    household_id  UUID NOT NULL REFERENCES households (id),
    person_id     UUID NOT NULL REFERENCES persons (id),
    relation      TEXT NOT NULL,
    joined_on     DATE NOT NULL,
    join_reason   TEXT NOT NULL,
    left_on       DATE,
    leave_reason  TEXT,
    PRIMARY KEY (household_id, person_id, joined_on),
    CHECK (left_on IS NULL OR left_on >= joined_on)
);
CREATE UNIQUE INDEX household_members_one_current ON household_members (person_id) WHERE left_on IS NULL;

CREATE TABLE audit_log (
    id           UUID PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    UUID,
    before_json  TEXT,
    after_json   TEXT,
    note         TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE duplicate_candidates (
    person_a     UUID NOT NULL REFERENCES persons (id),
    person_b     UUID NOT NULL REFERENCES persons (id),
    score        SMALLINT NOT NULL,
    reason       TEXT NOT NULL,
    computed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
);
