/*
 * run_goals.c - the "goals" analysis: for every goal, the observations of
 * its metric after the baseline date for its student, class or org, and
 * an_goals' progress, projection and status; written to goal_progress.
 *
 * Observations, as of the latest assessment date in the store:
 *   score            the student's percent of max on each assessment of
 *                    the goal's subject (any subject when none);
 *   mean_score       the group's mean percent of max per assessment date;
 *   share_proficient the group's percent at or above the proficient cut
 *                    per assessment date;
 *   attendance_rate  the percent of marked days present (late counts as
 *                    present) in each 30-day period from the baseline.
 * The group of a class is its enrolment; of an org, the students placed
 * in its schools in the year holding the baseline date (else the latest).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_goals.h"
#include "an_lookup.h"
#include "analysis.h"
#include "attendance.h"
#include "run_an2.h"

typedef struct obs {
	int32_t day;
	double sum, n;
} obs;

typedef struct gctx {
	const engine *g;
	obs *o;
	int no, cap;
	int32_t *members;
	size_t nm, mcap;
	unsigned char *mask; /* nstudent, cleared after each goal */
} gctx;

static void obs_add(gctx *x, int32_t day, double sum, double n)
{
	for (int k = 0; k < x->no; k++)
		if (x->o[k].day == day) {
			x->o[k].sum += sum;
			x->o[k].n += n;
			return;
		}
	if (x->no == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 64;
		x->o = xrealloc(x->o, sizeof(obs) * (size_t)x->cap);
	}
	x->o[x->no].day = day;
	x->o[x->no].sum = sum;
	x->o[x->no].n = n;
	x->no++;
}

static void member_add(gctx *x, int32_t s)
{
	if (s < 0 || x->mask[s])
		return;
	x->mask[s] = 1;
	xgrow((void **)&x->members, &x->mcap, x->nm + 1, sizeof(int32_t));
	x->members[x->nm++] = s;
}

static int32_t year_of_day(const engine *g, int32_t day)
{
	for (int32_t y = 0; y < g->year.n; y++)
		if (day >= g->year_start[y] && day <= g->year_end[y])
			return y;
	return an2_year(g, -1);
}

/* Students placed at each org in year y, CSR by org index. */
static void by_org_build(const engine *g, int32_t y, int32_t **off,
                         int32_t **st)
{
	int32_t no = g->org.n, ns = g->student.n;
	*off = xcalloc((size_t)(no + 1), sizeof(int32_t));
	for (int32_t s = 0; s < ns; s++) {
		int32_t pl = engine_placement(g, s, y);
		if (pl >= 0 && g->pl_org[pl] >= 0)
			(*off)[g->pl_org[pl] + 1]++;
	}
	for (int32_t o = 0; o < no; o++)
		(*off)[o + 1] += (*off)[o];
	*st = xmalloc(sizeof(int32_t) * (size_t)((*off)[no] + 1));
	int32_t *fill = xmalloc(sizeof(int32_t) * (size_t)(no + 1));
	memcpy(fill, *off, sizeof(int32_t) * (size_t)(no + 1));
	for (int32_t s = 0; s < ns; s++) {
		int32_t pl = engine_placement(g, s, y);
		if (pl >= 0 && g->pl_org[pl] >= 0)
			(*st)[fill[g->pl_org[pl]]++] = s;
	}
	free(fill);
}

/* The members of goal k into x->members (and x->mask): its student, its
 * class's enrolment, or the students placed in its org and below in the
 * year holding the baseline date (the lists of a year built once, in
 * yoff/yst). */
static void goal_members(gctx *x, int32_t k, int32_t **yoff, int32_t **yst)
{
	const engine *g = x->g;
	x->nm = 0;
	if (g->goal_student[k] >= 0) {
		member_add(x, g->goal_student[k]);
	} else if (g->goal_class[k] >= 0) {
		int32_t cl = g->goal_class[k];
		for (int32_t q = g->en_off[cl]; q < g->en_off[cl + 1]; q++)
			member_add(x, g->en_student[q]);
	} else if (g->goal_org[k] >= 0) {
		int32_t top = g->goal_org[k];
		int32_t y = year_of_day(g, g->goal_baseline_date[k]);
		if (y < 0)
			y = 0;
		if (!yoff[y])
			by_org_build(g, y, &yoff[y], &yst[y]);
		for (int32_t o = 0; o < g->org.n; o++) {
			if (!an2_org_under(g, o, top))
				continue;
			for (int32_t q = yoff[y][o]; q < yoff[y][o + 1]; q++)
				member_add(x, yst[y][q]);
		}
	}
}

/* attendance_rate: each member's marked days after the baseline date bd
 * (and up to as_of), as 100 present (late counts) or 0 absent, into the
 * 30-day period they fall in (dated at its end). */
static void attendance_obs(gctx *x, int32_t bd, int32_t as_of)
{
	const engine *g = x->g;
	for (size_t m = 0; m < x->nm; m++) {
		int32_t s = x->members[m];
		for (int32_t i = an_att_first(g, s);
		     i < g->natt && g->att_student[i] == s; i++) {
			int32_t y = g->att_year[i];
			const uint8_t *mk = g->att_marks + g->att_marks_off[i];
			size_t len = (size_t)(g->att_marks_off[i + 1] -
			                      g->att_marks_off[i]);
			int nd = (int)(len * 2);
			for (int d = 0; d < nd; d++) {
				int32_t abs = g->year_start[y] + d;
				if (abs <= bd || (as_of >= 0 && abs > as_of))
					continue;
				int code = attendance_get(mk, len, d);
				if (code == ATT_NONE || code == ATT_CLOSED)
					continue;
				int32_t b = (abs - bd - 1) / 30;
				int present =
				    code == ATT_PRESENT || code == ATT_LATE;
				obs_add(x, bd + 30 * (b + 1), 100.0 * present,
				        1);
			}
		}
	}
}

/* One result's value for a score metric: 100 when at or above the cut
 * (share_proficient), else the percent of the maximum. */
static double score_value(int metric, double v, double cut, double max)
{
	return metric == ENG_METRIC_SHARE_PROFICIENT ? 100.0 * (v >= cut)
	                                             : 100.0 * v / max;
}

/* Is assessment a an observation of goal k (baseline date bd, as of
 * as_of, the goal's subject sub when >= 0)? Diagnostics and other
 * classes' own assessments are not. */
static int goal_assessment(const engine *g, int32_t k, int32_t a, int32_t bd,
                           int32_t sub, int32_t as_of)
{
	return !((sub >= 0 && g->ass_subject[a] != sub) ||
	         g->ass_date[a] <= bd ||
	         (as_of >= 0 && g->ass_date[a] > as_of) ||
	         g->ass_kind[a] == ENG_KIND_DIAGNOSTIC ||
	         (g->ass_class[a] >= 0 && g->ass_class[a] != g->goal_class[k]));
}

/* score, mean_score and share_proficient: the members' values on each
 * assessment of goal k, summed per assessment date. A small group is
 * looked up student by student, a large one read off the assessment's
 * results through the member mask. */
static void score_obs(gctx *x, int32_t k, int32_t as_of)
{
	const engine *g = x->g;
	int metric = g->goal_metric[k];
	int32_t bd = g->goal_baseline_date[k], sub = g->goal_subject[k];
	for (int32_t a = 0; a < g->ass.n; a++) {
		if (!goal_assessment(g, k, a, bd, sub, as_of))
			continue;
		double cut = g->ass_prof_cut[a];
		if (metric == ENG_METRIC_SHARE_PROFICIENT && isnan(cut))
			continue;
		double sum = 0, n = 0;
		int64_t rows = g->res_off[a + 1] - g->res_off[a];
		if ((int64_t)x->nm * 20 < rows) {
			for (size_t m = 0; m < x->nm; m++) {
				double v = engine_score(g, a, x->members[m]);
				if (isnan(v))
					continue;
				sum +=
				    score_value(metric, v, cut, g->ass_max[a]);
				n++;
			}
		} else {
			for (int64_t r = g->res_off[a]; r < g->res_off[a + 1];
			     r++) {
				double v = g->res_score[r];
				if (!x->mask[g->res_student[r]] || isnan(v))
					continue;
				sum +=
				    score_value(metric, v, cut, g->ass_max[a]);
				n++;
			}
		}
		if (n > 0)
			obs_add(x, g->ass_date[a], sum, n);
	}
}

static const char *status_name(int status)
{
	return status == GOAL_ON_TRACK    ? "on track"
	       : status == GOAL_OFF_TRACK ? "off track"
	                                  : "unknown";
}

/* The latest date of an assessment with results, -1 when none. */
static int32_t latest_result_date(const engine *g)
{
	int32_t as_of = -1;
	for (int32_t a = 0; a < g->ass.n; a++)
		if (g->res_off[a + 1] > g->res_off[a] && g->ass_date[a] > as_of)
			as_of = g->ass_date[a];
	return as_of;
}

/* Goal k's observations (members, then values by date) tracked by
 * goal_track into *r; day and val are the caller's scratch, grown here. */
static void track_goal(gctx *x, int32_t k, int32_t as_of, int32_t **yoff,
                       int32_t **yst, double **day, double **val,
                       goal_result *r)
{
	const engine *g = x->g;
	int32_t bd = g->goal_baseline_date[k];
	x->no = 0;
	goal_members(x, k, yoff, yst);
	if (g->goal_metric[k] == ENG_METRIC_ATTENDANCE_RATE)
		attendance_obs(x, bd, as_of);
	else
		score_obs(x, k, as_of);
	for (size_t m = 0; m < x->nm; m++)
		x->mask[x->members[m]] = 0;
	*day = xrealloc(*day, sizeof(double) * (size_t)(x->no + 1));
	*val = xrealloc(*val, sizeof(double) * (size_t)(x->no + 1));
	for (int q = 0; q < x->no; q++) {
		(*day)[q] = x->o[q].day;
		(*val)[q] = x->o[q].sum / x->o[q].n;
	}
	goal_track(g->goal_baseline[k], bd, g->goal_target[k], g->goal_due[k],
	           *day, *val, x->no, as_of >= 0 ? as_of : bd, r);
}

int run_goals(an_ctx *c)
{
	const engine *g = c->eng;
	/* students per org, built once per year that a goal needs */
	int32_t ny = g->year.n > 0 ? g->year.n : 1;
	int32_t **yoff = xcalloc((size_t)ny, sizeof(int32_t *));
	int32_t **yst = xcalloc((size_t)ny, sizeof(int32_t *));
	int32_t as_of = latest_result_date(g);
	gctx x = {0};
	x.g = g;
	x.mask = xcalloc((size_t)g->student.n + 1, 1);
	char asof_s[11] = "";
	if (as_of >= 0)
		date_format(as_of, asof_s);
	int counts[3] = {0, 0, 0};
	double *day = NULL, *val = NULL;
	an_out out;
	int rc = an_out_begin(c, &out, "goal_progress");
	for (int32_t k = 0; k < g->goal.n && !rc; k++) {
		goal_result r;
		track_goal(&x, k, as_of, yoff, yst, &day, &val, &r);
		counts[r.status + 1]++;
		rc = STORE_DW_ROW(
		    out.w[0], c->e, dv_int(c->run_id), dv_int(g->goal.id[k]),
		    dv_text(as_of >= 0 ? asof_s : NULL),
		    dv_int((int64_t)r.npoints), dv_num(r.current),
		    dv_num(r.progress), dv_num(r.slope), dv_num(r.projected),
		    dv_text(status_name(r.status)), dv_int((int64_t)r.met));
	}
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note),
	         "%d goals on track, %d off track, %d unknown", counts[2],
	         counts[1], counts[0]);
	free(day);
	free(val);
	free(x.o);
	free(x.members);
	free(x.mask);
	for (int32_t k = 0; k < ny; k++) {
		free(yoff[k]);
		free(yst[k]);
	}
	free(yoff);
	free(yst);
	return rc;
}
