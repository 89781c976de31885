/*
 * an_mastery.c - the mastery of learning outcomes by year (an_mastery.h).
 *
 * The items with an outcome are put in (year, outcome, assessment) order;
 * each (year, outcome) group is one pass over its items' responses into
 * per-student accumulators, then each student touched gives a row and is
 * added to the org sums of every org above the orgs it is placed in that
 * year. O(responses + rows x depth) time, O(students + orgs) scratch.
 */
#include "an_mastery.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Scratch of one pass: per student and per org, with the lists of the
 * touched ones (so a group resets only what it used). */
typedef struct acc {
	double *pts, *mx;
	int32_t *nit, *nass, *last_ass, *touched;
	int32_t ntouched;
	int64_t *un_n, *un_m;
	double *un_sum, *un_sq;
	int32_t *org_stamp, *org_touched;
	int32_t norg_touched;
} acc;

/* An item with an outcome, by the keys of its group. */
typedef struct item_key {
	int32_t year, standard, ass, item;
} item_key;

/* Items by year, outcome, assessment, then index. */
static int item_cmp(const void *pa, const void *pb)
{
	const item_key *a = pa, *b = pb;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->standard != b->standard)
		return a->standard < b->standard ? -1 : 1;
	if (a->ass != b->ass)
		return a->ass < b->ass ? -1 : 1;
	return a->item < b->item ? -1 : a->item > b->item;
}

static int i32_cmp(const void *pa, const void *pb)
{
	int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
	return a < b ? -1 : a > b;
}

/* Add item it's responses to the per-student accumulators. */
static void add_item(const engine *g, int32_t it, acc *c)
{
	int32_t ass = g->item_ass[it];
	for (int64_t k = g->ir_off[it]; k < g->ir_off[it + 1]; k++) {
		int32_t s = g->ir_student[k];
		if (c->nit[s] == 0)
			c->touched[c->ntouched++] = s;
		c->pts[s] += g->ir_points[k];
		c->mx[s] += g->item_max[it];
		c->nit[s]++;
		if (c->last_ass[s] != ass) {
			c->last_ass[s] = ass;
			c->nass[s]++;
		}
	}
}

/* Add student s's percent pct (mastered m) to every org above the orgs
 * it is placed in during year y, each org once. */
static void add_orgs(const engine *g, int32_t s, int32_t y, double pct, int m,
                     acc *c)
{
	for (int32_t p = g->pl_off[s]; p < g->pl_off[s + 1]; p++) {
		if (g->pl_year[p] != y)
			continue;
		for (int32_t o = g->pl_org[p]; o >= 0; o = g->org_parent[o]) {
			if (c->org_stamp[o] == s)
				break; /* this org and those above: counted */
			if (c->org_stamp[o] < 0)
				c->org_touched[c->norg_touched++] = o;
			c->org_stamp[o] = s;
			c->un_n[o]++;
			c->un_m[o] += m;
			c->un_sum[o] += pct;
			c->un_sq[o] += pct * pct;
		}
	}
}

/* Emit the rows of one (year, outcome) group and reset what it used. */
static void flush(const engine *g, int32_t y, int32_t sd, double cut,
                  double min_ev, acc *c, mastery_year_out *out, int64_t *cap_st,
                  int64_t *cap_un)
{
	qsort(c->touched, (size_t)c->ntouched, sizeof(int32_t), i32_cmp);
	for (int32_t i = 0; i < c->ntouched; i++) {
		int32_t s = c->touched[i];
		if (out->nst == *cap_st) {
			*cap_st = *cap_st ? 2 * *cap_st : 4096;
			out->st = xrealloc(out->st, (size_t)*cap_st *
			                                sizeof(mastery_yr));
		}
		mastery_yr *r = &out->st[out->nst++];
		int enough = c->mx[s] > 0 && c->mx[s] >= min_ev;
		int m = c->mx[s] > 0 && c->pts[s] >= cut * c->mx[s];
		*r = (mastery_yr){
		    s,        y,         sd,         c->pts[s],
		    c->mx[s], c->nit[s], c->nass[s], (int8_t)enough,
		    (int8_t)m};
		if (c->mx[s] > 0)
			add_orgs(g, s, y, 100.0 * c->pts[s] / c->mx[s], m, c);
		c->pts[s] = c->mx[s] = 0;
		c->nit[s] = c->nass[s] = 0;
		c->last_ass[s] = -1;
	}
	c->ntouched = 0;
	/* org stamps hold student indexes: reset before the next group */
	qsort(c->org_touched, (size_t)c->norg_touched, sizeof(int32_t),
	      i32_cmp);
	for (int32_t i = 0; i < c->norg_touched; i++) {
		int32_t o = c->org_touched[i];
		if (out->nun == *cap_un) {
			*cap_un = *cap_un ? 2 * *cap_un : 1024;
			out->un = xrealloc(out->un, (size_t)*cap_un *
			                                sizeof(mastery_un));
		}
		out->un[out->nun++] = (mastery_un){
		    o,          y, sd, c->un_n[o], c->un_m[o], c->un_sum[o],
		    c->un_sq[o]};
		c->un_n[o] = c->un_m[o] = 0;
		c->un_sum[o] = c->un_sq[o] = 0;
		c->org_stamp[o] = -1;
	}
	c->norg_touched = 0;
}

void an_mastery_year(const engine *g, double cut, double min_evidence,
                     mastery_year_out *out)
{
	memset(out, 0, sizeof(*out));
	int32_t ns = g->student.n, no = g->org.n, ni = g->item.n, n = 0;
	item_key *items = xmalloc(((size_t)ni + 1) * sizeof(item_key));
	for (int32_t i = 0; i < ni; i++) {
		int32_t a = g->item_ass[i];
		if (g->item_standard[i] >= 0 && a >= 0 && g->ass_year[a] >= 0)
			items[n++] = (item_key){g->ass_year[a],
			                        g->item_standard[i], a, i};
	}
	qsort(items, (size_t)n, sizeof(item_key), item_cmp);
	acc c = {0};
	size_t S = (size_t)ns + 1, O = (size_t)no + 1;
	c.pts = xcalloc(S, sizeof(double));
	c.mx = xcalloc(S, sizeof(double));
	c.nit = xcalloc(S, sizeof(int32_t));
	c.nass = xcalloc(S, sizeof(int32_t));
	c.last_ass = xmalloc(S * sizeof(int32_t));
	c.touched = xmalloc(S * sizeof(int32_t));
	c.un_n = xcalloc(O, sizeof(int64_t));
	c.un_m = xcalloc(O, sizeof(int64_t));
	c.un_sum = xcalloc(O, sizeof(double));
	c.un_sq = xcalloc(O, sizeof(double));
	c.org_stamp = xmalloc(O * sizeof(int32_t));
	c.org_touched = xmalloc(O * sizeof(int32_t));
	for (size_t i = 0; i < S; i++)
		c.last_ass[i] = -1;
	for (size_t i = 0; i < O; i++)
		c.org_stamp[i] = -1;
	int64_t cap_st = 0, cap_un = 0;
	for (int32_t k = 0; k < n;) {
		int32_t y = items[k].year, sd = items[k].standard, e = k;
		while (e < n && items[e].year == y && items[e].standard == sd)
			add_item(g, items[e++].item, &c);
		flush(g, y, sd, cut, min_evidence, &c, out, &cap_st, &cap_un);
		k = e;
	}
	free(c.pts);
	free(c.mx);
	free(c.nit);
	free(c.nass);
	free(c.last_ass);
	free(c.touched);
	free(c.un_n);
	free(c.un_m);
	free(c.un_sum);
	free(c.un_sq);
	free(c.org_stamp);
	free(c.org_touched);
	free(items);
}

void an_mastery_free(mastery_year_out *out)
{
	free(out->st);
	free(out->un);
	memset(out, 0, sizeof(*out));
}
