/*
 * an_units.c - students, schools, classes and attendance days of every org
 * unit and class per year, and per grade (an_units.h).
 */
#include "an_units.h"

#include <stdlib.h>
#include <string.h>

#define MAX_GRADE 15 /* grades 0..15 get their own rows */

/* The attendance record of (student, year): att rows are sorted by
 * student, then year; from *cursor, which moves to the student's first
 * row. -1 when there is none. */
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

/* The first attendance row of a student (binary search). */
static int32_t att_first(const engine *g, int32_t student)
{
	int32_t lo = 0, hi = g->natt;
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (g->att_student[mid] < student)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

typedef struct acc {
	int64_t students, schools, classes, present, possible;
} acc;

/* Accumulators: per org, slot 0 every grade, slot 1 + g grade g. */
#define NSLOT (MAX_GRADE + 2)

/* Add one student's placement to org o and its ancestors, once per
 * student and year in each slot (stamp: the last (student, year) token
 * seen per org and slot). */
static void add_student(const engine *g, acc *ys, int64_t *stamp, int64_t token,
                        int32_t o, int grade, int present, int possible)
{
	for (; o >= 0; o = g->org_parent[o]) {
		int slots[2] = {0, grade >= 0 && grade <= MAX_GRADE ? grade + 1
		                                                    : -1};
		for (int k = 0; k < 2; k++) {
			if (slots[k] < 0)
				continue;
			size_t i = (size_t)o * NSLOT + (size_t)slots[k];
			if (stamp[i] == token)
				continue;
			stamp[i] = token;
			ys[i].students++;
			ys[i].present += present;
			ys[i].possible += possible;
		}
	}
}

static void push(unit_row **out, int64_t *n, size_t *cap, unit_row r)
{
	xgrow((void **)out, cap, (size_t)*n + 1, sizeof(unit_row));
	(*out)[(*n)++] = r;
}

/* The rows of year y: every org's slots with anything in them. */
static void org_rows(const engine *g, int32_t y, const acc *ys, unit_row **out,
                     int64_t *n, size_t *cap)
{
	for (int32_t o = 0; o < g->org.n; o++)
		for (int sl = 0; sl < NSLOT; sl++) {
			const acc *x = &ys[(size_t)o * NSLOT + (size_t)sl];
			if (!x->students && !x->schools && !x->classes)
				continue;
			push(out, n, cap,
			     (unit_row){0, o, y, sl - 1, x->students,
			                x->schools, x->classes, x->present,
			                x->possible});
		}
}

/* One year of the org rows. */
static void year_orgs(const engine *g, int32_t y, acc *ys, int64_t *stamp,
                      unit_row **out, int64_t *n, size_t *cap)
{
	size_t cells = ((size_t)g->org.n + 1) * NSLOT;
	memset(ys, 0, cells * sizeof(acc));
	for (size_t i = 0; i < cells; i++)
		stamp[i] = -1;
	for (int32_t s = 0; s < g->nschool; s++)
		for (int32_t o = g->school_org[s]; o >= 0; o = g->org_parent[o])
			ys[(size_t)o * NSLOT].schools++;
	for (int32_t c = 0; c < g->cls.n; c++)
		if (g->cls_year[c] == y)
			for (int32_t o = g->cls_org[c]; o >= 0;
			     o = g->org_parent[o])
				ys[(size_t)o * NSLOT].classes++;
	int32_t cursor = 0;
	for (int32_t st = 0; st < g->student.n; st++) {
		int have = 0, pr = 0, po = 0;
		for (int32_t p = g->pl_off[st]; p < g->pl_off[st + 1]; p++) {
			if (g->pl_year[p] != y)
				continue;
			if (!have) {
				int32_t ai = att_find(g, st, y, &cursor);
				pr = ai >= 0 ? g->att_present[ai] : 0;
				po = ai >= 0 ? g->att_possible[ai] : 0;
				have = 1;
			}
			add_student(g, ys, stamp, (int64_t)st * g->year.n + y,
			            g->pl_org[p], g->pl_grade[p], pr, po);
		}
	}
	org_rows(g, y, ys, out, n, cap);
}

void an_units_compute(const engine *g, int32_t year, unit_row **out, int64_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	size_t cells = ((size_t)g->org.n + 1) * NSLOT;
	acc *ys = xmalloc(cells * sizeof(acc));
	int64_t *stamp = xmalloc(cells * sizeof(int64_t));
	for (int32_t y = 0; y < g->year.n; y++)
		if (year < 0 || y == year)
			year_orgs(g, y, ys, stamp, out, n, &cap);
	free(stamp);
	free(ys);
	/* classes: their enrolled students' attendance in the class's year */
	for (int32_t c = 0; c < g->cls.n; c++) {
		int32_t y = g->cls_year[c];
		int64_t ne = g->en_off[c + 1] - g->en_off[c];
		if ((year >= 0 && y != year) || ne == 0)
			continue;
		unit_row r = {1, c, y, -1, ne, 0, 0, 0, 0};
		for (int32_t k = g->en_off[c]; k < g->en_off[c + 1]; k++) {
			int32_t st = g->en_student[k];
			int32_t cur = att_first(g, st);
			int32_t ai = att_find(g, st, y, &cur);
			if (ai >= 0) {
				r.present += g->att_present[ai];
				r.possible += g->att_possible[ai];
			}
		}
		push(out, n, &cap, r);
	}
}
