-- 021_ews_case: early warning as a ranked caseload (docs/ANALYTICS.md,
-- "Early warning"). The ews analysis writes only the students of a tier,
-- with the tier (1 top, 2 second), the rank within the school (1 most
-- urgent), the indicators with a reason beyond its error (nind) and the
-- summed standardized distance past the thresholds (distance). Each
-- reason carries its value's standard error (se, NULL where none) and the
-- standardized distance past its threshold (z).
ALTER TABLE ews_flag ADD COLUMN tier INTEGER;
ALTER TABLE ews_flag ADD COLUMN rank INTEGER;
ALTER TABLE ews_flag ADD COLUMN nind INTEGER;
ALTER TABLE ews_flag ADD COLUMN distance REAL;
ALTER TABLE ews_reason ADD COLUMN se REAL;
ALTER TABLE ews_reason ADD COLUMN z REAL;

-- A case: one student's early warning in one year, as people act on it.
-- Not derived: it outlives analysis runs. A student in a tier without a
-- row is a new case owned by their class teacher; a row is written the
-- first time someone changes it. owner_staff_id NULL: the class teacher.
-- status: new, seen, intervention (in an intervention), resolved. due: an
-- ISO date or NULL. Every change is also an audit entry (action
-- ews-case), so the history is the audit log's.
CREATE TABLE ews_case (
  student_id     INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  year_id        INTEGER NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  owner_staff_id INTEGER REFERENCES staff(id) ON DELETE SET NULL,
  status         TEXT NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'seen', 'intervention', 'resolved')),
  next_action    TEXT NOT NULL DEFAULT '',
  due            TEXT,
  updated_at     TEXT NOT NULL,
  updated_by     INTEGER REFERENCES account(id) ON DELETE SET NULL,
  PRIMARY KEY (student_id, year_id)
);
