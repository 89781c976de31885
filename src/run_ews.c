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
 *
 * Errors (an_ews.h, "Beyond the measurement error"): each assessment's
 * standard error of measurement is SEM = SD x sqrt(1 - reliability), SD
 * of its results and reliability Cronbach's alpha of its items (the items
 * analysis, an_items.h) where it has items answered by at least two
 * students, else ews.reliability. A standing's error in SD units is
 * sqrt(1 - reliability) per result, divided by the number of results
 * averaged; the fall over the window is the difference of two standings,
 * so its error is the root of the sum of their squared errors.
 *
 * Tiers (an_ews.h, ews_tier): within each school (or the placement's org
 * for a student without one), students are ranked by indicators, then
 * distance; the top tier holds at most ews.tier1_share of the school's
 * assessed students, the first two tiers at most ews.tier2_share. Only
 * students in a tier are written to ews_flag, with their tier (overall:
 * 2 top tier, 1 second tier), rank within the school, indicators and
 * distance; ews_summary counts the tiers (n_risk top, n_warn second)
 * and, among their students, the chronically absent and the slowing (so
 * a class's count from ews_flag and a school's from ews_summary agree).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_ews.h"
#include "an_items.h"
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
	double *csem;      /* ... and its standard error of measurement */
	float *zvar;       /* [student * nw + window] sum of squared errors */
	double *rel;       /* assessment -> reliability used */
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
	free(v->csem);
	free(v->zvar);
	free(v->rel);
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

/* The reliability of every assessment: Cronbach's alpha of its items
 * where it has some (an_items), else dflt; clamped to [0, 1). */
static void find_reliability(const engine *g, evidence *v, double dflt)
{
	v->rel = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	for (int32_t a = 0; a < g->ass.n; a++)
		v->rel[a] = dflt;
	if (g->item.n > 0) {
		items_opts o = {.year = -1, .no_mastery = 1, .nthreads = 2};
		items_out r;
		an_items_compute(g, &o, &r);
		for (int64_t k = 0; k < r.ntests; k++) {
			const test_row *t = &r.tests[k];
			if (t->n >= 2 && t->items >= 2 &&
			    !isnan(t->reliability))
				v->rel[t->ass] = t->reliability;
		}
		an_items_free(&r);
	}
	for (int32_t a = 0; a < g->ass.n; a++)
		v->rel[a] = v->rel[a] < 0       ? 0
		            : v->rel[a] > 0.999 ? 0.999
		                                : v->rel[a];
}

/* Standings per student and window, and the latest result of the year in
 * each core subject with its basic cut and error. */
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
	v->zvar =
	    xcalloc((size_t)ns * (size_t)(nw > 0 ? nw : 1), sizeof(float));
	size_t ncs = (size_t)ns * (size_t)(ncore > 0 ? ncore : 1);
	v->cscore = xmalloc(sizeof(double) * ncs);
	v->ccut = xmalloc(sizeof(double) * ncs);
	v->csem = xmalloc(sizeof(double) * ncs);
	int32_t *cdate = xmalloc(sizeof(int32_t) * ncs);
	for (size_t i = 0; i < ncs; i++) {
		v->cscore[i] = NAN;
		v->ccut[i] = NAN;
		v->csem[i] = NAN;
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
				v->zvar[at] += (float)(1 - v->rel[a]);
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
				v->csem[at] = asd[a] * sqrt(1 - v->rel[a]);
			}
		}
	}
	free(cdate);
	free(amean);
	free(asd);
}

static void evidence_build(const engine *g, int32_t y, int W, double rel,
                           evidence *v)
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
	find_reliability(g, v, rel);
	gather_results(g, v);
	v->att_of = xmalloc(sizeof(int32_t) * (size_t)(g->student.n + 1));
	for (int32_t s = 0; s < g->student.n; s++)
		v->att_of[s] = -1;
	for (int32_t i = 0; i < g->natt; i++)
		if (g->att_year[i] == y)
			v->att_of[g->att_student[i]] = i;
}

/* The caller's arrays that one student's ews_input points to. */
typedef struct student_bufs {
	double *score, *cut, *sem; /* ncore */
	double *growth;            /* nw */
} student_bufs;

/* Student s's evidence into in, pointing into sb. */
static void student_input(const engine *g, const evidence *v, int32_t s,
                          ews_input *in, const student_bufs *sb)
{
	double *score = sb->score, *cut = sb->cut, *growth = sb->growth;
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
		sb->sem[j] = v->csem[(size_t)s * v->ncore + j];
	}
	in->nsubj = v->ncore;
	in->score = score;
	in->basic_cut = cut;
	in->sem = sb->sem;
	double prev = NAN, var_first = NAN, var_last = NAN;
	int ng = 0;
	for (int k = 0; k < v->nw; k++) {
		size_t at = (size_t)s * v->nw + k;
		double st = v->zcnt[at] ? v->zsum[at] / v->zcnt[at] : NAN;
		double var =
		    v->zcnt[at]
		        ? v->zvar[at] / ((double)v->zcnt[at] * v->zcnt[at])
		        : NAN;
		if (k > 0)
			growth[ng++] = st - prev;
		else
			var_first = var;
		var_last = var;
		prev = st;
	}
	in->ngrowth = ng;
	in->growth = growth;
	in->growth_se = sqrt(var_first + var_last);
}

/* Add one assessed student in tier t (0: none) to the counts of 'all'
 * (slot norg) and of every org above their school (or their placement's
 * org). */
static void count_student(const engine *g, int32_t pl, unsigned reasons, int t,
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
		q[1] += t == 2;
		q[2] += t == 1;
		q[3] += t && (reasons & EWS_R_CHRONIC) != 0;
		q[4] += t && (reasons & EWS_R_SLOWING) != 0;
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

/* One student in a tier: the ews_flag row (tier, rank within the school)
 * and an ews_reason row per counted reason. */
static int write_student(ews_out *o, int32_t s, int32_t pl, const ews_input *in,
                         const ews_result *r, int tier, int rank)
{
	an_ctx *c = o->c;
	const engine *g = c->eng;
	int64_t sid = g->student.id[s], yid = g->year.id[o->v->year];
	buf_clear(&o->codes);
	ews_code_list(r->reasons, &o->codes);
	int rc = STORE_DW_ROW(
	    o->flag, c->e, dv_int(c->run_id), dv_int(sid), dv_id(yid),
	    dv_id(an2_id(&g->org, g->pl_org[pl])), dv_id(g->pl_grade[pl]),
	    dv_int(tier == 1 ? EWS_RISK : EWS_WARN), dv_int(r->attendance),
	    dv_int(r->behaviour), dv_int(r->course), dv_int(r->progress),
	    dv_num(r->att_rate), dv_num(r->absent_share), dv_int(in->conduct),
	    dv_int(in->serious), dv_int(r->nlow), dv_num(r->growth_fall),
	    dv_text(o->codes.data), dv_int(tier), dv_int(rank), dv_int(r->nind),
	    dv_num(r->distance));
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
		    dv_id(x->total), dv_id(an2_id(&g->subject, sub)),
		    dv_num(x->se), dv_num(x->z));
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

/* The tier shares, read and checked with the other parameters. */
typedef struct tier_params {
	double share1, share2, reliability;
} tier_params;

static int read_params(an_ctx *c, ews_params *p, tier_params *t)
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
	p->error_z = config_num(c->cfg, "ews.error_z");
	t->share1 = config_num(c->cfg, "ews.tier1_share");
	t->share2 = config_num(c->cfg, "ews.tier2_share");
	t->reliability = config_num(c->cfg, "ews.reliability");
	if (p->slow_windows < 1 || p->slow_windows > 32)
		return err_set(c->e, ATT_EINPUT,
		               "ews.slow_windows must be between 1 and 32");
	if (!(t->share1 >= 0 && t->share1 <= t->share2 && t->share2 <= 1))
		return err_set(
		    c->e, ATT_EINPUT,
		    "ews.tier1_share and ews.tier2_share must satisfy "
		    "0 <= tier1_share <= tier2_share <= 1");
	if (!(t->reliability >= 0 && t->reliability < 1) || !(p->error_z >= 0))
		return err_set(c->e, ATT_EINPUT,
		               "ews.reliability must lie in [0, 1) and "
		               "ews.error_z be at least 0");
	return ATT_OK;
}

/* Every placed student of the year, assessed: their index, placement,
 * group (school, else the placement's org, else one group for the rest),
 * indicators and distance; then each one's tier and rank in its group. */
typedef struct assessed {
	int64_t n;
	int32_t *s, *pl, *grp;
	int *nind, *rank;
	double *dist;
	unsigned char *tier;
} assessed;

static void assessed_free(assessed *a)
{
	free(a->s);
	free(a->pl);
	free(a->grp);
	free(a->nind);
	free(a->rank);
	free(a->dist);
	free(a->tier);
}

/* A student's group and index, sorted together (qsort has no context). */
typedef struct grp_key {
	int32_t grp;
	int64_t i;
} grp_key;

static int by_group(const void *x, const void *y)
{
	const grp_key *a = x, *b = y;
	if (a->grp != b->grp)
		return a->grp < b->grp ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* Tiers and ranks of every group of A (ews_tier per group). */
static void tier_groups(assessed *A, const tier_params *t)
{
	int64_t n = A->n;
	grp_key *gk = xmalloc(sizeof(grp_key) * (size_t)(n + 1));
	for (int64_t i = 0; i < n; i++)
		gk[i] = (grp_key){A->grp[i], i};
	qsort(gk, (size_t)n, sizeof(grp_key), by_group);
	int *ni = xmalloc(sizeof(int) * (size_t)(n + 1));
	int *rk = xmalloc(sizeof(int) * (size_t)(n + 1));
	double *di = xmalloc(sizeof(double) * (size_t)(n + 1));
	size_t *ord = xmalloc(sizeof(size_t) * (size_t)(n + 1));
	unsigned char *tr = xmalloc((size_t)(n + 1));
	for (int64_t i = 0; i < n;) {
		int64_t j = i;
		while (j < n && gk[j].grp == gk[i].grp)
			j++;
		size_t m = (size_t)(j - i);
		for (size_t k = 0; k < m; k++) {
			ni[k] = A->nind[gk[i + (int64_t)k].i];
			di[k] = A->dist[gk[i + (int64_t)k].i];
		}
		ews_tier(ni, di, m, t->share1, t->share2, ord, rk, tr);
		for (size_t k = 0; k < m; k++) {
			A->rank[gk[i + (int64_t)k].i] = rk[k];
			A->tier[gk[i + (int64_t)k].i] = tr[k];
		}
		i = j;
	}
	free(gk);
	free(ni);
	free(rk);
	free(di);
	free(ord);
	free(tr);
}

/* Assess every placed student of the year into A. */
static void assess_all(const an_ctx *c, const evidence *v, const ews_params *p,
                       const student_bufs *sb, assessed *A)
{
	const engine *g = c->eng;
	int32_t ns = g->student.n, norg = g->org.n;
	size_t cap = (size_t)ns + 1;
	A->n = 0;
	A->s = xmalloc(sizeof(int32_t) * cap);
	A->pl = xmalloc(sizeof(int32_t) * cap);
	A->grp = xmalloc(sizeof(int32_t) * cap);
	A->nind = xmalloc(sizeof(int) * cap);
	A->rank = xcalloc(cap, sizeof(int));
	A->dist = xmalloc(sizeof(double) * cap);
	A->tier = xcalloc(cap, 1);
	for (int32_t s = 0; s < ns; s++) {
		int32_t pl = engine_placement(g, s, v->year);
		if (pl < 0)
			continue;
		ews_input in;
		student_input(g, v, s, &in, sb);
		ews_result r;
		ews_assess(&in, p, &r);
		int64_t k = A->n++;
		A->s[k] = s;
		A->pl[k] = pl;
		A->grp[k] = g->pl_school[pl] >= 0 ? g->pl_school[pl]
		            : g->pl_org[pl] >= 0  ? g->pl_org[pl]
		                                  : norg;
		A->nind[k] = r.nind;
		A->dist[k] = r.distance;
	}
}

/* Write the students of A in a tier and count every one. */
static int write_all(ews_out *o, const student_bufs *sb, const assessed *A,
                     int64_t *cnt, int64_t *ntier)
{
	an_ctx *c = o->c;
	const engine *g = c->eng;
	int rc = ATT_OK;
	if (c->prog)
		c->prog->total = (uint64_t)A->n;
	for (int64_t k = 0; k < A->n && !rc; k++) {
		ews_input in;
		student_input(g, o->v, A->s[k], &in, sb);
		ews_result r;
		ews_assess(&in, o->p, &r);
		count_student(g, A->pl[k], r.reasons, A->tier[k], cnt);
		if (A->tier[k] == 0)
			continue;
		ntier[A->tier[k] - 1]++;
		rc = write_student(o, A->s[k], A->pl[k], &in, &r, A->tier[k],
		                   A->rank[k]);
		if (c->prog && (k & 8191) == 0)
			progress_update(c->prog, (uint64_t)k);
	}
	return rc;
}

int run_ews(an_ctx *c)
{
	const engine *g = c->eng;
	ews_params p;
	tier_params t;
	if (read_params(c, &p, &t))
		return ATT_EINPUT;
	int32_t y = an2_year(g, c->year);
	if (y < 0) {
		snprintf(c->note, sizeof(c->note), "no academic year");
		return ATT_OK;
	}
	evidence v;
	evidence_build(g, y, p.slow_windows + 1, t.reliability, &v);
	int64_t *cnt = xcalloc((size_t)(g->org.n + 1) * 5, sizeof(int64_t));
	ews_out o = {c, &v, &p, NULL, NULL, {0}};
	buf_init(&o.codes);
	student_bufs sb = {xmalloc(sizeof(double) * (size_t)(v.ncore + 1)),
	                   xmalloc(sizeof(double) * (size_t)(v.ncore + 1)),
	                   xmalloc(sizeof(double) * (size_t)(v.ncore + 1)),
	                   xmalloc(sizeof(double) * (size_t)(v.nw + 1))};
	assessed A;
	assess_all(c, &v, &p, &sb, &A);
	tier_groups(&A, &t);
	int64_t ntier[2] = {0, 0};
	an_out out;
	int rc = an_out_begin(c, &out, "ews_flag ews_reason ews_summary");
	o.flag = out.w[0];
	o.reason = out.w[1];
	if (!rc)
		rc = write_all(&o, &sb, &A, cnt, ntier);
	if (!rc)
		rc = write_summary(c, out.w[2], y, cnt);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note),
	         "%lld students assessed, %lld in the top tier, %lld in the "
	         "second",
	         (long long)A.n, (long long)ntier[0], (long long)ntier[1]);
	assessed_free(&A);
	free(sb.score);
	free(sb.cut);
	free(sb.sem);
	free(sb.growth);
	buf_free(&o.codes);
	free(cnt);
	evidence_free(&v);
	return rc;
}
