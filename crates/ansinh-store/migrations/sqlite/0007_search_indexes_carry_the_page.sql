-- The search indexes also carry what a result page shows (name, personal ID, sex, birth date),
-- so a page of 50 hits is read from a few adjacent index pages instead of 50 table rows
-- scattered over the file: under 50 concurrent searches at SF1 those table reads were the
-- server's largest cost after the SQL engine itself (page-cache misses and copies).
DROP INDEX IF EXISTS persons_name;
DROP INDEX IF EXISTS persons_given;
CREATE INDEX persons_name ON persons
    (name_folded, id, area_id, full_name, personal_id, sex, birth_date, birth_precision);
CREATE INDEX persons_given ON persons
    (given_key, id, area_id, name_folded, full_name, personal_id, sex, birth_date, birth_precision);
