/*
 * an_gaps.h - gaps between subgroups as standardised effect sizes with
 * 95% intervals, and whether each gap narrows or widens over time.
 *
 * Hedges' g (stats_hedges_g in stats.h; Hedges & Olkin 1985, Statistical
 * Methods for Meta-Analysis, ch. 5; variance as in Borenstein et al. 2009,
 * Introduction to Meta-Analysis, eqs. 4.18-4.24):
 *   s_p = sqrt(((n1 - 1) s1^2 + (n2 - 1) s2^2) / (n1 + n2 - 2))
 *   d   = (m1 - m2) / s_p
 *   J   = 1 - 3 / (4 (n1 + n2) - 9)
 *   g   = J d
 *   V_g = J^2 ((n1 + n2) / (n1 n2) + d^2 / (2 (n1 + n2)))
 *   95% interval g -+ 1.96 sqrt(V_g)
 *
 * Trend: weighted least squares of g on time t (years) over a series of
 * assessments, weights w = 1 / V_g (stats_wls):
 *   slope = sum w (t - tw)(g - gw) / sum w (t - tw)^2,
 *   se    = 1 / sqrt(sum w (t - tw)^2)
 * (tw, gw weighted means; the gaps of different assessments are taken as
 * independent). The gap narrows when the interval of the slope excludes
 * zero and the slope points towards zero from the series' mean gap,
 * widens when it points away, else shows no clear change.
 *
 * Dimensions: gender (F against M), ses (disadvantaged against not),
 * sen (special needs against not), lang and social (each category against
 * every other student whose category is known).
 */
#ifndef ATTAIN_AN_GAPS_H
#define ATTAIN_AN_GAPS_H

#include <stdint.h>

#include "engine.h"

enum { GAP_GENDER = 0, GAP_SES, GAP_SEN, GAP_LANG, GAP_SOCIAL, GAP_NDIM };

typedef struct gap_row {
	int32_t ass;
	int32_t org; /* -1 all */
	int8_t level;
	int8_t dim;
	int16_t a, b; /* values: gender ENG_GENDER_*, ses/sen 1/0, category
	                 index; b = -1 means "every other category" */
	int64_t na, nb;
	double ma, mb, g, lo, hi, var;
} gap_row;

typedef struct gap_trend {
	int32_t org;
	int8_t level, dim;
	int16_t a, b;
	int32_t subject;
	int16_t grade;
	int points;
	double g_first, g_last, slope, lo, hi;
	int verdict; /* -1 narrowing, +1 widening, 0 no clear change, 2 one
	                point */
} gap_trend;

typedef struct gaps_opts {
	int32_t year; /* -1 all */
	int64_t min_n;
	double alpha; /* trend interval 1 - alpha */
} gaps_opts;

/* Gaps for every assessment (not a class's own) at every org and level and
 * overall, and their trends per (org, dimension, pair, subject, grade).
 * Assessments are divided between two threads (rows still in assessment
 * order; each cell's results added in result order). Caller frees *rows
 * and *trends. */
int an_gaps_compute(const engine *g, const gaps_opts *o, gap_row **rows,
                    int64_t *nrows, gap_trend **trends, int64_t *ntrends);

/* Labels of a gap's dimension and groups, e.g. "gender", "F", "M". */
void an_gaps_labels(const engine *g, int dim, int a, int b,
                    const char **dimname, char *la, char *lb, size_t n);

#endif
