/*
 * test_an_va.c - value-added: OLS against an exact polynomial, bands with
 * ties, per-band capping and the Progress 8 interval by hand, and recovery
 * of planted school effects on a synthetic district (tests/unit/synth.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "an_va.h"
#include "synth.h"

static void test_ols(void **state)
{
	(void)state;
	double X[30], y[10], beta[3], fit[10];
	for (int i = 0; i < 10; i++) {
		double x = i - 4.5;
		X[i * 3] = 1;
		X[i * 3 + 1] = x;
		X[i * 3 + 2] = x * x;
		y[i] = 1 + 2 * x + 3 * x * x;
	}
	assert_int_equal(an_va_ols(X, 10, 3, y, beta, fit), 3);
	assert_float_equal(beta[0], 1, 1e-8);
	assert_float_equal(beta[1], 2, 1e-8);
	assert_float_equal(beta[2], 3, 1e-8);
	assert_float_equal(fit[9], y[9], 1e-8);
	/* A duplicated column: rank 2, the fit is still exact. */
	for (int i = 0; i < 10; i++) {
		X[i * 3 + 2] = X[i * 3 + 1];
		y[i] = 4 - 1 * (i - 4.5);
	}
	assert_int_equal(an_va_ols(X, 10, 3, y, beta, fit), 2);
	assert_float_equal(beta[0], 4, 1e-8);
	assert_float_equal(beta[1] + beta[2], -1, 1e-8);
	assert_float_equal(fit[3], y[3], 1e-8);
}

static void test_bands_cap_interval(void **state)
{
	(void)state;
	const double p[] = {5, 1, 1, 2, 3, 4, 6, 7, 8, 9};
	int16_t band[10];
	assert_int_equal(an_va_bands(p, 10, 5, band), 5);
	/* sorted 1 1 2 3 4 5 6 7 8 9: floor(rank_first * 5 / 10) */
	const int16_t want[] = {2, 0, 0, 1, 1, 2, 3, 3, 4, 4};
	for (int i = 0; i < 10; i++)
		assert_int_equal(band[i], want[i]);
	double y[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, ex[10];
	an_va_band_expected(y, band, 10, 5, ex);
	assert_float_equal(ex[1], 2.5, 1e-12); /* band 0: 2 and 3 */
	assert_float_equal(ex[0], 3.5, 1e-12); /* band 2: 1 and 6 */

	/* One band: residuals 0 0 0 0 -10: mean -2, sd sqrt(80/4). */
	double r[] = {0, 0, 0, 0, -10};
	int16_t b0[5] = {0};
	uint8_t cap[5] = {0};
	assert_int_equal(an_va_cap(r, b0, 5, 1, 1.0, cap), 1);
	assert_float_equal(r[4], -2 - sqrt(20), 1e-12);
	assert_int_equal(cap[4], 1);
	assert_int_equal(cap[0], 0);
	double r2[] = {0, 0, 0, 0, -10};
	assert_int_equal(an_va_cap(r2, b0, 5, 1, 0, NULL), 0);
	assert_float_equal(r2[4], -10, 0);
	/* Positive outliers are never capped. */
	double r3[] = {0, 0, 0, 0, 10};
	assert_int_equal(an_va_cap(r3, b0, 5, 1, 1.0, NULL), 0);

	double m, se, lo, hi;
	an_va_interval(3, 9, 0.6, &m, &se, &lo, &hi);
	assert_float_equal(m, 1.0 / 3, 1e-12);
	assert_float_equal(se, 0.2, 1e-12);
	assert_true(fabs(lo - (1.0 / 3 - 1.959963984540054 * 0.2)) < 1e-9);
	assert_float_equal(hi, 1.0 / 3 + 1.959963984540054 * 0.2, 1e-9);
}

static void test_recovery(void **state)
{
	(void)state;
	enum { NS = 24, NPER = 60 };
	double planted[NS];
	engine *g = synth_build(NS, NPER, 0.4, planted, 7, ENG_LOAD_RESULTS);
	assert_non_null(g);
	va_opts o = {.year = -1,
	             .nbands = 10,
	             .cap_sd = 2.326,
	             .contextual = 1,
	             .kinds = 1u << ENG_KIND_SUMMATIVE,
	             .min_n = 10,
	             .nthreads = 2};
	va_student *st = NULL;
	va_group *gr = NULL;
	int64_t nst = 0, ngr = 0;
	assert_int_equal(an_va_compute(g, &o, &st, &nst, &gr, &ngr), 0);
	assert_int_equal(nst, NS * NPER);
	double est[VA_NMODELS][NS];
	int seen[VA_NMODELS][NS] = {{0}};
	int nteacher = 0;
	for (int64_t i = 0; i < ngr; i++) {
		const va_group *q = &gr[i];
		if (q->kind == VA_TEACHER && q->model == VA_REG &&
		    q->subject < 0 && q->year < 0)
			nteacher++;
		if (q->kind != VA_ORG || q->subject < 0 || q->year < 0)
			continue;
		int32_t sc = g->org_school[q->id];
		if (sc < 0)
			continue;
		int k = atoi(g->org.code[q->id] + 2);
		est[q->model][k] = q->va;
		seen[q->model][k] = 1;
		assert_int_equal(q->n, NPER);
		assert_true(q->lo < q->va && q->va < q->hi);
	}
	assert_int_equal(nteacher, NS);
	for (int m = 0; m < VA_NMODELS; m++) {
		for (int k = 0; k < NS; k++)
			assert_true(seen[m][k]);
		double r = synth_corr(est[m], planted, NS);
		if (r < 0.9)
			fprintf(stderr, "model %d: r = %.3f\n", m, r);
		assert_true(r >= 0.9);
	}
	/* The state's mean residual is zero under the regression model. */
	for (int64_t i = 0; i < ngr; i++)
		if (gr[i].kind == VA_ORG && gr[i].model == VA_REG &&
		    gr[i].level == 0 && gr[i].subject >= 0 && gr[i].year >= 0)
			assert_true(fabs(gr[i].va) < 0.01);
	free(st);
	free(gr);
	engine_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ols),
	    cmocka_unit_test(test_bands_cap_interval),
	    cmocka_unit_test(test_recovery),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
