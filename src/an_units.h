/*
 * an_units.h - the size and attendance of every org unit and class in
 * each year: students placed (enrolled, for a class), schools, classes,
 * and the days present and possible of those students. These are the
 * counts behind the catalogue's "students", "schools" and "attendance"
 * figures (figures.h); counts and sums only, so a unit's figures follow
 * from its rows alone and units merge by adding.
 *
 * Definitions:
 *   students   distinct students with a placement in a school under the
 *              unit in the year (in a grade: placed in that grade; a
 *              class: enrolled in the class);
 *   schools    schools under the unit (is_school orgs, the unit itself
 *              when a school), whatever their students;
 *   classes    classes of the year in schools under the unit;
 *   present,   the sums over those students of the year's attendance
 *   possible   record (attendance.h: present counts late arrivals;
 *              possible is every day with a mark); attendance rate =
 *              present / possible.
 * Pure: reads the engine, returns arrays; no I/O.
 */
#ifndef ATTAIN_AN_UNITS_H
#define ATTAIN_AN_UNITS_H

#include <stdint.h>

#include "engine.h"

typedef struct unit_row {
	int is_class; /* 0: org (unit = org index), 1: class index */
	int32_t unit;
	int32_t year;
	int grade; /* -1: every grade; else the students placed in it */
	int64_t students, schools, classes;
	int64_t present, possible;
} unit_row;

/*
 * Summative results of a unit in a year, for one subject (-1: every
 * subject) and either one grade (of the students' placement) or one group
 * of students (a desc subgroup dimension and value), or neither: the
 * counts and sums behind the catalogue's results, mean score and
 * proficiency figures. A result belongs to the school of its student's
 * placement in the assessment's year (and every unit above it); a class's
 * results are its enrolled students' results on summative assessments of
 * the class's year and subject (every subject for a homeroom).
 *   n       results
 *   n_cut   results on assessments with a proficient cut
 *   n_prof  of those, at or above the cut
 *   sum,    sum and sum of squares of score / maximum x 100
 *   sumsq
 */
typedef struct unit_res_row {
	int is_class;
	int32_t unit; /* org or class index */
	int32_t year;
	int32_t subject; /* -1: every subject */
	int grade;       /* -1: every grade */
	int dim;         /* DIM_ALL, or the group's dimension (an_desc.h) */
	int val;         /* the group's value on it */
	int64_t n, n_cut, n_prof;
	double sum, sumsq;
} unit_res_row;

void an_units_results(const engine *g, int32_t year, unit_res_row **out,
                      int64_t *n);

/*
 * One row per org (every level) and year with at least one placement or
 * school, one per org, year and grade with a placement in that grade
 * (schools and classes 0 there), and one per class of its year with at
 * least one enrolment; year >= 0 restricts to that engine year index.
 * Rows come by year, then org, then grade (-1 first), then the classes.
 * *out is malloc'd (caller frees).
 */
void an_units_compute(const engine *g, int32_t year, unit_row **out,
                      int64_t *n);

#endif
