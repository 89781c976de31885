/*
 * an_triang.c - Pearson correlations with Fisher-z intervals and group
 * means (formulas in an_triang.h).
 */
#include "an_triang.h"

#include <math.h>

int triang_pearson(const double *x, const double *y, size_t n, triang_cor *out)
{
	triang_cor c = {0, NAN, NAN, NAN};
	double sx = 0, sy = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(x[i]) || isnan(y[i]))
			continue;
		c.n++;
		sx += x[i];
		sy += y[i];
	}
	*out = c;
	if (c.n < 4)
		return -1;
	double mx = sx / (double)c.n, my = sy / (double)c.n;
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
	double r = sxy / sqrt(sxx * syy);
	if (r > 1)
		r = 1;
	if (r < -1)
		r = -1;
	c.r = r;
	if (fabs(r) >= 1) {
		c.lo = c.hi = r;
	} else {
		double z = atanh(r), se = 1 / sqrt((double)c.n - 3);
		c.lo = tanh(z - 1.959963984540054 * se);
		c.hi = tanh(z + 1.959963984540054 * se);
	}
	*out = c;
	return 0;
}

void triang_matrix(const double *const *vars, int k, size_t n, triang_cor *out)
{
	for (int i = 0; i < k; i++) {
		triang_cor d = {0, 1, 1, 1};
		for (size_t t = 0; t < n; t++)
			d.n += !isnan(vars[i][t]);
		out[i * k + i] = d;
		for (int j = i + 1; j < k; j++) {
			triang_pearson(vars[i], vars[j], n, &out[i * k + j]);
			out[j * k + i] = out[i * k + j];
		}
	}
}

void triang_group_means(const int32_t *group, const double *x, size_t n,
                        int32_t ngroups, double *mean, int32_t *count)
{
	for (int32_t g = 0; g < ngroups; g++) {
		mean[g] = 0;
		count[g] = 0;
	}
	for (size_t i = 0; i < n; i++) {
		int32_t g = group[i];
		if (g < 0 || g >= ngroups || isnan(x[i]))
			continue;
		mean[g] += x[i];
		count[g]++;
	}
	for (int32_t g = 0; g < ngroups; g++)
		mean[g] = count[g] ? mean[g] / count[g] : NAN;
}
