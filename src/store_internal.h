/*
 * store_internal.h - what the store_*.c files share and nothing else sees:
 * the store struct (one connection) and how store.c opens one through the
 * engine's file. Store functions reach the database only through the
 * statement interface (store_sql.h).
 *
 * Only store_*.c may include this; only the engine's file (store_sqlite.c,
 * store_pg.c) knows what its connection and its statements are.
 */
#ifndef ATTAIN_STORE_INTERNAL_H
#define ATTAIN_STORE_INTERNAL_H

#include "store.h"
#include "store_engine.h"
#include "store_sql.h"

#define STORE_STMT_CACHE 128

/* A statement of either engine starts with its engine, so the interface's
 * functions (store_sql.c) dispatch on the statement alone. */
typedef struct sql_engine sql_engine;
struct sql_stmt {
	const sql_engine *eng;
};

/*
 * The engine table: store_sql.h's operations as one engine implements
 * them (store_sqlite.c, store_pg.c). store_sql.c dispatches every call
 * through the store's or the statement's engine and keeps what is the same
 * for both (the statement cache, ids, NULL tests, column lookup by name,
 * running a statement, single-integer queries). Text binds: n < 0 means
 * NUL-terminated; copy 0 means v stays valid until the next step or reset.
 */
struct migration;
struct sql_engine {
	const char *name; /* "SQLite", "PostgreSQL": attain info */
	/* the schema in the engine's dialect (store_migrations.h), and the
	 * table that records the migrations applied */
	const struct migration *migrations;
	const char *migration_table;
	/* statements */
	sql_stmt *(*prepare)(store *s, const char *sql, int persistent,
	                     att_err *e);
	void (*finalize)(sql_stmt *q);
	void (*clear)(sql_stmt *q); /* reset and clear the bindings */
	void (*bind_int)(sql_stmt *q, int i, int64_t v);
	void (*bind_num)(sql_stmt *q, int i, double v);
	void (*bind_text)(sql_stmt *q, int i, const char *v, int n, int copy);
	void (*bind_blob)(sql_stmt *q, int i, const void *p, int n);
	void (*bind_null)(sql_stmt *q, int i);
	int (*nparams)(sql_stmt *q);
	int (*step)(sql_stmt *q);
	void (*reset)(sql_stmt *q);
	int (*ncols)(sql_stmt *q);
	const char *(*col_name)(sql_stmt *q, int col);
	sql_type (*type_of)(sql_stmt *q, int col);
	int64_t (*col_int)(sql_stmt *q, int col);
	double (*col_num)(sql_stmt *q, int col);
	const char *(*col_text)(sql_stmt *q, int col);
	const void *(*col_blob)(sql_stmt *q, int col, int *len);
	void (*values)(sql_stmt *q, int n, sql_val *out);
	int (*read_batch)(sql_stmt *q, int max, int ncol, const sql_type *types,
	                  void *const *cols, int *n);
	const char *(*stmt_errmsg)(sql_stmt *q);
	/* the connection */
	void (*close)(store *s);
	int (*exec)(store *s, const char *sql, att_err *e);
	int64_t (*changes)(store *s);
	int64_t (*last_id)(store *s);
	const char *(*errmsg)(store *s);
	int (*err_kind)(store *s);
	int (*in_tx)(store *s);
	int (*begin)(store *s, att_err *e);
	int (*commit)(store *s, att_err *e);
	void (*rollback)(store *s);
	/* the dialect */
	/* the catalogue: a row when a table named ?1 exists (or a view,
	 * when ?2 is not 0); every table's name in creation order (no
	 * parameters); a table's columns (?1 the table) as name, declared
	 * type in SQLite's words (INTEGER, REAL, TEXT, BLOB) and place in
	 * the primary key (0 not in it). store_sql.c walks their rows. */
	const char *exists_sql;
	const char *tables_sql;
	const char *columns_sql;
	/* the secondary indexes (?1 a table, NULL all) a bulk load drops
	 * and makes again after it: the statement dropping each, and the
	 * one making it again (sql_indexes_drop). */
	const char *indexes_sql;
	int (*foreign_keys)(store *s, int on);
	void (*write_cache)(store *s, long mib);
	int (*functions)(store *s, att_err *e);
	int (*bulk_settings)(store *s, int on, att_err *e);
	int (*copy_begin)(store *s, const char *insert_sql, att_err *e);
	int (*copy_row)(store *s, const sql_val *v, int n, att_err *e);
	int (*copy_end)(store *s, att_err *e);
	int (*wal_autocheckpoint)(store *s, int pages);
	int (*wal_checkpoint)(store *s, int truncate, att_err *e);
	int (*integrity)(store *s, store_problem_fn fn, void *ctx, att_err *e);
	int (*label_function)(store *s, sql_label_fn fn, void *ctx,
	                      void (*ctx_free)(void *), att_err *e);
	int (*change_stamp)(store *s, uint64_t *out);
	int (*secure_delete)(store *s, int on, att_err *e);
	/* "SQLite 3.40.1": the engine and its version, malloc'd */
	char *(*version_dup)(store *s);
};

extern const sql_engine store_engine_sqlite;
extern const sql_engine store_engine_pg;

struct store {
	const sql_engine *eng;
	/* the engine's connection: what it is, only the engine's file
	 * (store_sqlite.c, store_pg.c) knows */
	void *db;
	char *path;
	int in_tx;
	/* the open sql_copy_begin stream: its INSERT (SQLite's statement) */
	const char *copy_sql;
	sql_stmt *copy_st;
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

/* Open one connection to the database at path (store_sql.c chooses the
 * engine: store_is_pg): created when missing unless STORE_CONNECT_THREAD
 * (an existing database for one thread only, no connection mutex). Not
 * migrated. Each engine's connect fills s->eng and its handle. */
enum { STORE_CONNECT_THREAD = 1 };
int store_connect(const char *path, int flags, store **out, att_err *e);
int store_sqlite_connect(store *s, const char *path, int flags, att_err *e);
int store_pg_connect(store *s, const char *conninfo, att_err *e);
/* The table an INSERT INTO t(...) text names (copy messages). */
void sql_insert_table(const char *insert_sql, char *out, size_t n);
/* Append one index's CREATE text to x (sql_indexes_drop). */
void sql_saved_add(sql_saved *x, const char *sql);
/* 1 when path names a PostgreSQL database: a libpq URI (postgresql://,
 * postgres://) or a key=value connection string. */
int store_is_pg(const char *path);

/* Stream a prepared statement's rows to fn as se_row values (see
 * store_engine.h); fn returning non-zero stops the scan (store_engine.c). */
int se_stream(store *s, sql_stmt *st, se_row_fn fn, void *ctx, att_err *e);

#endif
