/*
 * run_desc.c - the "desc" analysis: an_desc over the engine, written to
 * desc_stat, desc_trend and desc_cohort.
 */
#include <math.h>
#include <stdlib.h>

#include "an_desc.h"
#include "analysis.h"
#include "run_an2.h"

static int write_stats(an_ctx *c, dwriter *w, const desc_row *rows, int64_t n)
{
	const engine *g = c->eng;
	/* Subgroup labels, made once per (dimension, value). */
	int maxv = an2_max_group_values(g);
	char(*labels)[96] =
	    xmalloc(sizeof(*labels) * (size_t)DIM_N * (size_t)maxv);
	for (int d = 0; d < DIM_N; d++)
		for (int v = 0; v < maxv; v++)
			an_desc_subgroup(
			    g, d, v,
			    labels[(size_t)d * (size_t)maxv + (size_t)v],
			    sizeof(labels[0]));
	/* bands as a JSON array: "[" + up to AN_MAXBANDS "%.6g," + "]" */
	char bands[2 + AN_MAXBANDS * 33];
	int rc = ATT_OK;
	for (int64_t i = 0; i < n && !rc; i++) {
		const desc_row *r = &rows[i];
		int32_t a = r->ass;
		char other[96];
		const char *sub = other;
		if (r->dim >= 0 && r->dim < DIM_N && r->val >= 0 &&
		    r->val < maxv)
			sub = labels[(size_t)r->dim * (size_t)maxv +
			             (size_t)r->val];
		else
			an_desc_subgroup(g, r->dim, r->val, other,
			                 sizeof(other));
		int len = 0;
		bands[len++] = '[';
		for (int k = 0; k < r->nbands; k++) {
			if (k)
				bands[len++] = ',';
			len += an_fmt_g6(r->band[k], bands + len);
		}
		bands[len++] = ']';
		bands[len] = '\0';
		const char *kind = r->group_kind == DESC_ALL   ? "all"
		                   : r->group_kind == DESC_ORG ? "org"
		                                               : "class";
		const char *level = r->group_kind == DESC_CLASS
		                        ? "class"
		                        : an2_level_name(g, r->level);
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_int(g->ass.id[a]),
		    dv_id(an2_id(&g->subject, g->ass_subject[a])),
		    dv_id(an2_id(&g->year, g->ass_year[a])),
		    dv_id(an2_id(&g->term, g->ass_term[a])),
		    dv_id((int64_t)g->ass_grade[a]), dv_text(kind),
		    dv_text(level), dv_id(an2_id(&g->org, r->org)),
		    dv_id(an2_id(&g->cls, r->cls)), dv_text(sub),
		    dv_int(r->s.n), dv_num(r->s.mean), dv_num(r->s.sd),
		    dv_num(r->s.median), dv_num(r->s.q1), dv_num(r->s.q3),
		    dv_num(r->s.min), dv_num(r->s.max), dv_num(r->mean_pct),
		    dv_num(r->share_prof), dv_text(r->nbands ? bands : NULL));
		if (c->prog && (i & 4095) == 0)
			progress_update(c->prog, (uint64_t)i);
	}
	free(labels);
	return rc;
}

static int write_trends(an_ctx *c, dwriter *w, const trend_row *t, int64_t n)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
	for (int64_t i = 0; i < n && !rc; i++) {
		const trend_row *r = &t[i];
		const char *dir = r->seq == 0        ? NULL
		                  : r->direction > 0 ? "up"
		                  : r->direction < 0 ? "down"
		                                     : "flat";
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_id(an2_id(&g->org, r->org)),
		    dv_text(an2_level_name(g, r->level)),
		    dv_int(g->subject.id[r->subject]), dv_id((int64_t)r->grade),
		    dv_int((int64_t)r->seq), dv_int(g->ass.id[r->ass]),
		    dv_id(an2_id(&g->year, g->ass_year[r->ass])),
		    dv_id(an2_id(&g->term, g->ass_term[r->ass])), dv_int(r->n),
		    dv_num(r->mean_pct), dv_num(r->change), dv_num(r->lo),
		    dv_num(r->hi), dv_text(dir));
	}
	return rc;
}

static int write_cohorts(an_ctx *c, dwriter *w, const cohort_row *t, int64_t n)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
	for (int64_t i = 0; i < n && !rc; i++) {
		const cohort_row *r = &t[i];
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_id(an2_id(&g->org, r->org)),
		    dv_text(an2_level_name(g, r->level)),
		    dv_int(g->subject.id[r->subject]),
		    dv_int(g->year.id[r->cohort_year]),
		    dv_int((int64_t)r->cohort_grade),
		    dv_int(g->year.id[r->year]), dv_id((int64_t)r->grade),
		    dv_int(r->n), dv_num(r->mean_pct), dv_num(r->mean_z));
	}
	return rc;
}

int run_desc(an_ctx *c)
{
	const engine *g = c->eng;
	desc_opts o = {.year = c->year,
	               .subgroups = config_bool(c->cfg, "desc.subgroups"),
	               .classes = config_bool(c->cfg, "desc.classes"),
	               .school_subgroups =
	                   config_bool(c->cfg, "desc.school_subgroups"),
	               .min_n = (int64_t)config_num(c->cfg, "min_group"),
	               .nthreads = 2};
	desc_row *rows = NULL;
	trend_row *trends = NULL;
	cohort_row *cohorts = NULL;
	int64_t n = an_desc_compute(g, &o, &rows);
	int64_t nt = an_desc_trends(g, rows, n, &trends);
	int64_t nc = an_desc_cohorts(g, o.min_n, &cohorts);
	if (c->prog)
		c->prog->total = (uint64_t)n;
	an_out out;
	int rc = an_out_begin(c, &out, "desc_stat desc_trend desc_cohort");
	if (!rc)
		rc = write_stats(c, out.w[0], rows, n);
	if (!rc)
		rc = write_trends(c, out.w[1], trends, nt);
	if (!rc)
		rc = write_cohorts(c, out.w[2], cohorts, nc);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note),
	         "%lld group statistics, %lld trend points", (long long)n,
	         (long long)nt);
	free(rows);
	free(trends);
	free(cohorts);
	return rc;
}
