/*
 * run_peer.c - the "peer" analysis: positive deviants and their
 * peer-learning partners (an_peer) from the schools' value-added (the
 * va_group rows the "va" analysis wrote, model peer.model, for all years
 * when such rows exist, else the latest year), per subject and for all
 * subjects together. Similarity uses each school's size (students placed
 * in the analysed year), socio-economic share (share of them flagged
 * disadvantaged), block (the level named "block", else the school's
 * parent) and district (the level named "district", else the level below
 * the root).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_peer.h"
#include "analysis.h"
#include "run_an2.h"
#include "store_an2.h"

typedef struct va_row {
	int32_t school;
	int64_t subject; /* row id, -1 all subjects */
	int64_t year;    /* row id, -1 all years */
	double va, lo, hi;
} va_row;

typedef struct va_ctx {
	const engine *g;
	va_row *rows;
	size_t n, cap;
} va_ctx;

static int va_collect(void *ctx, const se_row *r)
{
	va_ctx *x = ctx;
	int32_t o = eng_index(&x->g->org, r->i[0]);
	int32_t sc = o >= 0 ? x->g->org_school[o] : -1;
	if (sc < 0)
		return 0;
	xgrow((void **)&x->rows, &x->cap, x->n + 1, sizeof(va_row));
	va_row *v = &x->rows[x->n++];
	v->school = sc;
	v->subject = r->isnull[1] ? -1 : r->i[1];
	v->year = r->isnull[2] ? -1 : r->i[2];
	v->va = r->d[4];
	v->lo = r->d[5];
	v->hi = r->d[6];
	return 0;
}

static int va_cmp(const void *a, const void *b)
{
	const va_row *x = a, *y = b;
	if (x->subject != y->subject)
		return x->subject < y->subject ? -1 : 1;
	return (x->school > y->school) - (x->school < y->school);
}

/* Keep the all-years rows when there are any, else the latest year's, in
 * (subject, school) order. */
static void va_keep(va_ctx *vx)
{
	int64_t latest = -1;
	int any_all = 0;
	for (size_t i = 0; i < vx->n; i++) {
		if (vx->rows[i].year < 0)
			any_all = 1;
		else if (vx->rows[i].year > latest)
			latest = vx->rows[i].year;
	}
	size_t keep = 0;
	for (size_t i = 0; i < vx->n; i++)
		if (any_all ? vx->rows[i].year < 0 : vx->rows[i].year == latest)
			vx->rows[keep++] = vx->rows[i];
	vx->n = keep;
	if (vx->n > 1)
		qsort(vx->rows, vx->n, sizeof(va_row), va_cmp);
}

/* Each school's context for similarity, over nsch schools. */
typedef struct school_ctx {
	double *size; /* students placed in the year */
	double *ses;  /* share of them flagged disadvantaged, NaN unknown */
	int32_t *block, *dist;
} school_ctx;

static void school_ctx_build(const engine *g, int32_t y, school_ctx *x)
{
	int32_t nsch = g->nschool;
	double *size = xcalloc((size_t)nsch + 1, sizeof(double));
	double *ses = xcalloc((size_t)nsch + 1, sizeof(double));
	double *sesn = xcalloc((size_t)nsch + 1, sizeof(double));
	for (int32_t s = 0; y >= 0 && s < g->student.n; s++) {
		int32_t pl = engine_placement(g, s, y);
		if (pl < 0 || g->pl_school[pl] < 0)
			continue;
		int32_t sc = g->pl_school[pl];
		size[sc] += 1;
		if (g->st_ses[s] >= 0) {
			ses[sc] += g->st_ses[s];
			sesn[sc] += 1;
		}
	}
	for (int32_t sc = 0; sc < nsch; sc++)
		ses[sc] = sesn[sc] > 0 ? ses[sc] / sesn[sc] : NAN;
	free(sesn);
	int lb = an2_level_named(g, "block"),
	    ld = an2_level_named(g, "district");
	if (ld < 0 && g->nlevels >= 3)
		ld = 1;
	int32_t *block = xmalloc(sizeof(int32_t) * (size_t)(nsch + 1));
	int32_t *dist = xmalloc(sizeof(int32_t) * (size_t)(nsch + 1));
	for (int32_t sc = 0; sc < nsch; sc++) {
		block[sc] = lb >= 0 ? engine_school_anc(g, sc, lb)
		                    : g->org_parent[g->school_org[sc]];
		dist[sc] = ld >= 0 ? engine_school_anc(g, sc, ld) : -1;
	}
	x->size = size;
	x->ses = ses;
	x->block = block;
	x->dist = dist;
}

static void school_ctx_free(school_ctx *x)
{
	free(x->size);
	free(x->ses);
	free(x->block);
	free(x->dist);
}

/* The pairs of every subject (the rows of one subject lie together in
 * vx): each school's value-added and interval spread over the schools,
 * peer_pairs_alloc, one peer_pair row per pair. */
static int write_pairs(an_ctx *c, dwriter *w, const va_ctx *vx,
                       const school_ctx *sx, const peer_params *p,
                       size_t *npairs, int *nleaders)
{
	const engine *g = c->eng;
	int32_t nsch = g->nschool;
	double *lo = xmalloc(sizeof(double) * (size_t)(nsch + 1));
	double *hi = xmalloc(sizeof(double) * (size_t)(nsch + 1));
	double *va = xmalloc(sizeof(double) * (size_t)(nsch + 1));
	int rc = ATT_OK;
	for (size_t i = 0; i < vx->n && !rc;) {
		size_t j = i;
		for (int32_t sc = 0; sc < nsch; sc++)
			lo[sc] = hi[sc] = va[sc] = NAN;
		while (j < vx->n &&
		       vx->rows[j].subject == vx->rows[i].subject) {
			const va_row *v = &vx->rows[j++];
			lo[v->school] = v->lo;
			hi[v->school] = v->hi;
			va[v->school] = v->va;
		}
		peer_pair *pairs = NULL;
		size_t np = 0;
		peer_pairs_alloc(lo, hi, sx->size, sx->ses, sx->block, sx->dist,
		                 nsch, p, &pairs, &np);
		for (size_t k = 0; k < np && !rc; k++) {
			const peer_pair *q = &pairs[k];
			*nleaders += q->rank == 1;
			rc = STORE_DW_ROW(
			    w, c->e, dv_int(c->run_id),
			    dv_id(vx->rows[i].subject),
			    dv_int(g->org.id[g->school_org[q->leader]]),
			    dv_int(g->org.id[g->school_org[q->partner]]),
			    dv_int((int64_t)q->rank), dv_num(q->distance),
			    dv_int((int64_t)q->same_block),
			    dv_num(va[q->leader]), dv_num(lo[q->leader]),
			    dv_num(va[q->partner]), dv_num(hi[q->partner]));
		}
		*npairs += np;
		free(pairs);
		i = j;
	}
	free(lo);
	free(hi);
	free(va);
	return rc;
}

int run_peer(an_ctx *c)
{
	const engine *g = c->eng;
	peer_params p;
	peer_params_default(&p);
	p.max_partners = (int)config_num(c->cfg, "peer.max_partners");
	p.max_distance = config_num(c->cfg, "peer.max_distance");
	const char *model = config_str(c->cfg, "peer.model");
	va_ctx vx = {g, NULL, 0, 0};
	int rc =
	    store_an2_scan(c->st, AN2_VA_ORG, model, va_collect, &vx, c->e);
	va_keep(&vx);
	school_ctx sx;
	school_ctx_build(g, an2_year(g, c->year), &sx);
	size_t npairs = 0;
	int nleaders = 0;
	an_out out = {0};
	if (!rc)
		rc = an_out_begin(c, &out, "peer_pair");
	if (!rc)
		rc = write_pairs(c, out.w[0], &vx, &sx, &p, &npairs, &nleaders);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note),
	         "%zu peer-learning pairs for %d leading schools", npairs,
	         nleaders);
	free(vx.rows);
	school_ctx_free(&sx);
	return rc;
}
