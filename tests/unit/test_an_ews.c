/*
 * test_an_ews.c - early-warning indicators and their reason codes against
 * hand-worked students.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "an_ews.h"

static ews_params P;

static int setup(void **state)
{
	(void)state;
	ews_params_default(&P);
	return 0;
}

static ews_result att(int possible, int absent)
{
	ews_input in = {.days_possible = possible, .days_absent = absent};
	ews_result r;
	ews_assess(&in, &P, &r);
	return r;
}

static void test_attendance(void **state)
{
	(void)state;
	/* 18 of 180: exactly 10% missed is chronic; rate 90% is above 88%. */
	ews_result r = att(180, 18);
	assert_int_equal(r.reasons, EWS_R_CHRONIC);
	assert_int_equal(r.attendance, EWS_WARN);
	assert_true(fabs(r.att_rate - 0.9) < 1e-12);
	/* 17 of 180 = 9.4%: nothing. */
	r = att(180, 17);
	assert_int_equal(r.reasons, 0);
	assert_int_equal(r.overall, EWS_NONE);
	/* 87%: early warning and chronic. */
	r = att(100, 13);
	assert_int_equal(r.reasons, EWS_R_ATT_LOW | EWS_R_CHRONIC);
	assert_int_equal(r.attendance, EWS_WARN);
	/* exactly 80% is not below 80%. */
	r = att(100, 20);
	assert_int_equal(r.attendance, EWS_WARN);
	r = att(100, 21);
	assert_int_equal(r.attendance, EWS_RISK);
	assert_true(r.reasons & EWS_R_ATT_VERY_LOW);
	/* No marked days, or nonsense: not flagged. */
	r = att(0, 0);
	assert_int_equal(r.has_attendance, 0);
	assert_true(isnan(r.att_rate));
	r = att(10, 11);
	assert_int_equal(r.has_attendance, 0);
	assert_int_equal(r.overall, EWS_NONE);
}

static void test_behaviour(void **state)
{
	(void)state;
	int conduct[] = {0, 2, 3, 5, 6};
	int want[] = {EWS_NONE, EWS_NONE, EWS_WARN, EWS_WARN, EWS_RISK};
	for (int i = 0; i < 5; i++) {
		ews_input in = {.conduct = conduct[i]};
		ews_result r;
		ews_assess(&in, &P, &r);
		assert_int_equal(r.behaviour, want[i]);
		assert_int_equal(r.overall, want[i]);
	}
	ews_input in = {.serious = 1};
	ews_result r;
	ews_assess(&in, &P, &r);
	assert_int_equal(r.behaviour, EWS_RISK);
	assert_int_equal(r.reasons, EWS_R_SERIOUS);
}

static void test_course(void **state)
{
	(void)state;
	double cut[3] = {50, 50, 50};
	double s1[3] = {40, 55, NAN};
	ews_input in = {.nsubj = 3, .score = s1, .basic_cut = cut};
	ews_result r;
	ews_assess(&in, &P, &r);
	assert_int_equal(r.course, EWS_WARN);
	assert_int_equal(r.nlow, 1);
	assert_int_equal(r.low_mask, 1);
	assert_int_equal(r.reasons, EWS_R_LOW_SUBJECT);
	double s2[3] = {40, 45, 50}; /* 50 is at the cut: not below */
	in.score = s2;
	ews_assess(&in, &P, &r);
	assert_int_equal(r.course, EWS_RISK);
	assert_int_equal(r.nlow, 2);
	assert_int_equal(r.low_mask, 3);
	assert_true(r.reasons & EWS_R_LOW_MULTI);
}

static void test_slowing(void **state)
{
	(void)state;
	struct {
		int n;
		double g[5];
		int level;
	} cases[] = {
	    {4, {-0.1, -0.1, -0.1, -0.15}, EWS_WARN}, /* fell 0.45 */
	    {4, {-0.3, -0.2, -0.3, -0.1}, EWS_RISK},  /* fell 0.9 >= 0.8 */
	    {4, {-0.3, 0.1, -0.3, -0.1}, EWS_WARN},   /* one rise allowed */
	    {4, {-0.5, 0.1, 0.1, -0.1}, EWS_NONE},    /* one drop, not a fall */
	    {4, {-0.1, -0.1, -0.1, -0.05}, EWS_NONE}, /* fell only 0.35 */
	    {5, {-1, -0.1, -0.1, -0.1, -0.15}, EWS_WARN}, /* last four count */
	    {3, {-0.9, -0.9, -0.9}, EWS_NONE},            /* too few windows */
	    {4, {-0.3, NAN, -0.3, -0.3}, EWS_NONE},       /* missing */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ews_input in = {.ngrowth = cases[i].n, .growth = cases[i].g};
		ews_result r;
		ews_assess(&in, &P, &r);
		assert_int_equal(r.progress, cases[i].level);
	}
	double g[4] = {-0.1, -0.1, -0.1, -0.15};
	ews_input in = {.ngrowth = 4, .growth = g};
	ews_result r;
	ews_assess(&in, &P, &r);
	assert_true(fabs(r.growth_fall - 0.45) < 1e-12);
}

/* Overall is the worst indicator, and every reason comes as a code with
 * its evidence and threshold (no words). */
static void test_overall_and_reasons(void **state)
{
	(void)state;
	double cut[2] = {50, 50}, sc[2] = {30, 70};
	double g[4] = {-0.2, -0.1, -0.2, 0.05};
	ews_input in = {.days_possible = 100,
	                .days_absent = 15,
	                .conduct = 6,
	                .nsubj = 2,
	                .score = sc,
	                .basic_cut = cut,
	                .ngrowth = 4,
	                .growth = g};
	ews_result r;
	ews_assess(&in, &P, &r);
	assert_int_equal(r.attendance, EWS_WARN);
	assert_int_equal(r.behaviour, EWS_RISK);
	assert_int_equal(r.course, EWS_WARN);
	assert_int_equal(r.progress, EWS_WARN);
	assert_int_equal(r.overall, EWS_RISK);
	ews_reason x[EWS_MAX_REASONS];
	int n = ews_reasons(&in, &r, &P, x, EWS_MAX_REASONS);
	assert_int_equal(n, 5); /* low, chronic, conduct, subject, slowing */
	/* attendance 85% below 88%: 15 of 100 days missed */
	assert_int_equal(x[0].code, EWS_R_ATT_LOW);
	assert_int_equal(x[0].indicator, EWS_IND_ATTENDANCE);
	assert_int_equal(x[0].level, EWS_WARN);
	assert_true(fabs(x[0].value - 0.85) < 1e-12);
	assert_true(fabs(x[0].threshold - 0.88) < 1e-12);
	assert_int_equal(x[0].count, 15);
	assert_int_equal(x[0].total, 100);
	/* chronic: 15% missed, 10% or more is chronic */
	assert_int_equal(x[1].code, EWS_R_CHRONIC);
	assert_true(fabs(x[1].value - 0.15) < 1e-12);
	assert_true(fabs(x[1].threshold - 0.10) < 1e-12);
	/* 6 conduct incidents, more than 5: at risk */
	assert_int_equal(x[2].code, EWS_R_CONDUCT_MANY);
	assert_int_equal(x[2].indicator, EWS_IND_BEHAVIOUR);
	assert_int_equal(x[2].level, EWS_RISK);
	assert_true(x[2].value == 6 && x[2].threshold == 5);
	/* subject 0 (30 against a cut of 50), not subject 1 */
	assert_int_equal(x[3].code, EWS_R_LOW_SUBJECT);
	assert_int_equal(x[3].subject, 0);
	assert_true(x[3].value == 30 && x[3].threshold == 50);
	/* slowing: fell 0.45 SD over 4 windows, 0.4 or more is slowing */
	assert_int_equal(x[4].code, EWS_R_SLOWING);
	assert_int_equal(x[4].indicator, EWS_IND_PROGRESS);
	assert_true(fabs(x[4].value - 0.45) < 1e-12);
	assert_true(fabs(x[4].threshold - 0.4) < 1e-12);
	assert_int_equal(x[4].count, 4);
	/* the list is cut at max */
	assert_int_equal(ews_reasons(&in, &r, &P, x, 2), 2);
	/* the codes agree with the reason mask, both ways */
	buf b;
	buf_init(&b);
	ews_code_list(r.reasons, &b);
	assert_string_equal(b.data,
	                    "attendance_low,chronic_absence,conduct_many,"
	                    "low_subject,slowing");
	buf_free(&b);
	for (unsigned bit = 1; bit <= EWS_R_LOSING; bit <<= 1) {
		assert_non_null(ews_code_name(bit));
		assert_int_equal(ews_code_of(ews_code_name(bit)), bit);
		assert_true(ews_code_indicator(bit) >= 0);
	}
	assert_null(ews_code_name(EWS_R_LOSING << 1));
	assert_int_equal(ews_code_of("no_such_code"), 0);
	assert_string_equal(ews_indicator_name(EWS_IND_COURSE), "course");
	assert_null(ews_indicator_name(EWS_NIND));
}

/* Below basic in two subjects at once: one low_subject per subject and
 * low_multi, all at risk; losing comes with its own threshold. */
static void test_multi_and_losing(void **state)
{
	(void)state;
	double cut[3] = {50, 50, 50}, sc[3] = {30, 70, 45};
	double g[4] = {-0.3, -0.3, -0.3, -0.1};
	ews_input in = {.nsubj = 3,
	                .score = sc,
	                .basic_cut = cut,
	                .ngrowth = 4,
	                .growth = g};
	ews_result r;
	ews_assess(&in, &P, &r);
	ews_reason x[EWS_MAX_REASONS];
	int n = ews_reasons(&in, &r, &P, x, EWS_MAX_REASONS);
	assert_int_equal(n, 5);
	assert_int_equal(x[0].code, EWS_R_LOW_SUBJECT);
	assert_int_equal(x[0].subject, 0);
	assert_int_equal(x[0].level, EWS_RISK);
	assert_int_equal(x[1].subject, 2);
	assert_int_equal(x[2].code, EWS_R_LOW_MULTI);
	assert_true(x[2].value == 2 && x[2].threshold == 2);
	assert_int_equal(x[3].code, EWS_R_SLOWING);
	assert_int_equal(x[3].level, EWS_RISK);
	assert_int_equal(x[4].code, EWS_R_LOSING);
	assert_true(fabs(x[4].value - 1.0) < 1e-12);
	assert_true(fabs(x[4].threshold - 0.8) < 1e-12);
}

static void test_separation(void **state)
{
	(void)state;
	unsigned char level[6] = {0, 1, 2, 2, 0, 1};
	unsigned char bad[6] = {0, 0, 1, 1, 1, 0};
	ews_separation s;
	assert_int_equal(ews_separate(level, bad, 6, &s), 0);
	assert_true(fabs(s.sens_warn - 2.0 / 3) < 1e-12);
	assert_true(fabs(s.spec_warn - 1.0 / 3) < 1e-12);
	assert_true(fabs(s.sens_risk - 2.0 / 3) < 1e-12);
	assert_true(fabs(s.spec_risk - 1.0) < 1e-12);
	/* pairs: 2 beats all 3 goods twice (6), 0 ties one good (0.5) */
	assert_true(fabs(s.auc - 6.5 / 9) < 1e-12);
	unsigned char none[2] = {0, 0};
	assert_int_equal(ews_separate(level, none, 2, &s), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_attendance),
	    cmocka_unit_test(test_behaviour),
	    cmocka_unit_test(test_course),
	    cmocka_unit_test(test_slowing),
	    cmocka_unit_test(test_overall_and_reasons),
	    cmocka_unit_test(test_multi_and_losing),
	    cmocka_unit_test(test_separation),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
