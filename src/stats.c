/*
 * stats.c - the shared statistical primitives (formulas and references in
 * stats.h).
 */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

double stats_normal_quantile(double p)
{
	if (!(p > 0 && p < 1))
		return NAN;
	return gsl_cdf_ugaussian_Pinv(p);
}

double stats_t_quantile(double p, double df)
{
	if (!(p > 0 && p < 1) || !(df > 0))
		return NAN;
	return gsl_cdf_tdist_Pinv(p, df);
}

double stats_quantile7(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return NAN;
	double h = (double)(n - 1) * p;
	double fl = floor(h);
	size_t j = (size_t)fl;
	if (j + 1 >= n)
		return sorted[n - 1];
	return sorted[j] + (h - fl) * (sorted[j + 1] - sorted[j]);
}

void stats_interval(double est, double se, double z, double *lo, double *hi)
{
	*lo = est - z * se;
	*hi = est + z * se;
}

double stats_ss_about(const double *x, size_t n, double m)
{
	double ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	return ss;
}

double stats_sd_from_ss(double ss, int64_t n)
{
	return n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
}

void stats_mean_sd(const double *x, size_t n, double *mean, double *sd)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	double m = n ? s / (double)n : NAN;
	*mean = m;
	*sd =
	    n > 1 ? stats_sd_from_ss(stats_ss_about(x, n, m), (int64_t)n) : NAN;
}

double stats_var_from_sums(int64_t n, double s, double ss)
{
	if (n < 2)
		return NAN;
	double m = s / (double)n;
	return (ss - (double)n * m * m) / (double)(n - 1);
}

void stats_run_add(stats_run *r, double x)
{
	r->n += 1;
	double d = x - r->mean;
	r->mean += d / r->n;
	r->m2 += d * (x - r->mean);
}

double stats_run_var(const stats_run *r)
{
	return r->n > 1 ? r->m2 / (r->n - 1) : NAN;
}

double stats_wmean(const double *x, const double *w, size_t n)
{
	double sw = 0, swx = 0;
	for (size_t i = 0; i < n; i++) {
		double wi = w ? w[i] : 1;
		sw += wi;
		swx += wi * x[i];
	}
	return sw != 0 ? swx / sw : NAN;
}

int stats_wls(const double *x, const double *y, const double *w, size_t n,
              stats_line *out)
{
	stats_line l = {NAN, NAN, NAN, NAN, NAN, NAN};
	if (n > 0) {
		l.xbar = stats_wmean(x, w, n);
		l.ybar = stats_wmean(y, w, n);
	}
	*out = l;
	if (n < 2)
		return -1;
	double sxx = 0, sxy = 0;
	for (size_t i = 0; i < n; i++) {
		double wi = w ? w[i] : 1;
		sxx += wi * (x[i] - l.xbar) * (x[i] - l.xbar);
		sxy += wi * (x[i] - l.xbar) * (y[i] - l.ybar);
	}
	l.sxx = sxx;
	l.sxy = sxy;
	*out = l;
	if (!(sxx > 0))
		return -1;
	out->slope = sxy / sxx;
	out->se = 1 / sqrt(sxx);
	return 0;
}

double stats_hedges_j(double df)
{
	return 1 - 3 / (4 * df - 1);
}

int stats_hedges_g(int64_t n1, double m1, double s1, int64_t n2, double m2,
                   double s2, double *g, double *var)
{
	*g = *var = NAN;
	if (n1 < 2 || n2 < 2)
		return -1;
	double N = (double)(n1 + n2);
	double sp =
	    sqrt(((double)(n1 - 1) * s1 * s1 + (double)(n2 - 1) * s2 * s2) /
	         (N - 2));
	if (!(sp > 0))
		return -1;
	double d = (m1 - m2) / sp;
	double J = stats_hedges_j(N - 2);
	*g = J * d;
	*var = J * J * (N / ((double)n1 * (double)n2) + d * d / (2 * N));
	return 0;
}

int stats_pearson(const double *x, const double *y, size_t n, size_t min_pairs,
                  double *r, size_t *npairs)
{
	size_t m = 0;
	double sx = 0, sy = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(x[i]) || isnan(y[i]))
			continue;
		m++;
		sx += x[i];
		sy += y[i];
	}
	*npairs = m;
	*r = NAN;
	if (m < min_pairs || m < 2)
		return -1;
	double mx = sx / (double)m, my = sy / (double)m;
	double sxx = 0, syy = 0, sxy = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(x[i]) || isnan(y[i]))
			continue;
		double dx = x[i] - mx, dy = y[i] - my;
		sxx += dx * dx;
		syy += dy * dy;
		sxy += dx * dy;
	}
	if (!(sxx > 0) || !(syy > 0))
		return -1;
	double v = sxy / sqrt(sxx * syy);
	*r = v > 1 ? 1 : v < -1 ? -1 : v;
	return 0;
}

void stats_fisher_interval(double r, size_t n, double z, double *lo, double *hi)
{
	if (isnan(r) || n <= 3) {
		*lo = *hi = NAN;
		return;
	}
	if (fabs(r) >= 1) {
		*lo = *hi = r;
		return;
	}
	double zl, zh;
	stats_interval(atanh(r), 1 / sqrt((double)n - 3), z, &zl, &zh);
	*lo = tanh(zl);
	*hi = tanh(zh);
}
