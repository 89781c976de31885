-- 007_collect: what data entry in the browser keeps beyond the core schema
-- (see docs/COLLECTION.md). Entered data itself goes into the core tables
-- (attendance, result, item_response, behaviour_event, attitude_grade,
-- survey_*, observation*) so every analysis sees it like imported data.

-- One row per class and day whose register has been taken: who saved it,
-- when, how many times (version) and the day's tally. The marks themselves
-- live in attendance.marks.
CREATE TABLE register_taken (
  class_id bigint NOT NULL REFERENCES class(id) ON DELETE CASCADE,
  date     text NOT NULL,
  saved_by bigint REFERENCES account(id) ON DELETE SET NULL,
  saved_at text NOT NULL,
  version  bigint NOT NULL DEFAULT 1,
  present  bigint NOT NULL DEFAULT 0,
  absent   bigint NOT NULL DEFAULT 0,
  late     bigint NOT NULL DEFAULT 0,
  excused  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (class_id, date)
);
CREATE INDEX register_taken_date ON register_taken(date, class_id);

-- A class's saves of a markbook (kind 'markbook', target an assessment) or
-- of attitude grades (kind 'attitude', target a term). version counts the
-- saves and is what optimistic concurrency compares; first_saved_at tells
-- on-time from late against the calendar's due date.
CREATE TABLE class_save (
  kind           text NOT NULL CHECK (kind IN ('markbook', 'attitude')),
  target_id      bigint NOT NULL,
  class_id       bigint NOT NULL REFERENCES class(id) ON DELETE CASCADE,
  version        bigint NOT NULL DEFAULT 0,
  first_saved_at text NOT NULL,
  saved_at       text NOT NULL,
  saved_by       bigint REFERENCES account(id) ON DELETE SET NULL,
  PRIMARY KEY (kind, target_id, class_id)
);
CREATE INDEX class_save_class ON class_save(class_id);
