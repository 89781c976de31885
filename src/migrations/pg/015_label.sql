-- 015_label: names of coded things in other languages. A subject, a
-- learning outcome, a class, an assessment, a term, a calendar event, a
-- survey and its questions, a theme, a band, an org level... is stored
-- with one name, in the language the school system entered it; a label
-- row gives its name in another language, and every page and report shows
-- the label of the reader's language where there is one, else the stored
-- name (see docs/SCHEMA.md, "Labels", and src/store_label.h for the kinds
-- and what their codes are).
CREATE TABLE label (
  lang text NOT NULL,
  kind text NOT NULL,
  code text NOT NULL,
  text text NOT NULL CHECK (text <> ''),
  PRIMARY KEY (lang, kind, code)
);

-- label(kind, code, stored): the name of a coded thing in the reader's
-- language, else its stored name. The language is the session's
-- attain.lang, which the store sets to the calling thread's translation
-- language before a statement runs (src/store_pg.c; SQLite has label() as
-- a C function with a cache, src/store_label.c).
-- label(kind, code, stored, lang) asks for a given language. Codes may be
-- text or whole numbers (ids).
CREATE FUNCTION label(k text, c text, stored text, lang text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce((SELECT l.text FROM label l
                    WHERE l.lang = label.lang AND l.kind = k
                      AND l.code = c), stored)
$$;
CREATE FUNCTION label(k text, c text, stored text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS
  $$ SELECT label(k, c, stored, current_setting('attain.lang', true)) $$;
CREATE FUNCTION label(k text, c bigint, stored text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS
  $$ SELECT label(k, c::text, stored, current_setting('attain.lang', true)) $$;
