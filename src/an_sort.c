/*
 * an_sort.c - stable radix ordering of doubles (see an_sort.h).
 */
#include "an_sort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define DIGIT_BITS 11
#define NBUCKET (1u << DIGIT_BITS)
#define NPASS ((64 + DIGIT_BITS - 1) / DIGIT_BITS)

static uint64_t key_of(double v)
{
	if (v == 0)
		v = 0.0; /* -0.0 and 0.0 are equal */
	else if (isnan(v))
		v = NAN; /* one NaN, sorting after +inf */
	uint64_t u;
	memcpy(&u, &v, sizeof(u));
	return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

/* Radix passes over the keys k0 (clobbered) with perm holding the start
 * order. */
static void radix_u64(uint64_t *k0, int64_t n, int32_t *perm)
{
	uint64_t *k1 = xmalloc(sizeof(uint64_t) * (size_t)n);
	int32_t *p1 = xmalloc(sizeof(int32_t) * (size_t)n);
	uint32_t(*cnt)[NBUCKET] = xcalloc(NPASS, sizeof(*cnt));
	for (int64_t i = 0; i < n; i++) {
		uint64_t k = k0[i];
		for (int p = 0; p < NPASS; p++)
			cnt[p][(k >> (p * DIGIT_BITS)) & (NBUCKET - 1)]++;
	}
	uint64_t *ks = k0, *kd = k1;
	int32_t *ps = perm, *pd = p1;
	for (int p = 0; p < NPASS; p++) {
		uint32_t *c = cnt[p];
		unsigned shift = (unsigned)(p * DIGIT_BITS);
		/* every key has the same digit here: the pass changes nothing
		 */
		if (c[(ks[0] >> shift) & (NBUCKET - 1)] == (uint32_t)n)
			continue;
		uint32_t sum = 0;
		for (unsigned b = 0; b < NBUCKET; b++) {
			uint32_t t = c[b];
			c[b] = sum;
			sum += t;
		}
		for (int64_t i = 0; i < n; i++) {
			uint32_t at = c[(ks[i] >> shift) & (NBUCKET - 1)]++;
			kd[at] = ks[i];
			pd[at] = ps[i];
		}
		uint64_t *tk = ks;
		ks = kd;
		kd = tk;
		int32_t *tp = ps;
		ps = pd;
		pd = tp;
	}
	if (ps != perm)
		memcpy(perm, ps, sizeof(int32_t) * (size_t)n);
	free(k1);
	free(p1);
	free(cnt);
}

void an_sort_order(const double *x, int64_t n, int32_t *perm)
{
	if (n <= 0)
		return;
	uint64_t *k = xmalloc(sizeof(uint64_t) * (size_t)n);
	for (int64_t i = 0; i < n; i++) {
		k[i] = key_of(x[i]);
		perm[i] = (int32_t)i;
	}
	radix_u64(k, n, perm);
	free(k);
}

void an_sort_order_u64(const uint64_t *key, int64_t n, int32_t *perm)
{
	if (n <= 0)
		return;
	uint64_t *k = xmalloc(sizeof(uint64_t) * (size_t)n);
	memcpy(k, key, sizeof(uint64_t) * (size_t)n);
	for (int64_t i = 0; i < n; i++)
		perm[i] = (int32_t)i;
	radix_u64(k, n, perm);
	free(k);
}
