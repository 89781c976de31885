/*
 * run_ews.c - the "ews" analysis: gathers each student's evidence for the
 * analysed year from the engine (attendance, conduct incidents, the latest
 * result in each core subject against its basic cut, standing across the
 * recent assessment windows), assesses it with an_ews and writes the
 * flagged students with their reasons (ews_flag) and counts per org
 * (ews_summary).
 *
 * Standing: each result's z-score within its assessment, averaged over the
 * core subjects assessed in the same window (same year and term, or same
 * date when an assessment has no term); growth values are the changes of
 * that standing between consecutive windows, up to the analysed year.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_ews.h"
#include "an_lookup.h"
#include "analysis.h"
#include "run_an2.h"
#include "store_derived.h"

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

static void code_list(unsigned reasons, buf *b)
{
	static const struct {
		unsigned bit;
		const char *code;
	} codes[] = {
	    {EWS_R_ATT_LOW, "attendance_low"},
	    {EWS_R_ATT_VERY_LOW, "attendance_very_low"},
	    {EWS_R_CHRONIC, "chronic_absence"},
	    {EWS_R_CONDUCT, "conduct"},
	    {EWS_R_CONDUCT_MANY, "conduct_many"},
	    {EWS_R_SERIOUS, "serious_incident"},
	    {EWS_R_LOW_SUBJECT, "low_subject"},
	    {EWS_R_LOW_MULTI, "low_multi"},
	    {EWS_R_SLOWING, "slowing"},
	    {EWS_R_LOSING, "losing"},
	};
	int first = 1;
	for (size_t i = 0; i < ARRAY_LEN(codes); i++)
		if (reasons & codes[i].bit) {
			buf_printf(b, "%s%s", first ? "" : ",", codes[i].code);
			first = 0;
		}
}

int run_ews(an_ctx *c)
{
	const engine *g = c->eng;
	ews_params p;
	ews_params_default(&p);
	p.att_warn = config_num(c->cfg, "ews.attendance_warning");
	p.att_risk = config_num(c->cfg, "ews.attendance_risk");
	p.chronic = config_num(c->cfg, "ews.chronic_absence");
	p.beh_warn = (int)config_num(c->cfg, "ews.behaviour_warning");
	p.beh_risk = (int)config_num(c->cfg, "ews.behaviour_risk");
	p.low_multi = (int)config_num(c->cfg, "ews.low_subjects_risk");
	p.slow_windows = (int)config_num(c->cfg, "ews.slow_windows");
	p.slow_drop = config_num(c->cfg, "ews.slow_drop");
	if (p.slow_windows < 1 || p.slow_windows > 32)
		return err_set(c->e, ATT_EINPUT,
		               "ews.slow_windows must be between 1 and 32");
	int32_t y = an2_year(g, c->year);
	if (y < 0) {
		snprintf(c->note, sizeof(c->note), "no academic year");
		return ATT_OK;
	}
	int32_t ns = g->student.n;
	int W = p.slow_windows + 1; /* standings kept per student */

	/* Core subjects: dense index. */
	int32_t *core_of =
	    xmalloc(sizeof(int32_t) * (size_t)(g->subject.n + 1));
	int ncore = 0;
	const char **core_name =
	    xmalloc(sizeof(char *) * (size_t)(g->subject.n + 1));
	for (int32_t k = 0; k < g->subject.n; k++) {
		core_of[k] = g->subject_core[k] ? ncore : -1;
		if (g->subject_core[k])
			core_name[ncore++] = g->subject_name[k];
	}

	/* Windows (occasions) up to the analysed year; keep the last W. */
	occ *oc = xmalloc(sizeof(occ) * (size_t)(g->ass.n + 1));
	int nocc = 0;
	int32_t *ass_occ = xmalloc(sizeof(int32_t) * (size_t)(g->ass.n + 1));
	for (int32_t a = 0; a < g->ass.n; a++) {
		ass_occ[a] = -1;
		int32_t ya = g->ass_year[a], sub = g->ass_subject[a];
		if (ya < 0 || sub < 0 || core_of[sub] < 0 ||
		    g->ass_class[a] >= 0 ||
		    g->ass_kind[a] == ENG_KIND_DIAGNOSTIC)
			continue;
		if (g->year_start[ya] > g->year_start[y])
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
	double *amean = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	double *asd = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	an_ass_moments(g, amean, asd);
	for (int32_t a = 0; a < g->ass.n; a++) {
		int32_t ya = g->ass_year[a], sub = g->ass_subject[a];
		if (ya < 0 || sub < 0 || core_of[sub] < 0 ||
		    g->ass_class[a] >= 0 ||
		    g->ass_kind[a] == ENG_KIND_DIAGNOSTIC)
			continue;
		for (int k = first; k < nocc; k++)
			if (oc[k].year == ya && oc[k].term == g->ass_term[a] &&
			    (oc[k].term >= 0 || oc[k].date == g->ass_date[a]))
				ass_occ[a] = k - first;
	}
	int nw = nocc - first;
	float *zsum =
	    xcalloc((size_t)ns * (size_t)(nw > 0 ? nw : 1), sizeof(float));
	uint8_t *zcnt = xcalloc((size_t)ns * (size_t)(nw > 0 ? nw : 1), 1);
	/* Latest result per core subject in the year. */
	size_t ncs = (size_t)ns * (size_t)(ncore > 0 ? ncore : 1);
	float *cscore = xmalloc(sizeof(float) * ncs);
	float *ccut = xmalloc(sizeof(float) * ncs);
	int32_t *cdate = xmalloc(sizeof(int32_t) * ncs);
	for (size_t i = 0; i < ncs; i++) {
		cscore[i] = NAN;
		ccut[i] = NAN;
		cdate[i] = INT32_MIN;
	}
	for (int32_t a = 0; a < g->ass.n; a++) {
		int32_t sub = g->ass_subject[a];
		if (sub < 0 || core_of[sub] < 0 || g->ass_class[a] >= 0)
			continue;
		int k = ass_occ[a];
		if (k >= 0 && asd[a] > 0)
			for (int64_t r = g->res_off[a]; r < g->res_off[a + 1];
			     r++) {
				double x = g->res_score[r];
				if (isnan(x))
					continue;
				size_t at = (size_t)g->res_student[r] * nw + k;
				zsum[at] += (float)((x - amean[a]) / asd[a]);
				zcnt[at]++;
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
			size_t at =
			    (size_t)g->res_student[r] * ncore + core_of[sub];
			if (d >= cdate[at]) {
				cdate[at] = d;
				cscore[at] = (float)x;
				ccut[at] = (float)cut;
			}
		}
	}
	free(cdate);

	/* Attendance record of the year per student. */
	int32_t *att_of = xmalloc(sizeof(int32_t) * (size_t)(ns + 1));
	for (int32_t s = 0; s < ns; s++)
		att_of[s] = -1;
	for (int32_t i = 0; i < g->natt; i++)
		if (g->att_year[i] == y)
			att_of[g->att_student[i]] = i;

	/* Counts per org. */
	int32_t norg = g->org.n;
	int64_t *cnt = xcalloc((size_t)(norg + 1) * 5, sizeof(int64_t));

	int rc = store_derived_begin(c->st, c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "ews_flag", c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "ews_summary", c->e);
	dins *w = NULL;
	if (!rc) {
		w = store_dins_begin(
		    c->st, "ews_flag",
		    "run_id,student_id,year_id,org_id,grade,overall,"
		    "attendance,behaviour,course,progress,att_rate,"
		    "absent_share,conduct,serious,low_subjects,growth_fall,"
		    "codes,reasons",
		    c->e);
		if (!w)
			rc = ATT_EIO;
	}
	double *score = xmalloc(sizeof(double) * (size_t)(ncore + 1));
	double *cut = xmalloc(sizeof(double) * (size_t)(ncore + 1));
	double *growth = xmalloc(sizeof(double) * (size_t)(nw + 1));
	buf words, codes;
	buf_init(&words);
	buf_init(&codes);
	int64_t nflag = 0, nrisk = 0, nassessed = 0;
	if (c->prog)
		c->prog->total = (uint64_t)ns;
	for (int32_t s = 0; s < ns && !rc; s++) {
		int32_t pl = engine_placement(g, s, y);
		if (pl < 0)
			continue;
		ews_input in = {0};
		int32_t ai = att_of[s];
		if (ai >= 0) {
			in.days_possible = g->att_possible[ai];
			in.days_absent = g->att_absent[ai];
		}
		for (int32_t k = g->beh_off[s]; k < g->beh_off[s + 1]; k++) {
			int32_t d = g->beh_date[k];
			if (g->beh_positive[k] || d < g->year_start[y] ||
			    d > g->year_end[y])
				continue;
			in.conduct++;
			in.serious += g->beh_serious[k] != 0;
		}
		for (int j = 0; j < ncore; j++) {
			score[j] = cscore[(size_t)s * ncore + j];
			cut[j] = ccut[(size_t)s * ncore + j];
		}
		in.nsubj = ncore;
		in.score = score;
		in.basic_cut = cut;
		double prev = NAN;
		int ng = 0;
		for (int k = 0; k < nw; k++) {
			size_t at = (size_t)s * nw + k;
			double st = zcnt[at] ? zsum[at] / zcnt[at] : NAN;
			if (k > 0)
				growth[ng++] = st - prev;
			prev = st;
		}
		in.ngrowth = ng;
		in.growth = growth;
		ews_result r;
		ews_assess(&in, &p, &r);
		nassessed++;
		int32_t sch = g->pl_school[pl];
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
			q[1] += r.overall == EWS_WARN;
			q[2] += r.overall == EWS_RISK;
			q[3] += (r.reasons & EWS_R_CHRONIC) != 0;
			q[4] += (r.reasons & EWS_R_SLOWING) != 0;
		}
		if (r.overall == EWS_NONE)
			continue;
		nflag++;
		nrisk += r.overall == EWS_RISK;
		buf_clear(&words);
		buf_clear(&codes);
		ews_describe(&in, &r, &p, core_name, &words);
		if (words.len && words.data[words.len - 1] == '\n')
			words.data[--words.len] = '\0';
		code_list(r.reasons, &codes);
		rc = store_dins_row(
		    w, c->e, "iiIIIiiiiiddiiidtt", c->run_id, g->student.id[s],
		    g->year.id[y], an2_id(&g->org, g->pl_org[pl]),
		    (int64_t)g->pl_grade[pl], (int64_t)r.overall,
		    (int64_t)r.attendance, (int64_t)r.behaviour,
		    (int64_t)r.course, (int64_t)r.progress, r.att_rate,
		    r.absent_share, (int64_t)in.conduct, (int64_t)in.serious,
		    (int64_t)r.nlow, r.growth_fall, codes.data, words.data);
		if (c->prog && (s & 8191) == 0)
			progress_update(c->prog, (uint64_t)s);
	}
	if (w) {
		c->rows += store_dins_count(w);
		store_dins_end(w);
	}
	if (!rc) {
		w = store_dins_begin(c->st, "ews_summary",
		                     "run_id,year_id,level,org_id,n,n_warn,"
		                     "n_risk,n_chronic,n_slowing",
		                     c->e);
		if (!w)
			rc = ATT_EIO;
		for (int32_t o = 0; o <= norg && !rc; o++) {
			int64_t *q = &cnt[(size_t)o * 5];
			if (q[0] == 0)
				continue;
			const char *lv =
			    o == norg ? "all"
			              : an2_level_name(g, g->org_level[o]);
			rc = store_dins_row(w, c->e, "iItIiiiii", c->run_id,
			                    g->year.id[y], lv,
			                    o == norg ? -1 : g->org.id[o], q[0],
			                    q[1], q[2], q[3], q[4]);
		}
		if (w) {
			c->rows += store_dins_count(w);
			store_dins_end(w);
		}
	}
	if (!rc)
		rc = store_derived_commit(c->st, c->e);
	else
		store_rollback(c->st);
	snprintf(c->note, sizeof(c->note),
	         "%lld students assessed, %lld flagged, %lld at risk",
	         (long long)nassessed, (long long)nflag, (long long)nrisk);
	buf_free(&words);
	buf_free(&codes);
	free(score);
	free(cut);
	free(growth);
	free(cnt);
	free(att_of);
	free(cscore);
	free(ccut);
	free(zsum);
	free(zcnt);
	free(amean);
	free(asd);
	free(oc);
	free(ass_occ);
	free(core_of);
	free(core_name);
	return rc;
}
