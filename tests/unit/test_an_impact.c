/*
 * test_an_impact.c - matching, difference in differences, Hedges' g and
 * its interval against a hand-worked fixture (the figures below were
 * worked out independently, with Python's statistics module), and the
 * recovery of a planted effect under selection on low prior scores.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "an_impact.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) < (tol))

/*
 * Stratum 0: comparison students pre/post 10/12, 20/21, 30/35, 40/41;
 * participants 19/25 (matches 20), 31/40 (matches 30), 100/120 (no one
 * within the caliper). Stratum 1: comparison 50/50, 60/58; participant
 * 55/60 is 5 from both and takes the lower prior (50). With caliper 1 SD:
 * SD(pre) in stratum 1 is exactly 5, so the match at distance 5 is kept.
 *   d = (6 - 1, 9 - 5, 5 - 0) = (5, 4, 5): DiD = 14/3, SE = 1/3,
 *   t(.975, 2) = 4.302653 -> CI [3.23245, 6.10088].
 *   Outcome SD pooled within the two strata over all 10 students:
 *   s = 31.272992 (df 8), J = 1 - 3/31, g = 0.1347826,
 *   SE(g) = 0.0350440, CI [0.0660976, 0.2034675].
 *   Cost 400 for 4 participants: 100 / (g / 0.1) = 74.193577.
 *   Naive: mean post of participants (25, 40, 120, 60) = 61.25 against the
 *   rest (12, 21, 35, 41, 50, 58) = 36.1667: 25.0833.
 */
static void test_hand_fixture(void **state)
{
	(void)state;
	int st[10] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
	double pre[10] = {10, 20, 30, 40, 19, 31, 100, 50, 60, 55};
	double post[10] = {12, 21, 35, 41, 25, 40, 120, 50, 58, 60};
	unsigned char tr[10] = {0, 0, 0, 0, 1, 1, 1, 0, 0, 1};
	impact_params p;
	impact_params_default(&p);
	p.caliper_sd = 1.0;
	impact_result r;
	long match[10];
	att_err e;
	assert_int_equal(
	    impact_estimate(st, pre, post, tr, 10, 400, &p, &r, match, &e),
	    ATT_OK);
	assert_int_equal(match[4], 1);
	assert_int_equal(match[5], 2);
	assert_int_equal(match[6], -1);
	assert_int_equal(match[9], 7);
	assert_int_equal(match[0], -1);
	assert_int_equal(r.n_treated, 4);
	assert_int_equal(r.n_matched, 3);
	assert_int_equal(r.n_unmatched, 1);
	assert_int_equal(r.n_controls, 3);
	assert_int_equal(r.n_rest, 6);
	NEAR(r.did, 14.0 / 3, 1e-12);
	NEAR(r.did_se, 1.0 / 3, 1e-12);
	NEAR(r.did_lo, 3.2324490900295757, 1e-6);
	NEAR(r.did_hi, 6.100884243303758, 1e-6);
	NEAR(r.s_pooled, 31.272991542223778, 1e-9);
	NEAR(r.g, 0.13478255694693714, 1e-9);
	NEAR(r.g_se, 0.035043993776139704, 1e-9);
	NEAR(r.g_lo, 0.06609759127125751, 1e-9);
	NEAR(r.g_hi, 0.20346752262261675, 1e-9);
	NEAR(r.cost_per_01sd, 74.19357687313295, 1e-6);
	NEAR(r.naive_diff, 25.083333333333336, 1e-9);
	NEAR(r.gain_t, 20.0 / 3, 1e-12);
	NEAR(r.gain_c, 2.0, 1e-12);

	/* The default 0.2 SD caliper drops the stratum-1 match (5 > 1). */
	impact_params_default(&p);
	assert_int_equal(
	    impact_estimate(st, pre, post, tr, 10, 400, &p, &r, match, &e),
	    ATT_OK);
	assert_int_equal(r.n_matched, 2);
	assert_int_equal(r.n_unmatched, 2);
	assert_int_equal(match[9], -1);

	/* Too few pairs: an input error, not a number. */
	p.caliper_sd = 0.0;
	assert_int_equal(
	    impact_estimate(st, pre, post, tr, 10, 400, &p, &r, NULL, &e),
	    ATT_EINPUT);
	assert_true(isnan(r.g));
}

static unsigned long long rs;
static double unif(void)
{
	rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
	return ((rs >> 11) + 0.5) / 9007199254740992.0;
}
static double gauss(void)
{
	return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
}

/*
 * Planted effects under selection: participants are mostly students with
 * a low prior, so the naive comparison is dragged down. Outcome SD is 10
 * on the scale; effect = 0.30 SD (3 points) or 0.
 */
static void simulate(double effect, unsigned long long seed, impact_result *r)
{
	enum { N = 6000 };
	static int st[N];
	static double pre[N], post[N];
	static unsigned char tr[N];
	rs = seed;
	for (int i = 0; i < N; i++) {
		st[i] = i % 3;
		pre[i] = 50 + 10 * gauss();
		double pt = pre[i] < 45 ? 0.5 : 0.04;
		tr[i] = unif() < pt;
		post[i] = 50 + 0.7 * (pre[i] - 50) + 7.1414 * gauss() +
		          (tr[i] ? effect * 10 : 0);
	}
	impact_params p;
	impact_params_default(&p);
	att_err e;
	assert_int_equal(
	    impact_estimate(st, pre, post, tr, N, 50000, &p, r, NULL, &e),
	    ATT_OK);
}

/*
 * Over 200 replications the 95% intervals must cover the planted truth
 * about 95% of the time (at least 90%: three binomial SEs below), the
 * +0.30 SD effect must be detected (interval above zero) nearly always, and
 * the naive interval must never cover the truth.
 */
static void test_planted(void **state)
{
	(void)state;
	enum { REPS = 200 };
	int cover3 = 0, detect3 = 0, naive3 = 0, cover0 = 0, naive0 = 0;
	for (int k = 0; k < REPS; k++) {
		impact_result r;
		simulate(0.30, 1000 + k, &r);
		assert_true(r.n_matched > 800);
		assert_true(fabs(r.pre_smd) < 0.05); /* balanced on the prior */
		/* the truth in the outcome SD s the estimate is expressed in */
		double truth = 0.30 * 10 / r.s_pooled;
		cover3 += r.g_lo < truth && truth < r.g_hi;
		detect3 += r.g_lo > 0;
		naive3 += r.naive_lo < truth && truth < r.naive_hi;
		if (r.g > 0)
			assert_true(r.cost_per_01sd > 0);

		simulate(0.0, 5000 + k, &r);
		cover0 += r.g_lo < 0 && 0 < r.g_hi;
		naive0 += r.naive_lo < 0 && 0 < r.naive_hi;
	}
	assert_in_range(cover3, REPS * 90 / 100, REPS * 995 / 1000);
	assert_in_range(cover0, REPS * 90 / 100, REPS * 995 / 1000);
	assert_true(detect3 >= REPS * 95 / 100);
	assert_int_equal(naive3, 0);
	assert_int_equal(naive0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hand_fixture),
	    cmocka_unit_test(test_planted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
