/*
 * analysis.c - the analysis registry (one row per analysis), the
 * dependency-ordered plan of a run, and the runner that computes the
 * analyses on worker threads while one writer stores their rows.
 */
#include "analysis.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store_derived.h"

static const analysis_def analyses[] = {
    {"desc", "", ENG_LOAD_RESULTS, "desc_stat desc_trend desc_cohort", run_desc,
     "descriptives, proficiency bands, trends and cohorts", 38.7},
    {"gaps", "", ENG_LOAD_RESULTS, "gap gap_trend", run_gaps,
     "subgroup gaps as Hedges' g with 95% intervals, and their trends", 23.0},
    {"items", "", ENG_LOAD_ITEMS,
     "item_stat test_stat mastery_student mastery_group mastery_pooled "
     "mastery_year mastery_unit",
     run_items,
     "item difficulty, discrimination, reliability; learning-outcome mastery",
     26.7},
    {"va", "", ENG_LOAD_RESULTS, "va_student va_group", run_va,
     "value-added: regression, prior-band (Progress 8 style) and contextual",
     20.5},
    {"ews", "",
     ENG_LOAD_RESULTS | ENG_LOAD_ATTENDANCE | ENG_LOAD_BEHAVIOUR |
         ENG_LOAD_ITEMS,
     "ews_flag ews_reason ews_summary", run_ews,
     "early warning: attendance, behaviour, course performance, slowing "
     "progress beyond their errors, ranked into tiers per school",
     7.8},
    {"impact", "", ENG_LOAD_RESULTS | ENG_LOAD_OTHER, "impact", run_impact,
     "intervention impact: matched comparison, difference in differences, "
     "Hedges' g, naive comparison",
     0.2},
    {"goals", "", ENG_LOAD_RESULTS | ENG_LOAD_ATTENDANCE | ENG_LOAD_OTHER,
     "goal_progress", run_goals,
     "goal progress, linear projection to the due date, on track or not", 1.9},
    {"triang", "",
     ENG_LOAD_RESULTS | ENG_LOAD_ATTENDANCE | ENG_LOAD_BEHAVIOUR |
         ENG_LOAD_OTHER,
     "triang", run_triang,
     "correlations (associations) between attendance, behaviour, attitude, "
     "survey, attainment and school facilities",
     1.9},
    {"groups", "", ENG_LOAD_ITEMS, "instr_group instr_group_member", run_groups,
     "instructional groups per class by learning-outcome mastery (k-means)",
     8.7},
    {"peer", "va", ENG_LOAD_RESULTS, "peer_pair", run_peer,
     "positive deviance: peer-learning pairs of schools by value-added", 0.2},
    {"themes", "", 0, "theme_count theme_quote", run_themes,
     "codebook themes in observation notes and survey free text, with "
     "quotes that name no one",
     2.0},
    {"growth", "", ENG_LOAD_RESULTS, "growth growth_median", run_growth,
     "Student Growth Percentiles, annual and within the year", 124.6},
    {"units", "", ENG_LOAD_RESULTS | ENG_LOAD_ATTENDANCE,
     "unit_stat unit_result", run_units,
     "students, attendance days and summative results of every unit and "
     "class (the counts and sums behind the catalogue of figures)",
     3.0},
    {"release", "units ews", 0, "release_cell", run_release,
     "suppression over the whole release: the counts an aggregate view "
     "blanks so that no blanked count follows from what is shown",
     0.5},
};

const analysis_def *analysis_list(int *n)
{
	*n = (int)ARRAY_LEN(analyses);
	return analyses;
}

const analysis_def *analysis_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(analyses); i++)
		if (strcmp(analyses[i].name, name) == 0)
			return &analyses[i];
	return NULL;
}

/* Depth-first: add a's needs, then a. `state` 0 new, 1 in progress, 2 done. */
static int visit(const analysis_def *a, const analysis_def **plan, int *n,
                 int *state, att_err *e)
{
	int i = (int)(a - analyses);
	if (state[i] == 2)
		return ATT_OK;
	if (state[i] == 1)
		return err_set(e, ATT_EINPUT, "analysis '%s' depends on itself",
		               a->name);
	state[i] = 1;
	const char *p = a->needs, *w;
	size_t len;
	while ((w = word_next(&p, &len))) {
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)len, w);
		const analysis_def *d = analysis_find(name);
		if (!d)
			return err_set(e, ATT_EINPUT,
			               "analysis '%s' needs unknown '%s'",
			               a->name, name);
		if (visit(d, plan, n, state, e))
			return ATT_EINPUT;
	}
	state[i] = 2;
	plan[(*n)++] = a;
	return ATT_OK;
}

int analysis_plan(const char *only, const analysis_def **plan, att_err *e)
{
	int state[ARRAY_LEN(analyses)] = {0};
	int n = 0;
	if (only) {
		const analysis_def *a = analysis_find(only);
		if (!a) {
			err_set(e, ATT_EUSAGE, "no analysis named '%s'", only);
			return -1;
		}
		return visit(a, plan, &n, state, e) ? -1 : n;
	}
	for (size_t i = 0; i < ARRAY_LEN(analyses); i++)
		if (visit(&analyses[i], plan, &n, state, e))
			return -1;
	return n;
}

int analysis_is_derived(const char *table)
{
	size_t tl = strlen(table);
	for (size_t i = 0; i < ARRAY_LEN(analyses); i++) {
		const char *p = analyses[i].tables, *w;
		size_t len;
		while ((w = word_next(&p, &len)))
			if (len == tl && strncmp(w, table, len) == 0)
				return 1;
	}
	return 0;
}

/* ---- the derived batch of one run function ---- */

int an_out_begin(an_ctx *c, an_out *o, const char *tables)
{
	memset(o, 0, sizeof(*o));
	o->c = c;
	int rc = store_derived_begin(c->st, c->e);
	if (rc)
		return rc;
	o->begun = 1;
	const char *p = tables, *w;
	size_t len;
	char name[64];
	while (!rc && (w = word_next(&p, &len))) {
		if (o->n == AN_OUT_MAX || len >= sizeof(name))
			return err_set(c->e, ATT_EUSAGE,
			               "an_out_begin: bad table list '%s'",
			               tables);
		memcpy(name, w, len);
		name[len] = '\0';
		rc = store_derived_clear(c->st, name, c->e);
		if (!rc) {
			o->w[o->n] = store_dw_open(c->st, name, c->e);
			rc = o->w[o->n] ? ATT_OK : ATT_EIO;
		}
		o->n += !rc;
	}
	return rc;
}

int an_out_end(an_out *o, int rc)
{
	if (!o->c)
		return rc;
	for (int k = 0; k < o->n; k++) {
		o->c->rows += store_dw_count(o->w[k]);
		store_dw_close(o->w[k]);
		o->w[k] = NULL;
	}
	o->n = 0;
	if (o->begun) {
		if (!rc)
			rc = store_derived_commit(o->c->st, o->c->e);
		else
			store_rollback(o->c->st);
		o->begun = 0;
	}
	return rc;
}

/* ---- the runner ----
 *
 * Jobs move WAIT -> RUN (a worker computes it) -> QUEUED (its batch waits
 * for the writer) -> DONE (written); or FAILED. One mutex guards every
 * job's state and the queue; one condition variable is broadcast on every
 * change. The engine is read-only and each worker has its own connection
 * and an_ctx, so the run functions share nothing but the engine and the
 * config (read only). */
enum { J_WAIT, J_RUN, J_QUEUED, J_DONE, J_FAILED };

typedef struct job {
	const analysis_def *def;
	int state;
	dbatch *batch;
	int64_t rows;
	double seconds;
	double started;
	double cost; /* seconds of its latest run here, else def->cost */
	char note[200];
} job;

typedef struct runner {
	const analysis_exec *x;
	job *job;
	int n;
	int *queue; /* indices of QUEUED jobs, FIFO */
	int qhead, qtail;
	int alive;          /* workers not yet finished */
	const char *shadow; /* tables the workers read from the stage */
	int failed;
	att_err err;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} runner;

static int job_of(const runner *R, const char *name, size_t len)
{
	for (int k = 0; k < R->n; k++)
		if (strlen(R->job[k].def->name) == len &&
		    strncmp(R->job[k].def->name, name, len) == 0)
			return k;
	return -1;
}

/* Every analysis job k needs is written (needs outside the plan count as
 * met: analysis_plan puts them in). */
static int needs_met(const runner *R, int k)
{
	const char *p = R->job[k].def->needs, *w;
	size_t len;
	while ((w = word_next(&p, &len))) {
		int d = job_of(R, w, len);
		if (d >= 0 && R->job[d].state != J_DONE)
			return 0;
	}
	return 1;
}

/* The costliest waiting job whose needs are written; -1 when none is
 * ready. *waiting is set when some job still waits. Lock held. */
static int pick(const runner *R, int *waiting)
{
	int best = -1;
	*waiting = 0;
	for (int k = 0; k < R->n; k++) {
		if (R->job[k].state != J_WAIT)
			continue;
		*waiting = 1;
		if (needs_met(R, k) &&
		    (best < 0 || R->job[k].cost > R->job[best].cost))
			best = k;
	}
	return best;
}

static void fail_locked(runner *R, const char *name, const att_err *e)
{
	if (R->failed)
		return;
	R->failed = 1;
	if (name)
		err_set(&R->err, e->code ? e->code : ATT_EIO, "%s failed: %s",
		        name, e->msg);
	else
		R->err = *e;
}

typedef struct worker_arg {
	runner *R;
	pthread_t th;
	int started;
} worker_arg;

static void *worker(void *arg)
{
	runner *R = ((worker_arg *)arg)->R;
	const analysis_exec *x = R->x;
	att_err e;
	err_clear(&e);
	store *ws = NULL;
	int orc = store_open_thread(store_path(x->st), &ws, &e);
	pthread_mutex_lock(&R->mu);
	if (!orc && *R->shadow)
		orc = store_stage_attach(ws, x->run_id, R->shadow, &e);
	if (orc)
		fail_locked(R, NULL, &e);
	else
		store_derived_defer(ws, 1);
	while (!R->failed) {
		int waiting, k = pick(R, &waiting);
		if (k < 0) {
			if (!waiting)
				break;
			pthread_cond_wait(&R->cv, &R->mu);
			continue;
		}
		job *j = &R->job[k];
		j->state = J_RUN;
		j->started = now_seconds();
		pthread_cond_broadcast(&R->cv);
		pthread_mutex_unlock(&R->mu);

		progress pr;
		progress_start(&pr, j->def->name, 0);
		pr.enabled = 0; /* the runner's status line speaks for all */
		err_clear(&e);
		an_ctx c = {.st = ws,
		            .eng = x->eng,
		            .cfg = x->cfg,
		            .year = x->year,
		            .run_id = x->run_id,
		            .prog = &pr,
		            .e = &e};
		int rc = j->def->run(&c);
		double dt = now_seconds() - j->started;
		dbatch *b = rc ? NULL : store_derived_take(ws);
		store_derived_discard(ws);

		pthread_mutex_lock(&R->mu);
		if (rc) {
			j->state = J_FAILED;
			fail_locked(R, j->def->name, &e);
		} else {
			j->state = J_QUEUED;
			j->batch = b;
			j->rows = c.rows;
			j->seconds = dt;
			snprintf(j->note, sizeof(j->note), "%s", c.note);
			R->queue[R->qtail++] = k;
		}
		pthread_cond_broadcast(&R->cv);
	}
	R->alive--;
	pthread_cond_broadcast(&R->cv);
	pthread_mutex_unlock(&R->mu);
	store_close(ws);
	return NULL;
}

/* "analyze: 3/12 written; computing desc 12 s, growth 40 s; writing va".
 * Lock held. */
static void draw_status(const runner *R, const char *writing)
{
	buf b;
	buf_init(&b);
	int done = 0;
	for (int k = 0; k < R->n; k++)
		done += R->job[k].state == J_DONE;
	buf_printf(&b, "analyze: %d/%d written", done, R->n);
	double t = now_seconds();
	int first = 1;
	for (int k = 0; k < R->n; k++) {
		if (R->job[k].state != J_RUN)
			continue;
		buf_printf(&b, "%s %s %.0f s", first ? "; computing" : ",",
		           R->job[k].def->name, t - R->job[k].started);
		first = 0;
	}
	if (writing)
		buf_printf(&b, "; writing %s", writing);
	fprintf(stderr, "\r\033[K%s", b.data);
	fflush(stderr);
	buf_free(&b);
}

static void clear_status(const runner *R)
{
	if (R->x->status_line) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
	}
}

/* The tables of every analysis of the plan (to stage and publish), or of
 * those a later analysis of the plan needs (shadow: read from the stage
 * by the workers), space-separated into o. */
static void plan_tables(const analysis_def *const *plan, int np, int shadow,
                        buf *o)
{
	for (int k = 0; k < np; k++) {
		int needed = !shadow;
		for (int j = 0; j < np && !needed; j++) {
			const char *p = plan[j]->needs, *w;
			size_t len;
			while ((w = word_next(&p, &len)))
				needed |= strlen(plan[k]->name) == len &&
				          strncmp(plan[k]->name, w, len) == 0;
		}
		if (needed)
			buf_printf(o, "%s%s", o->len ? " " : "",
			           plan[k]->tables);
	}
}

int analysis_publish(const analysis_exec *x, const analysis_def *const *plan,
                     int np, int64_t now, att_err *e)
{
	buf tables;
	buf_init(&tables);
	plan_tables(plan, np, 0, &tables);
	double t0 = now_seconds();
	int rc = store_stage_publish(x->st, x->run_id,
	                             tables.data ? tables.data : "", now, e);
	if (getenv("ATTAIN_WRITE_TIMES"))
		fprintf(stderr, "publish: %.2f s\n", now_seconds() - t0);
	buf_free(&tables);
	/* The published rows are in the write-ahead log: copy them into the
	 * database and empty the log. */
	att_err ce;
	err_clear(&ce);
	store_wal_checkpoint(x->st, 1, &ce);
	return rc;
}

int analysis_execute(const analysis_exec *x, const analysis_def *const *plan,
                     int np, att_err *e)
{
	runner R = {.x = x, .n = np};
	R.job = xcalloc((size_t)np + 1, sizeof(job));
	R.queue = xcalloc((size_t)np + 1, sizeof(int));
	for (int k = 0; k < np; k++) {
		R.job[k].def = plan[k];
		double last = store_run_seconds(x->st, plan[k]->name);
		R.job[k].cost = last >= 0 ? last : plan[k]->cost;
	}
	err_clear(&R.err);
	pthread_mutex_init(&R.mu, NULL);
	pthread_cond_init(&R.cv, NULL);
	int nw = x->jobs < 1 ? 1 : x->jobs;
	if (nw > np)
		nw = np;
	buf tables, shadow;
	buf_init(&tables);
	buf_init(&shadow);
	plan_tables(plan, np, 0, &tables);
	plan_tables(plan, np, 1, &shadow);
	R.shadow = shadow.data ? shadow.data : "";
	if (store_stage_open(x->st, x->run_id, tables.data ? tables.data : "",
	                     &R.err))
		R.failed = 1;
	buf_free(&tables);
	kill_point("begun");
	worker_arg *W = xcalloc((size_t)nw + 1, sizeof(worker_arg));
	/* The stage is scratch: no checkpoint copies its log anywhere. */
	store_wal_autocheckpoint(x->st, 0);
	pthread_mutex_lock(&R.mu);
	for (int i = 0; i < nw && !R.failed; i++) {
		W[i].R = &R;
		W[i].started =
		    pthread_create(&W[i].th, NULL, worker, &W[i]) == 0;
		R.alive += W[i].started;
	}
	if (!R.alive && np > 0 && !R.failed) {
		att_err te;
		err_set(&te, ATT_EIO, "cannot start a worker thread");
		fail_locked(&R, NULL, &te);
	}
	/* This thread is the writer. */
	for (;;) {
		while (R.qhead == R.qtail && R.alive > 0) {
			if (x->status_line) {
				draw_status(&R, NULL);
				struct timespec ts;
				clock_gettime(CLOCK_REALTIME, &ts);
				ts.tv_sec += 1;
				pthread_cond_timedwait(&R.cv, &R.mu, &ts);
			} else {
				pthread_cond_wait(&R.cv, &R.mu);
			}
		}
		if (R.qhead == R.qtail)
			break;
		job *j = &R.job[R.queue[R.qhead++]];
		if (x->status_line)
			draw_status(&R, j->def->name);
		pthread_mutex_unlock(&R.mu);

		att_err we;
		err_clear(&we);
		double wsec = 0;
		int rc = store_derived_apply(x->st, j->batch, j->def->tables,
		                             x->run_id, j->def->name,
		                             j->seconds, j->rows, &wsec, &we);
		store_dbatch_free(j->batch);
		j->batch = NULL;
		if (!rc && x->written) {
			clear_status(&R);
			analysis_done d = {.def = j->def,
			                   .rows = j->rows,
			                   .compute_seconds = j->seconds,
			                   .write_seconds = wsec,
			                   .note = j->note};
			x->written(x->ctx, &d);
		}
		if (!rc) {
			char point[80];
			snprintf(point, sizeof(point), "written:%s",
			         j->def->name);
			kill_point(point);
		}
		pthread_mutex_lock(&R.mu);
		if (rc) {
			j->state = J_FAILED;
			fail_locked(&R, j->def->name, &we);
		} else {
			j->state = J_DONE;
		}
		pthread_cond_broadcast(&R.cv);
	}
	pthread_mutex_unlock(&R.mu);
	for (int i = 0; i < nw; i++)
		if (W[i].started)
			pthread_join(W[i].th, NULL);
	store_wal_autocheckpoint(x->st, 1000);
	buf_free(&shadow);
	clear_status(&R);
	for (int k = 0; k < np; k++)
		store_dbatch_free(R.job[k].batch);
	int failed = R.failed;
	if (failed && e)
		*e = R.err;
	pthread_cond_destroy(&R.cv);
	pthread_mutex_destroy(&R.mu);
	free(W);
	free(R.queue);
	free(R.job);
	return failed ? (R.err.code ? R.err.code : ATT_EIO) : ATT_OK;
}
