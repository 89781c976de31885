-- 001_core: the whole data model of attain (see docs/SCHEMA.md).
-- Internal keys are INTEGER PRIMARY KEYs; every entity users import has a
-- unique external `code` (the identifier of the source system), which is what
-- upserts, exports and web addresses use.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES ('data_version', '0');

-- Organisation tree of any depth. Levels are named per installation
-- (state > district > block > cluster > school, or trust > school).
CREATE TABLE org_level (
  depth INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
);
CREATE TABLE org (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL,
  parent_id INTEGER REFERENCES org(id) ON DELETE RESTRICT,
  level     TEXT NOT NULL REFERENCES org_level(name),
  is_school INTEGER NOT NULL DEFAULT 0 CHECK (is_school IN (0, 1))
);
CREATE INDEX org_parent ON org(parent_id);

CREATE TABLE academic_year (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date   TEXT NOT NULL,
  CHECK (start_date < end_date)
);
-- Terms and assessment/reporting windows within a year.
CREATE TABLE term (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  year_id    INTEGER NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL DEFAULT 'window' CHECK (kind IN ('term', 'window')),
  seq        INTEGER NOT NULL DEFAULT 0,
  start_date TEXT NOT NULL,
  end_date   TEXT NOT NULL
);
CREATE INDEX term_year ON term(year_id);

-- School context and facilities as UDISE+ records them, per year.
CREATE TABLE school_profile (
  org_id          INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
  year_id         INTEGER NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  udise_code      TEXT,
  management      TEXT,
  location        TEXT CHECK (location IN ('rural', 'urban') OR location IS NULL),
  lowest_grade    INTEGER,
  highest_grade   INTEGER,
  drinking_water  INTEGER CHECK (drinking_water IN (0, 1) OR drinking_water IS NULL),
  toilets_girls   INTEGER,
  toilets_boys    INTEGER,
  electricity     INTEGER CHECK (electricity IN (0, 1) OR electricity IS NULL),
  library         INTEGER CHECK (library IN (0, 1) OR library IS NULL),
  ramps           INTEGER CHECK (ramps IN (0, 1) OR ramps IS NULL),
  classrooms      INTEGER,
  teachers        INTEGER,
  enrolment       INTEGER,
  pupil_teacher_ratio REAL,
  PRIMARY KEY (org_id, year_id)
) WITHOUT ROWID;

CREATE TABLE student (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  given_name      TEXT NOT NULL,
  family_name     TEXT NOT NULL DEFAULT '',
  gender          TEXT CHECK (gender IN ('F', 'M', 'X') OR gender IS NULL),
  birth_date      TEXT,
  ses_disadvantaged INTEGER CHECK (ses_disadvantaged IN (0, 1) OR ses_disadvantaged IS NULL),
  special_needs   INTEGER CHECK (special_needs IN (0, 1) OR special_needs IS NULL),
  home_language   TEXT,
  social_category TEXT,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
-- Free-form context attributes (key/value) beyond the fixed columns.
CREATE TABLE student_attr (
  student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (student_id, key)
) WITHOUT ROWID;

CREATE TABLE staff (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  given_name  TEXT NOT NULL,
  family_name TEXT NOT NULL DEFAULT '',
  email       TEXT,
  org_id      INTEGER REFERENCES org(id) ON DELETE SET NULL,
  title       TEXT,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX staff_org ON staff(org_id);

-- Parents and carers (OneRoster agents of role parent/guardian).
CREATE TABLE guardian (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  given_name  TEXT NOT NULL,
  family_name TEXT NOT NULL DEFAULT '',
  email       TEXT,
  phone       TEXT
);
CREATE TABLE guardian_link (
  guardian_id INTEGER NOT NULL REFERENCES guardian(id) ON DELETE CASCADE,
  student_id  INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  relation    TEXT NOT NULL DEFAULT 'parent',
  PRIMARY KEY (guardian_id, student_id)
) WITHOUT ROWID;
CREATE INDEX guardian_link_student ON guardian_link(student_id);

CREATE TABLE subject (
  id   INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  core INTEGER NOT NULL DEFAULT 1 CHECK (core IN (0, 1))
);

-- A class or section: a group of students taught together in one school
-- and year, for one subject or (subject_id NULL) as a homeroom.
CREATE TABLE class (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  org_id     INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
  year_id    INTEGER NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  grade      INTEGER,
  subject_id INTEGER REFERENCES subject(id) ON DELETE SET NULL
);
CREATE INDEX class_org ON class(org_id, year_id);

CREATE TABLE teacher_of (
  class_id INTEGER NOT NULL REFERENCES class(id) ON DELETE CASCADE,
  staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  role     TEXT NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'assistant')),
  PRIMARY KEY (class_id, staff_id)
) WITHOUT ROWID;
CREATE INDEX teacher_of_staff ON teacher_of(staff_id);

CREATE TABLE enrolment (
  class_id   INTEGER NOT NULL REFERENCES class(id) ON DELETE CASCADE,
  student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  start_date TEXT,
  end_date   TEXT,
  PRIMARY KEY (class_id, student_id)
) WITHOUT ROWID;
CREATE INDEX enrolment_student ON enrolment(student_id);

-- Where a student is in a given year: school and grade.
CREATE TABLE placement (
  student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  year_id    INTEGER NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  org_id     INTEGER NOT NULL REFERENCES org(id) ON DELETE RESTRICT,
  grade      INTEGER NOT NULL,
  PRIMARY KEY (student_id, year_id)
) WITHOUT ROWID;
CREATE INDEX placement_org ON placement(org_id, year_id);

-- Learning continuum: standards / learning outcomes, nested by parent.
CREATE TABLE standard (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  subject_id  INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,
  grade       INTEGER,
  description TEXT NOT NULL,
  parent_id   INTEGER REFERENCES standard(id) ON DELETE SET NULL
);
CREATE INDEX standard_subject ON standard(subject_id, grade);

CREATE TABLE assessment (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE RESTRICT,
  year_id    INTEGER NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  term_id    INTEGER REFERENCES term(id) ON DELETE SET NULL,
  grade      INTEGER,
  kind       TEXT NOT NULL CHECK (kind IN ('baseline', 'formative', 'summative', 'diagnostic')),
  date       TEXT,
  max_score  REAL NOT NULL CHECK (max_score > 0),
  scale      TEXT NOT NULL DEFAULT 'raw',
  class_id   INTEGER REFERENCES class(id) ON DELETE CASCADE
);
CREATE INDEX assessment_year ON assessment(year_id, subject_id, grade);

-- Proficiency bands: a score at or above min_score (and below the next
-- band's) is in the band. seq 0 is the lowest band.
CREATE TABLE cut_score (
  assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  band          TEXT NOT NULL,
  min_score     REAL NOT NULL,
  PRIMARY KEY (assessment_id, seq)
) WITHOUT ROWID;

CREATE TABLE item (
  id            INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  code          TEXT NOT NULL,
  seq           INTEGER NOT NULL DEFAULT 0,
  max_points    REAL NOT NULL CHECK (max_points > 0),
  standard_id   INTEGER REFERENCES standard(id) ON DELETE SET NULL,
  dok           INTEGER CHECK (dok BETWEEN 1 AND 4 OR dok IS NULL),
  UNIQUE (assessment_id, code)
);

CREATE TABLE result (
  assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  student_id    INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  score         REAL NOT NULL,
  PRIMARY KEY (assessment_id, student_id)
) WITHOUT ROWID;
CREATE INDEX result_student ON result(student_id);

CREATE TABLE item_response (
  item_id    INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
  student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  points     REAL NOT NULL,
  PRIMARY KEY (item_id, student_id)
) WITHOUT ROWID;
CREATE INDEX item_response_student ON item_response(student_id);

-- Daily attendance, one row per student and year. `marks` holds one 4-bit
-- code per calendar day from the year's start_date (two days per byte, low
-- nibble first): 0 no mark (weekend, holiday, not enrolled), 1 present,
-- 2 absent, 3 absent excused (authorised), 4 late, 5 school closed.
-- A 365-day year takes 183 bytes (see docs/SCHEMA.md).
CREATE TABLE attendance (
  student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  year_id    INTEGER NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  marks      BLOB NOT NULL,
  PRIMARY KEY (student_id, year_id)
) WITHOUT ROWID;

CREATE TABLE behaviour_event (
  id         INTEGER PRIMARY KEY,
  code       TEXT UNIQUE,
  student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  date       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('positive', 'negative')),
  category   TEXT NOT NULL,
  points     INTEGER NOT NULL DEFAULT 0,
  serious    INTEGER NOT NULL DEFAULT 0 CHECK (serious IN (0, 1)),
  staff_id   INTEGER REFERENCES staff(id) ON DELETE SET NULL,
  note       TEXT
);
CREATE INDEX behaviour_student ON behaviour_event(student_id, date);

-- Attitude to learning, graded per student, term and subject:
-- 1 excellent, 2 good, 3 requires improvement, 4 poor.
CREATE TABLE attitude_grade (
  student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  term_id    INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,
  grade      INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
  PRIMARY KEY (student_id, term_id, subject_id)
) WITHOUT ROWID;

CREATE TABLE survey (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  title         TEXT NOT NULL,
  audience      TEXT NOT NULL CHECK (audience IN ('student', 'parent', 'staff')),
  anonymous     INTEGER NOT NULL DEFAULT 1 CHECK (anonymous IN (0, 1)),
  needs_consent INTEGER NOT NULL DEFAULT 0 CHECK (needs_consent IN (0, 1)),
  year_id       INTEGER REFERENCES academic_year(id) ON DELETE CASCADE,
  org_id        INTEGER REFERENCES org(id) ON DELETE CASCADE,
  open_date     TEXT,
  close_date    TEXT
);
CREATE TABLE survey_question (
  id        INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  seq       INTEGER NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('likert', 'text')),
  text      TEXT NOT NULL,
  UNIQUE (survey_id, seq)
);
-- A response names its respondent only when the survey is not anonymous.
-- Anonymous responses carry a random id and only the school (org_id), so no
-- column links them to a person; survey_taken records who has answered, with
-- no link to which response is theirs.
CREATE TABLE survey_response (
  id              INTEGER PRIMARY KEY,
  survey_id       INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  respondent_role TEXT NOT NULL CHECK (respondent_role IN ('student', 'parent', 'staff')),
  student_id      INTEGER REFERENCES student(id) ON DELETE CASCADE,
  guardian_id     INTEGER REFERENCES guardian(id) ON DELETE CASCADE,
  staff_id        INTEGER REFERENCES staff(id) ON DELETE CASCADE,
  org_id          INTEGER REFERENCES org(id) ON DELETE SET NULL,
  submitted_on    TEXT
);
CREATE INDEX survey_response_survey ON survey_response(survey_id);
CREATE TABLE survey_answer (
  response_id INTEGER NOT NULL REFERENCES survey_response(id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL REFERENCES survey_question(id) ON DELETE CASCADE,
  value       INTEGER CHECK (value BETWEEN 1 AND 5 OR value IS NULL),
  text        TEXT,
  PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
CREATE TABLE survey_taken (
  survey_id  INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  PRIMARY KEY (survey_id, account_id)
) WITHOUT ROWID;

-- Codebook for qualitative coding of observation notes and survey text.
CREATE TABLE theme (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  keywords    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE observation (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  staff_id    INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  observer_id INTEGER REFERENCES staff(id) ON DELETE SET NULL,
  org_id      INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
  class_id    INTEGER REFERENCES class(id) ON DELETE SET NULL,
  date        TEXT NOT NULL,
  rubric      TEXT NOT NULL DEFAULT 'default',
  notes       TEXT,
  next_steps  TEXT,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX observation_org ON observation(org_id, date);
CREATE TABLE observation_score (
  observation_id INTEGER NOT NULL REFERENCES observation(id) ON DELETE CASCADE,
  criterion      TEXT NOT NULL,
  score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
  PRIMARY KEY (observation_id, criterion)
) WITHOUT ROWID;
-- Codebook themes tagged on a piece of text: an observation's notes or a
-- survey answer's free text.
CREATE TABLE text_theme (
  source      TEXT NOT NULL CHECK (source IN ('observation', 'survey')),
  source_id   INTEGER NOT NULL,
  question_id INTEGER NOT NULL DEFAULT 0,
  theme_id    INTEGER NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
  PRIMARY KEY (source, source_id, question_id, theme_id)
) WITHOUT ROWID;

CREATE TABLE intervention (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  org_id      INTEGER REFERENCES org(id) ON DELETE CASCADE,
  subject_id  INTEGER REFERENCES subject(id) ON DELETE SET NULL,
  year_id     INTEGER NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  start_date  TEXT,
  end_date    TEXT,
  cost        REAL CHECK (cost >= 0 OR cost IS NULL),
  description TEXT
);
CREATE TABLE participant (
  intervention_id INTEGER NOT NULL REFERENCES intervention(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  dosage          REAL CHECK (dosage >= 0 OR dosage IS NULL),
  start_date      TEXT,
  end_date        TEXT,
  PRIMARY KEY (intervention_id, student_id)
) WITHOUT ROWID;
CREATE INDEX participant_student ON participant(student_id);

-- A goal for a student, class or org. metric: mean_score (mean of the
-- subject's summative results, percent of max), share_proficient (percent at
-- or above the proficient cut), attendance_rate (percent), score (a single
-- student's percent score).
CREATE TABLE goal (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  title         TEXT NOT NULL,
  student_id    INTEGER REFERENCES student(id) ON DELETE CASCADE,
  class_id      INTEGER REFERENCES class(id) ON DELETE CASCADE,
  org_id        INTEGER REFERENCES org(id) ON DELETE CASCADE,
  subject_id    INTEGER REFERENCES subject(id) ON DELETE SET NULL,
  metric        TEXT NOT NULL CHECK (metric IN ('mean_score', 'share_proficient', 'attendance_rate', 'score')),
  baseline      REAL NOT NULL,
  baseline_date TEXT NOT NULL,
  target        REAL NOT NULL,
  due_date      TEXT NOT NULL,
  set_by        TEXT NOT NULL DEFAULT 'staff' CHECK (set_by IN ('staff', 'student')),
  staff_id      INTEGER REFERENCES staff(id) ON DELETE SET NULL,
  CHECK ((student_id IS NOT NULL) + (class_id IS NOT NULL) + (org_id IS NOT NULL) = 1)
);

CREATE TABLE consent (
  id          INTEGER PRIMARY KEY,
  student_id  INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  purpose     TEXT NOT NULL,
  granted     INTEGER NOT NULL CHECK (granted IN (0, 1)),
  date        TEXT NOT NULL,
  given_by    TEXT NOT NULL,
  UNIQUE (student_id, purpose)
);

-- Assessment, data-collection, reporting and parent-meeting calendar.
CREATE TABLE calendar_event (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  year_id       INTEGER NOT NULL REFERENCES academic_year(id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind IN ('assessment', 'data_collection', 'reporting', 'parent_meeting')),
  title         TEXT NOT NULL,
  org_id        INTEGER REFERENCES org(id) ON DELETE CASCADE,
  collects      TEXT CHECK (collects IN ('attendance', 'results', 'attitude', 'survey', 'observation', 'profile') OR collects IS NULL),
  assessment_id INTEGER REFERENCES assessment(id) ON DELETE SET NULL,
  survey_id     INTEGER REFERENCES survey(id) ON DELETE SET NULL,
  start_date    TEXT NOT NULL,
  due_date      TEXT NOT NULL
);
-- A school's submission against a data-collection event.
CREATE TABLE collection_submission (
  event_id     INTEGER NOT NULL REFERENCES calendar_event(id) ON DELETE CASCADE,
  org_id       INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
  submitted_on TEXT NOT NULL,
  rows         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, org_id)
) WITHOUT ROWID;

-- Accounts. role decides the kind of scope; account_scope rows name the
-- students (parent, student), classes (teacher) or org (principal, officer).
CREATE TABLE account (
  id          INTEGER PRIMARY KEY,
  username    TEXT NOT NULL UNIQUE,
  pw_hash     TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('student', 'parent', 'teacher', 'principal', 'officer', 'admin')),
  staff_id    INTEGER REFERENCES staff(id) ON DELETE SET NULL,
  student_id  INTEGER REFERENCES student(id) ON DELETE CASCADE,
  guardian_id INTEGER REFERENCES guardian(id) ON DELETE CASCADE,
  lang        TEXT NOT NULL DEFAULT 'en',
  disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at  TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE account_scope (
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  org_id     INTEGER REFERENCES org(id) ON DELETE CASCADE,
  class_id   INTEGER REFERENCES class(id) ON DELETE CASCADE,
  student_id INTEGER REFERENCES student(id) ON DELETE CASCADE,
  CHECK ((org_id IS NOT NULL) + (class_id IS NOT NULL) + (student_id IS NOT NULL) = 1)
);
CREATE INDEX account_scope_account ON account_scope(account_id);

CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  account_id  INTEGER REFERENCES account(id) ON DELETE SET NULL,
  username    TEXT,
  action      TEXT NOT NULL,
  target_kind TEXT,
  target      TEXT,
  address     TEXT,
  detail      TEXT
);

CREATE TABLE import_batch (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,
  source       TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  rows_read    INTEGER NOT NULL DEFAULT 0,
  inserted     INTEGER NOT NULL DEFAULT 0,
  updated      INTEGER NOT NULL DEFAULT 0,
  unchanged    INTEGER NOT NULL DEFAULT 0,
  rejected     INTEGER NOT NULL DEFAULT 0,
  status       TEXT NOT NULL CHECK (status IN ('committed', 'failed', 'partial'))
);

CREATE TABLE analysis_run (
  id           INTEGER PRIMARY KEY,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  data_version INTEGER NOT NULL,
  analyses     TEXT NOT NULL,
  params       TEXT NOT NULL DEFAULT '{}',
  status       TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed'))
);
