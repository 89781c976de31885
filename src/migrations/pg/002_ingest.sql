-- 002_ingest: external codes for survey responses, so that re-importing a
-- responses file updates rather than duplicates; the lookup of batches by
-- content hash.
ALTER TABLE survey_response ADD COLUMN code text;
CREATE UNIQUE INDEX survey_response_code ON survey_response(code);
CREATE INDEX import_batch_hash ON import_batch(content_hash);
