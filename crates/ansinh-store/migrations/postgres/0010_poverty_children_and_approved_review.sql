-- The child counts of a survey (for the child-deprivation report, Biểu 11), on PostgreSQL.
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
