/*
 * an_items.h - classical item analysis and learning-outcome mastery.
 * Pure functions over the engine's item responses.
 *
 * Per assessment, over the students with at least one response (a missing
 * response scores 0), with k items, x_ij the points of student i on item
 * j, T_i = sum_j x_ij and population variances (denominator n):
 *   difficulty   p_j = mean_i x_ij / max_j
 *   item-rest    r_j = corr(x_j, T - x_j), from the sums: cov(x_j, T - x_j)
 *                = cov(x_j, T) - var(x_j), var(T - x_j) = var(T)
 *                - 2 cov(x_j, T) + var(x_j) (corrected point-biserial;
 *                Crocker & Algina 1986, Introduction to Classical and
 *                Modern Test Theory, ch. 14)
 *   alpha        k / (k - 1) (1 - sum_j var(x_j) / var(T))  (Cronbach 1951);
 *                for items scored 0/1 this is KR-20 (Kuder & Richardson
 *                1937): k / (k - 1) (1 - sum p_j q_j / var(T))
 *   alpha if item j deleted: the same over the other k - 1 items
 *   SEM          sd(T) sqrt(1 - alpha)
 * Flags: item-rest below items.pbis_flag (negative: "negative
 * discrimination"), p below items.p_low ("too hard"), above items.p_high
 * ("too easy").
 *
 * Mastery: a student's share of the points of a standard's items in an
 * assessment; mastered when >= items.mastery_cut. Aggregated per class,
 * every org at every level and overall: mean share (percent), share of
 * students who mastered it, the difference from the whole system's mean
 * for that standard (rel_pct) and the standard's rank within the group and
 * assessment by rel_pct (1 = weakest relative to the system). Pooled rows
 * combine every assessment of a standard (n-weighted) and rank it among
 * the standards of the same subject and grade within the group: the
 * steadiest signal of a group's weak outcomes.
 *
 * One pass over the responses for the sums, one for x_j T: O(responses).
 */
#ifndef ATTAIN_AN_ITEMS_H
#define ATTAIN_AN_ITEMS_H

#include <stdint.h>

#include "engine.h"

typedef struct item_row {
	int32_t item, ass;
	int64_t n;
	double difficulty, sd, pbis, alpha_del;
	unsigned flags; /* ITEM_FLAG_* */
} item_row;

enum {
	ITEM_FLAG_LOWDISC = 1,
	ITEM_FLAG_NEGDISC = 2,
	ITEM_FLAG_HARD = 4,
	ITEM_FLAG_EASY = 8,
};

typedef struct test_row {
	int32_t ass;
	int64_t n;
	int items;
	double mean, sd, reliability, sem;
	int kr20; /* every item scored 0/1 */
	int flagged;
} test_row;

typedef struct mastery_st {
	int32_t student, ass, standard;
	float points, max;
} mastery_st;

typedef struct mastery_grp {
	int32_t ass, standard;
	int8_t kind; /* 0 all, 1 org, 2 class */
	int8_t level;
	int32_t id; /* org or class index, -1 all */
	int64_t n;
	double mean_pct, share_mastered, rel_pct;
	int rank;
} mastery_grp;

typedef struct items_opts {
	int32_t year;
	double pbis_flag, p_low, p_high, mastery_cut;
	int student_rows; /* produce mastery_st rows */
	int no_mastery;   /* item statistics only */
	int64_t min_n;
	int nthreads;
} items_opts;

typedef struct items_out {
	item_row *items;
	int64_t nitems;
	test_row *tests;
	int64_t ntests;
	mastery_st *ms;
	int64_t nms;
	mastery_grp *mg;
	int64_t nmg;
	mastery_grp *mp; /* pooled over assessments (ass = -1), ranked among
	                    the standards of one subject and grade */
	int64_t nmp;
} items_out;

/* Item statistics from an n x k matrix (row-major, x[i*k + j]); max[j]
 * the items' maximum points. Fills rows (k) and test. Used by
 * an_items_compute and directly by the tests. */
void an_items_matrix(const double *x, int64_t n, int k, const double *max,
                     item_row *rows, test_row *test);

/* Every assessment with items (optionally one year's). Caller frees with
 * an_items_free. */
int an_items_compute(const engine *g, const items_opts *o, items_out *out);
void an_items_free(items_out *out);

/* The codes of the flags ("too hard; low discrimination", as item_stat.flag
 * stores them) into out; words are made at output (an_text.h). */
void an_items_flag_codes(unsigned flags, char *out, size_t n);

#endif
