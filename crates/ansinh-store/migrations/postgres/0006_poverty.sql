-- The annual poverty review (rà soát hộ nghèo, hộ cận nghèo) on PostgreSQL.
-- Keep this file and ../sqlite/0006_poverty.sql the same schema, column for column.
-- Rules (thresholds, classification) are not here: the store classifies with ansinh-core and
-- writes the outcome; these tables keep what was answered, decided and approved, per year.

-- One review per year and commune (the commune in force in that year, so a 2023 review is held
-- by an old commune). standard_year is the year whose standard classified it (the review of
-- year N sets the lists of N + 1, see ansinh_core::poverty::standard).
CREATE TABLE poverty_campaigns (
    id                    UUID PRIMARY KEY,
    year                  INTEGER NOT NULL,
    area_id               UUID NOT NULL REFERENCES areas (id),
    standard_year         INTEGER NOT NULL,
    state                 TEXT NOT NULL CHECK (state IN ('open', 'classified', 'approved')),
    meeting_on            DATE,
    posted_on             DATE,
    complaints_closed_on  DATE,
    approved_on           DATE,
    approved_by           TEXT,
    created_by            TEXT NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, area_id)
);

-- What the review needs to know about a household in a year besides its survey: the commune
-- it belonged to then (old communes before 1/7/2025), whether it farms (for the average
-- living standard line of the summary), its groups and the causes of poverty as a bitmask.
-- A household without a row for a year was not in the province's registry that year.
CREATE TABLE poverty_facts (
    household_id         UUID NOT NULL REFERENCES households (id),
    year                 INTEGER NOT NULL,
    area_id              UUID NOT NULL REFERENCES areas (id),
    farming              BOOLEAN NOT NULL,
    no_working_capacity  BOOLEAN NOT NULL,
    person_of_merit      BOOLEAN NOT NULL,
    causes               INTEGER NOT NULL CHECK (causes BETWEEN 0 AND 4095),
    PRIMARY KEY (household_id, year)
);
CREATE INDEX poverty_facts_year_area ON poverty_facts (year, area_id, household_id);

-- The households a review looks at: on the poor or near-poor list (the previous year's
-- result) or having applied (Mẫu số 01).
CREATE TABLE poverty_campaign_households (
    campaign_id   UUID NOT NULL REFERENCES poverty_campaigns (id),
    household_id  UUID NOT NULL REFERENCES households (id),
    basis         TEXT NOT NULL CHECK (basis IN ('poor', 'near_poor', 'applied')),
    PRIMARY KEY (campaign_id, household_id)
);

-- One survey per household per review; answers as recorded, deprivations as the core derived
-- them (a 12-bit mask, bit i = indicator i + 1).
CREATE TABLE poverty_surveys (
    id                 UUID PRIMARY KEY,
    campaign_id        UUID NOT NULL REFERENCES poverty_campaigns (id),
    household_id       UUID NOT NULL REFERENCES households (id),
    settlement         TEXT NOT NULL CHECK (settlement IN ('urban', 'rural')),
    members            INTEGER NOT NULL,
    income             BIGINT,
    score_a            BIGINT,
    no_stable_job      BOOLEAN NOT NULL,
    dependants         INTEGER NOT NULL,
    malnourished_child BOOLEAN NOT NULL,
    no_health_insurance BOOLEAN NOT NULL,
    youth_below_education BOOLEAN NOT NULL,
    child_not_at_school_level BOOLEAN NOT NULL,
    non_durable_parts  INTEGER NOT NULL,
    floor_area_tenths  INTEGER NOT NULL,
    water_source       TEXT NOT NULL,
    toilet             TEXT NOT NULL,
    uses_telecom       BOOLEAN NOT NULL,
    has_info_device    BOOLEAN NOT NULL,
    deprivations       INTEGER NOT NULL CHECK (deprivations BETWEEN 0 AND 4095),
    surveyor           TEXT NOT NULL,
    surveyed_on        DATE NOT NULL,
    recorded_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (campaign_id, household_id),
    CHECK ((income IS NULL) <> (score_a IS NULL))
);

-- The class of every household of the province for a year: classified from its survey, or
-- "not poor" because it was not on the review list (method 'not_reviewed'). Never overwritten
-- across years (one row per household and year); once approved, never changed.
CREATE TABLE poverty_results (
    household_id           UUID NOT NULL REFERENCES households (id),
    year                   INTEGER NOT NULL,
    campaign_id            UUID NOT NULL REFERENCES poverty_campaigns (id),
    area_id                UUID NOT NULL REFERENCES areas (id),
    class                  TEXT NOT NULL CHECK (class IN ('ngheo', 'can_ngheo', 'muc_song_trung_binh', 'khong_ngheo')),
    method                 TEXT NOT NULL CHECK (method IN ('income', 'score', 'not_reviewed')),
    settlement             TEXT NOT NULL CHECK (settlement IN ('urban', 'rural')),
    value                  BIGINT,
    line                   BIGINT,
    ceiling                BIGINT,
    ceiling_confirmed      BOOLEAN NOT NULL,
    deprivations           INTEGER NOT NULL CHECK (deprivations BETWEEN 0 AND 4095),
    deprivation_threshold  INTEGER NOT NULL,
    score_b                INTEGER,
    score_b_threshold      INTEGER,
    standard_from          INTEGER NOT NULL,
    standard_to            INTEGER NOT NULL,
    approved               BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (household_id, year)
);
CREATE INDEX poverty_results_year_area ON poverty_results (year, area_id);
CREATE INDEX poverty_results_campaign ON poverty_results (campaign_id);

-- An approved year is the official list: refuse any change to it (approval itself turns the
-- flag on, which is an UPDATE of a row not yet approved).
CREATE FUNCTION poverty_results_approved_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.approved THEN
        RAISE EXCEPTION 'poverty_results: approved results are immutable';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER poverty_results_approved_no_change BEFORE UPDATE OR DELETE ON poverty_results
    FOR EACH ROW EXECUTE FUNCTION poverty_results_approved_immutable();
