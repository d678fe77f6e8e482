-- A classification writes up to one result per household on the review lists (36,967 at SF 1
-- for 2023, 100,000 for an imported review), and each result checked three foreign keys row by
-- row: on PostgreSQL about 1 s of a 1.8–2.1 s first classification (11/2026). The results are
-- written by one function only (`Store::classify_year`), from the surveys and household facts
-- it has just read, so the household and area keys hold by construction; the campaign key
-- stays (it also keeps an approved campaign's refusals as they were). As for the payroll lines
-- (0011), triggers refuse to delete a household or a commune that results refer to.
-- Keep this file and ../postgres/0013_… the same schema.
-- SQLite cannot drop a constraint: the table is rebuilt (DROP TABLE fires no DELETE trigger).
CREATE TABLE poverty_results_rebuilt (
    household_id           BLOB NOT NULL,
    year                   INTEGER NOT NULL,
    campaign_id            BLOB NOT NULL REFERENCES poverty_campaigns (id),
    area_id                BLOB NOT NULL,
    class                  TEXT NOT NULL CHECK (class IN ('ngheo', 'can_ngheo', 'muc_song_trung_binh', 'khong_ngheo')),
    method                 TEXT NOT NULL CHECK (method IN ('income', 'score', 'not_reviewed')),
    settlement             TEXT NOT NULL CHECK (settlement IN ('urban', 'rural')),
    value                  INTEGER,
    line                   INTEGER,
    ceiling                INTEGER,
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
INSERT INTO poverty_results_rebuilt
    SELECT household_id, year, campaign_id, area_id, class, method, settlement, value, line,
        ceiling, ceiling_confirmed, deprivations, deprivation_threshold, score_b,
        score_b_threshold, standard_from, standard_to, approved
    FROM poverty_results;
DROP TABLE poverty_results;
ALTER TABLE poverty_results_rebuilt RENAME TO poverty_results;
CREATE INDEX poverty_results_year_area ON poverty_results (year, area_id);
CREATE INDEX poverty_results_campaign ON poverty_results (campaign_id);

-- An approved review is immutable (as in 0010).
CREATE TRIGGER poverty_results_approved_no_update BEFORE UPDATE ON poverty_results
WHEN OLD.approved
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: poverty_results of an approved review are immutable');
END;
CREATE TRIGGER poverty_results_approved_no_delete BEFORE DELETE ON poverty_results
WHEN OLD.approved
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: poverty_results of an approved review are immutable');
END;

-- The parent side of the dropped keys.
CREATE TRIGGER households_keep_results BEFORE DELETE ON households
WHEN EXISTS (SELECT 1 FROM poverty_results WHERE household_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: poverty results refer to this household');
END;
CREATE TRIGGER areas_keep_results BEFORE DELETE ON areas
WHEN EXISTS (SELECT 1 FROM poverty_results WHERE area_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: poverty results refer to this area');
END;
