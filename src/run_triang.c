/*
 * run_triang.c - the "triang" analysis: indicators side by side for the
 * analysed year, as Pearson correlations with n and 95% intervals
 * (an_triang), labelled associations, at student and school level, and
 * school facilities against the school attendance rate.
 *
 * Indicators per student: attendance rate (present / marked days),
 * conduct incidents (negative behaviour events in the year), attitude to
 * learning (mean grade over the year's terms, 1 excellent .. 4 poor),
 * survey (mean Likert answer, 1..5, of the student's own non-anonymous
 * responses), attainment (mean standing, z within each summative
 * assessment of the year). Per school: the means of the same over its
 * students, except survey: the mean of every response given at the school
 * (students, parents and staff, anonymous or not). Facilities per school
 * (UDISE+ profile of the year, else the school's latest): drinking water
 * (0/1), usable toilets per 100 students, electricity (0/1), pupil-teacher
 * ratio.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_triang.h"
#include "an_lookup.h"
#include "analysis.h"
#include "run_an2.h"
#include "store_an2.h"
#include "store_derived.h"

enum { V_ATT, V_CONDUCT, V_ATTITUDE, V_SURVEY, V_ATTAIN, NV };
static const char *const vname[NV] = {"attendance", "conduct_incidents",
                                      "attitude", "survey", "attainment"};
enum { F_WATER, F_TOILETS, F_ELECTRICITY, F_PTR, NF };
static const char *const fname[NF] = {"drinking_water", "toilets_per_100",
                                      "electricity", "pupil_teacher_ratio"};

typedef struct surv_ctx {
	const engine *g;
	double *st_sum, *st_n; /* per student */
	double *sc_sum, *sc_n; /* per school */
} surv_ctx;

static int surv_row(void *ctx, const se_row *r)
{
	surv_ctx *x = ctx;
	const engine *g = x->g;
	double v = r->d[4];
	if (isnan(v))
		return 0;
	if (!r->isnull[2]) {
		int32_t s = eng_index(&g->student, r->i[2]);
		if (s >= 0) {
			x->st_sum[s] += v;
			x->st_n[s] += 1;
		}
	}
	if (!r->isnull[1]) {
		int32_t o = eng_index(&g->org, r->i[1]);
		int32_t sc = o >= 0 ? g->org_school[o] : -1;
		if (sc >= 0) {
			x->sc_sum[sc] += v;
			x->sc_n[sc] += 1;
		}
	}
	return 0;
}

/* Each student's mean attitude grade over the terms of year y (NAN when
 * none). */
static void attitude_means(const engine *g, int32_t y, double *out)
{
	int32_t ns = g->student.n;
	double *sum = xcalloc((size_t)ns + 1, sizeof(double));
	int32_t *n = xcalloc((size_t)ns + 1, sizeof(int32_t));
	for (int32_t i = 0; i < g->natt_grade; i++) {
		int32_t t = g->atg_term[i];
		if (t < 0 || g->term_year[t] != y)
			continue;
		sum[g->atg_student[i]] += g->atg_grade[i];
		n[g->atg_student[i]]++;
	}
	for (int32_t s = 0; s < ns; s++)
		if (n[s])
			out[s] = sum[s] / n[s];
	free(sum);
	free(n);
}

/* Each student's attainment in year y: the mean z-score over the year's
 * school-wide summative assessments (NAN when none). */
static void attainment_means(const engine *g, int32_t y, double *out)
{
	int32_t ns = g->student.n;
	double *amean = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	double *asd = xmalloc(sizeof(double) * (size_t)(g->ass.n + 1));
	an_ass_moments(g, amean, asd);
	double *sum = xcalloc((size_t)ns + 1, sizeof(double));
	int32_t *n = xcalloc((size_t)ns + 1, sizeof(int32_t));
	for (int32_t a = 0; a < g->ass.n; a++) {
		if (g->ass_year[a] != y ||
		    g->ass_kind[a] != ENG_KIND_SUMMATIVE ||
		    g->ass_class[a] >= 0 || !(asd[a] > 0))
			continue;
		for (int64_t r = g->res_off[a]; r < g->res_off[a + 1]; r++) {
			double x = g->res_score[r];
			if (isnan(x))
				continue;
			sum[g->res_student[r]] += (x - amean[a]) / asd[a];
			n[g->res_student[r]]++;
		}
	}
	for (int32_t s = 0; s < ns; s++)
		if (n[s])
			out[s] = sum[s] / n[s];
	free(sum);
	free(n);
	free(amean);
	free(asd);
}

int run_triang(an_ctx *c)
{
	const engine *g = c->eng;
	int32_t y = an2_year(g, c->year);
	if (y < 0) {
		snprintf(c->note, sizeof(c->note), "no academic year");
		return ATT_OK;
	}
	int32_t ns = g->student.n, nsch = g->nschool;
	double *v[NV];
	for (int k = 0; k < NV; k++) {
		v[k] = xmalloc(sizeof(double) * (size_t)(ns + 1));
		for (int32_t s = 0; s < ns; s++)
			v[k][s] = NAN;
	}
	int32_t *school = xmalloc(sizeof(int32_t) * (size_t)(ns + 1));
	for (int32_t s = 0; s < ns; s++) {
		int32_t pl = engine_placement(g, s, y);
		school[s] = pl >= 0 ? g->pl_school[pl] : -1;
	}
	/* attendance */
	for (int32_t i = 0; i < g->natt; i++)
		if (g->att_year[i] == y && g->att_possible[i] > 0)
			v[V_ATT][g->att_student[i]] =
			    (double)g->att_present[i] / g->att_possible[i];
	/* conduct: only for students placed in the year */
	for (int32_t s = 0; s < ns; s++) {
		if (school[s] < 0 && engine_placement(g, s, y) < 0)
			continue;
		int n = 0;
		for (int32_t k = g->beh_off[s]; k < g->beh_off[s + 1]; k++)
			n += !g->beh_positive[k] &&
			     g->beh_date[k] >= g->year_start[y] &&
			     g->beh_date[k] <= g->year_end[y];
		v[V_CONDUCT][s] = n;
	}
	attitude_means(g, y, v[V_ATTITUDE]);
	attainment_means(g, y, v[V_ATTAIN]);
	/* survey */
	surv_ctx sx = {g, xcalloc((size_t)ns + 1, sizeof(double)),
	               xcalloc((size_t)ns + 1, sizeof(double)),
	               xcalloc((size_t)nsch + 1, sizeof(double)),
	               xcalloc((size_t)nsch + 1, sizeof(double))};
	int rc = store_an2_scan(c->st, AN2_SURVEY_RESPONSES, NULL, surv_row,
	                        &sx, c->e);
	for (int32_t s = 0; s < ns; s++)
		if (sx.st_n[s] > 0)
			v[V_SURVEY][s] = sx.st_sum[s] / sx.st_n[s];

	/* school means */
	double *sv[NV];
	int32_t *cnt = xmalloc(sizeof(int32_t) * (size_t)(nsch + 1));
	for (int k = 0; k < NV; k++) {
		sv[k] = xmalloc(sizeof(double) * (size_t)(nsch + 1));
		if (k == V_SURVEY) {
			for (int32_t sc = 0; sc < nsch; sc++)
				sv[k][sc] = sx.sc_n[sc] > 0
				                ? sx.sc_sum[sc] / sx.sc_n[sc]
				                : NAN;
			continue;
		}
		triang_group_means(school, v[k], (size_t)ns, nsch, sv[k], cnt);
	}
	/* facilities: the year's profile, else the school's latest */
	double *fac[NF];
	for (int k = 0; k < NF; k++) {
		fac[k] = xmalloc(sizeof(double) * (size_t)(nsch + 1));
		for (int32_t sc = 0; sc < nsch; sc++)
			fac[k][sc] = NAN;
	}
	int32_t *fac_year = xmalloc(sizeof(int32_t) * (size_t)(nsch + 1));
	for (int32_t sc = 0; sc < nsch; sc++)
		fac_year[sc] = -1;
	for (int32_t i = 0; i < g->nprof; i++) {
		int32_t sc = g->prof_school[i], py = g->prof_year[i];
		if (sc < 0 || py < 0)
			continue;
		int32_t cur = fac_year[sc];
		int better = cur < 0 ||
		             (cur != y && (py == y || g->year_start[py] >
		                                          g->year_start[cur]));
		if (!better)
			continue;
		fac_year[sc] = py;
		fac[F_WATER][sc] =
		    g->prof_water[i] >= 0 ? g->prof_water[i] : NAN;
		fac[F_ELECTRICITY][sc] =
		    g->prof_electricity[i] >= 0 ? g->prof_electricity[i] : NAN;
		fac[F_PTR][sc] = g->prof_ptr[i];
		int32_t tg = g->prof_toilets_girls[i],
		        tb = g->prof_toilets_boys[i];
		int32_t en = g->prof_enrolment[i];
		fac[F_TOILETS][sc] =
		    tg >= 0 && tb >= 0 && en > 0 ? 100.0 * (tg + tb) / en : NAN;
	}

	if (!rc)
		rc = store_derived_begin(c->st, c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "triang", c->e);
	dwriter *w = NULL;
	if (!rc) {
		w = store_dw_open(c->st, "triang", c->e);
		if (!w)
			rc = ATT_EIO;
	}
	int nrow = 0;
	for (int lv = 0; lv < 2 && !rc; lv++) {
		double **vv = lv == 0 ? v : sv;
		size_t n = lv == 0 ? (size_t)ns : (size_t)nsch;
		for (int i = 0; i < NV && !rc; i++)
			for (int j = i + 1; j < NV && !rc; j++) {
				triang_cor t;
				triang_pearson(vv[i], vv[j], n, &t);
				rc = STORE_DW_ROW(
				    w, c->e, dv_int(c->run_id),
				    dv_id(g->year.id[y]),
				    dv_text(lv == 0 ? "student" : "school"),
				    dv_text(vname[i]), dv_text(vname[j]),
				    dv_int((int64_t)t.n), dv_num(t.r),
				    dv_num(t.lo), dv_num(t.hi),
				    dv_text("association"));
				nrow++;
			}
	}
	for (int k = 0; k < NF && !rc; k++) {
		triang_cor t;
		triang_pearson(fac[k], sv[V_ATT], (size_t)nsch, &t);
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id), dv_id(g->year.id[y]),
		    dv_text("school"), dv_text(fname[k]), dv_text(vname[V_ATT]),
		    dv_int((int64_t)t.n), dv_num(t.r), dv_num(t.lo),
		    dv_num(t.hi), dv_text("association"));
		nrow++;
	}
	if (w) {
		c->rows += store_dw_count(w);
		store_dw_close(w);
	}
	if (!rc)
		rc = store_derived_commit(c->st, c->e);
	else
		store_rollback(c->st);
	snprintf(c->note, sizeof(c->note), "%d correlations (associations)",
	         nrow);
	for (int k = 0; k < NV; k++) {
		free(v[k]);
		free(sv[k]);
	}
	for (int k = 0; k < NF; k++)
		free(fac[k]);
	free(fac_year);
	free(cnt);
	free(school);
	free(sx.st_sum);
	free(sx.st_n);
	free(sx.sc_sum);
	free(sx.sc_n);
	return rc;
}
