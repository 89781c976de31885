/*
 * test_sgp.c - quantile regression (qr) against closed forms and brute
 * force, and Student Growth Percentiles (an_sgp) against the SGP package's
 * method run in R with quantreg (tests/fixtures/sgp, made by make_fixture.R).
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

#include "an_sgp.h"
#include "qr.h"

/* ---- fixture reading ---- */

static FILE *fixture_open(const char *name)
{
	char path[1024];
	const char *root = getenv("ATTAIN_ROOT");
	snprintf(path, sizeof(path), "%s/tests/fixtures/sgp/%s",
	         root && *root ? root : ".", name);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	return f;
}

/* Split a CSV line of numbers; an empty field is NAN. Returns the count. */
static int split_nums(char *line, double *out, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		char *end = p + strcspn(p, ",\r\n");
		char c = *end;
		*end = '\0';
		out[n++] = *p ? strtod(p, NULL) : NAN;
		if (c != ',')
			break;
		p = end + 1;
	}
	return n;
}

typedef struct cohort {
	size_t n;
	double *cur, *p1, *p2;
	int *sgp1, *sgp2; /* R's: order-1 and order-2 models (-1 none) */
} cohort;

static void cohort_load(cohort *c)
{
	FILE *f = fixture_open("cohort.csv");
	char line[512];
	size_t cap = 8192;
	c->n = 0;
	c->cur = malloc(cap * sizeof(double));
	c->p1 = malloc(cap * sizeof(double));
	c->p2 = malloc(cap * sizeof(double));
	c->sgp1 = malloc(cap * sizeof(int));
	c->sgp2 = malloc(cap * sizeof(int));
	assert_non_null(fgets(line, sizeof(line), f)); /* header */
	while (fgets(line, sizeof(line), f) && c->n < cap) {
		double v[6];
		assert_int_equal(split_nums(line, v, 6), 6);
		c->cur[c->n] = v[1];
		c->p1[c->n] = v[2];
		c->p2[c->n] = v[3];
		c->sgp1[c->n] = (int)v[4];
		c->sgp2[c->n] = isnan(v[5]) ? -1 : (int)v[5];
		c->n++;
	}
	fclose(f);
	assert_int_equal(c->n, 5000);
}

static void cohort_free(cohort *c)
{
	free(c->cur);
	free(c->p1);
	free(c->p2);
	free(c->sgp1);
	free(c->sgp2);
}

static void knots_load(sgp_knots k[2])
{
	FILE *f = fixture_open("knots.csv");
	char line[512];
	assert_non_null(fgets(line, sizeof(line), f));
	for (int j = 0; j < 2; j++) {
		double v[7];
		assert_non_null(fgets(line, sizeof(line), f));
		assert_int_equal(split_nums(line, v, 7), 7);
		for (int q = 0; q < 4; q++)
			k[j].knots[q] = v[1 + q];
		k[j].lo = v[5];
		k[j].hi = v[6];
	}
	fclose(f);
}

/* ---- qr ---- */

/* LAD (tau = 0.5) through four collinear points and one outlier: the line
 * y = x is the unique minimiser (every direction raises the loss), loss 3. */
static void test_qr_lad_hand(void **state)
{
	(void)state;
	double X[] = {1, 0, 1, 1, 1, 2, 1, 3, 1, 4};
	double y[] = {0, 1, 2, 3, 10};
	double b[2];
	att_err e;
	assert_int_equal(qr_fit_fn(X, y, 5, 2, 0.5, b, NULL, &e), ATT_OK);
	assert_true(fabs(b[0] - 0.0) < 1e-6);
	assert_true(fabs(b[1] - 1.0) < 1e-6);
	assert_true(fabs(qr_objective(X, y, 5, 2, 0.5, b) - 3.0) < 1e-6);
}

/* Intercept only: the tau-th regression quantile is the sample quantile,
 * the ceil(n tau)-th order statistic when n tau is not an integer. */
static void test_qr_intercept_quantile(void **state)
{
	(void)state;
	double X[7] = {1, 1, 1, 1, 1, 1, 1};
	double y[7] = {5, 1, 9, 3, 7, 2, 8}; /* sorted: 1 2 3 5 7 8 9 */
	double taus[] = {0.3, 0.5, 0.9, 0.1};
	double want[] = {3, 5, 9, 1};
	double b[4];
	att_err e;
	for (int t = 0; t < 4; t++) {
		assert_int_equal(
		    qr_fit_fn(X, y, 7, 1, taus[t], &b[t], NULL, &e), ATT_OK);
		assert_true(fabs(b[t] - want[t]) < 1e-6);
	}
	/* The many-tau driver gives the same. */
	double bt[4];
	assert_int_equal(qr_fit_taus(X, y, 7, 1, taus, 4, 2, bt, NULL, &e),
	                 ATT_OK);
	for (int t = 0; t < 4; t++)
		assert_true(fabs(bt[t] - want[t]) < 1e-6);
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static double unif(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) * (1.0 / 9007199254740992.0);
}
static double gauss(void)
{
	double u = unif(), v = unif();
	return sqrt(-2.0 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

/* Simple regression: the optimum is a line through two data points, so the
 * smallest loss over all pairs is the exact minimum. */
static void test_qr_brute_force(void **state)
{
	(void)state;
	enum { N = 40 };
	double X[2 * N], y[N];
	for (int i = 0; i < N; i++) {
		double x = 10 * unif();
		X[2 * i] = 1;
		X[2 * i + 1] = x;
		y[i] = 3 + 0.5 * x + gauss() * (1 + 0.3 * x);
	}
	double taus[] = {0.1, 0.25, 0.5, 0.8, 0.95};
	for (int t = 0; t < 5; t++) {
		double best = HUGE_VAL;
		for (int i = 0; i < N; i++)
			for (int j = i + 1; j < N; j++) {
				double dx = X[2 * j + 1] - X[2 * i + 1];
				if (fabs(dx) < 1e-12)
					continue;
				double bb[2];
				bb[1] = (y[j] - y[i]) / dx;
				bb[0] = y[i] - bb[1] * X[2 * i + 1];
				double o =
				    qr_objective(X, y, N, 2, taus[t], bb);
				if (o < best)
					best = o;
			}
		double b[2];
		att_err e;
		assert_int_equal(qr_fit_fn(X, y, N, 2, taus[t], b, NULL, &e),
		                 ATT_OK);
		double o = qr_objective(X, y, N, 2, taus[t], b);
		assert_true(o >= best - 1e-9);
		assert_true(o - best < 1e-6 * (1 + best));
	}
}

/* The globbing, warm-started, two-thread driver solves the same problems
 * as the plain interior-point method (large enough n to take that path). */
static void test_qr_taus_match_fn(void **state)
{
	(void)state;
	enum { N = 6000, P = 4, T = 9 };
	double *X = malloc(N * P * sizeof(double)),
	       *y = malloc(N * sizeof(double));
	for (int i = 0; i < N; i++) {
		double a = gauss(), c = unif();
		X[i * P] = 1;
		X[i * P + 1] = a;
		X[i * P + 2] = a * a;
		X[i * P + 3] = c;
		y[i] = round(10 * (1 + a + 0.5 * c + (1 + 0.5 * c) * gauss()));
	}
	double taus[T] = {0.005, 0.05, 0.2, 0.45, 0.5, 0.55, 0.8, 0.95, 0.995};
	double bt[T * P];
	qr_stats st = {0};
	att_err e;
	assert_int_equal(qr_fit_taus(X, y, N, P, taus, T, 2, bt, &st, &e),
	                 ATT_OK);
	assert_true(st.full_solves < T); /* the reduced path did the work */
	for (int t = 0; t < T; t++) {
		double b[P];
		assert_int_equal(qr_fit_fn(X, y, N, P, taus[t], b, NULL, &e),
		                 ATT_OK);
		double o1 = qr_objective(X, y, N, P, taus[t], b);
		double o2 = qr_objective(X, y, N, P, taus[t], bt + t * P);
		assert_true(fabs(o1 - o2) <= 1e-7 * (1 + o1));
	}
	free(X);
	free(y);
}

/* Above 32,768 rows the band is bracketed on a sample and high-leverage
 * rows far from it are globbed: still the same optimum as the plain
 * method, on a heteroscedastic design with a heavy-tailed, high-leverage
 * regressor. */
static void test_qr_taus_large_match_fn(void **state)
{
	(void)state;
	enum { N = 40000, P = 4, T = 6 };
	double *X = malloc(N * P * sizeof(double)),
	       *y = malloc(N * sizeof(double));
	for (int i = 0; i < N; i++) {
		double a = gauss(), c = unif();
		double t = a * a * a; /* heavy tails: a few rows dominate */
		X[i * P] = 1;
		X[i * P + 1] = a;
		X[i * P + 2] = t;
		X[i * P + 3] = c;
		y[i] = round(
		    10 * (1 + a + 0.1 * t + 0.5 * c + (1 + 0.5 * c) * gauss()));
	}
	double taus[T] = {0.005, 0.3, 0.5, 0.51, 0.9, 0.995};
	double bt[T * P];
	qr_stats st = {0};
	att_err e;
	assert_int_equal(qr_fit_taus(X, y, N, P, taus, T, 2, bt, &st, &e),
	                 ATT_OK);
	assert_true(st.full_solves < T);
	assert_true(st.rows < (long)T * N / 2); /* reduced problems */
	for (int t = 0; t < T; t++) {
		double b[P];
		assert_int_equal(qr_fit_fn(X, y, N, P, taus[t], b, NULL, &e),
		                 ATT_OK);
		double o1 = qr_objective(X, y, N, P, taus[t], b);
		double o2 = qr_objective(X, y, N, P, taus[t], bt + t * P);
		assert_true(fabs(o1 - o2) <= 1e-7 * (1 + o1));
	}
	free(X);
	free(y);
}

static void test_qr_errors(void **state)
{
	(void)state;
	double X[] = {1, 2, 1, 2, 1, 2, 1, 2}; /* second column = 2 * first */
	double y[] = {1, 2, 3, 4};
	double b[2];
	att_err e;
	assert_int_equal(qr_fit_fn(X, y, 4, 2, 0.5, b, NULL, &e), ATT_EINPUT);
	assert_non_null(strstr(e.msg, "singular"));
	assert_int_equal(qr_fit_fn(X, y, 4, 2, 1.0, b, NULL, &e), ATT_EINPUT);
	assert_non_null(strstr(e.msg, "tau"));
	assert_int_equal(qr_fit_fn(X, y, 1, 2, 0.5, b, NULL, &e), ATT_EINPUT);
}

/* ---- knots and basis ---- */

static void test_knots_match_r(void **state)
{
	(void)state;
	cohort c;
	cohort_load(&c);
	sgp_knots want[2], got;
	knots_load(want);
	att_err e;
	const double *pr[2] = {c.p1, c.p2};
	for (int j = 0; j < 2; j++) {
		assert_int_equal(sgp_knots_compute(pr[j], c.n, &got, &e),
		                 ATT_OK);
		for (int q = 0; q < 4; q++)
			assert_true(fabs(got.knots[q] - want[j].knots[q]) <
			            1e-9);
		assert_true(fabs(got.lo - want[j].lo) < 1e-9);
		assert_true(fabs(got.hi - want[j].hi) < 1e-9);
	}
	double same[3] = {4, 4, NAN};
	assert_int_equal(sgp_knots_compute(same, 3, &got, &e), ATT_EINPUT);
	cohort_free(&c);
}

static void test_bs_match_r(void **state)
{
	(void)state;
	sgp_knots k[2];
	knots_load(k);
	FILE *f = fixture_open("bs.csv");
	char line[1024];
	assert_non_null(fgets(line, sizeof(line), f));
	int rows = 0, outside = 0;
	att_err e;
	while (fgets(line, sizeof(line), f)) {
		double v[8], got[SGP_NBASIS];
		assert_int_equal(split_nums(line, v, 8), 8);
		assert_int_equal(sgp_bs_eval(&k[0], &v[0], 1, got, &e), ATT_OK);
		for (int j = 0; j < SGP_NBASIS; j++)
			assert_true(fabs(got[j] - v[1 + j]) < 1e-12);
		rows++;
		outside += v[0] < k[0].lo || v[0] > k[0].hi;
	}
	fclose(f);
	assert_true(rows >= 25);
	assert_int_equal(outside, 4);
	/* A missing value gives a missing row. */
	double nan = NAN, got[SGP_NBASIS];
	assert_int_equal(sgp_bs_eval(&k[0], &nan, 1, got, &e), ATT_OK);
	assert_true(isnan(got[0]) && isnan(got[SGP_NBASIS - 1]));
}

/* ---- SGP agreement with R ---- */

static void agreement(const int *got, const int *want, size_t n,
                      const char *what)
{
	size_t cmp = 0, equal = 0, within1 = 0, over3 = 0;
	int maxd = 0;
	for (size_t i = 0; i < n; i++) {
		if (want[i] < 0)
			continue;
		int d = abs(got[i] - want[i]);
		cmp++;
		equal += d == 0;
		within1 += d <= 1;
		over3 += d > 3;
		if (d > maxd)
			maxd = d;
	}
	printf("# %s: %zu compared, %.2f%% equal, %.2f%% within 1, max |d| "
	       "%d\n",
	       what, cmp, 100.0 * (double)equal / (double)cmp,
	       100.0 * (double)within1 / (double)cmp, maxd);
	assert_true(cmp > 4000);
	assert_true((double)within1 >= 0.99 * (double)cmp);
	assert_int_equal(over3, 0);
}

static void test_sgp_one_prior_matches_r(void **state)
{
	(void)state;
	cohort c;
	cohort_load(&c);
	int *sgp = malloc(c.n * sizeof(int)), *ord = malloc(c.n * sizeof(int));
	sgp_params par;
	sgp_params_default(&par);
	sgp_info info;
	att_err e;
	const double *pr[1] = {c.p1};
	assert_int_equal(
	    sgp_compute(c.cur, pr, 1, c.n, &par, sgp, ord, NULL, &info, &e),
	    ATT_OK);
	assert_int_equal(info.max_order, 1);
	assert_int_equal(info.cohort[1], 5000);
	for (size_t i = 0; i < c.n; i++) {
		assert_int_equal(ord[i], 1);
		assert_true(sgp[i] >= 1 && sgp[i] <= 99);
	}
	agreement(sgp, c.sgp1, c.n, "one prior");
	free(sgp);
	free(ord);
	cohort_free(&c);
}

static void test_sgp_two_priors_match_r(void **state)
{
	(void)state;
	cohort c;
	cohort_load(&c);
	int *sgp = malloc(c.n * sizeof(int)), *ord = malloc(c.n * sizeof(int));
	int *want = malloc(c.n * sizeof(int));
	sgp_params par;
	sgp_params_default(&par);
	sgp_info info;
	att_err e;
	const double *pr[2] = {c.p1, c.p2};
	assert_int_equal(
	    sgp_compute(c.cur, pr, 2, c.n, &par, sgp, ord, NULL, &info, &e),
	    ATT_OK);
	assert_int_equal(info.max_order, 2);
	size_t two = 0;
	for (size_t i = 0; i < c.n; i++) {
		/* The highest order with all priors present is reported. */
		assert_int_equal(ord[i], isnan(c.p2[i]) ? 1 : 2);
		want[i] = isnan(c.p2[i]) ? c.sgp1[i] : c.sgp2[i];
		two += ord[i] == 2;
	}
	assert_int_equal(info.cohort[2], two);
	agreement(sgp, want, c.n, "two priors");
	free(want);
	free(sgp);
	free(ord);
	cohort_free(&c);
}

/* Below the minimum cohort size no model is fitted; students without a
 * current score or first prior get no SGP; a too-small order-2 cohort
 * falls back to order 1 for everyone. */
static void test_sgp_cohort_rules(void **state)
{
	(void)state;
	cohort c;
	cohort_load(&c);
	c.cur[0] = NAN;
	c.p1[1] = NAN;
	int *sgp = malloc(c.n * sizeof(int)), *ord = malloc(c.n * sizeof(int));
	sgp_params par;
	sgp_params_default(&par);
	sgp_info info;
	att_err e;
	const double *pr[2] = {c.p1, c.p2};

	par.min_cohort = 5001;
	assert_int_equal(
	    sgp_compute(c.cur, pr, 2, c.n, &par, sgp, ord, NULL, &info, &e),
	    ATT_OK);
	assert_int_equal(info.max_order, 0);
	assert_int_equal(sgp[0], SGP_NONE);
	assert_int_equal(sgp[1], SGP_NONE);
	for (size_t i = 2; i < c.n; i++) {
		assert_int_equal(sgp[i], SGP_INSUFFICIENT);
		assert_int_equal(ord[i], 0);
	}

	par.min_cohort = 4700; /* order 1 has 4998, order 2 about 4610 */
	assert_int_equal(
	    sgp_compute(c.cur, pr, 2, c.n, &par, sgp, ord, NULL, &info, &e),
	    ATT_OK);
	assert_int_equal(info.max_order, 1);
	assert_int_equal(info.cohort[1], 4998);
	for (size_t i = 2; i < c.n; i++)
		assert_int_equal(ord[i], 1);
	assert_int_equal(ord[0], 0);
	free(sgp);
	free(ord);
	cohort_free(&c);
}

static void test_group_median(void **state)
{
	(void)state;
	int group[] = {0, 0, 0, 1, 1, 1, 1, 2, 0, 1};
	int sgp[] = {10, 50, 30, 99, 1, 40, 60, SGP_NONE, SGP_INSUFFICIENT, 5};
	double med[3];
	size_t cnt[3];
	sgp_group_median(group, sgp, 10, 3, med, cnt);
	assert_int_equal(cnt[0], 3);
	assert_true(med[0] == 30.0); /* 10 30 50 */
	assert_int_equal(cnt[1], 5);
	assert_true(med[1] == 40.0); /* 1 5 40 60 99 */
	assert_int_equal(cnt[2], 0);
	assert_true(isnan(med[2]));
	int g2[] = {0, 0, 0, 0};
	int s2[] = {20, 10, 41, 30};
	sgp_group_median(g2, s2, 4, 1, med, cnt);
	assert_true(med[0] == 25.0); /* even count: mean of 20 and 30 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_qr_lad_hand),
	    cmocka_unit_test(test_qr_intercept_quantile),
	    cmocka_unit_test(test_qr_brute_force),
	    cmocka_unit_test(test_qr_taus_match_fn),
	    cmocka_unit_test(test_qr_taus_large_match_fn),
	    cmocka_unit_test(test_qr_errors),
	    cmocka_unit_test(test_knots_match_r),
	    cmocka_unit_test(test_bs_match_r),
	    cmocka_unit_test(test_sgp_one_prior_matches_r),
	    cmocka_unit_test(test_sgp_two_priors_match_r),
	    cmocka_unit_test(test_sgp_cohort_rules),
	    cmocka_unit_test(test_group_median),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
