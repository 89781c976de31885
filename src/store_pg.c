/*
 * store_pg.c - the PostgreSQL engine behind the store (libpq): opening a
 * connection from a libpq URI or connection string, the statement
 * interface of store_sql.h over prepared statements, and what is
 * PostgreSQL's own dialect: the catalogue (pg_class, pg_attribute,
 * pg_index), dropping and rebuilding secondary indexes around bulk
 * inserts, transactions, SQLSTATE codes as the interface's error kinds,
 * and the integrity checks PostgreSQL has in place of SQLite's
 * integrity_check.
 *
 * Statements. The store's SQL numbers its parameters ?N (or leaves them
 * bare, ?); pg_rewrite turns them into $N outside quoted strings and
 * identifiers. Each statement is prepared once per connection under a
 * generated name (PQprepare, "a1", "a2", ...) and cached by store_sql.c
 * as SQLite's are. Parameters are sent as text (numbers printed exactly:
 * %.17g round-trips a double) and blobs as binary; the server infers
 * their types from the SQL. sql_step executes the statement at its first
 * step and fetches the whole result (text format), then walks its rows.
 *
 * Values. A column's type comes from its type oid: int2/int4/int8/bool
 * are integers, float4/float8 reals, numeric a real unless its text is
 * a whole number (sum() of bigints is numeric in PostgreSQL, an integer
 * in SQLite), bytea a blob (unescaped from hex), anything else text.
 *
 * attain's tables live in the schema "main" (made by the first migration,
 * first on every connection's search_path), so the store's SQL that names
 * SQLite's main database (main.analysis_run) means the same on both.
 *
 * What PostgreSQL lacks or does otherwise, said once here: no per
 * connection switch for foreign keys (sql_foreign_keys leaves them on),
 * no page cache size, no write-ahead log checkpoints to ask for (the
 * server does them); sql_last_id is lastval() (the id the last insert's
 * sequence gave, so an insert with an explicit id does not count); a
 * failed statement inside a transaction aborts the transaction (SQLite
 * lets it go on), so the store never catches an error to carry on in the
 * same transaction on this engine.
 */
#include "store_internal.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store_migrations.h"
#include "store_sql.h"

/* Type oids (pg_type.dat): fixed in every PostgreSQL. */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_OID = 26,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_TEXT = 25,
	OID_NUMERIC = 1700
};

struct pg_conn {
	PGconn *c;
	int64_t changes;   /* rows the last command changed (PQcmdTuples) */
	char state[6];     /* SQLSTATE of the last error, "" after success */
	char err[512];     /* its message */
	unsigned long seq; /* statement names */
	char lang[16];     /* attain.lang as last set (label()) */
	buf copy;          /* COPY rows not yet sent */
};

typedef struct pg_stmt {
	sql_stmt base;
	store *s;
	char name[24];
	int nparams;
	char **val; /* parameter values (NULL: SQL NULL), owned */
	int *len, *fmt;
	PGresult *desc; /* the prepared statement's columns */
	PGresult *res;  /* the executed statement's rows, or NULL */
	int row, nrows, ncols;
	unsigned char **bytes; /* unescaped bytea of the current row */
	size_t *nbytes;
} pg_stmt;

static pg_stmt *P(sql_stmt *q)
{
	return (pg_stmt *)q;
}

/* The store's connection (store_internal.h keeps it untyped). */
static struct pg_conn *conn(store *s)
{
	return s->db;
}

/* Keep the result's error (or clear it): SQLSTATE and message. */
static void keep_error(struct pg_conn *p, const PGresult *r)
{
	const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *m =
	    r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	snprintf(p->state, sizeof(p->state), "%s", st ? st : "XX000");
	snprintf(p->err, sizeof(p->err), "%s", m ? m : PQerrorMessage(p->c));
	size_t n = strlen(p->err);
	while (n && p->err[n - 1] == '\n')
		p->err[--n] = '\0';
}

/* 1 when r succeeded (its error kept otherwise), its changed rows kept. */
static int result_ok(struct pg_conn *p, const PGresult *r)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
	    st != PGRES_COPY_IN) {
		keep_error(p, r);
		return 0;
	}
	p->state[0] = '\0';
	p->err[0] = '\0';
	const char *n = PQcmdTuples((PGresult *)r);
	p->changes = n && *n ? strtoll(n, NULL, 10) : 0;
	return 1;
}

/* ---- opening and closing ---- */

/* Run SQL text without parameters; ATT_OK or ATT_EIO with e filled. */
static int pg_exec(store *s, const char *sql, att_err *e)
{
	PGresult *r = PQexec(conn(s)->c, sql);
	int ok = result_ok(conn(s), r);
	PQclear(r);
	if (!ok)
		return err_set(e, ATT_EIO, "database error: %s", conn(s)->err);
	return ATT_OK;
}

int store_pg_connect(store *s, const char *conninfo, att_err *e)
{
	PGconn *c = PQconnectdb(conninfo);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s",
		         c ? PQerrorMessage(c) : "out of memory");
		size_t n = strlen(msg);
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		PQfinish(c);
		return err_set(e, ATT_EIO,
		               "cannot open PostgreSQL database: %s", msg);
	}
	struct pg_conn *p = xcalloc(1, sizeof(*p));
	p->c = c;
	s->db = p;
	s->eng = &store_engine_pg;
	/* Quiet notices (CREATE TABLE IF NOT EXISTS ... skipping), UTC
	 * times, and the label() language until a statement asks for
	 * another. */
	return pg_exec(s,
	               "SET client_min_messages = warning;"
	               " SET TIME ZONE 'UTC'; SET attain.lang = '';"
	               " SET search_path = main, public",
	               e);
}

static void pg_close(store *s)
{
	struct pg_conn *p = s->db;
	if (!p)
		return;
	buf_free(&p->copy);
	PQfinish(p->c);
	free(p);
	s->db = NULL;
}

static char *pg_version_dup(store *s)
{
	const char *v = PQparameterStatus(conn(s)->c, "server_version");
	buf b;
	buf_init(&b);
	buf_printf(&b, "PostgreSQL %s", v ? v : "?");
	return b.data;
}

/* ---- statements ---- */

/* The store's SQL with ?N (and bare ?, numbered on from the last) as
 * $N, outside '...' strings, "..." identifiers and -- comments; the
 * number of parameters in *np. Malloc'd. */
static char *pg_rewrite(const char *sql, int *np)
{
	buf b;
	buf_init(&b);
	int next = 0, max = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			const char *q = strchr(p + 1, *p);
			size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
			buf_add(&b, p, n);
			p += n - 1;
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {
			const char *q = strchr(p, '\n');
			size_t n = q ? (size_t)(q - p) : strlen(p);
			buf_add(&b, p, n);
			p += n - 1;
			continue;
		}
		if (*p != '?') {
			buf_add(&b, p, 1);
			continue;
		}
		int k = 0;
		while (p[1] >= '0' && p[1] <= '9')
			k = 10 * k + (*++p - '0');
		if (!k)
			k = next + 1;
		next = k;
		if (k > max)
			max = k;
		buf_printf(&b, "$%d", k);
	}
	*np = max;
	return b.data ? b.data : xstrdup("");
}

/* The parameter an "indeterminate" or "ambiguous parameter" error (42P18,
 * 42P08) names: "could not determine data type of parameter $N". 0 when
 * none. */
static int indeterminate(const struct pg_conn *p)
{
	if (strcmp(p->state, "42P18") != 0 && strcmp(p->state, "42P08") != 0)
		return 0;
	const char *d = strrchr(p->err, '$');
	return d ? atoi(d + 1) : 0;
}

/* PQprepare, naming a type for a parameter whose type the server cannot
 * infer from the SQL (?1 IS NULL): text first (a text value is taken
 * where it is compared with text), bigint when text does not fit the
 * statement (compared with an id: the server says so when preparing). */
static int prepare_typed(store *s, const char *name, const char *text, int np)
{
	Oid types[np > 0 ? np : 1];
	memset(types, 0, sizeof(types));
	int last = 0;
	for (int tries = 0; tries <= 2 * np; tries++) {
		PGresult *r = PQprepare(conn(s)->c, name, text, np, types);
		int ok = result_ok(conn(s), r);
		PQclear(r);
		if (ok)
			return 1;
		int k = indeterminate(conn(s));
		if (k >= 1 && k <= np && !types[k - 1]) {
			types[k - 1] = OID_TEXT;
			last = k;
		} else if (last && types[last - 1] == OID_TEXT) {
			types[last - 1] = OID_INT8;
		} else {
			return 0;
		}
	}
	return 0;
}

static sql_stmt *pg_prepare(store *s, const char *sql, int persistent,
                            att_err *e)
{
	(void)persistent;
	int np = 0;
	char *text = pg_rewrite(sql, &np);
	pg_stmt *q = xcalloc(1, sizeof(*q));
	q->base.eng = &store_engine_pg;
	q->s = s;
	snprintf(q->name, sizeof(q->name), "a%lu", ++conn(s)->seq);
	int ok = prepare_typed(s, q->name, text, np);
	free(text);
	if (!ok) {
		free(q);
		sql_fail(s, e, "cannot prepare statement");
		return NULL;
	}
	/* The parameters the server found (a ?N the text numbers but never
	 * uses still counts). */
	q->desc = PQdescribePrepared(conn(s)->c, q->name);
	int have = q->desc && PQresultStatus(q->desc) == PGRES_COMMAND_OK
	               ? PQnparams(q->desc)
	               : np;
	q->nparams = have > np ? have : np;
	int n = q->nparams ? q->nparams : 1;
	q->val = xcalloc((size_t)n, sizeof(*q->val));
	q->len = xcalloc((size_t)n, sizeof(*q->len));
	q->fmt = xcalloc((size_t)n, sizeof(*q->fmt));
	return &q->base;
}

/* Forget the current result and its unescaped blobs. */
static void drop_result(pg_stmt *q)
{
	if (q->bytes) {
		for (int c = 0; c < q->ncols; c++)
			PQfreemem(q->bytes[c]);
		free(q->bytes);
		free(q->nbytes);
		q->bytes = NULL;
		q->nbytes = NULL;
	}
	PQclear(q->res);
	q->res = NULL;
	q->row = -1;
	q->nrows = 0;
}

static void pg_reset(sql_stmt *sq)
{
	drop_result(P(sq));
}

static void clear_params(pg_stmt *q)
{
	for (int i = 0; i < q->nparams; i++) {
		free(q->val[i]);
		q->val[i] = NULL;
		q->len[i] = 0;
		q->fmt[i] = 0;
	}
}

static void pg_clear(sql_stmt *sq)
{
	drop_result(P(sq));
	clear_params(P(sq));
}

static void pg_finalize(sql_stmt *sq)
{
	pg_stmt *q = P(sq);
	drop_result(q);
	clear_params(q);
	if (conn(q->s)) {
		char dealloc[48];
		snprintf(dealloc, sizeof(dealloc), "DEALLOCATE %s", q->name);
		PQclear(PQexec(conn(q->s)->c, dealloc));
	}
	PQclear(q->desc);
	free(q->val);
	free(q->len);
	free(q->fmt);
	free(q);
}

/* Parameter i (from 1) set to n bytes at v in format fmt (copied). */
static void set_param(sql_stmt *sq, int i, const void *v, size_t n, int fmt)
{
	pg_stmt *q = P(sq);
	if (i < 1 || i > q->nparams)
		return;
	drop_result(q);
	free(q->val[i - 1]);
	q->val[i - 1] = NULL;
	if (v) {
		q->val[i - 1] = xmalloc(n + 1);
		memcpy(q->val[i - 1], v, n);
		q->val[i - 1][n] = '\0';
	}
	q->len[i - 1] = (int)n;
	q->fmt[i - 1] = fmt;
}

static void pg_bind_int(sql_stmt *q, int i, int64_t v)
{
	char t[24];
	int n = snprintf(t, sizeof(t), "%lld", (long long)v);
	set_param(q, i, t, (size_t)n, 0);
}

static void pg_bind_num(sql_stmt *q, int i, double v)
{
	char t[40];
	int n = isnan(v) ? snprintf(t, sizeof(t), "NaN")
	        : isinf(v)
	            ? snprintf(t, sizeof(t), v > 0 ? "Infinity" : "-Infinity")
	            : snprintf(t, sizeof(t), "%.17g", v);
	set_param(q, i, t, (size_t)n, 0);
}

static void pg_bind_text(sql_stmt *q, int i, const char *v, int n, int copy)
{
	(void)copy; /* always copied: a prepared call needs them together */
	set_param(q, i, v, n < 0 ? strlen(v) : (size_t)n, 0);
}

static void pg_bind_blob(sql_stmt *q, int i, const void *p, int n)
{
	set_param(q, i, p ? p : "", (size_t)n, 1);
}

static void pg_bind_null(sql_stmt *q, int i)
{
	set_param(q, i, NULL, 0, 0);
}

static int pg_nparams(sql_stmt *q)
{
	return P(q)->nparams;
}

/* label() answers in the calling thread's language (migrations/pg/
 * 015_label.sql reads attain.lang): tell the session when it changed. */
static void pg_lang(store *s)
{
	const char *l = i18n_lang();
	if (!l)
		l = "";
	if (strcmp(l, conn(s)->lang) == 0)
		return;
	const char *v[1] = {l};
	PQclear(PQexecParams(conn(s)->c,
	                     "SELECT set_config('attain.lang', $1, false)", 1,
	                     NULL, v, NULL, NULL, 0));
	snprintf(conn(s)->lang, sizeof(conn(s)->lang), "%s", l);
}

static int pg_step(sql_stmt *sq)
{
	pg_stmt *q = P(sq);
	if (!q->res) {
		pg_lang(q->s);
		q->res = PQexecPrepared(conn(q->s)->c, q->name, q->nparams,
		                        (const char *const *)q->val, q->len,
		                        q->fmt, 0);
		if (!result_ok(conn(q->s), q->res)) {
			drop_result(q);
			return SQL_ERR;
		}
		q->nrows = PQntuples(q->res);
		q->ncols = PQnfields(q->res);
		q->row = -1;
		if (q->ncols) {
			q->bytes = xcalloc((size_t)q->ncols, sizeof(*q->bytes));
			q->nbytes =
			    xcalloc((size_t)q->ncols, sizeof(*q->nbytes));
		}
	}
	for (int c = 0; q->bytes && c < q->ncols; c++) {
		PQfreemem(q->bytes[c]);
		q->bytes[c] = NULL;
	}
	if (q->row + 1 >= q->nrows) {
		q->row = q->nrows;
		return SQL_DONE;
	}
	q->row++;
	return SQL_ROW;
}

/* Columns as the server described them when the statement was
 * prepared. */
static int pg_ncols(sql_stmt *sq)
{
	pg_stmt *q = P(sq);
	return q->desc ? PQnfields(q->desc) : 0;
}

static const char *pg_col_name(sql_stmt *sq, int col)
{
	pg_stmt *q = P(sq);
	return q->desc && col >= 0 && col < PQnfields(q->desc)
	           ? PQfname(q->desc, col)
	           : NULL;
}

/* The cell of the current row, NULL for SQL NULL or no row. */
static const char *cell(pg_stmt *q, int col)
{
	if (!q->res || q->row < 0 || q->row >= q->nrows || col < 0 ||
	    col >= q->ncols || PQgetisnull(q->res, q->row, col))
		return NULL;
	return PQgetvalue(q->res, q->row, col);
}

/* A numeric's text is a whole number. */
static int whole(const char *t)
{
	t += *t == '-';
	return *t && strspn(t, "0123456789") == strlen(t);
}

static sql_type pg_type_of(sql_stmt *sq, int col)
{
	pg_stmt *q = P(sq);
	const char *t = cell(q, col);
	if (!t)
		return SQL_NULL;
	switch (PQftype(q->res, col)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return SQL_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return SQL_REAL;
	case OID_NUMERIC:
		return whole(t) ? SQL_INT : SQL_REAL;
	case OID_BYTEA:
		return SQL_BLOB;
	default:
		return SQL_TEXT;
	}
}

static int64_t pg_col_int(sql_stmt *sq, int col)
{
	pg_stmt *q = P(sq);
	const char *t = cell(q, col);
	if (!t)
		return 0;
	if (PQftype(q->res, col) == OID_BOOL)
		return *t == 't';
	char *end;
	long long v = strtoll(t, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E')
		return (int64_t)strtod(t, NULL); /* a real read as an integer */
	return v;
}

static double pg_col_num(sql_stmt *sq, int col)
{
	pg_stmt *q = P(sq);
	const char *t = cell(q, col);
	if (!t)
		return 0;
	if (PQftype(q->res, col) == OID_BOOL)
		return *t == 't';
	return strtod(t, NULL); /* NaN, Infinity and -Infinity too */
}

static const char *pg_col_text(sql_stmt *sq, int col)
{
	return cell(P(sq), col);
}

static const void *pg_col_blob(sql_stmt *sq, int col, int *len)
{
	pg_stmt *q = P(sq);
	const char *t = cell(q, col);
	*len = 0;
	if (!t)
		return NULL;
	if (PQftype(q->res, col) != OID_BYTEA) {
		*len = PQgetlength(q->res, q->row, col);
		return t;
	}
	if (!q->bytes[col])
		q->bytes[col] =
		    PQunescapeBytea((const unsigned char *)t, &q->nbytes[col]);
	*len = (int)q->nbytes[col];
	return q->bytes[col];
}

static void pg_values(sql_stmt *sq, int n, sql_val *out)
{
	for (int k = 0; k < n; k++) {
		sql_val *v = &out[k];
		v->type = pg_type_of(sq, k);
		v->s = NULL;
		v->len = 0;
		v->i = 0;
		v->d = 0;
		if (v->type == SQL_NULL)
			continue;
		v->i = pg_col_int(sq, k);
		v->d = pg_col_num(sq, k);
		if (v->type == SQL_TEXT) {
			v->s = pg_col_text(sq, k);
			v->len = (int)strlen(v->s);
		} else if (v->type == SQL_BLOB) {
			v->s = pg_col_blob(sq, k, &v->len);
		}
	}
}

static int pg_read_batch(sql_stmt *sq, int max, int ncol, const sql_type *types,
                         void *const *cols, int *n)
{
	int k = 0, rc = SQL_DONE;
	while (k < max && (rc = pg_step(sq)) == SQL_ROW) {
		for (int c = 0; c < ncol; c++) {
			if (types[c] == SQL_INT)
				((int64_t *)cols[c])[k] = pg_col_int(sq, c);
			else
				((double *)cols[c])[k] = pg_col_num(sq, c);
		}
		k++;
	}
	*n = k;
	if (k == max)
		return SQL_ROW;
	return rc;
}

static const char *pg_stmt_errmsg(sql_stmt *q)
{
	return conn(P(q)->s)->err;
}

/* ---- the connection ---- */

static int64_t pg_changes(store *s)
{
	return conn(s)->changes;
}

static int64_t pg_last_id(store *s)
{
	PGresult *r = PQexec(conn(s)->c, "SELECT lastval()");
	int64_t id = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r)
	                 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
	                 : 0;
	PQclear(r);
	return id;
}

static const char *pg_errmsg(store *s)
{
	return conn(s)->err[0] ? conn(s)->err : PQerrorMessage(conn(s)->c);
}

/* SQLSTATE class 23 (integrity constraint violation). */
static int pg_err_kind(store *s)
{
	const char *st = conn(s)->state;
	if (strcmp(st, "23505") == 0)
		return SQL_EUNIQUE;
	if (strcmp(st, "23514") == 0)
		return SQL_ECHECK;
	if (strcmp(st, "23503") == 0)
		return SQL_EFOREIGN;
	return SQL_EOTHER;
}

static int pg_in_tx(store *s)
{
	return PQtransactionStatus(conn(s)->c) != PQTRANS_IDLE;
}

static int pg_begin(store *s, att_err *e)
{
	return pg_exec(s, "BEGIN", e);
}

/* A transaction a failed statement aborted ends in ROLLBACK even when
 * asked to COMMIT: that is a failure. */
static int pg_commit(store *s, att_err *e)
{
	int aborted = PQtransactionStatus(conn(s)->c) == PQTRANS_INERROR;
	if (pg_exec(s, "COMMIT", e))
		return ATT_EIO;
	if (aborted) {
		snprintf(conn(s)->err, sizeof(conn(s)->err),
		         "the transaction was aborted by an earlier error");
		return err_set(e, ATT_EIO, "cannot commit: %s", conn(s)->err);
	}
	return ATT_OK;
}

static void pg_rollback(store *s)
{
	PQclear(PQexec(conn(s)->c, "ROLLBACK"));
}

/* ---- the dialect ---- */

static const char pg_exists_sql[] =
    "SELECT 1 FROM pg_class c"
    " WHERE c.relnamespace = current_schema()::regnamespace"
    " AND c.relname = ?1 AND (c.relkind IN ('r', 'p')"
    " OR (CAST(?2 AS integer) <> 0 AND c.relkind IN ('v', 'm')))";

/* Tables in creation order: their oids grow as they are made. */
static const char pg_tables_sql[] =
    "SELECT relname FROM pg_class"
    " WHERE relnamespace = current_schema()::regnamespace"
    " AND relkind IN ('r', 'p') ORDER BY oid";

/* Columns with their types named as SQLite's declared types (the schemas
 * of the two engines map INTEGER to bigint, REAL to double precision,
 * TEXT to text and BLOB to bytea: migrations/pg/README.md). */
static const char pg_columns_sql[] =
    "SELECT a.attname, CASE"
    " WHEN t.typname IN ('int2', 'int4', 'int8', 'bool')"
    " THEN 'INTEGER'"
    " WHEN t.typname IN ('float4', 'float8', 'numeric') THEN 'REAL'"
    " WHEN t.typname = 'bytea' THEN 'BLOB' ELSE 'TEXT' END,"
    " coalesce((SELECT k.n FROM pg_index i,"
    " unnest(i.indkey) WITH ORDINALITY AS k(att, n)"
    " WHERE i.indrelid = a.attrelid AND i.indisprimary"
    " AND k.att = a.attnum), 0)"
    " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
    " JOIN pg_class c ON c.oid = a.attrelid"
    " WHERE c.relnamespace = current_schema()::regnamespace"
    " AND c.relname = ?1 AND a.attnum > 0 AND NOT a.attisdropped"
    " ORDER BY a.attnum";

/* Secondary indexes (those no constraint owns) and foreign keys of one
 * table or of all: dropped, their CREATE INDEX and ADD CONSTRAINT texts
 * kept. Checking a foreign key row by row is most of a bulk insert's time
 * on PostgreSQL (a trigger per row, no session switch to turn them off);
 * adding the constraint again validates every row in one pass, as
 * pg_restore does. Inside the load's transaction, so a failed load keeps
 * them. */
static const char pg_indexes_sql[] =
    "SELECT format('DROP INDEX %I', i.indexname), i.indexdef"
    " FROM pg_indexes i"
    " WHERE i.schemaname = current_schema()"
    " AND (CAST(?1 AS text) IS NULL OR i.tablename = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
    " WHERE k.conindid = format('%I.%I', i.schemaname,"
    " i.indexname)::regclass)"
    " UNION ALL SELECT format('ALTER TABLE %I DROP CONSTRAINT %I',"
    " c.relname, k.conname), format('ALTER TABLE %I ADD CONSTRAINT"
    " %I %s', c.relname, k.conname, pg_get_constraintdef(k.oid))"
    " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
    " WHERE k.contype = 'f'"
    " AND k.connamespace = current_schema()::regnamespace"
    " AND (CAST(?1 AS text) IS NULL OR c.relname = ?1)"
    " ORDER BY 1";

static int pg_foreign_keys(store *s, int on)
{
	(void)s;
	(void)on;
	return ATT_OK;
}

static void pg_write_cache(store *s, long mib)
{
	(void)s;
	(void)mib;
}

/* att_present, att_possible, att_late and label() are SQL functions the
 * PostgreSQL migrations create (migrations/pg). */
static int pg_functions(store *s, att_err *e)
{
	(void)s;
	(void)e;
	return ATT_OK;
}

/* A load writes its ids itself: move each identity column's sequence past
 * the largest, so later inserts without an id do not collide. */
static int pg_bulk_settings(store *s, int on, att_err *e)
{
	if (on)
		return pg_exec(s, "SET synchronous_commit = off", e);
	return pg_exec(
	    s,
	    "SET synchronous_commit = on;"
	    " DO $$ DECLARE r record; BEGIN"
	    " FOR r IN SELECT c.relname AS t, a.attname AS col"
	    " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
	    " WHERE c.relnamespace = current_schema()::regnamespace"
	    " AND a.attidentity <> '' LOOP"
	    " EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L),"
	    " greatest(coalesce(max(%I), 0), 1), max(%I) IS NOT NULL)"
	    " FROM %I', r.t, r.col, r.col, r.col, r.t);"
	    " END LOOP; END $$; ANALYZE",
	    e);
}

/* ---- COPY ---- */

/* "INSERT INTO t(a, b) VALUES (?,?)" -> "COPY t(a, b) FROM STDIN". */
static int pg_copy_begin(store *s, const char *insert_sql, att_err *e)
{
	const char *a = strstr(insert_sql, "INTO ");
	const char *b = a ? strstr(a, " VALUES") : NULL;
	if (!a || !b)
		return err_set(e, ATT_EUSAGE, "not an INSERT: %.60s",
		               insert_sql);
	buf q;
	buf_init(&q);
	buf_printf(&q, "COPY %.*s FROM STDIN", (int)(b - a - 5), a + 5);
	PGresult *r = PQexec(conn(s)->c, q.data);
	buf_free(&q);
	int ok = PQresultStatus(r) == PGRES_COPY_IN;
	if (!ok)
		keep_error(conn(s), r);
	PQclear(r);
	buf_clear(&conn(s)->copy);
	return ok ? ATT_OK
	          : err_set(e, ATT_EIO, "cannot copy: %s", conn(s)->err);
}

/* Text in COPY's text format: backslash, tab, newline and carriage return
 * escaped. */
static void copy_text(buf *b, const char *t, int n)
{
	for (int i = 0; i < n; i++) {
		char c = t[i];
		if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			buf_addc(b, '\\');
			c = c == '\t'   ? 't'
			    : c == '\n' ? 'n'
			    : c == '\r' ? 'r'
			                : c;
		}
		buf_addc(b, c);
	}
}

static int pg_copy_send(store *s)
{
	buf *b = &conn(s)->copy;
	int ok =
	    !b->len || PQputCopyData(conn(s)->c, b->data, (int)b->len) == 1;
	buf_clear(b);
	return ok;
}

static int pg_copy_row(store *s, const sql_val *v, int n, att_err *e)
{
	static const char hex[] = "0123456789abcdef";
	buf *b = &conn(s)->copy;
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(b, '\t');
		switch (v[i].type) {
		case SQL_INT:
			buf_printf(b, "%lld", (long long)v[i].i);
			break;
		case SQL_REAL:
			if (isnan(v[i].d))
				buf_adds(b, "NaN");
			else if (isinf(v[i].d))
				buf_adds(b,
				         v[i].d > 0 ? "Infinity" : "-Infinity");
			else
				buf_printf(b, "%.17g", v[i].d);
			break;
		case SQL_TEXT:
			copy_text(b, v[i].s, v[i].len);
			break;
		case SQL_BLOB: /* bytea's hex input, its backslash escaped */
			buf_adds(b, "\\\\x");
			for (int k = 0; k < v[i].len; k++) {
				unsigned char c =
				    ((const unsigned char *)v[i].s)[k];
				buf_addc(b, hex[c >> 4]);
				buf_addc(b, hex[c & 15]);
			}
			break;
		default:
			buf_adds(b, "\\N");
		}
	}
	buf_addc(b, '\n');
	if (b->len >= (1u << 18) && !pg_copy_send(s))
		return err_set(e, ATT_EIO, "cannot copy: %s",
		               PQerrorMessage(conn(s)->c));
	return ATT_OK;
}

static int pg_copy_end(store *s, att_err *e)
{
	int ok = pg_copy_send(s) && PQputCopyEnd(conn(s)->c, NULL) == 1;
	PGresult *r;
	while ((r = PQgetResult(conn(s)->c))) {
		if (ok && !result_ok(conn(s), r))
			ok = 0;
		PQclear(r);
	}
	if (ok)
		return ATT_OK;
	char t[64];
	sql_insert_table(s->copy_sql, t, sizeof(t));
	return err_set(e, ATT_EIO, "cannot insert into %s: %s", t,
	               conn(s)->err[0] ? conn(s)->err
	                               : PQerrorMessage(conn(s)->c));
}

static int pg_wal_autocheckpoint(store *s, int pages)
{
	(void)s;
	(void)pages;
	return ATT_OK;
}

static int pg_wal_checkpoint(store *s, int truncate, att_err *e)
{
	(void)s;
	(void)truncate;
	(void)e;
	return ATT_OK;
}

/* PostgreSQL checks its pages as it reads them and enforces foreign keys
 * always; what can still be wrong is a constraint left NOT VALID or an
 * index a failed CREATE INDEX CONCURRENTLY left invalid. */
static int pg_integrity(store *s, store_problem_fn fn, void *ctx, att_err *e)
{
	sql_stmt *q = sql_prep_new(
	    s,
	    "SELECT 'constraint ' || conname || ' of table '"
	    " || conrelid::regclass::text || ' is not validated'"
	    " FROM pg_constraint WHERE NOT convalidated"
	    " AND connamespace = current_schema()::regnamespace"
	    " UNION ALL SELECT 'index ' || indexrelid::regclass::text"
	    " || ' is not valid' FROM pg_index i JOIN pg_class c"
	    " ON c.oid = i.indexrelid WHERE NOT i.indisvalid"
	    " AND c.relnamespace = current_schema()::regnamespace",
	    NULL);
	if (!q)
		return sql_fail(s, e, "integrity check failed"), -1;
	int problems = 0, rc;
	while ((rc = sql_step(q)) == SQL_ROW) {
		char line[600];
		snprintf(line, sizeof(line), "integrity: %s", sql_text(q, 0));
		fn(ctx, line);
		problems++;
	}
	sql_free(q);
	if (rc == SQL_ERR) {
		sql_fail(s, e, "integrity check failed");
		return -1;
	}
	return problems;
}

/* label() is a SQL function of the schema (migrations/pg/015_label.sql):
 * it reads the label table on the server, answering in the session's
 * attain.lang (pg_lang), so the C lookup and its cache are not used and
 * registering it is a no-op. */
static int pg_label_function(store *s, sql_label_fn fn, void *ctx,
                             void (*ctx_free)(void *), att_err *e)
{
	(void)s;
	(void)fn;
	(void)e;
	if (ctx_free)
		ctx_free(ctx);
	return ATT_OK;
}

/* PostgreSQL has no counter of committed changes a client can read
 * without a query (SQLite's file data version): none. Nothing caches on
 * it here, since label() runs on the server; a cache that asked would
 * then never keep anything across calls, so it could never be stale. */
static int pg_change_stamp(store *s, uint64_t *out)
{
	(void)s;
	(void)out;
	return ATT_EIO;
}

/* PostgreSQL has no switch to overwrite deleted rows: a deleted row
 * version stays in its page until VACUUM reclaims the space, and the
 * write-ahead log keeps what was written. The server's files are the
 * database administrator's, not a reader's, and an anonymous answer's
 * rows carry no account on either engine (a random response id, the
 * survey_taken row without a link), which is what keeps it anonymous; so
 * on this engine secure delete is a no-op. */
static int pg_secure_delete(store *s, int on, att_err *e)
{
	(void)s;
	(void)on;
	(void)e;
	return ATT_OK;
}

const sql_engine store_engine_pg = {
    .name = "PostgreSQL",
    .migrations = store_migrations_pg,
    .migration_table =
        "CREATE SCHEMA IF NOT EXISTS main; SET search_path = main, public;"
        " CREATE TABLE IF NOT EXISTS schema_migration ("
        " version bigint PRIMARY KEY, name text NOT NULL,"
        " applied_at text NOT NULL DEFAULT (to_char(now() AT TIME ZONE"
        " 'UTC', 'YYYY-MM-DD HH24:MI:SS')))",
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .clear = pg_clear,
    .bind_int = pg_bind_int,
    .bind_num = pg_bind_num,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .nparams = pg_nparams,
    .step = pg_step,
    .reset = pg_reset,
    .ncols = pg_ncols,
    .col_name = pg_col_name,
    .type_of = pg_type_of,
    .col_int = pg_col_int,
    .col_num = pg_col_num,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .values = pg_values,
    .read_batch = pg_read_batch,
    .stmt_errmsg = pg_stmt_errmsg,
    .close = pg_close,
    .exec = pg_exec,
    .changes = pg_changes,
    .last_id = pg_last_id,
    .errmsg = pg_errmsg,
    .err_kind = pg_err_kind,
    .in_tx = pg_in_tx,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .exists_sql = pg_exists_sql,
    .tables_sql = pg_tables_sql,
    .columns_sql = pg_columns_sql,
    .indexes_sql = pg_indexes_sql,
    .foreign_keys = pg_foreign_keys,
    .write_cache = pg_write_cache,
    .functions = pg_functions,
    .bulk_settings = pg_bulk_settings,
    .copy_begin = pg_copy_begin,
    .copy_row = pg_copy_row,
    .copy_end = pg_copy_end,
    .wal_autocheckpoint = pg_wal_autocheckpoint,
    .wal_checkpoint = pg_wal_checkpoint,
    .integrity = pg_integrity,
    .label_function = pg_label_function,
    .change_stamp = pg_change_stamp,
    .secure_delete = pg_secure_delete,
    .version_dup = pg_version_dup,
};
