/*
 * run_va.c - the "va" analysis: an_va over the engine, written to
 * va_student and va_group.
 */
#include <stdlib.h>
#include <string.h>

#include "an_va.h"
#include "analysis.h"
#include "run_an2.h"

static unsigned parse_kinds(const char *s)
{
	unsigned k = 0;
	static const char *const names[] = {"baseline", "formative",
	                                    "summative", "diagnostic"};
	for (int i = 0; i < 4; i++)
		if (s && strstr(s, names[i]))
			k |= 1u << i;
	return k ? k : 1u << ENG_KIND_SUMMATIVE;
}

static const char *const model_name[] = {"regression", "prior_band",
                                         "contextual"};

/* The va_student rows; *ncapped counts students capped in any model. */
static int write_students(an_ctx *c, dwriter *w, const va_student *st,
                          int64_t nst, int64_t *ncapped)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
	for (int64_t i = 0; i < nst && !rc; i++) {
		const va_student *s = &st[i];
		*ncapped += s->capped != 0;
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id),
		    dv_int(g->student.id[s->student]),
		    dv_int(g->ass.id[s->ass]), dv_int(g->ass.id[s->prior_ass]),
		    dv_id(an2_id(&g->subject, g->ass_subject[s->ass])),
		    dv_id(an2_id(&g->year, g->ass_year[s->ass])),
		    dv_id(s->school >= 0 ? g->org.id[g->school_org[s->school]]
		                         : (int64_t)-1),
		    dv_id(an2_id(&g->cls, s->cls)),
		    dv_id(an2_id(&g->staff, s->teacher)), dv_num(s->prior),
		    dv_num(s->score), dv_int((int64_t)s->band),
		    dv_num(s->exp_reg), dv_num(s->res_reg), dv_num(s->exp_band),
		    dv_num(s->res_band), dv_num(s->res_ctx),
		    dv_int((int64_t)s->capped));
		if (c->prog && (i & 65535) == 0)
			progress_update(c->prog, (uint64_t)i);
	}
	return rc;
}

/* The va_group rows; *nschool counts the schools with an overall
 * regression value-added (every subject and year). */
static int write_groups(an_ctx *c, dwriter *w, const va_group *gr, int64_t ngr,
                        int64_t *nschool)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
	for (int64_t i = 0; i < ngr && !rc; i++) {
		const va_group *q = &gr[i];
		const char *kind = q->kind == VA_ORG     ? "org"
		                   : q->kind == VA_CLASS ? "class"
		                                         : "teacher";
		const char *level =
		    q->kind == VA_ORG ? (q->level >= 0 && q->level < g->nlevels
		                             ? g->level_name[q->level]
		                             : "org")
		                      : kind;
		if (q->kind == VA_ORG && q->model == VA_REG && q->subject < 0 &&
		    q->year < 0 && g->org_school[q->id] >= 0)
			(*nschool)++;
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_text(model_name[q->model]),
		    dv_text(kind), dv_text(level),
		    dv_id(q->kind == VA_ORG ? g->org.id[q->id] : (int64_t)-1),
		    dv_id(q->kind == VA_CLASS ? g->cls.id[q->id] : (int64_t)-1),
		    dv_id(q->kind == VA_TEACHER ? g->staff.id[q->id]
		                                : (int64_t)-1),
		    dv_id(an2_id(&g->subject, q->subject)),
		    dv_id(an2_id(&g->year, q->year)), dv_int(q->n),
		    dv_num(q->va), dv_num(q->se), dv_num(q->lo), dv_num(q->hi),
		    dv_int(q->ncapped));
	}
	return rc;
}

int run_va(an_ctx *c)
{
	const engine *g = c->eng;
	va_opts o = {.year = c->year,
	             .nbands = (int)config_num(c->cfg, "va.prior_bands"),
	             .cap_sd = config_num(c->cfg, "va.cap_sd"),
	             .contextual = config_bool(c->cfg, "va.contextual"),
	             .kinds = parse_kinds(config_str(c->cfg, "va.kinds")),
	             .min_n = (int64_t)config_num(c->cfg, "va.min_n"),
	             .nthreads = 2};
	va_student *st = NULL;
	va_group *gr = NULL;
	int64_t nst = 0, ngr = 0, ncapped = 0, nschool = 0;
	an_va_compute(g, &o, &st, &nst, &gr, &ngr);
	if (c->prog)
		c->prog->total = (uint64_t)(nst + ngr);
	an_out out;
	int rc = an_out_begin(c, &out, "va_student va_group");
	if (!rc)
		rc = write_students(c, out.w[0], st, nst, &ncapped);
	if (!rc)
		rc = write_groups(c, out.w[1], gr, ngr, &nschool);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note),
	         "%lld students with a prior, %lld capped, %lld schools",
	         (long long)nst, (long long)ncapped, (long long)nschool);
	free(st);
	free(gr);
	return rc;
}
