/*
 * store_sqlite.c - the SQLite engine behind the store: opening a
 * connection (foreign keys on, WAL, busy timeout), the statement interface
 * of store_sql.h over sqlite3_* (with the prepared-statement cache), and
 * everything else that is SQLite's own dialect: transactions as BEGIN
 * IMMEDIATE, the catalogue (sqlite_schema, PRAGMA table_info), dropping
 * and rebuilding indexes around bulk inserts, foreign-key and cache
 * pragmas, WAL checkpoints, PRAGMA integrity_check, secure delete, the
 * file's change counter, and the SQL functions the queries call (the
 * attendance tallies, label()).
 *
 * A statement of the interface is the sqlite3_stmt itself (sql_stmt is
 * never defined; the pointer is converted here and only here).
 */
#include "store_internal.h"

#include <math.h>
#include <sqlite3.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attendance.h"
#include "store_label.h"
#include "store_sql.h"

static sqlite3_stmt *raw(sql_stmt *q)
{
	return (sqlite3_stmt *)q;
}

/* ---- opening and closing ---- */

/* SQLite's allocation statistics take a global mutex on every malloc;
 * nothing reads them. Must run before SQLite initializes. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_connect(const char *path, int flags, store **out, att_err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_setup);
	int fl = flags & STORE_CONNECT_THREAD
	             ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
	             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	store *s = xcalloc(1, sizeof(*s));
	s->run_lock_fd = -1;
	sqlite3 *db = NULL;
	int orc = sqlite3_open_v2(path, &db, fl, NULL);
	s->db = db;
	if (orc != SQLITE_OK) {
		err_set(e, ATT_EIO, "cannot open database '%s': %s", path,
		        db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		free(s);
		return ATT_EIO;
	}
	s->path = xstrdup(path);
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	if (sql_exec(
	        s,
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

void store_close(store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(raw(s->cache[i].st));
	if (s->batch && s->batch_free)
		s->batch_free(s->batch);
	sqlite3_close(s->db);
	if (s->run_lock_fd >= 0)
		close(s->run_lock_fd); /* releases the run locks it held */
	free(s->path);
	free(s);
}

/* ---- statements ---- */

sql_stmt *sql_prep(store *s, const char *sql, att_err *e)
{
	for (int i = 0; i < s->ncache; i++) {
		if (s->cache[i].sql == sql) {
			sqlite3_reset(raw(s->cache[i].st));
			sqlite3_clear_bindings(raw(s->cache[i].st));
			return s->cache[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sql_fail(s, e, "cannot prepare statement");
		return NULL;
	}
	if (s->ncache == STORE_STMT_CACHE) {
		/* Cache full: evict the oldest entry. */
		sqlite3_finalize(raw(s->cache[0].st));
		memmove(&s->cache[0], &s->cache[1],
		        sizeof(s->cache[0]) * (STORE_STMT_CACHE - 1));
		s->ncache--;
	}
	s->cache[s->ncache].sql = sql;
	s->cache[s->ncache].st = (sql_stmt *)st;
	s->ncache++;
	return (sql_stmt *)st;
}

sql_stmt *sql_prep_new(store *s, const char *sql, att_err *e)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	                       NULL) != SQLITE_OK) {
		sql_fail(s, e, "cannot prepare statement");
		return NULL;
	}
	return (sql_stmt *)st;
}

void sql_free(sql_stmt *q)
{
	sqlite3_finalize(raw(q));
}

void sql_bind_int(sql_stmt *q, int i, int64_t v)
{
	sqlite3_bind_int64(raw(q), i, v);
}

void sql_bind_num(sql_stmt *q, int i, double v)
{
	sqlite3_bind_double(raw(q), i, v);
}

void sql_bind_text(sql_stmt *q, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(raw(q), i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(raw(q), i);
}

void sql_bind_textn(sql_stmt *q, int i, const char *v, int n)
{
	sqlite3_bind_text(raw(q), i, v, n, SQLITE_STATIC);
}

void sql_bind_blob(sql_stmt *q, int i, const void *p, int n)
{
	sqlite3_bind_blob(raw(q), i, p, n, SQLITE_TRANSIENT);
}

void sql_bind_null(sql_stmt *q, int i)
{
	sqlite3_bind_null(raw(q), i);
}

void sql_bind_id(sql_stmt *q, int i, int64_t v)
{
	if (v < 0)
		sqlite3_bind_null(raw(q), i);
	else
		sqlite3_bind_int64(raw(q), i, v);
}

int sql_nparams(sql_stmt *q)
{
	return sqlite3_bind_parameter_count(raw(q));
}

int sql_step(sql_stmt *q)
{
	int rc = sqlite3_step(raw(q));
	return rc == SQLITE_ROW    ? SQL_ROW
	       : rc == SQLITE_DONE ? SQL_DONE
	                           : SQL_ERR;
}

void sql_reset(sql_stmt *q)
{
	sqlite3_reset(raw(q));
}

int sql_run(sql_stmt *q, att_err *e, const char *what)
{
	int rc = sqlite3_step(raw(q));
	int err = rc != SQLITE_DONE && rc != SQLITE_ROW;
	if (err)
		sql_fail_stmt(q, e, what);
	sqlite3_reset(raw(q));
	return err ? ATT_EIO : ATT_OK;
}

int sql_ncols(sql_stmt *q)
{
	return sqlite3_column_count(raw(q));
}

const char *sql_name(sql_stmt *q, int col)
{
	const char *n = sqlite3_column_name(raw(q), col);
	return n ? n : "";
}

int sql_col(sql_stmt *q, const char *name)
{
	int n = sqlite3_column_count(raw(q));
	for (int c = 0; c < n; c++) {
		const char *cn = sqlite3_column_name(raw(q), c);
		if (cn && strcmp(cn, name) == 0)
			return c;
	}
	return -1;
}

sql_type sql_type_of(sql_stmt *q, int col)
{
	switch (sqlite3_column_type(raw(q), col)) {
	case SQLITE_INTEGER:
		return SQL_INT;
	case SQLITE_FLOAT:
		return SQL_REAL;
	case SQLITE_TEXT:
		return SQL_TEXT;
	case SQLITE_BLOB:
		return SQL_BLOB;
	default:
		return SQL_NULL;
	}
}

int sql_null(sql_stmt *q, int col)
{
	return sqlite3_column_type(raw(q), col) == SQLITE_NULL;
}

int64_t sql_int(sql_stmt *q, int col)
{
	return sqlite3_column_int64(raw(q), col);
}

int64_t sql_int_or0(sql_stmt *q, int col)
{
	return sql_null(q, col) ? 0 : sqlite3_column_int64(raw(q), col);
}

double sql_num(sql_stmt *q, int col)
{
	return sqlite3_column_double(raw(q), col);
}

const char *sql_text(sql_stmt *q, int col)
{
	const unsigned char *t = sqlite3_column_text(raw(q), col);
	return t ? (const char *)t : "";
}

const void *sql_blob(sql_stmt *q, int col, int *len)
{
	const void *p = sqlite3_column_blob(raw(q), col);
	*len = p ? sqlite3_column_bytes(raw(q), col) : 0;
	return p;
}

/* Each value as SQLite converts it (sqlite3_column_int64 of a text reads
 * its numeric prefix), so readers of i and d see what they always saw. */
void sql_values(sql_stmt *q, int n, sql_val *out)
{
	sqlite3_stmt *st = raw(q);
	for (int k = 0; k < n; k++) {
		sql_val *v = &out[k];
		v->type = sql_type_of(q, k);
		v->s = NULL;
		v->len = 0;
		if (v->type == SQL_NULL) {
			v->i = 0;
			v->d = 0;
			continue;
		}
		v->i = sqlite3_column_int64(st, k);
		v->d = sqlite3_column_double(st, k);
		if (v->type == SQL_TEXT) {
			v->s = (const char *)sqlite3_column_text(st, k);
			v->len = sqlite3_column_bytes(st, k);
		} else if (v->type == SQL_BLOB) {
			v->s = sqlite3_column_blob(st, k);
			v->len = sqlite3_column_bytes(st, k);
		}
	}
}

int sql_read_batch(sql_stmt *q, int max, int ncol, const sql_type *types,
                   void *const *cols, int *n)
{
	sqlite3_stmt *st = raw(q);
	int k = 0, rc = SQLITE_DONE;
	while (k < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < ncol; c++) {
			if (types[c] == SQL_INT)
				((int64_t *)cols[c])[k] =
				    sqlite3_column_int64(st, c);
			else
				((double *)cols[c])[k] =
				    sqlite3_column_double(st, c);
		}
		k++;
	}
	*n = k;
	if (k == max)
		return SQL_ROW;
	return rc == SQLITE_DONE ? SQL_DONE : SQL_ERR;
}

/* ---- the connection ---- */

int sql_exec(store *s, const char *sql, att_err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ATT_EIO, "database error: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return ATT_EIO;
	}
	return ATT_OK;
}

int64_t sql_one_int(store *s, const char *sql)
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

int64_t sql_changes(store *s)
{
	return sqlite3_changes64(s->db);
}

int64_t sql_last_id(store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}

int sql_fail(store *s, att_err *e, const char *what)
{
	return err_set(e, ATT_EIO, "%s: %s", what, sqlite3_errmsg(s->db));
}

const char *sql_errmsg(store *s)
{
	return sqlite3_errmsg(s->db);
}

int sql_fail_stmt(sql_stmt *q, att_err *e, const char *what)
{
	return err_set(e, ATT_EIO, "%s: %s", what,
	               sqlite3_errmsg(sqlite3_db_handle(raw(q))));
}

int sql_err_kind(store *s)
{
	switch (sqlite3_extended_errcode(s->db)) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return SQL_EUNIQUE;
	case SQLITE_CONSTRAINT_CHECK:
		return SQL_ECHECK;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return SQL_EFOREIGN;
	default:
		return SQL_EOTHER;
	}
}

int sql_in_tx(store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

int store_begin(store *s, att_err *e)
{
	if (sql_exec(s, "BEGIN IMMEDIATE", e))
		return ATT_EIO;
	s->in_tx = 1;
	return ATT_OK;
}

int store_commit(store *s, att_err *e)
{
	if (sql_exec(s, "COMMIT", e)) {
		store_rollback(s);
		return ATT_EIO;
	}
	s->in_tx = 0;
	return ATT_OK;
}

void store_rollback(store *s)
{
	if (sql_in_tx(s))
		sql_exec(s, "ROLLBACK", NULL);
	s->in_tx = 0;
}

/* ---- the dialect ---- */

int sql_table_exists(store *s, const char *name, int views)
{
	sql_stmt *q =
	    sql_prep(s,
	             "SELECT 1 FROM sqlite_schema WHERE name = ?1"
	             " AND (type = 'table' OR (?2 AND type = 'view'))",
	             NULL);
	if (!q)
		return 0;
	sql_bind_text(q, 1, name);
	sql_bind_int(q, 2, views != 0);
	int found = sql_step(q) == SQL_ROW;
	sql_reset(q);
	return found;
}

int sql_tables(store *s, sql_name_fn fn, void *ctx, att_err *e)
{
	sql_stmt *q =
	    sql_prep_new(s,
	                 "SELECT name FROM sqlite_schema WHERE type = 'table'"
	                 " AND name NOT LIKE 'sqlite_%' ORDER BY rootpage",
	                 e);
	if (!q)
		return ATT_EIO;
	int rc, stop = 0;
	while (!stop && (rc = sql_step(q)) == SQL_ROW)
		stop = fn(ctx, sql_text(q, 0));
	if (!stop && rc == SQL_ERR)
		stop = sql_fail(s, e, "cannot list tables");
	sql_free(q);
	return stop;
}

int sql_table_columns(store *s, const char *table, sql_column_fn fn, void *ctx,
                      att_err *e)
{
	sql_stmt *q =
	    sql_prep(s,
	             "SELECT name, upper(type), pk FROM pragma_table_info(?1)"
	             " ORDER BY cid",
	             e);
	if (!q)
		return ATT_EIO;
	sql_bind_text(q, 1, table);
	int rc, stop = 0;
	while (!stop && (rc = sql_step(q)) == SQL_ROW)
		stop =
		    fn(ctx, sql_text(q, 0), sql_text(q, 1), (int)sql_int(q, 2));
	if (!stop && rc == SQL_ERR)
		stop = sql_fail(s, e, "cannot list columns");
	sql_reset(q);
	return stop;
}

static void saved_add(sql_saved *x, const char *sql)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 8;
		x->sql = xrealloc(x->sql, (size_t)x->cap * sizeof(char *));
	}
	x->sql[x->n++] = xstrdup(sql);
}

int sql_indexes_drop(store *s, const char *table, sql_saved *x, att_err *e)
{
	sql_stmt *q =
	    sql_prep(s,
	             "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
	             " AND (?1 IS NULL OR tbl_name = ?1) AND sql IS NOT NULL"
	             " ORDER BY name",
	             e);
	if (!q)
		return ATT_EIO;
	sql_bind_text(q, 1, table);
	buf drop;
	buf_init(&drop);
	int rc;
	while ((rc = sql_step(q)) == SQL_ROW) {
		char *d = sqlite3_mprintf("DROP INDEX \"%w\";", sql_text(q, 0));
		buf_adds(&drop, d);
		sqlite3_free(d);
		saved_add(x, sql_text(q, 1));
	}
	sql_reset(q);
	int bad = rc == SQL_ERR ? sql_fail(s, e, "cannot list indexes") : 0;
	if (!bad && drop.len)
		bad = sql_exec(s, drop.data, e);
	buf_free(&drop);
	return bad;
}

int sql_indexes_restore(store *s, sql_saved *x, att_err *e)
{
	int rc = ATT_OK;
	for (int i = 0; i < x->n && !rc; i++)
		rc = sql_exec(s, x->sql[i], e);
	sql_saved_free(x);
	return rc;
}

void sql_saved_free(sql_saved *x)
{
	for (int i = 0; i < x->n; i++)
		free(x->sql[i]);
	free(x->sql);
	memset(x, 0, sizeof(*x));
}

int sql_foreign_keys(store *s, int on)
{
	return sql_exec(
	    s, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF",
	    NULL);
}

void sql_write_cache(store *s, long mib)
{
	char q[80];
	snprintf(q, sizeof(q), "PRAGMA cache_size = %ld",
	         -1024 * (mib > 0 ? mib : 2));
	sql_exec(s, q, NULL);
}

static void fn_att(sqlite3_context *cx, sqlite3_value **argv, int which)
{
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
		sqlite3_result_null(cx);
		return;
	}
	const uint8_t *p = sqlite3_value_blob(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	attendance_tally t;
	attendance_count(p, (size_t)n, &t);
	int v = which == 0 ? t.present : which == 1 ? t.possible : t.late;
	sqlite3_result_int(cx, v);
}
static void fn_present(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	fn_att(cx, argv, 0);
}
static void fn_possible(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	fn_att(cx, argv, 1);
}
static void fn_late(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	fn_att(cx, argv, 2);
}

int sql_functions(store *s, att_err *e)
{
	int fl = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
	if (sqlite3_create_function(s->db, "att_present", 1, fl, NULL,
	                            fn_present, NULL, NULL) ||
	    sqlite3_create_function(s->db, "att_possible", 1, fl, NULL,
	                            fn_possible, NULL, NULL) ||
	    sqlite3_create_function(s->db, "att_late", 1, fl, NULL, fn_late,
	                            NULL, NULL))
		return sql_fail(s, e, "cannot register web functions");
	return ATT_OK;
}

/* label(): the caller's lookup, its context and the store it asks
 * through; freed with the connection. */
typedef struct label_reg {
	sql_label_fn fn;
	void *ctx;
	void (*ctx_free)(void *);
	store *s;
} label_reg;

static void label_reg_free(void *p)
{
	label_reg *r = p;
	if (r->ctx_free)
		r->ctx_free(r->ctx);
	free(r);
}

/* label(kind, code, stored [, lang]) */
static void fn_label(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	if (argc < 3 || argc > 4) {
		sqlite3_result_error(cx,
		                     "label() takes kind, code, stored"
		                     " and optionally lang",
		                     -1);
		return;
	}
	label_reg *r = sqlite3_user_data(cx);
	const char *kind = (const char *)sqlite3_value_text(argv[0]);
	const char *code = (const char *)sqlite3_value_text(argv[1]);
	const char *lang =
	    argc == 4 ? (const char *)sqlite3_value_text(argv[3]) : NULL;
	buf out;
	buf_init(&out);
	if (kind && code && (argc == 3 || lang) &&
	    r->fn(r->ctx, r->s, kind, code, lang, &out))
		sqlite3_result_text(cx, out.data ? out.data : "", (int)out.len,
		                    SQLITE_TRANSIENT);
	else
		sqlite3_result_value(cx, argv[2]);
	buf_free(&out);
}

int sql_label_function(store *s, sql_label_fn fn, void *ctx,
                       void (*ctx_free)(void *), att_err *e)
{
	label_reg *r = xcalloc(1, sizeof(*r));
	*r = (label_reg){.fn = fn, .ctx = ctx, .ctx_free = ctx_free, .s = s};
	/* SQLite calls the destructor itself when registering fails */
	if (sqlite3_create_function_v2(s->db, "label", -1, SQLITE_UTF8, r,
	                               fn_label, NULL, NULL,
	                               label_reg_free) != SQLITE_OK)
		return sql_fail(s, e, "cannot register label()");
	return ATT_OK;
}

int sql_change_stamp(store *s, uint64_t *out)
{
	unsigned int fv = 0;
	if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION,
	                         &fv) != SQLITE_OK)
		return ATT_EIO;
	*out = fv;
	return ATT_OK;
}

int sql_secure_delete(store *s, int on, att_err *e)
{
	return sql_exec(
	    s, on ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF",
	    e);
}

int store_wal_autocheckpoint(store *s, int pages)
{
	return sqlite3_wal_autocheckpoint(s->db, pages) == SQLITE_OK ? ATT_OK
	                                                             : ATT_EIO;
}

int store_wal_checkpoint(store *s, int truncate, att_err *e)
{
	int rc = sqlite3_wal_checkpoint_v2(s->db, NULL,
	                                   truncate ? SQLITE_CHECKPOINT_TRUNCATE
	                                            : SQLITE_CHECKPOINT_PASSIVE,
	                                   NULL, NULL);
	if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return ATT_OK; /* busy: someone else's turn; later is fine */
	return sql_fail(s, e, "cannot checkpoint the write-ahead log");
}

int store_integrity(store *s, store_problem_fn fn, void *ctx, att_err *e)
{
	int problems = 0;
	sql_stmt *q = sql_prep_new(s, "PRAGMA integrity_check", NULL);
	if (!q)
		return sql_fail(s, e, "integrity check failed"), -1;
	while (sql_step(q) == SQL_ROW) {
		const char *r = sql_text(q, 0);
		if (strcmp(r, "ok") != 0) {
			char line[600];
			snprintf(line, sizeof(line), "integrity: %s", r);
			fn(ctx, line);
			problems++;
		}
	}
	sql_free(q);
	if (!(q = sql_prep_new(s, "PRAGMA foreign_key_check", NULL)))
		return sql_fail(s, e, "foreign key check failed"), -1;
	while (sql_step(q) == SQL_ROW) {
		char line[600];
		snprintf(
		    line, sizeof(line),
		    "foreign key: table '%s' row %lld references missing '%s'",
		    sql_text(q, 0), (long long)sql_int(q, 1), sql_text(q, 2));
		fn(ctx, line);
		problems++;
	}
	sql_free(q);
	return problems;
}
