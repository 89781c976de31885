/*
 * store_sql.c - the statement interface (store_sql.h) over the engine
 * table (store_internal.h): chooses the engine when a connection opens,
 * dispatches every call to the store's or the statement's engine, and
 * keeps what both engines share: the prepared-statement cache keyed by the
 * SQL text's address, NULL ids, column lookup by name, running a
 * statement to its end, single-integer queries and the saved index texts.
 *
 * No engine's API appears here; SQLite's is store_sqlite.c's, libpq's
 * store_pg.c's.
 */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_derived.h"
#include "store_label.h"
#include "store_sql.h"

/* ---- choosing the engine ---- */

/* A libpq URI, or a connection string: key=value words (the first key
 * one of libpq's usual ones, so a SQLite file named "a=b.db" stays a
 * file). */
int store_is_pg(const char *path)
{
	if (!path)
		return 0;
	if (strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0)
		return 1;
	static const char *const keys[] = {
	    "host",     "hostaddr",        "port",    "dbname", "user",
	    "password", "connect_timeout", "service", "sslmode"};
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		size_t n = strlen(keys[k]);
		const char *p = path + strspn(path, " ");
		if (strncmp(p, keys[k], n) == 0) {
			p += n;
			p += strspn(p, " ");
			if (*p == '=')
				return 1;
		}
	}
	return 0;
}

int store_is_file(const char *path)
{
	return !store_is_pg(path);
}

int store_connect(const char *path, int flags, store **out, att_err *e)
{
	store *s = xcalloc(1, sizeof(*s));
	s->run_lock_fd = -1;
	s->path = xstrdup(path);
	int rc = store_is_pg(path) ? store_pg_connect(s, path, e)
	                           : store_sqlite_connect(s, path, flags, e);
	if (!rc && store_label_register(s, e))
		rc = ATT_EIO;
	if (rc) {
		if (s->eng)
			store_close(s);
		else {
			free(s->path);
			free(s);
		}
		return rc;
	}
	*out = s;
	return ATT_OK;
}

void store_close(store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->ncache; i++)
		s->eng->finalize(s->cache[i].st);
	if (s->batch && s->batch_free)
		s->batch_free(s->batch);
	s->eng->close(s);
	if (s->run_lock_fd >= 0)
		close(s->run_lock_fd); /* releases the run locks it held */
	free(s->path);
	free(s);
}

char *store_backend_dup(store *s)
{
	return s->eng->version_dup(s);
}

/* ---- statements ---- */

sql_stmt *sql_prep(store *s, const char *sql, att_err *e)
{
	for (int i = 0; i < s->ncache; i++) {
		if (s->cache[i].sql == sql) {
			s->eng->clear(s->cache[i].st);
			return s->cache[i].st;
		}
	}
	sql_stmt *st = s->eng->prepare(s, sql, 0, e);
	if (!st)
		return NULL;
	if (s->ncache == STORE_STMT_CACHE) {
		/* Cache full: evict the oldest entry. */
		s->eng->finalize(s->cache[0].st);
		memmove(&s->cache[0], &s->cache[1],
		        sizeof(s->cache[0]) * (STORE_STMT_CACHE - 1));
		s->ncache--;
	}
	s->cache[s->ncache].sql = sql;
	s->cache[s->ncache].st = st;
	s->ncache++;
	return st;
}

sql_stmt *sql_prep_new(store *s, const char *sql, att_err *e)
{
	return s->eng->prepare(s, sql, 1, e);
}

void sql_free(sql_stmt *q)
{
	if (q)
		q->eng->finalize(q);
}

void sql_bind_int(sql_stmt *q, int i, int64_t v)
{
	q->eng->bind_int(q, i, v);
}

void sql_bind_num(sql_stmt *q, int i, double v)
{
	q->eng->bind_num(q, i, v);
}

void sql_bind_text(sql_stmt *q, int i, const char *v)
{
	if (v)
		q->eng->bind_text(q, i, v, -1, 1);
	else
		q->eng->bind_null(q, i);
}

void sql_bind_textn(sql_stmt *q, int i, const char *v, int n)
{
	q->eng->bind_text(q, i, v, n, 0);
}

void sql_bind_blob(sql_stmt *q, int i, const void *p, int n)
{
	q->eng->bind_blob(q, i, p, n);
}

void sql_bind_null(sql_stmt *q, int i)
{
	q->eng->bind_null(q, i);
}

void sql_bind_id(sql_stmt *q, int i, int64_t v)
{
	if (v < 0)
		q->eng->bind_null(q, i);
	else
		q->eng->bind_int(q, i, v);
}

int sql_nparams(sql_stmt *q)
{
	return q->eng->nparams(q);
}

int sql_step(sql_stmt *q)
{
	return q->eng->step(q);
}

void sql_reset(sql_stmt *q)
{
	q->eng->reset(q);
}

int sql_run(sql_stmt *q, att_err *e, const char *what)
{
	int rc = q->eng->step(q);
	if (rc == SQL_ERR)
		sql_fail_stmt(q, e, what);
	q->eng->reset(q);
	return rc == SQL_ERR ? ATT_EIO : ATT_OK;
}

/* ---- the current row ---- */

int sql_ncols(sql_stmt *q)
{
	return q->eng->ncols(q);
}

const char *sql_name(sql_stmt *q, int col)
{
	const char *n = q->eng->col_name(q, col);
	return n ? n : "";
}

int sql_col(sql_stmt *q, const char *name)
{
	int n = q->eng->ncols(q);
	for (int c = 0; c < n; c++) {
		const char *cn = q->eng->col_name(q, c);
		if (cn && strcmp(cn, name) == 0)
			return c;
	}
	return -1;
}

sql_type sql_type_of(sql_stmt *q, int col)
{
	return q->eng->type_of(q, col);
}

int sql_null(sql_stmt *q, int col)
{
	return q->eng->type_of(q, col) == SQL_NULL;
}

int64_t sql_int(sql_stmt *q, int col)
{
	return q->eng->col_int(q, col);
}

int64_t sql_int_or0(sql_stmt *q, int col)
{
	return sql_null(q, col) ? 0 : q->eng->col_int(q, col);
}

double sql_num(sql_stmt *q, int col)
{
	return q->eng->col_num(q, col);
}

const char *sql_text(sql_stmt *q, int col)
{
	const char *t = q->eng->col_text(q, col);
	return t ? t : "";
}

const void *sql_blob(sql_stmt *q, int col, int *len)
{
	return q->eng->col_blob(q, col, len);
}

void sql_values(sql_stmt *q, int n, sql_val *out)
{
	q->eng->values(q, n, out);
}

int sql_read_batch(sql_stmt *q, int max, int ncol, const sql_type *types,
                   void *const *cols, int *n)
{
	return q->eng->read_batch(q, max, ncol, types, cols, n);
}

/* ---- the connection ---- */

int sql_exec(store *s, const char *sql, att_err *e)
{
	return s->eng->exec(s, sql, e);
}

int64_t sql_one_int(store *s, const char *sql)
{
	sql_stmt *q = s->eng->prepare(s, sql, 0, NULL);
	if (!q)
		return -1;
	int64_t v = q->eng->step(q) == SQL_ROW ? q->eng->col_int(q, 0) : -1;
	q->eng->finalize(q);
	return v;
}

int64_t sql_changes(store *s)
{
	return s->eng->changes(s);
}

int64_t sql_last_id(store *s)
{
	return s->eng->last_id(s);
}

int sql_fail(store *s, att_err *e, const char *what)
{
	return err_set(e, ATT_EIO, "%s: %s", what, s->eng->errmsg(s));
}

const char *sql_errmsg(store *s)
{
	return s->eng->errmsg(s);
}

int sql_fail_stmt(sql_stmt *q, att_err *e, const char *what)
{
	return err_set(e, ATT_EIO, "%s: %s", what, q->eng->stmt_errmsg(q));
}

int sql_err_kind(store *s)
{
	return s->eng->err_kind(s);
}

int sql_in_tx(store *s)
{
	return s->eng->in_tx(s);
}

int store_begin(store *s, att_err *e)
{
	if (s->eng->begin(s, e))
		return ATT_EIO;
	s->in_tx = 1;
	return ATT_OK;
}

int store_commit(store *s, att_err *e)
{
	if (s->eng->commit(s, e)) {
		store_rollback(s);
		return ATT_EIO;
	}
	s->in_tx = 0;
	return ATT_OK;
}

void store_rollback(store *s)
{
	if (s->eng->in_tx(s))
		s->eng->rollback(s);
	s->in_tx = 0;
}

/* ---- what differs between engines ---- */

int sql_table_exists(store *s, const char *name, int views)
{
	sql_stmt *q = sql_prep(s, s->eng->exists_sql, NULL);
	if (!q)
		return 0;
	sql_bind_text(q, 1, name);
	sql_bind_int(q, 2, views != 0);
	int found = sql_step(q) == SQL_ROW;
	sql_reset(q);
	return found;
}

/* Both catalogue walks: the engine gives the query (its own catalogue),
 * this gives each row to fn until fn returns non-zero. The table list is
 * a statement of its own (the schema changes between calls during
 * migrations); the columns query is cached (keyed by the engine's text). */
int sql_tables(store *s, sql_name_fn fn, void *ctx, att_err *e)
{
	sql_stmt *q = sql_prep_new(s, s->eng->tables_sql, e);
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
	sql_stmt *q = sql_prep(s, s->eng->columns_sql, e);
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

int sql_indexes_drop(store *s, const char *table, sql_saved *x, att_err *e)
{
	sql_stmt *q = sql_prep(s, s->eng->indexes_sql, e);
	if (!q)
		return ATT_EIO;
	sql_bind_text(q, 1, table);
	buf drop;
	buf_init(&drop);
	int rc;
	while ((rc = sql_step(q)) == SQL_ROW) {
		buf_printf(&drop, "%s;", sql_text(q, 0));
		sql_saved_add(x, sql_text(q, 1));
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

void sql_saved_add(sql_saved *x, const char *sql)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 8;
		x->sql = xrealloc(x->sql, (size_t)x->cap * sizeof(char *));
	}
	x->sql[x->n++] = xstrdup(sql);
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
	return s->eng->foreign_keys(s, on);
}

void sql_write_cache(store *s, long mib)
{
	s->eng->write_cache(s, mib);
}

int sql_copy_begin(store *s, const char *insert_sql, att_err *e)
{
	if (s->copy_sql)
		return err_set(e, ATT_EUSAGE, "a copy is already open");
	int rc = s->eng->copy_begin(s, insert_sql, e);
	if (!rc)
		s->copy_sql = insert_sql;
	return rc;
}

int sql_copy_row(store *s, const sql_val *v, int n, att_err *e)
{
	return s->eng->copy_row(s, v, n, e);
}

int sql_copy_end(store *s, att_err *e)
{
	if (!s->copy_sql)
		return ATT_OK;
	int rc = s->eng->copy_end(s, e);
	s->copy_sql = NULL;
	s->copy_st = NULL;
	return rc;
}

/* "INSERT INTO t(..." -> "t": the table an INSERT text names, for
 * messages (at most n - 1 bytes). */
void sql_insert_table(const char *insert_sql, char *out, size_t n)
{
	const char *p = strstr(insert_sql, "INTO ");
	p = p ? p + 5 : insert_sql;
	size_t k = strcspn(p, "( ");
	snprintf(out, n, "%.*s", (int)k, p);
}

int sql_bulk_settings(store *s, int on, att_err *e)
{
	return s->eng->bulk_settings(s, on, e);
}

int sql_functions(store *s, att_err *e)
{
	return s->eng->functions(s, e);
}

int sql_label_function(store *s, sql_label_fn fn, void *ctx,
                       void (*ctx_free)(void *), att_err *e)
{
	return s->eng->label_function(s, fn, ctx, ctx_free, e);
}

int sql_change_stamp(store *s, uint64_t *out)
{
	return s->eng->change_stamp(s, out);
}

int sql_secure_delete(store *s, int on, att_err *e)
{
	return s->eng->secure_delete(s, on, e);
}

int store_wal_autocheckpoint(store *s, int pages)
{
	return s->eng->wal_autocheckpoint(s, pages);
}

int store_wal_checkpoint(store *s, int truncate, att_err *e)
{
	return s->eng->wal_checkpoint(s, truncate, e);
}

int store_integrity(store *s, store_problem_fn fn, void *ctx, att_err *e)
{
	return s->eng->integrity(s, fn, ctx, e);
}
