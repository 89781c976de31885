/*
 * an_peer.c - positive deviants and their peer-learning partners (method
 * in an_peer.h).
 */
#include "an_peer.h"

#include <math.h>
#include <stdlib.h>

#include "util.h"

void peer_params_default(peer_params *p)
{
	p->max_partners = 3;
	p->ses_scale = 0.10;
	p->block_penalty = 0.5;
	p->max_distance = 3.0;
}

typedef struct cand {
	double d;
	int32_t idx;
} cand;

static int cand_cmp(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static double distance(int32_t a, int32_t b, const double *size,
                       const double *ses, const int32_t *block,
                       const peer_params *p)
{
	double d = 0;
	if (size[a] > 0 && size[b] > 0)
		d += fabs(log(size[a] / size[b])) / log(2.0);
	else
		d += p->max_distance / 2;
	if (!isnan(ses[a]) && !isnan(ses[b]) && p->ses_scale > 0)
		d += fabs(ses[a] - ses[b]) / p->ses_scale;
	else
		d += p->max_distance / 2;
	if (block[a] < 0 || block[a] != block[b])
		d += p->block_penalty;
	return d;
}

void peer_pairs_alloc(const double *lo, const double *hi, const double *size,
                      const double *ses, const int32_t *block,
                      const int32_t *district, int32_t n, const peer_params *p,
                      peer_pair **pairs, size_t *npairs)
{
	size_t cap = 0, np = 0;
	peer_pair *out = NULL;
	/* the schools below zero, once */
	int32_t *low = xmalloc(sizeof(int32_t) * (size_t)(n > 0 ? n : 1));
	int32_t nlow = 0;
	for (int32_t i = 0; i < n; i++)
		if (hi[i] < 0)
			low[nlow++] = i;
	cand *c = xmalloc(sizeof(cand) * (size_t)(nlow > 0 ? nlow : 1));
	for (int32_t a = 0; a < n; a++) {
		if (!(lo[a] > 0))
			continue;
		int32_t nc = 0;
		for (int32_t k = 0; k < nlow; k++) {
			int32_t b = low[k];
			int same;
			if (district[a] >= 0 && district[b] >= 0)
				same = district[a] == district[b];
			else
				same = block[a] >= 0 && block[a] == block[b];
			if (!same)
				continue;
			double d = distance(a, b, size, ses, block, p);
			if (d > p->max_distance)
				continue;
			c[nc].d = d;
			c[nc].idx = b;
			nc++;
		}
		qsort(c, (size_t)nc, sizeof(cand), cand_cmp);
		for (int32_t k = 0; k < nc && k < p->max_partners; k++) {
			xgrow((void **)&out, &cap, np + 1, sizeof(peer_pair));
			peer_pair *q = &out[np++];
			q->leader = a;
			q->partner = c[k].idx;
			q->rank = k + 1;
			q->distance = c[k].d;
			q->same_block =
			    block[a] >= 0 && block[a] == block[c[k].idx];
		}
	}
	free(low);
	free(c);
	*pairs = out;
	*npairs = np;
}
