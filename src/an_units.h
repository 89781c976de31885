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
