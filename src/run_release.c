/*
 * run_release.c - the "release" analysis: suppression over everything an
 * aggregate view releases (disclose.h), written to release_cell.
 *
 * The cells are the counts of the units and ews analyses of every org
 * unit and year (store_release.h families). The relations are the sums a
 * reader can form from what the pages, their JSON and CSV twins, the
 * reports and the plan show:
 *   - a unit's students or results in every grade sum to its total;
 *   - its results in the groups of one kind (gender, language, ...) sum to
 *     its total, per subject and over every subject;
 *   - results per subject sum to results over every subject, for every
 *     grade and group;
 *   - a unit's child units sum to it, for every cell (family, subject,
 *     grade, group) — so a block, its clusters and its schools are one
 *     system;
 *   - students flagged are those at risk and those with a warning.
 * A relation whose parts fall short of its total (students with no
 * recorded group, placed at no school) gets an implied remainder cell.
 * Years are separate systems (no count of one year is a sum of another's).
 * The minimum is the analysis option suppress.min_cell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "config.h"
#include "disclose.h"
#include "store_an2.h"
#include "store_release.h"

typedef struct rcell {
	int fam, grade, sub; /* sub: interned subgroup, 0 = 'all' */
	int64_t org, year, subject, n;
} rcell;

typedef struct rl {
	rcell *c;
	size_t n, cap;
	char **subs; /* interned subgroups; subs[0] = "all" */
	int *dim;    /* kind of each subgroup (interned prefix), 0 for all */
	int nsub;
	size_t subcap;
	int *hash; /* open addressing over cells, -1 empty */
	size_t hcap;
} rl;

static int intern(rl *r, const char *s)
{
	for (int i = 0; i < r->nsub; i++)
		if (strcmp(r->subs[i], s) == 0)
			return i;
	xgrow((void **)&r->subs, &r->subcap, (size_t)r->nsub + 1,
	      sizeof(char *));
	r->subs[r->nsub] = xstrdup(s);
	return r->nsub++;
}

static int read_cell(void *ctx, const se_row *row)
{
	rl *r = ctx;
	xgrow((void **)&r->c, &r->cap, r->n + 1, sizeof(rcell));
	rcell *c = &r->c[r->n++];
	*c = (rcell){(int)row->i[0],
	             (int)row->i[4],
	             intern(r, row->s[5] ? row->s[5] : "all"),
	             row->i[1],
	             row->i[2],
	             row->i[3],
	             row->i[6]};
	return 0;
}

static uint64_t key_hash(int fam, int64_t org, int64_t year, int64_t subject,
                         int grade, int sub)
{
	uint64_t h = 1469598103934665603ull;
	int64_t k[6] = {fam, org, year, subject, grade, sub};
	for (int i = 0; i < 6; i++) {
		h ^= (uint64_t)k[i];
		h *= 1099511628211ull;
		h ^= h >> 29;
	}
	return h;
}

static int cell_eq(const rcell *c, int fam, int64_t org, int64_t year,
                   int64_t subject, int grade, int sub)
{
	return c->fam == fam && c->org == org && c->year == year &&
	       c->subject == subject && c->grade == grade && c->sub == sub;
}

static void hash_build(rl *r)
{
	r->hcap = 16;
	while (r->hcap < 2 * r->n + 1)
		r->hcap *= 2;
	r->hash = xmalloc(r->hcap * sizeof(int));
	for (size_t i = 0; i < r->hcap; i++)
		r->hash[i] = -1;
	for (size_t i = 0; i < r->n; i++) {
		const rcell *c = &r->c[i];
		size_t h = key_hash(c->fam, c->org, c->year, c->subject,
		                    c->grade, c->sub) &
		           (r->hcap - 1);
		while (r->hash[h] >= 0)
			h = (h + 1) & (r->hcap - 1);
		r->hash[h] = (int)i;
	}
}

/* The cell with this key, or -1. */
static int find(const rl *r, int fam, int64_t org, int64_t year,
                int64_t subject, int grade, int sub)
{
	size_t h =
	    key_hash(fam, org, year, subject, grade, sub) & (r->hcap - 1);
	for (; r->hash[h] >= 0; h = (h + 1) & (r->hcap - 1))
		if (cell_eq(&r->c[r->hash[h]], fam, org, year, subject, grade,
		            sub))
			return r->hash[h];
	return -1;
}

/* A part of a relation: (relation key, cell). The relation is named by
 * its total cell and a kind (several relations share a total: grades,
 * each kind of group, the child units). */
typedef struct part {
	int total, kind, cell;
} part;

static int part_cmp(const void *a, const void *b)
{
	const part *x = a, *y = b;
	if (x->total != y->total)
		return x->total < y->total ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->cell > y->cell) - (x->cell < y->cell);
}

enum { K_GRADE = 1, K_SUBJECT = 2, K_CHILD = 3, K_EWS = 4, K_GROUP = 8 };

static void add_part(part **p, size_t *n, size_t *cap, int total, int kind,
                     int cell)
{
	if (total < 0)
		return;
	xgrow((void **)p, cap, *n + 1, sizeof(part));
	(*p)[(*n)++] = (part){total, kind, cell};
}

/* Every (relation, part) pair of the cells (the relations of the file
 * comment). parent[i] is the parent org id of cell i's org (-1 none). */
static part *collect_parts(const rl *r, const int64_t *parent, size_t *np)
{
	part *p = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < r->n; i++) {
		const rcell *c = &r->c[i];
		int ci = (int)i;
		if (c->grade >= 0 && c->sub == 0)
			add_part(
			    &p, &n, &cap,
			    find(r, c->fam, c->org, c->year, c->subject, -1, 0),
			    K_GRADE, ci);
		if (c->sub != 0 && c->grade < 0)
			add_part(
			    &p, &n, &cap,
			    find(r, c->fam, c->org, c->year, c->subject, -1, 0),
			    K_GROUP + r->dim[c->sub], ci);
		if (c->fam == RL_RESULTS && c->subject != 0)
			add_part(&p, &n, &cap,
			         find(r, c->fam, c->org, c->year, 0, c->grade,
			              c->sub),
			         K_SUBJECT, ci);
		if (c->fam == RL_RISK)
			add_part(&p, &n, &cap,
			         find(r, RL_FLAGGED, c->org, c->year, 0, -1, 0),
			         K_EWS, ci);
		if (parent[i] >= 0)
			add_part(&p, &n, &cap,
			         find(r, c->fam, parent[i], c->year, c->subject,
			              c->grade, c->sub),
			         K_CHILD, ci);
	}
	if (n)
		qsort(p, n, sizeof(part), part_cmp);
	*np = n;
	return p;
}

/* The release as disclose.h wants it: the cells, then one implied
 * remainder per relation whose parts fall short of its total. A relation
 * whose parts exceed its total is no sum a reader can use, and is left
 * out. */
typedef struct sys {
	int64_t *n;
	unsigned char *flags;
	int ncell, nrel;
	int *off, *cells;
} sys;

static void build_system(const rl *r, const part *p, size_t np, sys *s)
{
	size_t cap = r->n + np + 1;
	s->n = xmalloc(cap * sizeof(int64_t));
	s->flags = xcalloc(cap, 1);
	s->off = xmalloc((np + 2) * sizeof(int));
	s->cells = xmalloc((3 * np + 2) * sizeof(int));
	for (size_t i = 0; i < r->n; i++)
		s->n[i] = r->c[i].n;
	s->ncell = (int)r->n;
	s->nrel = 0;
	int k = 0;
	for (size_t a = 0; a < np;) {
		size_t b = a;
		int64_t sum = 0;
		while (b < np && p[b].total == p[a].total &&
		       p[b].kind == p[a].kind)
			sum += r->c[p[b++].cell].n;
		int64_t rest = r->c[p[a].total].n - sum;
		if (rest >= 0) {
			s->off[s->nrel++] = k;
			s->cells[k++] = p[a].total;
			for (size_t j = a; j < b; j++)
				s->cells[k++] = p[j].cell;
			if (rest > 0) {
				s->n[s->ncell] = rest;
				s->flags[s->ncell] = DC_IMPLIED;
				s->cells[k++] = s->ncell++;
			}
		}
		a = b;
	}
	s->off[s->nrel] = k;
}

static int write_cells(an_ctx *c, dwriter *w, const rl *r,
                       const unsigned char *mask)
{
	int rc = ATT_OK;
	for (size_t i = 0; i < r->n && !rc; i++) {
		if (mask[i] == DC_SHOWN)
			continue;
		const rcell *x = &r->c[i];
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_int(x->fam), dv_int(x->org),
		    dv_int(x->year), dv_int(x->subject), dv_int(x->grade),
		    dv_text(r->subs[x->sub]), dv_int(x->n), dv_int(mask[i]));
	}
	return rc;
}

/* Kinds of group: the part of a subgroup before ':' ("gender:F"). */
static void intern_dims(rl *r)
{
	r->dim = xcalloc((size_t)r->nsub + 1, sizeof(int));
	for (int i = 1; i < r->nsub; i++) {
		const char *colon = strchr(r->subs[i], ':');
		size_t len =
		    colon ? (size_t)(colon - r->subs[i]) : strlen(r->subs[i]);
		r->dim[i] = i;
		for (int j = 1; j < i; j++)
			if (strncmp(r->subs[j], r->subs[i], len) == 0 &&
			    (r->subs[j][len] == ':' || !r->subs[j][len])) {
				r->dim[i] = r->dim[j];
				break;
			}
	}
}

static void rl_free(rl *r)
{
	for (int i = 0; i < r->nsub; i++)
		free(r->subs[i]);
	free(r->subs);
	free(r->dim);
	free(r->c);
	free(r->hash);
}

int run_release(an_ctx *c)
{
	rl r = {0};
	intern(&r, "all");
	int rc =
	    store_an2_scan(c->st, AN2_RELEASE_CELLS, NULL, read_cell, &r, c->e);
	if (rc) {
		rl_free(&r);
		return rc;
	}
	intern_dims(&r);
	hash_build(&r);
	const engine *g = c->eng;
	int64_t *parent = xmalloc((r.n + 1) * sizeof(int64_t));
	for (size_t i = 0; i < r.n; i++) {
		int32_t o = eng_index(&g->org, r.c[i].org);
		int32_t p = o >= 0 ? g->org_parent[o] : -1;
		parent[i] = p >= 0 ? g->org.id[p] : -1;
	}
	size_t np = 0;
	part *p = collect_parts(&r, parent, &np);
	sys s;
	build_system(&r, p, np, &s);
	unsigned char *mask = xmalloc((size_t)s.ncell + 1);
	dc_release rel = {s.ncell, s.n, s.flags, s.nrel, s.off, s.cells};
	int min = (int)config_num(c->cfg, "suppress.min_cell");
	int left = disclose_protect(&rel, min > 0 ? min : 10, mask);
	an_out out;
	rc = left < 0 ? err_set(c->e, ATT_EIO, "cannot protect the release")
	              : an_out_begin(c, &out, "release_cell");
	if (!rc) {
		rc = write_cells(c, out.w[0], &r, mask);
		rc = an_out_end(&out, rc);
	}
	int nprim = 0, ncomp = 0;
	for (size_t i = 0; i < r.n; i++) {
		nprim += mask[i] == DC_PRIMARY;
		ncomp += mask[i] == DC_COMPLEMENTARY;
	}
	snprintf(c->note, sizeof(c->note),
	         "%zu counts, %d blanked small, %d complementary%s", r.n, nprim,
	         ncomp, left > 0 ? " (some unprotectable)" : "");
	free(mask);
	free(s.n);
	free(s.flags);
	free(s.off);
	free(s.cells);
	free(p);
	free(parent);
	rl_free(&r);
	return rc;
}
