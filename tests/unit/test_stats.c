/*
 * test_stats.c - the statistics module (src/stats.h) against base R
 * (the CSV files of tests/fixtures/stats, made by its make_fixture.R:
 * quantile(), mean(), sd(), var(), weighted.mean(), lm(weights =), cor(),
 * cor.test(), qnorm(), qt()) and against hand-worked cases, among them
 * the worked example of Borenstein et al. (2009, Introduction to
 * Meta-Analysis, section 4.3) for Hedges' g.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define MAXV 512
#define MAXF 8

/* Relative (or, near zero, absolute) agreement to tol. */
static int near(double a, double b, double tol)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	double s = fabs(b) > 1 ? fabs(b) : 1;
	return fabs(a - b) <= tol * s;
}

#define NEAR(a, b, tol)                                                        \
	do {                                                                   \
		if (!near((a), (b), (tol)))                                    \
			fail_msg("%s = %.17g, want %.17g", #a, (double)(a),    \
			         (double)(b));                                 \
	} while (0)

/* One fixture row: up to MAXF fields, each a list of numbers split at
 * ';' ("NA" is NaN; an empty field has no numbers). */
typedef struct frow {
	int nf;
	int n[MAXF];
	double v[MAXF][MAXV];
} frow;

static FILE *fixture(const char *name)
{
	char path[512];
	const char *root = getenv("ATTAIN_ROOT");
	snprintf(path, sizeof(path), "%s/tests/fixtures/stats/%s",
	         root && *root ? root : ".", name);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	char line[1 << 16];
	if (!fgets(line, sizeof(line), f)) /* header */
		fail_msg("%s is empty", path);
	return f;
}

/* The next row of f into r; 0 at the end. */
static int next_row(FILE *f, frow *r)
{
	static char line[1 << 16];
	if (!fgets(line, sizeof(line), f))
		return 0;
	line[strcspn(line, "\r\n")] = 0;
	memset(r, 0, sizeof(*r));
	char *p = line;
	for (;;) {
		char *end = p + strcspn(p, ",");
		char sep = *end;
		*end = 0;
		int k = r->nf++;
		for (char *q = p; *q && r->n[k] < MAXV;) {
			char *e2 = q + strcspn(q, ";");
			char s2 = *e2;
			*e2 = 0;
			r->v[k][r->n[k]++] =
			    strcmp(q, "NA") == 0 ? NAN : strtod(q, NULL);
			q = s2 ? e2 + 1 : e2;
		}
		if (!sep || r->nf == MAXF)
			break;
		p = end + 1;
	}
	return 1;
}

static void test_quantile7(void **state)
{
	(void)state;
	/* By hand: x = 1 2 3 4 10, p = .3: h = 1.2, 2 + 0.2 (3 - 2) = 2.2;
	 * p = .9: h = 3.6, 4 + 0.6 (10 - 4) = 7.6. */
	const double x[] = {1, 2, 3, 4, 10};
	NEAR(stats_quantile7(x, 5, 0.3), 2.2, 1e-15);
	NEAR(stats_quantile7(x, 5, 0.9), 7.6, 1e-15);
	NEAR(stats_quantile7(x, 5, 0), 1, 0);
	NEAR(stats_quantile7(x, 5, 1), 10, 0);
	NEAR(stats_quantile7(x, 1, 0.7), 1, 0);
	assert_true(isnan(stats_quantile7(x, 0, 0.5)));
	FILE *f = fixture("quantile.csv");
	frow r;
	int rows = 0;
	while (next_row(f, &r)) {
		NEAR(stats_quantile7(r.v[0], (size_t)r.n[0], r.v[1][0]),
		     r.v[2][0], 1e-14);
		rows++;
	}
	fclose(f);
	assert_true(rows >= 50);
}

static void test_moments(void **state)
{
	(void)state;
	FILE *f = fixture("moments.csv");
	frow r;
	int rows = 0;
	while (next_row(f, &r)) {
		const double *x = r.v[0];
		size_t n = (size_t)r.n[0];
		double m, sd;
		stats_mean_sd(x, n, &m, &sd);
		NEAR(m, r.v[1][0], 1e-14);
		NEAR(sd, r.v[2][0], 1e-12);
		/* the same variance from the running and the summed forms */
		stats_run run = {0};
		double s = 0, ss = 0;
		for (size_t i = 0; i < n; i++) {
			stats_run_add(&run, x[i]);
			s += x[i];
			ss += x[i] * x[i];
		}
		NEAR(run.mean, r.v[1][0], 1e-12);
		NEAR(sqrt(stats_run_var(&run)), r.v[2][0], 1e-10);
		double v = stats_var_from_sums((int64_t)n, s, ss);
		if (n > 1)
			NEAR(sqrt(fabs(v)), r.v[2][0], 1e-6);
		else
			assert_true(isnan(v));
		NEAR(stats_sd_from_ss(stats_ss_about(x, n, m), (int64_t)n),
		     r.v[2][0], 1e-12);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 7);
	double m, sd;
	stats_mean_sd(NULL, 0, &m, &sd);
	assert_true(isnan(m) && isnan(sd));
}

static void test_wmean(void **state)
{
	(void)state;
	/* By hand: (1 x 1 + 3 x 3) / 4 = 2.5; no weights: the plain mean. */
	const double x[] = {1, 3}, w[] = {1, 3}, zero[] = {0, 0};
	NEAR(stats_wmean(x, w, 2), 2.5, 1e-15);
	NEAR(stats_wmean(x, NULL, 2), 2, 1e-15);
	assert_true(isnan(stats_wmean(x, zero, 2)));
	FILE *f = fixture("wmean.csv");
	frow r;
	int rows = 0;
	while (next_row(f, &r)) {
		assert_int_equal(r.n[0], r.n[1]);
		NEAR(stats_wmean(r.v[0], r.v[1], (size_t)r.n[0]), r.v[2][0],
		     1e-13);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 5);
}

static void test_wls(void **state)
{
	(void)state;
	/* By hand: t = 0 1 2, y = 1 2 4, var = 1 .5 1 (w = 1 2 1): tw = 1,
	 * yw = 2.25, sxx = 2, sxy = 3: slope 1.5, se 1 / sqrt 2. */
	const double t[] = {0, 1, 2}, y[] = {1, 2, 4}, w[] = {1, 2, 1};
	stats_line l;
	assert_int_equal(stats_wls(t, y, w, 3, &l), 0);
	NEAR(l.slope, 1.5, 1e-15);
	NEAR(l.se, 0.7071067811865475, 1e-15);
	NEAR(l.xbar, 1, 1e-15);
	NEAR(l.ybar, 2.25, 1e-15);
	assert_int_equal(stats_wls(t, y, w, 1, &l), -1);
	assert_true(isnan(l.slope));
	const double same[] = {1, 1};
	assert_int_equal(stats_wls(same, y, NULL, 2, &l), -1);
	FILE *f = fixture("wls.csv");
	frow r;
	int rows = 0;
	while (next_row(f, &r)) {
		size_t n = (size_t)r.n[0];
		assert_int_equal(stats_wls(r.v[0], r.v[1], r.v[2], n, &l), 0);
		NEAR(l.slope, r.v[3][0], 1e-12);
		NEAR(l.se, r.v[4][0], 1e-12);
		NEAR(l.xbar, r.v[5][0], 1e-13);
		NEAR(l.ybar, r.v[6][0], 1e-13);
		/* unit weights: the same line without them */
		int unit = 1;
		for (size_t i = 0; i < n; i++)
			unit &= r.v[2][i] == 1;
		if (unit) {
			stats_line u;
			assert_int_equal(stats_wls(r.v[0], r.v[1], NULL, n, &u),
			                 0);
			NEAR(u.slope, r.v[3][0], 1e-12);
		}
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 4);
}

static void test_hedges(void **state)
{
	(void)state;
	double g, v;
	/* Borenstein et al. 2009, section 4.3: means 103 / 100, SDs 5.5 / 4.5,
	 * n 50 / 50: d = 0.5970, J = 0.9923, g = 0.5924, V_g = 0.0411. */
	assert_int_equal(stats_hedges_g(50, 103, 5.5, 50, 100, 4.5, &g, &v), 0);
	assert_true(fabs(g - 0.5924) < 5e-5);
	assert_true(fabs(v - 0.0411) < 5e-5);
	NEAR(stats_hedges_j(98), 1 - 3.0 / 391, 1e-15);
	/* By hand: n 10/12, means 12/10, SDs 2/3: s_p = sqrt(135/20),
	 * d = 2/s_p, J = 1 - 3/79. */
	assert_int_equal(stats_hedges_g(10, 12, 2, 12, 10, 3, &g, &v), 0);
	NEAR(g, 0.7405674338972416, 1e-12);
	NEAR(v, 0.18213821168475872, 1e-12);
	/* Sign follows group 1 minus group 2. */
	assert_int_equal(stats_hedges_g(12, 10, 3, 10, 12, 2, &g, &v), 0);
	NEAR(g, -0.7405674338972416, 1e-12);
	/* Degenerate groups. */
	assert_int_equal(stats_hedges_g(1, 1, 0, 10, 2, 1, &g, &v), -1);
	assert_true(isnan(g) && isnan(v));
	assert_int_equal(stats_hedges_g(5, 1, 0, 5, 1, 0, &g, &v), -1);
	FILE *f = fixture("hedges.csv");
	frow r;
	int rows = 0;
	while (next_row(f, &r)) {
		assert_int_equal(stats_hedges_g((int64_t)r.v[0][0], r.v[1][0],
		                                r.v[2][0], (int64_t)r.v[3][0],
		                                r.v[4][0], r.v[5][0], &g, &v),
		                 0);
		NEAR(g, r.v[6][0], 1e-12);
		NEAR(v, r.v[7][0], 1e-12);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 4);
}

static void test_interval(void **state)
{
	(void)state;
	double lo, hi;
	stats_interval(0.5, 0.1, STATS_Z975, &lo, &hi);
	NEAR(lo, 0.5 - 0.1959963984540054, 1e-15);
	NEAR(hi, 0.5 + 0.1959963984540054, 1e-15);
	/* GSL's normal quantile agrees with the constant to 1 ulp or so */
	NEAR(stats_normal_quantile(0.975), STATS_Z975, 1e-15);
	assert_true(isnan(stats_normal_quantile(0)));
	assert_true(isnan(stats_normal_quantile(1.5)));
	assert_true(isnan(stats_t_quantile(0.975, 0)));
	/* kind,p,df,q: the df of the normal rows is empty */
	FILE *f = fixture("dist.csv");
	frow r;
	int rows = 0;
	while (next_row(f, &r)) {
		double q = r.n[2] == 0 ? stats_normal_quantile(r.v[1][0])
		                       : stats_t_quantile(r.v[1][0], r.v[2][0]);
		NEAR(q, r.v[3][0], 1e-12);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 42);
}

static void test_pearson(void **state)
{
	(void)state;
	/* By hand: x = 1..5, y = 2 1 4 3 5 (a sixth pair missing): Sxy 8,
	 * Sxx = Syy = 10, r = 0.8; z = atanh .8, SE = 1 / sqrt 2. */
	const double x[6] = {1, 2, 3, 4, 5, NAN}, y[6] = {2, 1, 4, 3, 5, 9};
	double r, lo, hi;
	size_t n;
	assert_int_equal(stats_pearson(x, y, 6, 4, &r, &n), 0);
	assert_int_equal(n, 5);
	NEAR(r, 0.8, 1e-15);
	stats_fisher_interval(r, n, STATS_Z975, &lo, &hi);
	NEAR(lo, tanh(atanh(0.8) - STATS_Z975 / sqrt(2)), 1e-15);
	NEAR(hi, tanh(atanh(0.8) + STATS_Z975 / sqrt(2)), 1e-15);
	assert_int_equal(stats_pearson(x, y, 6, 6, &r, &n), -1);
	assert_true(isnan(r));
	const double k[5] = {3, 3, 3, 3, 3};
	assert_int_equal(stats_pearson(x, k, 5, 2, &r, &n), -1);
	stats_fisher_interval(1, 10, STATS_Z975, &lo, &hi);
	assert_true(lo == 1 && hi == 1);
	stats_fisher_interval(0.5, 3, STATS_Z975, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
	FILE *f = fixture("pearson.csv");
	frow fr;
	int rows = 0;
	while (next_row(f, &fr)) {
		assert_int_equal(
		    stats_pearson(fr.v[0], fr.v[1], (size_t)fr.n[0], 4, &r, &n),
		    0);
		assert_int_equal(n, (size_t)fr.v[2][0]);
		NEAR(r, fr.v[3][0], 1e-13);
		stats_fisher_interval(r, n, STATS_Z975, &lo, &hi);
		NEAR(lo, fr.v[4][0], 1e-12);
		NEAR(hi, fr.v[5][0], 1e-12);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quantile7), cmocka_unit_test(test_moments),
	    cmocka_unit_test(test_wmean),     cmocka_unit_test(test_wls),
	    cmocka_unit_test(test_hedges),    cmocka_unit_test(test_interval),
	    cmocka_unit_test(test_pearson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
