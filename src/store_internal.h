/*
 * store_internal.h - what the store_*.c files share and nothing else sees:
 * the store struct (one connection) and how store.c opens one through the
 * engine's file. Store functions reach the database only through the
 * statement interface (store_sql.h).
 *
 * The SQLite handle and the st_* helpers below are the older interface,
 * kept for store_collect.c until it moves onto store_sql.h; nothing else
 * may use them. Only store_*.c may include this (and sqlite3.h).
 */
#ifndef ATTAIN_STORE_INTERNAL_H
#define ATTAIN_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"
#include "store_engine.h"
#include "store_sql.h"

#define STORE_STMT_CACHE 128

struct store {
	sqlite3 *db;
	char *path;
	int in_tx;
	/* Prepared-statement cache keyed by the SQL text's address. */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STORE_STMT_CACHE];
	int ncache;
	/* store_derived.c: when set, derived writes on this connection are
	 * buffered in memory (store_derived_defer) instead of written. */
	struct dbatch *batch;
	void (*batch_free)(struct dbatch *b); /* how store_close frees it */
	int deferred;
	/* store_runs.c: the run whose stage is attached to this connection
	 * (0: none; derived writes then go to the stage), and the lock file
	 * holding this process's run locks (-1: not open). */
	int64_t stage_run;
	int run_lock_fd;
	int64_t run_held; /* the run whose lock this connection took, or 0 */
};

/* Tables receiving at least this many rows in one write get their
 * secondary indexes dropped before the insert and rebuilt after it (a
 * sorted build is far cheaper than millions of random index insertions):
 * store_derived_apply and store_stage_publish. */
#define STORE_REINDEX_ROWS 20000

/* Open one connection to the database at path (store_sqlite.c): created
 * when missing unless STORE_CONNECT_THREAD (an existing database for one
 * thread only, no connection mutex). Not migrated. */
enum { STORE_CONNECT_THREAD = 1 };
int store_connect(const char *path, int flags, store **out, att_err *e);

/* Stream a prepared statement's rows to fn as se_row values (see
 * store_engine.h); fn returning non-zero stops the scan (store_engine.c). */
int se_stream(store *s, sql_stmt *st, se_row_fn fn, void *ctx, att_err *e);

/* ---- the older helpers, for store_collect.c only ---- */

/* sql_prep's statement as SQLite's. */
sqlite3_stmt *st_prep(store *s, const char *sql, att_err *e);
int st_exec(store *s, const char *sql, att_err *e);
int st_fail(store *s, att_err *e, const char *what);
/* NULL text binds SQL NULL. */
void st_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Column text or "" (never NULL). */
const char *st_text(sqlite3_stmt *st, int i);
/* Single integer from a query with no parameters; -1 on error. */
int64_t st_int(store *s, const char *sql);

#endif
