/*
 * test_oulad_ews.c - early warning on real outcomes: runs the OULAD
 * evaluation of bench/oulad_ews.c (included, without its main) on
 * $ATTAIN_SHARED/data/oulad-subset and checks that the tiers separate the
 * students who failed from those who passed, better with more evidence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define OULAD_EWS_NO_MAIN
#include "../../bench/oulad_ews.c"

static void test_oulad(void **state)
{
	(void)state;
	const char *sh = getenv("ATTAIN_SHARED");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/data/oulad-subset",
	         sh ? sh : "../shared");
	oulad o;
	att_err e;
	if (oulad_load(dir, &o, &e) != ATT_OK) {
		print_message("no OULAD data: %s\n", e.msg);
		skip();
	}
	/* The counts SOURCE.md gives: 3,572 Fail, 7,310 Pass, 1,607
	 * Distinction, 12 module presentations. */
	int fails = 0;
	for (int i = 0; i < o.nstu; i++)
		fails += o.stu[i].fail;
	assert_int_equal(o.nstu, 12489);
	assert_int_equal(fails, 3572);
	assert_int_equal(o.nmp, 12);

	ews_params p;
	ews_params_default(&p);
	int cut[4] = {30, 60, 90, 124};
	double prev = 0.5;
	for (int c = 0; c < 4; c++) {
		ews_separation s;
		double fl;
		assert_int_equal(oulad_evaluate(&o, cut[c], 0, &p, &s, &fl), 0);
		assert_int_equal(s.n_bad, 3572);
		/* more evidence separates better, always better than chance */
		assert_true(s.auc > prev);
		prev = s.auc;
		/* the at-risk tier is the stricter one */
		assert_true(s.spec_risk >= s.spec_warn);
		assert_true(s.sens_risk <= s.sens_warn);
	}
	ews_separation s;
	double fl;
	oulad_evaluate(&o, 124, 0, &p, &s, &fl);
	assert_true(s.auc > 0.75);
	assert_true(s.sens_warn > 0.6 && s.spec_warn > 0.75);
	oulad_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_oulad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
