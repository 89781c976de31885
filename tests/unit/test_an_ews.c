/*
 * test_an_ews.c - early-warning indicators and their reason codes against
 * hand-worked students: the thresholds alone (error band 0), then the
 * error band (a reason inside its indicator's measurement error never
 * counts) and the tiers by rank.
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
	P.error_z = 0; /* the thresholds alone; test_error_band sets it */
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

/* The default band of one standard error, against hand computations. */
static void test_error_band(void **state)
{
	(void)state;
	ews_params p;
	ews_params_default(&p);
	assert_true(p.error_z == 1.0);
	ews_result r;
	/* 100 days, 15 missed: rate 0.85 is 0.03 under 0.88, whose binomial
	 * error is sqrt(0.88 x 0.12 / 100) = 0.0325: z = 0.923, inside the
	 * band, not a reason; the share 0.15 is 0.05 over 0.10 with error
	 * sqrt(0.1 x 0.9 / 100) = 0.03: z = 1.667, a reason. */
	ews_input in = {.days_possible = 100, .days_absent = 15};
	ews_assess(&in, &p, &r);
	assert_int_equal(r.reasons, EWS_R_CHRONIC);
	assert_true(fabs(r.dist[EWS_IND_ATTENDANCE] - 0.05 / 0.03) < 1e-9);
	ews_reason x[EWS_MAX_REASONS];
	assert_int_equal(ews_reasons(&in, &r, &p, x, EWS_MAX_REASONS), 1);
	assert_true(fabs(x[0].se - 0.03) < 1e-12);
	assert_true(fabs(x[0].z - 5.0 / 3) < 1e-9);
	/* 16 missed: rate 0.84, z = 0.04 / 0.0325 = 1.231, a reason. */
	in.days_absent = 16;
	ews_assess(&in, &p, &r);
	assert_true(r.reasons & EWS_R_ATT_LOW);
	/* 12 missed: 0.12 is z = 0.667 over 0.10: nothing. */
	in.days_absent = 12;
	ews_assess(&in, &p, &r);
	assert_int_equal(r.reasons, 0);
	assert_int_equal(r.nind, 0);
	/* 13 missed: z = 0.03 / 0.03 = 1, on the band's edge: counts. */
	in.days_absent = 13;
	ews_assess(&in, &p, &r);
	assert_true(r.reasons & EWS_R_CHRONIC);
	/* Score 48 against a cut of 50 with SEM 3: z = 0.667, inside;
	 * 46: z = 1.333, a reason, and the indicator's distance. */
	double cut[1] = {50}, sem[1] = {3}, sc[1] = {48};
	ews_input ci = {.nsubj = 1, .score = sc, .basic_cut = cut, .sem = sem};
	ews_assess(&ci, &p, &r);
	assert_int_equal(r.reasons, 0);
	sc[0] = 46;
	ews_assess(&ci, &p, &r);
	assert_int_equal(r.reasons, EWS_R_LOW_SUBJECT);
	assert_true(fabs(r.dist[EWS_IND_COURSE] - 4.0 / 3) < 1e-9);
	/* Fell 0.45 past 0.40: with the fall's error 0.10, z = 0.5, inside;
	 * with 0.04, z = 1.25, a reason. */
	double g[4] = {-0.1, -0.1, -0.1, -0.15};
	ews_input gi = {.ngrowth = 4, .growth = g, .growth_se = 0.10};
	ews_assess(&gi, &p, &r);
	assert_int_equal(r.progress, EWS_NONE);
	gi.growth_se = 0.04;
	ews_assess(&gi, &p, &r);
	assert_int_equal(r.reasons, EWS_R_SLOWING);
	assert_true(fabs(r.distance - 1.25) < 1e-9);
	/* 3 incidents over 2: Poisson error sqrt(2), z = 0.707, inside; 4:
	 * z = 1.414, a reason. A serious incident always counts. */
	ews_input bi = {.conduct = 3};
	ews_assess(&bi, &p, &r);
	assert_int_equal(r.reasons, 0);
	bi.conduct = 4;
	ews_assess(&bi, &p, &r);
	assert_int_equal(r.reasons, EWS_R_CONDUCT);
	bi = (ews_input){.serious = 1};
	ews_assess(&bi, &p, &r);
	assert_int_equal(r.reasons, EWS_R_SERIOUS);
	/* Two indicators: nind 2, distance the sum (1.667 + 1.333). */
	ews_input two = {.days_possible = 100,
	                 .days_absent = 15,
	                 .nsubj = 1,
	                 .score = sc,
	                 .basic_cut = cut,
	                 .sem = sem};
	ews_assess(&two, &p, &r);
	assert_int_equal(r.nind, 2);
	assert_true(fabs(r.distance - (5.0 / 3 + 4.0 / 3)) < 1e-9);
}

/* Ranked by indicators, then distance; tiers hold floor(share x n). */
static void test_tiers(void **state)
{
	(void)state;
	int nind[10] = {0, 1, 2, 1, 0, 2, 1, 0, 0, 3};
	double dist[10] = {0, 5, 1, 2, 0, 3, 9, 0, 0, 1};
	size_t order[10];
	int rank[10];
	unsigned char tier[10];
	ews_tier(nind, dist, 10, 0.2, 0.4, order, rank, tier);
	size_t want[6] = {9, 5, 2, 6, 1, 3};
	for (int j = 0; j < 6; j++) {
		assert_int_equal(order[j], want[j]);
		assert_int_equal(rank[want[j]], j + 1);
	}
	unsigned char wt[10] = {0, 0, 2, 0, 0, 1, 2, 0, 0, 1};
	for (int i = 0; i < 10; i++)
		assert_int_equal(tier[i], wt[i]);
	assert_int_equal(rank[0], 0);
	/* 9 students, 10%: floor(0.9) = 0 in the top tier. */
	ews_tier(nind, dist, 9, 0.1, 0.2, order, rank, tier);
	for (int i = 0; i < 9; i++)
		assert_true(tier[i] != 1);
	/* fewer students with a reason than the share: only they */
	ews_tier(nind, dist, 10, 1.0, 1.0, order, rank, tier);
	int in = 0;
	for (int i = 0; i < 10; i++)
		in += tier[i] == 1;
	assert_int_equal(in, 6);
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
	    cmocka_unit_test(test_error_band),
	    cmocka_unit_test(test_tiers),
	    cmocka_unit_test(test_separation),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
