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
	dins *w = NULL;
	if (!rc) {
		w = store_dins_begin(
		    c->st, "gap",
		    "run_id,assessment_id,subject_id,year_id,term_id,grade,"
		    "level,org_id,dimension,group_a,group_b,n_a,n_b,mean_a,"
		    "mean_b,g,g_lo,g_hi",
		    c->e);
		rc = w ? ATT_OK : ATT_EIO;
	}
	char la[96], lb[96];
	const char *dn;
	for (int64_t i = 0; i < n && !rc; i++) {
		const gap_row *r = &rows[i];
		an_gaps_labels(g, r->dim, r->a, r->b, &dn, la, lb, sizeof(la));
		int32_t a = r->ass;
		rc = store_dins_row(
		    w, c->e, "iiIIIItItttiiddddd", c->run_id, g->ass.id[a],
		    id_or(&g->subject, g->ass_subject[a]),
		    id_or(&g->year, g->ass_year[a]),
		    id_or(&g->term, g->ass_term[a]), (int64_t)g->ass_grade[a],
		    level_of(g, r->level), id_or(&g->org, r->org), dn, la, lb,
		    r->na, r->nb, r->ma, r->mb, r->g, r->lo, r->hi);
	}
	if (w) {
		c->rows += store_dins_count(w);
		store_dins_end(w);
		w = NULL;
	}
	if (!rc) {
		w = store_dins_begin(
		    c->st, "gap_trend",
		    "run_id,level,org_id,dimension,group_a,group_b,subject_id,"
		    "grade,points,g_first,g_last,slope,slope_lo,slope_hi,"
		    "verdict",
		    c->e);
		rc = w ? ATT_OK : ATT_EIO;
	}
	int64_t moving = 0;
	for (int64_t i = 0; i < nt && !rc; i++) {
		const gap_trend *t = &tr[i];
		an_gaps_labels(g, t->dim, t->a, t->b, &dn, la, lb, sizeof(la));
		const char *verdict = t->verdict == -1  ? "narrowing"
		                      : t->verdict == 1 ? "widening"
		                      : t->verdict == 0 ? "no clear change"
		                                        : "one point";
		moving += t->verdict == -1 || t->verdict == 1;
		rc = store_dins_row(
		    w, c->e, "itItttiIidddddt", c->run_id,
		    level_of(g, t->level), id_or(&g->org, t->org), dn, la, lb,
		    g->subject.id[t->subject], (int64_t)t->grade,
		    (int64_t)t->points, t->g_first, t->g_last, t->slope, t->lo,
		    t->hi, verdict);
	}
	if (w) {
		c->rows += store_dins_count(w);
		store_dins_end(w);
	}
	if (!rc)
		rc = store_derived_commit(c->st, c->e);
	else
		store_rollback(c->st);
	snprintf(c->note, sizeof(c->note),
	         "%lld gaps, %lld narrowing or widening", (long long)n,
	         (long long)moving);
	free(rows);
	free(tr);
	return rc;
}
