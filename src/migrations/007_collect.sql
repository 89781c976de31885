-- 007_collect: what data entry in the browser keeps beyond the core schema
-- (see docs/COLLECTION.md). Entered data itself goes into the core tables
-- (attendance, result, item_response, behaviour_event, attitude_grade,
-- survey_*, observation*) so every analysis sees it like imported data.

-- One row per class and day whose register has been taken: who saved it,
-- when, how many times (version) and the day's tally. The marks themselves
-- live in attendance.marks.
CREATE TABLE register_taken (
  class_id INTEGER NOT NULL REFERENCES class(id) ON DELETE CASCADE,
  date     TEXT NOT NULL,
  saved_by INTEGER REFERENCES account(id) ON DELETE SET NULL,
  saved_at TEXT NOT NULL,
  version  INTEGER NOT NULL DEFAULT 1,
  present  INTEGER NOT NULL DEFAULT 0,
  absent   INTEGER NOT NULL DEFAULT 0,
  late     INTEGER NOT NULL DEFAULT 0,
  excused  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (class_id, date)
) WITHOUT ROWID;
CREATE INDEX register_taken_date ON register_taken(date, class_id);

-- A class's saves of a markbook (kind 'markbook', target an assessment) or
-- of attitude grades (kind 'attitude', target a term). version counts the
-- saves and is what optimistic concurrency compares; first_saved_at tells
-- on-time from late against the calendar's due date.
CREATE TABLE class_save (
  kind           TEXT NOT NULL CHECK (kind IN ('markbook', 'attitude')),
  target_id      INTEGER NOT NULL,
  class_id       INTEGER NOT NULL REFERENCES class(id) ON DELETE CASCADE,
  version        INTEGER NOT NULL DEFAULT 0,
  first_saved_at TEXT NOT NULL,
  saved_at       TEXT NOT NULL,
  saved_by       INTEGER REFERENCES account(id) ON DELETE SET NULL,
  PRIMARY KEY (kind, target_id, class_id)
) WITHOUT ROWID;
CREATE INDEX class_save_class ON class_save(class_id);
