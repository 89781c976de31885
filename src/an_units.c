/*
 * an_units.c - students, schools, classes and attendance days of every org
 * unit and class per year (an_units.h).
 */
#include "an_units.h"

#include <stdlib.h>
#include <string.h>

/* The attendance record of (student, year): att rows are sorted by
 * student, then year; *cursor walks forward as students ascend. -1 when
 * there is none. */
static int32_t att_find(const engine *g, int32_t student, int32_t year,
                        int32_t *cursor)
{
	int32_t i = *cursor;
	while (i < g->natt && g->att_student[i] < student)
		i++;
	*cursor = i;
	for (; i < g->natt && g->att_student[i] == student; i++)
		if (g->att_year[i] == year)
			return i;
	return -1;
}

typedef struct acc {
	int64_t students, schools, classes, present, possible;
} acc;

/* Add one student's year to org o and its ancestors, each once per
 * student and year (stamp: the last (student, year) token seen). */
static void add_student(const engine *g, acc *ys, int64_t *stamp, int64_t token,
                        int32_t o, int present, int possible)
{
	for (; o >= 0; o = g->org_parent[o]) {
		if (stamp[o] == token)
			continue;
		stamp[o] = token;
		ys[o].students++;
		ys[o].present += present;
		ys[o].possible += possible;
	}
}

static void org_rows(const engine *g, int32_t y, acc *ys, unit_row **out,
                     int64_t *n, size_t *cap)
{
	for (int32_t o = 0; o < g->org.n; o++) {
		const acc *x = &ys[o];
		if (!x->students && !x->schools && !x->classes)
			continue;
		xgrow((void **)out, cap, (size_t)*n + 1, sizeof(unit_row));
		(*out)[(*n)++] =
		    (unit_row){0,          o,          y,          x->students,
		               x->schools, x->classes, x->present, x->possible};
	}
}

void an_units_compute(const engine *g, int32_t year, unit_row **out, int64_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	int32_t norg = g->org.n;
	acc *ys = xcalloc((size_t)norg + 1, sizeof(acc));
	int64_t *stamp = xmalloc(((size_t)norg + 1) * sizeof(int64_t));
	for (int32_t y = 0; y < g->year.n; y++) {
		if (year >= 0 && y != year)
			continue;
		memset(ys, 0, ((size_t)norg + 1) * sizeof(acc));
		for (int32_t o = 0; o <= norg; o++)
			stamp[o] = -1;
		for (int32_t s = 0; s < g->nschool; s++)
			for (int32_t o = g->school_org[s]; o >= 0;
			     o = g->org_parent[o])
				ys[o].schools++;
		for (int32_t c = 0; c < g->cls.n; c++)
			if (g->cls_year[c] == y)
				for (int32_t o = g->cls_org[c]; o >= 0;
				     o = g->org_parent[o])
					ys[o].classes++;
		int32_t cursor = 0;
		for (int32_t st = 0; st < g->student.n; st++) {
			int have = 0, pr = 0, po = 0;
			for (int32_t p = g->pl_off[st]; p < g->pl_off[st + 1];
			     p++) {
				if (g->pl_year[p] != y)
					continue;
				if (!have) {
					int32_t ai =
					    att_find(g, st, y, &cursor);
					pr = ai >= 0 ? g->att_present[ai] : 0;
					po = ai >= 0 ? g->att_possible[ai] : 0;
					have = 1;
				}
				add_student(g, ys, stamp,
				            (int64_t)st * g->year.n + y,
				            g->pl_org[p], pr, po);
			}
		}
		org_rows(g, y, ys, out, n, &cap);
	}
	/* classes: their enrolled students' attendance in the class's year */
	for (int32_t c = 0; c < g->cls.n; c++) {
		int32_t y = g->cls_year[c];
		if (year >= 0 && y != year)
			continue;
		int64_t ne = g->en_off[c + 1] - g->en_off[c];
		if (ne == 0)
			continue;
		acc x = {ne, 0, 0, 0, 0};
		for (int32_t k = g->en_off[c]; k < g->en_off[c + 1]; k++) {
			int32_t st = g->en_student[k];
			/* binary search the student's first attendance row */
			int32_t lo = 0, hi = g->natt;
			while (lo < hi) {
				int32_t mid = lo + (hi - lo) / 2;
				if (g->att_student[mid] < st)
					lo = mid + 1;
				else
					hi = mid;
			}
			int32_t ai = att_find(g, st, y, &lo);
			if (ai >= 0) {
				x.present += g->att_present[ai];
				x.possible += g->att_possible[ai];
			}
		}
		xgrow((void **)out, &cap, (size_t)*n + 1, sizeof(unit_row));
		(*out)[(*n)++] = (unit_row){1, c, y,         x.students,
		                            0, 0, x.present, x.possible};
	}
	free(stamp);
	free(ys);
}
