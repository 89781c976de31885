/*
 * store.h - the system of record. The store owns the SQLite database: it
 * opens it (foreign keys on, WAL), applies the numbered migrations, and is
 * the only module that speaks SQL. Other modules call store_* functions;
 * each area of the program has its own store_<area>.c behind this header
 * or its own store_<area>.h (see docs/ARCHITECTURE.md).
 *
 * Writes that change data happen inside store_begin()/store_commit(); each
 * committed batch bumps the data version (store_bump_version), which every
 * analysis run and report records so a figure can be traced to its data.
 */
#ifndef ATTAIN_STORE_H
#define ATTAIN_STORE_H

#include <stdint.h>

#include "util.h"

typedef struct store store;

/* One value read from the store: its type, the number (i and d, each
 * converted from the other), the text or blob bytes (s, len; NULL for
 * NULL and numbers). Valid until the next row is read. */
typedef enum { STV_NULL, STV_INT, STV_REAL, STV_TEXT, STV_BLOB } stv_type;
typedef struct store_value {
	stv_type type;
	int64_t i;
	double d;
	const char *s; /* text, or blob bytes */
	int len;       /* text or blob length */
} store_value;

/* 1 when path names a database file (SQLite), which a command may build
 * beside it and rename over it; 0 for a database on a server (a libpq URI
 * or connection string: PostgreSQL), which is written in place. */
int store_is_file(const char *path);

/* Open (creating if needed) and migrate the database at path. */
int store_open(const char *path, store **out, att_err *e);
/* Open without migrating; fails if the file does not exist. */
int store_open_existing(const char *path, store **out, att_err *e);
/* Open an existing, migrated database for use by one thread only (no
 * SQLite connection mutex; nothing else may use the store at the same
 * time). For worker threads beside a connection that migrated it. */
int store_open_thread(const char *path, store **out, att_err *e);
void store_close(store *s);
/* The engine and its version, "SQLite 3.40.1" or "PostgreSQL 15.10"
 * (malloc'd). */
char *store_backend_dup(store *s);
const char *store_path(const store *s);

/* Schema version (highest applied migration) and the number available. */
int store_schema_version(store *s);
int store_schema_latest(void);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int store_begin(store *s, att_err *e);
int store_commit(store *s, att_err *e);
void store_rollback(store *s);
/* A write that joins the caller's transaction when one is open, else runs
 * in its own: store_tx_open begins one only when none is open (*own set
 * to 1 then); store_tx_close commits, or when rc is not ATT_OK rolls back,
 * only a transaction store_tx_open began, and returns rc or the commit's
 * failure. */
int store_tx_open(store *s, int *own, att_err *e);
int store_tx_close(store *s, int own, int rc, att_err *e);
/* Increment the data version inside the current transaction. */
int store_bump_version(store *s, att_err *e);
int64_t store_data_version(store *s);

/* Meta key/value. store_meta_get returns a malloc'd string or NULL. */
char *store_meta_get_dup(store *s, const char *key);
int store_meta_set(store *s, const char *key, const char *value, att_err *e);

/* Row counts of every table, in schema order. */
typedef void (*store_count_fn)(void *ctx, const char *table, int64_t rows);
int store_table_counts(store *s, store_count_fn fn, void *ctx, att_err *e);

/* Integrity: PRAGMA integrity_check and foreign_key_check. Each problem is
 * passed to fn as one line; returns the number of problems (or -1). */
typedef void (*store_problem_fn)(void *ctx, const char *line);
int store_integrity(store *s, store_problem_fn fn, void *ctx, att_err *e);

#endif
