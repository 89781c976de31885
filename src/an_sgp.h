/*
 * an_sgp.h - Student Growth Percentiles as the SGP R package computes them
 * (Betebenner 2009, "Norm- and criterion-referenced student growth",
 * Educational Measurement 28(4); CenterForAssessment/SGP,
 * R/studentGrowthPercentiles.R and R/createKnotsBoundaries.R).
 *
 * For a cohort (students with a current score in one subject and period) and
 * k = 1 .. npriors prior scores, the model of order k is the linear quantile
 * regression, at the 100 taus (t - 0.5) / 100, t = 1 .. 100, of
 *
 *     current ~ 1 + bs(prior_1) + ... + bs(prior_k)
 *
 * where bs() is R's splines::bs cubic B-spline basis without intercept
 * (7 columns) with internal knots at the prior's 0.2, 0.4, 0.6 and 0.8
 * quantiles (R's default quantile type 7) rounded to 3 decimals and boundary
 * knots at extendrange(prior, f = 0.1) rounded to 3 decimals. Each student's
 * 100 predicted quantiles are sorted (removing crossing) and rounded to 5
 * decimals; the SGP is the number of them strictly below the current score,
 * with 0 reported as 1 and 100 as 99. A student gets the SGP of the highest
 * order whose priors 1 .. k they all have. Orders are fitted from 1 upwards
 * and stop at the first whose cohort is smaller than the minimum size.
 *
 * Knots and boundaries of prior j are computed from the prior j scores of
 * every cohort student who has one, the same for every order (the SGP
 * package computes them once per grade and content area from its panel).
 *
 * Everything here is a pure function over caller arrays (NAN marks a
 * missing score); the only allocation is scratch freed before returning.
 */
#ifndef ATTAIN_AN_SGP_H
#define ATTAIN_AN_SGP_H

#include <stddef.h>

#include "qr.h"
#include "util.h"

#define SGP_NTAU 100
#define SGP_MAX_PRIORS 2
#define SGP_NKNOTS 4
#define SGP_NBASIS 7 /* bs() columns: SGP_NKNOTS + degree 3 */
#define SGP_MIN_COHORT 1000

/* Values of an SGP slot other than 1 .. 99. */
enum {
	SGP_NONE = 0,          /* no current score or no first prior */
	SGP_INSUFFICIENT = -1, /* has the scores, cohort below the minimum */
};

typedef struct sgp_knots {
	double knots[SGP_NKNOTS]; /* internal knots */
	double lo, hi;            /* boundary knots */
} sgp_knots;

typedef struct sgp_params {
	size_t min_cohort; /* smallest cohort for which a model is fitted */
	int threads;       /* threads for the quantile regressions */
} sgp_params;

/* What sgp_compute did. */
typedef struct sgp_info {
	size_t cohort[SGP_MAX_PRIORS + 1]; /* students with priors 1..k, k>=1 */
	int max_order;                     /* highest order fitted; 0 if none */
	sgp_knots knots[SGP_MAX_PRIORS];
	qr_stats qr;
} sgp_info;

/* Defaults: min_cohort = SGP_MIN_COHORT, threads = 2. */
void sgp_params_default(sgp_params *p);

/*
 * Knots and boundaries of one prior from its n values (NAN skipped), as
 * createKnotsBoundaries: knots = round(quantile(x, 0.2, 0.4, 0.6, 0.8), 3),
 * boundaries = round(range(x) -+ 0.1 * diff(range(x)), 3).
 * Returns ATT_EINPUT when fewer than 2 values are present or all are equal.
 */
int sgp_knots_compute(const double *x, size_t n, sgp_knots *k, att_err *e);

/*
 * R's splines::bs(x, knots, Boundary.knots, degree = 3, intercept = FALSE)
 * at n points: out[i * SGP_NBASIS + j]. Points outside the boundary knots
 * are extrapolated as bs() does (cubic Taylor expansion at a pivot a
 * quarter of the way from the boundary to the nearest internal knot).
 * A NAN x gives a row of NAN. Built on GSL's gsl_bspline.
 * Returns ATT_EINPUT when the knots are not ordered lo < knots <= ... < hi.
 */
int sgp_bs_eval(const sgp_knots *k, const double *x, size_t n, double *out,
                att_err *e);

/*
 * SGPs of one cohort of n students: cur[i] the current score, priors[j][i]
 * the j-th prior (j = 0 most recent), npriors in 1 .. SGP_MAX_PRIORS.
 * Writes sgp[i] (1..99, SGP_NONE or SGP_INSUFFICIENT) and order[i] (the
 * model order used, 0 when none). `coef`, when not NULL, receives the
 * coefficients of each fitted order k at coef[k - 1] (SGP_NTAU rows of
 * 1 + SGP_NBASIS * k values; caller-owned arrays of that size).
 * Returns ATT_OK (also when the cohort is too small: then every SGP is
 * SGP_INSUFFICIENT or SGP_NONE and info->max_order is 0), or ATT_EINPUT
 * when a prior is degenerate (all equal) or a fit fails.
 */
int sgp_compute(const double *cur, const double *const *priors, int npriors,
                size_t n, const sgp_params *par, int *sgp, int *order,
                double *const *coef, sgp_info *info, att_err *e);

/*
 * Median SGP per group: for i with sgp[i] in 1..99 and 0 <= group[i] <
 * ngroups, median[g] = the median of the group's SGPs (the mean of the two
 * middle values when the count is even, as R's median) and count[g] their
 * number; a group without SGPs gets median NAN and count 0.
 */
void sgp_group_median(const int *group, const int *sgp, size_t n,
                      size_t ngroups, double *median, size_t *count);

#endif
