-- A payroll run writes ~60,000 lines at SF 1 and PostgreSQL checked each of the three foreign
-- keys of a line with its own query, row by row. The lines are written by one function only
-- (`Store::run_payroll`), in the transaction that creates or updates their run, from the
-- beneficiaries and communes it has just read, so the child side of those keys holds by
-- construction. The parent side is kept by triggers that refuse to delete a run, a
-- beneficiary or a commune that lines refer to, as the keys did (nothing deletes them today).
-- Keep this file and ../sqlite/0011_… the same schema.
ALTER TABLE payroll_lines
    DROP CONSTRAINT payroll_lines_run_id_fkey,
    DROP CONSTRAINT payroll_lines_beneficiary_id_fkey,
    DROP CONSTRAINT payroll_lines_area_id_fkey;

CREATE FUNCTION payroll_lines_keep_parent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_TABLE_NAME = 'payroll_runs'
            AND EXISTS (SELECT 1 FROM payroll_lines WHERE run_id = OLD.id))
        OR (TG_TABLE_NAME = 'beneficiaries'
            AND EXISTS (SELECT 1 FROM payroll_lines WHERE beneficiary_id = OLD.id))
        OR (TG_TABLE_NAME = 'areas'
            AND EXISTS (SELECT 1 FROM payroll_lines WHERE area_id = OLD.id)) THEN
        RAISE EXCEPTION 'payroll lines refer to this % row', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER payroll_runs_keep_lines BEFORE DELETE ON payroll_runs
    FOR EACH ROW EXECUTE FUNCTION payroll_lines_keep_parent();
CREATE TRIGGER beneficiaries_keep_lines BEFORE DELETE ON beneficiaries
    FOR EACH ROW EXECUTE FUNCTION payroll_lines_keep_parent();
CREATE TRIGGER areas_keep_lines BEFORE DELETE ON areas
    FOR EACH ROW EXECUTE FUNCTION payroll_lines_keep_parent();
