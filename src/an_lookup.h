/*
 * an_lookup.h - tables that the analyses build once per run instead of
 * searching the engine for every result row: the placement (and so the
 * school) of each student in each year, the class of each student for each
 * subject in each year, and the mean and SD of each assessment's scores;
 * and a student's first attendance record.
 *
 * They give exactly what engine_placement() and engine_student_class()
 * return (the first matching placement; a class of the year with that
 * subject, else the first homeroom of the year, else -1), in O(1). Years
 * outside 0..year.n-1 fall back to those functions. Pure: built from the
 * engine's arrays, read-only afterwards (safe to share between threads).
 * Memory: 8 bytes per student and year, plus 4 per student, year and
 * subject (and one for "no subject") when classes are asked for.
 */
#ifndef ATTAIN_AN_LOOKUP_H
#define ATTAIN_AN_LOOKUP_H

#include <stdint.h>

#include "engine.h"

typedef struct an_lookup {
	const engine *g;
	int32_t ns, ny, nsub;
	int32_t *place;  /* place[y * ns + st]: placement row, -1 none */
	int32_t *school; /* school[y * ns + st]: school index, -1 none */
	int32_t *cls;    /* cls[(y * (nsub + 1) + subj + 1) * ns + st], or
	                    NULL when not built */
} an_lookup;

/* Build the tables (classes too when with_classes); free with
 * an_lookup_free. Aborts when out of memory. */
void an_lookup_init(an_lookup *L, const engine *g, int with_classes);
void an_lookup_free(an_lookup *L);

/* engine_placement(g, st, y). */
static inline int32_t an_lookup_place(const an_lookup *L, int32_t st, int32_t y)
{
	if (y < 0 || y >= L->ny || st < 0 || st >= L->ns)
		return engine_placement(L->g, st, y);
	return L->place[(int64_t)y * L->ns + st];
}

/* School of st's placement in year y (-1 none). */
static inline int32_t an_lookup_school(const an_lookup *L, int32_t st,
                                       int32_t y)
{
	if (y < 0 || y >= L->ny || st < 0 || st >= L->ns) {
		int32_t pl = engine_placement(L->g, st, y);
		return pl >= 0 ? L->g->pl_school[pl] : -1;
	}
	return L->school[(int64_t)y * L->ns + st];
}

/* engine_student_class(g, st, y, subj). */
static inline int32_t an_lookup_class(const an_lookup *L, int32_t st, int32_t y,
                                      int32_t subj)
{
	if (!L->cls || y < 0 || y >= L->ny || st < 0 || st >= L->ns ||
	    subj < -1 || subj >= L->nsub)
		return engine_student_class(L->g, st, y, subj < -1 ? -1 : subj);
	return L->cls[((int64_t)y * (L->nsub + 1) + subj + 1) * L->ns + st];
}

/* The first attendance record of a student (the engine's records are
 * sorted by student), by binary search: g->natt when the student has
 * none. */
int32_t an_att_first(const engine *g, int32_t student);

/*
 * Mean and sample SD of every assessment's scores (ass.n entries each), as
 * a running mean and variance (stats_run) over the assessment's result
 * rows: mean NaN without results, SD NaN with fewer than two. The standing of a
 * result (its z) is (score - mean) / SD of its assessment.
 */
void an_ass_moments(const engine *g, double *mean, double *sd);

#endif
