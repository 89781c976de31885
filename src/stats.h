/*
 * stats.h - the statistical primitives every analysis shares, each defined
 * once: quantiles, means and standard deviations (two-pass, running, from
 * sums), weighted means and weighted least squares, Hedges' g with its
 * variance, intervals, Pearson's r with Fisher's z interval, and the normal
 * and t quantiles (GSL).
 *
 * Pure functions over caller-owned arrays (pointer and length): no I/O, no
 * globals, no allocation. Sums are taken in index order, so a result is
 * reproducible to the bit for the same input. NaN marks an undefined
 * result; a function that can fail says so by its return value.
 *
 * Tested against R (tests/fixtures/stats/, made by its make_fixture.R) and
 * hand-worked cases in tests/unit/test_stats.c.
 */
#ifndef ATTAIN_STATS_H
#define ATTAIN_STATS_H

#include <stddef.h>
#include <stdint.h>

/* The 0.975 quantile of the standard normal, qnorm(0.975), rounded to the
 * nearest double of its 16-digit value: the z of every 95% interval. */
#define STATS_Z975 1.959963984540054

/* Quantile p of the standard normal (GSL's gsl_cdf_ugaussian_Pinv,
 * Wichura's AS 241); NaN outside (0, 1). */
double stats_normal_quantile(double p);

/* Quantile p of Student's t with df degrees of freedom (GSL's
 * gsl_cdf_tdist_Pinv); NaN for df <= 0 or p outside (0, 1). */
double stats_t_quantile(double p, double df);

/*
 * Type-7 quantile (Hyndman & Fan 1996, Amer. Statistician 50:361-365; R's
 * default) of n values sorted ascending: h = (n - 1) p,
 *   Q(p) = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 * NaN when n = 0.
 */
double stats_quantile7(const double *sorted, size_t n, double p);

/* The interval est -+ z se into *lo and *hi (z = STATS_Z975 for 95%). */
void stats_interval(double est, double se, double z, double *lo, double *hi);

/* Sum of squared deviations of x[0..n) about m, in index order. */
double stats_ss_about(const double *x, size_t n, double m);

/* Sample standard deviation from a sum of squared deviations ss of n
 * values: sqrt(ss / (n - 1)); NaN when n < 2. */
double stats_sd_from_ss(double ss, int64_t n);

/*
 * Mean and sample standard deviation of x[0..n), in two passes (the sum,
 * then the squared deviations about the mean; Chan, Golub & LeVeque 1983,
 * Amer. Statistician 37:242-247, on why two passes). mean NaN when n = 0,
 * sd NaN when n < 2.
 */
void stats_mean_sd(const double *x, size_t n, double *mean, double *sd);

/*
 * Sample variance from the count, sum s and sum of squares ss of n values:
 * (ss - n m^2) / (n - 1) with m = s / n (one pass over data that is
 * accumulated in cells, where the values are not kept); NaN when n < 2.
 * May come out slightly negative for a constant sample.
 */
double stats_var_from_sums(int64_t n, double s, double ss);

/* Running mean and variance, one value at a time (Welford 1962,
 * Technometrics 4:419-420). Start from {0}. */
typedef struct stats_run {
	double n, mean, m2;
} stats_run;

void stats_run_add(stats_run *r, double x);
/* Sample variance m2 / (n - 1); NaN when n < 2. */
double stats_run_var(const stats_run *r);

/* Weighted mean sum w x / sum w of n values; NaN when sum w is 0. */
double stats_wmean(const double *x, const double *w, size_t n);

/*
 * Weighted least-squares line of y on x with weights w (NULL: every weight
 * 1, ordinary least squares):
 *   xbar = sum w x / sum w, ybar = sum w y / sum w,
 *   sxx = sum w (x - xbar)^2, sxy = sum w (x - xbar)(y - ybar),
 *   slope = sxy / sxx,
 *   se = 1 / sqrt(sxx): the slope's standard error when w = 1 / variance of
 *        each y (known variances, as for effect sizes; Borenstein et al.
 *        2009, Introduction to Meta-Analysis, ch. 20, meta-regression).
 * Returns 0, or -1 with fewer than two points or no spread in x (then
 * slope and se are NaN; the means are still filled when n > 0).
 */
typedef struct stats_line {
	double xbar, ybar, sxx, sxy, slope, se;
} stats_line;

int stats_wls(const double *x, const double *y, const double *w, size_t n,
              stats_line *out);

/* Hedges' small-sample correction J = 1 - 3 / (4 df - 1) (Hedges 1981,
 * J. Educational Statistics 6:107-128); df = n1 + n2 - 2 for two groups. */
double stats_hedges_j(double df);

/*
 * Hedges' g of group 1 against group 2 from their sizes, means and SDs,
 * with its variance (Hedges & Olkin 1985, Statistical Methods for
 * Meta-Analysis, ch. 5; the variance as Borenstein et al. 2009, eqs.
 * 4.18-4.24):
 *   s_p = sqrt(((n1 - 1) s1^2 + (n2 - 1) s2^2) / (n1 + n2 - 2))
 *   d   = (m1 - m2) / s_p,  J = stats_hedges_j(n1 + n2 - 2),  g = J d
 *   V_g = J^2 ((n1 + n2) / (n1 n2) + d^2 / (2 (n1 + n2)))
 * Returns 0, or -1 when either group has fewer than 2 members or s_p is 0
 * (then g and var are NaN).
 */
int stats_hedges_g(int64_t n1, double m1, double s1, int64_t n2, double m2,
                   double s2, double *g, double *var);

/*
 * Pearson's r of x and y over the pairs where both are present (NaN is
 * missing; pairwise deletion), in two passes about the means:
 *   r = sum (x - xbar)(y - ybar) / sqrt(sum (x - xbar)^2 sum (y - ybar)^2),
 * clamped to [-1, 1]. *npairs gets the complete pairs. Returns 0, or -1
 * (r NaN) with fewer than min_pairs pairs or no spread in x or y.
 */
int stats_pearson(const double *x, const double *y, size_t n, size_t min_pairs,
                  double *r, size_t *npairs);

/*
 * Interval of a correlation r of n pairs by Fisher's z (Fisher 1921,
 * Metron 1:3-32): tanh(atanh(r) -+ z / sqrt(n - 3)); r itself at |r| = 1,
 * NaN when n <= 3 or r is NaN.
 */
void stats_fisher_interval(double r, size_t n, double z, double *lo,
                           double *hi);

#endif
