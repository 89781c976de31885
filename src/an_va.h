/*
 * an_va.h - value-added: how far each school's, class's and teacher's
 * students finished above or below what their prior attainment predicts.
 * Pure functions over the engine's arrays and plain arrays.
 *
 * For each outcome assessment (a summative, by default, of one subject and
 * year) and each student who sat it and the same subject's latest
 * summative of the previous academic year (the prior):
 *
 *  regression   y = b0 + b1 p + b2 p^2 + e, p the prior standardised
 *               within its assessment; OLS by the normal equations solved
 *               through an SVD with small singular values dropped (GSL).
 *  prior_band   Progress 8 style (DfE, "Secondary accountability measures",
 *               technical guidance): the expected outcome is the mean
 *               outcome of every student in the same prior-attainment band
 *               (va.prior_bands equal-count bands of p; ties share a band).
 *  contextual   the regression plus student context: female, socio-economic
 *               disadvantage, special needs, home language and social
 *               category dummies (the most common category as reference,
 *               unknown as its own dummy), as in contextual value-added
 *               (Ray, 2006, "School value added measures in England",
 *               DfES).
 *
 * Residuals are expressed in standard deviations of the outcome. Extreme
 * negative residuals are capped per prior band as Progress 8 does since
 * 2018: a residual below mean_b - k sd_b of its band b is raised to that
 * floor (k = va.cap_sd; DfE sets k so about 1% of pupils nationally are
 * capped, 2.326 for normal residuals); positive residuals are never capped.
 *
 * A group's value-added is the mean capped residual of its students with
 * the DfE Progress 8 confidence interval va +- 1.96 sigma / sqrt(n), sigma
 * the standard deviation of all capped residuals in the same model,
 * subject and year pool.
 */
#ifndef ATTAIN_AN_VA_H
#define ATTAIN_AN_VA_H

#include <stdint.h>

#include "engine.h"

enum { VA_REG = 0, VA_BAND = 1, VA_CTX = 2, VA_NMODELS = 3 };
enum { VA_ORG = 0, VA_CLASS = 1, VA_TEACHER = 2 };

/* ---- numeric building blocks ---- */

/* Least squares beta (k) of y on the n x k row-major X; fitted (n) may be
 * NULL. Normal equations, SVD of X'X, singular values below 1e-10 of the
 * largest dropped (collinear columns get 0). Returns the rank. */
int an_va_ols(const double *X, int64_t n, int k, const double *y, double *beta,
              double *fitted);

/* Equal-count bands of p: band = floor(rank * nb / n) of the first
 * occurrence of each value among the sorted values (ties share a band).
 * Returns the number of bands used (<= nb). */
int an_va_bands(const double *p, int64_t n, int nb, int16_t *band);

/* expected[i] = mean of y over i's band. */
void an_va_band_expected(const double *y, const int16_t *band, int64_t n,
                         int nb, double *expected);

/* Cap residuals in place per band: floor_b = mean_b - cap_sd * sd_b (sd
 * with n - 1); resid < floor_b becomes floor_b and capped[i] is set.
 * cap_sd <= 0 caps nothing. Returns the number capped. */
int64_t an_va_cap(double *resid, const int16_t *band, int64_t n, int nb,
                  double cap_sd, uint8_t *capped);

/* Mean with the Progress 8 interval: mean = sum / n, se = sigma / sqrt(n),
 * lo/hi = mean -+ 1.96 se. */
void an_va_interval(double sum, int64_t n, double sigma, double *mean,
                    double *se, double *lo, double *hi);

/* ---- over the engine ---- */

typedef struct va_opts {
	int32_t year;   /* outcomes of this year index only, -1 all */
	int nbands;     /* prior bands */
	double cap_sd;  /* capping multiple, 0 off */
	int contextual; /* fit the contextual model */
	unsigned kinds; /* bit (1 << ENG_KIND_*) of outcome/prior kinds */
	int64_t min_n;  /* smallest group reported */
	int nthreads;
} va_opts;

typedef struct va_student {
	int32_t student, ass, prior_ass;
	int32_t school, cls, teacher; /* -1 unknown */
	double prior, score;          /* raw scores */
	int16_t band;
	uint8_t capped; /* bit per model */
	double exp_reg, res_reg, exp_band, res_band, res_ctx; /* residuals in
	                                                         SD, capped */
} va_student;

typedef struct va_group {
	int8_t model, kind, level; /* level: org level, -1 class/teacher */
	int32_t id;                /* org, class or staff index */
	int32_t subject, year;     /* -1 = pooled over all */
	int64_t n, ncapped;
	double va, se, lo, hi;
} va_group;

/* Fit every model for every outcome assessment and aggregate per org (every
 * level), class and teacher, per subject and year and pooled over years.
 * *students and *groups are the caller's to free. Returns ATT_OK. */
int an_va_compute(const engine *g, const va_opts *o, va_student **students,
                  int64_t *nstudents, va_group **groups, int64_t *ngroups);

#endif
