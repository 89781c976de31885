/*
 * store_rows.h - the one result type of the store's queries: a rowset, a
 * small table of typed cells with named columns, allocated in the caller's
 * arena, read by column name:
 *
 *     rowset r;
 *     if (store_web_query(s, SWQ_ORG_CHILDREN, args, 2, &a, &r, &e)) ...
 *     for (int i = 0; i < r.nrow; i++)
 *             printf("%s %lld\n", rows_text(&r, i, "name"),
 *                    (long long)rows_int(&r, i, "students"));
 *
 * A cell holds its type, its number (INT and REAL) and its text: the
 * decimal of an INT, the full-precision "%.17g" of a REAL, the text of a
 * TEXT, "" for NULL. Readers: rows_int (NULL 0; a REAL truncated; a TEXT
 * parsed), rows_num (NULL NaN; a TEXT parsed), rows_text ("" for NULL),
 * rows_null. An unknown column name reads as NULL. The *_at forms take a
 * column index: for rows a page builds itself (sw_at wraps them); the
 * report queries are read by name only.
 *
 * Pages and reports also build rowsets of their own (tables they compute)
 * and read them the same way.
 */
#ifndef ATTAIN_STORE_ROWS_H
#define ATTAIN_STORE_ROWS_H

#include <stdint.h>

#include "util.h"

typedef enum { ROWV_NULL, ROWV_INT, ROWV_REAL, ROWV_TEXT } rowv_type;

typedef struct rowval {
	rowv_type type;
	double num;       /* INT and REAL */
	const char *text; /* see above; "" for NULL */
} rowval;

typedef struct rowset {
	int ncol;
	int nrow;
	const char **names; /* column names as the SQL names them */
	rowval *v;          /* nrow * ncol, row-major */
} rowset;

/* The cell at (row, col); NULL when out of range. */
const rowval *rows_at(const rowset *r, int row, int col);
/* Index of a column, -1 when none. */
int rows_col(const rowset *r, const char *name);

/* A copy of the cell (type, number and text) at (row, col name), to pass
 * on whole (a page's figure); a NULL cell when no such row or column. */
rowval rows_cell(const rowset *r, int row, const char *col);
int64_t rows_int(const rowset *r, int row, const char *col);
double rows_num(const rowset *r, int row, const char *col);
const char *rows_text(const rowset *r, int row, const char *col);
int rows_null(const rowset *r, int row, const char *col);

int64_t rows_int_at(const rowset *r, int row, int col);
double rows_num_at(const rowset *r, int row, int col);
const char *rows_text_at(const rowset *r, int row, int col);
int rows_null_at(const rowset *r, int row, int col);

/* An empty rowset of nrow x ncol NULL cells in arena a, column names
 * copied (names may be NULL: columns unnamed, ""). */
void rows_alloc(rowset *r, arena *a, int nrow, int ncol,
                const char *const *names);

/* Set one cell of a rowset made with rows_alloc (text in arena a; text
 * NULL and numbers NaN make NULL cells). */
void rows_put_int(rowset *r, arena *a, int row, int col, int64_t v);
void rows_put_num(rowset *r, arena *a, int row, int col, double v);
void rows_put_text(rowset *r, arena *a, int row, int col, const char *v);

#endif
