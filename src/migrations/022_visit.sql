-- 022_visit: the officer's school visit (docs/COLLECTION.md, "School
-- visits"). A visit is a school, the officer's account, a day and notes;
-- the UDISE+ facilities checked on the day (the items of school_profile:
-- item names its column, working 1 when seen working, 0 when not); the
-- actions agreed, each with its owner, due date, status and the
-- follow-up recorded at a later visit (or when its owner marks it done);
-- and the lesson observations recorded during the visit.
CREATE TABLE visit (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  org_id      INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
  account_id  INTEGER REFERENCES account(id) ON DELETE SET NULL,
  officer     TEXT NOT NULL DEFAULT '',
  date        TEXT NOT NULL,
  notes       TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX visit_org ON visit(org_id, date);
CREATE TABLE visit_facility (
  visit_id  INTEGER NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
  item      TEXT NOT NULL CHECK (item IN ('drinking_water', 'toilets_girls',
              'toilets_boys', 'electricity', 'library', 'ramps')),
  working   INTEGER NOT NULL CHECK (working IN (0, 1)),
  PRIMARY KEY (visit_id, item)
) WITHOUT ROWID;
CREATE TABLE visit_action (
  id             INTEGER PRIMARY KEY,
  visit_id       INTEGER NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
  org_id         INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
  text           TEXT NOT NULL,
  owner          TEXT NOT NULL,
  due_date       TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'done')),
  followup       TEXT,
  followup_date  TEXT,
  followup_visit INTEGER REFERENCES visit(id) ON DELETE SET NULL
);
CREATE INDEX visit_action_org ON visit_action(org_id, status, due_date);
CREATE TABLE visit_observation (
  visit_id       INTEGER NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
  observation_id INTEGER NOT NULL REFERENCES observation(id)
                   ON DELETE CASCADE,
  PRIMARY KEY (visit_id, observation_id)
) WITHOUT ROWID;
