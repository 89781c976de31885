/*
 * run_impact.c - the "impact" analysis: for every intervention with a
 * subject, its participants' standing (z within the assessment) on the
 * year's first assessment of that subject (the prior) and on its last
 * summative (the outcome), against non-participants of the same grade in
 * the intervention's org (all orgs when it names none), matched and
 * compared by an_impact; written to the `impact` table with the naive
 * comparison beside the matched one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_impact.h"
#include "an_lookup.h"
#include "analysis.h"
#include "run_an2.h"
#include "store_derived.h"

#define MAXGRADE 32

/* Is org `o` the org `top` or below it? */
static int org_under(const engine *g, int32_t o, int32_t top)
{
	for (int guard = 0; o >= 0 && guard < 64; guard++) {
		if (o == top)
			return 1;
		o = g->org_parent[o];
	}
	return 0;
}

/* The prior and outcome assessments of (subject, year) per grade: the
 * earliest non-summative (baseline preferred) and the latest summative, by
 * date; ass_class must be -1. */
static void pick_assessments(const engine *g, int32_t subject, int32_t year,
                             int32_t *pre, int32_t *post)
{
	for (int k = 0; k < MAXGRADE; k++)
		pre[k] = post[k] = -1;
	for (int32_t a = 0; a < g->ass.n; a++) {
		int gr = g->ass_grade[a];
		if (g->ass_subject[a] != subject || g->ass_year[a] != year ||
		    g->ass_class[a] >= 0 || gr < 0 || gr >= MAXGRADE)
			continue;
		int32_t d = g->ass_date[a];
		if (g->ass_kind[a] == ENG_KIND_SUMMATIVE) {
			if (post[gr] < 0 || d > g->ass_date[post[gr]])
				post[gr] = a;
		} else if (g->ass_kind[a] != ENG_KIND_DIAGNOSTIC) {
			int32_t b = pre[gr];
			int better = b < 0 ||
			             (g->ass_kind[a] == ENG_KIND_BASELINE &&
			              g->ass_kind[b] != ENG_KIND_BASELINE) ||
			             (g->ass_kind[a] == g->ass_kind[b] &&
			              d < g->ass_date[b]);
			if (better)
				pre[gr] = a;
		}
	}
}

int run_impact(an_ctx *c)
{
	const engine *g = c->eng;
	impact_params p;
	impact_params_default(&p);
	p.caliper_sd = config_num(c->cfg, "impact.caliper");
	int32_t ns = g->student.n;
	double *amean = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	double *asd = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	an_ass_moments(g, amean, asd);
	unsigned char *part = xcalloc((size_t)ns + 1, 1);
	size_t cap = 0;
	int *stratum = NULL;
	double *pre = NULL, *post = NULL;
	unsigned char *tr = NULL;

	int rc = store_derived_begin(c->st, c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "impact", c->e);
	dwriter *w = NULL;
	if (!rc) {
		w = store_dw_open(c->st, "impact", c->e);
		if (!w)
			rc = ATT_EIO;
	}
	int nest = 0;
	buf cmp;
	buf_init(&cmp);
	for (int32_t v = 0; v < g->iv.n && !rc; v++) {
		int32_t sub = g->iv_subject[v], y = g->iv_year[v];
		int32_t top = g->iv_org[v];
		impact_result r;
		/* an empty estimate: counts 0, every figure NaN (NULL) */
		impact_estimate(NULL, NULL, NULL, NULL, 0, NAN, &p, &r, NULL,
		                NULL);
		const char *status = "ok";
		size_t n = 0;
		int32_t prea[MAXGRADE], posta[MAXGRADE];
		buf_clear(&cmp);
		if (sub < 0 || y < 0) {
			status = "no subject or year";
		} else {
			pick_assessments(g, sub, y, prea, posta);
			for (int32_t k = g->part_off[v]; k < g->part_off[v + 1];
			     k++)
				part[g->part_student[k]] = 1;
			/* everyone with an outcome in the org, by grade */
			for (int gr = 0; gr < MAXGRADE; gr++) {
				int32_t a1 = prea[gr], a2 = posta[gr];
				if (a1 < 0 || a2 < 0 || !(asd[a1] > 0) ||
				    !(asd[a2] > 0))
					continue;
				for (int64_t q = g->res_off[a2];
				     q < g->res_off[a2 + 1]; q++) {
					int32_t s = g->res_student[q];
					if (top >= 0) {
						int32_t pl =
						    engine_placement(g, s, y);
						if (pl < 0 ||
						    !org_under(g, g->pl_org[pl],
						               top))
							continue;
					}
					double x0 = engine_score(g, a1, s);
					double x1 = g->res_score[q];
					if (isnan(x0) || isnan(x1))
						continue;
					if (n + 1 > cap) {
						cap = cap ? 2 * cap : 4096;
						stratum = xrealloc(
						    stratum, cap * sizeof(int));
						pre = xrealloc(
						    pre, cap * sizeof(double));
						post = xrealloc(
						    post, cap * sizeof(double));
						tr = xrealloc(tr, cap);
					}
					stratum[n] = gr;
					pre[n] = (x0 - amean[a1]) / asd[a1];
					post[n] = (x1 - amean[a2]) / asd[a2];
					tr[n] = part[s];
					n++;
				}
			}
			for (int32_t k = g->part_off[v]; k < g->part_off[v + 1];
			     k++)
				part[g->part_student[k]] = 0;
			att_err ie;
			err_clear(&ie);
			if (impact_estimate(stratum, pre, post, tr, n,
			                    g->iv_cost[v], &p, &r, NULL, &ie))
				status = "insufficient data";
			else
				nest++;
			/* the first grade's assessments name the measures */
			int32_t a1 = -1, a2 = -1;
			for (int gr = 0; gr < MAXGRADE && a1 < 0; gr++)
				if (prea[gr] >= 0 && posta[gr] >= 0) {
					a1 = prea[gr];
					a2 = posta[gr];
				}
			buf_printf(&cmp,
			           "non-participants of the same grade in %s, "
			           "matched on %s (nearest neighbour with "
			           "replacement, caliper %.2g SD); outcome %s; "
			           "standing (z) within each assessment",
			           top >= 0 ? g->org_name[top] : "every school",
			           a1 >= 0 ? g->ass_name[a1] : "the prior",
			           p.caliper_sd,
			           a2 >= 0 ? g->ass_name[a2] : "none");
		}
		if (!cmp.len)
			buf_adds(&cmp, "none");
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_int(g->iv.id[v]),
		    dv_id(an2_id(&g->subject, sub)), dv_id(an2_id(&g->year, y)),
		    dv_text(status), dv_text(cmp.data),
		    dv_int((int64_t)r.n_treated), dv_int((int64_t)r.n_matched),
		    dv_int((int64_t)r.n_unmatched),
		    dv_int((int64_t)r.n_controls), dv_int((int64_t)r.n_rest),
		    dv_num(r.caliper_sd), dv_num(r.pre_smd), dv_num(r.gain_t),
		    dv_num(r.gain_c), dv_num(r.did), dv_num(r.did_se),
		    dv_num(r.did_lo), dv_num(r.did_hi), dv_num(r.s_pooled),
		    dv_num(r.g), dv_num(r.g_se), dv_num(r.g_lo), dv_num(r.g_hi),
		    dv_num(g->iv_cost[v]), dv_num(r.cost_per_01sd),
		    dv_num(r.naive_diff), dv_num(r.naive_g), dv_num(r.naive_lo),
		    dv_num(r.naive_hi));
	}
	if (w) {
		c->rows += store_dw_count(w);
		store_dw_close(w);
	}
	if (!rc)
		rc = store_derived_commit(c->st, c->e);
	else
		store_rollback(c->st);
	snprintf(c->note, sizeof(c->note), "%d of %d interventions estimated",
	         nest, (int)g->iv.n);
	buf_free(&cmp);
	free(stratum);
	free(pre);
	free(post);
	free(tr);
	free(part);
	free(amean);
	free(asd);
	return rc;
}
