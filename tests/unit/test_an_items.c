/*
 * test_an_items.c - item statistics against an independent computation
 * (direct KR-20 from p q, correlations of the item with the rest score,
 * alpha recomputed without each item) on the fixture's 8 x 4 responses, a
 * polytomous alpha, flags, and mastery: the planted weak standard of the
 * synthetic district is the weakest in exactly the schools it was planted
 * in. Both engines are built from arrays, with no store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_items.h"
#include "fixture_engine.h"
#include "synth.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_fixture_items(void **state)
{
	(void)state;
	engine *g = fixture_engine_build(ENG_LOAD_ALL);
	assert_non_null(g);
	items_opts o = {.year = -1,
	                .pbis_flag = 0.3,
	                .p_low = 0.2,
	                .p_high = 0.95,
	                .mastery_cut = 0.6,
	                .student_rows = 1,
	                .min_n = 1,
	                .nthreads = 2};
	items_out r;
	assert_int_equal(an_items_compute(g, &o, &r), 0);
	assert_int_equal(r.ntests, 1);
	assert_int_equal(r.nitems, 4);
	const test_row *t = &r.tests[0];
	assert_int_equal(t->n, 8);
	assert_true(t->kr20);
	NEAR(t->reliability, 0.6388888888888888);
	NEAR(t->sd, 1.3093073414159542);
	NEAR(t->sem, 0.7867957924694431);
	const double p[] = {0.75, 0.625, 0.5, 0.125};
	const double pb[] = {0.4472135954999579, 0.29277002188455997,
	                     0.5773502691896258, 0.40370517361463093};
	const double ad[] = {0.55, 0.6666666666666666, 0.43749999999999994,
	                     0.591549295774648};
	for (int j = 0; j < 4; j++) {
		const item_row *x = &r.items[j];
		assert_int_equal(g->item.id[x->item], j + 1);
		NEAR(x->difficulty, p[j]);
		NEAR(x->pbis, pb[j]);
		NEAR(x->alpha_del, ad[j]);
	}
	/* Q2 (0.29 < 0.3) low discrimination; Q4 (p 0.125) too hard. */
	assert_int_equal(r.items[1].flags, ITEM_FLAG_LOWDISC);
	assert_int_equal(r.items[3].flags, ITEM_FLAG_HARD);
	assert_int_equal(r.items[0].flags, 0);
	assert_int_equal(t->flagged, 2);
	char w[64];
	an_items_flag_codes(ITEM_FLAG_HARD | ITEM_FLAG_LOWDISC, w, sizeof(w));
	assert_string_equal(w, "too hard; low discrimination");
	/* Mastery: P1 all four points; standard M4.1 (Q1, Q2), M4.2 (Q3, Q4).
	 */
	int32_t p1 = eng_index(&g->student, 101),
	        s1 = eng_index(&g->standard, 1);
	int found = 0;
	for (int64_t i = 0; i < r.nms; i++)
		if (r.ms[i].student == p1 && r.ms[i].standard == s1) {
			found = 1;
			assert_true(r.ms[i].points == 2 && r.ms[i].max == 2);
		}
	assert_true(found);
	assert_int_equal(r.nms, 16);
	/* Overall M4.1: shares 1 1 1 .5 .5 .5 1 0 -> mean 68.75%, mastered 4/8.
	 */
	found = 0;
	for (int64_t i = 0; i < r.nmg; i++)
		if (r.mg[i].kind == 0 && r.mg[i].standard == s1) {
			found = 1;
			NEAR(r.mg[i].mean_pct, 68.75);
			NEAR(r.mg[i].share_mastered, 0.5);
			NEAR(r.mg[i].rel_pct, 0);
		}
	assert_true(found);
	an_items_free(&r);
	engine_free(g);
}

static void test_polytomous(void **state)
{
	(void)state;
	const double x[] = {2, 1, 3, 1, 1, 2, 0, 0, 1, 2, 1, 1, 1, 0, 0};
	const double max[] = {2, 1, 3};
	item_row rows[3];
	test_row t;
	an_items_matrix(x, 5, 3, max, rows, &t);
	NEAR(t.reliability, 0.7659574468085106);
	assert_false(t.kr20);
	NEAR(rows[0].difficulty, 0.6);
	NEAR(rows[2].difficulty, 7.0 / 15);
}

static void test_planted_weak_standard(void **state)
{
	(void)state;
	double va[12];
	engine *g = synth_build(12, 50, 0, va, 5, ENG_LOAD_ITEMS);
	assert_non_null(g);
	items_opts o = {.year = -1,
	                .pbis_flag = 0.2,
	                .p_low = 0.2,
	                .p_high = 0.95,
	                .mastery_cut = 0.6,
	                .student_rows = 0,
	                .min_n = 5,
	                .nthreads = 2};
	items_out r;
	assert_int_equal(an_items_compute(g, &o, &r), 0);
	assert_int_equal(r.nms, 0);
	int32_t b = eng_index(&g->standard, 2);
	int schools = 0;
	for (int64_t i = 0; i < r.nmg; i++) {
		const mastery_grp *m = &r.mg[i];
		if (m->kind != 1 || g->org_school[m->id] < 0)
			continue;
		int k = atoi(g->org.code[m->id] + 2);
		if (m->standard != b)
			continue;
		schools++;
		/* Standard B planted weak in odd schools: rank 1 of 2 there. */
		assert_int_equal(m->rank, k % 2 ? 1 : 2);
	}
	assert_int_equal(schools, 12);
	/* Pooled over assessments (one here): the same ranks. */
	schools = 0;
	for (int64_t i = 0; i < r.nmp; i++) {
		const mastery_grp *m = &r.mp[i];
		if (m->kind != 1 || g->org_school[m->id] < 0 ||
		    m->standard != b)
			continue;
		schools++;
		assert_int_equal(m->ass, -1);
		assert_int_equal(m->rank,
		                 atoi(g->org.code[m->id] + 2) % 2 ? 1 : 2);
	}
	assert_int_equal(schools, 12);
	an_items_free(&r);
	engine_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixture_items),
	    cmocka_unit_test(test_polytomous),
	    cmocka_unit_test(test_planted_weak_standard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
