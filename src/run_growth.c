/*
 * run_growth.c - the "growth" analysis: Student Growth Percentiles
 * (an_sgp.h) for every end-of-year summative cohort, written to the
 * derived tables growth and growth_median (src/migrations/008_growth.sql).
 *
 * Cohorts, per subject, year and grade (docs/ANALYTICS.md):
 *  - the end-of-year summative of (subject, year, grade) is the summative
 *    assessment of that subject, year and grade with the latest date that
 *    is not a class's own assessment; its takers form the cohort;
 *  - annual: prior 1 is the student's score on the end-of-year summative
 *    of the same subject in the previous year one grade lower, prior 2 the
 *    year before that two grades lower (when that assessment exists);
 *  - within_year (option growth.within_year): prior 1 is the student's
 *    score on the year's baseline of the same subject and grade (the
 *    earliest baseline assessment).
 * Students without a first prior have no growth row. Median SGPs are
 * written per period, subject and year for everyone, every org at every
 * level (the student's school that year) and every class (the student's
 * class for the subject that year, else the homeroom).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "an_sgp.h"
#include "analysis.h"

#define NGRADE 32 /* grades -1 (unknown) .. 30 */

enum { PERIOD_ANNUAL = 0, PERIOD_WITHIN = 1 };
static const char *const period_name[] = {"annual", "within_year"};

typedef struct grow_row {
	int32_t student, ass;
	int16_t grade;
	int8_t period;
	double p1, p2, score;
	int sgp, order; /* sgp SGP_INSUFFICIENT when no model */
	int64_t cohort_n;
} grow_row;

typedef struct grow_vec {
	grow_row *v;
	size_t n, cap;
} grow_vec;

/* Key of (subject, year, grade) in the assessment maps; -1 when the grade
 * is out of range. */
static int64_t key_of(const engine *g, int32_t subject, int32_t year, int grade)
{
	if (subject < 0 || year < 0 || grade < -1 || grade >= NGRADE - 1)
		return -1;
	return ((int64_t)subject * g->year.n + year) * NGRADE + (grade + 1);
}

/* eoy[key]: end-of-year summative; base[key]: the year's first baseline. */
static void build_maps(const engine *g, int32_t *eoy, int32_t *base)
{
	for (int32_t a = 0; a < g->ass.n; a++) {
		if (g->ass_class[a] >= 0)
			continue;
		int64_t k = key_of(g, g->ass_subject[a], g->ass_year[a],
		                   g->ass_grade[a]);
		if (k < 0)
			continue;
		if (g->ass_kind[a] == ENG_KIND_SUMMATIVE) {
			int32_t o = eoy[k];
			if (o < 0 || g->ass_date[a] >= g->ass_date[o])
				eoy[k] = a;
		} else if (g->ass_kind[a] == ENG_KIND_BASELINE) {
			int32_t o = base[k];
			if (o < 0 || g->ass_date[a] < g->ass_date[o])
				base[k] = a;
		}
	}
}

/* prev[y]: the year that starts last before year y starts, -1 none. */
static void build_prev(const engine *g, int32_t *prev)
{
	for (int32_t y = 0; y < g->year.n; y++) {
		prev[y] = -1;
		for (int32_t z = 0; z < g->year.n; z++)
			if (g->year_start[z] < g->year_start[y] &&
			    (prev[y] < 0 ||
			     g->year_start[z] > g->year_start[prev[y]]))
				prev[y] = z;
	}
}

static void push(grow_vec *gv, const grow_row *r)
{
	if (gv->n == gv->cap)
		xgrow((void **)&gv->v, &gv->cap, gv->n + 1, sizeof(grow_row));
	gv->v[gv->n++] = *r;
}

/* out[i]: the score on assessment b (NaN when none, or b < 0) of the
 * student of assessment a's i-th result row. Both assessments' rows are
 * sorted by student (engine.h), so one merge walk finds them all. */
static void prior_scores(const engine *g, int32_t a, int32_t b, double *out)
{
	int64_t r0 = g->res_off[a], n = g->res_off[a + 1] - r0;
	int64_t q = b >= 0 ? g->res_off[b] : 0,
	        qe = b >= 0 ? g->res_off[b + 1] : 0;
	for (int64_t i = 0; i < n; i++) {
		int32_t s = g->res_student[r0 + i];
		while (q < qe && g->res_student[q] < s)
			q++;
		out[i] =
		    q < qe && g->res_student[q] == s ? g->res_score[q] : NAN;
	}
}

/* SGPs of the cohort of assessment `a` with priors on a1 (and a2, or the
 * baseline), appended to gv. Returns the number of rows added. */
static size_t cohort(const engine *g, int32_t a, int32_t a1, int32_t a2,
                     int period, const sgp_params *par, grow_vec *gv)
{
	int64_t r0 = g->res_off[a], n = g->res_off[a + 1] - r0;
	if (n <= 0)
		return 0;
	double *cur = xmalloc((size_t)n * sizeof(double));
	double *p1 = xmalloc((size_t)n * sizeof(double));
	double *p2 = xmalloc((size_t)n * sizeof(double));
	int *sgp = xmalloc((size_t)n * sizeof(int));
	int *ord = xmalloc((size_t)n * sizeof(int));
	for (int64_t i = 0; i < n; i++)
		cur[i] = g->res_score[r0 + i];
	prior_scores(g, a, a1, p1);
	prior_scores(g, a, a2, p2);
	const double *pr[2] = {p1, p2};
	sgp_info info;
	att_err e;
	if (sgp_compute(cur, pr, a2 >= 0 ? 2 : 1, (size_t)n, par, sgp, ord,
	                NULL, &info, &e) != ATT_OK) {
		/* A degenerate prior (one value): no model, as too small. */
		for (int64_t i = 0; i < n; i++) {
			sgp[i] = isnan(p1[i]) ? SGP_NONE : SGP_INSUFFICIENT;
			ord[i] = 0;
		}
	}
	size_t added = 0;
	for (int64_t i = 0; i < n; i++) {
		if (sgp[i] == SGP_NONE)
			continue;
		grow_row r = {
		    .student = g->res_student[r0 + i],
		    .ass = a,
		    .grade = g->ass_grade[a],
		    .period = (int8_t)period,
		    .p1 = p1[i],
		    .p2 =
		        ord[i] >= 2 || sgp[i] == SGP_INSUFFICIENT ? p2[i] : NAN,
		    .score = cur[i],
		    .sgp = sgp[i],
		    .order = ord[i],
		    .cohort_n = (int64_t)info.cohort[ord[i] > 0 ? ord[i] : 1]};
		push(gv, &r);
		added++;
	}
	free(cur);
	free(p1);
	free(p2);
	free(sgp);
	free(ord);
	return added;
}

static int write_rows(an_ctx *c, dwriter *w, const grow_vec *gv)
{
	const engine *g = c->eng;
	int rc = ATT_OK;
	for (size_t i = 0; i < gv->n && !rc; i++) {
		const grow_row *r = &gv->v[i];
		int ok = r->sgp >= 1;
		rc = STORE_DW_ROW(
		    w, c->e, dv_int(c->run_id),
		    dv_int(g->student.id[r->student]),
		    dv_int(g->subject.id[g->ass_subject[r->ass]]),
		    dv_int(g->year.id[g->ass_year[r->ass]]),
		    dv_id((int64_t)r->grade), dv_text(period_name[r->period]),
		    dv_int(g->ass.id[r->ass]), dv_num(r->p1), dv_num(r->p2),
		    dv_num(r->score), dv_id((int64_t)(ok ? r->sgp : -1)),
		    dv_id((int64_t)(ok ? r->order : -1)), dv_int(r->cohort_n),
		    dv_text(ok ? "ok" : "insufficient"));
	}
	return rc;
}

/* Medians of one period of one subject-year chunk: everyone, each org at
 * each level, each class. */
static int write_medians(an_ctx *c, dwriter *w, const grow_vec *gv, size_t from,
                         int period, int32_t subject, int32_t year,
                         int32_t *group, int *sgp, int32_t *dense,
                         int32_t *back, int min_group)
{
	const engine *g = c->eng;
	size_t m = 0;
	for (size_t i = from; i < gv->n; i++)
		if (gv->v[i].period == period && gv->v[i].sgp >= 1)
			sgp[m++] = gv->v[i].sgp;
	if (m == 0)
		return ATT_OK;
	int64_t sid = g->subject.id[subject], yid = g->year.id[year];
	const char *pn = period_name[period];
	double med;
	size_t cnt;
	int rc = ATT_OK;
	/* everyone */
	for (size_t i = 0; i < m; i++)
		group[i] = 0;
	sgp_group_median(group, sgp, m, 1, &med, &cnt);
	if (cnt >= (size_t)min_group)
		rc = STORE_DW_ROW(w, c->e, dv_int(c->run_id), dv_text(pn),
		                  dv_int(sid), dv_int(yid), dv_text("all"),
		                  dv_text("all"), dv_id((int64_t)-1),
		                  dv_id((int64_t)-1), dv_int((int64_t)cnt),
		                  dv_num(med));
	/* kind 0: orgs at each level; kind 1: classes */
	for (int lv = 0; lv <= g->nlevels && !rc; lv++) {
		int is_class = lv == g->nlevels;
		int32_t ng = 0;
		size_t k = 0;
		for (size_t i = from; i < gv->n; i++) {
			const grow_row *r = &gv->v[i];
			if (r->period != period || r->sgp < 1)
				continue;
			int32_t o = -1;
			if (is_class) {
				o = engine_student_class(g, r->student, year,
				                         subject);
			} else {
				int32_t pl =
				    engine_placement(g, r->student, year);
				int32_t sc = pl >= 0 ? g->pl_school[pl] : -1;
				o = sc >= 0 ? engine_school_anc(g, sc, lv) : -1;
			}
			if (o >= 0 && dense[o] < 0) {
				dense[o] = ng;
				back[ng++] = o;
			}
			group[k++] = o >= 0 ? dense[o] : -1;
		}
		double *meds = xmalloc((size_t)(ng ? ng : 1) * sizeof(double));
		size_t *cnts = xmalloc((size_t)(ng ? ng : 1) * sizeof(size_t));
		sgp_group_median(group, sgp, m, (size_t)ng, meds, cnts);
		for (int32_t q = 0; q < ng && !rc; q++) {
			int32_t o = back[q];
			dense[o] = -1;
			if (cnts[q] < (size_t)min_group)
				continue;
			rc = STORE_DW_ROW(
			    w, c->e, dv_int(c->run_id), dv_text(pn),
			    dv_int(sid), dv_int(yid),
			    dv_text(is_class ? "class" : "org"),
			    dv_text(is_class ? "class" : g->level_name[lv]),
			    dv_id(is_class ? (int64_t)-1 : g->org.id[o]),
			    dv_id(is_class ? g->cls.id[o] : (int64_t)-1),
			    dv_int((int64_t)cnts[q]), dv_num(meds[q]));
		}
		for (int32_t q = 0; q < ng; q++)
			dense[back[q]] = -1;
		free(meds);
		free(cnts);
	}
	return rc;
}

/* One subject-year chunk of cohorts: its rows and counts. */
typedef struct chunk {
	int32_t s, y;
	grow_vec gv;
	size_t cohorts, insufficient, nsgp;
	uint64_t keys; /* end-of-year assessments visited (progress) */
} chunk;

/*
 * The SGPs are computed one subject-year chunk ahead of the writing: a
 * worker thread fills chunk k + 1 while the caller's thread writes chunk k
 * through the store (the only thread that touches it). Two slots; the
 * worker waits while both are full. The rows and their order are those of
 * a sequential run.
 */
typedef struct pipe {
	const engine *g;
	const int32_t *eoy, *base, *prev;
	const int32_t (*keys)[2]; /* chunk k: subject, year */
	size_t nchunk;
	int within;
	sgp_params par;
	chunk slot[2];
	size_t produced, consumed;
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} pipe;

/* Compute chunk k into its slot. */
static void chunk_fill(pipe *pp, size_t k)
{
	const engine *g = pp->g;
	chunk *ch = &pp->slot[k % 2];
	int32_t s = pp->keys[k][0], y = pp->keys[k][1];
	ch->s = s;
	ch->y = y;
	ch->gv.n = 0;
	ch->cohorts = ch->insufficient = ch->nsgp = 0;
	ch->keys = 0;
	for (int gr = -1; gr < NGRADE - 1; gr++) {
		int32_t a = pp->eoy[key_of(g, s, y, gr)];
		if (a < 0)
			continue;
		int32_t py = pp->prev[y], ppy = py >= 0 ? pp->prev[py] : -1;
		int g1 = gr >= 0 ? gr - 1 : -1;
		int g2 = gr >= 0 ? gr - 2 : -1;
		int64_t k1 = py >= 0 ? key_of(g, s, py, g1) : -1;
		int64_t k2 = ppy >= 0 ? key_of(g, s, ppy, g2) : -1;
		int32_t a1 = k1 >= 0 ? pp->eoy[k1] : -1;
		int32_t a2 = a1 >= 0 && k2 >= 0 ? pp->eoy[k2] : -1;
		size_t before = ch->gv.n;
		if (a1 >= 0) {
			cohort(g, a, a1, a2, PERIOD_ANNUAL, &pp->par, &ch->gv);
			ch->cohorts++;
		}
		int32_t b = pp->base[key_of(g, s, y, gr)];
		if (pp->within && b >= 0) {
			cohort(g, a, b, -1, PERIOD_WITHIN, &pp->par, &ch->gv);
			ch->cohorts++;
		}
		for (size_t i = before; i < ch->gv.n; i++) {
			ch->insufficient += ch->gv.v[i].sgp < 1;
			ch->nsgp += ch->gv.v[i].sgp >= 1;
		}
		ch->keys++;
	}
}

static void *pipe_worker(void *arg)
{
	pipe *pp = arg;
	for (size_t k = 0; k < pp->nchunk; k++) {
		pthread_mutex_lock(&pp->mu);
		while (!pp->stop && pp->produced - pp->consumed >= 2)
			pthread_cond_wait(&pp->cv, &pp->mu);
		int stop = pp->stop;
		pthread_mutex_unlock(&pp->mu);
		if (stop)
			break;
		chunk_fill(pp, k);
		pthread_mutex_lock(&pp->mu);
		pp->produced++;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
	}
	return NULL;
}

int run_growth(an_ctx *c)
{
	const engine *g = c->eng;
	sgp_params par;
	sgp_params_default(&par);
	double mc = config_num(c->cfg, "growth.min_cohort");
	par.min_cohort = mc >= 1 ? (size_t)mc : 1;
	int within = config_bool(c->cfg, "growth.within_year");
	int min_group = (int)config_num(c->cfg, "min_group");
	if (min_group < 1)
		min_group = 1;

	size_t nkey = (size_t)g->subject.n * (size_t)g->year.n * NGRADE;
	int32_t *eoy = xmalloc((nkey ? nkey : 1) * sizeof(int32_t));
	int32_t *base = xmalloc((nkey ? nkey : 1) * sizeof(int32_t));
	for (size_t k = 0; k < nkey; k++)
		eoy[k] = base[k] = -1;
	build_maps(g, eoy, base);
	int32_t *prev =
	    xmalloc((size_t)(g->year.n ? g->year.n : 1) * sizeof(int32_t));
	build_prev(g, prev);
	if (c->prog) {
		uint64_t total = 0;
		for (size_t k = 0; k < nkey; k++)
			total += eoy[k] >= 0;
		c->prog->total = total;
	}

	int32_t nmax = g->org.n > g->cls.n ? g->org.n : g->cls.n;
	int32_t *dense = xmalloc((size_t)(nmax ? nmax : 1) * sizeof(int32_t));
	int32_t *back = xmalloc((size_t)(nmax ? nmax : 1) * sizeof(int32_t));
	for (int32_t i = 0; i < nmax; i++)
		dense[i] = -1;
	int32_t *group = NULL;
	int *sgpv = NULL;
	size_t gcap = 0;

	an_out out;
	int rc = an_out_begin(c, &out, "growth growth_median");
	dwriter *wg = out.w[0], *wm = out.w[1];
	size_t cohorts = 0, insufficient = 0, nsgp = 0;
	uint64_t done = 0;
	/* The chunks, in the order of a sequential run. */
	size_t nsy = (size_t)g->subject.n * (size_t)g->year.n;
	int32_t(*keys)[2] = xmalloc((nsy ? nsy : 1) * sizeof(*keys));
	size_t nchunk = 0;
	for (int32_t s = 0; s < g->subject.n; s++)
		for (int32_t y = 0; y < g->year.n; y++)
			if (c->year < 0 || y == c->year) {
				keys[nchunk][0] = s;
				keys[nchunk][1] = y;
				nchunk++;
			}
	pipe pp = {.g = g,
	           .eoy = eoy,
	           .base = base,
	           .prev = prev,
	           .keys = (const int32_t(*)[2])keys,
	           .nchunk = nchunk,
	           .within = within,
	           .par = par};
	pthread_mutex_init(&pp.mu, NULL);
	pthread_cond_init(&pp.cv, NULL);
	/* OpenBLAS's own threads would spin beside ours: one BLAS thread. */
	int blas = qr_blas_threads(1);
	pthread_t worker;
	int threaded = !rc && nchunk > 1 &&
	               pthread_create(&worker, NULL, pipe_worker, &pp) == 0;
	for (size_t k = 0; k < nchunk && !rc; k++) {
		if (threaded) {
			pthread_mutex_lock(&pp.mu);
			while (pp.produced <= k)
				pthread_cond_wait(&pp.cv, &pp.mu);
			pthread_mutex_unlock(&pp.mu);
		} else {
			chunk_fill(&pp, k);
		}
		chunk *ch = &pp.slot[k % 2];
		cohorts += ch->cohorts;
		insufficient += ch->insufficient;
		nsgp += ch->nsgp;
		done += ch->keys;
		if (c->prog)
			progress_update(c->prog, done);
		if (ch->gv.n > 0) {
			rc = write_rows(c, wg, &ch->gv);
			if (ch->gv.n > gcap) {
				gcap = ch->gv.n;
				free(group);
				free(sgpv);
				group = xmalloc(gcap * sizeof(int32_t));
				sgpv = xmalloc(gcap * sizeof(int));
			}
			for (int p = 0; p < 2 && !rc; p++)
				rc = write_medians(c, wm, &ch->gv, 0, p, ch->s,
				                   ch->y, group, sgpv, dense,
				                   back, min_group);
		}
		pthread_mutex_lock(&pp.mu);
		pp.consumed++;
		pthread_cond_broadcast(&pp.cv);
		pthread_mutex_unlock(&pp.mu);
	}
	if (threaded) {
		pthread_mutex_lock(&pp.mu);
		pp.stop = 1;
		pthread_cond_broadcast(&pp.cv);
		pthread_mutex_unlock(&pp.mu);
		pthread_join(worker, NULL);
	}
	qr_blas_threads(blas);
	pthread_cond_destroy(&pp.cv);
	pthread_mutex_destroy(&pp.mu);
	free(pp.slot[0].gv.v);
	free(pp.slot[1].gv.v);
	free(keys);
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note),
	         "%zu SGPs in %zu cohorts, %zu with insufficient data", nsgp,
	         cohorts, insufficient);
	free(group);
	free(sgpv);
	free(dense);
	free(back);
	free(prev);
	free(eoy);
	free(base);
	return rc;
}
