-- 015_label: names of coded things in other languages. A subject, a
-- learning outcome, a class, an assessment, a term, a calendar event, a
-- survey and its questions, a theme, a band, an org level... is stored
-- with one name, in the language the school system entered it; a label
-- row gives its name in another language, and every page and report shows
-- the label of the reader's language where there is one, else the stored
-- name (see docs/SCHEMA.md, "Labels", and src/store_label.h for the kinds
-- and what their codes are).
CREATE TABLE label (
  lang TEXT NOT NULL,
  kind TEXT NOT NULL,
  code TEXT NOT NULL,
  text TEXT NOT NULL CHECK (text <> ''),
  PRIMARY KEY (lang, kind, code)
) WITHOUT ROWID;
