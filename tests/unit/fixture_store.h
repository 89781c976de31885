/*
 * fixture_store.h - the district of fixture_engine.h as a store: a migrated
 * database holding tests/fixtures/engine/small.sql (read through
 * $ATTAIN_ROOT, which tests/run.sh sets), for the tests of loading the
 * engine from the store (header-only).
 */
#ifndef ATTAIN_FIXTURE_STORE_H
#define ATTAIN_FIXTURE_STORE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "store.h"
#include "testutil.h"

/* Create a migrated store at path holding the fixture. Returns 0 on success. */
static inline int fixture_engine_make(const char *path)
{
	store *s = NULL;
	att_err e;
	err_clear(&e);
	if (store_open(path, &s, &e))
		return -1;
	store_close(s);
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	char file[512];
	const char *root = getenv("ATTAIN_ROOT");
	snprintf(file, sizeof(file), "%s/tests/fixtures/engine/small.sql",
	         root && *root ? root : ".");
	att_err fe;
	char *sql = file_read_alloc(file, NULL, &fe);
	if (!sql) {
		sqlite3_close(db);
		fprintf(stderr, "fixture: %s\n", fe.msg);
		return -1;
	}
	char *msg = NULL;
	int rc = sqlite3_exec(db, "PRAGMA foreign_keys=ON;", NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	free(sql);
	if (rc != SQLITE_OK)
		fprintf(stderr, "fixture: %s\n", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

#endif
