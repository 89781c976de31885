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
 * Every operation is a static function named in store_engine_sqlite, the
 * engine table store_sql.c dispatches through (store_internal.h); a
 * statement is a lite_stmt, the interface's header and the sqlite3_stmt.
 */
#include "store_internal.h"

#include <math.h>
#include <sqlite3.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attendance.h"
#include "store_migrations.h"
#include "store_sql.h"

/* A statement: the interface's header, then SQLite's own. */
typedef struct lite_stmt {
	sql_stmt base;
	sqlite3_stmt *st;
} lite_stmt;

static sqlite3_stmt *raw(sql_stmt *q)
{
	return ((lite_stmt *)q)->st;
}

/* ---- opening and closing ---- */

/* SQLite's allocation statistics take a global mutex on every malloc;
 * nothing reads them. Must run before SQLite initializes. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_sqlite_connect(store *s, const char *path, int flags, att_err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_setup);
	int fl = flags & STORE_CONNECT_THREAD
	             ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
	             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	sqlite3 *db = NULL;
	int orc = sqlite3_open_v2(path, &db, fl, NULL);
	s->db = db;
	if (orc != SQLITE_OK) {
		err_set(e, ATT_EIO, "cannot open database '%s': %s", path,
		        db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		s->db = NULL;
		return ATT_EIO;
	}
	s->eng = &store_engine_sqlite;
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	if (sql_exec(
	        s,
	        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
	        " PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;",
	        e))
		return err_set(e, ATT_EIO,
		               "cannot open database '%s': not a database",
		               path);
	return ATT_OK;
}

static void lite_close(store *s)
{
	sqlite3_close(s->db);
	s->db = NULL;
}

static char *lite_version_dup(store *s)
{
	(void)s;
	buf b;
	buf_init(&b);
	buf_printf(&b, "SQLite %s", sqlite3_libversion());
	return b.data;
}

/* ---- statements ---- */

static sql_stmt *lite_wrap(sqlite3_stmt *st)
{
	lite_stmt *q = xmalloc(sizeof(*q));
	q->base.eng = &store_engine_sqlite;
	q->st = st;
	return &q->base;
}

static sql_stmt *lite_prepare(store *s, const char *sql, int persistent,
                              att_err *e)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1,
	                       persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st,
	                       NULL) != SQLITE_OK) {
		sql_fail(s, e, "cannot prepare statement");
		return NULL;
	}
	return lite_wrap(st);
}

static void lite_finalize(sql_stmt *q)
{
	sqlite3_finalize(raw(q));
	free(q);
}

static void lite_clear(sql_stmt *q)
{
	sqlite3_reset(raw(q));
	sqlite3_clear_bindings(raw(q));
}

static void lite_bind_int(sql_stmt *q, int i, int64_t v)
{
	sqlite3_bind_int64(raw(q), i, v);
}

static void lite_bind_num(sql_stmt *q, int i, double v)
{
	sqlite3_bind_double(raw(q), i, v);
}

static void lite_bind_text(sql_stmt *q, int i, const char *v, int n, int copy)
{
	sqlite3_bind_text(raw(q), i, v, n,
	                  copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static void lite_bind_blob(sql_stmt *q, int i, const void *p, int n)
{
	sqlite3_bind_blob(raw(q), i, p, n, SQLITE_TRANSIENT);
}

static void lite_bind_null(sql_stmt *q, int i)
{
	sqlite3_bind_null(raw(q), i);
}

static int lite_nparams(sql_stmt *q)
{
	return sqlite3_bind_parameter_count(raw(q));
}

static int lite_step(sql_stmt *q)
{
	int rc = sqlite3_step(raw(q));
	return rc == SQLITE_ROW    ? SQL_ROW
	       : rc == SQLITE_DONE ? SQL_DONE
	                           : SQL_ERR;
}

static void lite_reset(sql_stmt *q)
{
	sqlite3_reset(raw(q));
}

static int lite_ncols(sql_stmt *q)
{
	return sqlite3_column_count(raw(q));
}

static const char *lite_col_name(sql_stmt *q, int col)
{
	return sqlite3_column_name(raw(q), col);
}

static sql_type lite_type_of(sql_stmt *q, int col)
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

static int64_t lite_col_int(sql_stmt *q, int col)
{
	return sqlite3_column_int64(raw(q), col);
}

static double lite_col_num(sql_stmt *q, int col)
{
	return sqlite3_column_double(raw(q), col);
}

static const char *lite_col_text(sql_stmt *q, int col)
{
	return (const char *)sqlite3_column_text(raw(q), col);
}

static const void *lite_col_blob(sql_stmt *q, int col, int *len)
{
	const void *p = sqlite3_column_blob(raw(q), col);
	*len = p ? sqlite3_column_bytes(raw(q), col) : 0;
	return p;
}

/* Each value as SQLite converts it (sqlite3_column_int64 of a text reads
 * its numeric prefix), so readers of i and d see what they always saw. */
static void lite_values(sql_stmt *q, int n, sql_val *out)
{
	sqlite3_stmt *st = raw(q);
	for (int k = 0; k < n; k++) {
		sql_val *v = &out[k];
		v->type = lite_type_of(q, k);
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

static int lite_read_batch(sql_stmt *q, int max, int ncol,
                           const sql_type *types, void *const *cols, int *n)
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

static const char *lite_stmt_errmsg(sql_stmt *q)
{
	return sqlite3_errmsg(sqlite3_db_handle(raw(q)));
}

/* ---- the connection ---- */

static int lite_exec(store *s, const char *sql, att_err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ATT_EIO, "database error: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return ATT_EIO;
	}
	return ATT_OK;
}

static int64_t lite_changes(store *s)
{
	return sqlite3_changes64(s->db);
}

static int64_t lite_last_id(store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}

static const char *lite_errmsg(store *s)
{
	return sqlite3_errmsg(s->db);
}

static int lite_err_kind(store *s)
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

static int lite_in_tx(store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

static int lite_begin(store *s, att_err *e)
{
	return lite_exec(s, "BEGIN IMMEDIATE", e);
}

static int lite_commit(store *s, att_err *e)
{
	return lite_exec(s, "COMMIT", e);
}

static void lite_rollback(store *s)
{
	lite_exec(s, "ROLLBACK", NULL);
}

/* ---- the dialect ---- */

static const char lite_exists_sql[] =
    "SELECT 1 FROM sqlite_schema WHERE name = ?1"
    " AND (type = 'table' OR (?2 AND type = 'view'))";

static const char lite_tables_sql[] =
    "SELECT name FROM sqlite_schema WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite_%' ORDER BY rootpage";

static const char lite_columns_sql[] =
    "SELECT name, upper(type), pk FROM pragma_table_info(?1)"
    " ORDER BY cid";

static const char lite_indexes_sql[] =
    "SELECT 'DROP INDEX \"' || replace(name, '\"', '\"\"') || '\"', sql"
    " FROM sqlite_schema WHERE type = 'index'"
    " AND (?1 IS NULL OR tbl_name = ?1) AND sql IS NOT NULL"
    " ORDER BY name";

static int lite_foreign_keys(store *s, int on)
{
	return sql_exec(
	    s, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF",
	    NULL);
}

static void lite_write_cache(store *s, long mib)
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

static int lite_functions(store *s, att_err *e)
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

/* The caller loads into a scratch file, so no journal and no fsync are
 * needed; index builds sort in temporary files (bounded memory for
 * millions of rows) with two sorter threads. */
static int lite_bulk_settings(store *s, int on, att_err *e)
{
	return lite_exec(
	    s,
	    on ? "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF;"
	         " PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
	         " PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = FILE;"
	         " PRAGMA threads = 2;"
	       : "PRAGMA locking_mode = NORMAL; PRAGMA journal_mode = WAL;"
	         " PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	         " PRAGMA analysis_limit = 400; ANALYZE;",
	    e);
}

/* A copy is the prepared INSERT (cached) stepped once per row. */
static int lite_copy_begin(store *s, const char *insert_sql, att_err *e)
{
	s->copy_st = sql_prep(s, insert_sql, e);
	return s->copy_st ? ATT_OK : ATT_EIO;
}

static int lite_copy_row(store *s, const sql_val *v, int n, att_err *e)
{
	sqlite3_stmt *st = raw(s->copy_st);
	for (int i = 0; i < n; i++) {
		switch (v[i].type) {
		case SQL_INT:
			sqlite3_bind_int64(st, i + 1, v[i].i);
			break;
		case SQL_REAL:
			sqlite3_bind_double(st, i + 1, v[i].d);
			break;
		case SQL_TEXT:
			sqlite3_bind_text(st, i + 1, v[i].s, v[i].len,
			                  SQLITE_STATIC);
			break;
		case SQL_BLOB:
			sqlite3_bind_blob(st, i + 1, v[i].s, v[i].len,
			                  SQLITE_STATIC);
			break;
		default:
			sqlite3_bind_null(st, i + 1);
		}
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ATT_OK;
	char t[64];
	sql_insert_table(s->copy_sql, t, sizeof(t));
	return err_set(e, ATT_EIO, "cannot insert into %s: %s", t,
	               sqlite3_errmsg(s->db));
}

static int lite_copy_end(store *s, att_err *e)
{
	(void)s;
	(void)e;
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

static int lite_label_function(store *s, sql_label_fn fn, void *ctx,
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

static int lite_change_stamp(store *s, uint64_t *out)
{
	unsigned int fv = 0;
	if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION,
	                         &fv) != SQLITE_OK)
		return ATT_EIO;
	*out = fv;
	return ATT_OK;
}

static int lite_secure_delete(store *s, int on, att_err *e)
{
	return lite_exec(
	    s, on ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF",
	    e);
}

static int lite_wal_autocheckpoint(store *s, int pages)
{
	return sqlite3_wal_autocheckpoint(s->db, pages) == SQLITE_OK ? ATT_OK
	                                                             : ATT_EIO;
}

static int lite_wal_checkpoint(store *s, int truncate, att_err *e)
{
	int rc = sqlite3_wal_checkpoint_v2(s->db, NULL,
	                                   truncate ? SQLITE_CHECKPOINT_TRUNCATE
	                                            : SQLITE_CHECKPOINT_PASSIVE,
	                                   NULL, NULL);
	if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return ATT_OK; /* busy: someone else's turn; later is fine */
	return sql_fail(s, e, "cannot checkpoint the write-ahead log");
}

static int lite_integrity(store *s, store_problem_fn fn, void *ctx, att_err *e)
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

const sql_engine store_engine_sqlite = {
    .name = "SQLite",
    .migrations = store_migrations,
    .migration_table = "CREATE TABLE IF NOT EXISTS schema_migration ("
                       " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                       " applied_at TEXT NOT NULL DEFAULT (datetime('now')))",
    .prepare = lite_prepare,
    .finalize = lite_finalize,
    .clear = lite_clear,
    .bind_int = lite_bind_int,
    .bind_num = lite_bind_num,
    .bind_text = lite_bind_text,
    .bind_blob = lite_bind_blob,
    .bind_null = lite_bind_null,
    .nparams = lite_nparams,
    .step = lite_step,
    .reset = lite_reset,
    .ncols = lite_ncols,
    .col_name = lite_col_name,
    .type_of = lite_type_of,
    .col_int = lite_col_int,
    .col_num = lite_col_num,
    .col_text = lite_col_text,
    .col_blob = lite_col_blob,
    .values = lite_values,
    .read_batch = lite_read_batch,
    .stmt_errmsg = lite_stmt_errmsg,
    .close = lite_close,
    .exec = lite_exec,
    .changes = lite_changes,
    .last_id = lite_last_id,
    .errmsg = lite_errmsg,
    .err_kind = lite_err_kind,
    .in_tx = lite_in_tx,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .exists_sql = lite_exists_sql,
    .tables_sql = lite_tables_sql,
    .columns_sql = lite_columns_sql,
    .indexes_sql = lite_indexes_sql,
    .foreign_keys = lite_foreign_keys,
    .write_cache = lite_write_cache,
    .functions = lite_functions,
    .bulk_settings = lite_bulk_settings,
    .copy_begin = lite_copy_begin,
    .copy_row = lite_copy_row,
    .copy_end = lite_copy_end,
    .wal_autocheckpoint = lite_wal_autocheckpoint,
    .wal_checkpoint = lite_wal_checkpoint,
    .integrity = lite_integrity,
    .label_function = lite_label_function,
    .change_stamp = lite_change_stamp,
    .secure_delete = lite_secure_delete,
    .version_dup = lite_version_dup,
};
