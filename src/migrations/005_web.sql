-- 005_web: what the web server keeps beyond the core schema: signed-in
-- sessions and failed login attempts (for rate limiting).

-- A session is known by the BLAKE2b hash of its cookie token, never by the
-- token itself, so a copy of the database does not hand out sessions.
-- expires_at is absolute; last_seen moves the idle limit forward.
CREATE TABLE web_session (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,
  address    TEXT,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX web_session_account ON web_session(account_id);

-- One row per failed login; rows older than the rate-limit window are
-- pruned on the next failure. `at` is Unix seconds.
CREATE TABLE web_login_failure (
  id       INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  address  TEXT NOT NULL,
  at       INTEGER NOT NULL
);
CREATE INDEX web_login_failure_user ON web_login_failure(username, at);
CREATE INDEX web_login_failure_addr ON web_login_failure(address, at);
