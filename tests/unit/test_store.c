/*
 * test_store.c - migrations on an empty and an existing database, data
 * version, meta, integrity and the completeness of data collections.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store_collect.h"
#include "store_derived.h"
#include "store_report.h"
#include "testutil.h"

static void count_cb(void *ctx, const char *table, int64_t rows)
{
	int *n = ctx;
	(void)table;
	(void)rows;
	(*n)++;
}

static void test_migrate_empty(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "empty.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	assert_int_equal(store_schema_version(s), store_schema_latest());
	assert_true(store_schema_latest() >= 1);
	int ntables = 0;
	assert_int_equal(store_table_counts(s, count_cb, &ntables, &e), ATT_OK);
	/* The whole data model: at least the 40 tables of 001_core. */
	assert_true(ntables >= 40);
	assert_int_equal(store_data_version(s), 0);
	store_close(s);
	unlink(path);
}

static void test_migrate_existing(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "existing.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	assert_int_equal(store_begin(s, &e), ATT_OK);
	assert_int_equal(store_meta_set(s, "marker", "kept", &e), ATT_OK);
	assert_int_equal(store_bump_version(s, &e), ATT_OK);
	assert_int_equal(store_commit(s, &e), ATT_OK);
	store_close(s);

	/* Simulate an older database: forget the newest migration record only
	 * if there is more than one; reopening must not re-run applied ones. */
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	char *v = store_meta_get_dup(s, "marker");
	assert_non_null(v);
	assert_string_equal(v, "kept");
	free(v);
	assert_int_equal(store_data_version(s), 1);
	assert_int_equal(store_schema_version(s), store_schema_latest());
	store_close(s);

	/* A database created by another program (only an unrelated table)
	 * gets the schema applied around it. */
	char path2[256];
	tmp_path(path2, sizeof(path2), "foreign.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path2, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	                 "CREATE TABLE mine(x); INSERT INTO mine VALUES (42);",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path2, &s, &e), ATT_OK);
	assert_int_equal(store_schema_version(s), store_schema_latest());
	store_close(s);
	unlink(path);
	unlink(path2);
}

static void test_rollback_keeps_version(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "rb.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	assert_int_equal(store_begin(s, &e), ATT_OK);
	assert_int_equal(store_bump_version(s, &e), ATT_OK);
	store_rollback(s);
	assert_int_equal(store_data_version(s), 0);
	store_close(s);
	unlink(path);
}

static void test_open_errors(void **state)
{
	(void)state;
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open_existing("/nonexistent/dir/x.db", &s, &e),
	                 ATT_EINPUT);
	assert_non_null(strstr(e.msg, "does not exist"));
	err_clear(&e);
	assert_int_not_equal(store_open("/nonexistent/dir/x.db", &s, &e),
	                     ATT_OK);
	assert_non_null(strstr(e.msg, "/nonexistent/dir/x.db"));
}

struct comp {
	int n, by_state[COLLECT_NSTATES];
};

static void comp_cb(void *ctx, const collect_status_row *r)
{
	struct comp *c = ctx;
	c->n++;
	c->by_state[r->state]++;
	assert_string_equal(r->status, collect_state_code(r->state));
}

static void problem_cb(void *ctx, const char *line)
{
	(void)line;
	(*(int *)ctx)++;
}

static void test_completeness(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "comp.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	store_close(s);
	/* Build a tiny tree with raw SQL (the test stands outside the store).
	 */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	const char *sql =
	    "INSERT INTO org_level VALUES "
	    "(0,'state'),(1,'district'),(2,'school');"
	    "INSERT INTO org(id,code,name,parent_id,level,is_school) VALUES"
	    " (1,'S','State',NULL,'state',0),(2,'D1','D1',1,'district',0),"
	    " (3,'D2','D2',1,'district',0),(4,'A','A',2,'school',1),"
	    " (5,'B','B',2,'school',1),(6,'C','C',3,'school',1);"
	    "INSERT INTO academic_year VALUES "
	    "(1,'2024','2024-25','2024-06-01','2025-03-31');"
	    "INSERT INTO "
	    "calendar_event(id,code,year_id,kind,title,org_id,collects,start_"
	    "date,due_date)"
	    " VALUES "
	    "(1,'E1',1,'data_collection','All',NULL,'attendance','2024-06-01','"
	    "2024-07-01'),"
	    "        (2,'E2',1,'data_collection','D1 "
	    "only',2,'results','2024-06-01','2024-07-01'),"
	    "        (3,'E3',1,'reporting','Not a "
	    "collection',NULL,NULL,'2024-06-01','2024-07-01');"
	    "INSERT INTO collection_submission VALUES "
	    "(1,4,'2024-06-20',10),(1,5,'2024-07-05',10),"
	    " (2,4,'2024-06-30',3);";
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	/* After the due dates. E1: A on time, B late, C missing; E2 (D1
	 * only): A on time, B missing. */
	struct comp c = {0};
	collect_query q = {0, 0, 0, "2024-07-10", 0};
	assert_int_equal(store_collect_status(s, &q, comp_cb, &c, &e), ATT_OK);
	assert_int_equal(c.n, 5);
	assert_int_equal(c.by_state[COLLECT_COMPLETE], 2);
	assert_int_equal(c.by_state[COLLECT_LATE], 1);
	assert_int_equal(c.by_state[COLLECT_MISSING], 2);
	/* Before them, a submission dated later does not count yet: only
	 * E1's A is in; the rest are not yet due. */
	struct comp b = {0};
	q.today = "2024-06-25";
	assert_int_equal(store_collect_status(s, &q, comp_cb, &b, &e), ATT_OK);
	assert_int_equal(b.n, 5);
	assert_int_equal(b.by_state[COLLECT_COMPLETE], 1);
	assert_int_equal(b.by_state[COLLECT_PENDING], 4);
	int problems = 0;
	assert_int_equal(store_integrity(s, problem_cb, &problems, &e), 0);
	store_close(s);

	/* A dangling reference is reported by the foreign-key check. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "PRAGMA foreign_keys=OFF;"
	                              "INSERT INTO collection_submission "
	                              "VALUES (1,99,'2024-06-01',1);",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	problems = 0;
	assert_int_equal(store_integrity(s, problem_cb, &problems, &e), 1);
	assert_int_equal(problems, 1);
	store_close(s);
	unlink(path);
}

/* The declared type of a schema column (PRAGMA table_info's type). */
static const char *dt_name(dt_type t)
{
	return t == DT_INT ? "INTEGER" : t == DT_REAL ? "REAL" : "TEXT";
}

/* Every derived table is declared once, as the schema has it: the same
 * columns in the same order with the same types; and every table with a
 * run_id column (the derived tables; analysis_step is the runner's own
 * record) is declared. */
static void test_derived_declarations(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "decl.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_true(store_ndtables >= 24);
	for (int t = 0; t < store_ndtables; t++) {
		const dt_table *d = &store_dtables[t];
		assert_ptr_equal(store_dtable(d->name), d);
		sqlite3_stmt *st = NULL;
		assert_int_equal(
		    sqlite3_prepare_v2(db,
		                       "SELECT name, upper(type) FROM"
		                       " pragma_table_info(?1) ORDER BY cid",
		                       -1, &st, NULL),
		    SQLITE_OK);
		sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
		int k = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			assert_true(k < d->ncol);
			assert_string_equal(
			    (const char *)sqlite3_column_text(st, 0),
			    d->cols[k].name);
			assert_string_equal(
			    (const char *)sqlite3_column_text(st, 1),
			    dt_name(d->cols[k].type));
			k++;
		}
		sqlite3_finalize(st);
		if (k != d->ncol)
			fail_msg("%s: %d columns in the schema, %d declared",
			         d->name, k, d->ncol);
	}
	sqlite3_stmt *st = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT m.name FROM sqlite_schema m WHERE"
	                       " m.type = 'table' AND m.name <> 'analysis_step'"
	                       " AND EXISTS (SELECT 1 FROM pragma_table_info("
	                       "m.name) p WHERE p.name = 'run_id')",
	                       -1, &st, NULL),
	    SQLITE_OK);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (!store_dtable(name))
			fail_msg("derived table %s is not declared", name);
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, store_ndtables);
	assert_null(store_dtable("student"));
	sqlite3_close(db);
	unlink(path);
}

/* A query's rows read back by column name: each type, NULL, an unknown
 * column, and by position through the report's older readers. */
static void test_rowset(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "rows.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(
	        db,
	        "INSERT INTO academic_year VALUES"
	        " (9007199254740993, '2024-25', 'Year 24', "
	        "'2024-06-01', '2025-03-31'),"
	        " (7, '2023-24', 'Year 23', '2023-06-01', "
	        "'2024-03-31');"
	        " DROP TABLE peer_pair", /* a derived table not there */
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	arena a;
	arena_init(&a);
	rowset r;
	assert_int_equal(
	    srep_query(s, SRQ_YEAR_LATEST, (srep_args){0}, &a, &r, &e), ATT_OK);
	assert_int_equal(r.nrow, 1);
	assert_int_equal(r.ncol, 5);
	/* 2^53 + 1 is not a double: read exactly from its text */
	assert_true(rows_int(&r, 0, "id") == INT64_C(9007199254740993));
	assert_string_equal(rows_text(&r, 0, "id"), "9007199254740993");
	assert_string_equal(rows_text(&r, 0, "code"), "2024-25");
	assert_int_equal(rows_int(&r, 0, "code"), 2024);
	assert_true(isnan(rows_num(&r, 0, "no_such_column")));
	assert_true(rows_null(&r, 0, "no_such_column"));
	assert_string_equal(rows_text(&r, 0, "no_such_column"), "");
	assert_int_equal(rows_col(&r, "end_date"), 4);
	assert_string_equal(rows_text_at(&r, 0, 3), "2024-06-01");
	assert_true(rows_int_at(&r, 0, 0) == INT64_C(9007199254740993));
	assert_int_equal(rows_int(&r, 1, "id"), 0); /* no such row */
	assert_int_equal(
	    srep_query(s, SRQ_YEAR, (srep_args){.code = "1999"}, &a, &r, &e),
	    ATT_ENOTFOUND);
	assert_string_equal(e.msg, "no academic year with code '1999'");
	assert_int_equal(r.nrow, 0);
	assert_int_equal(
	    srep_query(s, SRQ_YEAR, (srep_args){.code = "2023-24"}, &a, &r, &e),
	    ATT_OK);
	assert_int_equal(rows_int(&r, 0, "id"), 7);
	/* a lookup by code without one, an unknown query, a derived table
	 * not there yet */
	assert_int_equal(srep_query(s, SRQ_ORG, (srep_args){0}, &a, &r, &e),
	                 ATT_EUSAGE);
	assert_int_equal(srep_query(s, SRQ_COUNT, (srep_args){0}, &a, &r, &e),
	                 ATT_EUSAGE);
	assert_int_equal(srep_query(s, SRQ_STUDENT,
	                            (srep_args){.code = "NOPE", .id = {7}}, &a,
	                            &r, &e),
	                 ATT_ENOTFOUND);
	assert_string_equal(e.msg, "no student with code 'NOPE'");
	assert_int_equal(
	    srep_query(s, SRQ_PEER_PAIRS, (srep_args){.id = {1}}, &a, &r, &e),
	    ATT_ENOTFOUND);
	assert_string_equal(e.msg, "no peer_pair table");
	/* an empty answer of a query that looks nothing up is no error */
	assert_int_equal(
	    srep_query(s, SRQ_GUARDIANS, (srep_args){.id = {1}}, &a, &r, &e),
	    ATT_OK);
	assert_int_equal(r.nrow, 0);

	/* A rowset made by hand reads the same way. */
	static const char *const names[] = {"n", "share", "label"};
	rows_alloc(&r, &a, 2, 3, names);
	rows_put_int(&r, &a, 0, 0, -42);
	rows_put_num(&r, &a, 0, 1, 2.75);
	rows_put_text(&r, &a, 0, 2, "x");
	rows_put_num(&r, &a, 1, 1, NAN);
	assert_int_equal(rows_int(&r, 0, "n"), -42);
	assert_string_equal(rows_text(&r, 0, "n"), "-42");
	assert_true(rows_num(&r, 0, "share") == 2.75);
	assert_string_equal(rows_text(&r, 0, "share"), "2.75");
	assert_int_equal(rows_int(&r, 0, "share"), 2);
	assert_string_equal(rows_text(&r, 0, "label"), "x");
	assert_true(rows_null(&r, 1, "share"));
	assert_true(rows_null(&r, 1, "n"));
	assert_false(rows_null(&r, 0, "n"));
	arena_free(&a);
	store_close(s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_migrate_empty),
	    cmocka_unit_test(test_migrate_existing),
	    cmocka_unit_test(test_rollback_keeps_version),
	    cmocka_unit_test(test_open_errors),
	    cmocka_unit_test(test_completeness),
	    cmocka_unit_test(test_derived_declarations),
	    cmocka_unit_test(test_rowset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
