-- 021_ews_case: early warning as a ranked caseload (docs/ANALYTICS.md,
-- "Early warning"). The ews analysis writes only the students of a tier,
-- with the tier (1 top, 2 second), the rank within the school (1 most
-- urgent), the indicators with a reason beyond its error (nind) and the
-- summed standardized distance past the thresholds (distance). Each
-- reason carries its value's standard error (se, NULL where none) and the
-- standardized distance past its threshold (z).
ALTER TABLE ews_flag ADD COLUMN tier bigint;
ALTER TABLE ews_flag ADD COLUMN rank bigint;
ALTER TABLE ews_flag ADD COLUMN nind bigint;
ALTER TABLE ews_flag ADD COLUMN distance double precision;
ALTER TABLE ews_reason ADD COLUMN se double precision;
ALTER TABLE ews_reason ADD COLUMN z double precision;

-- A case: one student's early warning in one year, as people act on it.
-- Not derived: it outlives analysis runs. A student in a tier without a
-- row is a new case owned by their class teacher; a row is written the
-- first time someone changes it. owner_staff_id NULL: the class teacher.
-- status: new, seen, intervention (in an intervention), resolved. due: an
-- ISO date or NULL. Every change is also an audit entry (action
-- ews-case), so the history is the audit log's.
CREATE TABLE ews_case (
  student_id     bigint NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  year_id        bigint NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  owner_staff_id bigint REFERENCES staff(id) ON DELETE SET NULL,
  status         text NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'seen', 'intervention', 'resolved')),
  next_action    text NOT NULL DEFAULT '',
  due            text,
  updated_at     text NOT NULL,
  updated_by     bigint REFERENCES account(id) ON DELETE SET NULL,
  PRIMARY KEY (student_id, year_id)
);
