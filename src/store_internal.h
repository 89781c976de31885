/*
 * store_internal.h - what the store_*.c files share and nothing else sees:
 * the store struct with its SQLite handle and small helpers to prepare,
 * step and report errors. Only store_*.c may include this (and sqlite3.h).
 */
#ifndef ATTAIN_STORE_INTERNAL_H
#define ATTAIN_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"
#include "store_engine.h"

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
};

/* Prepare (or fetch from the cache, reset and cleared) a statement for a
 * string-literal SQL text. Returns NULL and fills e on failure. */
sqlite3_stmt *st_prep(store *s, const char *sql, att_err *e);
/* Execute SQL that returns no rows. */
int st_exec(store *s, const char *sql, att_err *e);
/* Fill e from the connection's last error, prefixed by what. */
int st_fail(store *s, att_err *e, const char *what);
/* Bind helpers: NULL text binds SQL NULL. */
void st_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Column text or "" (never NULL). */
const char *st_text(sqlite3_stmt *st, int i);
/* Stream a prepared statement's rows to fn as se_row values (see
 * store_engine.h); fn returning non-zero stops the scan. */
int st_stream(store *s, sqlite3_stmt *st, se_row_fn fn, void *ctx, att_err *e);
/* Single integer from a query with no parameters; -1 on error. */
int64_t st_int(store *s, const char *sql);

#endif
