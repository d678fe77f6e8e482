-- A classification writes up to one result per household on the review lists (36,967 at SF 1
-- for 2023, 100,000 for an imported review), and each result checked three foreign keys row by
-- row: about 1 s of a 1.8–2.1 s first classification (11/2026). The results are written by one
-- function only (`Store::classify_year`), from the surveys and household facts it has just
-- read, so the household and area keys hold by construction; the campaign key stays (it also
-- keeps an approved campaign's refusals as they were). As for the payroll lines (0011),
-- triggers refuse to delete a household or a commune that results refer to.
-- Keep this file and ../sqlite/0013_… the same schema.
ALTER TABLE poverty_results
    DROP CONSTRAINT poverty_results_household_id_fkey,
    DROP CONSTRAINT poverty_results_area_id_fkey;

CREATE FUNCTION poverty_results_keep_parent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_TABLE_NAME = 'households'
            AND EXISTS (SELECT 1 FROM poverty_results WHERE household_id = OLD.id))
        OR (TG_TABLE_NAME = 'areas'
            AND EXISTS (SELECT 1 FROM poverty_results WHERE area_id = OLD.id)) THEN
        RAISE EXCEPTION 'poverty results refer to this % row', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER households_keep_results BEFORE DELETE ON households
    FOR EACH ROW EXECUTE FUNCTION poverty_results_keep_parent();
CREATE TRIGGER areas_keep_results BEFORE DELETE ON areas
    FOR EACH ROW EXECUTE FUNCTION poverty_results_keep_parent();
