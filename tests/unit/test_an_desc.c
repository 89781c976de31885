/*
 * test_an_desc.c - descriptives against hand-computed answers: type-7
 * quantiles (R's quantile() default), mean/sd, the stable group sort, band
 * shares and trend intervals on the fixture.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "an_desc.h"
#include "fixture_engine.h"

static void test_quantiles(void **state)
{
	(void)state;
	/* R: quantile(c(1,2,3,4,10)) = 1 2 3 4 10 (the type-7 quantile
	 * itself is tested in test_stats) */
	const double x[] = {1, 2, 3, 4, 10};
	desc_stat s;
	an_desc_sorted(x, 5, &s);
	assert_float_equal(s.mean, 4, 1e-12);
	assert_float_equal(s.median, 3, 1e-12);
	assert_float_equal(s.q1, 2, 1e-12);
	/* sum of squares 9+4+1+0+36 = 50, / 4 */
	assert_float_equal(s.sd, sqrt(12.5), 1e-12);
	assert_float_equal(s.q3, 4, 1e-12);
	an_desc_sorted(x, 1, &s);
	assert_float_equal(s.sd, 0, 0);
	an_desc_sorted(x, 0, &s);
	assert_true(isnan(s.mean));
}

static void test_group_sort(void **state)
{
	(void)state;
	const int32_t key[] = {2, 0, 2, -1, 1, 0, 2};
	int32_t perm[7];
	int64_t off[4];
	assert_int_equal(an_group_sort(key, 7, 3, perm, off), 6);
	assert_int_equal(off[0], 0);
	assert_int_equal(off[1], 2);
	assert_int_equal(off[2], 3);
	assert_int_equal(off[3], 6);
	/* stable: original order kept inside each key */
	const int32_t want[] = {1, 5, 4, 0, 2, 6};
	for (int i = 0; i < 6; i++)
		assert_int_equal(perm[i], want[i]);
}

static void test_fixture(void **state)
{
	(void)state;
	engine *g = fixture_engine_build(ENG_LOAD_ALL);
	assert_non_null(g);
	desc_opts o = {.year = -1,
	               .subgroups = 1,
	               .classes = 1,
	               .min_n = 1,
	               .nthreads = 2};
	desc_row *rows = NULL;
	int64_t n = an_desc_compute(g, &o, &rows);
	assert_true(n > 10);
	int32_t a1 = eng_index(&g->ass, 1);
	const desc_row *all = NULL, *s3 = NULL, *c1 = NULL;
	for (int64_t i = 0; i < n; i++) {
		if (rows[i].ass != a1 || rows[i].dim != DIM_ALL)
			continue;
		if (rows[i].group_kind == DESC_ALL)
			all = &rows[i];
		if (rows[i].group_kind == DESC_ORG &&
		    rows[i].org == eng_index(&g->org, 22))
			s3 = &rows[i];
		if (rows[i].group_kind == DESC_CLASS &&
		    rows[i].cls == eng_index(&g->cls, 1))
			c1 = &rows[i];
	}
	assert_non_null(all);
	assert_non_null(s3);
	assert_non_null(c1);
	/* 0 1 1 2 2 3 3 4 out of 4 */
	assert_float_equal(all->mean_pct, 50, 1e-9);
	assert_float_equal(all->share_prof, 0.375, 1e-12);
	assert_int_equal(all->nbands, 4);
	assert_float_equal(all->band[1], 0.5, 1e-12);
	/* school 3: P6 1, P7 3, P8 0 -> mean 4/3, median 1 */
	assert_int_equal(s3->s.n, 3);
	assert_float_equal(s3->s.mean, 4.0 / 3, 1e-12);
	assert_float_equal(s3->s.median, 1, 1e-12);
	/* class C1: P1 4, P2 3, P3 2 */
	assert_int_equal(c1->s.n, 3);
	assert_float_equal(c1->s.mean, 3, 1e-12);
	char lab[64];
	an_desc_subgroup(g, DIM_LANG, g->st_lang[0], lab, sizeof(lab));
	assert_string_equal(lab, "lang:hi");

	/* Trends: the state's maths series has grade 4 (2023) and grade 5
	 * (2024): separate series, so no change is computed across grades. */
	trend_row *t = NULL;
	int64_t nt = an_desc_trends(g, rows, n, &t);
	assert_true(nt > 0);
	for (int64_t i = 0; i < nt; i++)
		assert_true(t[i].seq == 0 && isnan(t[i].change));
	free(t);
	/* The same rows with the grade-5 assessment relabelled as grade 4 form
	 * one series: change = 60 - 50 with the Welch interval. */
	int32_t a2 = eng_index(&g->ass, 2);
	g->ass_grade[a2] = 4;
	nt = an_desc_trends(g, rows, n, &t);
	int found = 0;
	for (int64_t i = 0; i < nt; i++) {
		if (t[i].org != -1 || t[i].ass != a2)
			continue;
		found = 1;
		assert_int_equal(t[i].seq, 1);
		/* a2: 70, 50 -> mean 60 pct, sd 14.142; a1: 50 pct, sd 32.73 */
		assert_float_equal(t[i].change, 10, 1e-9);
		double se = sqrt(200.0 / 2 + pow(1.309307341 * 25, 2) / 8);
		assert_float_equal(t[i].hi - t[i].change, 1.959964 * se, 1e-4);
		assert_int_equal(t[i].direction, 0);
	}
	assert_true(found);
	free(t);
	free(rows);

	/* Dashboard: district D1 (P1-P5: 4 3 2 2 1) on maths, window 2023-EOY:
	 * n 5, mean 2.4, share at or above the proficient cut 3: 2/5. */
	int levels[2] = {1, 2};
	dash_row *d = NULL;
	int64_t nd = an_desc_dashboard(g, levels, 2, 2, &d);
	int seen = 0;
	for (int64_t i = 0; i < nd; i++) {
		if (d[i].org != eng_index(&g->org, 11) ||
		    d[i].term != eng_index(&g->term, 1))
			continue;
		seen = 1;
		assert_int_equal(d[i].subject, eng_index(&g->subject, 1));
		assert_int_equal(d[i].n, 5);
		assert_float_equal(d[i].mean, 2.4, 1e-12);
		assert_float_equal(d[i].share, 0.4, 1e-12);
	}
	assert_true(seen);
	/* Every result with a placement lands once per level. */
	int64_t tot = 0;
	for (int64_t i = 0; i < nd; i++)
		tot += d[i].n;
	assert_int_equal(tot, 2 * 10);
	free(d);
	engine_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quantiles),
	    cmocka_unit_test(test_group_sort),
	    cmocka_unit_test(test_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
