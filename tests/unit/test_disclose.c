/*
 * test_disclose.c - suppression over a linked release. The module decides
 * determinacy by Gauss-Jordan elimination modulo a prime; the test decides
 * it another way, exactly over the integers: an unknown x_j is determined
 * by A x = b exactly when column j of A is not in the span of the other
 * columns, i.e. rank(A) > rank(A without column j), with ranks computed
 * by fraction-free (Bareiss) elimination in exact integer arithmetic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "disclose.h"

/* Exact rank of an m x n integer matrix (destroyed), Bareiss. Entries
 * stay minors of the 0/+-1 input: small for the sizes used here. */
static int rank_exact(int64_t *a, int m, int n)
{
	int rank = 0;
	int64_t prev = 1;
	for (int col = 0; col < n && rank < m; col++) {
		int piv = -1;
		for (int r = rank; r < m && piv < 0; r++)
			if (a[r * n + col])
				piv = r;
		if (piv < 0)
			continue;
		for (int k = 0; k < n; k++) {
			int64_t t = a[rank * n + k];
			a[rank * n + k] = a[piv * n + k];
			a[piv * n + k] = t;
		}
		for (int r = rank + 1; r < m; r++) {
			for (int k = col + 1; k < n; k++)
				a[r * n + k] =
				    (a[rank * n + col] * a[r * n + k] -
				     a[r * n + col] * a[rank * n + k]) /
				    prev;
			a[r * n + col] = 0;
		}
		prev = a[rank * n + col];
		rank++;
	}
	return rank;
}

/* Determined unknowns of r, the exact way: det[c] for unknown c. */
static void determined_exact(const dc_release *r, const unsigned char *unk,
                             unsigned char *det)
{
	int k = 0, *col = malloc(sizeof(int) * (size_t)(r->ncell + 1));
	for (int c = 0; c < r->ncell; c++)
		col[c] = unk[c] ? k++ : -1;
	int m = r->nrel;
	int64_t *a = calloc((size_t)(m * k + 1), sizeof(int64_t));
	int64_t *b = calloc((size_t)(m * k + 1), sizeof(int64_t));
	for (int i = 0; i < m; i++)
		for (int j = r->rel_off[i]; j < r->rel_off[i + 1]; j++)
			if (col[r->rel_cell[j]] >= 0)
				a[i * k + col[r->rel_cell[j]]] +=
				    j == r->rel_off[i] ? -1 : 1;
	memcpy(b, a, sizeof(int64_t) * (size_t)(m * k));
	int full = rank_exact(b, m, k);
	for (int c = 0; c < r->ncell; c++) {
		det[c] = 0;
		if (col[c] < 0)
			continue;
		/* A without column col[c] */
		for (int i = 0; i < m; i++)
			for (int j = 0, o = 0; j < k; j++)
				if (j != col[c])
					b[i * (k - 1) + o++] = a[i * k + j];
		det[c] = rank_exact(b, m, k - 1) < full;
	}
	free(a);
	free(b);
	free(col);
}

/* ---- a builder of releases: tables with margins ---- */

typedef struct rel_build {
	int64_t n[256];
	unsigned char flags[256];
	int ncell;
	int off[128], cells[1024], nrel, ncells;
} rel_build;

static int cell(rel_build *b, int64_t n, unsigned char flags)
{
	b->n[b->ncell] = n;
	b->flags[b->ncell] = flags;
	return b->ncell++;
}

static void rel(rel_build *b, int total, const int *parts, int np)
{
	b->off[b->nrel] = b->ncells;
	b->cells[b->ncells++] = total;
	for (int i = 0; i < np; i++)
		b->cells[b->ncells++] = parts[i];
	b->off[++b->nrel] = b->ncells;
}

static dc_release view(const rel_build *b)
{
	return (dc_release){b->ncell, b->n,   b->flags,
	                    b->nrel,  b->off, b->cells};
}

/* An R x C table with row totals, column totals and the grand total;
 * ids[r * (C + 1) + c], the margins in the last row and column. */
static void table(rel_build *b, const int64_t *in, int R, int C, int *ids)
{
	for (int i = 0; i <= R; i++)
		for (int j = 0; j <= C; j++) {
			int64_t v = 0;
			for (int x = 0; x < R; x++)
				for (int y = 0; y < C; y++)
					if ((i == R || x == i) &&
					    (j == C || y == j))
						v += in[x * C + y];
			ids[i * (C + 1) + j] = cell(b, v, 0);
		}
	int parts[16];
	for (int i = 0; i <= R; i++) {
		for (int j = 0; j < C; j++)
			parts[j] = ids[i * (C + 1) + j];
		rel(b, ids[i * (C + 1) + C], parts, C);
	}
	for (int j = 0; j <= C; j++) {
		for (int i = 0; i < R; i++)
			parts[i] = ids[i * (C + 1) + j];
		rel(b, ids[R * (C + 1) + j], parts, R);
	}
}

/* Protect, then check: every small cell blanked, no blanked cell and no
 * small implied cell determined (exactly), the module's determinacy equal
 * to the exact one. Returns the number of cells blanked. */
static int protect_and_check(rel_build *b, int min)
{
	dc_release r = view(b);
	unsigned char mask[256], unk[256], det[256], det2[256];
	assert_int_equal(disclose_protect(&r, min, mask), 0);
	int blanked = 0;
	for (int c = 0; c < r.ncell; c++) {
		if (b->n[c] > 0 && b->n[c] < min)
			assert_int_equal(mask[c], DC_PRIMARY);
		unk[c] = mask[c] != DC_SHOWN || (b->flags[c] & DC_IMPLIED);
		blanked += mask[c] != DC_SHOWN && !(b->flags[c] & DC_IMPLIED);
	}
	assert_int_equal(disclose_determined(&r, unk, det), 0);
	determined_exact(&r, unk, det2);
	for (int c = 0; c < r.ncell; c++) {
		assert_int_equal(det[c], det2[c]);
		if (mask[c] != DC_SHOWN)
			assert_int_equal(det2[c], 0);
	}
	return blanked;
}

/* One small cell of a 2 x 2 table: the textbook answer blanks the four
 * interior cells and nothing else (every margin stays shown). */
static void test_two_by_two(void **state)
{
	(void)state;
	rel_build b = {0};
	int ids[9];
	int64_t in[4] = {3, 20, 30, 40};
	table(&b, in, 2, 2, ids);
	dc_release r = view(&b);
	unsigned char mask[9];
	assert_int_equal(disclose_protect(&r, 10, mask), 0);
	assert_int_equal(mask[ids[0]], DC_PRIMARY);
	assert_int_equal(mask[ids[1]], DC_COMPLEMENTARY);
	assert_int_equal(mask[ids[3]], DC_COMPLEMENTARY);
	assert_int_equal(mask[ids[4]], DC_COMPLEMENTARY);
	for (int k = 2; k < 9; k += 3)
		assert_int_equal(mask[ids[k]], DC_SHOWN);
	for (int k = 6; k < 9; k++)
		assert_int_equal(mask[ids[k]], DC_SHOWN);
	assert_int_equal(protect_and_check(&b, 10), 4);
}

/* The case the per-table rule got wrong: a school's groups of one kind
 * (special needs: 5 and 146 of 151) next to another kind; the small
 * group's only complement is its own pair, and the pair needs another
 * school to hide in. */
static void test_pair_and_hierarchy(void **state)
{
	(void)state;
	rel_build b = {0};
	int64_t in[4] = {5, 146, 40, 160}; /* schools x (sen, no sen) */
	int ids[9];
	table(&b, in, 2, 2, ids);
	protect_and_check(&b, 10);
	dc_release r = view(&b);
	unsigned char mask[9];
	disclose_protect(&r, 10, mask);
	assert_int_equal(mask[ids[1]], DC_COMPLEMENTARY); /* its own pair */
	assert_int_equal(mask[ids[2]], DC_SHOWN);         /* the school total */
}

/* A remainder nobody sees (students with no recorded group) is an
 * unknown: a small one is protected too, and a large one hides a small
 * shown cell beside it without any complement. */
static void test_implied(void **state)
{
	(void)state;
	rel_build b = {0};
	int t = cell(&b, 100, 0), x = cell(&b, 4, 0), y = cell(&b, 80, 0),
	    rest = cell(&b, 16, DC_IMPLIED);
	int p[3] = {x, y, rest};
	rel(&b, t, p, 3);
	dc_release r = view(&b);
	unsigned char mask[4];
	assert_int_equal(disclose_protect(&r, 10, mask), 0);
	assert_int_equal(mask[x], DC_PRIMARY);
	assert_int_equal(mask[y], DC_SHOWN);
	assert_int_equal(mask[rest], DC_SHOWN);
	protect_and_check(&b, 10);
	b.n[rest] = 3; /* now the remainder is small itself */
	b.n[y] = 93;
	assert_int_equal(disclose_protect(&r, 10, mask), 0);
	assert_int_equal(mask[rest], DC_PRIMARY); /* x + rest = 7: both open */
	assert_int_equal(mask[y], DC_SHOWN);
	protect_and_check(&b, 10);
}

/* Random releases: a parent unit and 2-4 children, each broken down two
 * ways (a group of 2-3 values; 2 subjects), every relation of the pages:
 * a unit's breakdown sums to its total, children sum to the parent for
 * every cell, subjects sum to all subjects. */
static uint64_t rng = 88172645463325252ull;
static int rnd(int k)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int)(rng % (uint64_t)k);
}

static void random_release(rel_build *b)
{
	memset(b, 0, sizeof(*b));
	int nch = 2 + rnd(3), nv = 2 + rnd(2);
	/* cells [unit][subject 0..2 (0 = all)][value 0..nv (nv = all)] */
	int id[5][3][4];
	int64_t v[5][3][4] = {{{0}}};
	for (int u = 1; u <= nch; u++)
		for (int s = 1; s <= 2; s++)
			for (int x = 0; x < nv; x++) {
				int64_t n = rnd(4) == 0 ? rnd(10) : rnd(40);
				v[u][s][x] = n;
				v[u][0][x] += n;
				v[u][s][nv] += n;
				v[u][0][nv] += n;
			}
	for (int u = 1; u <= nch; u++)
		for (int s = 0; s <= 2; s++)
			for (int x = 0; x <= nv; x++)
				v[0][s][x] += v[u][s][x];
	for (int u = 0; u <= nch; u++)
		for (int s = 0; s <= 2; s++)
			for (int x = 0; x <= nv; x++)
				id[u][s][x] = cell(b, v[u][s][x], 0);
	int p[8];
	for (int u = 0; u <= nch; u++)
		for (int s = 0; s <= 2; s++) {
			for (int x = 0; x < nv; x++)
				p[x] = id[u][s][x];
			rel(b, id[u][s][nv], p, nv);
		}
	for (int u = 0; u <= nch; u++)
		for (int x = 0; x <= nv; x++) {
			p[0] = id[u][1][x];
			p[1] = id[u][2][x];
			rel(b, id[u][0][x], p, 2);
		}
	for (int s = 0; s <= 2; s++)
		for (int x = 0; x <= nv; x++) {
			for (int u = 1; u <= nch; u++)
				p[u - 1] = id[u][s][x];
			rel(b, id[0][s][x], p, nch);
		}
}

static void test_random_releases(void **state)
{
	(void)state;
	rel_build b;
	int blanked = 0;
	for (int t = 0; t < 300; t++) {
		random_release(&b);
		blanked += protect_and_check(&b, 10);
	}
	assert_true(blanked > 300); /* the cases were not trivial */
}

/* The determinacy of arbitrary unknown sets agrees with the exact one. */
static void test_determined_agrees(void **state)
{
	(void)state;
	rel_build b;
	for (int t = 0; t < 300; t++) {
		random_release(&b);
		dc_release r = view(&b);
		unsigned char unk[256], d1[256], d2[256];
		for (int c = 0; c < r.ncell; c++)
			unk[c] = rnd(3) == 0;
		assert_int_equal(disclose_determined(&r, unk, d1), 0);
		determined_exact(&r, unk, d2);
		assert_memory_equal(d1, d2, (size_t)r.ncell);
	}
}

static void test_bad_input(void **state)
{
	(void)state;
	rel_build b = {0};
	int t = cell(&b, 10, 0), x = cell(&b, -1, 0);
	rel(&b, t, &x, 1);
	dc_release r = view(&b);
	unsigned char mask[2];
	assert_int_equal(disclose_protect(&r, 10, mask), -1);
	b.n[x] = 10;
	assert_int_equal(disclose_protect(&r, 0, mask), -1);
	b.cells[1] = 7; /* no such cell */
	assert_int_equal(disclose_protect(&r, 10, mask), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_two_by_two),
	    cmocka_unit_test(test_pair_and_hierarchy),
	    cmocka_unit_test(test_implied),
	    cmocka_unit_test(test_random_releases),
	    cmocka_unit_test(test_determined_agrees),
	    cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
