/*
 * an_triang.c - Pearson correlations with Fisher-z intervals and group
 * means (formulas in an_triang.h).
 */
#include "an_triang.h"

#include <math.h>

#include "stats.h"

int triang_pearson(const double *x, const double *y, size_t n, triang_cor *out)
{
	triang_cor c = {0, NAN, NAN, NAN};
	if (stats_pearson(x, y, n, 4, &c.r, &c.n) == 0)
		stats_fisher_interval(c.r, c.n, STATS_Z975, &c.lo, &c.hi);
	*out = c;
	return isnan(c.r) ? -1 : 0;
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
