/*
 * store_runs.c - analysis runs: their rows, their locks (live or dead),
 * reaping dead runs, and the stage a run writes to and publishes from
 * (see store_runs.h for the life of a run and its invariants).
 */
#include "store_runs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store_internal.h"

/* ---- the run lock ---- */

static void lock_path(const store *s, char *out, size_t n)
{
	snprintf(out, n, "%s-runlock", s->path);
}

/* The lock file open on s (created when missing), or -1 with e filled. */
static int lock_fd(store *s, att_err *e)
{
	if (s->run_lock_fd >= 0)
		return s->run_lock_fd;
	/* Run locks and stages are files beside the database: none yet for
	 * a database on a server. */
	if (!store_is_file(s->path)) {
		err_set(e, ATT_EIO, "analysis runs are not yet supported on %s",
		        s->eng->name);
		return -1;
	}
	char path[4096];
	lock_path(s, path, sizeof(path));
	s->run_lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (s->run_lock_fd < 0)
		err_set(e, ATT_EIO, "cannot open the run lock '%s': %s", path,
		        strerror(errno));
	return s->run_lock_fd;
}

/* Take (F_WRLCK) or release (F_UNLCK) byte run of the lock file without
 * waiting. */
static int lock_set(int fd, int64_t run, short type)
{
	struct flock fl = {.l_type = type,
	                   .l_whence = SEEK_SET,
	                   .l_start = (off_t)run,
	                   .l_len = 1};
	return fcntl(fd, F_SETLK, &fl);
}

/* 1 when some process holds run's lock (or when that cannot be told: the
 * lock file exists but cannot be opened), 0 when none does. A run whose
 * lock s took itself is live. The lock file stays open on s: closing any
 * descriptor of it would drop every lock this process holds on it. */
static int run_live(store *s, int64_t run)
{
	if (run == s->run_held)
		return 1;
	if (s->run_lock_fd < 0) {
		char path[4096];
		lock_path(s, path, sizeof(path));
		s->run_lock_fd = open(path, O_RDWR | O_CLOEXEC);
		if (s->run_lock_fd < 0 && errno == ENOENT)
			return 0; /* no run ever took a lock here */
		if (s->run_lock_fd < 0)
			s->run_lock_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (s->run_lock_fd < 0)
			return 1;
	}
	struct flock fl = {.l_type = F_WRLCK,
	                   .l_whence = SEEK_SET,
	                   .l_start = (off_t)run,
	                   .l_len = 1};
	return fcntl(s->run_lock_fd, F_GETLK, &fl) != 0 || fl.l_type != F_UNLCK;
}

static void run_release(store *s, int64_t run)
{
	if (s->run_held == run && s->run_lock_fd >= 0)
		lock_set(s->run_lock_fd, run, F_UNLCK);
	if (s->run_held == run)
		s->run_held = 0;
}

/* ---- runs ---- */

int store_run_begin(store *s, const char *analyses, const char *params_json,
                    int64_t data_version, int64_t now, int64_t *run_id,
                    att_err *e)
{
	int fd = lock_fd(s, e);
	if (fd < 0)
		return ATT_EIO;
	char ts[21];
	clock_iso(now, ts);
	int own = !sql_in_tx(s);
	if (own && store_begin(s, e))
		return ATT_EIO;
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO main.analysis_run(started_at, data_version,"
	    " analyses, params, status) VALUES (?, ?, ?, ?, 'running')",
	    e);
	int rc = st ? ATT_OK : ATT_EIO;
	if (st) {
		sql_bind_text(st, 1, ts);
		sql_bind_int(st, 2, data_version);
		sql_bind_text(st, 3, analyses);
		sql_bind_text(st, 4, params_json ? params_json : "{}");
		if (sql_step(st) != SQL_DONE)
			rc = sql_fail(s, e, "cannot record the analysis run");
		sql_reset(st);
	}
	int64_t id = rc ? 0 : sql_last_id(s);
	if (!rc && lock_set(fd, id, F_WRLCK) != 0)
		rc = err_set(e, ATT_EIO, "cannot lock analysis run %lld: %s",
		             (long long)id, strerror(errno));
	if (!rc)
		s->run_held = id;
	if (own && !rc)
		rc = store_commit(s, e);
	else if (own)
		store_rollback(s);
	if (rc) {
		run_release(s, id);
		return rc;
	}
	*run_id = id;
	return ATT_OK;
}

static void stage_drop(store *s);

/* Set a run's status and finish time (no transaction of its own). */
static int run_mark(store *s, int64_t run_id, const char *status, int64_t now,
                    att_err *e)
{
	char ts[21];
	clock_iso(now, ts);
	sql_stmt *st = sql_prep(s,
	                        "UPDATE main.analysis_run SET finished_at = ?,"
	                        " status = ? WHERE id = ?",
	                        e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, ts);
	sql_bind_text(st, 2, status);
	sql_bind_int(st, 3, run_id);
	int rc = sql_step(st) == SQL_DONE
	             ? ATT_OK
	             : sql_fail(s, e, "cannot finish the analysis run");
	sql_reset(st);
	return rc;
}

int store_run_finish(store *s, int64_t run_id, const char *status, int64_t now,
                     att_err *e)
{
	if (s->stage_run == run_id)
		stage_drop(s);
	int rc = run_mark(s, run_id, status, now, e);
	run_release(s, run_id);
	return rc;
}

int store_run_step(store *s, int64_t run_id, const char *analysis,
                   double seconds, int64_t rows, att_err *e)
{
	sql_stmt *st =
	    sql_prep(s,
	             s->stage_run ? "INSERT OR REPLACE INTO stage.analysis_step"
	                            "(run_id, analysis, seconds, rows)"
	                            " VALUES (?, ?, ?, ?)"
	                          : "INSERT OR REPLACE INTO main.analysis_step"
	                            "(run_id, analysis, seconds, rows)"
	                            " VALUES (?, ?, ?, ?)",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, run_id);
	sql_bind_text(st, 2, analysis);
	sql_bind_num(st, 3, seconds);
	sql_bind_int(st, 4, rows);
	return sql_run(st, e, "cannot record the analysis step");
}

double store_run_seconds(store *s, const char *analysis)
{
	sql_stmt *st = sql_prep(s,
	                        "SELECT p.seconds FROM main.analysis_step p"
	                        " JOIN main.analysis_run r ON r.id = p.run_id"
	                        " WHERE p.analysis = ? AND r.status = 'done'"
	                        " ORDER BY p.run_id DESC LIMIT 1",
	                        NULL);
	if (!st)
		return -1;
	sql_bind_text(st, 1, analysis);
	double v = -1;
	if (sql_step(st) == SQL_ROW)
		v = sql_num(st, 0);
	sql_reset(st);
	return v;
}

int64_t store_run_latest(store *s, const char *analysis)
{
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT max(r.id) FROM main.analysis_run r WHERE r.status = 'done'"
	    " AND (?1 IS NULL OR EXISTS (SELECT 1 FROM main.analysis_step p"
	    " WHERE p.run_id = r.id AND p.analysis = ?1))",
	    NULL);
	if (!st)
		return -1;
	sql_bind_text(st, 1, analysis);
	int64_t id = -1;
	if (sql_step(st) == SQL_ROW)
		id = sql_int(st, 0);
	sql_reset(st);
	return id;
}

/* ---- the stage's files ---- */

static void stage_path(const store *s, int64_t run, const char *suffix,
                       char *out, size_t n)
{
	snprintf(out, n, "%s-run%lld%s", s->path, (long long)run, suffix);
}

static void stage_unlink(const store *s, int64_t run)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char path[4096];
	for (size_t i = 0; i < ARRAY_LEN(sfx); i++) {
		stage_path(s, run, sfx[i], path, sizeof(path));
		unlink(path);
	}
}

/* ---- reaping ---- */

int store_run_reap(store *s, int64_t now, att_err *e)
{
	if (sql_one_int(s, "SELECT count(*) FROM main.analysis_run"
	                   " WHERE status = 'running'") <= 0)
		return 0;
	att_err be;
	err_clear(&be);
	if (store_begin(s, &be))
		return 0; /* busy: the next open reaps */
	sql_stmt *q = sql_prep_new(s,
	                           "SELECT id FROM main.analysis_run"
	                           " WHERE status = 'running' ORDER BY id",
	                           e);
	if (!q) {
		store_rollback(s);
		return -1;
	}
	int64_t dead[64];
	int nd = 0;
	while (sql_step(q) == SQL_ROW && nd < (int)ARRAY_LEN(dead)) {
		int64_t id = sql_int(q, 0);
		if (!run_live(s, id))
			dead[nd++] = id;
	}
	sql_free(q);
	int rc = ATT_OK;
	for (int i = 0; i < nd && !rc; i++)
		rc = run_mark(s, dead[i], "failed", now, e);
	if (!rc)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	if (rc)
		return -1;
	for (int i = 0; i < nd; i++)
		stage_unlink(s, dead[i]);
	return nd;
}

int store_runs_unfinished(store *s, store_run_fn fn, void *ctx, att_err *e)
{
	sql_stmt *q = sql_prep_new(
	    s,
	    "SELECT r.id, r.started_at, coalesce(r.finished_at, ''),"
	    " r.status, r.analyses, EXISTS (SELECT 1 FROM main.analysis_run d"
	    " WHERE d.status = 'done' AND d.id > r.id)"
	    " FROM main.analysis_run r WHERE r.status <> 'done' ORDER BY r.id",
	    e);
	if (!q)
		return sql_fail(s, e, "cannot list analysis runs"), -1;
	int open = 0, rc;
	while ((rc = sql_step(q)) == SQL_ROW) {
		store_run_info r = {.id = sql_int(q, 0),
		                    .started_at = sql_text(q, 1),
		                    .finished_at = sql_text(q, 2),
		                    .status = sql_text(q, 3),
		                    .analyses = sql_text(q, 4),
		                    .resolved = sql_int(q, 5) != 0};
		r.live = strcmp(r.status, "running") == 0 && run_live(s, r.id);
		open += !r.live && !r.resolved;
		if (fn)
			fn(ctx, &r);
	}
	if (rc == SQL_ERR) {
		sql_fail(s, e, "cannot list analysis runs");
		open = -1;
	}
	sql_free(q);
	return open;
}

/* ---- the stage ---- */

int store_stage_is_open(const store *s)
{
	return s->stage_run != 0;
}

/* Attach run's stage file to s as "stage". */
static int stage_attach(store *s, int64_t run, att_err *e)
{
	char path[4096];
	stage_path(s, run, "", path, sizeof(path));
	sql_stmt *q = sql_prep_new(s, "ATTACH DATABASE ?1 AS stage", e);
	if (!q)
		return sql_fail(s, e, "cannot attach the run's stage");
	sql_bind_text(q, 1, path);
	int rc = sql_step(q) == SQL_DONE
	             ? ATT_OK
	             : sql_fail(s, e, "cannot attach the run's stage");
	sql_free(q);
	return rc;
}

/* Run fmt once per word of list (table names), the word in place of each
 * %s (at most two). */
static int each_table(store *s, const char *list, const char *fmt, att_err *e)
{
	const char *p = list, *w;
	size_t len;
	int rc = ATT_OK;
	while (!rc && (w = word_next(&p, &len))) {
		char t[64], sql[512];
		if (len >= sizeof(t))
			return err_set(e, ATT_EUSAGE, "bad table '%.*s'",
			               (int)len, w);
		memcpy(t, w, len);
		t[len] = '\0';
		snprintf(sql, sizeof(sql), fmt, t, t);
		rc = sql_exec(s, sql, e);
	}
	return rc;
}

static void stage_drop(store *s)
{
	if (!s->stage_run)
		return;
	if (sql_in_tx(s))
		store_rollback(s);
	sql_exec(s, "DETACH DATABASE stage", NULL);
	stage_unlink(s, s->stage_run);
	s->stage_run = 0;
}

int store_stage_open(store *s, int64_t run_id, const char *tables, att_err *e)
{
	if (s->stage_run)
		return err_set(e, ATT_EUSAGE, "a stage is already open");
	stage_unlink(s, run_id);
	if (stage_attach(s, run_id, e))
		return ATT_EIO;
	s->stage_run = run_id;
	/* Scratch: lost with the run when the machine stops, so no syncs;
	 * WAL so that a worker reads it while the writer appends. */
	int rc = sql_exec(s,
	                  "PRAGMA stage.journal_mode = WAL;"
	                  " PRAGMA stage.synchronous = OFF",
	                  e);
	if (!rc)
		rc = each_table(s, tables,
		                "CREATE TABLE stage.%s AS"
		                " SELECT * FROM main.%s WHERE 0",
		                e);
	if (!rc)
		rc = each_table(s, "analysis_step",
		                "CREATE TABLE stage.%s AS"
		                " SELECT * FROM main.%s WHERE 0",
		                e);
	if (rc)
		stage_drop(s);
	return rc;
}

int store_stage_attach(store *s, int64_t run_id, const char *shadow, att_err *e)
{
	if (stage_attach(s, run_id, e))
		return ATT_EIO;
	return each_table(s, shadow,
	                  "CREATE TEMP VIEW %s AS SELECT * FROM stage.%s", e);
}

/* Replace one table's rows with the stage's, dropping its indexes first
 * (into x) when the stage holds many rows. */
static int publish_table(store *s, const char *t, sql_saved *x, att_err *e)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM stage.%s", t);
	if (sql_one_int(s, sql) >= STORE_REINDEX_ROWS &&
	    sql_indexes_drop(s, t, x, e))
		return ATT_EIO;
	snprintf(sql, sizeof(sql),
	         "DELETE FROM main.%s; INSERT INTO main.%s SELECT * FROM"
	         " stage.%s ORDER BY rowid",
	         t, t, t);
	return sql_exec(s, sql, e);
}

int store_stage_publish(store *s, int64_t run_id, const char *tables,
                        int64_t now, att_err *e)
{
	if (s->stage_run != run_id)
		return err_set(e, ATT_EUSAGE, "run %lld has no stage",
		               (long long)run_id);
	/* As store_derived_apply: the rows reference this run, which exists;
	 * and a whole-table DELETE takes the truncate path. */
	sql_foreign_keys(s, 0);
	sql_saved x = {0};
	int rc = store_begin(s, e);
	const char *p = tables, *w;
	size_t len;
	while (!rc && (w = word_next(&p, &len))) {
		char t[64];
		snprintf(t, sizeof(t), "%.*s", (int)(len < 63 ? len : 63), w);
		rc = publish_table(s, t, &x, e);
	}
	if (!rc)
		rc = sql_indexes_restore(s, &x, e);
	if (!rc)
		rc = sql_exec(s,
		              "INSERT INTO main.analysis_step"
		              " SELECT * FROM stage.analysis_step",
		              e);
	kill_point("publish");
	if (!rc)
		rc = run_mark(s, run_id, "done", now, e);
	if (!rc)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	sql_foreign_keys(s, 1);
	sql_saved_free(&x);
	if (!rc) {
		stage_drop(s);
		run_release(s, run_id);
	}
	return rc;
}
