/*
 * store.c - opening, migrating and transacting on the SQLite database, plus
 * the store-wide reports (table counts, integrity, completeness).
 *
 * Invariants:
 *  1. Every connection has foreign_keys=ON, journal_mode=WAL and a busy
 *     timeout, so concurrent readers (the web server) see committed data
 *     (store_derived_apply turns foreign keys off around one transaction of
 *     derived rows, whose run_id it knows to exist).
 *  2. Migrations are applied in version order, each in its own transaction,
 *     and recorded in schema_migration; a version is never applied twice.
 *  3. data_version in meta increases by one for every committed batch that
 *     changed data.
 */
#include "store_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_label.h"
#include "store_migrations.h"

int st_fail(store *s, att_err *e, const char *what)
{
	return err_set(e, ATT_EIO, "%s: %s", what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *st_prep(store *s, const char *sql, att_err *e)
{
	for (int i = 0; i < s->ncache; i++) {
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return s->cache[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		st_fail(s, e, "cannot prepare statement");
		return NULL;
	}
	if (s->ncache < STORE_STMT_CACHE) {
		s->cache[s->ncache].sql = sql;
		s->cache[s->ncache].st = st;
		s->ncache++;
	} else {
		/* Cache full: evict the oldest entry. */
		sqlite3_finalize(s->cache[0].st);
		memmove(&s->cache[0], &s->cache[1],
		        sizeof(s->cache[0]) * (STORE_STMT_CACHE - 1));
		s->cache[STORE_STMT_CACHE - 1].sql = sql;
		s->cache[STORE_STMT_CACHE - 1].st = st;
	}
	return st;
}

int st_exec(store *s, const char *sql, att_err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ATT_EIO, "database error: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return ATT_EIO;
	}
	return ATT_OK;
}

void st_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

const char *st_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

int64_t st_int(store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int store_schema_latest(void)
{
	int v = 0;
	for (const struct migration *m = store_migrations; m->version; m++)
		v = m->version;
	return v;
}

int store_schema_version(store *s)
{
	return (int)st_int(
	    s, "SELECT coalesce(max(version), 0) FROM schema_migration");
}

/* Apply every migration not yet recorded in schema_migration, in order. */
static int migrate(store *s, att_err *e)
{
	if (st_exec(s,
	            "CREATE TABLE IF NOT EXISTS schema_migration ("
	            " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	            " applied_at TEXT NOT NULL DEFAULT (datetime('now')))",
	            e))
		return ATT_EIO;
	/* An upgrade of a store in use (not a fresh init) can rewrite large
	 * tables: say so on a terminal, rather than sit silent. */
	int upgrade = store_schema_version(s) > 0 && isatty(STDERR_FILENO);
	for (const struct migration *m = store_migrations; m->version; m++) {
		sqlite3_stmt *st = st_prep(
		    s, "SELECT 1 FROM schema_migration WHERE version = ?", e);
		if (!st)
			return ATT_EIO;
		sqlite3_bind_int(st, 1, m->version);
		int have = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		if (have)
			continue;
		if (st_exec(s, "BEGIN IMMEDIATE", e))
			return ATT_EIO;
		if (upgrade)
			fprintf(stderr, "upgrading the database: %s ...\n",
			        m->name);
		if (st_exec(s, m->sql, e)) {
			st_exec(s, "ROLLBACK", NULL);
			return err_set(e, ATT_EIO,
			               "migration %03d_%s failed: %s",
			               m->version, m->name, e ? e->msg : "");
		}
		st = st_prep(
		    s,
		    "INSERT INTO schema_migration(version, name) VALUES (?, ?)",
		    e);
		if (!st) {
			st_exec(s, "ROLLBACK", NULL);
			return ATT_EIO;
		}
		sqlite3_bind_int(st, 1, m->version);
		st_bind_text(st, 2, m->name);
		if (sqlite3_step(st) != SQLITE_DONE) {
			st_fail(s, e, "cannot record migration");
			st_exec(s, "ROLLBACK", NULL);
			return ATT_EIO;
		}
		if (st_exec(s, "COMMIT", e))
			return ATT_EIO;
	}
	return ATT_OK;
}

/* SQLite's allocation statistics take a global mutex on every malloc;
 * nothing reads them. Must run before SQLite initializes. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int open_db(const char *path, int flags, store **out, att_err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_setup);
	store *s = xcalloc(1, sizeof(*s));
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		err_set(e, ATT_EIO, "cannot open database '%s': %s", path,
		        s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close(s->db);
		free(s);
		return ATT_EIO;
	}
	s->path = xstrdup(path);
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	if (st_exec(s,
	            "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
	            " PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;",
	            e)) {
		store_close(s);
		return err_set(e, ATT_EIO,
		               "cannot open database '%s': not a database",
		               path);
	}
	if (store_label_register(s, e)) {
		store_close(s);
		return ATT_EIO;
	}
	*out = s;
	return ATT_OK;
}

int store_open(const char *path, store **out, att_err *e)
{
	store *s = NULL;
	int rc =
	    open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &s, e);
	if (rc)
		return rc;
	if (migrate(s, e)) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", e ? e->msg : "");
		store_close(s);
		return err_set(e, ATT_EIO, "database '%s': %s", path, msg);
	}
	*out = s;
	return ATT_OK;
}

int store_open_thread(const char *path, store **out, att_err *e)
{
	if (access(path, F_OK) != 0)
		return err_set(e, ATT_EINPUT, "database '%s' does not exist",
		               path);
	/* Used by one thread only: SQLite's per-call connection mutex is
	 * pure overhead there (multi-thread mode). The schema is current:
	 * the caller's own connection migrated it. */
	return open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, out,
	               e);
}

int store_open_existing(const char *path, store **out, att_err *e)
{
	if (access(path, F_OK) != 0)
		return err_set(e, ATT_EINPUT,
		               "database '%s' does not exist (run 'attain "
		               "init' or 'attain demo')",
		               path);
	return store_open(path, out, e);
}

void store_close(store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].st);
	if (s->batch && s->batch_free)
		s->batch_free(s->batch);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

const char *store_path(const store *s)
{
	return s->path;
}

int store_begin(store *s, att_err *e)
{
	if (st_exec(s, "BEGIN IMMEDIATE", e))
		return ATT_EIO;
	s->in_tx = 1;
	return ATT_OK;
}

int store_commit(store *s, att_err *e)
{
	if (st_exec(s, "COMMIT", e)) {
		store_rollback(s);
		return ATT_EIO;
	}
	s->in_tx = 0;
	return ATT_OK;
}

void store_rollback(store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		st_exec(s, "ROLLBACK", NULL);
	s->in_tx = 0;
}

int store_bump_version(store *s, att_err *e)
{
	return st_exec(s,
	               "UPDATE meta SET value = CAST(value AS INTEGER) + 1"
	               " WHERE key = 'data_version'",
	               e);
}

int64_t store_data_version(store *s)
{
	return st_int(s, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
	                 "'data_version'");
}

char *store_meta_get_dup(store *s, const char *key)
{
	sqlite3_stmt *st =
	    st_prep(s, "SELECT value FROM meta WHERE key = ?", NULL);
	if (!st)
		return NULL;
	st_bind_text(st, 1, key);
	char *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup(st_text(st, 0));
	sqlite3_reset(st);
	return v;
}

int store_meta_set(store *s, const char *key, const char *value, att_err *e)
{
	sqlite3_stmt *st =
	    st_prep(s,
	            "INSERT INTO meta(key, value) VALUES (?, ?)"
	            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	            e);
	if (!st)
		return ATT_EIO;
	st_bind_text(st, 1, key);
	st_bind_text(st, 2, value);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ATT_OK : st_fail(s, e, "cannot set meta");
}

int store_table_counts(store *s, store_count_fn fn, void *ctx, att_err *e)
{
	sqlite3_stmt *names = NULL;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT name FROM sqlite_schema WHERE type = 'table'"
	        " AND name NOT LIKE 'sqlite_%' ORDER BY rootpage",
	        -1, &names, NULL) != SQLITE_OK)
		return st_fail(s, e, "cannot list tables");
	int rc = ATT_OK;
	while (sqlite3_step(names) == SQLITE_ROW) {
		const char *t = st_text(names, 0);
		char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", t);
		int64_t n = st_int(s, sql);
		sqlite3_free(sql);
		if (n < 0) {
			rc = st_fail(s, e, "cannot count rows");
			break;
		}
		fn(ctx, t, n);
	}
	sqlite3_finalize(names);
	return rc;
}

int store_integrity(store *s, store_problem_fn fn, void *ctx, att_err *e)
{
	int problems = 0;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st,
	                       NULL) != SQLITE_OK)
		return st_fail(s, e, "integrity check failed"), -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = st_text(st, 0);
		if (strcmp(r, "ok") != 0) {
			char line[600];
			snprintf(line, sizeof(line), "integrity: %s", r);
			fn(ctx, line);
			problems++;
		}
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st,
	                       NULL) != SQLITE_OK)
		return st_fail(s, e, "foreign key check failed"), -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char line[600];
		snprintf(
		    line, sizeof(line),
		    "foreign key: table '%s' row %lld references missing '%s'",
		    st_text(st, 0), (long long)sqlite3_column_int64(st, 1),
		    st_text(st, 2));
		fn(ctx, line);
		problems++;
	}
	sqlite3_finalize(st);
	return problems;
}

int store_completeness(store *s, store_completeness_fn fn, void *ctx,
                       att_err *e)
{
	/* Schools under the event's org (or all schools), left-joined to their
	 * submission. A recursive CTE walks the org subtree. */
	static const char *sql =
	    "WITH RECURSIVE sub(event_id, org_id) AS ("
	    "  SELECT e.id, o.id FROM calendar_event e JOIN org o"
	    "    ON (e.org_id IS NULL AND o.parent_id IS NULL) OR o.id = "
	    "e.org_id"
	    "   WHERE e.kind = 'data_collection'"
	    "  UNION ALL"
	    "  SELECT sub.event_id, o.id FROM sub JOIN org o ON o.parent_id = "
	    "sub.org_id)"
	    " SELECT e.code, e.title, e.due_date, o.code, o.name,"
	    "   CASE WHEN c.submitted_on IS NULL THEN 'missing'"
	    "        WHEN c.submitted_on > e.due_date THEN 'late'"
	    "        ELSE 'submitted' END, c.submitted_on"
	    " FROM sub JOIN calendar_event e ON e.id = sub.event_id"
	    " JOIN org o ON o.id = sub.org_id AND o.is_school = 1"
	    " LEFT JOIN collection_submission c"
	    "   ON c.event_id = e.id AND c.org_id = o.id"
	    " ORDER BY e.due_date, e.code, o.code";
	sqlite3_stmt *st = st_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_completeness_row r = {
		    st_text(st, 0),
		    st_text(st, 1),
		    st_text(st, 2),
		    st_text(st, 3),
		    st_text(st, 4),
		    st_text(st, 5),
		    sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL
		                                              : st_text(st, 6),
		};
		fn(ctx, &r);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ATT_OK
	                         : st_fail(s, e, "completeness query failed");
}
