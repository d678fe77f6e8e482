-- The given-name phase of a search excludes rows whose full name already matched; with the
-- folded name in the index that check needs no table access, so the phase is an index-only
-- scan in key order on both backends.
DROP INDEX IF EXISTS persons_given;
CREATE INDEX persons_given ON persons (given_key, id, area_id, name_folded);
