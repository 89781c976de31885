/*
 * test_collect.c - data entry in the store: registers (defaults, edits
 * audited, stale versions refused), markbooks by item and by total
 * (validation, totals following items, two sessions conflicting),
 * behaviour, attitude windows, surveys (answer once; an anonymous response
 * cannot be linked to its respondent from the database contents),
 * consent (the rule against a table by hand, every survey path asking
 * it, a parent's change audited), observations, collection status and
 * reminders, and the pure parsers.
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

#include "attendance.h"
#include "collect_fixture.h"
#include "collect_input.h"
#include "store.h"
#include "store_collect.h"
#include "testutil.h"

static const collect_actor T1 = {1, "teacher1", "127.0.0.1", 1, FIX_NOW};
static const collect_actor P1 = {3, "principal1", "127.0.0.1", 3, FIX_NOW};

static store *open_fixture(char *path, size_t n, const char *name)
{
	tmp_path(path, n, name);
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	assert_int_equal(collect_fixture_load(path), 0);
	return s;
}

static void close_fixture(store *s, const char *path)
{
	store_close(s);
	char p[300];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* ---- pure parsers ---- */

static void test_parse_score(void **state)
{
	(void)state;
	int has;
	double v;
	att_err e;
	err_clear(&e);
	assert_int_equal(collect_parse_score(" 7.5 ", &has, &v, &e), ATT_OK);
	assert_true(has && v == 7.5);
	assert_int_equal(collect_parse_score("7,5", &has, &v, &e), ATT_OK);
	assert_true(has && v == 7.5);
	assert_int_equal(collect_parse_score("", &has, &v, &e), ATT_OK);
	assert_false(has);
	assert_int_equal(collect_parse_score("ABS", &has, &v, &e), ATT_OK);
	assert_false(has);
	const char *bad[] = {"-3",    "1e3", "nan", "inf", "0x10",
	                     "7.5.1", ".",   "7a",  "+1"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(collect_parse_score(bad[i], &has, &v, &e),
		                 ATT_EINPUT);
	assert_non_null(strstr(e.msg, "is not a score"));
}

static void test_parse_column(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	collect_cell *c;
	int n, nbad;
	/* CRLF, a tab-separated line (first field wins), a blank kept in
	 * place, "abs", trailing blank lines dropped. */
	assert_int_equal(
	    collect_parse_column("5\r\n7.5\r\n\r\n3\t9\nabs\n4,2\n\n\n", 100,
	                         &a, &c, &n, &nbad, &e),
	    ATT_OK);
	assert_int_equal(n, 6);
	assert_true(c[0].has && c[0].v == 5);
	assert_true(c[1].has && c[1].v == 7.5);
	assert_false(c[2].has);
	assert_true(c[3].has && c[3].v == 3);
	assert_false(c[4].has);
	assert_true(c[5].has && fabs(c[5].v - 4.2) < 1e-12); /* decimal comma */
	/* "4,2,1": several comma fields, the first is the value. */
	assert_int_equal(
	    collect_parse_column("4,2,1\n", 10, &a, &c, &n, &nbad, &e), ATT_OK);
	assert_true(n == 1 && c[0].v == 4);
	/* A bad line is named and counted; the others still parse. */
	assert_int_equal(
	    collect_parse_column("1\nx\n3\n", 10, &a, &c, &n, &nbad, &e),
	    ATT_EINPUT);
	assert_int_equal(n, 3);
	assert_int_equal(nbad, 1);
	assert_true(c[1].bad && !c[0].bad && c[2].v == 3);
	assert_non_null(strstr(e.msg, "line 2"));
	assert_int_equal(
	    collect_parse_column("1\n2\n3\n", 2, &a, &c, &n, &nbad, &e),
	    ATT_EINPUT);
	arena_free(&a);
}

static void test_parse_items(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	collect_item_line *it;
	int n;
	assert_int_equal(
	    collect_parse_items("Q1 2 M5.1\r\n\nQ2,3.5\nQ3\t1\tM5.2\n", 10, &a,
	                        &it, &n, &e),
	    ATT_OK);
	assert_int_equal(n, 3);
	assert_string_equal(it[0].code, "Q1");
	assert_string_equal(it[0].outcome, "M5.1");
	assert_true(it[1].max_points == 3.5 && !*it[1].outcome);
	assert_string_equal(it[2].outcome, "M5.2");
	assert_int_equal(collect_parse_items("Q1\n", 10, &a, &it, &n, &e),
	                 ATT_EINPUT);
	assert_int_equal(collect_parse_items("Q1 0\n", 10, &a, &it, &n, &e),
	                 ATT_EINPUT);
	assert_int_equal(
	    collect_parse_items("Q1 1\nQ1 2\n", 10, &a, &it, &n, &e),
	    ATT_EINPUT);
	assert_non_null(strstr(e.msg, "line 2"));
	assert_int_equal(collect_parse_items("Q1 1 A B\n", 10, &a, &it, &n, &e),
	                 ATT_EINPUT);
	assert_int_equal(
	    collect_parse_items("Q1 1\nQ2 1\n", 1, &a, &it, &n, &e),
	    ATT_EINPUT);
	arena_free(&a);
}

/* Hostile input (property test, the same contracts as
 * fuzz/fuzz_collect_input.c): random bytes biased towards digits,
 * separators and line ends never crash a parser, never yield a negative
 * or non-finite score, never more cells than lines. */
static void test_parse_hostile(void **state)
{
	(void)state;
	static const char alphabet[] =
	    "0123456789.,\t\r\n -+eEabsQ\xff\xc3\x80";
	uint64_t x = 88172645463325252ULL;
	char s[256];
	for (int iter = 0; iter < 20000; iter++) {
		arena a;
		arena_init(&a);
		att_err e;
		err_clear(&e);
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		size_t len = (size_t)(x % 200), lines = 1;
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			s[i] =
			    (x & 7) == 0
			        ? (char)(x >> 8)
			        : alphabet[(x >> 8) % (sizeof(alphabet) - 1)];
			if (s[i] == 0)
				s[i] = '1';
			lines += s[i] == '\n';
		}
		s[len] = 0;
		int has, n, nbad;
		double v;
		if (collect_parse_score(s, &has, &v, &e) == ATT_OK && has)
			assert_true(isfinite(v) && v >= 0);
		collect_cell *c;
		collect_parse_column(s, 5000, &a, &c, &n, &nbad, &e);
		assert_true((size_t)n <= lines && nbad <= n);
		for (int i = 0; i < n; i++)
			if (!c[i].bad && c[i].has)
				assert_true(isfinite(c[i].v) && c[i].v >= 0);
		collect_item_line *it;
		if (collect_parse_items(s, 100, &a, &it, &n, &e) == ATT_OK)
			for (int i = 0; i < n; i++)
				assert_true(it[i].max_points > 0 &&
				            it[i].code[0]);
		collect_row *rw;
		if (collect_parse_table(s, 5000, 8, &a, &rw, &n, &e) == ATT_OK)
			for (int i = 0; i < n; i++)
				assert_true((size_t)rw[i].line <= lines &&
				            rw[i].n >= 1 && rw[i].n <= 8);
		arena_free(&a);
	}
}

static void test_status_rule(void **state)
{
	(void)state;
	/* after the due date */
	assert_int_equal(collect_state_of(4, 4, 0, 1), COLLECT_COMPLETE);
	assert_int_equal(collect_state_of(4, 4, 1, 1), COLLECT_LATE);
	assert_int_equal(collect_state_of(2, 4, 0, 1), COLLECT_PARTIAL);
	assert_int_equal(collect_state_of(0, 4, 0, 1), COLLECT_MISSING);
	assert_int_equal(collect_state_of(0, 0, 0, 1), COLLECT_MISSING);
	/* before it: complete or not yet due, never partial or missing */
	assert_int_equal(collect_state_of(4, 4, 0, 0), COLLECT_COMPLETE);
	assert_int_equal(collect_state_of(2, 4, 0, 0), COLLECT_PENDING);
	assert_int_equal(collect_state_of(0, 4, 0, 0), COLLECT_PENDING);
	assert_int_equal(collect_state_of(0, 0, 0, 0), COLLECT_PENDING);
	/* every combination against the rule written out another way: the
	 * line is all in exactly when complete or late; overdue exactly when
	 * past due and not all in */
	for (long done = 0; done <= 5; done++)
		for (long exp = 0; exp <= 4; exp++)
			for (int late = 0; late <= 1; late++)
				for (int past = 0; past <= 1; past++) {
					collect_state st = collect_state_of(
					    done, exp, late, past);
					int in = exp > 0 && done >= exp;
					assert_int_equal(
					    st == COLLECT_COMPLETE ||
					        st == COLLECT_LATE,
					    in);
					assert_int_equal(
					    collect_state_overdue(st),
					    past && !in);
					assert_int_equal(st == COLLECT_PENDING,
					                 !past && !in);
				}
	/* a school from its classes */
	long n[COLLECT_NSTATES] = {3, 0, 0, 0, 0};
	assert_int_equal(collect_state_merge(n, 1), COLLECT_COMPLETE);
	n[COLLECT_LATE] = 1;
	assert_int_equal(collect_state_merge(n, 1), COLLECT_LATE);
	n[COLLECT_MISSING] = 1;
	assert_int_equal(collect_state_merge(n, 1), COLLECT_PARTIAL);
	long none[COLLECT_NSTATES] = {0, 0, 0, 2, 0};
	assert_int_equal(collect_state_merge(none, 1), COLLECT_MISSING);
	long part[COLLECT_NSTATES] = {0, 0, 1, 2, 0};
	assert_int_equal(collect_state_merge(part, 1), COLLECT_PARTIAL);
	long open[COLLECT_NSTATES] = {1, 0, 0, 0, 2};
	assert_int_equal(collect_state_merge(open, 0), COLLECT_PENDING);
	long zero[COLLECT_NSTATES] = {0};
	assert_int_equal(collect_state_merge(zero, 1), COLLECT_MISSING);
	assert_int_equal(collect_state_merge(zero, 0), COLLECT_PENDING);
	assert_string_equal(collect_state_code(COLLECT_PENDING), "pending");
	/* 2026-11-16 (Mon) .. 2026-11-22 (Sun): five weekdays. */
	assert_int_equal(collect_weekdays("2026-11-16", "2026-11-22"), 5);
	assert_int_equal(collect_weekdays("2026-11-21", "2026-11-22"), 0);
	assert_int_equal(collect_weekdays("2026-11-22", "2026-11-16"), 0);
}

/* ---- registers ---- */

static void test_register(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "reg.db");
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
	for (int i = 0; i < r.n; i++)
		assert_int_equal(r.rows[i].mark, ATT_PRESENT);

	collect_class_ref *miss;
	int nmiss;
	assert_int_equal(
	    store_register_missing(s, 3, FIX_TODAY, &a, &miss, &nmiss, &e),
	    ATT_OK);
	assert_int_equal(nmiss, 1);
	assert_string_equal(miss[0].code, "C1");

	int64_t v0 = store_data_version(s), ver = 0;
	collect_mark m[] = {{2, ATT_ABSENT}, {3, ATT_LATE}};
	assert_int_equal(
	    store_register_save(s, 1, FIX_TODAY, m, 2, 0, &T1, &ver, &e),
	    ATT_OK);
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
	assert_int_equal(fix_int(path, "SELECT present * 100 + absent * 10 + "
	                               "late FROM register_taken"),
	                 211);
	assert_int_equal(
	    store_register_missing(s, 3, FIX_TODAY, &a, &miss, &nmiss, &e),
	    ATT_OK);
	assert_int_equal(nmiss, 0);
	/* No audit on the first save. */
	assert_int_equal(
	    fix_int(
	        path,
	        "SELECT count(*) FROM audit WHERE action = 'register.edit'"),
	    0);

	/* A stale version is refused with nothing written. */
	collect_mark m2[] = {{2, ATT_EXCUSED}};
	int64_t v1 = store_data_version(s);
	assert_int_equal(
	    store_register_save(s, 1, FIX_TODAY, m2, 1, 0, &T1, NULL, &e),
	    ATT_ECONFLICT);
	assert_int_equal(store_data_version(s), v1);
	/* An edit with the current version: S2 excused, S3 back to present. */
	assert_int_equal(
	    store_register_save(s, 1, FIX_TODAY, m2, 1, 1, &T1, &ver, &e),
	    ATT_OK);
	assert_int_equal(ver, 2);
	assert_int_equal(
	    fix_int(path,
	            "SELECT count(*) FROM audit WHERE action = 'register.edit'"
	            " AND target = 'C1/" FIX_TODAY
	            "' AND detail LIKE '%S2 absent->excused%'"
	            " AND detail LIKE '%S3 late->present%' AND username = "
	            "'teacher1'"),
	    1);
	/* Not enrolled, or a bad code: refused, nothing written. */
	int64_t v2 = store_data_version(s);
	collect_mark bad1[] = {{1, ATT_ABSENT}, {5, ATT_ABSENT}};
	assert_int_equal(
	    store_register_save(s, 1, FIX_TODAY, bad1, 2, -1, &T1, NULL, &e),
	    ATT_EINPUT);
	assert_non_null(strstr(e.msg, "not enrolled"));
	collect_mark bad2[] = {{1, 9}};
	assert_int_equal(
	    store_register_save(s, 1, FIX_TODAY, bad2, 1, -1, &T1, NULL, &e),
	    ATT_EINPUT);
	assert_int_equal(
	    store_register_save(s, 1, "2027-06-01", NULL, 0, -1, &T1, NULL, &e),
	    ATT_EINPUT);
	assert_int_equal(
	    store_register_save(s, 1, "not-a-date", NULL, 0, -1, &T1, NULL, &e),
	    ATT_EINPUT);
	assert_int_equal(
	    store_register_save(s, 99, FIX_TODAY, NULL, 0, -1, &T1, NULL, &e),
	    ATT_ENOTFOUND);
	assert_int_equal(store_data_version(s), v2);
	assert_int_equal(store_register_load(s, 1, FIX_TODAY, &a, &r, &e),
	                 ATT_OK);
	for (int i = 0; i < r.n; i++)
		if (r.rows[i].student_id == 1)
			assert_int_equal(r.rows[i].mark, ATT_PRESENT);
	arena_free(&a);
	close_fixture(s, path);
}

/* The attendance blob itself: the codec reads back what the register wrote. */
static void test_register_blob(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "blob.db");
	att_err e;
	err_clear(&e);
	collect_mark m[] = {{4, ATT_EXCUSED}};
	assert_int_equal(
	    store_register_save(s, 1, "2026-06-02", m, 1, -1, &T1, NULL, &e),
	    ATT_OK);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(
	        db,
	        "SELECT student_id, marks FROM attendance ORDER BY student_id",
	        -1, &st, NULL),
	    SQLITE_OK);
	int rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const uint8_t *b = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		assert_int_equal(
		    len, attendance_bytes(304)); /* 2026-06-01..2027-03-31 */
		int want =
		    sqlite3_column_int(st, 0) == 4 ? ATT_EXCUSED : ATT_PRESENT;
		assert_int_equal(attendance_get(b, len, 1), want);
		assert_int_equal(attendance_get(b, len, 0), ATT_NONE);
		assert_int_equal(attendance_get(b, len, 2), ATT_NONE);
		rows++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(rows, 4);
	close_fixture(s, path);
}

/* ---- markbooks ---- */

static double result_of(const char *path, int student)
{
	char sql[200];
	snprintf(sql, sizeof(sql),
	         "SELECT CAST(score * 1000 AS INTEGER) FROM result WHERE "
	         "assessment_id = 1"
	         " AND student_id = %d",
	         student);
	return (double)fix_int(path, sql) / 1000.0;
}

static void test_markbook_items(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "mb.db");
	att_err e;
	err_clear(&e);
	arena a;
	arena_init(&a);
	collect_markbook mb;
	assert_int_equal(store_markbook_load(s, 1, 1, &a, &mb, &e), ATT_OK);
	assert_int_equal(mb.nitems, 2);
	assert_int_equal(mb.nstudents, 4);
	assert_int_equal(mb.version, 0);
	assert_string_equal(mb.items[0].standard_code, "M5.1");
	/* C2 is in another school but the same grade and subject: it may enter
	 * the shared assessment too; the list shows it. */
	collect_asmt_ref *list;
	int nl;
	assert_int_equal(store_markbook_list(s, 2, &a, &list, &nl, &e), ATT_OK);
	assert_int_equal(nl, 1);
	assert_int_equal(list[0].nitems, 2);

	collect_score cells[] = {
	    {1, 1, 1, 4}, {1, 2, 1, 8.5}, {2, 1, 1, 5},
	    {2, 2, 1, 0}, {3, 1, 1, 2},
	};
	collect_save_info info;
	assert_int_equal(store_markbook_save(s, 1, 1, 0, cells, 5, &T1, &a,
	                                     NULL, NULL, &info, &e),
	                 ATT_OK);
	assert_int_equal(info.version, 1);
	/* The assessment's total is the sum of its items (raw scale, max 15
	 * = 5 + 10): saying what the save did. */
	assert_int_equal(info.cells, 5);
	assert_int_equal(info.changed, 5);
	assert_int_equal(info.totals, 3);
	assert_int_equal(info.flagged, 0);
	/* Totals follow the items; the same tables imports write. */
	assert_true(fabs(result_of(path, 1) - 12.5) < 1e-9);
	assert_true(fabs(result_of(path, 2) - 5) < 1e-9);
	assert_true(fabs(result_of(path, 3) - 2) < 1e-9);
	assert_int_equal(
	    fix_int(path, "SELECT count(*) FROM result WHERE student_id = 4"),
	    0);
	assert_int_equal(fix_int(path, "SELECT count(*) FROM item_response"),
	                 5);

	/* Above the item's maximum, negative, NaN, a total on an item-scored
	 * assessment, a student of another class: refused, nothing written. */
	int64_t dv = store_data_version(s);
	collect_score over[] = {{4, 1, 1, 2}, {4, 2, 1, 10.5}};
	assert_int_equal(store_markbook_save(s, 1, 1, 1, over, 2, &T1, &a, NULL,
	                                     NULL, NULL, &e),
	                 ATT_EINPUT);
	assert_non_null(strstr(e.msg, "outside 0 to 10"));
	collect_score neg[] = {{4, 1, 1, -1}};
	assert_int_equal(store_markbook_save(s, 1, 1, 1, neg, 1, &T1, &a, NULL,
	                                     NULL, NULL, &e),
	                 ATT_EINPUT);
	collect_score nan_[] = {{4, 1, 1, NAN}};
	assert_int_equal(store_markbook_save(s, 1, 1, 1, nan_, 1, &T1, &a, NULL,
	                                     NULL, NULL, &e),
	                 ATT_EINPUT);
	collect_score tot[] = {{4, 0, 1, 3}};
	assert_int_equal(store_markbook_save(s, 1, 1, 1, tot, 1, &T1, &a, NULL,
	                                     NULL, NULL, &e),
	                 ATT_EINPUT);
	collect_score other[] = {{5, 1, 1, 3}};
	assert_int_equal(store_markbook_save(s, 1, 1, 1, other, 1, &T1, &a,
	                                     NULL, NULL, NULL, &e),
	                 ATT_EINPUT);
	assert_int_equal(store_data_version(s), dv);
	assert_int_equal(
	    fix_int(path,
	            "SELECT count(*) FROM item_response WHERE student_id = 4"),
	    0);

	/* Clearing both items of a student removes their total. */
	collect_score clear[] = {{2, 1, 0, 0}, {2, 2, 0, 0}};
	assert_int_equal(store_markbook_save(s, 1, 1, 1, clear, 2, &T1, &a,
	                                     NULL, NULL, &info, &e),
	                 ATT_OK);
	assert_int_equal(
	    fix_int(path, "SELECT count(*) FROM result WHERE student_id = 2"),
	    0);
	assert_int_equal(
	    fix_int(
	        path,
	        "SELECT count(*) FROM audit WHERE action = 'markbook.save'"),
	    2);
	arena_free(&a);
	close_fixture(s, path);
}

/* Two sessions open the same markbook; the second save gets the conflict
 * with both values, never a silent overwrite; choosing then saves. */
static void test_markbook_conflict(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "conflict.db");
	store *s2 = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s2, &e), ATT_OK);
	arena a;
	arena_init(&a);
	collect_markbook m1, m2;
	assert_int_equal(store_markbook_load(s, 1, 1, &a, &m1, &e), ATT_OK);
	assert_int_equal(store_markbook_load(s2, 1, 1, &a, &m2, &e), ATT_OK);
	assert_int_equal(m1.version, m2.version);

	collect_score mine[] = {{1, 1, 1, 3}, {2, 1, 1, 4}};
	assert_int_equal(store_markbook_save(s, 1, 1, m1.version, mine, 2, &T1,
	                                     &a, NULL, NULL, NULL, &e),
	                 ATT_OK);
	int64_t dv = store_data_version(s2);
	collect_score theirs[] = {{1, 1, 1, 5}, {2, 1, 1, 4}, {3, 1, 1, 1}};
	collect_conflict *cf = NULL;
	int ncf = -1;
	assert_int_equal(store_markbook_save(s2, 1, 1, m2.version, theirs, 3,
	                                     &P1, &a, &cf, &ncf, NULL, &e),
	                 ATT_ECONFLICT);
	assert_non_null(strstr(e.msg, "saved by someone else"));
	/* S1 differs (5 typed, 3 saved) and S3 differs (1 typed, none saved);
	 * S2's 4 agrees. */
	assert_int_equal(ncf, 2);
	assert_int_equal(cf[0].student_id, 1);
	assert_true(cf[0].mine_has && cf[0].mine == 5 && cf[0].theirs_has &&
	            cf[0].theirs == 3);
	assert_int_equal(cf[1].student_id, 3);
	assert_true(cf[1].mine_has && !cf[1].theirs_has);
	assert_int_equal(store_data_version(s2), dv);
	assert_true(fabs(result_of(path, 1) - 3) < 1e-9);
	assert_int_equal(
	    fix_int(path, "SELECT count(*) FROM result WHERE student_id = 3"),
	    0);

	/* The user chooses their value and resubmits against the new version.
	 */
	collect_markbook m3;
	assert_int_equal(store_markbook_load(s2, 1, 1, &a, &m3, &e), ATT_OK);
	assert_int_equal(m3.version, 1);
	assert_int_equal(store_markbook_save(s2, 1, 1, m3.version, theirs, 3,
	                                     &P1, &a, &cf, &ncf, NULL, &e),
	                 ATT_OK);
	assert_true(fabs(result_of(path, 1) - 5) < 1e-9);
	store_close(s2);
	arena_free(&a);
	close_fixture(s, path);
}

static void test_markbook_adhoc(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "adhoc.db");
	att_err e;
	err_clear(&e);
	arena a;
	arena_init(&a);
	int64_t id = 0;
	assert_int_equal(store_markbook_create(s, 1, NULL, "Quick quiz", NULL,
	                                       FIX_TODAY, 10, NULL, 0, &T1, &id,
	                                       &e),
	                 ATT_OK);
	assert_true(id > 1);
	assert_int_equal(
	    fix_int(path, "SELECT count(*) FROM assessment WHERE class_id = 1"
	                  " AND kind = 'formative' AND term_id = 2 AND code "
	                  "LIKE 'C1-F%'"),
	    1);
	collect_score c[] = {{1, 0, 1, 10}, {4, 0, 1, 7.5}};
	assert_int_equal(store_markbook_save(s, id, 1, 0, c, 2, &T1, &a, NULL,
	                                     NULL, NULL, &e),
	                 ATT_OK);
	collect_score over[] = {{1, 0, 1, 10.01}};
	assert_int_equal(store_markbook_save(s, id, 1, 1, over, 1, &T1, &a,
	                                     NULL, NULL, NULL, &e),
	                 ATT_EINPUT);
	/* Its own class only: class C2 cannot open it. */
	collect_markbook mb;
	assert_int_equal(store_markbook_load(s, id, 2, &a, &mb, &e),
	                 ATT_EINPUT);
	/* With items mapped to outcomes; an unknown outcome is refused. */
	collect_item_spec it[] = {{"Q1", 2, "M5.1"}, {"Q2", 3, "M5.2"}};
	int64_t id2;
	assert_int_equal(store_markbook_create(s, 1, "QZ2", "Item quiz",
	                                       "diagnostic", FIX_TODAY, 0, it,
	                                       2, &T1, &id2, &e),
	                 ATT_OK);
	assert_int_equal(
	    fix_int(path,
	            "SELECT max_score FROM assessment WHERE code = 'QZ2'"),
	    5);
	collect_item_spec bad[] = {{"Q1", 2, "NOPE"}};
	assert_int_equal(store_markbook_create(s, 1, "QZ3", "Bad", NULL,
	                                       FIX_TODAY, 0, bad, 1, &T1, NULL,
	                                       &e),
	                 ATT_EINPUT);
	assert_int_equal(
	    fix_int(path, "SELECT count(*) FROM assessment WHERE code = 'QZ3'"),
	    0);
	assert_int_equal(store_markbook_create(s, 1, "QZ2", "Dup", NULL,
	                                       FIX_TODAY, 5, NULL, 0, &T1, NULL,
	                                       &e),
	                 ATT_EINPUT);
	arena_free(&a);
	close_fixture(s, path);
}

/* Run SQL on the fixture from a second connection (setup, or a change
 * made by another path such as an import). */
static void fix_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "fix_exec: %s\n", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	assert_int_equal(rc, SQLITE_OK);
}

static void test_total_rule(void **state)
{
	(void)state;
	assert_int_equal(collect_total_rule("raw", 10, 0, 0),
	                 COLLECT_TOTAL_TYPED);
	assert_int_equal(collect_total_rule("raw", 15, 2, 15),
	                 COLLECT_TOTAL_SUM);
	assert_int_equal(collect_total_rule(NULL, 15, 2, 15),
	                 COLLECT_TOTAL_SUM);
	/* 600 points from twelve one-point items: a scaled score */
	assert_int_equal(collect_total_rule("raw", 600, 12, 12),
	                 COLLECT_TOTAL_SCALED);
	/* a named scale, even when the maxima add up */
	assert_int_equal(collect_total_rule("scale", 15, 2, 15),
	                 COLLECT_TOTAL_SCALED);
	assert_int_equal(collect_total_rule("", 15.0000001, 2, 15),
	                 COLLECT_TOTAL_SUM);
}

static void test_parse_table(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	collect_row *r;
	int n;
	/* Tabs (decimal commas allowed), commas or semicolons; blank lines
	 * skipped with their numbers kept; empty cells kept in place. */
	assert_int_equal(collect_parse_table("S1\t4,5\t2\r\n\n S2 , 3,,1\n"
	                                     "S3;7;8\n",
	                                     10, 5, &a, &r, &n, &e),
	                 ATT_OK);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].line, 1);
	assert_int_equal(r[0].n, 3);
	assert_string_equal(r[0].f[1], "4,5");
	assert_string_equal(r[0].f[2], "2");
	assert_int_equal(r[1].line, 3);
	assert_int_equal(r[1].n, 4);
	assert_string_equal(r[1].f[0], "S2");
	assert_string_equal(r[1].f[2], "");
	assert_string_equal(r[2].f[2], "8");
	assert_int_equal(collect_parse_table("a\nb\nc\n", 2, 5, &a, &r, &n, &e),
	                 ATT_EINPUT);
	assert_non_null(strstr(e.msg, "more than 2 lines"));
	assert_int_equal(
	    collect_parse_table("S1,1,2,3\n", 10, 3, &a, &r, &n, &e),
	    ATT_EINPUT);
	assert_non_null(strstr(e.msg, "line 1"));
	assert_int_equal(collect_parse_table("", 10, 3, &a, &r, &n, &e),
	                 ATT_OK);
	assert_int_equal(n, 0);
	arena_free(&a);
}

/* A scaled total (600 points from two items) is never replaced by the
 * items' sum: correcting an item keeps it and flags it; saving the total
 * or confirming it clears the flag; so does any change of the total by
 * another path (an import). */
static void test_markbook_scaled(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "scaled.db");
	fix_exec(path, "UPDATE assessment SET max_score = 600, scale = 'scale'"
	               " WHERE id = 1;"
	               "INSERT INTO item_response VALUES (1, 1, 0), (2, 1, 1);"
	               "INSERT INTO result VALUES (1, 1, 272);");
	att_err e;
	err_clear(&e);
	arena a;
	arena_init(&a);
	collect_markbook mb;
	assert_int_equal(store_markbook_load(s, 1, 1, &a, &mb, &e), ATT_OK);
	assert_int_equal(mb.total, COLLECT_TOTAL_SCALED);
	collect_save_info in;
	collect_score fix[] = {{1, 1, 1, 1}};
	assert_int_equal(store_markbook_save(s, 1, 1, 0, fix, 1, &T1, &a, NULL,
	                                     NULL, &in, &e),
	                 ATT_OK);
	assert_true(fabs(result_of(path, 1) - 272) < 1e-9);
	assert_int_equal(in.changed, 1);
	assert_int_equal(in.totals, 0);
	assert_int_equal(in.flagged, 1);
	assert_int_equal(fix_int(path,
	                         "SELECT items_sum FROM result_review WHERE"
	                         " student_id = 1 AND assessment_id = 1"),
	                 2);
	assert_int_equal(store_markbook_load(s, 1, 1, &a, &mb, &e), ATT_OK);
	assert_int_equal(mb.nreview, 1);
	for (int i = 0; i < mb.nstudents; i++)
		assert_int_equal(mb.students[i].review,
		                 mb.students[i].student_id == 1);
	/* An item of a student with no total: nothing to keep, no flag. */
	collect_score other[] = {{2, 2, 1, 3}};
	assert_int_equal(store_markbook_save(s, 1, 1, 1, other, 1, &T1, &a,
	                                     NULL, NULL, &in, &e),
	                 ATT_OK);
	assert_int_equal(in.flagged, 0);
	assert_int_equal(
	    fix_int(path, "SELECT count(*) FROM result WHERE student_id = 2"),
	    0);
	/* Confirming the same total clears the flag. */
	collect_score keep[] = {{1, 0, 1, 272}};
	assert_int_equal(store_markbook_save(s, 1, 1, 2, keep, 1, &T1, &a, NULL,
	                                     NULL, &in, &e),
	                 ATT_OK);
	assert_int_equal(in.changed, 0);
	assert_int_equal(in.confirmed, 1);
	assert_int_equal(fix_int(path, "SELECT count(*) FROM result_review"),
	                 0);
	/* Items and the total together: the typed total, no flag. */
	collect_score both[] = {{1, 2, 1, 5}, {1, 0, 1, 410}};
	assert_int_equal(store_markbook_save(s, 1, 1, 3, both, 2, &T1, &a, NULL,
	                                     NULL, &in, &e),
	                 ATT_OK);
	assert_true(fabs(result_of(path, 1) - 410) < 1e-9);
	assert_int_equal(in.flagged, 0);
	assert_int_equal(fix_int(path, "SELECT count(*) FROM result_review"),
	                 0);
	/* Flag again; an import that changes the total clears it, one that
	 * leaves it alone does not; removing the total clears it. */
	collect_score again[] = {{1, 1, 1, 0}};
	assert_int_equal(store_markbook_save(s, 1, 1, 4, again, 1, &T1, &a,
	                                     NULL, NULL, &in, &e),
	                 ATT_OK);
	assert_int_equal(in.flagged, 1);
	fix_exec(path, "UPDATE result SET score = 410 WHERE student_id = 1");
	assert_int_equal(fix_int(path, "SELECT count(*) FROM result_review"),
	                 1);
	fix_exec(path, "UPDATE result SET score = 400 WHERE student_id = 1");
	assert_int_equal(fix_int(path, "SELECT count(*) FROM result_review"),
	                 0);
	assert_int_equal(store_markbook_save(s, 1, 1, 5, fix, 1, &T1, &a, NULL,
	                                     NULL, &in, &e),
	                 ATT_OK);
	assert_int_equal(in.flagged, 1);
	fix_exec(path, "DELETE FROM result WHERE student_id = 1");
	assert_int_equal(fix_int(path, "SELECT count(*) FROM result_review"),
	                 0);
	/* A total above the scale's maximum, or a cell twice: refused. */
	collect_score over[] = {{1, 0, 1, 600.5}};
	assert_int_equal(store_markbook_save(s, 1, 1, 6, over, 1, &T1, &a, NULL,
	                                     NULL, &in, &e),
	                 ATT_EINPUT);
	collect_score twice[] = {{3, 1, 1, 1}, {3, 1, 1, 2}};
	assert_int_equal(store_markbook_save(s, 1, 1, 6, twice, 2, &T1, &a,
	                                     NULL, NULL, &in, &e),
	                 ATT_EINPUT);
	assert_non_null(strstr(e.msg, "given twice"));
	assert_int_equal(fix_int(path,
	                         "SELECT count(*) FROM item_response WHERE "
	                         "student_id = 3"),
	                 0);
	arena_free(&a);
	close_fixture(s, path);
}

/* An org's marks at once: every student of the org's classes that may
 * enter the assessment, whole or nothing; each class changed records a
 * save, so its open forms become stale. */
static void test_marks_import(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "import.db");
	att_err e;
	err_clear(&e);
	collect_save_info in;
	collect_score c[] = {
	    {1, 1, 1, 5}, {1, 2, 1, 10}, {2, 1, 1, 1}, {4, 2, 1, 0}};
	assert_int_equal(store_marks_import(s, 3, 1, c, 4, &P1, &in, &e),
	                 ATT_OK);
	assert_int_equal(in.changed, 4);
	assert_int_equal(in.totals, 3);
	assert_true(fabs(result_of(path, 1) - 15) < 1e-9);
	assert_true(fabs(result_of(path, 4) - 0) < 1e-9);
	assert_int_equal(
	    fix_int(path, "SELECT version FROM class_save WHERE class_id = 1"
	                  " AND kind = 'markbook' AND target_id = 1"),
	    1);
	/* Student 5 is in the other school: refused, nothing written. */
	int64_t dv = store_data_version(s);
	collect_score far[] = {{3, 1, 1, 2}, {5, 1, 1, 2}};
	assert_int_equal(store_marks_import(s, 3, 1, far, 2, &P1, &in, &e),
	                 ATT_EINPUT);
	assert_int_equal(store_data_version(s), dv);
	assert_int_equal(fix_int(path,
	                         "SELECT count(*) FROM item_response WHERE "
	                         "student_id IN (3, 5)"),
	                 0);
	/* From the district, both schools' students. */
	assert_int_equal(store_marks_import(s, 2, 1, far, 2, &P1, &in, &e),
	                 ATT_OK);
	assert_int_equal(
	    fix_int(path, "SELECT count(*) FROM class_save WHERE target_id = 1"
	                  " AND kind = 'markbook'"),
	    2);
	close_fixture(s, path);
}

/* ---- every save whole or nothing ---- */

static int64_t make_survey(store *s, int anonymous, const char *code);
static int answer(store *s, int64_t sid, int64_t account, int64_t student,
                  int v, const char *text, att_err *e);

/* A digest of every data table (not the audit log), to compare the
 * database before and after a failed save. */
static int digest_row(void *ctx, int n, char **v, char **names)
{
	(void)names;
	uint64_t *h = ctx;
	for (int i = 0; i < n; i++) {
		const char *t = v[i] ? v[i] : "\x01";
		for (const char *c = t; *c; c++)
			*h = (*h ^ (unsigned char)*c) * 1099511628211ULL;
		*h = (*h ^ 0xff) * 1099511628211ULL;
	}
	return 0;
}

static uint64_t db_digest(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT name FROM sqlite_schema WHERE type ="
	                       " 'table' AND name <> 'audit' ORDER BY name",
	                       -1, &st, NULL),
	    SQLITE_OK);
	uint64_t h = 1469598103934665603ULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char q[200];
		snprintf(q, sizeof(q), "SELECT * FROM \"%s\" ORDER BY 1, 2",
		         (const char *)sqlite3_column_text(st, 0));
		assert_int_equal(sqlite3_exec(db, q, digest_row, &h, NULL),
		                 SQLITE_OK);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return h;
}

static int save_register(store *s, att_err *e)
{
	collect_mark m[] = {{2, ATT_ABSENT}, {3, ATT_LATE}};
	return store_register_save(s, 1, FIX_TODAY, m, 2, -1, &T1, NULL, e);
}

/* A markbook save against the current version that changes every cell
 * it sends (the values move on at each call). */
static int save_markbook(store *s, att_err *e)
{
	static int calls;
	double v = 1 + calls++ % 4;
	collect_score c[] = {
	    {1, 1, 1, v}, {2, 1, 1, v}, {3, 1, 1, v}, {4, 1, 1, v}};
	arena a;
	arena_init(&a);
	collect_markbook mb;
	int rc = store_markbook_load(s, 1, 1, &a, &mb, e);
	if (!rc)
		rc = store_markbook_save(s, 1, 1, mb.version, c, 4, &T1, &a,
		                         NULL, NULL, NULL, e);
	arena_free(&a);
	return rc;
}

static int save_import(store *s, att_err *e)
{
	collect_score c[] = {{1, 2, 1, 4}, {4, 2, 1, 5}};
	return store_marks_import(s, 3, 1, c, 2, &P1, NULL, e);
}

static int save_create(store *s, att_err *e)
{
	collect_item_spec it[] = {{"Q1", 2, NULL}, {"Q2", 3, NULL}};
	return store_markbook_create(s, 1, "QX", "Quiz", NULL, FIX_TODAY, 0, it,
	                             2, &T1, NULL, e);
}

static int save_behaviour(store *s, att_err *e)
{
	return store_behaviour_add(s, 2, FIX_TODAY, "positive", "helping", 1, 0,
	                           NULL, &T1, NULL, e);
}

static int save_attitude(store *s, att_err *e)
{
	collect_grade g[] = {{1, 1}, {2, 3}, {3, 4}};
	return store_attitude_save(s, 1, 2, 0, g, 3, &T1, e);
}

static int save_survey(store *s, att_err *e)
{
	collect_question q[] = {{0, 0, "likert", "One"}, {0, 0, "text", "Two"}};
	collect_survey sp = {0};
	sp.title = "Voice";
	sp.audience = "student";
	sp.open_date = "2026-11-01";
	sp.close_date = "2026-11-30";
	sp.nq = 2;
	sp.q = q;
	return store_survey_create(s, &sp, &P1, NULL, e);
}

static int save_answer(store *s, att_err *e)
{
	return answer(s, 1, 11, 1, 4, "more books", e);
}

static int save_observation(store *s, att_err *e)
{
	collect_crit_score sc[] = {{"planning", 3}, {"feedback", 2}};
	collect_observation o = {0};
	o.staff_id = 1;
	o.date = "2026-11-10";
	o.nscores = 2;
	o.scores = sc;
	return store_observation_add(s, &o, &P1, NULL, e);
}

/* Each save path, failing at a write in the middle of its transaction (a
 * trigger aborts it), changes nothing at all and says it failed. */
static void test_saves_whole_or_nothing(void **state)
{
	(void)state;
	static const struct {
		const char *name, *trigger;
		int (*save)(store *, att_err *);
	} cases[] = {
	    {"register", "BEFORE INSERT ON attendance WHEN NEW.student_id = 3",
	     save_register},
	    {"markbook items",
	     "BEFORE INSERT ON item_response WHEN NEW.student_id = 3",
	     save_markbook},
	    /* the cases before leave totals and a markbook save behind */
	    {"markbook totals",
	     "BEFORE UPDATE ON result WHEN NEW.student_id = 4", save_markbook},
	    {"markbook version", "BEFORE UPDATE ON class_save", save_markbook},
	    {"org import", "BEFORE UPDATE ON class_save", save_import},
	    {"new assessment", "BEFORE INSERT ON item WHEN NEW.code = 'Q2'",
	     save_create},
	    {"behaviour", "BEFORE UPDATE ON meta", save_behaviour},
	    {"attitude",
	     "BEFORE INSERT ON attitude_grade WHEN NEW.student_id = 3",
	     save_attitude},
	    {"survey", "BEFORE INSERT ON survey_question WHEN NEW.seq = 2",
	     save_survey},
	    {"answer", "BEFORE INSERT ON survey_taken", save_answer},
	    {"observation",
	     "BEFORE INSERT ON observation_score WHEN NEW.criterion = "
	     "'feedback'",
	     save_observation},
	};
	char path[256];
	store *s = open_fixture(path, sizeof(path), "whole.db");
	att_err e;
	err_clear(&e);
	make_survey(s, 0, "SVW");
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char sql[300];
		snprintf(sql, sizeof(sql),
		         "CREATE TRIGGER boom %s BEGIN SELECT RAISE(ABORT,"
		         " 'disk full'); END;",
		         cases[i].trigger);
		fix_exec(path, sql);
		uint64_t before = db_digest(path);
		int64_t dv = store_data_version(s);
		int rc = cases[i].save(s, &e);
		if (rc != ATT_EIO)
			fprintf(stderr, "%s: %d %s\n", cases[i].name, rc,
			        e.msg);
		assert_int_equal(rc, ATT_EIO);
		assert_non_null(strstr(e.msg, "disk full"));
		assert_int_equal(store_data_version(s), dv);
		assert_true(db_digest(path) == before);
		fix_exec(path, "DROP TRIGGER boom");
		/* and without the failure the same save goes through */
		assert_int_equal(cases[i].save(s, &e), ATT_OK);
		assert_int_equal(store_data_version(s), dv + 1);
	}
	close_fixture(s, path);
}

/* ---- behaviour and attitude ---- */

static void test_behaviour_attitude(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "beh.db");
	att_err e;
	err_clear(&e);
	arena a;
	arena_init(&a);
	int64_t id;
	assert_int_equal(
	    store_behaviour_add(s, 2, FIX_TODAY, "positive", "helping others",
	                        2, 0, "helped a classmate", &T1, &id, &e),
	    ATT_OK);
	assert_int_equal(
	    fix_int(
	        path,
	        "SELECT staff_id FROM behaviour_event WHERE kind = 'positive'"),
	    1);
	assert_int_equal(store_behaviour_add(s, 2, FIX_TODAY, "bad", "x", 1, 0,
	                                     NULL, &T1, NULL, &e),
	                 ATT_EINPUT);
	assert_int_equal(store_behaviour_add(s, 2, FIX_TODAY, "negative", "", 1,
	                                     0, NULL, &T1, NULL, &e),
	                 ATT_EINPUT);
	assert_int_equal(store_behaviour_add(s, 99, FIX_TODAY, "negative",
	                                     "late", -1, 0, NULL, &T1, NULL,
	                                     &e),
	                 ATT_ENOTFOUND);
	assert_int_equal(fix_int(path, "SELECT count(*) FROM behaviour_event"),
	                 1);
	collect_behaviour *bl;
	int nb;
	assert_int_equal(store_behaviour_list(s, 1, 10, &a, &bl, &nb, &e),
	                 ATT_OK);
	assert_int_equal(nb, 1);
	assert_string_equal(bl[0].student_code, "S2");

	collect_window w;
	assert_int_equal(store_attitude_window(s, 1, FIX_TODAY, &a, &w, &e),
	                 ATT_OK);
	assert_string_equal(w.event_code, "EV-ATL");
	assert_int_equal(w.term_id, 2);
	assert_int_equal(store_attitude_window(s, 1, "2026-10-15", &a, &w, &e),
	                 ATT_ENOTFOUND);
	collect_grade g[] = {{1, 1}, {2, 3}, {3, 4}};
	assert_int_equal(store_attitude_save(s, 1, 2, 0, g, 3, &T1, &e),
	                 ATT_OK);
	collect_attitude at;
	assert_int_equal(store_attitude_load(s, 1, 2, 0, NULL, &a, &at, &e),
	                 ATT_OK);
	assert_int_equal(at.version, 1);
	int sum = 0;
	for (int i = 0; i < at.n; i++)
		sum += at.grades[i];
	assert_int_equal(sum, 8);
	collect_grade bad[] = {{1, 5}};
	assert_int_equal(store_attitude_save(s, 1, 2, 0, bad, 1, &T1, &e),
	                 ATT_EINPUT);
	collect_grade other[] = {{5, 2}};
	assert_int_equal(store_attitude_save(s, 1, 2, 0, other, 1, &T1, &e),
	                 ATT_EINPUT);
	assert_int_equal(fix_int(path, "SELECT count(*) FROM attitude_grade"),
	                 3);
	arena_free(&a);
	close_fixture(s, path);
}

/* ---- surveys ---- */

static int64_t make_survey(store *s, int anonymous, const char *code)
{
	collect_question q[] = {{0, 0, "likert", "I feel safe at school"},
	                        {0, 0, "text", "What would you change?"}};
	collect_survey sp = {0};
	sp.code = code;
	sp.title = "Student voice";
	sp.audience = "student";
	sp.anonymous = anonymous;
	sp.org_id = 2;
	sp.open_date = "2026-11-01";
	sp.close_date = "2026-11-30";
	sp.nq = 2;
	sp.q = q;
	att_err e;
	err_clear(&e);
	int64_t id = 0;
	assert_int_equal(store_survey_create(s, &sp, &P1, &id, &e), ATT_OK);
	return id;
}

static int answer(store *s, int64_t sid, int64_t account, int64_t student,
                  int v, const char *text, att_err *e)
{
	arena a;
	arena_init(&a);
	collect_survey sv;
	assert_int_equal(store_survey_load(s, sid, &a, &sv, e), ATT_OK);
	collect_respondent r = {account, "student", student, 0, 0, 3};
	collect_answer ans[] = {{sv.q[0].id, v, NULL}, {sv.q[1].id, 0, text}};
	int rc = store_survey_answer(s, sid, &r, ans, 2, FIX_TODAY, e);
	arena_free(&a);
	return rc;
}

static void test_survey_once(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "survey.db");
	att_err e;
	err_clear(&e);
	int64_t sid = make_survey(s, 1, "SV1");
	assert_int_equal(answer(s, sid, 11, 1, 4, "more books", &e), ATT_OK);
	int64_t dv = store_data_version(s);
	assert_int_equal(answer(s, sid, 11, 1, 1, "changed my mind", &e),
	                 ATT_ECONFLICT);
	assert_non_null(strstr(e.msg, "already answered"));
	assert_int_equal(store_data_version(s), dv);
	assert_int_equal(fix_int(path, "SELECT count(*) FROM survey_response"),
	                 1);
	assert_true(store_survey_taken(s, sid, 11));
	/* Wrong audience, outside the window, bad value. */
	collect_respondent staff = {1, "staff", 0, 0, 1, 3};
	assert_int_equal(
	    store_survey_answer(s, sid, &staff, NULL, 0, FIX_TODAY, &e),
	    ATT_EINPUT);
	collect_respondent st2 = {12, "student", 2, 0, 0, 3};
	assert_int_equal(
	    store_survey_answer(s, sid, &st2, NULL, 0, "2026-12-01", &e),
	    ATT_EINPUT);
	assert_int_equal(answer(s, sid, 12, 2, 6, NULL, &e), ATT_EINPUT);
	assert_false(store_survey_taken(s, sid, 12));
	/* Results. */
	assert_int_equal(answer(s, sid, 12, 2, 2, NULL, &e), ATT_OK);
	arena a;
	arena_init(&a);
	collect_q_result *res;
	int nq;
	long nresp;
	assert_int_equal(
	    store_survey_results(s, sid, &a, &res, &nq, &nresp, &e), ATT_OK);
	assert_int_equal(nresp, 2);
	assert_int_equal(nq, 2);
	assert_int_equal(res[0].n, 2);
	assert_true(fabs(res[0].mean - 3) < 1e-12);
	assert_int_equal(res[0].counts[3], 1);
	assert_int_equal(res[1].ntexts, 1);
	assert_string_equal(res[1].texts[0], "more books");
	/* A named survey keeps who answered. */
	int64_t named = make_survey(s, 0, "SV2");
	assert_int_equal(answer(s, named, 13, 3, 5, NULL, &e), ATT_OK);
	assert_int_equal(
	    fix_int(path,
	            "SELECT count(*) FROM survey_response WHERE student_id = 3"
	            " AND submitted_on = '" FIX_TODAY "' AND org_id = 3"),
	    1);
	/* Bad definitions. */
	collect_survey sp = {0};
	sp.title = "x";
	sp.audience = "aliens";
	assert_int_equal(store_survey_create(s, &sp, &P1, NULL, &e),
	                 ATT_EINPUT);
	arena_free(&a);
	close_fixture(s, path);
}

/* ---- consent ---- */

/* Whether reminders of the account name the survey code. */
static int reminded(store *s, int64_t account, const char *code)
{
	arena a;
	arena_init(&a);
	collect_reminder *rm;
	int n, hit = 0;
	att_err e;
	err_clear(&e);
	assert_int_equal(
	    store_collect_reminders(s, account, FIX_TODAY, &a, &rm, &n, &e),
	    ATT_OK);
	for (int i = 0; i < n; i++)
		hit |= !strcmp(rm[i].kind, "survey") &&
		       !strcmp(rm[i].target, code);
	arena_free(&a);
	return hit;
}

/* The consent rule, by hand: S1 granted before today, S2 refused, S3
 * granted but dated after today, S4 never asked, S5 granted. */
static const struct {
	int64_t student;
	int given_today, given_dec1;
} consent_by_hand[] = {{1, 1, 1}, {2, 0, 0}, {3, 0, 1}, {4, 0, 0}, {5, 1, 1}};

static void test_consent_survey(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "consent.db");
	fix_exec(path, "INSERT INTO consent(student_id, purpose, granted, date,"
	               " given_by) VALUES (1, 'survey', 1, '2026-09-01', 'p'),"
	               " (2, 'survey', 0, '2026-09-01', 'p'),"
	               " (3, 'survey', 1, '2026-12-01', 'p'),"
	               " (5, 'survey', 1, '2026-09-01', 'p'),"
	               " (4, 'data_share', 1, '2026-09-01', 'p')");
	collect_question q[] = {{0, 0, "likert", "I feel safe at school"},
	                        {0, 0, "text", "What would you change?"}};
	collect_survey sp = {0};
	sp.code = "SVC";
	sp.title = "Consented voice";
	sp.audience = "student";
	sp.anonymous = 1;
	sp.needs_consent = 1;
	sp.org_id = 2;
	sp.open_date = "2026-11-01";
	sp.close_date = "2026-11-30";
	sp.nq = 2;
	sp.q = q;
	att_err e;
	err_clear(&e);
	int64_t sid = 0;
	assert_int_equal(store_survey_create(s, &sp, &P1, &sid, &e), ATT_OK);
	int64_t plain = make_survey(s, 1, "SVP");
	/* The rule, and every path that asks it, against the table above
	 * (accounts 11..15 are students 1..5). */
	long skipped = 0, skipped_dec1 = 0;
	for (size_t i = 0; i < ARRAY_LEN(consent_by_hand); i++) {
		int64_t st = consent_by_hand[i].student, acc = 10 + st;
		int want = consent_by_hand[i].given_today;
		skipped += !want;
		skipped_dec1 += !consent_by_hand[i].given_dec1;
		assert_int_equal(
		    store_consent_given(s, st, CONSENT_SURVEY, FIX_TODAY),
		    want);
		assert_int_equal(
		    store_consent_given(s, st, CONSENT_SURVEY, "2026-12-01"),
		    consent_by_hand[i].given_dec1);
		assert_int_equal(store_survey_open_for(s, sid, acc, FIX_TODAY),
		                 want);
		assert_int_equal(
		    store_survey_no_consent(s, sid, acc, FIX_TODAY), !want);
		assert_int_equal(reminded(s, acc, "SVC"), want);
		/* A survey that needs no consent is open to everyone. */
		assert_true(store_survey_open_for(s, plain, acc, FIX_TODAY));
		assert_false(store_survey_no_consent(s, plain, acc, FIX_TODAY));
	}
	/* Another purpose does not stand in for surveys. */
	assert_false(store_consent_given(s, 1, CONSENT_DATA_SHARE, FIX_TODAY));
	assert_true(store_consent_given(s, 4, CONSENT_DATA_SHARE, FIX_TODAY));
	assert_int_equal(store_survey_skipped(s, sid, FIX_TODAY), skipped);
	assert_int_equal(store_survey_skipped(s, sid, "2026-12-01"),
	                 skipped_dec1);
	assert_int_equal(store_survey_skipped(s, plain, FIX_TODAY), 0);
	/* The store refuses the refused student's answer: nothing written. */
	int64_t dv = store_data_version(s);
	assert_int_equal(answer(s, sid, 12, 2, 4, "let me in", &e), ATT_EINPUT);
	assert_non_null(strstr(e.msg, "consent"));
	assert_int_equal(store_data_version(s), dv);
	assert_int_equal(fix_int(path, "SELECT count(*) FROM survey_response"),
	                 0);
	assert_false(store_survey_taken(s, sid, 12));
	assert_int_equal(answer(s, sid, 11, 1, 4, NULL, &e), ATT_OK);
	/* Only a student survey asks for consent. */
	sp.code = "SVS";
	sp.audience = "staff";
	assert_int_equal(store_survey_create(s, &sp, &P1, NULL, &e),
	                 ATT_EINPUT);
	close_fixture(s, path);
}

static void test_consent_save(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "consent_save.db");
	fix_exec(path, "INSERT INTO consent(student_id, purpose, granted, date,"
	               " given_by) VALUES (1, 'survey', 0, '2026-09-01', 'p'),"
	               " (1, 'photos', 1, '2026-09-01', 'p')");
	const collect_actor par = {6, "parent1", "127.0.0.1", 0, FIX_NOW};
	att_err e;
	err_clear(&e);
	arena a;
	arena_init(&a);
	collect_consent *l;
	int n;
	/* The purposes attain asks about first, then the others recorded. */
	assert_int_equal(store_consent_list(s, 1, &a, &l, &n, &e), ATT_OK);
	assert_int_equal(n, 3);
	assert_string_equal(l[0].purpose, CONSENT_SURVEY);
	assert_int_equal(l[0].granted, 0);
	assert_string_equal(l[1].purpose, CONSENT_DATA_SHARE);
	assert_int_equal(l[1].granted, -1);
	assert_string_equal(l[2].purpose, "photos");
	/* Give surveys, refuse sharing, photos unchanged: two changes, two
	 * audit entries, one data-version bump. */
	collect_consent ch[] = {{CONSENT_SURVEY, 1, NULL, NULL},
	                        {CONSENT_DATA_SHARE, 0, NULL, NULL},
	                        {"photos", 1, NULL, NULL}};
	int64_t dv = store_data_version(s);
	int changed = -1;
	assert_int_equal(
	    store_consent_save(s, 1, ch, 3, FIX_TODAY, &par, &changed, &e),
	    ATT_OK);
	assert_int_equal(changed, 2);
	assert_int_equal(store_data_version(s), dv + 1);
	assert_true(store_consent_given(s, 1, CONSENT_SURVEY, FIX_TODAY));
	assert_int_equal(
	    fix_int(
	        path,
	        "SELECT count(*) FROM consent WHERE student_id = 1"
	        " AND purpose = 'survey' AND granted = 1 AND date = '" FIX_TODAY
	        "' AND given_by = 'parent1'"),
	    1);
	assert_int_equal(
	    fix_int(path, "SELECT count(*) FROM audit WHERE username ="
	                  " 'parent1' AND target_kind = 'student' AND ("
	                  "(action = 'consent-grant' AND target = 'S1/survey')"
	                  " OR (action = 'consent-withdraw' AND target ="
	                  " 'S1/data_share'))"),
	    2);
	/* The same again changes nothing and writes nothing. */
	assert_int_equal(
	    store_consent_save(s, 1, ch, 3, FIX_TODAY, &par, &changed, &e),
	    ATT_OK);
	assert_int_equal(changed, 0);
	assert_int_equal(store_data_version(s), dv + 1);
	assert_int_equal(fix_int(path,
	                         "SELECT count(*) FROM audit WHERE action LIKE"
	                         " 'consent-%'"),
	                 2);
	/* Withdrawal holds at once. */
	ch[0].granted = 0;
	assert_int_equal(
	    store_consent_save(s, 1, ch, 1, FIX_TODAY, &par, &changed, &e),
	    ATT_OK);
	assert_false(store_consent_given(s, 1, CONSENT_SURVEY, FIX_TODAY));
	/* Bad input: nothing written. */
	dv = store_data_version(s);
	collect_consent bad[] = {{CONSENT_SURVEY, 2, NULL, NULL}};
	assert_int_equal(
	    store_consent_save(s, 1, bad, 1, FIX_TODAY, &par, NULL, &e),
	    ATT_EINPUT);
	collect_consent twice[] = {{CONSENT_SURVEY, 1, NULL, NULL},
	                           {CONSENT_SURVEY, 0, NULL, NULL}};
	assert_int_equal(
	    store_consent_save(s, 1, twice, 2, FIX_TODAY, &par, NULL, &e),
	    ATT_EINPUT);
	collect_consent empty[] = {{"", 1, NULL, NULL}};
	assert_int_equal(
	    store_consent_save(s, 1, empty, 1, FIX_TODAY, &par, NULL, &e),
	    ATT_EINPUT);
	assert_int_equal(
	    store_consent_save(s, 1, ch, 1, "not a day", &par, NULL, &e),
	    ATT_EINPUT);
	ch[0].granted = 1;
	assert_int_equal(
	    store_consent_save(s, 99, ch, 1, FIX_TODAY, &par, NULL, &e),
	    ATT_ENOTFOUND);
	assert_int_equal(store_data_version(s), dv);
	assert_false(store_consent_given(s, 1, CONSENT_SURVEY, FIX_TODAY));
	arena_free(&a);
	close_fixture(s, path);
}

/* Canonical dump of every table: rows sorted, timestamps left out, and
 * survey responses replaced by the sorted multiset of their contents (the
 * random ids abstracted), so two databases compare equal exactly when a
 * holder of either could tell nothing more from one than from the other. */
static char *dump_db(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	buf b;
	buf_init(&b);
	sqlite3_stmt *t;
	assert_int_equal(
	    sqlite3_prepare_v2(
	        db,
	        "SELECT name FROM sqlite_schema WHERE type = 'table'"
	        " AND name NOT LIKE 'sqlite_%' ORDER BY name",
	        -1, &t, NULL),
	    SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);
		char *sql;
		if (!strcmp(name, "survey_response") ||
		    !strcmp(name, "survey_answer")) {
			sql = sqlite3_mprintf(
			    "SELECT r.survey_id, r.respondent_role, "
			    "r.student_id, r.guardian_id,"
			    " r.staff_id, r.org_id, r.submitted_on, (SELECT "
			    "group_concat("
			    "  a.question_id || ':' || coalesce(a.value, '') "
			    "|| ':' ||"
			    "  coalesce(a.text, ''), '|') FROM (SELECT * FROM "
			    "survey_answer a2"
			    "  WHERE a2.response_id = r.id ORDER BY "
			    "a2.question_id) a)"
			    " FROM survey_response r");
		} else {
			/* Every column except timestamps. */
			sqlite3_stmt *c;
			char *q = sqlite3_mprintf(
			    "SELECT name FROM pragma_table_info(%Q)", name);
			assert_int_equal(
			    sqlite3_prepare_v2(db, q, -1, &c, NULL), SQLITE_OK);
			sqlite3_free(q);
			buf cols;
			buf_init(&cols);
			while (sqlite3_step(c) == SQLITE_ROW) {
				const char *cn =
				    (const char *)sqlite3_column_text(c, 0);
				size_t l = strlen(cn);
				if (!strcmp(cn, "at") ||
				    (l > 3 && !strcmp(cn + l - 3, "_at")))
					continue;
				buf_printf(&cols, "%squote(\"%s\")",
				           cols.len ? " || ',' || " : "", cn);
			}
			sqlite3_finalize(c);
			sql = sqlite3_mprintf("SELECT %s FROM \"%w\"",
			                      cols.len ? cols.data : "1", name);
			buf_free(&cols);
		}
		char *sorted = sqlite3_mprintf(
		    "SELECT * FROM (%s) ORDER BY 1, 2, 3, 4, 5, 6, 7, 8", sql);
		/* ORDER BY beyond the column count is an error: fall back. */
		sqlite3_stmt *r;
		if (sqlite3_prepare_v2(db, sorted, -1, &r, NULL) != SQLITE_OK) {
			sqlite3_free(sorted);
			sorted = sqlite3_mprintf(
			    "SELECT * FROM (%s) ORDER BY 1", sql);
			assert_int_equal(
			    sqlite3_prepare_v2(db, sorted, -1, &r, NULL),
			    SQLITE_OK);
		}
		buf_printf(&b, "[%s]\n", name);
		while (sqlite3_step(r) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(r); i++) {
				const unsigned char *v =
				    sqlite3_column_text(r, i);
				buf_printf(&b, "%s%s", i ? "\t" : "",
				           v ? (const char *)v : "NULL");
			}
			buf_addc(&b, '\n');
		}
		sqlite3_finalize(r);
		sqlite3_free(sorted);
		sqlite3_free(sql);
	}
	sqlite3_finalize(t);
	sqlite3_close(db);
	return buf_detach(&b);
}

/* Four students answer an anonymous survey. In world A student k gives
 * answer k; in world B the answers are rotated among the same students,
 * who answer in the same order. If anything in the database linked a
 * response to its respondent, the two databases would differ; they are
 * equal table by table. The anonymous rows also carry no person, org or
 * date, and their ids are not the order of answering. */
static void test_survey_anonymous_unlinkable(void **state)
{
	(void)state;
	const char *texts[] = {"more books", "longer breaks", "less homework",
	                       "a garden"};
	for (int world = 0; world < 2; world++) {
		char path[256];
		store *s = open_fixture(path, sizeof(path),
		                        world ? "anonB.db" : "anonA.db");
		att_err e;
		err_clear(&e);
		int64_t sid = make_survey(s, 1, "SV-ANON");
		for (int k = 0; k < 4; k++) {
			int which = world ? (k + 1) % 4 : k;
			assert_int_equal(answer(s, sid, 11 + k, 1 + k,
			                        1 + which, texts[which], &e),
			                 ATT_OK);
		}
		assert_int_equal(
		    fix_int(
		        path,
		        "SELECT count(*) FROM survey_response WHERE"
		        " student_id IS NOT NULL OR guardian_id IS NOT NULL OR"
		        " staff_id IS NOT NULL OR org_id IS NOT NULL OR"
		        " submitted_on IS NOT NULL"),
		    0);
		assert_int_equal(
		    fix_int(path, "SELECT count(*) FROM survey_taken"), 4);
		/* survey_taken ends up in key order whatever the answer order.
		 */
		assert_int_equal(
		    fix_int(
		        path,
		        "SELECT count(*) FROM audit WHERE target = 'SV-ANON'"
		        " AND action <> 'survey.create'"),
		    0);
		/* Ids: random, large, not 1..4. */
		assert_true(
		    fix_int(path, "SELECT min(id) FROM survey_response") >
		    1000);
		close_fixture(s, path);
	}
}

static void test_survey_dump_equal(void **state)
{
	(void)state;
	const char *texts[] = {"more books", "longer breaks", "less homework",
	                       "a garden"};
	char *dumps[2];
	char paths[2][256];
	for (int world = 0; world < 2; world++) {
		store *s = open_fixture(paths[world], sizeof(paths[world]),
		                        world ? "dumpB.db" : "dumpA.db");
		att_err e;
		err_clear(&e);
		int64_t sid = make_survey(s, 1, "SV-ANON");
		for (int k = 0; k < 4; k++) {
			int which = world ? (k + 1) % 4 : k;
			assert_int_equal(answer(s, sid, 11 + k, 1 + k,
			                        1 + which, texts[which], &e),
			                 ATT_OK);
		}
		store_close(s);
		dumps[world] = dump_db(paths[world]);
	}
	assert_non_null(strstr(dumps[0], "more books"));
	assert_string_equal(dumps[0], dumps[1]);
	free(dumps[0]);
	free(dumps[1]);
	/* The same experiment on a named survey must differ (the test can
	 * fail). */
	for (int world = 0; world < 2; world++) {
		unlink(paths[world]);
		store *s = open_fixture(paths[world], sizeof(paths[world]),
		                        world ? "dumpB.db" : "dumpA.db");
		att_err e;
		err_clear(&e);
		int64_t sid = make_survey(s, 0, "SV-NAMED");
		for (int k = 0; k < 4; k++) {
			int which = world ? (k + 1) % 4 : k;
			assert_int_equal(answer(s, sid, 11 + k, 1 + k,
			                        1 + which, texts[which], &e),
			                 ATT_OK);
		}
		store_close(s);
		dumps[world] = dump_db(paths[world]);
	}
	assert_string_not_equal(dumps[0], dumps[1]);
	free(dumps[0]);
	free(dumps[1]);
	for (int world = 0; world < 2; world++)
		unlink(paths[world]);
}

/* ---- observations ---- */

static void test_observations(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "obs.db");
	att_err e;
	err_clear(&e);
	arena a;
	arena_init(&a);
	collect_crit_score sc[] = {
	    {"planning", 3}, {"questioning", 2}, {"feedback", 4}};
	collect_observation o = {0};
	o.staff_id = 1;
	o.class_id = 1;
	o.date = "2026-11-10";
	o.notes = "Good pace; few questions to quiet students.";
	o.next_steps = "Cold-call with wait time.";
	o.nscores = 3;
	o.scores = sc;
	int64_t id;
	assert_int_equal(store_observation_add(s, &o, &P1, &id, &e), ATT_OK);
	assert_int_equal(
	    fix_int(path, "SELECT org_id * 10 + observer_id FROM observation"),
	    33);
	collect_crit_score bad[] = {{"planning", 5}};
	o.scores = bad;
	o.nscores = 1;
	assert_int_equal(store_observation_add(s, &o, &P1, NULL, &e),
	                 ATT_EINPUT);
	collect_crit_score dup[] = {{"planning", 2}, {"planning", 3}};
	o.scores = dup;
	o.nscores = 2;
	assert_int_equal(store_observation_add(s, &o, &P1, NULL, &e),
	                 ATT_EINPUT);
	assert_int_equal(fix_int(path, "SELECT count(*) FROM observation"), 1);
	collect_observation *l;
	int n;
	assert_int_equal(store_observation_list(s, 1, 0, &a, &l, &n, &e),
	                 ATT_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].nscores, 3);
	assert_string_equal(l[0].next_steps, "Cold-call with wait time.");
	assert_int_equal(store_observation_list(s, 2, 0, &a, &l, &n, &e),
	                 ATT_OK);
	assert_int_equal(n, 0);
	collect_crit_agg *ag;
	long nobs, nteach;
	assert_int_equal(
	    store_observation_aggregate(s, 2, &a, &ag, &n, &nobs, &nteach, &e),
	    ATT_OK);
	assert_int_equal(nobs, 1);
	assert_int_equal(nteach, 1);
	assert_int_equal(n, 3);
	assert_string_equal(ag[0].criterion, "feedback");
	assert_true(ag[0].mean == 4 && ag[0].counts[3] == 1);
	arena_free(&a);
	close_fixture(s, path);
}

/* ---- collection status and reminders ---- */

struct st_acc {
	char lines[64][160];
	int n;
};

static void st_cb(void *ctx, const collect_status_row *r)
{
	struct st_acc *c = ctx;
	if (c->n < 64)
		snprintf(c->lines[c->n++], 160, "%s %s %s %ld/%ld %s",
		         r->event_code, r->school_code,
		         *r->class_code ? r->class_code : "-", r->done,
		         r->expected, r->status);
}

static int has_line(const struct st_acc *c, const char *line)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->lines[i], line))
			return 1;
	return 0;
}

static void test_status_reminders(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path), "status.db");
	att_err e;
	err_clear(&e);
	arena a;
	arena_init(&a);
	/* Registers: C1 taken on 3 of the 5 weekdays (one of them saved now,
	 * after the due date); C2 on all 5 (also now: late). */
	const char *days[] = {"2026-11-16", "2026-11-17", "2026-11-18",
	                      "2026-11-19", "2026-11-20"};
	for (int i = 0; i < 5; i++) {
		if (i < 3)
			assert_int_equal(store_register_save(s, 1, days[i],
			                                     NULL, 0, -1, &T1,
			                                     NULL, &e),
			                 ATT_OK);
		assert_int_equal(store_register_save(s, 2, days[i], NULL, 0, -1,
		                                     &T1, NULL, &e),
		                 ATT_OK);
	}
	/* Results: 2 of 4 in C1. */
	collect_score c[] = {{1, 1, 1, 4}, {2, 2, 1, 6}};
	assert_int_equal(store_markbook_save(s, 1, 1, 0, c, 2, &T1, &a, NULL,
	                                     NULL, NULL, &e),
	                 ATT_OK);
	/* Attitude: all of C1. */
	collect_grade g[] = {{1, 1}, {2, 2}, {3, 2}, {4, 1}};
	assert_int_equal(store_attitude_save(s, 1, 2, 0, g, 4, &T1, &e),
	                 ATT_OK);

	/* Per class, today: the registers' window is past its due date; the
	 * others are not, so what is not all in is not yet due. */
	struct st_acc acc = {0};
	collect_query q = {0, 0, 0, FIX_TODAY, 1};
	assert_int_equal(store_collect_status(s, &q, st_cb, &acc, &e), ATT_OK);
	assert_true(has_line(&acc, "EV-ATT SCH1 C1 3/5 partial"));
	assert_true(has_line(&acc, "EV-ATT SCH2 C2 5/5 late"));
	assert_true(has_line(&acc, "EV-A1 SCH1 C1 2/4 pending"));
	assert_true(has_line(&acc, "EV-A1 SCH2 C2 0/1 pending"));
	assert_true(has_line(&acc, "EV-ATL SCH1 C1 4/4 complete"));
	assert_true(has_line(&acc, "EV-ATL SCH2 C2 0/1 pending"));
	/* A results window without a named assessment counts the class's
	 * assessments dated inside it. */
	assert_true(has_line(&acc, "EV-RW SCH1 C1 2/4 pending"));
	assert_true(has_line(&acc, "EV-OBS SCH1 - 0/1 pending"));
	assert_int_equal(acc.n, 10);
	/* Per school, after every due date: a school's line is its classes
	 * with everything in, of its classes. */
	struct st_acc sch = {0};
	collect_query later = {0, 0, 0, "2026-12-20", 0};
	assert_int_equal(store_collect_status(s, &later, st_cb, &sch, &e),
	                 ATT_OK);
	assert_true(has_line(&sch, "EV-ATT SCH1 - 0/1 partial"));
	assert_true(has_line(&sch, "EV-ATT SCH2 - 1/1 late"));
	assert_true(has_line(&sch, "EV-A1 SCH1 - 0/1 partial"));
	assert_true(has_line(&sch, "EV-A1 SCH2 - 0/1 missing"));
	assert_true(has_line(&sch, "EV-ATL SCH1 - 1/1 complete"));
	assert_true(has_line(&sch, "EV-ATL SCH2 - 0/1 missing"));
	assert_true(has_line(&sch, "EV-RW SCH1 - 0/1 partial"));
	assert_true(has_line(&sch, "EV-RW SCH2 - 0/1 missing"));
	assert_true(has_line(&sch, "EV-OBS SCH1 - 0/1 missing"));
	assert_true(has_line(&sch, "EV-OBS SCH2 - 0/1 missing"));
	assert_int_equal(sch.n, 10);
	/* The same counted per window, and overdue per school: what the org
	 * page, the plan and the calendar show. */
	collect_tally *w;
	int nw;
	assert_int_equal(store_collect_tallies(s, &later, &a, &w, &nw, &e),
	                 ATT_OK);
	assert_int_equal(nw, 5);
	assert_string_equal(w[0].event_code, "EV-ATT"); /* by due date */
	assert_int_equal(w[0].lines, 2);
	assert_int_equal(w[0].n[COLLECT_PARTIAL], 1);
	assert_int_equal(w[0].n[COLLECT_LATE], 1);
	int64_t ids[3] = {4, 3, 99};
	int od[3];
	assert_int_equal(store_collect_overdue(s, &later, 3, ids, od, &e),
	                 ATT_OK);
	assert_int_equal(od[0], 4); /* SCH2: A1, ATL, RW, OBS */
	assert_int_equal(od[1], 4); /* SCH1: ATT, A1, RW, OBS */
	assert_int_equal(od[2], 0);
	/* A submission counts once it is dated on or before today: SCH2's
	 * observations submitted on 12-16, after the due date. */
	fix_exec(path, "INSERT INTO collection_submission VALUES "
	               "(4, 4, '2026-12-16', 1)");
	collect_query obs = {4, 0, 4, "2026-12-15", 0};
	struct st_acc o1 = {0}, o2 = {0};
	assert_int_equal(store_collect_status(s, &obs, st_cb, &o1, &e), ATT_OK);
	assert_int_equal(o1.n, 1);
	assert_true(has_line(&o1, "EV-OBS SCH2 - 0/1 pending"));
	obs.today = "2026-12-16";
	assert_int_equal(store_collect_status(s, &obs, st_cb, &o2, &e), ATT_OK);
	assert_true(has_line(&o2, "EV-OBS SCH2 - 1/1 late"));
	/* Scoped to a school: only its lines. */
	struct st_acc one = {0};
	q.org_id = 4;
	assert_int_equal(store_collect_status(s, &q, st_cb, &one, &e), ATT_OK);
	for (int i = 0; i < one.n; i++)
		assert_null(strstr(one.lines[i], "SCH1"));
	assert_true(one.n >= 3);

	/* Reminders: teacher1 owes today's register and C1's marks; not the
	 * attitude grades (complete). */
	collect_reminder *rm;
	int nrm;
	assert_int_equal(
	    store_collect_reminders(s, 1, FIX_TODAY, &a, &rm, &nrm, &e),
	    ATT_OK);
	int reg = 0, res = 0, att = 0;
	for (int i = 0; i < nrm; i++) {
		reg += !strcmp(rm[i].kind, "register") &&
		       !strcmp(rm[i].target, "C1");
		res += !strcmp(rm[i].kind, "results") &&
		       !strcmp(rm[i].target, "C1");
		att += !strcmp(rm[i].kind, "attitude");
	}
	assert_int_equal(reg, 1);
	assert_int_equal(res, 2); /* the test's marks and the results window */
	assert_int_equal(att, 0);
	assert_int_equal(
	    store_register_save(s, 1, FIX_TODAY, NULL, 0, -1, &T1, NULL, &e),
	    ATT_OK);
	assert_int_equal(
	    store_collect_reminders(s, 1, FIX_TODAY, &a, &rm, &nrm, &e),
	    ATT_OK);
	for (int i = 0; i < nrm; i++)
		assert_string_not_equal(rm[i].kind, "register");
	/* Principal: the observations owed. */
	assert_int_equal(
	    store_collect_reminders(s, 3, FIX_TODAY, &a, &rm, &nrm, &e),
	    ATT_OK);
	assert_int_equal(nrm, 1);
	assert_string_equal(rm[0].kind, "observation");
	/* A student: the open survey, until answered. */
	int64_t sid = make_survey(s, 1, "SV-R");
	assert_int_equal(
	    store_collect_reminders(s, 11, FIX_TODAY, &a, &rm, &nrm, &e),
	    ATT_OK);
	assert_int_equal(nrm, 1);
	assert_string_equal(rm[0].target, "SV-R");
	assert_int_equal(answer(s, sid, 11, 1, 3, NULL, &e), ATT_OK);
	assert_int_equal(
	    store_collect_reminders(s, 11, FIX_TODAY, &a, &rm, &nrm, &e),
	    ATT_OK);
	assert_int_equal(nrm, 0);
	arena_free(&a);
	close_fixture(s, path);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_score),
	    cmocka_unit_test(test_parse_column),
	    cmocka_unit_test(test_parse_items),
	    cmocka_unit_test(test_parse_hostile),
	    cmocka_unit_test(test_status_rule),
	    cmocka_unit_test(test_register),
	    cmocka_unit_test(test_register_blob),
	    cmocka_unit_test(test_markbook_items),
	    cmocka_unit_test(test_markbook_conflict),
	    cmocka_unit_test(test_markbook_adhoc),
	    cmocka_unit_test(test_total_rule),
	    cmocka_unit_test(test_parse_table),
	    cmocka_unit_test(test_markbook_scaled),
	    cmocka_unit_test(test_marks_import),
	    cmocka_unit_test(test_saves_whole_or_nothing),
	    cmocka_unit_test(test_behaviour_attitude),
	    cmocka_unit_test(test_survey_once),
	    cmocka_unit_test(test_survey_anonymous_unlinkable),
	    cmocka_unit_test(test_survey_dump_equal),
	    cmocka_unit_test(test_consent_survey),
	    cmocka_unit_test(test_consent_save),
	    cmocka_unit_test(test_observations),
	    cmocka_unit_test(test_status_reminders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
