/*
 * test_engine.c - the columnar load: dictionaries, the org tree and its
 * ancestor table, CSR orderings, lookups and attendance tallies on the
 * hand-made fixture (fixture_engine.h), loaded with and without the
 * second thread's parts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "fixture_engine.h"

static char path[256];

static int setup(void **state)
{
	(void)state;
	tmp_path(path, sizeof(path), "engine.db");
	return fixture_engine_make(path);
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static engine *load(unsigned parts)
{
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open_existing(path, &s, &e), ATT_OK);
	engine *g = NULL;
	int rc = engine_load_alloc(s, parts, &g, &e);
	if (rc)
		fprintf(stderr, "%s\n", e.msg);
	assert_int_equal(rc, ATT_OK);
	store_close(s);
	return g;
}

static void test_dicts_and_tree(void **state)
{
	(void)state;
	engine *g = load(ENG_LOAD_ALL);
	assert_int_equal(g->org.n, 6);
	assert_int_equal(g->nschool, 3);
	assert_int_equal(g->nlevels, 3);
	assert_string_equal(g->level_name[1], "district");
	assert_int_equal(g->school_level, 2);
	int32_t s3 = g->org_school[eng_index(&g->org, 22)];
	assert_true(s3 >= 0);
	assert_string_equal(g->org.code[engine_school_anc(g, s3, 1)], "D2");
	assert_string_equal(g->org.code[engine_school_anc(g, s3, 0)], "ST");
	assert_int_equal(engine_school_anc(g, s3, 2), g->school_org[s3]);
	assert_int_equal(g->org_depth[eng_index(&g->org, 22)], 2);
	assert_int_equal(g->org_parent[eng_index(&g->org, 10)], -1);
	assert_int_equal(eng_index(&g->org, 9999), -1);
	assert_int_equal(eng_index(&g->org, -5), -1);

	assert_int_equal(g->student.n, 8);
	int32_t p1 = eng_index(&g->student, 101);
	assert_string_equal(g->student.code[p1], "P1");
	assert_int_equal(g->st_gender[p1], ENG_GENDER_F);
	assert_int_equal(g->st_ses[p1], 1);
	assert_int_equal(g->st_ses[eng_index(&g->student, 106)], -1);
	assert_string_equal(g->home_language.label[g->st_lang[p1]], "hi");
	assert_int_equal(g->st_lang[eng_index(&g->student, 107)], -1);
	engine_free(g);
}

static void test_results_and_lookups(void **state)
{
	(void)state;
	engine *g = load(ENG_LOAD_ALL);
	assert_int_equal(g->nres, 10);
	int32_t a1 = eng_index(&g->ass, 1), a2 = eng_index(&g->ass, 2);
	assert_int_equal(g->res_off[a1 + 1] - g->res_off[a1], 8);
	assert_int_equal(g->res_off[a2 + 1] - g->res_off[a2], 2);
	for (int64_t r = g->res_off[a1] + 1; r < g->res_off[a1 + 1]; r++)
		assert_true(g->res_student[r - 1] < g->res_student[r]);
	int32_t p1 = eng_index(&g->student, 101),
	        p8 = eng_index(&g->student, 108);
	assert_true(engine_score(g, a1, p1) == 4.0);
	assert_true(engine_score(g, a2, p1) == 70.0);
	assert_true(isnan(engine_score(g, a2, p8)));
	/* By-student index: P1 has two results, in assessment order. */
	assert_int_equal(g->rs_off[p1 + 1] - g->rs_off[p1], 2);
	assert_true(g->res_score[g->rs_row[g->rs_off[p1] + 1]] == 70.0);
	/* Cut scores and bands. */
	assert_int_equal(engine_nbands(g, a1), 4);
	assert_true(g->ass_prof_cut[a1] == 3.0);
	assert_true(isnan(g->ass_prof_cut[a2]));
	assert_int_equal(engine_band(g, a1, 2.5), 1);
	assert_int_equal(engine_band(g, a1, 4), 3);
	assert_int_equal(engine_band(g, a2, 50), -1);
	/* Placements sorted by year, classes and teachers. */
	int32_t y1 = eng_index(&g->year, 1), y2 = eng_index(&g->year, 2);
	assert_int_equal(g->pl_off[p1 + 1] - g->pl_off[p1], 2);
	assert_int_equal(g->pl_year[g->pl_off[p1]], y1);
	int32_t k = engine_placement(g, p1, y2);
	assert_true(k >= 0);
	assert_int_equal(g->pl_grade[k], 5);
	assert_int_equal(engine_placement(g, p8, y2), -1);
	int32_t math = eng_index(&g->subject, 1);
	int32_t c1 = engine_student_class(g, p1, y1, math);
	assert_string_equal(g->cls.code[c1], "C1");
	assert_string_equal(g->staff.code[g->cls_lead[c1]], "T1");
	int32_t p6 = eng_index(&g->student, 106);
	assert_string_equal(g->cls.code[engine_student_class(g, p6, y1, math)],
	                    "C2");
	assert_int_equal(engine_student_class(g, p8, y1, math), -1);
	assert_int_equal(g->en_off[c1 + 1] - g->en_off[c1], 3);
	engine_free(g);
}

static void test_items_attendance_other(void **state)
{
	(void)state;
	engine *g = load(ENG_LOAD_ALL);
	int32_t a1 = eng_index(&g->ass, 1);
	assert_int_equal(g->items_off[a1 + 1] - g->items_off[a1], 4);
	assert_int_equal(g->nir, 32);
	int32_t q1 = eng_index(&g->item, 1);
	assert_int_equal(g->ir_off[q1 + 1] - g->ir_off[q1], 8);
	double sum = 0;
	for (int64_t r = g->ir_off[q1]; r < g->ir_off[q1 + 1]; r++)
		sum += g->ir_points[r];
	assert_true(sum == 6.0);
	assert_string_equal(
	    g->standard.code[g->item_standard[eng_index(&g->item, 3)]], "M4.2");
	/* Attendance: 0x21,0x43 = present, absent, late, excused. */
	assert_int_equal(g->natt, 2);
	int32_t p1 = eng_index(&g->student, 101);
	assert_int_equal(g->att_student[0], p1);
	assert_int_equal(g->att_possible[0], 4);
	assert_int_equal(g->att_present[0], 2);
	assert_int_equal(g->att_absent[0], 2);
	assert_int_equal(g->att_excused[0], 1);
	assert_int_equal(g->att_marks_off[1] - g->att_marks_off[0], 2);
	/* Behaviour sorted by date within a student. */
	int32_t p2 = eng_index(&g->student, 102);
	assert_int_equal(g->beh_off[p2 + 1] - g->beh_off[p2], 2);
	assert_int_equal(g->beh_serious[g->beh_off[p2]], 1);
	assert_string_equal(
	    g->beh_categories.label[g->beh_category[g->beh_off[p2]]], "fight");
	/* Interventions, goals, profiles. */
	assert_int_equal(g->iv.n, 1);
	assert_int_equal(g->part_off[1], 2);
	assert_true(isnan(g->part_dosage[1]));
	assert_true(g->iv_cost[0] == 500.0);
	assert_int_equal(g->goal.n, 1);
	assert_int_equal(g->goal_metric[0], ENG_METRIC_MEAN_SCORE);
	assert_int_equal(g->nprof, 1);
	assert_int_equal(g->prof_rural[0], 1);
	assert_true(g->prof_ptr[0] == 32.5);
	assert_int_equal(g->prof_classrooms[0], -1);
	engine_free(g);
}

static void test_partial_load(void **state)
{
	(void)state;
	engine *g = load(0);
	assert_int_equal(g->nres, 0);
	assert_int_equal(g->nir, 0);
	assert_int_equal(g->natt, 0);
	int32_t a1 = eng_index(&g->ass, 1);
	assert_int_equal(g->res_off[a1 + 1], 0);
	assert_true(isnan(engine_score(g, a1, 0)));
	assert_int_equal(g->student.n, 8);
	buf b;
	buf_init(&b);
	engine_describe(g, &b);
	assert_non_null(strstr(b.data, "8 students"));
	buf_free(&b);
	engine_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dicts_and_tree),
	    cmocka_unit_test(test_results_and_lookups),
	    cmocka_unit_test(test_items_attendance_other),
	    cmocka_unit_test(test_partial_load),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
