/*
 * store_sql.h - the one statement interface between the store's functions
 * (store_*.c) and the database engine: prepare with placeholders, bind,
 * step, read columns by index or by name, reset; run a statement to its
 * end or collect its rows into a rowset (store_rows.h); transactions and
 * errors filled into att_err. Nothing outside the store includes this.
 *
 * The SQL text given to it is the store's own; it uses only what the
 * engines agree on (numbered ?N placeholders, ON CONFLICT upserts). What
 * differs between engines (pragmas, catalogue queries, bulk paths, SQL
 * functions) sits behind the named operations at the end of this header.
 * store_sqlite.c implements all of it over SQLite; a second engine is one
 * more file implementing the same functions, chosen when the store opens.
 *
 * Ownership: a statement from sql_prep belongs to the store's cache (reset
 * and cleared on every sql_prep, freed with the store); one from
 * sql_prep_new belongs to the caller (sql_free). Text and blobs read from
 * a row stay valid until the next step, reset or free of the statement.
 */
#ifndef ATTAIN_STORE_SQL_H
#define ATTAIN_STORE_SQL_H

#include <stdint.h>

#include "store.h"
#include "store_rows.h"
#include "util.h"

typedef struct sql_stmt sql_stmt;

/* What sql_step returns. */
enum { SQL_ERR = -1, SQL_DONE = 0, SQL_ROW = 1 };

/* A value and its storage class: store_value (store.h). */
typedef stv_type sql_type;
typedef store_value sql_val;
#define SQL_NULL STV_NULL
#define SQL_INT STV_INT
#define SQL_REAL STV_REAL
#define SQL_TEXT STV_TEXT
#define SQL_BLOB STV_BLOB

/* ---- statements ---- */

/* Prepare (or take from the cache, reset and cleared) a statement for an
 * SQL text that lives as long as the program (a literal or a static
 * table: the cache is keyed by its address). NULL with e filled. */
sql_stmt *sql_prep(store *s, const char *sql, att_err *e);
/* Prepare an SQL text built at run time; the caller frees it. */
sql_stmt *sql_prep_new(store *s, const char *sql, att_err *e);
void sql_free(sql_stmt *q);

/* Parameters are numbered from 1. Text and blobs are copied. */
void sql_bind_int(sql_stmt *q, int i, int64_t v);
void sql_bind_num(sql_stmt *q, int i, double v);
void sql_bind_text(sql_stmt *q, int i, const char *v); /* NULL: SQL NULL */
/* n bytes of text, not copied: v must stay valid until the statement is
 * stepped and reset (bulk paths replaying buffered rows). */
void sql_bind_textn(sql_stmt *q, int i, const char *v, int n);
void sql_bind_blob(sql_stmt *q, int i, const void *p, int n);
void sql_bind_null(sql_stmt *q, int i);
/* Integer, or NULL when v < 0 (an absent id or engine index). */
void sql_bind_id(sql_stmt *q, int i, int64_t v);
/* Number of parameters the statement has. */
int sql_nparams(sql_stmt *q);

/* Next row: SQL_ROW, SQL_DONE, or SQL_ERR (sql_fail says why). */
int sql_step(sql_stmt *q);
/* Back to before the first row (bindings kept). */
void sql_reset(sql_stmt *q);
/* Step a statement that returns no rows, then reset it. ATT_OK, or
 * ATT_EIO with e = "what: engine message". */
int sql_run(sql_stmt *q, att_err *e, const char *what);

/* ---- the current row ---- */

int sql_ncols(sql_stmt *q);
const char *sql_name(sql_stmt *q, int col);
/* Index of the column named `name`, -1 when none. */
int sql_col(sql_stmt *q, const char *name);
sql_type sql_type_of(sql_stmt *q, int col);
int sql_null(sql_stmt *q, int col);
int64_t sql_int(sql_stmt *q, int col);      /* NULL: 0 */
double sql_num(sql_stmt *q, int col);       /* NULL: 0 */
const char *sql_text(sql_stmt *q, int col); /* NULL: "" (never NULL) */
const void *sql_blob(sql_stmt *q, int col, int *len);
/* Column k as integer, 0 for NULL (col_id reads of optional ids). */
int64_t sql_int_or0(sql_stmt *q, int col);
/* The first n columns of the current row. */
void sql_values(sql_stmt *q, int n, sql_val *out);

/* Read up to `max` rows of integer and real columns into parallel arrays:
 * column k goes to ((int64_t *)cols[k])[row] when types[k] is SQL_INT,
 * ((double *)cols[k])[row] when SQL_REAL. *n gets the rows read. Returns
 * SQL_ROW when the arrays filled up (more rows may follow), SQL_DONE at
 * the end, SQL_ERR on error. The bulk path of the engine's load. */
int sql_read_batch(sql_stmt *q, int max, int ncol, const sql_type *types,
                   void *const *cols, int *n);

/* Step q to its end collecting every row (at most max_rows; 0: no limit)
 * into out, in arena a; resets q. ATT_OK or ATT_EIO ("what: ..."). */
int sql_rows(sql_stmt *q, arena *a, int max_rows, rowset *out, att_err *e,
             const char *what);

/* ---- the connection ---- */

/* Execute SQL that returns no rows (may hold several statements). */
int sql_exec(store *s, const char *sql, att_err *e);
/* The single integer of a query without parameters; -1 on error. */
int64_t sql_one_int(store *s, const char *sql);
/* Rows changed by the last statement; rowid of the last insert. */
int64_t sql_changes(store *s);
int64_t sql_last_id(store *s);
/* Fill e with the connection's last error: ATT_EIO, "what: message". */
int sql_fail(store *s, att_err *e, const char *what);
/* The connection's last error message. */
const char *sql_errmsg(store *s);
/* The same for the connection of statement q. */
int sql_fail_stmt(sql_stmt *q, att_err *e, const char *what);
/* Why the last step failed: a UNIQUE or PRIMARY KEY constraint, a CHECK
 * constraint, a foreign key, or anything else. */
enum { SQL_EOTHER, SQL_EUNIQUE, SQL_ECHECK, SQL_EFOREIGN };
int sql_err_kind(store *s);
/* 1 inside a transaction. */
int sql_in_tx(store *s);

/* ---- what differs between engines ---- */

/* 1 if a table (or view, when views is set) of this name exists. */
int sql_table_exists(store *s, const char *name, int views);
/* Every table's name, in creation order. */
typedef int (*sql_name_fn)(void *ctx, const char *name);
int sql_tables(store *s, sql_name_fn fn, void *ctx, att_err *e);
/* Columns of a table in order: name, declared type (INTEGER, REAL, TEXT,
 * BLOB) and place in the primary key (1 the first, 0 not in it). */
typedef int (*sql_column_fn)(void *ctx, const char *name, const char *type,
                             int pk);
int sql_table_columns(store *s, const char *table, sql_column_fn fn, void *ctx,
                      att_err *e);
/* Secondary indexes dropped before a bulk insert into a table and made
 * again after it (a sorted build is far cheaper than many random index
 * insertions): sql_indexes_drop appends each dropped index's CREATE text
 * to x, sql_indexes_restore runs them and empties x. */
typedef struct sql_saved {
	char **sql;
	int n, cap;
} sql_saved;
int sql_indexes_drop(store *s, const char *table, sql_saved *x, att_err *e);
/* (table NULL: the indexes of every table.) */
int sql_indexes_restore(store *s, sql_saved *x, att_err *e);
void sql_saved_free(sql_saved *x);
/* Foreign-key checks on or off (outside a transaction), and a page cache
 * of `mib` MiB for a large write. */
int sql_foreign_keys(store *s, int on);
void sql_write_cache(store *s, long mib);
/* A stream of rows into one table, the fastest way the engine has: open
 * with the table's INSERT INTO t(cols) VALUES (...) text (a literal: it
 * may be cached by address), then one sql_copy_row per row (n values,
 * SQL_NULL/INT/REAL/TEXT/BLOB; the text and bytes of s, len), then
 * sql_copy_end. SQLite steps the prepared INSERT per row; PostgreSQL
 * streams COPY t(cols) FROM STDIN. Nothing else may run on the connection
 * while a copy is open. ATT_OK or ATT_EIO ("cannot insert into t: ..."). */
int sql_copy_begin(store *s, const char *insert_sql, att_err *e);
int sql_copy_row(store *s, const sql_val *v, int n, att_err *e);
int sql_copy_end(store *s, att_err *e);
/* Settings for one large load into a database nothing else uses (on),
 * and back to the normal ones with fresh planner statistics (off). On
 * SQLite: no journal, no fsync, exclusive lock, a large cache, foreign
 * keys off, then WAL and ANALYZE. On PostgreSQL: asynchronous commit, then
 * ANALYZE and every identity column's sequence moved past the largest id
 * the load wrote (a load gives ids itself). */
int sql_bulk_settings(store *s, int on, att_err *e);
/* The SQL functions the page queries call: att_present(marks),
 * att_possible(marks), att_late(marks) (attendance.h tallies). */
int sql_functions(store *s, att_err *e);
/* The SQL function label(kind, code, stored [, lang]) (store_label.h)
 * registered on the connection: each call asks fn(ctx, s, kind, code,
 * lang, out) (lang NULL when not given), which returns 1 with the answer
 * appended to out, or 0 for the stored argument (also the answer when an
 * argument is NULL). fn may read the database on s with statements of its
 * own (sql_prep_new), never the statement cache. ctx belongs to the
 * connection: ctx_free(ctx) when it closes, or at once when registering
 * fails. An engine that defines label() in its schema instead frees ctx
 * and returns ATT_OK. */
typedef int (*sql_label_fn)(void *ctx, store *s, const char *kind,
                            const char *code, const char *lang, buf *out);
int sql_label_function(store *s, sql_label_fn fn, void *ctx,
                       void (*ctx_free)(void *), att_err *e);
/* A stamp of the database's committed contents, read without a query,
 * that changes when any connection commits (SQLite: the file's data
 * version, current inside the read transaction of the calling
 * statement). ATT_OK with *out, or ATT_EIO when the engine has none
 * (PostgreSQL). */
int sql_change_stamp(store *s, uint64_t *out);
/* Overwrite deleted content on disk (on) or not (off) from now on, for
 * rows that must leave no trace (anonymous survey answers). An engine
 * without such a switch returns ATT_OK (PostgreSQL; store_pg.c says
 * why). */
int sql_secure_delete(store *s, int on, att_err *e);

#endif
