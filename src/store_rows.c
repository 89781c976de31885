/*
 * store_rows.c - the rowset readers (store_rows.h) and sql_rows, which
 * collects a statement's rows into a rowset through the statement
 * interface (store_sql.h), whichever engine is behind it.
 */
#include "store_rows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sql.h"

const rowval *rows_at(const rowset *r, int row, int col)
{
	if (!r || row < 0 || row >= r->nrow || col < 0 || col >= r->ncol)
		return NULL;
	return &r->v[(size_t)row * (size_t)r->ncol + (size_t)col];
}

int rows_col(const rowset *r, const char *name)
{
	for (int c = 0; r && name && c < r->ncol; c++)
		if (r->names && r->names[c] && strcmp(r->names[c], name) == 0)
			return c;
	return -1;
}

int rows_null_at(const rowset *r, int row, int col)
{
	const rowval *v = rows_at(r, row, col);
	return !v || v->type == ROWV_NULL;
}

/* Integers up to 2^53 are exact in the double; beyond, the decimal text
 * is (an INT cell made by the store always has it). */
int64_t rows_int_at(const rowset *r, int row, int col)
{
	const rowval *v = rows_at(r, row, col);
	if (!v || v->type == ROWV_NULL)
		return 0;
	if (v->type == ROWV_TEXT ||
	    (v->type == ROWV_INT && fabs(v->num) >= 9007199254740992.0 &&
	     v->text && *v->text))
		return strtoll(v->text ? v->text : "", NULL, 10);
	return (int64_t)v->num;
}

double rows_num_at(const rowset *r, int row, int col)
{
	const rowval *v = rows_at(r, row, col);
	if (!v || v->type == ROWV_NULL)
		return NAN;
	if (v->type == ROWV_TEXT)
		return strtod(v->text ? v->text : "", NULL);
	return v->num;
}

const char *rows_text_at(const rowset *r, int row, int col)
{
	const rowval *v = rows_at(r, row, col);
	return v && v->text ? v->text : "";
}

rowval rows_cell(const rowset *r, int row, const char *col)
{
	const rowval *v = rows_at(r, row, rows_col(r, col));
	return v ? *v : (rowval){ROWV_NULL, 0, ""};
}

int64_t rows_int(const rowset *r, int row, const char *col)
{
	return rows_int_at(r, row, rows_col(r, col));
}

double rows_num(const rowset *r, int row, const char *col)
{
	return rows_num_at(r, row, rows_col(r, col));
}

const char *rows_text(const rowset *r, int row, const char *col)
{
	return rows_text_at(r, row, rows_col(r, col));
}

int rows_null(const rowset *r, int row, const char *col)
{
	return rows_null_at(r, row, rows_col(r, col));
}

void rows_alloc(rowset *r, arena *a, int nrow, int ncol,
                const char *const *names)
{
	memset(r, 0, sizeof(*r));
	r->ncol = ncol;
	r->nrow = nrow;
	r->names = arena_alloc(a, (size_t)(ncol ? ncol : 1) * sizeof(char *));
	for (int c = 0; c < ncol; c++)
		r->names[c] =
		    arena_strdup(a, names && names[c] ? names[c] : "");
	size_t n = (size_t)nrow * (size_t)ncol;
	r->v = arena_alloc(a, (n ? n : 1) * sizeof(rowval));
	for (size_t i = 0; i < n; i++)
		r->v[i] = (rowval){ROWV_NULL, 0, ""};
}

/* The decimal of v in the arena (printf's %lld is a measurable part of
 * collecting large page queries). */
static const char *int_text(arena *a, int64_t v)
{
	char t[24], *p = t + sizeof(t);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return arena_strdup(a, p);
}

/* One cell from a statement value. */
static rowval cell_of(arena *a, const sql_val *x)
{
	switch (x->type) {
	case SQL_INT:
		return (rowval){ROWV_INT, (double)x->i, int_text(a, x->i)};
	case SQL_REAL:
		return (rowval){ROWV_REAL, x->d,
		                arena_printf(a, "%.17g", x->d)};
	case SQL_TEXT:
	case SQL_BLOB: {
		char *t = arena_alloc(a, (size_t)x->len + 1);
		memcpy(t, x->s ? x->s : "", (size_t)x->len);
		return (rowval){ROWV_TEXT, 0, t};
	}
	default:
		return (rowval){ROWV_NULL, 0, ""};
	}
}

void rows_put_int(rowset *r, arena *a, int row, int col, int64_t v)
{
	rowval *x = (rowval *)rows_at(r, row, col);
	if (x)
		*x = (rowval){ROWV_INT, (double)v, int_text(a, v)};
}

void rows_put_num(rowset *r, arena *a, int row, int col, double v)
{
	rowval *x = (rowval *)rows_at(r, row, col);
	if (x)
		*x = isnan(v)
		         ? (rowval){ROWV_NULL, 0, ""}
		         : (rowval){ROWV_REAL, v, arena_printf(a, "%.17g", v)};
}

void rows_put_text(rowset *r, arena *a, int row, int col, const char *v)
{
	rowval *x = (rowval *)rows_at(r, row, col);
	if (x)
		*x = v ? (rowval){ROWV_TEXT, 0, arena_strdup(a, v)}
		       : (rowval){ROWV_NULL, 0, ""};
}

int sql_rows(sql_stmt *q, arena *a, int max_rows, rowset *out, att_err *e,
             const char *what)
{
	memset(out, 0, sizeof(*out));
	int ncol = sql_ncols(q);
	out->ncol = ncol;
	out->names = arena_alloc(a, (size_t)(ncol ? ncol : 1) * sizeof(char *));
	for (int c = 0; c < ncol; c++)
		out->names[c] = arena_strdup(a, sql_name(q, c));
	sql_val *x = xmalloc((size_t)(ncol ? ncol : 1) * sizeof(*x));
	size_t cap = 0;
	rowval *v = NULL;
	int n = 0, rc = SQL_DONE;
	while ((max_rows <= 0 || n < max_rows) &&
	       (rc = sql_step(q)) == SQL_ROW) {
		xgrow((void **)&v, &cap, (size_t)(n + 1) * (size_t)ncol,
		      sizeof(*v));
		sql_values(q, ncol, x);
		for (int c = 0; c < ncol; c++)
			v[(size_t)n * (size_t)ncol + (size_t)c] =
			    cell_of(a, &x[c]);
		n++;
	}
	int err = rc == SQL_ERR;
	if (err)
		sql_fail_stmt(q, e, what);
	sql_reset(q);
	size_t total = (size_t)n * (size_t)ncol;
	out->nrow = n;
	out->v = arena_alloc(a, (total ? total : 1) * sizeof(rowval));
	if (total)
		memcpy(out->v, v, total * sizeof(rowval));
	free(v);
	free(x);
	return err ? ATT_EIO : ATT_OK;
}
