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

/* out[s] = sum[s] / n[s] for each student with n[s] > 0 (the others keep
 * their NaN); frees sum and n. */
static void means_into(double *sum, int32_t *n, int32_t ns, double *out)
{
	for (int32_t s = 0; s < ns; s++)
		if (n[s])
			out[s] = sum[s] / n[s];
	free(sum);
	free(n);
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
	means_into(sum, n, ns, out);
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
	means_into(sum, n, ns, out);
	free(amean);
	free(asd);
}

/* An array of n NaNs (room for n + 1). */
static double *nan_alloc(int32_t n)
{
	double *v = xmalloc(sizeof(double) * (size_t)(n + 1));
	for (int32_t i = 0; i < n; i++)
		v[i] = NAN;
	return v;
}

/* The indicators of year y: per student (v[NV], NaN where unknown) and
 * per school (sv[NV]), and each student's school (school[s], -1). */
typedef struct indicators {
	int32_t ns, nsch;
	double *v[NV], *sv[NV];
	int32_t *school;
	surv_ctx sx;
} indicators;

/* The student indicators that come from the engine: attendance rate,
 * conduct incidents (students placed in the year only), attitude and
 * attainment. */
static void student_indicators(const engine *g, int32_t y, indicators *I)
{
	int32_t ns = I->ns;
	for (int k = 0; k < NV; k++)
		I->v[k] = nan_alloc(ns);
	I->school = xmalloc(sizeof(int32_t) * (size_t)(ns + 1));
	for (int32_t s = 0; s < ns; s++) {
		int32_t pl = engine_placement(g, s, y);
		I->school[s] = pl >= 0 ? g->pl_school[pl] : -1;
	}
	for (int32_t i = 0; i < g->natt; i++)
		if (g->att_year[i] == y && g->att_possible[i] > 0)
			I->v[V_ATT][g->att_student[i]] =
			    (double)g->att_present[i] / g->att_possible[i];
	for (int32_t s = 0; s < ns; s++) {
		if (I->school[s] < 0 && engine_placement(g, s, y) < 0)
			continue;
		int n = 0;
		for (int32_t k = g->beh_off[s]; k < g->beh_off[s + 1]; k++)
			n += !g->beh_positive[k] &&
			     g->beh_date[k] >= g->year_start[y] &&
			     g->beh_date[k] <= g->year_end[y];
		I->v[V_CONDUCT][s] = n;
	}
	attitude_means(g, y, I->v[V_ATTITUDE]);
	attainment_means(g, y, I->v[V_ATTAIN]);
}

/* The survey indicator of every student and school, from the store. */
static int survey_indicators(an_ctx *c, indicators *I)
{
	int32_t ns = I->ns, nsch = I->nsch;
	surv_ctx *sx = &I->sx;
	*sx = (surv_ctx){c->eng, xcalloc((size_t)ns + 1, sizeof(double)),
	                 xcalloc((size_t)ns + 1, sizeof(double)),
	                 xcalloc((size_t)nsch + 1, sizeof(double)),
	                 xcalloc((size_t)nsch + 1, sizeof(double))};
	int rc = store_an2_scan(c->st, AN2_SURVEY_RESPONSES, NULL, surv_row, sx,
	                        c->e);
	for (int32_t s = 0; s < ns; s++)
		if (sx->st_n[s] > 0)
			I->v[V_SURVEY][s] = sx->st_sum[s] / sx->st_n[s];
	return rc;
}

/* The school means of the student indicators; survey: every response
 * given at the school. */
static void school_indicators(indicators *I)
{
	int32_t nsch = I->nsch;
	int32_t *cnt = xmalloc(sizeof(int32_t) * (size_t)(nsch + 1));
	for (int k = 0; k < NV; k++) {
		I->sv[k] = xmalloc(sizeof(double) * (size_t)(nsch + 1));
		if (k == V_SURVEY) {
			for (int32_t sc = 0; sc < nsch; sc++)
				I->sv[k][sc] =
				    I->sx.sc_n[sc] > 0
				        ? I->sx.sc_sum[sc] / I->sx.sc_n[sc]
				        : NAN;
			continue;
		}
		triang_group_means(I->school, I->v[k], (size_t)I->ns, nsch,
		                   I->sv[k], cnt);
	}
	free(cnt);
}

static void indicators_free(indicators *I)
{
	for (int k = 0; k < NV; k++) {
		free(I->v[k]);
		free(I->sv[k]);
	}
	free(I->school);
	free(I->sx.st_sum);
	free(I->sx.st_n);
	free(I->sx.sc_sum);
	free(I->sx.sc_n);
}

/* Each school's facilities (fac[NF], NaN unknown): the profile of year y,
 * else the school's latest. */
static void facilities(const engine *g, int32_t y, double **fac)
{
	int32_t nsch = g->nschool;
	for (int k = 0; k < NF; k++)
		fac[k] = nan_alloc(nsch);
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
	free(fac_year);
}

/* One triang row: the correlation of x and y over n units. */
static int write_cor(an_ctx *c, dwriter *w, int32_t y, const char *level,
                     const char *xname, const char *yname, const double *x,
                     const double *yv, size_t n)
{
	triang_cor t;
	triang_pearson(x, yv, n, &t);
	return STORE_DW_ROW(w, c->e, dv_int(c->run_id),
	                    dv_id(c->eng->year.id[y]), dv_text(level),
	                    dv_text(xname), dv_text(yname),
	                    dv_int((int64_t)t.n), dv_num(t.r), dv_num(t.lo),
	                    dv_num(t.hi), dv_text("association"));
}

/* Every pair of indicators at student and school level, then each
 * facility against the school attendance rate; *nrow counts the rows. */
static int write_triang(an_ctx *c, dwriter *w, int32_t y, const indicators *I,
                        double *const *fac, int *nrow)
{
	int rc = ATT_OK;
	for (int lv = 0; lv < 2 && !rc; lv++) {
		double *const *vv = lv == 0 ? I->v : I->sv;
		size_t n = lv == 0 ? (size_t)I->ns : (size_t)I->nsch;
		for (int i = 0; i < NV && !rc; i++)
			for (int j = i + 1; j < NV && !rc; j++) {
				rc = write_cor(
				    c, w, y, lv == 0 ? "student" : "school",
				    vname[i], vname[j], vv[i], vv[j], n);
				(*nrow)++;
			}
	}
	for (int k = 0; k < NF && !rc; k++) {
		rc = write_cor(c, w, y, "school", fname[k], vname[V_ATT],
		               fac[k], I->sv[V_ATT], (size_t)I->nsch);
		(*nrow)++;
	}
	return rc;
}

int run_triang(an_ctx *c)
{
	const engine *g = c->eng;
	int32_t y = an2_year(g, c->year);
	if (y < 0) {
		snprintf(c->note, sizeof(c->note), "no academic year");
		return ATT_OK;
	}
	indicators I = {.ns = g->student.n, .nsch = g->nschool};
	student_indicators(g, y, &I);
	int rc = survey_indicators(c, &I);
	school_indicators(&I);
	double *fac[NF];
	facilities(g, y, fac);
	int nrow = 0;
	an_out out = {0};
	if (!rc)
		rc = an_out_begin(c, &out, "triang");
	if (!rc)
		rc = write_triang(c, out.w[0], y, &I, fac, &nrow);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note), "%d correlations (associations)",
	         nrow);
	indicators_free(&I);
	for (int k = 0; k < NF; k++)
		free(fac[k]);
	return rc;
}
