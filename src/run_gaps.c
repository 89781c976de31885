/*
 * run_gaps.c - the "gaps" analysis: an_gaps over the engine, written to gap
 * and gap_trend.
 */
#include <stdlib.h>

#include "an_gaps.h"
#include "analysis.h"
#include "store_derived.h"

static int64_t id_or(const eng_dict *d, int32_t i)
{
	return i >= 0 ? d->id[i] : -1;
}

static const char *level_of(const engine *g, int lv)
{
	return lv >= 0 && lv < g->nlevels ? g->level_name[lv] : "all";
}

typedef struct gap_label {
	const char *dim;
	char a[96], b[96];
} gap_label;

static size_t label_at(int d, int a, int b, int maxv)
{
	return ((size_t)d * (size_t)maxv + (size_t)a) * (size_t)(maxv + 1) +
	       (size_t)(b + 1);
}

/* The labels of (d, a, b) into *dn, *pa, *pb: from the table when in
 * range, else made here in la and lb (96 bytes each). */
static void labels_of(const engine *g, const gap_label *lab, int maxv, int d,
                      int a, int b, const char **dn, const char **pa,
                      const char **pb, char *la, char *lb)
{
	if (d >= 0 && d < GAP_NDIM && a >= 0 && a < maxv && b >= -1 &&
	    b < maxv) {
		const gap_label *l = &lab[label_at(d, a, b, maxv)];
		*dn = l->dim;
		*pa = l->a;
		*pb = l->b;
		return;
	}
	an_gaps_labels(g, d, a, b, dn, la, lb, 96);
	*pa = la;
	*pb = lb;
}

int run_gaps(an_ctx *c)
{
	const engine *g = c->eng;
	gaps_opts o = {.year = c->year,
	               .min_n = (int64_t)config_num(c->cfg, "gaps.min_n"),
	               .alpha = config_num(c->cfg, "gaps.trend_alpha")};
	if (!(o.alpha > 0 && o.alpha < 1))
		return err_set(c->e, ATT_EINPUT,
		               "gaps.trend_alpha must be between 0 and 1");
	gap_row *rows = NULL;
	gap_trend *tr = NULL;
	int64_t n = 0, nt = 0;
	an_gaps_compute(g, &o, &rows, &n, &tr, &nt);
	int rc = store_derived_begin(c->st, c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "gap", c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "gap_trend", c->e);
	dwriter *w = NULL;
	if (!rc) {
		w = store_dw_open(c->st, "gap", c->e);
		rc = w ? ATT_OK : ATT_EIO;
	}
	/* The labels of every (dimension, group a, group b), made once:
	 * a in 0..maxv-1, b in -1..maxv-1. */
	int maxv = 4;
	if (g->home_language.n > maxv)
		maxv = g->home_language.n;
	if (g->social_category.n > maxv)
		maxv = g->social_category.n;
	size_t nlab = (size_t)GAP_NDIM * (size_t)maxv * (size_t)(maxv + 1);
	gap_label *lab = xmalloc(sizeof(gap_label) * nlab);
	for (int d = 0; d < GAP_NDIM; d++)
		for (int va = 0; va < maxv; va++)
			for (int vb = -1; vb < maxv; vb++) {
				gap_label *l = &lab[label_at(d, va, vb, maxv)];
				an_gaps_labels(g, d, va, vb, &l->dim, l->a,
				               l->b, sizeof(l->a));
			}
	char la[96], lb[96];
	const char *dn, *pa, *pb;
	for (int64_t i = 0; i < n && !rc; i++) {
		const gap_row *r = &rows[i];
		labels_of(g, lab, maxv, r->dim, r->a, r->b, &dn, &pa, &pb, la,
		          lb);
		int32_t a = r->ass;
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_int(g->ass.id[a]),
		    dv_id(id_or(&g->subject, g->ass_subject[a])),
		    dv_id(id_or(&g->year, g->ass_year[a])),
		    dv_id(id_or(&g->term, g->ass_term[a])),
		    dv_id((int64_t)g->ass_grade[a]),
		    dv_text(level_of(g, r->level)),
		    dv_id(id_or(&g->org, r->org)), dv_text(dn), dv_text(pa),
		    dv_text(pb), dv_int(r->na), dv_int(r->nb), dv_num(r->ma),
		    dv_num(r->mb), dv_num(r->g), dv_num(r->lo), dv_num(r->hi));
	}
	if (w) {
		c->rows += store_dw_count(w);
		store_dw_close(w);
		w = NULL;
	}
	if (!rc) {
		w = store_dw_open(c->st, "gap_trend", c->e);
		rc = w ? ATT_OK : ATT_EIO;
	}
	int64_t moving = 0;
	for (int64_t i = 0; i < nt && !rc; i++) {
		const gap_trend *t = &tr[i];
		labels_of(g, lab, maxv, t->dim, t->a, t->b, &dn, &pa, &pb, la,
		          lb);
		const char *verdict = t->verdict == -1  ? "narrowing"
		                      : t->verdict == 1 ? "widening"
		                      : t->verdict == 0 ? "no clear change"
		                                        : "one point";
		moving += t->verdict == -1 || t->verdict == 1;
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_text(level_of(g, t->level)),
		    dv_id(id_or(&g->org, t->org)), dv_text(dn), dv_text(pa),
		    dv_text(pb), dv_int(g->subject.id[t->subject]),
		    dv_id((int64_t)t->grade), dv_int((int64_t)t->points),
		    dv_num(t->g_first), dv_num(t->g_last), dv_num(t->slope),
		    dv_num(t->lo), dv_num(t->hi), dv_text(verdict));
	}
	if (w) {
		c->rows += store_dw_count(w);
		store_dw_close(w);
	}
	if (!rc)
		rc = store_derived_commit(c->st, c->e);
	else
		store_rollback(c->st);
	snprintf(c->note, sizeof(c->note),
	         "%lld gaps, %lld narrowing or widening", (long long)n,
	         (long long)moving);
	free(lab);
	free(rows);
	free(tr);
	return rc;
}
