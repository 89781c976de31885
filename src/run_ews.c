/*
 * run_ews.c - the "ews" analysis: gathers each student's evidence for the
 * analysed year from the engine (attendance, conduct incidents, the latest
 * result in each core subject against its basic cut, standing across the
 * recent assessment windows), assesses it with an_ews and writes the
 * flagged students (ews_flag), each reason as a code with its value and
 * threshold (ews_reason; no words: ews_text.h makes them at output) and
 * counts per org (ews_summary).
 *
 * Standing: each result's z-score within its assessment (an_ass_moments),
 * averaged over the core subjects assessed in the same window (same year
 * and term, or same date when an assessment has no term); growth values
 * are the changes of that standing between consecutive windows, up to the
 * analysed year.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_ews.h"
#include "an_lookup.h"
#include "analysis.h"
#include "run_an2.h"

typedef struct occ {
	int32_t year, term;
	int32_t date; /* when term < 0 */
	int32_t time;
} occ;

static int occ_cmp(const void *a, const void *b)
{
	const occ *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->term != y->term)
		return x->term < y->term ? -1 : 1;
	return (x->date > y->date) - (x->date < y->date);
}

/* The evidence of every student for the analysed year, gathered once. */
typedef struct evidence {
	int32_t year;      /* engine index of the analysed year */
	int ncore;         /* core subjects */
	int32_t *core_of;  /* subject index -> core index, -1 not core */
	int32_t *core_sub; /* core index -> subject index */
	int32_t *ass_occ;  /* assessment -> window 0..nw-1, -1 none */
	int nw;            /* windows kept (the last slow_windows + 1) */
	float *zsum;       /* [student * nw + window] sum of standings */
	uint8_t *zcnt;     /* ... and their count */
	double *cscore;    /* [student * ncore + core] latest score */
	double *ccut;      /* ... and its basic cut */
	int32_t *att_of;   /* student -> attendance record of the year */
} evidence;

static void evidence_free(evidence *v)
{
	free(v->core_of);
	free(v->core_sub);
	free(v->ass_occ);
	free(v->zsum);
	free(v->zcnt);
	free(v->cscore);
	free(v->ccut);
	free(v->att_of);
}

/* An assessment that counts for standing: of a core subject, not a
 * class's own, not diagnostic. */
static int counts(const engine *g, const evidence *v, int32_t a)
{
	int32_t sub = g->ass_subject[a];
	return g->ass_year[a] >= 0 && sub >= 0 && v->core_of[sub] >= 0 &&
	       g->ass_class[a] < 0 && g->ass_kind[a] != ENG_KIND_DIAGNOSTIC;
}

/* The windows (occasions) up to the analysed year, keeping the last W:
 * fills v->ass_occ and v->nw. */
static void find_windows(const engine *g, evidence *v, int W)
{
	int32_t y = v->year;
	occ *oc = xmalloc(sizeof(occ) * (size_t)(g->ass.n + 1));
	int nocc = 0;
	v->ass_occ = xmalloc(sizeof(int32_t) * (size_t)(g->ass.n + 1));
	for (int32_t a = 0; a < g->ass.n; a++) {
		v->ass_occ[a] = -1;
		int32_t ya = g->ass_year[a];
		if (!counts(g, v, a) || g->year_start[ya] > g->year_start[y])
			continue;
		occ o = {ya, g->ass_term[a], -1, 0};
		if (o.term < 0)
			o.date = g->ass_date[a];
		o.time = o.term >= 0
		             ? g->term_start[o.term]
		             : (o.date >= 0 ? o.date : g->year_start[ya]);
		int found = 0;
		for (int k = 0; k < nocc && !found; k++)
			found = oc[k].year == o.year && oc[k].term == o.term &&
			        oc[k].date == o.date;
		if (!found)
			oc[nocc++] = o;
	}
	qsort(oc, (size_t)nocc, sizeof(occ), occ_cmp);
	int first = nocc > W ? nocc - W : 0;
	for (int32_t a = 0; a < g->ass.n; a++) {
		if (!counts(g, v, a))
			continue;
		for (int k = first; k < nocc; k++)
			if (oc[k].year == g->ass_year[a] &&
			    oc[k].term == g->ass_term[a] &&
			    (oc[k].term >= 0 || oc[k].date == g->ass_date[a]))
				v->ass_occ[a] = k - first;
	}
	v->nw = nocc - first;
	free(oc);
}

/* Standings per student and window, and the latest result of the year in
 * each core subject with its basic cut. */
static void gather_results(const engine *g, evidence *v)
{
	int32_t ns = g->student.n, y = v->year;
	int nw = v->nw, ncore = v->ncore;
	double *amean = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	double *asd = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	an_ass_moments(g, amean, asd);
	v->zsum =
	    xcalloc((size_t)ns * (size_t)(nw > 0 ? nw : 1), sizeof(float));
	v->zcnt = xcalloc((size_t)ns * (size_t)(nw > 0 ? nw : 1), 1);
	size_t ncs = (size_t)ns * (size_t)(ncore > 0 ? ncore : 1);
	v->cscore = xmalloc(sizeof(double) * ncs);
	v->ccut = xmalloc(sizeof(double) * ncs);
	int32_t *cdate = xmalloc(sizeof(int32_t) * ncs);
	for (size_t i = 0; i < ncs; i++) {
		v->cscore[i] = NAN;
		v->ccut[i] = NAN;
		cdate[i] = INT32_MIN;
	}
	for (int32_t a = 0; a < g->ass.n; a++) {
		int32_t sub = g->ass_subject[a];
		if (sub < 0 || v->core_of[sub] < 0 || g->ass_class[a] >= 0)
			continue;
		int k = v->ass_occ[a];
		if (k >= 0 && asd[a] > 0)
			for (int64_t r = g->res_off[a]; r < g->res_off[a + 1];
			     r++) {
				double x = g->res_score[r];
				if (isnan(x))
					continue;
				size_t at = (size_t)g->res_student[r] * nw + k;
				v->zsum[at] += (float)((x - amean[a]) / asd[a]);
				v->zcnt[at]++;
			}
		double cut = an2_basic_cut(g, a);
		if (g->ass_year[a] != y || isnan(cut))
			continue;
		int32_t d =
		    g->ass_date[a] >= 0
		        ? g->ass_date[a]
		        : (g->ass_term[a] >= 0 ? g->term_start[g->ass_term[a]]
		                               : g->year_start[y]);
		for (int64_t r = g->res_off[a]; r < g->res_off[a + 1]; r++) {
			double x = g->res_score[r];
			if (isnan(x))
				continue;
			size_t at = (size_t)g->res_student[r] * ncore +
			            (size_t)v->core_of[sub];
			if (d >= cdate[at]) {
				cdate[at] = d;
				v->cscore[at] = x;
				v->ccut[at] = cut;
			}
		}
	}
	free(cdate);
	free(amean);
	free(asd);
}

static void evidence_build(const engine *g, int32_t y, int W, evidence *v)
{
	memset(v, 0, sizeof(*v));
	v->year = y;
	v->core_of = xmalloc(sizeof(int32_t) * (size_t)(g->subject.n + 1));
	v->core_sub = xmalloc(sizeof(int32_t) * (size_t)(g->subject.n + 1));
	for (int32_t k = 0; k < g->subject.n; k++) {
		v->core_of[k] = g->subject_core[k] ? v->ncore : -1;
		if (g->subject_core[k])
			v->core_sub[v->ncore++] = k;
	}
	find_windows(g, v, W);
	gather_results(g, v);
	v->att_of = xmalloc(sizeof(int32_t) * (size_t)(g->student.n + 1));
	for (int32_t s = 0; s < g->student.n; s++)
		v->att_of[s] = -1;
	for (int32_t i = 0; i < g->natt; i++)
		if (g->att_year[i] == y)
			v->att_of[g->att_student[i]] = i;
}

/* Student s's evidence into in; score, cut (ncore) and growth (nw) are
 * the caller's arrays that in points to. */
static void student_input(const engine *g, const evidence *v, int32_t s,
                          ews_input *in, double *score, double *cut,
                          double *growth)
{
	int32_t y = v->year;
	memset(in, 0, sizeof(*in));
	int32_t ai = v->att_of[s];
	if (ai >= 0) {
		in->days_possible = g->att_possible[ai];
		in->days_absent = g->att_absent[ai];
	}
	for (int32_t k = g->beh_off[s]; k < g->beh_off[s + 1]; k++) {
		int32_t d = g->beh_date[k];
		if (g->beh_positive[k] || d < g->year_start[y] ||
		    d > g->year_end[y])
			continue;
		in->conduct++;
		in->serious += g->beh_serious[k] != 0;
	}
	for (int j = 0; j < v->ncore; j++) {
		score[j] = v->cscore[(size_t)s * v->ncore + j];
		cut[j] = v->ccut[(size_t)s * v->ncore + j];
	}
	in->nsubj = v->ncore;
	in->score = score;
	in->basic_cut = cut;
	double prev = NAN;
	int ng = 0;
	for (int k = 0; k < v->nw; k++) {
		size_t at = (size_t)s * v->nw + k;
		double st = v->zcnt[at] ? v->zsum[at] / v->zcnt[at] : NAN;
		if (k > 0)
			growth[ng++] = st - prev;
		prev = st;
	}
	in->ngrowth = ng;
	in->growth = growth;
}

/* Add one assessed student to the counts of 'all' (slot norg) and of
 * every org above their school (or their placement's org). */
static void count_student(const engine *g, int32_t pl, const ews_result *r,
                          int64_t *cnt)
{
	int32_t norg = g->org.n, sch = g->pl_school[pl];
	int32_t orgs[64];
	int no = 0;
	orgs[no++] = norg; /* 'all' */
	if (sch >= 0) {
		for (int l = 0; l < g->nlevels && no < 64; l++) {
			int32_t o = engine_school_anc(g, sch, l);
			if (o >= 0)
				orgs[no++] = o;
		}
	} else if (g->pl_org[pl] >= 0) {
		orgs[no++] = g->pl_org[pl];
	}
	for (int k = 0; k < no; k++) {
		int64_t *q = &cnt[(size_t)orgs[k] * 5];
		q[0]++;
		q[1] += r->overall == EWS_WARN;
		q[2] += r->overall == EWS_RISK;
		q[3] += (r->reasons & EWS_R_CHRONIC) != 0;
		q[4] += (r->reasons & EWS_R_SLOWING) != 0;
	}
}

/* The writers of one run and what they share. */
typedef struct ews_out {
	an_ctx *c;
	const evidence *v;
	const ews_params *p;
	dwriter *flag, *reason;
	buf codes;
} ews_out;

/* One flagged student: the ews_flag row and an ews_reason row per
 * reason. */
static int write_student(ews_out *o, int32_t s, int32_t pl, const ews_input *in,
                         const ews_result *r)
{
	an_ctx *c = o->c;
	const engine *g = c->eng;
	int64_t sid = g->student.id[s], yid = g->year.id[o->v->year];
	buf_clear(&o->codes);
	ews_code_list(r->reasons, &o->codes);
	int rc = STORE_DW_ROW(
	    o->flag, c->e, dv_int(c->run_id), dv_int(sid), dv_id(yid),
	    dv_id(an2_id(&g->org, g->pl_org[pl])), dv_id(g->pl_grade[pl]),
	    dv_int(r->overall), dv_int(r->attendance), dv_int(r->behaviour),
	    dv_int(r->course), dv_int(r->progress), dv_num(r->att_rate),
	    dv_num(r->absent_share), dv_int(in->conduct), dv_int(in->serious),
	    dv_int(r->nlow), dv_num(r->growth_fall), dv_text(o->codes.data));
	ews_reason rs[EWS_MAX_REASONS];
	int n = ews_reasons(in, r, o->p, rs, EWS_MAX_REASONS);
	for (int k = 0; k < n && !rc; k++) {
		const ews_reason *x = &rs[k];
		int32_t sub = x->subject >= 0 ? o->v->core_sub[x->subject] : -1;
		rc = STORE_DW_ROW(
		    o->reason, c->e, dv_int(c->run_id), dv_int(sid), dv_id(yid),
		    dv_int(k), dv_text(ews_indicator_name(x->indicator)),
		    dv_int(x->level), dv_text(ews_code_name(x->code)),
		    dv_num(x->value), dv_num(x->threshold), dv_id(x->count),
		    dv_id(x->total), dv_id(an2_id(&g->subject, sub)));
	}
	return rc;
}

/* ews_summary: the counts of every org with students, and 'all'. */
static int write_summary(an_ctx *c, dwriter *w, int32_t y, const int64_t *cnt)
{
	const engine *g = c->eng;
	int32_t norg = g->org.n;
	int rc = ATT_OK;
	for (int32_t o = 0; o <= norg && !rc; o++) {
		const int64_t *q = &cnt[(size_t)o * 5];
		if (q[0] == 0)
			continue;
		const char *lv =
		    o == norg ? "all" : an2_level_name(g, g->org_level[o]);
		rc = STORE_DW_ROW(w, c->e, dv_int(c->run_id),
		                  dv_id(g->year.id[y]), dv_text(lv),
		                  dv_id(o == norg ? -1 : g->org.id[o]),
		                  dv_int(q[0]), dv_int(q[1]), dv_int(q[2]),
		                  dv_int(q[3]), dv_int(q[4]));
	}
	return rc;
}

static int read_params(an_ctx *c, ews_params *p)
{
	ews_params_default(p);
	p->att_warn = config_num(c->cfg, "ews.attendance_warning");
	p->att_risk = config_num(c->cfg, "ews.attendance_risk");
	p->chronic = config_num(c->cfg, "ews.chronic_absence");
	p->beh_warn = (int)config_num(c->cfg, "ews.behaviour_warning");
	p->beh_risk = (int)config_num(c->cfg, "ews.behaviour_risk");
	p->low_multi = (int)config_num(c->cfg, "ews.low_subjects_risk");
	p->slow_windows = (int)config_num(c->cfg, "ews.slow_windows");
	p->slow_drop = config_num(c->cfg, "ews.slow_drop");
	if (p->slow_windows < 1 || p->slow_windows > 32)
		return err_set(c->e, ATT_EINPUT,
		               "ews.slow_windows must be between 1 and 32");
	return ATT_OK;
}

/* Assess every placed student of the year: flagged students and their
 * reasons written through o, counts per org into cnt. */
static int assess_all(ews_out *o, int64_t *cnt, int64_t *nassessed,
                      int64_t *nflag, int64_t *nrisk)
{
	an_ctx *c = o->c;
	const engine *g = c->eng;
	const evidence *v = o->v;
	int32_t ns = g->student.n;
	double *score = xmalloc(sizeof(double) * (size_t)(v->ncore + 1));
	double *cut = xmalloc(sizeof(double) * (size_t)(v->ncore + 1));
	double *growth = xmalloc(sizeof(double) * (size_t)(v->nw + 1));
	int rc = ATT_OK;
	if (c->prog)
		c->prog->total = (uint64_t)ns;
	for (int32_t s = 0; s < ns && !rc; s++) {
		int32_t pl = engine_placement(g, s, v->year);
		if (pl < 0)
			continue;
		ews_input in;
		student_input(g, v, s, &in, score, cut, growth);
		ews_result r;
		ews_assess(&in, o->p, &r);
		(*nassessed)++;
		count_student(g, pl, &r, cnt);
		if (r.overall == EWS_NONE)
			continue;
		(*nflag)++;
		*nrisk += r.overall == EWS_RISK;
		rc = write_student(o, s, pl, &in, &r);
		if (c->prog && (s & 8191) == 0)
			progress_update(c->prog, (uint64_t)s);
	}
	free(score);
	free(cut);
	free(growth);
	return rc;
}

int run_ews(an_ctx *c)
{
	const engine *g = c->eng;
	ews_params p;
	if (read_params(c, &p))
		return ATT_EINPUT;
	int32_t y = an2_year(g, c->year);
	if (y < 0) {
		snprintf(c->note, sizeof(c->note), "no academic year");
		return ATT_OK;
	}
	evidence v;
	evidence_build(g, y, p.slow_windows + 1, &v);
	int64_t *cnt = xcalloc((size_t)(g->org.n + 1) * 5, sizeof(int64_t));
	ews_out o = {c, &v, &p, NULL, NULL, {0}};
	buf_init(&o.codes);
	int64_t nassessed = 0, nflag = 0, nrisk = 0;
	an_out out;
	int rc = an_out_begin(c, &out, "ews_flag ews_reason ews_summary");
	o.flag = out.w[0];
	o.reason = out.w[1];
	if (!rc)
		rc = assess_all(&o, cnt, &nassessed, &nflag, &nrisk);
	if (!rc)
		rc = write_summary(c, out.w[2], y, cnt);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note),
	         "%lld students assessed, %lld flagged, %lld at risk",
	         (long long)nassessed, (long long)nflag, (long long)nrisk);
	buf_free(&o.codes);
	free(cnt);
	evidence_free(&v);
	return rc;
}
