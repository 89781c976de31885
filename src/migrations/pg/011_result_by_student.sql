-- Results are kept in student order: the primary key becomes
-- (student_id, assessment_id) and the separate student index goes.
--
-- Nearly every query reads results by student (a student's record, a class
-- roster, a school's pupils through placement), and every import from a
-- student information system arrives student by student. Keyed this way a
-- student's results sit together, each of those reads is a key range, a
-- student-ordered import appends to one b-tree instead of maintaining two,
-- and the table loses an index as large as itself. Reading one assessment
-- across all students (the analytics engine's load, exports) reads the
-- whole table in key order and sorts, which those bulk readers do anyway
-- (see docs/SCHEMA.md).
CREATE TABLE result_by_student (
  assessment_id bigint NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  student_id    bigint NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  score         double precision NOT NULL,
  PRIMARY KEY (student_id, assessment_id)
);
INSERT INTO result_by_student(student_id, assessment_id, score)
  SELECT student_id, assessment_id, score FROM result
  ORDER BY student_id, assessment_id;
DROP TABLE result;
ALTER TABLE result_by_student RENAME TO result;
