/*
 * test_erase.c - erasing a student (store_erase.h) on a hand-made store:
 * what goes and what stays (another student whose code starts with the
 * erased one's, a guardian with another child, that guardian's account),
 * mentions rewritten as whole words only, the tombstone, a second erasure
 * and an erasure rolled back with its caller's transaction; and that the
 * schema names students by id only in columns called student_id, so the
 * erasure's search of the catalogue finds every table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store_erase.h"
#include "store_pseudo.h"
#include "testutil.h"

static const char *fixture =
    "INSERT INTO org_level VALUES (0, 'school');"
    "INSERT INTO org VALUES (1, 'SCH1', 'School', NULL, 'school', 1);"
    "INSERT INTO academic_year VALUES (1, 'Y1', '2024-25', '2024-06-01',"
    " '2025-03-31');"
    "INSERT INTO student(id, code, given_name, family_name, birth_date)"
    " VALUES (1, 'S1', 'Asha', 'Rao', '2013-04-02'),"
    " (2, 'S10', 'Dev', 'Nair', '2013-05-05');"
    "INSERT INTO guardian(id, code, given_name, family_name) VALUES"
    " (1, 'G1', 'Mira', 'Rao'), (2, 'G2', 'Ravi', 'Nair');"
    "INSERT INTO guardian_link VALUES (1, 1, 'parent'), (2, 1, 'parent'),"
    " (2, 2, 'parent');"
    "INSERT INTO placement VALUES (1, 1, 1, 5), (2, 1, 1, 5);"
    "INSERT INTO account(id, username, pw_hash, role, student_id) VALUES"
    " (1, 'asha', 'x', 'student', 1);"
    "INSERT INTO account(id, username, pw_hash, role, guardian_id) VALUES"
    " (2, 'mira', 'x', 'parent', 1), (3, 'ravi', 'x', 'parent', 2);"
    "INSERT INTO account_scope(account_id, student_id) VALUES (2, 1),"
    " (3, 1), (3, 2);"
    "INSERT INTO web_session VALUES ('t1', 1, 'c', NULL, 0, 0, 9),"
    " ('t2', 2, 'c', NULL, 0, 0, 9), ('t3', 3, 'c', NULL, 0, 0, 9);"
    "INSERT INTO web_login_failure(username, address, at) VALUES"
    " ('asha', '10.0.0.1', 5), ('ravi', '10.0.0.1', 5);"
    "INSERT INTO analysis_run(id, started_at, data_version, analyses,"
    " status) VALUES (1, '2025-01-01', 0, 'groups', 'done');"
    "INSERT INTO instr_group_member VALUES (1, 1, 1, 1, 1), (1, 1, 1, 2, 1);"
    "INSERT INTO goal(id, code, title, student_id, metric, baseline,"
    " baseline_date, target, due_date) VALUES (1, 'GL1', 'Reading', 1,"
    " 'score', 40, '2024-07-01', 60, '2025-03-01');"
    "INSERT INTO goal_progress(run_id, goal_id, npoints, status, met)"
    " VALUES (1, 1, 2, 'on_track', 0);"
    "INSERT INTO staff(id, code, given_name) VALUES (1, 'T1', 'Tara');"
    "INSERT INTO observation(id, code, staff_id, org_id, date, notes)"
    " VALUES (1, 'OB1', 1, 1, '2025-01-01',"
    " 'Asha Rao read well; Asha Raoul did not; S1 and S10 too.');"
    "INSERT INTO survey(id, code, title, audience, anonymous) VALUES"
    " (1, 'SV1', 'Survey', 'student', 0);"
    "INSERT INTO survey_question VALUES (1, 1, 1, 'text', 'Why?');"
    "INSERT INTO survey_response(id, survey_id, respondent_role,"
    " student_id) VALUES (1, 1, 'student', 1);"
    "INSERT INTO survey_answer VALUES (1, 1, NULL, 'I like maths');"
    "INSERT INTO theme(id, code, name) VALUES (1, 'TH1', 'Maths'),"
    " (2, 'TH2', 'Other');"
    "INSERT INTO text_theme VALUES ('survey', 1, 1, 1);"
    "INSERT INTO theme_quote VALUES (1, 1, 'survey', NULL, 1, 'I like "
    "maths'), (1, 2, 'survey', NULL, 1, 'something else'),"
    " (1, 2, 'observation', NULL, 1, 'group work');"
    "INSERT INTO audit(id, at, username, action, target_kind, target,"
    " detail) VALUES"
    " (1, '2025-01-01T00:00:00Z', 'asha', 'login', 'account', 'asha', NULL),"
    " (2, '2025-01-01T00:00:00Z', 'tara', 'view', 'student', 'S1', NULL),"
    " (3, '2025-01-01T00:00:00Z', 'tara', 'view', 'student', 'S10', NULL),"
    " (4, '2025-01-01T00:00:00Z', 'tara', 'register.edit', 'register',"
    " 'CL1/2025-01-01', 'S1 present->absent; S10 present->late'),"
    " (5, '2025-01-01T00:00:00Z', 'tara', 'delete', 'enrolments', 'CL1/S1',"
    " 'import x line 3');";

static store *open_fixture(const char *name, char *path, size_t n)
{
	tmp_path(path, n, name);
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	store_close(s);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, fixture, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("fixture: %s", msg);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	return s;
}

/* The text of a one-value query on the database at path ("" for none). */
static char *one(const char *path, const char *sql)
{
	static char out[1024];
	sqlite3 *db;
	sqlite3_stmt *st;
	out[0] = '\0';
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, sizeof(out), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static const audit_entry by = {.at = 1735689600, /* 2025-01-01 */
                               .username = "clerk",
                               .address = "cli",
                               .detail = "test"};

static void test_erase_student(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture("erase.db", path, sizeof(path));
	int64_t v0 = store_data_version(s);
	att_err e;
	err_clear(&e);
	erase_result r;
	assert_int_equal(store_erase_student(s, "S1", &by, &r, &e), ATT_OK);
	char key[65], want[PSEUDO_LEN + 1], acc[PSEUDO_LEN + 1];
	assert_int_equal(store_pseudo_key(s, key, &e), ATT_OK);
	store_pseudonym(key, PSEUDO_STUDENT, "S1", want);
	store_pseudonym(key, PSEUDO_ACCOUNT, "asha", acc);
	assert_string_equal(r.pseudonym, want);
	assert_non_null(strstr(r.tables.data, "instr_group_member 1"));
	assert_non_null(strstr(r.tables.data, "guardian 1"));
	assert_non_null(strstr(r.tables.data, "account 2"));
	assert_true(r.rows >= 15);
	assert_int_equal(store_data_version(s), v0 + 1);
	buf_free(&r.tables);
	store_close(s);

	/* gone: the student, their rows, the guardian with no other child,
	 * both accounts, every session of an account that saw S1 */
	assert_string_equal(one(path, "SELECT group_concat(code) FROM student"),
	                    "S10");
	assert_string_equal(
	    one(path,
	        "SELECT group_concat(student_id) FROM instr_group_member"),
	    "2");
	assert_string_equal(
	    one(path, "SELECT group_concat(code) FROM guardian"), "G2");
	assert_string_equal(
	    one(path, "SELECT group_concat(username) FROM account"), "ravi");
	assert_string_equal(one(path, "SELECT count(*) FROM web_session"), "0");
	assert_string_equal(
	    one(path, "SELECT group_concat(student_id) FROM account_scope"),
	    "2");
	assert_string_equal(
	    one(path, "SELECT group_concat(username) FROM web_login_failure"),
	    "ravi");
	assert_string_equal(one(path, "SELECT count(*) FROM goal_progress"),
	                    "0");
	assert_string_equal(one(path, "SELECT count(*) FROM survey_answer"),
	                    "0");
	assert_string_equal(one(path, "SELECT count(*) FROM text_theme"), "0");
	/* S1 wrote an answer: every survey quote goes, observation's stay */
	assert_string_equal(one(path, "SELECT group_concat(source) FROM"
	                              " theme_quote"),
	                    "observation");
	assert_string_equal(
	    one(path,
	        "SELECT count(*) FROM guardian_link WHERE guardian_id = 2"),
	    "1");

	/* mentions: whole words only; S10 and "Asha Raoul" stay */
	char line[512];
	snprintf(line, sizeof(line),
	         "%s read well; Asha Raoul did not; %s and S10 too.", want,
	         want);
	assert_string_equal(
	    one(path, "SELECT notes FROM observation WHERE id = 1"), line);
	assert_string_equal(one(path, "SELECT target FROM audit WHERE id = 2"),
	                    want);
	assert_string_equal(one(path, "SELECT target FROM audit WHERE id = 3"),
	                    "S10");
	snprintf(line, sizeof(line), "%s present->absent; S10 present->late",
	         want);
	assert_string_equal(one(path, "SELECT detail FROM audit WHERE id = 4"),
	                    line);
	snprintf(line, sizeof(line), "CL1/%s", want);
	assert_string_equal(one(path, "SELECT target FROM audit WHERE id = 5"),
	                    line);
	assert_string_equal(
	    one(path,
	        "SELECT username || ' ' || target FROM audit WHERE id = 1"),
	    (snprintf(line, sizeof(line), "%s %s", acc, acc), line));

	/* the tombstone */
	assert_string_equal(
	    one(path, "SELECT at || ' ' || username || ' ' || target_kind ||"
	              " ':' || target FROM audit WHERE action = 'erase'"),
	    (snprintf(line, sizeof(line),
	              "2025-01-01T00:00:00Z clerk student:%s", want),
	     line));
	assert_int_equal(strncmp(one(path, "SELECT detail FROM audit WHERE"
	                                   " action = 'erase'"),
	                         "test: ", 6),
	                 0);

	/* a second erasure finds nobody and changes nothing */
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	err_clear(&e);
	assert_int_equal(store_erase_student(s, "S1", &by, NULL, &e),
	                 ATT_ENOTFOUND);
	assert_int_equal(store_data_version(s), v0 + 1);
	store_close(s);
	assert_string_equal(one(path, "SELECT count(*) FROM audit"), "6");
	unlink(path);
}

/* In the caller's transaction: rolled back with it, nothing erased. */
static void test_erase_in_transaction(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture("erase-tx.db", path, sizeof(path));
	att_err e;
	err_clear(&e);
	assert_int_equal(store_pseudo_key(s, (char[65]){0}, &e), ATT_OK);
	assert_int_equal(store_begin(s, &e), ATT_OK);
	assert_int_equal(store_erase_student(s, "S10", &by, NULL, &e), ATT_OK);
	store_rollback(s);
	store_close(s);
	assert_string_equal(
	    one(path, "SELECT group_concat(code) FROM student ORDER BY id"),
	    "S1,S10");
	assert_string_equal(one(path, "SELECT count(*) FROM audit"), "5");
	unlink(path);
}

static int list_table(void *ctx, const char *table)
{
	buf *b = ctx;
	buf_printf(b, " %s ", table);
	return 0;
}

/* Every column that points at a student is called student_id (so the
 * catalogue search finds its table), and no other column's name speaks
 * of students but the counts of unit_stat. */
static void test_schema_names_students_by_student_id(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture("erase-schema.db", path, sizeof(path));
	store_close(s);
	assert_string_equal(
	    one(path, "SELECT count(*) FROM sqlite_master m,"
	              " pragma_foreign_key_list(m.name) f"
	              " WHERE m.type = 'table' AND f.\"table\" = 'student'"
	              " AND f.\"from\" <> 'student_id'"),
	    "0");
	assert_string_equal(
	    one(path,
	        "SELECT group_concat(m.name || '.' || c.name) FROM"
	        " sqlite_master m, pragma_table_info(m.name) c"
	        " WHERE m.type = 'table' AND c.name LIKE '%student%'"
	        " AND c.name <> 'student_id'"
	        " AND NOT (m.name = 'unit_stat' AND c.name = 'students')"),
	    "");
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	buf b;
	buf_init(&b);
	assert_int_equal(store_erase_tables(s, list_table, &b, &e), ATT_OK);
	store_close(s);
	static const char *const must[] = {"result",
	                                   "attendance",
	                                   "goal",
	                                   "consent",
	                                   "account",
	                                   "va_student",
	                                   "ews_flag",
	                                   "ews_reason",
	                                   "growth",
	                                   "instr_group_member",
	                                   "mastery_student",
	                                   "survey_response",
	                                   "guardian_link",
	                                   "account_scope"};
	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
		char w[64];
		snprintf(w, sizeof(w), " %s ", must[i]);
		if (!strstr(b.data, w))
			fail_msg("%s not among the erased tables:%s", must[i],
			         b.data);
	}
	assert_null(strstr(b.data, " student "));
	buf_free(&b);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_erase_student),
	    cmocka_unit_test(test_erase_in_transaction),
	    cmocka_unit_test(test_schema_names_students_by_student_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
