/*
 * store_internal.h - what the store_*.c files share and nothing else sees:
 * the store struct (one connection) and how store.c opens one through the
 * engine's file. Store functions reach the database only through the
 * statement interface (store_sql.h).
 *
 * Only store_*.c may include this; only the engine's file (store_sqlite.c)
 * knows what the connection and its statements are.
 */
#ifndef ATTAIN_STORE_INTERNAL_H
#define ATTAIN_STORE_INTERNAL_H

#include "store.h"
#include "store_engine.h"
#include "store_sql.h"

#define STORE_STMT_CACHE 128

struct store {
	void *db; /* the engine's connection */
	char *path;
	int in_tx;
	/* Prepared-statement cache keyed by the SQL text's address. */
	struct {
		const char *sql;
		sql_stmt *st;
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

#endif
