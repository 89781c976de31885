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

/* The prior and outcome assessments of (subject, year) per grade: the
 * earliest non-summative (baseline preferred) and the latest summative, by
 * date; ass_class must be -1. */
static void pick_assessments(const engine *g, int32_t subject, int32_t year,
                             int32_t *pre, int32_t *post)
{
	for (int k = 0; k < AN2_MAXGRADE; k++)
		pre[k] = post[k] = -1;
	for (int32_t a = 0; a < g->ass.n; a++) {
		int gr = g->ass_grade[a];
		if (g->ass_subject[a] != subject || g->ass_year[a] != year ||
		    g->ass_class[a] >= 0 || gr < 0 || gr >= AN2_MAXGRADE)
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

/* The students of one intervention's comparison, grown as needed: each
 * one's stratum (grade), standing before (z on the prior assessment) and
 * after (z on the outcome), and whether they took part. */
typedef struct sample {
	size_t n, cap;
	int *stratum;
	double *pre, *post;
	unsigned char *tr;
} sample;

static void sample_add(sample *x, int stratum, double pre, double post,
                       unsigned char tr)
{
	if (x->n + 1 > x->cap) {
		x->cap = x->cap ? 2 * x->cap : 4096;
		x->stratum = xrealloc(x->stratum, x->cap * sizeof(int));
		x->pre = xrealloc(x->pre, x->cap * sizeof(double));
		x->post = xrealloc(x->post, x->cap * sizeof(double));
		x->tr = xrealloc(x->tr, x->cap);
	}
	x->stratum[x->n] = stratum;
	x->pre[x->n] = pre;
	x->post[x->n] = post;
	x->tr[x->n] = tr;
	x->n++;
}

/* What the run shares across interventions: each assessment's mean and
 * SD (for z) and a participant mask over students (clear between uses). */
typedef struct impact_run {
	const engine *g;
	double *amean, *asd;
	unsigned char *part;
	sample x;
} impact_run;

/* Intervention v's sample into R->x: everyone with both a prior and an
 * outcome (prea / posta of their grade) placed in the intervention's org
 * in year y (anyone, when it names no org), participants marked. */
static void collect_sample(impact_run *R, int32_t v, int32_t y,
                           const int32_t *prea, const int32_t *posta)
{
	const engine *g = R->g;
	int32_t top = g->iv_org[v];
	R->x.n = 0;
	for (int32_t k = g->part_off[v]; k < g->part_off[v + 1]; k++)
		R->part[g->part_student[k]] = 1;
	for (int gr = 0; gr < AN2_MAXGRADE; gr++) {
		int32_t a1 = prea[gr], a2 = posta[gr];
		if (a1 < 0 || a2 < 0 || !(R->asd[a1] > 0) || !(R->asd[a2] > 0))
			continue;
		for (int64_t q = g->res_off[a2]; q < g->res_off[a2 + 1]; q++) {
			int32_t s = g->res_student[q];
			if (top >= 0) {
				int32_t pl = engine_placement(g, s, y);
				if (pl < 0 ||
				    !an2_org_under(g, g->pl_org[pl], top))
					continue;
			}
			double x0 = engine_score(g, a1, s);
			double x1 = g->res_score[q];
			if (isnan(x0) || isnan(x1))
				continue;
			sample_add(&R->x, gr, (x0 - R->amean[a1]) / R->asd[a1],
			           (x1 - R->amean[a2]) / R->asd[a2],
			           R->part[s]);
		}
	}
	for (int32_t k = g->part_off[v]; k < g->part_off[v + 1]; k++)
		R->part[g->part_student[k]] = 0;
}

/* Estimate intervention v into *r and describe its comparison into cmp;
 * returns the status words ("ok", "no subject or year", "insufficient
 * data"). */
static const char *estimate_one(impact_run *R, int32_t v,
                                const impact_params *p, impact_result *r,
                                buf *cmp)
{
	const engine *g = R->g;
	int32_t sub = g->iv_subject[v], y = g->iv_year[v], top = g->iv_org[v];
	/* an empty estimate: counts 0, every figure NaN (NULL) */
	impact_estimate(NULL, NULL, NULL, NULL, 0, NAN, p, r, NULL, NULL);
	buf_clear(cmp);
	if (sub < 0 || y < 0) {
		buf_adds(cmp, "none");
		return "no subject or year";
	}
	int32_t prea[AN2_MAXGRADE], posta[AN2_MAXGRADE];
	pick_assessments(g, sub, y, prea, posta);
	collect_sample(R, v, y, prea, posta);
	att_err ie;
	err_clear(&ie);
	const char *status = "ok";
	if (impact_estimate(R->x.stratum, R->x.pre, R->x.post, R->x.tr, R->x.n,
	                    g->iv_cost[v], p, r, NULL, &ie))
		status = "insufficient data";
	/* the first grade's assessments name the measures */
	int32_t a1 = -1, a2 = -1;
	for (int gr = 0; gr < AN2_MAXGRADE && a1 < 0; gr++)
		if (prea[gr] >= 0 && posta[gr] >= 0) {
			a1 = prea[gr];
			a2 = posta[gr];
		}
	buf_printf(cmp,
	           "non-participants of the same grade in %s, "
	           "matched on %s (nearest neighbour with "
	           "replacement, caliper %.2g SD); outcome %s; "
	           "standing (z) within each assessment",
	           top >= 0 ? g->org_name[top] : "every school",
	           a1 >= 0 ? g->ass_name[a1] : "the prior", p->caliper_sd,
	           a2 >= 0 ? g->ass_name[a2] : "none");
	return status;
}

int run_impact(an_ctx *c)
{
	const engine *g = c->eng;
	impact_params p;
	impact_params_default(&p);
	p.caliper_sd = config_num(c->cfg, "impact.caliper");
	impact_run R = {.g = g};
	R.amean = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	R.asd = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	an_ass_moments(g, R.amean, R.asd);
	R.part = xcalloc((size_t)g->student.n + 1, 1);
	buf cmp;
	buf_init(&cmp);
	int nest = 0;
	an_out out;
	int rc = an_out_begin(c, &out, "impact");
	for (int32_t v = 0; v < g->iv.n && !rc; v++) {
		impact_result r;
		const char *status = estimate_one(&R, v, &p, &r, &cmp);
		nest += strcmp(status, "ok") == 0;
		rc = STORE_DW_ROW(
		    out.w[0], c->e, dv_int(c->run_id), dv_int(g->iv.id[v]),
		    dv_id(an2_id(&g->subject, g->iv_subject[v])),
		    dv_id(an2_id(&g->year, g->iv_year[v])), dv_text(status),
		    dv_text(cmp.data), dv_int((int64_t)r.n_treated),
		    dv_int((int64_t)r.n_matched),
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
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note), "%d of %d interventions estimated",
	         nest, (int)g->iv.n);
	buf_free(&cmp);
	free(R.x.stratum);
	free(R.x.pre);
	free(R.x.post);
	free(R.x.tr);
	free(R.part);
	free(R.amean);
	free(R.asd);
	return rc;
}
