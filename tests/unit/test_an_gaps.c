/*
 * test_an_gaps.c - recovery of a planted socio-economic gap on a
 * synthetic district built from arrays (Hedges' g and the WLS slope themselves
 * are tested in test_stats).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_gaps.h"
#include "synth.h"

static void test_planted_gap(void **state)
{
	(void)state;
	double va[24];
	engine *g = synth_build(24, 60, 0.4, va, 11, ENG_LOAD_RESULTS);
	assert_non_null(g);
	gaps_opts o = {.year = -1, .min_n = 10, .alpha = 0.05};
	gap_row *rows = NULL;
	gap_trend *tr = NULL;
	int64_t n = 0, nt = 0;
	assert_int_equal(an_gaps_compute(g, &o, &rows, &n, &tr, &nt), 0);
	/* Year 1 score = 50 + 10 (a + e), a ~ N(0,1) - 0.4 ses, e ~ N(0, .3):
	 * the planted standardised gap is -0.4 / sqrt(1.09) = -0.3831. */
	const double planted = -0.4 / sqrt(1.09);
	int32_t y1 = eng_index(&g->ass, 1);
	int found = 0, gender = 0;
	for (int64_t i = 0; i < n; i++) {
		const gap_row *r = &rows[i];
		if (r->org != -1 || r->ass != y1)
			continue;
		if (r->dim == GAP_SES) {
			found = 1;
			assert_int_equal(r->a, 1);
			assert_int_equal(r->na + r->nb, 24 * 60);
			assert_true(r->lo <= planted && planted <= r->hi);
			assert_true(r->hi < 0);
		}
		if (r->dim == GAP_GENDER) {
			gender = 1;
			assert_true(r->lo <= 0 &&
			            0 <= r->hi); /* no planted gender gap */
		}
	}
	assert_true(found && gender);
	/* Language: each category against the other. */
	int lang = 0;
	for (int64_t i = 0; i < n; i++)
		if (rows[i].org == -1 && rows[i].dim == GAP_LANG &&
		    rows[i].ass == y1) {
			lang++;
			assert_int_equal(rows[i].b, -1);
		}
	assert_int_equal(lang, 2);
	/* Trends: the two assessments are grades 4 and 5, so one point each. */
	for (int64_t i = 0; i < nt; i++)
		assert_int_equal(tr[i].verdict, 2);
	free(rows);
	free(tr);
	/* Relabel grade 5 as grade 4: a two-point series per gap. */
	g->ass_grade[eng_index(&g->ass, 2)] = 4;
	assert_int_equal(an_gaps_compute(g, &o, &rows, &n, &tr, &nt), 0);
	int two = 0;
	for (int64_t i = 0; i < nt; i++)
		if (tr[i].org == -1 && tr[i].dim == GAP_SES) {
			two = 1;
			assert_int_equal(tr[i].points, 2);
			assert_true(tr[i].lo < tr[i].slope &&
			            tr[i].slope < tr[i].hi);
		}
	assert_true(two);
	char la[32], lb[32];
	const char *dn;
	an_gaps_labels(g, GAP_SES, 1, 0, &dn, la, lb, sizeof(la));
	assert_string_equal(dn, "ses");
	assert_string_equal(la, "disadvantaged");
	free(rows);
	free(tr);
	engine_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_planted_gap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
