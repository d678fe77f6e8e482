-- Results are stored only for the households on a review list; every other household of a
-- classified commune is "not poor, not reviewed", read from poverty_facts. Writing a row for
-- each of the province's 334 000 households made a classification run take seconds on SQLite.
-- Keep this file and ../postgres/0007_poverty_results_listed_only.sql the same schema.

-- When the campaign was first classified: from then on all households of its commune in its
-- year have a class (their own result row, or "not poor" without one). It stays set when a
-- corrected survey reopens the campaign, as the results stay until the next classification.
ALTER TABLE poverty_campaigns ADD COLUMN classified_at TEXT;
UPDATE poverty_campaigns SET classified_at = created_at
WHERE EXISTS (SELECT 1 FROM poverty_results r WHERE r.campaign_id = poverty_campaigns.id);
