/*
 * test_an_misc.c - goals, triangulation, peer pairs, instructional groups
 * and themes against hand-worked fixtures (figures worked out by hand and
 * checked with Python's math module).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_goals.h"
#include "an_groups.h"
#include "an_peer.h"
#include "an_themes.h"
#include "an_triang.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) < (tol))

static void test_goals(void **state)
{
	(void)state;
	goal_result r;
	/* On a straight line 50 -> 58 by day 40: slope 0.2, 70 on day 100. */
	double d1[2] = {20, 40}, v1[2] = {54, 58};
	goal_track(50, 0, 70, 100, d1, v1, 2, 50, &r);
	assert_int_equal(r.npoints, 2);
	NEAR(r.slope, 0.2, 1e-12);
	NEAR(r.projected, 70, 1e-9);
	NEAR(r.progress, 0.4, 1e-12);
	assert_int_equal(r.status, GOAL_ON_TRACK);
	assert_int_equal(r.met, 0);
	/* (0,50) (20,52) (40,53): Sxx 800, Sxy 60, slope 0.075,
	 * projected 51.6667 + 0.075 x 80 = 57.6667: off track. */
	double v2[2] = {52, 53};
	goal_track(50, 0, 70, 100, d1, v2, 2, 50, &r);
	NEAR(r.slope, 0.075, 1e-12);
	NEAR(r.projected, 155.0 / 3 + 6, 1e-9);
	assert_int_equal(r.status, GOAL_OFF_TRACK);
	/* A falling goal (absence 20% -> 10%): slope -210/1800,
	 * projected 16.3333 - 0.116667 x 60 = 9.3333 <= 10: on track. */
	double d3[2] = {30, 60}, v3[2] = {16, 13};
	goal_track(20, 0, 10, 90, d3, v3, 2, 60, &r);
	NEAR(r.slope, -210.0 / 1800, 1e-12);
	NEAR(r.projected, 49.0 / 3 - 7, 1e-9);
	assert_int_equal(r.status, GOAL_ON_TRACK);
	/* Due date passed: the latest value decides. */
	goal_track(50, 0, 70, 100, d1, v1, 2, 120, &r);
	assert_int_equal(r.due_passed, 1);
	assert_int_equal(r.status, GOAL_OFF_TRACK);
	double v4[2] = {54, 71};
	goal_track(50, 0, 70, 100, d1, v4, 2, 120, &r);
	assert_int_equal(r.status, GOAL_ON_TRACK);
	assert_int_equal(r.met, 1);
	/* Nothing after the baseline (a future and a missing point). */
	double d5[2] = {80, 10}, v5[2] = {60, NAN};
	goal_track(50, 0, 70, 100, d5, v5, 2, 50, &r);
	assert_int_equal(r.npoints, 0);
	assert_int_equal(r.status, GOAL_UNKNOWN);
	NEAR(r.progress, 0, 1e-12);
}

static void test_triang(void **state)
{
	(void)state;
	double x[6] = {1, 2, 3, 4, 5, NAN}, y[6] = {2, 1, 4, 3, 5, 9};
	triang_cor c;
	assert_int_equal(triang_pearson(x, y, 6, &c), 0);
	assert_int_equal(c.n, 5);
	NEAR(c.r, 0.8, 1e-12); /* Sxy 8, Sxx = Syy = 10 */
	NEAR(c.lo, -0.27964004196935477, 1e-12);
	NEAR(c.hi, 0.9861961933012714, 1e-12);
	/* too few, or constant */
	assert_int_equal(triang_pearson(x, y, 3, &c), -1);
	assert_true(isnan(c.r));
	double k[5] = {3, 3, 3, 3, 3};
	assert_int_equal(triang_pearson(x, k, 5, &c), -1);
	/* matrix */
	const double *v[3] = {x, y, x};
	triang_cor m[9];
	triang_matrix(v, 3, 6, m);
	NEAR(m[0 * 3 + 1].r, 0.8, 1e-12);
	NEAR(m[1 * 3 + 0].r, 0.8, 1e-12);
	NEAR(m[0 * 3 + 2].r, 1.0, 1e-12);
	assert_int_equal(m[1 * 3 + 1].n, 6);
	/* group means */
	int32_t g[6] = {0, 0, 1, 1, -1, 1};
	double mean[3];
	int32_t cnt[3];
	triang_group_means(g, y, 6, 3, mean, cnt);
	NEAR(mean[0], 1.5, 1e-12);
	NEAR(mean[1], 16.0 / 3, 1e-12);
	assert_true(isnan(mean[2]));
	assert_int_equal(cnt[1], 3);
}

static void test_peer(void **state)
{
	(void)state;
	/* A leads; B (close in size and ses, same block) and C (4x larger,
	 * another block) are its partners; D differs too much in ses; E is
	 * in another district; F is not below zero. */
	double lo[6] = {0.1, -0.5, -0.6, -0.7, -0.5, -0.1};
	double hi[6] = {0.5, -0.1, -0.2, -0.3, -0.1, 0.2};
	double size[6] = {200, 220, 800, 100, 200, 200};
	double ses[6] = {0.3, 0.32, 0.3, 0.9, 0.3, 0.3};
	int32_t block[6] = {1, 1, 2, 1, 3, 1};
	int32_t dist[6] = {0, 0, 0, 0, 1, 0};
	peer_params p;
	peer_params_default(&p);
	peer_pair *pairs;
	size_t np;
	peer_pairs_alloc(lo, hi, size, ses, block, dist, 6, &p, &pairs, &np);
	assert_int_equal(np, 2);
	assert_int_equal(pairs[0].leader, 0);
	assert_int_equal(pairs[0].partner, 1);
	assert_int_equal(pairs[0].rank, 1);
	assert_int_equal(pairs[0].same_block, 1);
	NEAR(pairs[0].distance, 0.33750352374993503, 1e-9);
	assert_int_equal(pairs[1].partner, 2);
	NEAR(pairs[1].distance, 2.5, 1e-9); /* two doublings + block */
	free(pairs);
	p.max_partners = 1;
	peer_pairs_alloc(lo, hi, size, ses, block, dist, 6, &p, &pairs, &np);
	assert_int_equal(np, 1);
	free(pairs);
}

/* Three planted profiles over 4 outcomes, 6 students each, interleaved. */
static void test_groups(void **state)
{
	(void)state;
	enum { N = 18, M = 4 };
	static const double prof[3][M] = {
	    {0.9, 0.9, 0.2, 0.85}, /* weak at outcome 2 */
	    {0.15, 0.8, 0.9, 0.9}, /* weak at outcome 0 */
	    {0.95, 0.9, 0.9, 0.95},
	};
	double x[N * M];
	for (int i = 0; i < N; i++)
		for (int j = 0; j < M; j++)
			x[i * M + j] =
			    prof[i % 3][j] + 0.02 * ((i * 7 + j * 3) % 5 - 2);
	x[4 * M + 3] = NAN; /* a missing mastery is imputed */
	int assign[N], again[N];
	double centre[3 * M], c2[3 * M];
	int it = groups_kmeans(x, N, M, 3, assign, centre);
	assert_true(it >= 1);
	/* students of one profile share a group, and profiles differ */
	for (int i = 3; i < N; i++)
		assert_int_equal(assign[i], assign[i % 3]);
	assert_int_not_equal(assign[0], assign[1]);
	assert_int_not_equal(assign[0], assign[2]);
	assert_int_not_equal(assign[1], assign[2]);
	/* numbered by mean mastery: profile 1 (mean 0.6875) is group 0 */
	assert_int_equal(assign[1], 0);
	assert_int_equal(assign[0], 1);
	assert_int_equal(assign[2], 2);
	int weak[2];
	assert_int_equal(groups_weakest(centre + 0 * M, M, 2, weak), 2);
	assert_int_equal(weak[0], 0);
	assert_int_equal(groups_weakest(centre + 1 * M, M, 1, weak), 1);
	assert_int_equal(weak[0], 2);
	/* deterministic */
	groups_kmeans(x, N, M, 3, again, c2);
	assert_memory_equal(assign, again, sizeof(assign));
	assert_memory_equal(centre, c2, sizeof(centre));
	assert_int_equal(groups_choose_k(25), 4);
	assert_int_equal(groups_choose_k(12), 3);
	assert_int_equal(groups_choose_k(2), 2);
	assert_int_equal(groups_kmeans(x, N, M, 0, assign, centre), -1);
	assert_int_equal(groups_kmeans(x, 2, M, 3, assign, centre), -1);
}

static void test_themes(void **state)
{
	(void)state;
	assert_int_equal(
	    themes_match("Students were highly Engaged.", "engag*"), 1);
	assert_int_equal(themes_match("Many seemed disengaged", "engag*"), 0);
	assert_int_equal(
	    themes_match("good group   work today", "pair work, group work"),
	    1);
	assert_int_equal(themes_match("groupwork", "group work"), 0);
	assert_int_equal(themes_match("no water in the tank", "toilet; water"),
	                 1);
	assert_int_equal(themes_match("watery", "water"), 0);

	const char *names[2] = {"Asha Verma", "Rahul"};
	themes_names *ns = themes_names_alloc(names, 2);
	assert_int_equal(themes_names_has(ns, "VERMA", 5), 1);
	assert_int_equal(themes_names_has(ns, "Ash", 3), 0);
	buf b;
	buf_init(&b);
	int n = themes_scrub("Asha and rahul met Mr. Khan; call 9876543210 "
	                     "or mail a.b@x.org about S000123. Class 7 read.",
	                     ns, &b);
	assert_string_equal(b.data,
	                    "[name] and [name] met Mr. [name]; call [number] "
	                    "or mail [email] about [code]. Class 7 read.");
	assert_int_equal(n, 6);
	buf_free(&b);
	themes_names_free(ns);

	/* counts: texts 0,1 in school 0, text 2 in school 1 */
	int32_t tt[5] = {0, 0, 1, 2, 2}, th[5] = {0, 1, 1, 1, 1};
	int32_t grp[3] = {0, 0, 1};
	int64_t counts[2 * 2] = {0};
	themes_count(tt, th, 5, grp, 2, 2, counts);
	assert_int_equal(counts[0], 1);
	assert_int_equal(counts[1], 2);
	assert_int_equal(counts[2], 0);
	assert_int_equal(counts[3], 1); /* duplicate tag counted once */

	size_t len[5] = {10, 300, 130, 60, 0}, out[3];
	assert_int_equal(themes_pick_quotes(len, 5, 3, out), 3);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 0); /* |10-120| = 110 < |300-120| */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_goals),  cmocka_unit_test(test_triang),
	    cmocka_unit_test(test_peer),   cmocka_unit_test(test_groups),
	    cmocka_unit_test(test_themes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
