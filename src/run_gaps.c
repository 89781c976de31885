/*
 * run_gaps.c - the "gaps" analysis: an_gaps over the engine, written to gap
 * and gap_trend.
 */
#include <stdlib.h>

#include "an_gaps.h"
#include "analysis.h"
#include "run_an2.h"

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

/* The labels of every (dimension, group a, group b), made once: a in
 * 0..maxv-1, b in -1..maxv-1 (label_at). */
static gap_label *labels_alloc(const engine *g, int maxv)
{
	size_t nlab = (size_t)GAP_NDIM * (size_t)maxv * (size_t)(maxv + 1);
	gap_label *lab = xmalloc(sizeof(gap_label) * nlab);
	for (int d = 0; d < GAP_NDIM; d++)
		for (int va = 0; va < maxv; va++)
			for (int vb = -1; vb < maxv; vb++) {
				gap_label *l = &lab[label_at(d, va, vb, maxv)];
				an_gaps_labels(g, d, va, vb, &l->dim, l->a,
				               l->b, sizeof(l->a));
			}
	return lab;
}

/* The words of a trend's verdict (an_gaps: -1 narrowing, 1 widening, 0 no
 * clear change, else a single point). */
static const char *verdict_name(int v)
{
	return v == -1  ? "narrowing"
	       : v == 1 ? "widening"
	       : v == 0 ? "no clear change"
	                : "one point";
}

/* The gap rows, one per (assessment, org, dimension, pair of groups). */
static int write_gaps(an_ctx *c, dwriter *w, const gap_label *lab, int maxv,
                      const gap_row *rows, int64_t n)
{
	const engine *g = c->eng;
	char la[96], lb[96];
	const char *dn, *pa, *pb;
	int rc = ATT_OK;
	for (int64_t i = 0; i < n && !rc; i++) {
		const gap_row *r = &rows[i];
		labels_of(g, lab, maxv, r->dim, r->a, r->b, &dn, &pa, &pb, la,
		          lb);
		int32_t a = r->ass;
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_int(g->ass.id[a]),
		    dv_id(an2_id(&g->subject, g->ass_subject[a])),
		    dv_id(an2_id(&g->year, g->ass_year[a])),
		    dv_id(an2_id(&g->term, g->ass_term[a])),
		    dv_id((int64_t)g->ass_grade[a]),
		    dv_text(an2_level_name(g, r->level)),
		    dv_id(an2_id(&g->org, r->org)), dv_text(dn), dv_text(pa),
		    dv_text(pb), dv_int(r->na), dv_int(r->nb), dv_num(r->ma),
		    dv_num(r->mb), dv_num(r->g), dv_num(r->lo), dv_num(r->hi));
	}
	return rc;
}

/* The gap_trend rows; *moving counts those narrowing or widening. */
static int write_trends(an_ctx *c, dwriter *w, const gap_label *lab, int maxv,
                        const gap_trend *tr, int64_t nt, int64_t *moving)
{
	const engine *g = c->eng;
	char la[96], lb[96];
	const char *dn, *pa, *pb;
	int rc = ATT_OK;
	for (int64_t i = 0; i < nt && !rc; i++) {
		const gap_trend *t = &tr[i];
		labels_of(g, lab, maxv, t->dim, t->a, t->b, &dn, &pa, &pb, la,
		          lb);
		*moving += t->verdict == -1 || t->verdict == 1;
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id),
		    dv_text(an2_level_name(g, t->level)),
		    dv_id(an2_id(&g->org, t->org)), dv_text(dn), dv_text(pa),
		    dv_text(pb), dv_int(g->subject.id[t->subject]),
		    dv_id((int64_t)t->grade), dv_int((int64_t)t->points),
		    dv_num(t->g_first), dv_num(t->g_last), dv_num(t->slope),
		    dv_num(t->lo), dv_num(t->hi),
		    dv_text(verdict_name(t->verdict)));
	}
	return rc;
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
	int64_t n = 0, nt = 0, moving = 0;
	an_gaps_compute(g, &o, &rows, &n, &tr, &nt);
	int maxv = an2_max_group_values(g);
	gap_label *lab = labels_alloc(g, maxv);
	an_out out;
	int rc = an_out_begin(c, &out, "gap gap_trend");
	if (!rc)
		rc = write_gaps(c, out.w[0], lab, maxv, rows, n);
	if (!rc)
		rc = write_trends(c, out.w[1], lab, maxv, tr, nt, &moving);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note),
	         "%lld gaps, %lld narrowing or widening", (long long)n,
	         (long long)moving);
	free(lab);
	free(rows);
	free(tr);
	return rc;
}
