/*
 * an_units.c - students, schools, classes and attendance days of every org
 * unit and class per year, and per grade (an_units.h).
 */
#include "an_units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_desc.h"
#include "an_lookup.h"

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
			int32_t cur = an_att_first(g, st);
			int32_t ai = att_find(g, st, y, &cur);
			if (ai >= 0) {
				r.present += g->att_present[ai];
				r.possible += g->att_possible[ai];
			}
		}
		push(out, n, &cap, r);
	}
}

/* ---- summative results per unit ---- */

typedef struct racc {
	int64_t n, n_cut, n_prof;
	double sum, sumsq;
} racc;

/* The group slots of a unit: 0 every student, 1 + g grade g, then one per
 * value of each subgroup dimension. */
typedef struct slots {
	int ngrade;       /* MAX_GRADE + 1 */
	int base[DIM_N];  /* first slot of each dimension */
	int nvals[DIM_N]; /* values of each dimension */
	int n;            /* group slots */
	int nsub;         /* subject slots: 0 every, 1 + s subject s */
} slots;

static void slots_init(const engine *g, slots *sl)
{
	memset(sl, 0, sizeof(*sl));
	sl->ngrade = MAX_GRADE + 1;
	int next = 1 + sl->ngrade;
	sl->nvals[DIM_GENDER] = 4;
	sl->nvals[DIM_SES] = 2;
	sl->nvals[DIM_SEN] = 2;
	sl->nvals[DIM_LANG] = g->home_language.n;
	sl->nvals[DIM_SOCIAL] = g->social_category.n;
	for (int d = 1; d < DIM_N; d++) {
		sl->base[d] = next;
		next += sl->nvals[d];
	}
	sl->n = next;
	sl->nsub = 1 + g->subject.n;
}

static void racc_add(racc *a, int has_cut, int prof, double pct)
{
	a->n++;
	a->n_cut += has_cut;
	a->n_prof += prof;
	a->sum += pct;
	a->sumsq += pct * pct;
}

static void racc_merge(racc *a, const racc *b)
{
	a->n += b->n;
	a->n_cut += b->n_cut;
	a->n_prof += b->n_prof;
	a->sum += b->sum;
	a->sumsq += b->sumsq;
}

/* Add one result to its school's slots: every subject and its subject,
 * times every student, the grade and each group the student is in. */
static void add_result(const engine *g, const slots *sl, racc *ra, int32_t org,
                       int32_t subject, int grade, int32_t st, int has_cut,
                       int prof, double pct)
{
	int groups[2 + DIM_N], ng = 0;
	groups[ng++] = 0;
	if (grade >= 0 && grade <= MAX_GRADE)
		groups[ng++] = 1 + grade;
	for (int d = 1; d < DIM_N; d++) {
		int v = an_desc_dim_value(g, d, st);
		if (v >= 0 && v < sl->nvals[d])
			groups[ng++] = sl->base[d] + v;
	}
	int subs[2] = {0, subject >= 0 ? 1 + subject : -1};
	racc *u = ra + (size_t)org * (size_t)sl->nsub * (size_t)sl->n;
	for (int k = 0; k < 2; k++) {
		if (subs[k] < 0)
			continue;
		for (int j = 0; j < ng; j++)
			racc_add(&u[(size_t)subs[k] * (size_t)sl->n +
			            (size_t)groups[j]],
			         has_cut, prof, pct);
	}
}

/* The slot's grade, dimension and value. */
static void slot_meaning(const slots *sl, int slot, int *grade, int *dim,
                         int *val)
{
	*grade = -1;
	*dim = DIM_ALL;
	*val = 0;
	if (slot >= 1 && slot <= sl->ngrade) {
		*grade = slot - 1;
		return;
	}
	for (int d = 1; d < DIM_N; d++)
		if (slot >= sl->base[d] && slot < sl->base[d] + sl->nvals[d]) {
			*dim = d;
			*val = slot - sl->base[d];
		}
}

static void res_push(unit_res_row **out, int64_t *n, size_t *cap,
                     unit_res_row r)
{
	xgrow((void **)out, cap, (size_t)*n + 1, sizeof(unit_res_row));
	(*out)[(*n)++] = r;
}

/* One year of the org rows: every result added at its school, then the
 * schools' sums added up the tree (deepest orgs first). */
static void year_results(const engine *g, const slots *sl, int32_t y, racc *ra,
                         unit_res_row **out, int64_t *n, size_t *cap)
{
	size_t per = (size_t)sl->nsub * (size_t)sl->n;
	memset(ra, 0, (size_t)g->org.n * per * sizeof(racc));
	for (int32_t a = 0; a < g->ass.n; a++) {
		if (g->ass_year[a] != y ||
		    g->ass_kind[a] != ENG_KIND_SUMMATIVE ||
		    !(g->ass_max[a] > 0))
			continue;
		double cut = g->ass_prof_cut[a];
		for (int64_t k = g->res_off[a]; k < g->res_off[a + 1]; k++) {
			int32_t st = g->res_student[k];
			int32_t p = engine_placement(g, st, y);
			if (p < 0)
				continue;
			double sc = g->res_score[k];
			add_result(g, sl, ra, g->pl_org[p], g->ass_subject[a],
			           g->pl_grade[p], st, isfinite(cut),
			           isfinite(cut) && sc >= cut,
			           sc * 100.0 / g->ass_max[a]);
		}
	}
	int maxd = 0;
	for (int32_t o = 0; o < g->org.n; o++)
		if (g->org_depth[o] > maxd)
			maxd = g->org_depth[o];
	for (int d = maxd; d > 0; d--)
		for (int32_t o = 0; o < g->org.n; o++) {
			int32_t up = g->org_parent[o];
			if (g->org_depth[o] != d || up < 0)
				continue;
			for (size_t i = 0; i < per; i++)
				racc_merge(&ra[(size_t)up * per + i],
				           &ra[(size_t)o * per + i]);
		}
	for (int32_t o = 0; o < g->org.n; o++)
		for (int s = 0; s < sl->nsub; s++)
			for (int j = 0; j < sl->n; j++) {
				const racc *x =
				    &ra[(size_t)o * per +
				        (size_t)s * (size_t)sl->n + (size_t)j];
				if (!x->n)
					continue;
				unit_res_row r = {0,         o,      y,
				                  s - 1,     -1,     DIM_ALL,
				                  0,         x->n,   x->n_cut,
				                  x->n_prof, x->sum, x->sumsq};
				slot_meaning(sl, j, &r.grade, &r.dim, &r.val);
				res_push(out, n, cap, r);
			}
}

/* A class's results: its students' summative results of the class's year
 * and subject. */
static void class_results(const engine *g, int32_t c, racc *x)
{
	memset(x, 0, sizeof(*x));
	int32_t y = g->cls_year[c], subj = g->cls_subject[c];
	for (int32_t k = g->en_off[c]; k < g->en_off[c + 1]; k++) {
		int32_t st = g->en_student[k];
		for (int64_t i = g->rs_off[st]; i < g->rs_off[st + 1]; i++) {
			int64_t row = g->rs_row[i];
			int32_t a = g->res_ass[row];
			if (g->ass_year[a] != y ||
			    g->ass_kind[a] != ENG_KIND_SUMMATIVE ||
			    !(g->ass_max[a] > 0) ||
			    (subj >= 0 && g->ass_subject[a] != subj))
				continue;
			double cut = g->ass_prof_cut[a], sc = g->res_score[row];
			racc_add(x, isfinite(cut), isfinite(cut) && sc >= cut,
			         sc * 100.0 / g->ass_max[a]);
		}
	}
}

void an_units_results(const engine *g, int32_t year, unit_res_row **out,
                      int64_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	slots sl;
	slots_init(g, &sl);
	racc *ra = xmalloc(((size_t)g->org.n + 1) * (size_t)sl.nsub *
	                   (size_t)sl.n * sizeof(racc));
	for (int32_t y = 0; y < g->year.n; y++)
		if (year < 0 || y == year)
			year_results(g, &sl, y, ra, out, n, &cap);
	free(ra);
	for (int32_t c = 0; c < g->cls.n; c++) {
		if (year >= 0 && g->cls_year[c] != year)
			continue;
		racc x;
		class_results(g, c, &x);
		if (x.n)
			res_push(out, n, &cap,
			         (unit_res_row){1, c, g->cls_year[c], -1, -1,
			                        DIM_ALL, 0, x.n, x.n_cut,
			                        x.n_prof, x.sum, x.sumsq});
	}
}
