/*
 * test_label.c - the label lookup (store_label.h): a label of the asked
 * language, else the stored name; labels added by another connection are
 * seen once the data version moves, not before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store_label.h"
#include "testutil.h"

/* Run sql on a connection of its own (another writer than the store). */
static void exec_other(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "%s\n", msg ? msg : "?");
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
	sqlite3_close(db);
}

static void test_label_lookup(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "label.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	exec_other(path, "INSERT INTO label(lang, kind, code, text) VALUES"
	                 " ('hi', 'subject', 'MATH', 'गणित'),"
	                 " ('hi', 'band', 'below basic', 'आधारभूत से नीचे'),"
	                 " ('ur', 'subject', 'MATH', 'ریاضی');"
	                 "UPDATE meta SET value = value + 1"
	                 " WHERE key = 'data_version'");
	arena a;
	arena_init(&a);
	assert_string_equal(
	    store_label(s, &a, "subject", "MATH", "hi", "Mathematics"), "गणित");
	assert_string_equal(
	    store_label(s, &a, "subject", "MATH", "ur", "Mathematics"),
	    "ریاضی");
	/* a code of the kind with a space, as bands are */
	assert_string_equal(
	    store_label(s, &a, "band", "below basic", "hi", "below basic"),
	    "आधारभूत से नीचे");
	/* no label: the stored name, borrowed */
	const char *stored = "Science";
	assert_ptr_equal(store_label(s, &a, "subject", "SCI", "hi", stored),
	                 stored);
	assert_ptr_equal(store_label(s, &a, "subject", "MATH", "en", stored),
	                 stored);
	assert_ptr_equal(store_label(s, &a, "class", "MATH", "hi", stored),
	                 stored);
	assert_ptr_equal(store_label(s, &a, "subject", "MATH", NULL, stored),
	                 stored);
	assert_null(store_label(s, &a, "subject", "SCI", "hi", NULL));

	/* Another connection adds a label without a new data version: the
	 * shelf read above stays (labels change with the data version). */
	exec_other(path, "INSERT INTO label(lang, kind, code, text) VALUES"
	                 " ('hi', 'subject', 'SCI', 'विज्ञान')");
	assert_ptr_equal(store_label(s, &a, "subject", "SCI", "hi", stored),
	                 stored);
	/* ... and once the version moves, the new label is read */
	exec_other(path, "UPDATE label SET text = 'गणित (नया)'"
	                 " WHERE code = 'MATH' AND lang = 'hi';"
	                 "UPDATE meta SET value = value + 1"
	                 " WHERE key = 'data_version'");
	assert_string_equal(store_label(s, &a, "subject", "SCI", "hi", stored),
	                    "विज्ञान");
	assert_string_equal(
	    store_label(s, &a, "subject", "MATH", "hi", "Mathematics"),
	    "गणित (नया)");
	arena_free(&a);
	store_close(s);
	unlink(path);
}

/* Many labels of one kind (a shelf grows past its first table). */
static void test_label_many(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "label-many.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	exec_other(path,
	           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
	           " FROM n WHERE i < 5000)"
	           " INSERT INTO label(lang, kind, code, text)"
	           " SELECT 'hi', 'class', 'C' || i, 'कक्षा ' || i FROM n;"
	           "UPDATE meta SET value = value + 1"
	           " WHERE key = 'data_version'");
	arena a;
	arena_init(&a);
	for (int i = 1; i <= 5000; i += 499) {
		char code[16], want[32];
		snprintf(code, sizeof(code), "C%d", i);
		snprintf(want, sizeof(want), "कक्षा %d", i);
		assert_string_equal(store_label(s, &a, "class", code, "hi", ""),
		                    want);
	}
	assert_string_equal(store_label(s, &a, "class", "C5001", "hi", "x"),
	                    "x");
	arena_free(&a);
	store_close(s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_label_lookup),
	    cmocka_unit_test(test_label_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
