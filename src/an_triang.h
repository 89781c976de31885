/*
 * an_triang.h - triangulation: indicators side by side as correlations,
 * each with its n and a 95% interval, always labelled associations (a
 * correlation between attendance and attainment says nothing about which
 * causes which).
 *
 * Pearson's r over the pairs where both values are present (pairwise
 * deletion), computed in two passes about the means (stats_pearson and
 * stats_fisher_interval in stats.h):
 *   r = sum (x - xbar)(y - ybar) / sqrt(sum (x - xbar)^2 sum (y - ybar)^2).
 * 95% interval by Fisher's z transformation (Fisher 1921, Metron 1:3-32):
 *   z = atanh(r), SE = 1 / sqrt(n - 3), interval tanh(z +- 1.959964 SE).
 * Student level: one value per student (attendance rate, conduct
 * incidents, mean attitude grade, survey scale score, mean attainment).
 * School level: school means of the same (triang_group_means), and school
 * facilities (drinking water, usable toilets, electricity, pupil-teacher
 * ratio) against the school attendance rate.
 *
 * Pure functions over caller arrays; no globals, no I/O, no allocation.
 */
#ifndef ATTAIN_AN_TRIANG_H
#define ATTAIN_AN_TRIANG_H

#include <stddef.h>
#include <stdint.h>

typedef struct triang_cor {
	size_t n;      /* complete pairs */
	double r;      /* NaN when n < 4 or a variable is constant */
	double lo, hi; /* 95% interval; NaN with r */
} triang_cor;

/* Correlation of x and y (n entries each, NaN = missing). Returns 0, or -1
 * when r is undefined (fewer than 4 pairs, or no spread). */
int triang_pearson(const double *x, const double *y, size_t n, triang_cor *out);

/* All k x k correlations of k variables of n entries: out[i * k + j]. The
 * diagonal holds r = 1 with the variable's own count. */
void triang_matrix(const double *const *vars, int k, size_t n, triang_cor *out);

/*
 * Means of x by group: group[i] in 0 .. ngroups-1 (negative: skipped), NaN
 * values skipped. mean and count: ngroups entries each (mean NaN for an
 * empty group).
 */
void triang_group_means(const int32_t *group, const double *x, size_t n,
                        int32_t ngroups, double *mean, int32_t *count);

#endif
