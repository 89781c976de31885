/*
 * engine_load.c - the engine loaded from the store: each table counted
 * (the room its builder reserves) and streamed through store_engine.h into
 * the builders of engine.h, row by row for the small tables and in
 * batches for the large ones. No SQL here and no arrays built here.
 *
 * Load order: the dictionaries (org tree, calendar, subjects, standards,
 * students, staff, classes, assessments, items) first on the caller's
 * connection; then a second thread on a second connection reads item
 * responses and attendance while the first reads results and the rest.
 */
#include "engine_load.h"

#include <pthread.h>
#include <stdlib.h>

#include "store_engine.h"

/* ---- the small tables: a store row into the builder's row ---- */

static int cb_level(void *ctx, const se_row *r)
{
	engine_add_level(ctx, &(eng_level_row){(int)r->i[0], r->s[1]});
	return 0;
}

static int cb_org(void *ctx, const se_row *r)
{
	engine_add_org(ctx, &(eng_org_row){r->i[0], r->s[1], r->s[2], r->i[3],
	                                   r->s[4], r->i[5] == 1});
	return 0;
}

static int cb_year(void *ctx, const se_row *r)
{
	engine_add_year(ctx,
	                &(eng_year_row){r->i[0], r->s[1], r->s[2], r->s[3]});
	return 0;
}

static int cb_term(void *ctx, const se_row *r)
{
	engine_add_term(ctx,
	                &(eng_term_row){r->i[0], r->s[1], r->i[2], (int)r->i[3],
	                                r->s[4], r->s[5], r->s[6]});
	return 0;
}

static int cb_subject(void *ctx, const se_row *r)
{
	engine_add_subject(
	    ctx, &(eng_subject_row){r->i[0], r->s[1], r->s[2], r->i[3] == 1});
	return 0;
}

/* An integer column, -1 for NULL. */
static int int_or(const se_row *r, int k)
{
	return r->isnull[k] ? -1 : (int)r->i[k];
}

static int cb_standard(void *ctx, const se_row *r)
{
	engine_add_standard(ctx, &(eng_standard_row){r->i[0], r->s[1], r->i[2],
	                                             int_or(r, 3), r->i[4],
	                                             r->s[5]});
	return 0;
}

/* A 0/1 column as 1, 0, or -1 for NULL. */
static int flag_or(const se_row *r, int k)
{
	return r->isnull[k] ? -1 : r->i[k] != 0;
}

static int cb_student(void *ctx, const se_row *r)
{
	engine_add_student(ctx, &(eng_student_row){r->i[0], r->s[1], r->s[2],
	                                           r->s[3], flag_or(r, 4),
	                                           flag_or(r, 5), r->s[6],
	                                           r->s[7], r->i[8] != 0});
	return 0;
}

static int cb_staff(void *ctx, const se_row *r)
{
	engine_add_staff(ctx, &(eng_staff_row){r->i[0], r->s[1], r->i[2]});
	return 0;
}

static int cb_class(void *ctx, const se_row *r)
{
	engine_add_class(ctx, &(eng_class_row){r->i[0], r->s[1], r->i[2],
	                                       r->i[3], int_or(r, 4), r->i[5]});
	return 0;
}

static int cb_teacher(void *ctx, const se_row *r)
{
	engine_add_teacher(ctx, &(eng_teacher_row){r->i[0], r->i[1], r->s[2]});
	return 0;
}

static int cb_enrolment(void *ctx, const se_row *r)
{
	engine_add_enrolment(ctx, &(eng_enrolment_row){r->i[0], r->i[1]});
	return 0;
}

static int cb_placement(void *ctx, const se_row *r)
{
	engine_add_placement(
	    ctx, &(eng_placement_row){r->i[0], r->i[1], r->i[2], (int)r->i[3]});
	return 0;
}

static int cb_assessment(void *ctx, const se_row *r)
{
	engine_add_assessment(
	    ctx, &(eng_assessment_row){r->i[0], r->s[1], r->s[2], r->i[3],
	                               r->i[4], r->i[5], int_or(r, 6), r->s[7],
	                               r->s[8], r->d[9], r->i[10]});
	return 0;
}

static int cb_cut(void *ctx, const se_row *r)
{
	engine_add_cut(ctx,
	               &(eng_cut_row){r->i[0], (int)r->i[1], r->s[2], r->d[3]});
	return 0;
}

static int cb_item(void *ctx, const se_row *r)
{
	engine_add_item(ctx,
	                &(eng_item_row){r->i[0], r->s[1], r->i[2], (int)r->i[3],
	                                r->d[4], r->i[5], int_or(r, 6)});
	return 0;
}

static int cb_behaviour(void *ctx, const se_row *r)
{
	engine_add_behaviour(
	    ctx, &(eng_behaviour_row){r->i[1], r->s[2], r->s[3], r->s[4],
	                              (int)r->i[5], r->i[6] == 1, r->i[7]});
	return 0;
}

static int cb_attitude(void *ctx, const se_row *r)
{
	engine_add_attitude(
	    ctx, &(eng_attitude_row){r->i[0], r->i[1], r->i[2], (int)r->i[3]});
	return 0;
}

static int cb_intervention(void *ctx, const se_row *r)
{
	engine_add_intervention(
	    ctx,
	    &(eng_intervention_row){r->i[0], r->s[1], r->s[2], r->i[3], r->i[4],
	                            r->i[5], r->s[6], r->s[7], r->d[8]});
	return 0;
}

static int cb_participant(void *ctx, const se_row *r)
{
	engine_add_participant(ctx,
	                       &(eng_participant_row){r->i[0], r->i[1], r->d[2],
	                                              r->s[3], r->s[4]});
	return 0;
}

static int cb_goal(void *ctx, const se_row *r)
{
	engine_add_goal(ctx, &(eng_goal_row){r->i[0], r->s[1], r->s[2], r->i[3],
	                                     r->i[4], r->i[5], r->i[6], r->s[7],
	                                     r->d[8], r->s[9], r->d[10],
	                                     r->s[11], r->s[12], r->i[13]});
	return 0;
}

static int cb_profile(void *ctx, const se_row *r)
{
	engine_add_profile(
	    ctx, &(eng_profile_row){r->i[0], r->i[1], r->s[2], flag_or(r, 3),
	                            (int)r->i[4], (int)r->i[5], flag_or(r, 6),
	                            flag_or(r, 7), flag_or(r, 8), (int)r->i[9],
	                            (int)r->i[10], (int)r->i[11], r->d[12]});
	return 0;
}

/* The small tables in the engine's order (small[k].t == k), with the store
 * table behind each and the part of the store it belongs to (0: always
 * loaded). */
static const struct {
	eng_table t;
	se_table st;
	se_row_fn fn;
	unsigned part;
} small[] = {
    {ENG_T_LEVEL, SE_ORG_LEVEL, cb_level, 0},
    {ENG_T_ORG, SE_ORG, cb_org, 0},
    {ENG_T_YEAR, SE_YEAR, cb_year, 0},
    {ENG_T_TERM, SE_TERM, cb_term, 0},
    {ENG_T_SUBJECT, SE_SUBJECT, cb_subject, 0},
    {ENG_T_STANDARD, SE_STANDARD, cb_standard, 0},
    {ENG_T_STUDENT, SE_STUDENT, cb_student, 0},
    {ENG_T_STAFF, SE_STAFF, cb_staff, 0},
    {ENG_T_CLASS, SE_CLASS, cb_class, 0},
    {ENG_T_TEACHER, SE_TEACHER_OF, cb_teacher, 0},
    {ENG_T_ENROLMENT, SE_ENROLMENT, cb_enrolment, 0},
    {ENG_T_PLACEMENT, SE_PLACEMENT, cb_placement, 0},
    {ENG_T_ASSESSMENT, SE_ASSESSMENT, cb_assessment, 0},
    {ENG_T_CUT, SE_CUT_SCORE, cb_cut, 0},
    {ENG_T_ITEM, SE_ITEM, cb_item, 0},
    {ENG_T_BEHAVIOUR, SE_BEHAVIOUR, cb_behaviour, ENG_LOAD_BEHAVIOUR},
    {ENG_T_ATTITUDE, SE_ATTITUDE, cb_attitude, ENG_LOAD_OTHER},
    {ENG_T_INTERVENTION, SE_INTERVENTION, cb_intervention, ENG_LOAD_OTHER},
    {ENG_T_PARTICIPANT, SE_PARTICIPANT, cb_participant, ENG_LOAD_OTHER},
    {ENG_T_GOAL, SE_GOAL, cb_goal, ENG_LOAD_OTHER},
    {ENG_T_PROFILE, SE_PROFILE, cb_profile, ENG_LOAD_OTHER},
};

/* Small tables small[from .. to] that `parts` asks for (the others stay
 * empty): counted, begun with that room, streamed in. */
static int load_small(store *s, eng_build *b, size_t from, size_t to,
                      unsigned parts, att_err *e)
{
	for (size_t k = from; k <= to && k < ARRAY_LEN(small); k++) {
		if (small[k].part && !(parts & small[k].part))
			continue;
		int64_t n = store_engine_count(s, small[k].st);
		if (n < 0)
			return err_set(e, ATT_EIO, "cannot count rows");
		int rc = engine_build_table(b, small[k].t, n);
		if (rc)
			return rc; /* the builder's error: engine_build_end */
		if (store_engine_scan(s, small[k].st, small[k].fn, b, e))
			return ATT_EIO;
	}
	return ATT_OK;
}

/* ---- the large tables ---- */

static int cb_rows(void *ctx, int n, const int64_t *a, const int64_t *st,
                   const double *v)
{
	engine_rows_add(ctx, n, a, st, v);
	return 0;
}

static int cb_att(void *ctx, int64_t sid, int64_t yid, const uint8_t *m,
                  int len)
{
	engine_attendance_add(ctx, sid, yid, m, len);
	return 0;
}

/* What the second thread reads: item responses and attendance. */
typedef struct side_job {
	const char *path;
	eng_rows *responses;        /* NULL: not asked for */
	eng_attendance *attendance; /* NULL: not asked for */
	int rc;
	att_err e;
} side_job;

/* Read the side job's tables on connection s. */
static void side_read(store *s, side_job *j)
{
	if (j->responses)
		j->rc = store_engine_item_responses(s, cb_rows, j->responses,
		                                    &j->e);
	if (!j->rc && j->attendance)
		j->rc =
		    store_engine_attendance(s, cb_att, j->attendance, &j->e);
	engine_rows_end(j->responses);
	engine_attendance_end(j->attendance);
}

static void *side_run(void *arg)
{
	side_job *j = arg;
	store *s2 = NULL;
	err_clear(&j->e);
	j->rc = store_open_thread(j->path, &s2, &j->e);
	if (j->rc) {
		engine_rows_end(j->responses);
		engine_attendance_end(j->attendance);
		return NULL;
	}
	side_read(s2, j);
	store_close(s2);
	return NULL;
}

int engine_load_alloc(store *s, unsigned parts, engine **out, att_err *e)
{
	double t0 = now_seconds();
	*out = NULL;
	eng_build *b = engine_build_begin();
	engine_build_version(b, store_data_version(s));
	int rc = load_small(s, b, 0, ENG_T_ITEM, parts, e);
	if (rc) {
		engine *g = NULL;
		att_err be;
		err_clear(&be);
		if (engine_build_end(b, &g, &be) && rc != ATT_EIO && e)
			*e = be;
		engine_free(g);
		return rc;
	}
	side_job job = {.path = store_path(s)};
	if (parts & ENG_LOAD_ITEMS)
		job.responses = engine_responses_begin(b);
	if (parts & ENG_LOAD_ATTENDANCE)
		job.attendance = engine_attendance_begin(b);
	eng_rows *results =
	    parts & ENG_LOAD_RESULTS ? engine_results_begin(b) : NULL;
	pthread_t th;
	int side = job.responses || job.attendance;
	int threaded = side && pthread_create(&th, NULL, side_run, &job) == 0;
	if (side && !threaded) /* no second thread: read them here */
		side_read(s, &job);
	if (results)
		rc = store_engine_results(s, cb_rows, results, e);
	engine_rows_end(results);
	if (!rc)
		rc = load_small(s, b, ENG_T_ITEM + 1, ENG_T_N - 1, parts, e);
	if (threaded)
		pthread_join(th, NULL);
	if (!rc && job.rc) {
		rc = job.rc;
		if (e)
			*e = job.e;
	}
	engine *g = NULL;
	att_err be;
	err_clear(&be);
	int brc = engine_build_end(b, &g, &be);
	if (!rc && brc && e)
		*e = be;
	if (rc || brc) {
		engine_free(g);
		return rc ? rc : brc;
	}
	g->load_seconds = now_seconds() - t0;
	*out = g;
	return ATT_OK;
}
