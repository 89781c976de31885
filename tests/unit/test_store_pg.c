/*
 * test_store_pg.c - the PostgreSQL engine behind store_sql.h, against the
 * throwaway cluster tests/run.sh starts (tests/pg.sh; its connection
 * string in $ATTAIN_PG): migrations, the schema against SQLite's (tables,
 * columns in order, their types and primary keys through
 * sql_table_columns on both), placeholders, binding and reading every
 * type, errors by kind, transactions, changed rows and ids, and the SQL
 * functions (attendance tallies against attendance_count, label()); data
 * entry through the collection store (a register saved and read back, a
 * stale register refused, a markbook saved from two connections getting
 * the conflict) on collect_fixture.h's school system.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attendance.h"
#include "collect_fixture.h"
#include "store.h"
#include "store_collect.h"
#include "store_sql.h"
#include "testutil.h"

static const char *conninfo(void)
{
	const char *c = getenv("ATTAIN_PG");
	if (!c || !*c)
		fail_msg("ATTAIN_PG is not set: run through tests/run.sh, "
		         "which starts a throwaway PostgreSQL cluster");
	return c;
}

/* A migrated, empty database: attain's schema (main) dropped first (the three
 * passes of tests/run.sh share one cluster). */
static store *fresh(void)
{
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open_thread(conninfo(), &s, &e), ATT_OK);
	assert_int_equal(sql_exec(s, "DROP SCHEMA IF EXISTS main CASCADE", &e),
	                 ATT_OK);
	store_close(s);
	if (store_open(conninfo(), &s, &e) != ATT_OK)
		fail_msg("store_open: %s", e.msg);
	return s;
}

static void test_migrate(void **state)
{
	(void)state;
	store *s = fresh();
	assert_int_equal(store_schema_version(s), store_schema_latest());
	char *b = store_backend_dup(s);
	assert_memory_equal(b, "PostgreSQL 15", 13);
	free(b);
	assert_int_equal(store_data_version(s), 0);
	store_close(s);
	/* Opening again applies nothing twice. */
	att_err e;
	assert_int_equal(store_open(conninfo(), &s, &e), ATT_OK);
	assert_int_equal(
	    sql_one_int(s, "SELECT count(*) FROM schema_migration"),
	    sql_one_int(s, "SELECT count(DISTINCT version)"
	                   " FROM schema_migration"));
	store_close(s);
}

/* One table's columns as "name TYPE pk;" lines. */
static int col_line(void *ctx, const char *name, const char *type, int pk)
{
	buf *b = ctx;
	buf_printf(b, "%s %s %d;", name, type, pk);
	return 0;
}

struct cols {
	store *sq, *pg;
	int tables, differ;
};

static int compare_cols(void *ctx, const char *table)
{
	struct cols *c = ctx;
	buf a, b;
	buf_init(&a);
	buf_init(&b);
	att_err e;
	assert_int_equal(sql_table_columns(c->sq, table, col_line, &a, &e), 0);
	assert_int_equal(sql_table_columns(c->pg, table, col_line, &b, &e), 0);
	if (!b.data || strcmp(a.data ? a.data : "", b.data) != 0) {
		print_message("table %s:\n  SQLite     %s\n  PostgreSQL %s\n",
		              table, a.data ? a.data : "",
		              b.data ? b.data : "(missing)");
		c->differ++;
	}
	c->tables++;
	buf_free(&a);
	buf_free(&b);
	return 0;
}

static int count_table(void *ctx, const char *table)
{
	(void)table;
	(*(int *)ctx)++;
	return 0;
}

/* Every SQLite table exists in PostgreSQL with the same columns in the
 * same order, types mapped and the same primary key, and no more tables. */
static void test_schema_same(void **state)
{
	(void)state;
	store *pg = fresh();
	char path[256];
	tmp_path(path, sizeof(path), "schema.db");
	store *sq = NULL;
	att_err e;
	assert_int_equal(store_open(path, &sq, &e), ATT_OK);
	struct cols c = {sq, pg, 0, 0};
	assert_int_equal(sql_tables(sq, compare_cols, &c, &e), 0);
	assert_int_equal(c.differ, 0);
	assert_true(c.tables >= 40);
	int npg = 0;
	assert_int_equal(sql_tables(pg, count_table, &npg, &e), 0);
	assert_int_equal(npg, c.tables);
	store_close(sq);
	store_close(pg);
	unlink(path);
}

/* Placeholders (numbered, bare, repeated, inside quotes), every type
 * bound and read back. */
static void test_values(void **state)
{
	(void)state;
	store *s = fresh();
	att_err e;
	sql_stmt *q =
	    sql_prep(s,
	             "SELECT CAST(?1 AS bigint) + 1 AS i,"
	             " CAST(?2 AS double precision) AS d,"
	             " CAST(?3 AS text) || '?' AS t, CAST(?4 AS bytea) AS b,"
	             " CAST(?5 AS text) AS n, CAST(?1 AS bigint) * 2 AS twice,"
	             " '?1' AS lit",
	             &e);
	assert_non_null(q);
	assert_int_equal(sql_nparams(q), 5);
	sql_bind_int(q, 1, (int64_t)1 << 60);
	sql_bind_num(q, 2, 0.1 + 0.2);
	sql_bind_text(q, 3, "नमस्ते, 'quoted'");
	const unsigned char blob[5] = {0, 1, 0xff, '\\', 0};
	sql_bind_blob(q, 4, blob, 5);
	sql_bind_null(q, 5);
	assert_int_equal(sql_step(q), SQL_ROW);
	assert_int_equal(sql_ncols(q), 7);
	assert_string_equal(sql_name(q, 0), "i");
	assert_int_equal(sql_col(q, "lit"), 6);
	assert_int_equal(sql_type_of(q, 0), SQL_INT);
	assert_true(sql_int(q, 0) == ((int64_t)1 << 60) + 1);
	assert_int_equal(sql_type_of(q, 1), SQL_REAL);
	assert_true(sql_num(q, 1) == 0.1 + 0.2); /* exact: %.17g */
	assert_int_equal(sql_type_of(q, 2), SQL_TEXT);
	assert_string_equal(sql_text(q, 2), "नमस्ते, 'quoted'?");
	assert_int_equal(sql_type_of(q, 3), SQL_BLOB);
	int len = 0;
	const void *p = sql_blob(q, 3, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(p, blob, 5);
	assert_true(sql_null(q, 4));
	assert_string_equal(sql_text(q, 4), "");
	assert_true(sql_int(q, 5) == ((int64_t)1 << 61));
	assert_string_equal(sql_text(q, 6), "?1");
	sql_val v[7];
	sql_values(q, 7, v);
	assert_int_equal(v[0].type, SQL_INT);
	assert_int_equal(v[4].type, SQL_NULL);
	assert_int_equal(v[2].len, (int)strlen(sql_text(q, 2)));
	assert_int_equal(sql_step(q), SQL_DONE);
	/* Numeric results: a whole sum is an integer, an average a real. */
	assert_int_equal(sql_exec(s,
	                          "CREATE TABLE t(x bigint);"
	                          " INSERT INTO t VALUES (1), (2), (4)",
	                          &e),
	                 ATT_OK);
	q = sql_prep_new(s, "SELECT sum(x), avg(x), count(*) FROM t", &e);
	assert_int_equal(sql_step(q), SQL_ROW);
	assert_int_equal(sql_type_of(q, 0), SQL_INT);
	assert_int_equal(sql_int(q, 0), 7);
	assert_int_equal(sql_type_of(q, 1), SQL_REAL);
	assert_true(fabs(sql_num(q, 1) - 7.0 / 3) < 1e-12);
	assert_int_equal(sql_int(q, 2), 3);
	sql_free(q);
	/* sql_read_batch: columns into arrays, in pieces. */
	q = sql_prep_new(s, "SELECT x, x / 2.0 FROM t ORDER BY x", &e);
	int64_t xi[2];
	double xd[2];
	void *cols[2] = {xi, xd};
	const sql_type types[2] = {SQL_INT, SQL_REAL};
	int n = 0;
	assert_int_equal(sql_read_batch(q, 2, 2, types, cols, &n), SQL_ROW);
	assert_int_equal(n, 2);
	assert_int_equal(xi[1], 2);
	assert_true(xd[0] == 0.5);
	assert_int_equal(sql_read_batch(q, 2, 2, types, cols, &n), SQL_DONE);
	assert_int_equal(n, 1);
	assert_int_equal(xi[0], 4);
	sql_free(q);
	store_close(s);
}

/* Errors by kind, changed rows, ids, transactions. */
static void test_errors_tx(void **state)
{
	(void)state;
	store *s = fresh();
	att_err e;
	assert_int_equal(
	    sql_exec(s,
	             "INSERT INTO org_level(depth, name) VALUES (0, 'state')",
	             &e),
	    ATT_OK);
	sql_stmt *q = sql_prep(
	    s, "INSERT INTO org(code, name, level) VALUES (?1, ?2, ?3)", &e);
	assert_non_null(q);
	sql_bind_text(q, 1, "S");
	sql_bind_text(q, 2, "State");
	sql_bind_text(q, 3, "state");
	assert_int_equal(sql_run(q, &e, "insert"), ATT_OK);
	assert_int_equal(sql_changes(s), 1);
	int64_t id = sql_last_id(s);
	assert_int_equal(id,
	                 sql_one_int(s, "SELECT id FROM org WHERE code = 'S'"));
	/* The same code again: a UNIQUE constraint. */
	assert_int_equal(sql_run(q, &e, "insert"), ATT_EIO);
	assert_int_equal(sql_err_kind(s), SQL_EUNIQUE);
	assert_non_null(strstr(e.msg, "insert: "));
	/* A level that does not exist: a foreign key. */
	sql_bind_text(q, 1, "D");
	sql_bind_text(q, 3, "district");
	assert_int_equal(sql_run(q, &e, "insert"), ATT_EIO);
	assert_int_equal(sql_err_kind(s), SQL_EFOREIGN);
	/* is_school 2: a CHECK constraint. */
	assert_int_equal(
	    sql_exec(s,
	             "INSERT INTO org(code, name, level, is_school)"
	             " VALUES ('X', 'x', 'state', 2)",
	             &e),
	    ATT_EIO);
	assert_int_equal(sql_err_kind(s), SQL_ECHECK);
	/* Changed rows of an UPDATE. */
	assert_int_equal(sql_exec(s, "UPDATE org SET name = name || '!'", &e),
	                 ATT_OK);
	assert_int_equal(sql_changes(s), 1);
	/* A rolled-back transaction leaves nothing; a committed one stays. */
	assert_int_equal(store_begin(s, &e), ATT_OK);
	assert_true(sql_in_tx(s));
	assert_int_equal(store_meta_set(s, "k", "gone", &e), ATT_OK);
	store_rollback(s);
	assert_false(sql_in_tx(s));
	char *v = store_meta_get_dup(s, "k");
	assert_null(v);
	assert_int_equal(store_begin(s, &e), ATT_OK);
	assert_int_equal(store_meta_set(s, "k", "kept", &e), ATT_OK);
	assert_int_equal(store_bump_version(s, &e), ATT_OK);
	assert_int_equal(store_commit(s, &e), ATT_OK);
	v = store_meta_get_dup(s, "k");
	assert_string_equal(v, "kept");
	free(v);
	assert_int_equal(store_data_version(s), 1);
	/* A failed statement aborts PostgreSQL's transaction: the commit
	 * fails and nothing of it stays. */
	assert_int_equal(store_begin(s, &e), ATT_OK);
	assert_int_equal(store_meta_set(s, "k2", "x", &e), ATT_OK);
	assert_int_equal(sql_exec(s, "SELECT no_such_column FROM meta", &e),
	                 ATT_EIO);
	assert_int_equal(store_commit(s, &e), ATT_EIO);
	assert_false(sql_in_tx(s));
	assert_null(store_meta_get_dup(s, "k2"));
	store_close(s);
}

/* att_present/att_possible/att_late against attendance_count; label()
 * in the session's language, a given one, and the stored name. */
static void test_functions(void **state)
{
	(void)state;
	store *s = fresh();
	att_err e;
	uint8_t marks[37];
	memset(marks, 0, sizeof(marks));
	for (int d = 0; d < 73; d++)
		attendance_set(marks, sizeof(marks), d, (d * 7 + d / 5) % 6);
	attendance_tally t;
	attendance_count(marks, sizeof(marks), &t);
	sql_stmt *q = sql_prep(
	    s, "SELECT att_present(?1), att_possible(?1), att_late(?1)", &e);
	assert_non_null(q);
	sql_bind_blob(q, 1, marks, (int)sizeof(marks));
	assert_int_equal(sql_step(q), SQL_ROW);
	assert_int_equal(sql_int(q, 0), t.present);
	assert_int_equal(sql_int(q, 1), t.possible);
	assert_int_equal(sql_int(q, 2), t.late);
	assert_true(t.late > 0 && t.possible > t.present);
	assert_int_equal(sql_exec(s,
	                          "INSERT INTO label(lang, kind, code, text)"
	                          " VALUES ('hi', 'subject', 'MATH', 'गणित')",
	                          &e),
	                 ATT_OK);
	q = sql_prep(s,
	             "SELECT label('subject', 'MATH', 'Mathematics', 'hi'),"
	             " label('subject', 'MATH', 'Mathematics', 'en'),"
	             " label('subject', 'SCI', 'Science', 'hi')",
	             &e);
	assert_non_null(q);
	assert_int_equal(sql_step(q), SQL_ROW);
	assert_string_equal(sql_text(q, 0), "गणित");
	assert_string_equal(sql_text(q, 1), "Mathematics");
	assert_string_equal(sql_text(q, 2), "Science");
	store_close(s);
}

static const collect_actor T1 = {1, "teacher1", "127.0.0.1", 1, FIX_NOW};
static const collect_actor P1 = {3, "principal1", "127.0.0.1", 3, FIX_NOW};

/* A fresh database holding collect_fixture.h's school system; its ids
 * were given, so the identity sequences are moved past them as after a
 * load (sql_bulk_settings). */
static store *collect_fresh(void)
{
	store *s = fresh();
	att_err e;
	err_clear(&e);
	if (sql_exec(s, collect_fixture_sql, &e) || sql_bulk_settings(s, 0, &e))
		fail_msg("fixture: %s", e.msg);
	return s;
}

/* A register saved on PostgreSQL reads back with its marks, counts and
 * version; a save against a stale version is refused, nothing written. */
static void test_register_save(void **state)
{
	(void)state;
	store *s = collect_fresh();
	att_err e;
	err_clear(&e);
	arena a;
	arena_init(&a);
	collect_register r;
	assert_int_equal(store_register_load(s, 1, FIX_TODAY, &a, &r, &e),
	                 ATT_OK);
	assert_int_equal(r.n, 4);
	assert_false(r.taken);
	/* Sorted by family name: Das, Khan, Mehta, Rao. */
	assert_string_equal(r.rows[0].code, "S3");
	assert_string_equal(r.rows[3].code, "S1");
	int64_t v0 = store_data_version(s), ver = 0;
	collect_mark m[] = {{2, ATT_ABSENT}, {3, ATT_LATE}};
	if (store_register_save(s, 1, FIX_TODAY, m, 2, 0, &T1, &ver, &e))
		fail_msg("register save: %s", e.msg);
	assert_int_equal(ver, 1);
	assert_int_equal(store_data_version(s), v0 + 1);
	assert_int_equal(store_register_load(s, 1, FIX_TODAY, &a, &r, &e),
	                 ATT_OK);
	assert_true(r.taken);
	assert_int_equal(r.version, 1);
	for (int i = 0; i < r.n; i++) {
		int want = r.rows[i].student_id == 2   ? ATT_ABSENT
		           : r.rows[i].student_id == 3 ? ATT_LATE
		                                       : ATT_PRESENT;
		assert_int_equal(r.rows[i].mark, want);
	}
	assert_int_equal(sql_one_int(s, "SELECT present * 100 + absent * 10"
	                                " + late FROM register_taken"),
	                 211);
	/* The same version again is stale: refused, nothing changes. */
	collect_mark m2[] = {{2, ATT_PRESENT}};
	assert_int_equal(
	    store_register_save(s, 1, FIX_TODAY, m2, 1, 0, &T1, &ver, &e),
	    ATT_ECONFLICT);
	assert_int_equal(store_data_version(s), v0 + 1);
	assert_int_equal(sql_one_int(s, "SELECT present * 100 + absent * 10"
	                                " + late FROM register_taken"),
	                 211);
	arena_free(&a);
	store_close(s);
}

/* Two connections load the same markbook; the second save, against the
 * version the first replaced, gets the conflicting cells, never a silent
 * overwrite; resubmitted against the new version it saves. */
static void test_markbook_save(void **state)
{
	(void)state;
	store *s = collect_fresh(), *s2 = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(conninfo(), &s2, &e), ATT_OK);
	arena a;
	arena_init(&a);
	collect_markbook m1, m2;
	assert_int_equal(store_markbook_load(s, 1, 1, &a, &m1, &e), ATT_OK);
	assert_int_equal(store_markbook_load(s2, 1, 1, &a, &m2, &e), ATT_OK);
	assert_int_equal(m1.version, m2.version);
	collect_score mine[] = {{1, 1, 1, 3}, {2, 1, 1, 4}};
	if (store_markbook_save(s, 1, 1, m1.version, mine, 2, &T1, &a, NULL,
	                        NULL, NULL, &e))
		fail_msg("markbook save: %s", e.msg);
	int64_t dv = store_data_version(s2);
	collect_score theirs[] = {{1, 1, 1, 5}, {2, 1, 1, 4}, {3, 1, 1, 1}};
	collect_conflict *cf = NULL;
	int ncf = -1;
	assert_int_equal(store_markbook_save(s2, 1, 1, m2.version, theirs, 3,
	                                     &P1, &a, &cf, &ncf, NULL, &e),
	                 ATT_ECONFLICT);
	assert_int_equal(ncf, 2);
	assert_int_equal(cf[0].student_id, 1);
	assert_true(cf[0].mine == 5 && cf[0].theirs_has && cf[0].theirs == 3);
	assert_int_equal(cf[1].student_id, 3);
	assert_true(cf[1].mine_has && !cf[1].theirs_has);
	assert_int_equal(store_data_version(s2), dv);
	const char *score1 = "SELECT round(score * 1000) FROM result"
	                     " WHERE assessment_id = 1 AND student_id = 1";
	assert_int_equal(sql_one_int(s, score1), 3000);
	collect_markbook m3;
	assert_int_equal(store_markbook_load(s2, 1, 1, &a, &m3, &e), ATT_OK);
	if (store_markbook_save(s2, 1, 1, m3.version, theirs, 3, &P1, &a, &cf,
	                        &ncf, NULL, &e))
		fail_msg("markbook resave: %s", e.msg);
	assert_int_equal(sql_one_int(s, score1), 5000);
	store_close(s2);
	arena_free(&a);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_migrate),
	    cmocka_unit_test(test_schema_same),
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_errors_tx),
	    cmocka_unit_test(test_functions),
	    cmocka_unit_test(test_register_save),
	    cmocka_unit_test(test_markbook_save),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
