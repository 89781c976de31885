/*
 * an_groups.c - deterministic k-means on mastery profiles (method in
 * an_groups.h).
 */
#include "an_groups.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int groups_choose_k(int n)
{
	if (n >= 20)
		return 4;
	return n < 3 ? n : 3;
}

static double dist2(const double *a, const double *b, int m)
{
	double s = 0;
	for (int j = 0; j < m; j++) {
		double d = a[j] - b[j];
		s += d * d;
	}
	return s;
}

/* The student farthest from their nearest centre (near[i]), the first of
 * equals; it seeds a new centre, or re-seeds an empty one. */
static int farthest(const double *near, int n)
{
	int far = 0;
	for (int i = 1; i < n; i++)
		if (near[i] > near[far])
			far = i;
	return far;
}

int groups_kmeans(const double *mastery, int n, int m, int k, int *assign,
                  double *centre)
{
	if (n < 1 || m < 1 || k < 1 || k > n || !mastery)
		return -1;
	size_t nm = (size_t)n * (size_t)m;
	double *x = xmalloc(nm * sizeof(double));
	/* impute missing by the outcome's class mean */
	for (int j = 0; j < m; j++) {
		double s = 0;
		int c = 0;
		for (int i = 0; i < n; i++) {
			double v = mastery[(size_t)i * m + j];
			if (!isnan(v)) {
				s += v;
				c++;
			}
		}
		double mean = c ? s / c : 0.5;
		for (int i = 0; i < n; i++) {
			double v = mastery[(size_t)i * m + j];
			x[(size_t)i * m + j] = isnan(v) ? mean : v;
		}
	}
	double *cen = xmalloc((size_t)k * m * sizeof(double));
	double *near = xmalloc((size_t)n * sizeof(double));
	int *cnt = xmalloc((size_t)k * sizeof(int));
	/* farthest-point initialisation */
	int first = 0;
	double lowest = INFINITY;
	for (int i = 0; i < n; i++) {
		double s = 0;
		for (int j = 0; j < m; j++)
			s += x[(size_t)i * m + j];
		if (s < lowest) {
			lowest = s;
			first = i;
		}
	}
	memcpy(cen, x + (size_t)first * m, m * sizeof(double));
	for (int i = 0; i < n; i++)
		near[i] = dist2(x + (size_t)i * m, cen, m);
	for (int c = 1; c < k; c++) {
		int far = farthest(near, n);
		memcpy(cen + (size_t)c * m, x + (size_t)far * m,
		       m * sizeof(double));
		for (int i = 0; i < n; i++) {
			double d =
			    dist2(x + (size_t)i * m, cen + (size_t)c * m, m);
			if (d < near[i])
				near[i] = d;
		}
	}
	/* Lloyd iterations */
	for (int i = 0; i < n; i++)
		assign[i] = -1;
	int it = 0;
	for (; it < 100; it++) {
		int changed = 0;
		for (int i = 0; i < n; i++) {
			int best = 0;
			double bd = INFINITY;
			for (int c = 0; c < k; c++) {
				double d = dist2(x + (size_t)i * m,
				                 cen + (size_t)c * m, m);
				if (d < bd) {
					bd = d;
					best = c;
				}
			}
			near[i] = bd;
			if (assign[i] != best) {
				assign[i] = best;
				changed = 1;
			}
		}
		if (!changed && it > 0)
			break;
		memset(cen, 0, (size_t)k * m * sizeof(double));
		memset(cnt, 0, (size_t)k * sizeof(int));
		for (int i = 0; i < n; i++) {
			cnt[assign[i]]++;
			for (int j = 0; j < m; j++)
				cen[(size_t)assign[i] * m + j] +=
				    x[(size_t)i * m + j];
		}
		for (int c = 0; c < k; c++) {
			if (cnt[c] == 0) {
				/* re-seed with the worst-fitting student */
				int far = farthest(near, n);
				memcpy(cen + (size_t)c * m, x + (size_t)far * m,
				       m * sizeof(double));
				near[far] = 0;
				continue;
			}
			for (int j = 0; j < m; j++)
				cen[(size_t)c * m + j] /= cnt[c];
		}
	}
	/* number groups by centre mean, lowest first */
	int *order = xmalloc((size_t)k * sizeof(int));
	double *cm = xmalloc((size_t)k * sizeof(double));
	for (int c = 0; c < k; c++) {
		order[c] = c;
		cm[c] = 0;
		for (int j = 0; j < m; j++)
			cm[c] += cen[(size_t)c * m + j];
	}
	for (int a = 1; a < k; a++) /* insertion sort, k <= a handful */
		for (int b = a; b > 0 && (cm[order[b]] < cm[order[b - 1]] ||
		                          (cm[order[b]] == cm[order[b - 1]] &&
		                           order[b] < order[b - 1]));
		     b--) {
			int t = order[b];
			order[b] = order[b - 1];
			order[b - 1] = t;
		}
	int *rank = xmalloc((size_t)k * sizeof(int));
	for (int c = 0; c < k; c++) {
		rank[order[c]] = c;
		memcpy(centre + (size_t)c * m, cen + (size_t)order[c] * m,
		       m * sizeof(double));
	}
	for (int i = 0; i < n; i++)
		assign[i] = rank[assign[i]];
	free(order);
	free(cm);
	free(rank);
	free(x);
	free(cen);
	free(near);
	free(cnt);
	return it;
}

int groups_weakest(const double *centre_row, int m, int w, int *out)
{
	if (w > m)
		w = m;
	for (int t = 0; t < w; t++) {
		int best = -1;
		for (int j = 0; j < m; j++) {
			int taken = 0;
			for (int q = 0; q < t; q++)
				taken |= out[q] == j;
			if (taken)
				continue;
			if (best < 0 || centre_row[j] < centre_row[best])
				best = j;
		}
		out[t] = best;
	}
	return w;
}
