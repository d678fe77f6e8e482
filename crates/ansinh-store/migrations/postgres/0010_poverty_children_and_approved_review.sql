-- The child counts of a survey (for the child-deprivation report, Biểu 11) and an approved
-- review made immutable down to the household facts it rests on, on PostgreSQL.
-- Keep this file and ../sqlite/0010_poverty_children_and_approved_review.sql the same schema.

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
-- Vietnamese error of the same code. INSERTs are refused by the store, as on SQLite, where a
-- per-row INSERT trigger cost seconds on the bulk load of the facts.

-- The results: the function of 0006, with the common message.
CREATE OR REPLACE FUNCTION poverty_results_approved_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.approved THEN
        RAISE EXCEPTION 'poverty.approved: poverty_results of an approved review are immutable';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

-- The household facts of the approved commune and year (groups, causes, farming: the report's
-- columns and, by their count, its denominators), also when an UPDATE would move a row into
-- an approved commune and year.
CREATE FUNCTION poverty_facts_approved_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM poverty_campaigns c
               WHERE c.year = OLD.year AND c.area_id = OLD.area_id AND c.state = 'approved')
       OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM poverty_campaigns c
               WHERE c.year = NEW.year AND c.area_id = NEW.area_id AND c.state = 'approved')) THEN
        RAISE EXCEPTION 'poverty.approved: poverty_facts of an approved review are immutable';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER poverty_facts_approved_no_change BEFORE UPDATE OR DELETE ON poverty_facts
    FOR EACH ROW EXECUTE FUNCTION poverty_facts_approved_immutable();

-- The surveys and the list of an approved campaign.
CREATE FUNCTION poverty_campaign_rows_approved_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM poverty_campaigns c
               WHERE c.id = OLD.campaign_id AND c.state = 'approved')
       OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM poverty_campaigns c
               WHERE c.id = NEW.campaign_id AND c.state = 'approved')) THEN
        RAISE EXCEPTION 'poverty.approved: % of an approved review are immutable', TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER poverty_surveys_approved_no_change BEFORE UPDATE OR DELETE ON poverty_surveys
    FOR EACH ROW EXECUTE FUNCTION poverty_campaign_rows_approved_immutable();
CREATE TRIGGER poverty_campaign_households_approved_no_change
    BEFORE UPDATE OR DELETE ON poverty_campaign_households
    FOR EACH ROW EXECUTE FUNCTION poverty_campaign_rows_approved_immutable();

-- The campaign itself: its steps, its approval and its state stay as approved.
CREATE FUNCTION poverty_campaigns_approved_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'approved' THEN
        RAISE EXCEPTION 'poverty.approved: an approved review is immutable';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER poverty_campaigns_approved_no_change BEFORE UPDATE OR DELETE ON poverty_campaigns
    FOR EACH ROW EXECUTE FUNCTION poverty_campaigns_approved_immutable();
