/*
 * store.c - opening and migrating the database, the data version and meta
 * keys, and the store-wide table counts (the completeness of data
 * collections is store_collect_status.c's). The connection itself,
 * transactions and the integrity check are the engine's (store_sqlite.c);
 * everything here goes through store_sql.h.
 *
 * Invariants:
 *  1. Every connection has foreign_keys=ON, journal_mode=WAL and a busy
 *     timeout, so concurrent readers (the web server) see committed data
 *     (store_derived_apply and store_stage_publish turn foreign keys off
 *     around one transaction of derived rows, whose run_id they know to
 *     exist).
 *  2. Migrations are applied in version order, each in its own transaction,
 *     and recorded in schema_migration; a version is never applied twice.
 *  3. data_version in meta increases by one for every committed batch that
 *     changed data.
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_migrations.h"

int store_schema_latest(void)
{
	int v = 0;
	for (const struct migration *m = store_migrations; m->version; m++)
		v = m->version;
	return v;
}

int store_schema_version(store *s)
{
	return (int)sql_one_int(
	    s, "SELECT coalesce(max(version), 0) FROM schema_migration");
}

/* Apply every migration not yet recorded in schema_migration, in order. */
static int migrate(store *s, att_err *e)
{
	if (sql_exec(s, s->eng->migration_table, e))
		return ATT_EIO;
	/* An upgrade of a store in use (not a fresh init) can rewrite large
	 * tables: say so on a terminal, rather than sit silent. */
	int upgrade = store_schema_version(s) > 0 && isatty(STDERR_FILENO);
	for (const struct migration *m = s->eng->migrations; m->version; m++) {
		sql_stmt *st = sql_prep(
		    s, "SELECT 1 FROM schema_migration WHERE version = ?", e);
		if (!st)
			return ATT_EIO;
		sql_bind_int(st, 1, m->version);
		int have = sql_step(st) == SQL_ROW;
		sql_reset(st);
		if (have)
			continue;
		if (store_begin(s, e))
			return ATT_EIO;
		if (upgrade)
			fprintf(stderr, "upgrading the database: %s ...\n",
			        m->name);
		if (sql_exec(s, m->sql, e)) {
			store_rollback(s);
			return err_set(e, ATT_EIO,
			               "migration %03d_%s failed: %s",
			               m->version, m->name, e ? e->msg : "");
		}
		st = sql_prep(
		    s,
		    "INSERT INTO schema_migration(version, name) VALUES (?, ?)",
		    e);
		if (!st) {
			store_rollback(s);
			return ATT_EIO;
		}
		sql_bind_int(st, 1, m->version);
		sql_bind_text(st, 2, m->name);
		if (sql_run(st, e, "cannot record migration")) {
			store_rollback(s);
			return ATT_EIO;
		}
		if (store_commit(s, e))
			return ATT_EIO;
	}
	return ATT_OK;
}

int store_open(const char *path, store **out, att_err *e)
{
	store *s = NULL;
	int rc = store_connect(path, 0, &s, e);
	if (rc)
		return rc;
	if (migrate(s, e)) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", e ? e->msg : "");
		store_close(s);
		return err_set(e, ATT_EIO, "database '%s': %s", path, msg);
	}
	*out = s;
	return ATT_OK;
}

int store_open_thread(const char *path, store **out, att_err *e)
{
	if (!store_is_pg(path) && access(path, F_OK) != 0)
		return err_set(e, ATT_EINPUT, "database '%s' does not exist",
		               path);
	/* Used by one thread only: SQLite's per-call connection mutex is
	 * pure overhead there (multi-thread mode). The schema is current:
	 * the caller's own connection migrated it. */
	return store_connect(path, STORE_CONNECT_THREAD, out, e);
}

int store_open_existing(const char *path, store **out, att_err *e)
{
	if (!store_is_pg(path) && access(path, F_OK) != 0)
		return err_set(e, ATT_EINPUT,
		               "database '%s' does not exist (run 'attain "
		               "init' or 'attain demo')",
		               path);
	return store_open(path, out, e);
}

const char *store_path(const store *s)
{
	return s->path;
}

int store_bump_version(store *s, att_err *e)
{
	return sql_exec(s,
	                "UPDATE meta SET value = CAST(value AS INTEGER) + 1"
	                " WHERE key = 'data_version'",
	                e);
}

int64_t store_data_version(store *s)
{
	return sql_one_int(s, "SELECT CAST(value AS INTEGER) FROM meta"
	                      " WHERE key = 'data_version'");
}

int store_tx_open(store *s, int *own, att_err *e)
{
	*own = 0;
	if (sql_in_tx(s))
		return ATT_OK;
	if (store_begin(s, e))
		return ATT_EIO;
	*own = 1;
	return ATT_OK;
}

int store_tx_close(store *s, int own, int rc, att_err *e)
{
	if (!own)
		return rc;
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

char *store_meta_get_dup(store *s, const char *key)
{
	sql_stmt *st =
	    sql_prep(s, "SELECT value FROM meta WHERE key = ?", NULL);
	if (!st)
		return NULL;
	sql_bind_text(st, 1, key);
	char *v = NULL;
	if (sql_step(st) == SQL_ROW)
		v = xstrdup(sql_text(st, 0));
	sql_reset(st);
	return v;
}

int store_meta_set(store *s, const char *key, const char *value, att_err *e)
{
	sql_stmt *st =
	    sql_prep(s,
	             "INSERT INTO meta(key, value) VALUES (?, ?)"
	             " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, key);
	sql_bind_text(st, 2, value);
	return sql_run(st, e, "cannot set meta");
}

/* One table's row count for store_table_counts. */
struct counts {
	store *s;
	store_count_fn fn;
	void *ctx;
	att_err *e;
};

static int count_one(void *ctx, const char *table)
{
	struct counts *c = ctx;
	buf q;
	buf_init(&q);
	buf_printf(&q, "SELECT count(*) FROM \"%s\"", table);
	int64_t n = strchr(table, '"') ? -1 : sql_one_int(c->s, q.data);
	buf_free(&q);
	if (n < 0)
		return sql_fail(c->s, c->e, "cannot count rows");
	c->fn(c->ctx, table, n);
	return 0;
}

int store_table_counts(store *s, store_count_fn fn, void *ctx, att_err *e)
{
	struct counts c = {s, fn, ctx, e};
	return sql_tables(s, count_one, &c, e);
}
