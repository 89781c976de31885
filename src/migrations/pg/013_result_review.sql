-- 013_result_review: a scaled total kept while its item marks changed.
--
-- An assessment's total is the sum of its item points when its scale is
-- 'raw' and max_score is the sum of its items' max_points; otherwise the
-- total is a scaled score (e.g. 272 out of 600 from 12 one-point items)
-- that no sum of items reproduces. Entering item marks never overwrites a
-- scaled total: the total is kept and a row here flags it for review
-- (docs/COLLECTION.md, "Totals and items"). The flag goes when the total
-- changes or is removed, by any path (entry or import: the triggers
-- below), or when someone confirms the total on the markbook.
CREATE TABLE IF NOT EXISTS result_review (
  student_id    bigint NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  assessment_id bigint NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  flagged_at    text NOT NULL,
  flagged_by    bigint REFERENCES account(id) ON DELETE SET NULL,
  items_sum     double precision, -- the student's item points when flagged
  PRIMARY KEY (student_id, assessment_id)
);

CREATE FUNCTION result_review_forget() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM result_review
   WHERE student_id = OLD.student_id AND assessment_id = OLD.assessment_id;
  RETURN NULL;
END $$;

CREATE TRIGGER result_review_rescored
AFTER UPDATE OF score ON result FOR EACH ROW
WHEN (OLD.score IS DISTINCT FROM NEW.score)
EXECUTE FUNCTION result_review_forget();

CREATE TRIGGER result_review_removed
AFTER DELETE ON result FOR EACH ROW
EXECUTE FUNCTION result_review_forget();
