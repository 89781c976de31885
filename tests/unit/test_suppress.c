/*
 * test_suppress.c - small-cell suppression. Recoverability is checked
 * independently of the module's graph method: for every suppressed cell we
 * ask, by Gaussian elimination over all row, column and grand-total
 * equations of the table, whether any linear combination of what is shown
 * determines it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "suppress.h"

/* Rank of an m x n row-major matrix (destroyed). */
static int rank_of(double *a, int m, int n)
{
	int rank = 0;
	for (int col = 0; col < n && rank < m; col++) {
		int piv = -1;
		double best = 1e-9;
		for (int r = rank; r < m; r++)
			if (fabs(a[r * n + col]) > best) {
				best = fabs(a[r * n + col]);
				piv = r;
			}
		if (piv < 0)
			continue;
		for (int k = 0; k < n; k++) {
			double t = a[rank * n + k];
			a[rank * n + k] = a[piv * n + k];
			a[piv * n + k] = t;
		}
		for (int r = 0; r < m; r++) {
			if (r == rank)
				continue;
			double f = a[r * n + col] / a[rank * n + col];
			for (int k = 0; k < n; k++)
				a[r * n + k] -= f * a[rank * n + k];
		}
		rank++;
	}
	return rank;
}

/*
 * Number of suppressed cells of the (R+1) x (C+1) masked table that the
 * shown cells and totals determine exactly. Unknowns: the suppressed
 * cells. Equations: each row "cells - row total = 0" and each column
 * "cells - column total = 0", shown values moved to the right-hand side.
 * Unknown u is determined iff adding the unit row e_u does not raise the
 * rank of the coefficient matrix.
 */
static int recoverable(const unsigned char *mask, int R, int C)
{
	int R1 = R + 1, C1 = C + 1;
	int idx[4096];
	int nu = 0;
	for (int i = 0; i < R1 * C1; i++)
		idx[i] = mask[i] ? nu++ : -1;
	if (nu == 0)
		return 0;
	int neq = R1 + C1;
	double *A = calloc((size_t)(neq + 1) * nu, sizeof(double));
	double *W = calloc((size_t)(neq + 1) * nu, sizeof(double));
	for (int r = 0; r < R1; r++)
		for (int c = 0; c < C1; c++) {
			int u = idx[r * C1 + c];
			if (u < 0)
				continue;
			/* row equation r */
			A[r * nu + u] += (c == C) ? -1 : 1;
			/* column equation c */
			A[(R1 + c) * nu + u] += (r == R) ? -1 : 1;
		}
	memcpy(W, A, sizeof(double) * neq * nu);
	int base = rank_of(W, neq, nu);
	int found = 0;
	for (int u = 0; u < nu; u++) {
		memcpy(W, A, sizeof(double) * neq * nu);
		memset(W + neq * nu, 0, sizeof(double) * nu);
		W[neq * nu + u] = 1;
		if (rank_of(W, neq + 1, nu) == base)
			found++;
	}
	free(A);
	free(W);
	return found;
}

static void test_threshold(void **state)
{
	(void)state;
	assert_int_equal(suppress_is_small(10, 10, 0), 0);
	assert_int_equal(suppress_is_small(9, 10, 0), 1);
	assert_int_equal(suppress_is_small(1, 10, 0), 1);
	assert_int_equal(suppress_is_small(0, 10, 0), 0);
	assert_int_equal(suppress_is_small(0, 10, SUPPRESS_ZEROS), 1);

	/* In a table of cells of exactly 10: everything is shown. */
	long t0[2 * 2] = {10, 10, 10, 10};
	unsigned char m0[3 * 3];
	assert_int_equal(suppress_table(t0, 2, 2, 10, 0, m0), 0);
	for (int i = 0; i < 9; i++)
		assert_int_equal(m0[i], SUPPRESS_SHOWN);
	/* The 10 is not primary, the 9 is (the 10 may still be blanked as
	 * the smallest complement, which it is here). */
	long t[2 * 3] = {10, 40, 50, 9, 60, 70};
	unsigned char m[3 * 4];
	assert_true(suppress_table(t, 2, 3, 10, 0, m) > 0);
	assert_int_equal(m[0 * 4 + 0], SUPPRESS_COMPLEMENTARY);
	assert_int_equal(m[1 * 4 + 0], SUPPRESS_PRIMARY);
	assert_int_equal(recoverable(m, 2, 3), 0);

	/* Same in a list. */
	long l[3] = {10, 9, 30};
	unsigned char lm[4];
	assert_int_equal(suppress_list(l, 3, 10, 0, lm), 0);
	assert_int_equal(lm[0], SUPPRESS_COMPLEMENTARY);
	assert_int_equal(lm[1], SUPPRESS_PRIMARY);
	long l10[3] = {10, 11, 30};
	assert_int_equal(suppress_list(l10, 3, 10, 0, lm), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(lm[i], SUPPRESS_SHOWN);
}

/* A small cell and its total: without complements 3 = 53 - 50. */
static void test_list_complement(void **state)
{
	(void)state;
	long l[4] = {3, 0, 50, 12};
	unsigned char m[5];
	assert_int_equal(suppress_list(l, 4, 10, 0, m), 0);
	assert_int_equal(m[0], SUPPRESS_PRIMARY);
	assert_int_equal(m[1], SUPPRESS_SHOWN);         /* zero names nobody */
	assert_int_equal(m[3], SUPPRESS_COMPLEMENTARY); /* smallest left */
	assert_int_equal(m[2], SUPPRESS_SHOWN);
	assert_int_equal(m[4], SUPPRESS_SHOWN);
	/* Two suppressed in the one line: neither follows from the total. */
	int sup = 0;
	for (int i = 0; i < 5; i++)
		sup += m[i] != 0;
	assert_int_equal(sup, 2);

	/* Two small cells protect each other; nothing more is blanked. */
	long l2[3] = {3, 4, 50};
	assert_int_equal(suppress_list(l2, 3, 10, 0, m), 0);
	assert_int_equal(m[0] + m[1], 2 * SUPPRESS_PRIMARY);
	assert_int_equal(m[2] + m[3], 0);
	assert_int_equal(suppress_list(l2, 3, 0, 0, m), -1);
	long bad[2] = {3, -1};
	assert_int_equal(suppress_list(bad, 2, 10, 0, m), -1);
}

/* One small interior cell: the rectangle with the smallest cells. */
static void test_table_rectangle(void **state)
{
	(void)state;
	long t[3 * 3] = {
	    5,  20, 30, /* row 0: 5 is small */
	    40, 12, 60, /* row 1 */
	    35, 45, 15, /* row 2 */
	};
	unsigned char m[4 * 4];
	int n = suppress_table(t, 3, 3, 10, 0, m);
	assert_int_equal(n, 4);
	assert_int_equal(m[0 * 4 + 0], SUPPRESS_PRIMARY);
	/* Cheapest cycle: row 0 -> col 1 (20) -> row 1 (12) -> col 0 (40),
	 * total 72, against e.g. 30+15+35 = 80 or 20+45+35 = 100. */
	assert_int_equal(m[0 * 4 + 1], SUPPRESS_COMPLEMENTARY);
	assert_int_equal(m[1 * 4 + 1], SUPPRESS_COMPLEMENTARY);
	assert_int_equal(m[1 * 4 + 0], SUPPRESS_COMPLEMENTARY);
	for (int c = 0; c < 4; c++)
		assert_int_equal(m[3 * 4 + c], SUPPRESS_SHOWN); /* totals */
	assert_int_equal(recoverable(m, 3, 3), 0);

	/* Without complements the 5 would be recoverable: check the checker. */
	unsigned char only[16] = {0};
	only[0] = 1;
	assert_int_equal(recoverable(only, 3, 3), 1);
	/* Two small cells in one row only: each column still exposes them. */
	unsigned char two[16] = {0};
	two[0] = two[1] = 1;
	assert_int_equal(recoverable(two, 3, 3), 2);
}

/* A small row total forces suppression in its margin too. */
static void test_table_small_margin(void **state)
{
	(void)state;
	long t[3 * 2] = {2, 3, 40, 50, 30, 60};
	unsigned char m[4 * 3];
	assert_true(suppress_table(t, 3, 2, 10, 0, m) > 0);
	assert_int_equal(m[0 * 3 + 0], SUPPRESS_PRIMARY);
	assert_int_equal(m[0 * 3 + 1], SUPPRESS_PRIMARY);
	assert_int_equal(m[0 * 3 + 2], SUPPRESS_PRIMARY); /* row total 5 */
	assert_int_equal(recoverable(m, 3, 2), 0);
	assert_int_equal(suppress_table(t, 0, 2, 10, 0, m), -1);
	long neg[2] = {1, -2};
	assert_int_equal(suppress_table(neg, 1, 2, 10, 0, m), -1);
}

/* Two primaries joined by a bridge: every line has two suppressed cells
 * yet the middle cell would be recoverable; the method closes it. */
static void test_table_bridge(void **state)
{
	(void)state;
	/* 4 x 4 with small cells placed so that pairing per line is not
	 * enough on its own. */
	long t[4 * 4] = {
	    3,  4,  50, 60, /* */
	    5,  6,  70, 80, /* */
	    90, 95, 2,  7,  /* */
	    99, 98, 8,  3,
	};
	unsigned char m[5 * 5];
	assert_true(suppress_table(t, 4, 4, 10, 0, m) > 0);
	assert_int_equal(recoverable(m, 4, 4), 0);
	for (int i = 0; i < 16; i++)
		if (t[i] < 10)
			assert_int_not_equal(m[(i / 4) * 5 + i % 4], 0);
}

static unsigned long long rng_state;
static unsigned rng(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng_state >> 33);
}

/* Random tables: every small cell blanked, nothing recoverable,
 * deterministic. */
static void test_table_random(void **state)
{
	(void)state;
	rng_state = 12345;
	for (int trial = 0; trial < 120; trial++) {
		int R = 1 + (int)(rng() % 7), C = 1 + (int)(rng() % 6);
		long t[7 * 6];
		for (int i = 0; i < R * C; i++) {
			unsigned k = rng() % 10;
			t[i] = k < 2   ? 0
			       : k < 5 ? (long)(rng() % 10)
			               : 10 + rng() % 90;
		}
		int flags = (trial % 3 == 0) ? SUPPRESS_ZEROS : 0;
		unsigned char m[8 * 7], m2[8 * 7];
		int n = suppress_table(t, R, C, 10, flags, m);
		assert_true(n >= 0);
		assert_int_equal(suppress_table(t, R, C, 10, flags, m2), n);
		assert_memory_equal(m, m2, (size_t)(R + 1) * (C + 1));
		int count = 0;
		for (int r = 0; r <= R; r++)
			for (int c = 0; c <= C; c++) {
				long v = 0;
				if (r < R && c < C)
					v = t[r * C + c];
				else
					for (int i = 0; i < R; i++)
						for (int j = 0; j < C; j++)
							if ((r == R ||
							     i == r) &&
							    (c == C || j == c))
								v += t[i * C +
								       j];
				unsigned char k = m[r * (C + 1) + c];
				count += k != 0;
				if (suppress_is_small(v, 10, flags))
					assert_int_equal(k, SUPPRESS_PRIMARY);
				else
					assert_int_not_equal(k,
					                     SUPPRESS_PRIMARY);
			}
		assert_int_equal(count, n);
		assert_int_equal(recoverable(m, R, C), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_threshold),
	    cmocka_unit_test(test_list_complement),
	    cmocka_unit_test(test_table_rectangle),
	    cmocka_unit_test(test_table_small_margin),
	    cmocka_unit_test(test_table_bridge),
	    cmocka_unit_test(test_table_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
