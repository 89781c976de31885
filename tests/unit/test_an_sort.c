/*
 * test_an_sort.c - the analyses' shared helpers against the slow ways they
 * replace: an_sort_order against qsort by (value, index) on data with
 * ties, signs, signed zeros and wide ranges; the an_lookup tables against
 * engine_placement() and engine_student_class() for every student, year
 * and subject of the engine fixture (and years/subjects out of range).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static void test_lookup(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "lookup.db");
	assert_int_equal(fixture_engine_make(path), 0);
	store *s = NULL;
	att_err e;
	assert_int_equal(store_open_existing(path, &s, &e), ATT_OK);
	engine *g = NULL;
	assert_int_equal(engine_load_alloc(s, ENG_LOAD_ALL, &g, &e), ATT_OK);
	store_close(s);
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
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sort_order),
	    cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
