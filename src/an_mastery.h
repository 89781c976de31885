/*
 * an_mastery.h - the mastery of learning outcomes by year, the figure
 * every page, report and export shows (figures.h, mastery_pct): per
 * student, year and outcome the points earned and available over the
 * outcome's items in the year's assessments the student has a response
 * to (a response not yet given is not a zero), how many items and
 * assessments they come from, whether they are enough evidence; and per
 * org (every level) the sums over its students that a unit's mean, SD and
 * share mastered come from. A pure function over the engine's item
 * responses and placements, called by the items analysis (run_items.c).
 */
#ifndef ATTAIN_AN_MASTERY_H
#define ATTAIN_AN_MASTERY_H

#include <stdint.h>

#include "engine.h"

typedef struct mastery_yr {
	int32_t student, year, standard;
	double points, max;
	int32_t items, assessments;
	int8_t enough;   /* max >= min_evidence: the student's own mastery
	                    may be shown as a number */
	int8_t mastered; /* points >= cut x max */
} mastery_yr;

/* One org's students (each once) on one outcome in one year: n, how many
 * mastered it, sum and sum of squares of their mastery percents (100 x
 * points / max). Every student with a response counts: a unit's mean
 * rests on all its students' points together, so one student's thin
 * evidence does not leave it out. */
typedef struct mastery_un {
	int32_t org, year, standard;
	int64_t n, n_mastered;
	double sum, sumsq;
} mastery_un;

typedef struct mastery_year_out {
	mastery_yr *st;
	int64_t nst;
	mastery_un *un;
	int64_t nun;
} mastery_year_out;

/*
 * Every year's mastery: cut the share of the points that is mastered
 * (items.mastery_cut, 0..1), min_evidence the points available below
 * which a student's mastery is not enough evidence (items.min_evidence).
 * A student counts for every org on the path from each org they are
 * placed in that year up to the root, once per org. Rows are ordered by
 * year, outcome and student (units: year, outcome, org). Caller frees
 * with an_mastery_free.
 */
void an_mastery_year(const engine *g, double cut, double min_evidence,
                     mastery_year_out *out);
void an_mastery_free(mastery_year_out *out);

#endif
