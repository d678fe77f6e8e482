-- The child counts of a survey (for the child-deprivation report, Biểu 11) and an approved
-- review made immutable down to the household facts it rests on, on SQLite.
-- Keep this file and ../postgres/0010_poverty_children_and_approved_review.sql the same schema.

-- How many members are under 16 and how many of them lack nutrition, health insurance (from 6
-- years) and schooling at their level (from 3 years). All four or none: surveys recorded before
-- the counts were asked have none, and the report says how many such households it leaves out.
ALTER TABLE poverty_surveys ADD COLUMN children_under_16 INTEGER CHECK (children_under_16 >= 0);
ALTER TABLE poverty_surveys ADD COLUMN children_malnourished INTEGER
    CHECK (children_malnourished BETWEEN 0 AND children_under_16);
ALTER TABLE poverty_surveys ADD COLUMN children_no_insurance INTEGER
    CHECK (children_no_insurance BETWEEN 0 AND children_under_16);
ALTER TABLE poverty_surveys ADD COLUMN children_out_of_school INTEGER
    CHECK (children_out_of_school BETWEEN 0 AND children_under_16);

-- Once a commune's review of a year is approved, its results are the official lists and the
-- report's figures: nothing it rests on may change afterwards. Corrections go into a later
-- review. Every refusal starts with 'poverty.approved', which the store turns into its
-- Vietnamese error of the same code. INSERTs are refused by the store (an approved campaign
-- takes no survey, applicant or classification, and facts are checked before a load): a
-- per-row INSERT trigger cost about 5 µs a row, seconds on the bulk load of 660 000 facts.

-- The results: replaces the triggers of 0006 for the common message.
DROP TRIGGER poverty_results_approved_no_update;
DROP TRIGGER poverty_results_approved_no_delete;
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

-- The household facts of the approved commune and year (groups, causes, farming: the report's
-- columns and, by their count, its denominators), also when an UPDATE would move a row into
-- an approved commune and year.
CREATE TRIGGER poverty_facts_approved_no_update BEFORE UPDATE ON poverty_facts
WHEN EXISTS (SELECT 1 FROM poverty_campaigns c
             WHERE c.year = OLD.year AND c.area_id = OLD.area_id AND c.state = 'approved')
  OR EXISTS (SELECT 1 FROM poverty_campaigns c
             WHERE c.year = NEW.year AND c.area_id = NEW.area_id AND c.state = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: poverty_facts of an approved review are immutable');
END;
CREATE TRIGGER poverty_facts_approved_no_delete BEFORE DELETE ON poverty_facts
WHEN EXISTS (SELECT 1 FROM poverty_campaigns c
             WHERE c.year = OLD.year AND c.area_id = OLD.area_id AND c.state = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: poverty_facts of an approved review are immutable');
END;

-- The surveys and the list of an approved campaign.
CREATE TRIGGER poverty_surveys_approved_no_update BEFORE UPDATE ON poverty_surveys
WHEN EXISTS (SELECT 1 FROM poverty_campaigns c
             WHERE c.id IN (OLD.campaign_id, NEW.campaign_id) AND c.state = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: poverty_surveys of an approved review are immutable');
END;
CREATE TRIGGER poverty_surveys_approved_no_delete BEFORE DELETE ON poverty_surveys
WHEN EXISTS (SELECT 1 FROM poverty_campaigns c
             WHERE c.id = OLD.campaign_id AND c.state = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: poverty_surveys of an approved review are immutable');
END;
CREATE TRIGGER poverty_campaign_households_approved_no_update
BEFORE UPDATE ON poverty_campaign_households
WHEN EXISTS (SELECT 1 FROM poverty_campaigns c
             WHERE c.id IN (OLD.campaign_id, NEW.campaign_id) AND c.state = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: the list of an approved review is immutable');
END;
CREATE TRIGGER poverty_campaign_households_approved_no_delete
BEFORE DELETE ON poverty_campaign_households
WHEN EXISTS (SELECT 1 FROM poverty_campaigns c
             WHERE c.id = OLD.campaign_id AND c.state = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: the list of an approved review is immutable');
END;

-- The campaign itself: its steps, its approval and its state stay as approved.
CREATE TRIGGER poverty_campaigns_approved_no_update BEFORE UPDATE ON poverty_campaigns
WHEN OLD.state = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: an approved review is immutable');
END;
CREATE TRIGGER poverty_campaigns_approved_no_delete BEFORE DELETE ON poverty_campaigns
WHEN OLD.state = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'poverty.approved: an approved review is immutable');
END;
