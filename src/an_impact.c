/*
 * an_impact.c - matched comparison, difference in differences and Hedges'
 * g for an intervention (method and references in an_impact.h).
 */
#include "an_impact.h"

#include <math.h>
#include <stdlib.h>

#include "stats.h"

void impact_params_default(impact_params *p)
{
	p->caliper_sd = 0.2;
	p->min_pairs = 2;
}

typedef struct unit {
	int stratum;
	double pre;
	size_t idx;
} unit;

static int unit_cmp(const void *a, const void *b)
{
	const unit *x = a, *y = b;
	if (x->stratum != y->stratum)
		return x->stratum < y->stratum ? -1 : 1;
	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The sums of a matching: the matched pairs' gains and priors, the
 * pooled outcome variance of the strata that hold a participant, and how
 * often each comparison student was used. */
typedef struct match_sums {
	stats_run dd, at, ac, gt, gc; /* gain difference, priors, gains */
	double pool_ss, pool_n, pool_strata;
	double sum_k2;  /* over comparison students, (times used)^2 */
	unsigned *used; /* per unit index: times used as a comparison */
} match_sums;

/* The nearest comparison to participant u[k] among ctl (nctl positions in
 * u of comparison students, ascending by prior): the closer of the
 * highest below (the lowest index among equal priors) and the lowest at
 * or above; -1 when none. *dist gets the distance. */
static long nearest(const unit *u, const size_t *ctl, size_t nctl, size_t k,
                    double *dist)
{
	/* first control with pre >= pre_t */
	size_t a = 0, b = nctl;
	while (a < b) {
		size_t m = (a + b) / 2;
		if (u[ctl[m]].pre < u[k].pre)
			a = m + 1;
		else
			b = m;
	}
	long best = -1;
	double bd = INFINITY;
	if (a > 0) {
		/* lowest index among equal pre below */
		size_t j = a - 1;
		while (j > 0 && u[ctl[j - 1]].pre == u[ctl[j]].pre)
			j--;
		best = (long)ctl[j];
		bd = u[k].pre - u[ctl[j]].pre;
	}
	if (a < nctl && u[ctl[a]].pre - u[k].pre < bd) {
		best = (long)ctl[a];
		bd = u[ctl[a]].pre - u[k].pre;
	}
	*dist = bd;
	return best;
}

/* Match the participants of one stratum, u[lo..hi), each to its nearest
 * comparison student within the caliper (caliper_sd times the stratum's
 * prior SD), with replacement; the pairs go into S, the counts into r. */
static void match_stratum(const unit *u, size_t lo, size_t hi,
                          const double *pre, const double *post,
                          const unsigned char *treated, const impact_params *p,
                          size_t *ctl, match_sums *S, impact_result *r,
                          long *match)
{
	stats_run sp = {0}, so = {0};
	int any_t = 0;
	for (size_t k = lo; k < hi; k++) {
		stats_run_add(&sp, u[k].pre);
		stats_run_add(&so, post[u[k].idx]);
		any_t |= treated[u[k].idx] != 0;
	}
	if (any_t) {
		S->pool_ss += so.m2;
		S->pool_n += so.n;
		S->pool_strata++;
	}
	double sd = sqrt(stats_run_var(&sp));
	double cal = p->caliper_sd * (isnan(sd) ? 0 : sd);
	size_t nctl = 0;
	for (size_t k = lo; k < hi; k++)
		if (!treated[u[k].idx])
			ctl[nctl++] = k;
	for (size_t k = lo; k < hi; k++) {
		size_t t = u[k].idx;
		if (!treated[t])
			continue;
		double bd;
		long best = nearest(u, ctl, nctl, k, &bd);
		if (best < 0 || bd > cal + 1e-12 * fabs(u[k].pre)) {
			r->n_unmatched++;
			continue;
		}
		size_t c = u[best].idx;
		if (match)
			match[t] = (long)c;
		if (!S->used[c])
			r->n_controls++;
		/* (k+1)^2 - k^2 */
		S->sum_k2 += 2.0 * S->used[c] + 1;
		S->used[c]++;
		double g1 = post[t] - pre[t], g0 = post[c] - pre[c];
		stats_run_add(&S->dd, g1 - g0);
		stats_run_add(&S->gt, g1);
		stats_run_add(&S->gc, g0);
		stats_run_add(&S->at, pre[t]);
		stats_run_add(&S->ac, pre[c]);
	}
}

/* The naive comparison: all participants (nt) against all the rest (nc)
 * on the outcome, as a difference and Hedges' g with its interval. */
static void naive_compare(const stats_run *nt, const stats_run *nc,
                          impact_result *r)
{
	if (nt->n < 2 || nc->n < 2)
		return;
	double var;
	r->naive_diff = nt->mean - nc->mean;
	if (stats_hedges_g((int64_t)nt->n, nt->mean, sqrt(stats_run_var(nt)),
	                   (int64_t)nc->n, nc->mean, sqrt(stats_run_var(nc)),
	                   &r->naive_g, &var) == 0)
		stats_interval(r->naive_g, sqrt(var), STATS_Z975, &r->naive_lo,
		               &r->naive_hi);
}

/* The estimates from the matched pairs (formulas in an_impact.h): the
 * difference in differences with its standard error corrected for reuse
 * of comparison students, the pooled outcome SD, the prior balance, g
 * with its interval and the cost per 0.1 SD. */
static void matched_estimates(const match_sums *S, double cost,
                              impact_result *r)
{
	double m = S->dd.n;
	r->gain_t = S->gt.mean;
	r->gain_c = S->gc.mean;
	r->did = S->dd.mean;
	r->did_se = sqrt(stats_run_var(&S->dd) / m * (m + S->sum_k2) / (2 * m));
	stats_interval(r->did, r->did_se, stats_t_quantile(0.975, m - 1),
	               &r->did_lo, &r->did_hi);
	double df = S->pool_n - S->pool_strata;
	r->s_pooled = df > 0 ? sqrt(S->pool_ss / df) : NAN;
	double spre = sqrt((stats_run_var(&S->at) + stats_run_var(&S->ac)) / 2);
	r->pre_smd = spre > 0 ? (S->at.mean - S->ac.mean) / spre : 0;
	if (r->s_pooled > 0 && df > 1) {
		double J = stats_hedges_j(df);
		r->g = J * r->did / r->s_pooled;
		double a = J * r->did_se / r->s_pooled;
		r->g_se = sqrt(a * a + r->g * r->g / (2 * df));
		stats_interval(r->g, r->g_se, STATS_Z975, &r->g_lo, &r->g_hi);
		if (cost > 0 && r->g > 0 && r->n_treated > 0)
			r->cost_per_01sd =
			    (cost / (double)r->n_treated) / (r->g / 0.1);
	}
}

int impact_estimate(const int *stratum, const double *pre, const double *post,
                    const unsigned char *treated, size_t n, double cost,
                    const impact_params *p, impact_result *out, long *match,
                    att_err *e)
{
	impact_result r = {0};
	r.caliper_sd = p->caliper_sd;
	r.did = r.did_se = r.did_lo = r.did_hi = NAN;
	r.g = r.g_se = r.g_lo = r.g_hi = NAN;
	r.cost_per_01sd = r.pre_smd = r.s_pooled = NAN;
	r.gain_t = r.gain_c = NAN;
	r.naive_diff = r.naive_g = r.naive_lo = r.naive_hi = NAN;
	if (match)
		for (size_t i = 0; i < n; i++)
			match[i] = -1;

	/* All valid units sorted by (stratum, pre, index); naive sums. */
	unit *u = xmalloc((n ? n : 1) * sizeof(unit));
	size_t nu = 0;
	stats_run nt = {0}, nc = {0};
	for (size_t i = 0; i < n; i++) {
		if (isnan(pre[i]) || isnan(post[i]))
			continue;
		u[nu].stratum = stratum[i];
		u[nu].pre = pre[i];
		u[nu].idx = i;
		nu++;
		stats_run_add(treated[i] ? &nt : &nc, post[i]);
	}
	r.n_treated = (size_t)nt.n;
	r.n_rest = (size_t)nc.n;
	qsort(u, nu, sizeof(unit), unit_cmp);

	/* Match within each stratum. */
	size_t *ctl = xmalloc((nu ? nu : 1) * sizeof(size_t));
	match_sums S = {0};
	S.used = xcalloc(n ? n : 1, sizeof(unsigned));
	for (size_t lo = 0; lo < nu;) {
		size_t hi = lo;
		while (hi < nu && u[hi].stratum == u[lo].stratum)
			hi++;
		match_stratum(u, lo, hi, pre, post, treated, p, ctl, &S, &r,
		              match);
		lo = hi;
	}
	free(u);
	free(ctl);
	free(S.used);

	naive_compare(&nt, &nc, &r);
	r.n_matched = (size_t)S.dd.n;
	int minp = p->min_pairs < 2 ? 2 : p->min_pairs;
	if (r.n_matched < (size_t)minp) {
		*out = r;
		return err_set(e, ATT_EINPUT,
		               "only %zu matched pairs (need %d)", r.n_matched,
		               minp);
	}
	matched_estimates(&S, cost, &r);
	*out = r;
	return ATT_OK;
}
