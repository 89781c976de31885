/*
 * an_sgp.c - Student Growth Percentiles: knots and boundaries, the bs()
 * basis, the 100 regression quantiles per model order, and the percentile
 * of each student's score among the predicted quantiles. See an_sgp.h and
 * docs/ANALYTICS.md ("Student Growth Percentiles") for the formulas.
 */
#include "an_sgp.h"

#include <gsl/gsl_cblas.h>
#include <gsl/gsl_bspline.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define SGP_ORD 4 /* cubic: order = degree + 1 */
#define PRED_BLOCK 2048

void sgp_params_default(sgp_params *p)
{
	p->min_cohort = SGP_MIN_COHORT;
	p->threads = 2;
}

/* R's round(x, 3) for the magnitudes of scores. */
static double round3(double x)
{
	return round(x * 1e3) / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int sgp_knots_compute(const double *x, size_t n, sgp_knots *k, att_err *e)
{
	double *v = xmalloc((n ? n : 1) * sizeof(double));
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			v[m++] = x[i];
	if (m < 2) {
		free(v);
		return err_set(e, ATT_EINPUT,
		               "prior score has fewer than 2 values");
	}
	qsort(v, m, sizeof(double), cmp_double);
	double lo = v[0], hi = v[m - 1];
	if (!(hi > lo)) {
		free(v);
		return err_set(e, ATT_EINPUT,
		               "prior score has a single value %g", lo);
	}
	for (int j = 0; j < SGP_NKNOTS; j++)
		k->knots[j] = round3(stats_quantile7(v, m, 0.2 * (j + 1)));
	/* extendrange(x, f = 0.1): range(x) + c(-1, 1) * 0.1 * diff(range) */
	double ext = 0.1 * (hi - lo);
	k->lo = round3(lo - ext);
	k->hi = round3(hi + ext);
	free(v);
	return ATT_OK;
}

/* A GSL B-spline workspace holding the full knot sequence of k. */
static gsl_bspline_workspace *bs_alloc(const sgp_knots *k)
{
	gsl_bspline_workspace *w = gsl_bspline_alloc(SGP_ORD, SGP_NKNOTS + 2);
	gsl_vector *br = gsl_vector_alloc(SGP_NKNOTS + 2);
	gsl_vector_set(br, 0, k->lo);
	for (int j = 0; j < SGP_NKNOTS; j++)
		gsl_vector_set(br, j + 1, k->knots[j]);
	gsl_vector_set(br, SGP_NKNOTS + 1, k->hi);
	gsl_bspline_knots(br, w);
	gsl_vector_free(br);
	return w;
}

int sgp_bs_eval(const sgp_knots *k, const double *x, size_t n, double *out,
                att_err *e)
{
	if (!(k->lo < k->knots[0] && k->knots[SGP_NKNOTS - 1] < k->hi))
		return err_set(e, ATT_EINPUT,
		               "spline knots are not inside the boundaries");
	for (int j = 1; j < SGP_NKNOTS; j++)
		if (k->knots[j] < k->knots[j - 1])
			return err_set(e, ATT_EINPUT,
			               "spline knots are not ordered");
	gsl_bspline_workspace *w = bs_alloc(k);
	const size_t nb = SGP_NBASIS + 1; /* full basis, first column dropped */
	gsl_vector *B = gsl_vector_alloc(nb);
	gsl_matrix *dB = gsl_matrix_alloc(nb, SGP_ORD);
	/* Taylor coefficients at the two pivots of bs():
	 * tl[d][c] = B_c^(d)(pivot) / d!. */
	double piv[2] = {0.75 * k->lo + 0.25 * k->knots[0],
	                 0.75 * k->hi + 0.25 * k->knots[SGP_NKNOTS - 1]};
	double tay[2][SGP_ORD][SGP_NBASIS + 1];
	for (int side = 0; side < 2; side++) {
		gsl_bspline_deriv_eval(piv[side], SGP_ORD - 1, dB, w);
		double fact = 1.0;
		for (int d = 0; d < SGP_ORD; d++) {
			if (d > 0)
				fact *= d;
			for (size_t c = 0; c < nb; c++)
				tay[side][d][c] =
				    gsl_matrix_get(dB, c, d) / fact;
		}
	}
	for (size_t i = 0; i < n; i++) {
		double *o = out + i * SGP_NBASIS;
		double xi = x[i];
		if (isnan(xi)) {
			for (int c = 0; c < SGP_NBASIS; c++)
				o[c] = NAN;
			continue;
		}
		if (xi < k->lo || xi > k->hi) {
			int side = xi > k->hi;
			double t = xi - piv[side];
			for (size_t c = 1; c < nb; c++) {
				double v = 0.0, pw = 1.0;
				for (int d = 0; d < SGP_ORD; d++) {
					v += tay[side][d][c] * pw;
					pw *= t;
				}
				o[c - 1] = v;
			}
			continue;
		}
		gsl_bspline_eval(xi, B, w);
		for (size_t c = 1; c < nb; c++)
			o[c - 1] = gsl_vector_get(B, c);
	}
	gsl_matrix_free(dB);
	gsl_vector_free(B);
	gsl_bspline_free(w);
	return ATT_OK;
}

/* Insertion sort: each row of predictions is nearly sorted already. */
static void sort_small(double *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		double v = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1] > v) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}

/*
 * Fit the order-k model on rows idx[0..m-1] and write the SGP of each of
 * them into sgp_k[0..m-1]; coefficients to coef (SGP_NTAU x pcols).
 */
static int fit_order(const double *cur, const double *const *priors, int k,
                     const size_t *idx, size_t m, const sgp_knots *kn,
                     const sgp_params *par, int *sgp_k, double *coef,
                     qr_stats *st, att_err *e)
{
	size_t pc = 1 + (size_t)SGP_NBASIS * (size_t)k;
	double *X = xmalloc(m * pc * sizeof(double));
	double *y = xmalloc(m * sizeof(double));
	double *xv = xmalloc(m * sizeof(double));
	double *bs = xmalloc(m * SGP_NBASIS * sizeof(double));
	int rc = ATT_OK;
	for (size_t i = 0; i < m; i++) {
		X[i * pc] = 1.0;
		y[i] = cur[idx[i]];
	}
	for (int j = 0; j < k && rc == ATT_OK; j++) {
		for (size_t i = 0; i < m; i++)
			xv[i] = priors[j][idx[i]];
		rc = sgp_bs_eval(&kn[j], xv, m, bs, e);
		for (size_t i = 0; i < m && rc == ATT_OK; i++)
			memcpy(X + i * pc + 1 + (size_t)j * SGP_NBASIS,
			       bs + i * SGP_NBASIS,
			       SGP_NBASIS * sizeof(double));
	}
	free(bs);
	free(xv);
	double taus[SGP_NTAU];
	for (int t = 0; t < SGP_NTAU; t++)
		taus[t] = (t + 1 - 0.5) / 100.0;
	if (rc == ATT_OK)
		rc = qr_fit_taus(X, y, m, pc, taus, SGP_NTAU, par->threads,
		                 coef, st, e);
	if (rc == ATT_OK) {
		double *P = xmalloc(PRED_BLOCK * SGP_NTAU * sizeof(double));
		for (size_t b0 = 0; b0 < m; b0 += PRED_BLOCK) {
			size_t nb = m - b0 < PRED_BLOCK ? m - b0 : PRED_BLOCK;
			cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
			            (int)nb, SGP_NTAU, (int)pc, 1.0,
			            X + b0 * pc, (int)pc, coef, (int)pc, 0.0, P,
			            SGP_NTAU);
			for (size_t i = 0; i < nb; i++) {
				double *row = P + i * SGP_NTAU;
				sort_small(row, SGP_NTAU);
				double score = y[b0 + i];
				int below = 0;
				for (int t = 0; t < SGP_NTAU; t++)
					below +=
					    round(row[t] * 1e5) / 1e5 < score;
				if (below == 0)
					below = 1;
				if (below == SGP_NTAU)
					below = SGP_NTAU - 1;
				sgp_k[b0 + i] = below;
			}
		}
		free(P);
	}
	free(y);
	free(X);
	return rc;
}

int sgp_compute(const double *cur, const double *const *priors, int npriors,
                size_t n, const sgp_params *par, int *sgp, int *order,
                double *const *coef, sgp_info *info, att_err *e)
{
	sgp_info local;
	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	if (npriors < 1 || npriors > SGP_MAX_PRIORS)
		return err_set(e, ATT_EINPUT,
		               "growth percentiles take 1 to %d priors, got %d",
		               SGP_MAX_PRIORS, npriors);
	/* depth[i]: how many consecutive priors (from the most recent) the
	 * student has, 0 when the current score is missing. */
	unsigned char *depth = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		sgp[i] = SGP_NONE;
		order[i] = 0;
		if (isnan(cur[i]))
			continue;
		int d = 0;
		while (d < npriors && !isnan(priors[d][i]))
			d++;
		depth[i] = (unsigned char)d;
		for (int k = 1; k <= d; k++)
			info->cohort[k]++;
		if (d > 0)
			sgp[i] = SGP_INSUFFICIENT;
	}
	/* Orders that can be fitted, and whether anyone reports them. */
	int maxk = 0;
	while (maxk < npriors && info->cohort[maxk + 1] > 0 &&
	       info->cohort[maxk + 1] >= par->min_cohort)
		maxk++;
	int rc = ATT_OK;
	double *xv = xmalloc((n ? n : 1) * sizeof(double));
	for (int j = 0; j < maxk && rc == ATT_OK; j++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (!isnan(cur[i]) && !isnan(priors[j][i]))
				xv[m++] = priors[j][i];
		rc = sgp_knots_compute(xv, m, &info->knots[j], e);
	}
	free(xv);
	size_t *idx = xmalloc((n ? n : 1) * sizeof(size_t));
	int *sk = xmalloc((n ? n : 1) * sizeof(int));
	for (int k = 1; k <= maxk && rc == ATT_OK; k++) {
		/* Skip an order nobody reports unless the caller wants its
		 * coefficients: the students with deeper priors use k+1. */
		size_t reporting = 0, m = 0;
		for (size_t i = 0; i < n; i++) {
			if (depth[i] >= k)
				idx[m++] = i;
			if (depth[i] == k || (k == maxk && depth[i] > k))
				reporting++;
		}
		size_t pc = 1 + (size_t)SGP_NBASIS * (size_t)k;
		double *cf = coef ? coef[k - 1]
		             : reporting
		                 ? xmalloc(SGP_NTAU * pc * sizeof(double))
		                 : NULL;
		if (!cf)
			continue;
		rc = fit_order(cur, priors, k, idx, m, info->knots, par, sk, cf,
		               &info->qr, e);
		for (size_t r = 0; r < m && rc == ATT_OK; r++) {
			sgp[idx[r]] = sk[r];
			order[idx[r]] = k;
		}
		if (!coef)
			free(cf);
	}
	free(sk);
	free(idx);
	free(depth);
	if (rc == ATT_OK)
		info->max_order = maxk;
	return rc;
}

void sgp_group_median(const int *group, const int *sgp, size_t n,
                      size_t ngroups, double *median, size_t *count)
{
	/* Counting sort per group over the 99 possible values. */
	size_t *hist = xcalloc(ngroups ? ngroups * 100 : 1, sizeof(size_t));
	for (size_t g = 0; g < ngroups; g++)
		count[g] = 0;
	for (size_t i = 0; i < n; i++) {
		if (sgp[i] < 1 || sgp[i] > 99 || group[i] < 0 ||
		    (size_t)group[i] >= ngroups)
			continue;
		hist[(size_t)group[i] * 100 + (size_t)sgp[i]]++;
		count[group[i]]++;
	}
	for (size_t g = 0; g < ngroups; g++) {
		size_t c = count[g];
		if (c == 0) {
			median[g] = NAN;
			continue;
		}
		/* Values at 0-based ranks (c-1)/2 and c/2. */
		size_t r1 = (c - 1) / 2, r2 = c / 2, seen = 0;
		int v1 = -1, v2 = -1;
		for (int v = 1; v <= 99 && v2 < 0; v++) {
			seen += hist[g * 100 + (size_t)v];
			if (v1 < 0 && seen > r1)
				v1 = v;
			if (v2 < 0 && seen > r2)
				v2 = v;
		}
		median[g] = (v1 + v2) / 2.0;
	}
	free(hist);
}
