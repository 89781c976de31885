/*
 * fixture_engine.h - a small hand-made store for the engine and analysis
 * tests (header-only): state > 2 districts > 3 schools, 8 students, two
 * years, one maths assessment per year with cut scores, four items, a
 * little attendance, behaviour, an intervention and a goal.
 *
 * The SQL is tests/fixtures/engine/small.sql (read through $ATTAIN_ROOT,
 * which tests/run.sh sets). Expected values are noted in the tests.
 */
#ifndef ATTAIN_FIXTURE_ENGINE_H
#define ATTAIN_FIXTURE_ENGINE_H

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
