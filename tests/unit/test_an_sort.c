/*
 * test_an_sort.c - the analyses' shared helpers against the slow ways they
 * replace: an_sort_order against qsort by (value, index) on data with
 * ties, signs, signed zeros and wide ranges; an_sort_order_u64 against
 * qsort by (key, index); an_fmt_g6 against snprintf("%.6g") on every
 * share c/n (n <= 400), random values and rounding edges; the an_lookup
 * tables against
 * engine_placement() and engine_student_class() for every student, year
 * and subject of the engine fixture (and years/subjects out of range).
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

#include "an_desc.h"
#include "an_lookup.h"
#include "an_sort.h"
#include "fixture_engine.h"

typedef struct vi {
	double v;
	int32_t i;
} vi;

static int vi_cmp(const void *pa, const void *pb)
{
	const vi *a = pa, *b = pb;
	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Check an_sort_order(x) against qsort by (value, index). */
static void check_order(const double *x, int64_t n)
{
	int32_t *perm = malloc(sizeof(int32_t) * (size_t)(n + 1));
	vi *ref = malloc(sizeof(vi) * (size_t)(n + 1));
	assert_non_null(perm);
	assert_non_null(ref);
	for (int64_t i = 0; i < n; i++)
		ref[i] = (vi){x[i], (int32_t)i};
	qsort(ref, (size_t)n, sizeof(vi), vi_cmp);
	an_sort_order(x, n, perm);
	for (int64_t i = 0; i < n; i++)
		assert_int_equal(perm[i], ref[i].i);
	free(perm);
	free(ref);
}

static void test_sort_order(void **state)
{
	(void)state;
	const double small[] = {3, -1, 2, 3, -0.0, 0.0, -1, 1e300, -1e-300, 2};
	check_order(small, 10);
	check_order(small, 1);
	check_order(small, 0);
	/* all equal: the identity */
	double same[5] = {7, 7, 7, 7, 7};
	check_order(same, 5);
	uint64_t s = 88172645463325252u;
	int64_t n = 50000;
	double *x = malloc(sizeof(double) * (size_t)n);
	assert_non_null(x);
	/* scores with one decimal: many ties */
	for (int64_t i = 0; i < n; i++)
		x[i] = (double)(rng_next(&s) % 3000) / 10;
	check_order(x, n);
	/* wide magnitudes and both signs */
	for (int64_t i = 0; i < n; i++) {
		uint64_t r = rng_next(&s);
		double m = (double)(r >> 11) / 9007199254740992.0;
		x[i] = ((r & 1) ? -1 : 1) * m * pow(10, (int)(r % 41) - 20);
		if (r % 97 == 0)
			x[i] = (r & 2) ? 0.0 : -0.0;
	}
	check_order(x, n);
	free(x);
}

typedef struct ui {
	uint64_t k;
	int32_t i;
} ui;

static int ui_cmp(const void *pa, const void *pb)
{
	const ui *a = pa, *b = pb;
	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static void test_sort_u64(void **state)
{
	(void)state;
	uint64_t s = 0x9e3779b97f4a7c15u;
	int64_t n = 30000;
	uint64_t *k = malloc(sizeof(uint64_t) * (size_t)n);
	ui *ref = malloc(sizeof(ui) * (size_t)n);
	int32_t *perm = malloc(sizeof(int32_t) * (size_t)n);
	assert_non_null(k);
	assert_non_null(ref);
	assert_non_null(perm);
	for (int round = 0; round < 2; round++) {
		for (int64_t i = 0; i < n; i++) {
			uint64_t r = rng_next(&s);
			/* few distinct keys (ties), or the full 64 bits */
			k[i] = round == 0 ? (r % 50) << 40 : r;
			ref[i] = (ui){k[i], (int32_t)i};
		}
		qsort(ref, (size_t)n, sizeof(ui), ui_cmp);
		an_sort_order_u64(k, n, perm);
		for (int64_t i = 0; i < n; i++)
			assert_int_equal(perm[i], ref[i].i);
	}
	free(k);
	free(ref);
	free(perm);
}

static void check_g6(double v)
{
	char a[64], b[64];
	an_fmt_g6(v, a);
	snprintf(b, sizeof(b), "%.6g", v);
	if (strcmp(a, b) != 0)
		fail_msg("%.17g: %s, printf %s", v, a, b);
}

static void test_fmt_g6(void **state)
{
	(void)state;
	for (int n = 1; n <= 400; n++)
		for (int c = 0; c <= n; c++)
			check_g6((double)c / (double)n);
	uint64_t s = 1234567;
	for (int i = 0; i < 200000; i++) {
		uint64_t r = rng_next(&s);
		double m = (double)(r >> 11) / 9007199254740992.0;
		check_g6(m * pow(10, -(int)(r % 7)));
	}
	/* decade edges, ties and values that round up to the next decade */
	const double e[] = {0.1,          0.01,          0.001,
	                    1e-4,         0.99999949999, 0.9999995,
	                    0.0999999949, 0.1234565,     0.12345650000000001,
	                    0.0001234565, 9.9999999e-5,  1,
	                    -0.0,         0.5,           -0.25,
	                    1.5,          1e-300,        NAN,
	                    INFINITY};
	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++)
		check_g6(e[i]);
}

static void test_lookup(void **state)
{
	(void)state;
	engine *g = fixture_engine_build(ENG_LOAD_ALL);
	assert_non_null(g);
	for (int with = 0; with < 2; with++) {
		an_lookup L;
		an_lookup_init(&L, g, with);
		int found_place = 0, found_class = 0;
		for (int32_t st = -1; st <= g->student.n; st++)
			for (int32_t y = -1; y <= g->year.n; y++) {
				int32_t pl = engine_placement(g, st, y);
				assert_int_equal(an_lookup_place(&L, st, y),
				                 pl);
				assert_int_equal(an_lookup_school(&L, st, y),
				                 pl >= 0 ? g->pl_school[pl]
				                         : -1);
				found_place += pl >= 0;
				for (int32_t sub = -1; sub <= g->subject.n;
				     sub++) {
					int32_t c =
					    engine_student_class(g, st, y, sub);
					assert_int_equal(
					    an_lookup_class(&L, st, y, sub), c);
					found_class += c >= 0;
				}
			}
		/* the fixture places students and enrols some in classes */
		assert_true(found_place > 5);
		assert_true(found_class > 3);
		an_lookup_free(&L);
	}
	engine_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sort_order),
	    cmocka_unit_test(test_sort_u64),
	    cmocka_unit_test(test_fmt_g6),
	    cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
