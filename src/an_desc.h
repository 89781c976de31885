/*
 * an_desc.h - descriptive statistics of assessment results by every org
 * level, class and subgroup; proficiency bands; trends across windows and
 * years; longitudinal cohorts. Pure functions over the engine's arrays.
 *
 * Formulas (docs/ANALYTICS.md, "Descriptives"):
 *   mean = sum x / n;  sd = sqrt(sum (x - mean)^2 / (n - 1))  (0 when n = 1)
 *   quantile p (median p = .5, quartiles .25/.75): type 7, R's default
 *     (stats_quantile7 in stats.h) over the sorted values.
 *   band share: share of scores s with cut_b <= s < cut_(b+1) (the cut_score
 *     table); share_prof: share with s >= the proficient cut.
 *   trend change: difference of mean percent-of-max between consecutive
 *     assessments of a series with the Welch 95% interval
 *     d +- 1.96 sqrt(s1^2/n1 + s2^2/n2) (students treated as independent
 *     samples, which is conservative when the same students sit both).
 *
 * Grouping uses one sort of each assessment's scores (a stable radix sort,
 * an_sort.h) and stable counting sorts by group key, so every group's
 * scores come out already sorted (in the order a sort of the group alone
 * gives) and its quantiles cost O(1) (Knuth, TAOCP vol. 3, 5.2:
 * distribution counting); each group's sum is added up in that order
 * during the counting sort. Each student's school and class come from
 * an_lookup.h tables built once. Assessments are divided between two
 * threads.
 */
#ifndef ATTAIN_AN_DESC_H
#define ATTAIN_AN_DESC_H

#include <stdint.h>

#include "engine.h"

#define AN_MAXBANDS 8

enum { DESC_ALL = 0, DESC_ORG = 1, DESC_CLASS = 2 };
/* Subgroup dimensions; value meanings: gender ENG_GENDER_*, ses/sen 0/1,
 * lang/social label index. */
enum { DIM_ALL = 0, DIM_GENDER, DIM_SES, DIM_SEN, DIM_LANG, DIM_SOCIAL, DIM_N };

typedef struct desc_stat {
	int64_t n;
	double mean, sd, median, q1, q3, min, max;
} desc_stat;

/* Statistics of n values sorted ascending (n >= 1; n = 0 gives NaNs). */
void an_desc_sorted(const double *x, int64_t n, desc_stat *o);

/* Stable counting sort: perm (length n) lists row indices grouped by key
 * (0 <= key < nkeys; rows with key < 0 are dropped), keeping their order
 * within a key; off (nkeys + 1) gives each key's segment. Returns the
 * number of rows kept. */
int64_t an_group_sort(const int32_t *key, int64_t n, int32_t nkeys,
                      int32_t *perm, int64_t *off);

typedef struct desc_row {
	int32_t ass;
	int8_t group_kind; /* DESC_* */
	int8_t level;      /* org level, -1 for all and class */
	int32_t org;       /* org index or -1 */
	int32_t cls;       /* class index or -1 */
	int8_t dim;        /* DIM_* */
	int16_t val;       /* subgroup value */
	desc_stat s;
	double mean_pct; /* mean / max_score * 100 */
	double sd_pct;
	double share_prof; /* NaN when no cut scores */
	int nbands;
	double band[AN_MAXBANDS];
} desc_row;

typedef struct desc_opts {
	int32_t year;         /* only assessments of this year index, -1 all */
	int subgroups;        /* also subgroups per org */
	int school_subgroups; /* ... including at the school level */
	int classes;          /* also classes */
	int64_t min_n;        /* smallest group reported */
	int nthreads;         /* 1 or 2 */
} desc_opts;

/* Describe every assessment's results. *rows (caller frees) gets the rows,
 * ordered by assessment then group; returns their number. */
int64_t an_desc_compute(const engine *g, const desc_opts *o, desc_row **rows);

/* Write v as printf("%.6g", v) does into out (room for 32 bytes) and
 * return the length. Values in [1e-4, 1) (band shares) take a fast path
 * unless their sixth significant digit lies within 1e-6 of a rounding tie
 * (the scaled value's rounding error, below 2.4e-10, cannot change such a
 * digit); every other value goes to snprintf. */
int an_fmt_g6(double v, char *out);

/* Subgroup label of (dim, val), e.g. "gender:F", into out. */
void an_desc_subgroup(const engine *g, int dim, int val, char *out, size_t n);
/* A student's value on a subgroup dimension (DIM_*): the gender code, the
 * 0/1 flags, the label index of home language or social category; -1
 * unknown. */
int an_desc_dim_value(const engine *g, int dim, int32_t st);

typedef struct trend_row {
	int32_t org; /* -1 all */
	int8_t level;
	int32_t subject;
	int16_t grade;
	int seq;
	int32_t ass;
	int64_t n;
	double mean_pct, change, lo, hi; /* change NaN for the first */
	int direction;                   /* +1 up, -1 down, 0 flat or first */
} trend_row;

/* Trends from the subgroup-"all" rows of an_desc_compute: series per
 * (group, subject, grade) of assessments that are not a class's own,
 * ordered by date. *out caller frees; returns the count. */
int64_t an_desc_trends(const engine *g, const desc_row *rows, int64_t nrows,
                       trend_row **out);

typedef struct cohort_row {
	int32_t
	    org; /* -1 all; org of the student's school in the cohort year */
	int8_t level;
	int32_t subject;
	int32_t cohort_year;
	int16_t cohort_grade;
	int32_t year;
	int16_t grade;
	int64_t n;
	double mean_pct, mean_z;
} cohort_row;

/* Longitudinal cohorts: students placed in grade G in the earliest year
 * followed through every later year's latest summative assessment of each
 * subject. mean_z standardises each assessment (mean 0, sd 1 over all its
 * takers). *out caller frees; returns the count. */
int64_t an_desc_cohorts(const engine *g, int64_t min_n, cohort_row **out);

/* Dashboard aggregation: count, mean score and share at or above the
 * proficient cut (ass_prof_cut; 0 when an assessment has none) of every
 * result, by org at each of `levels` x subject x window (term; -1 none),
 * the student's school being their placement in the assessment's year.
 * Results are divided between two threads by assessment. *out (caller
 * frees) gets one row per non-empty cell; returns their number. */
typedef struct dash_row {
	int32_t org, subject, term;
	int64_t n;
	double mean, share;
} dash_row;
int64_t an_desc_dashboard(const engine *g, const int *levels, int nlev,
                          int nthreads, dash_row **out);

#endif
