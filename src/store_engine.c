/*
 * store_engine.c - SQL behind the engine's load (see store_engine.h). Each
 * small table is one SELECT in rowid or primary-key order streamed as
 * se_rows; the large tables are read in batches of BATCH rows through the
 * statement interface's bulk read (sql_read_batch).
 */
#include "store_engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define BATCH 8192

static const char *const table_sql[SE_NTABLES] = {
    [SE_ORG_LEVEL] = "SELECT depth, name FROM org_level ORDER BY depth",
    [SE_ORG] = "SELECT id, code, name, parent_id, level, is_school FROM org"
               " ORDER BY id",
    [SE_YEAR] = "SELECT id, code, start_date, end_date FROM academic_year"
                " ORDER BY id",
    [SE_TERM] = "SELECT id, code, year_id, seq, kind, start_date, end_date"
                " FROM term ORDER BY id",
    [SE_SUBJECT] = "SELECT id, code, name, core FROM subject ORDER BY id",
    [SE_STANDARD] = "SELECT id, code, subject_id, grade, parent_id,"
                    " description FROM standard ORDER BY id",
    [SE_STUDENT] = "SELECT id, code, gender, birth_date, ses_disadvantaged,"
                   " special_needs, home_language, social_category, active"
                   " FROM student ORDER BY id",
    [SE_STAFF] = "SELECT id, code, org_id FROM staff ORDER BY id",
    [SE_PLACEMENT] = "SELECT student_id, year_id, org_id, grade FROM placement"
                     " ORDER BY student_id, year_id",
    [SE_CLASS] = "SELECT id, code, org_id, year_id, grade, subject_id"
                 " FROM class ORDER BY id",
    [SE_TEACHER_OF] = "SELECT class_id, staff_id, role FROM teacher_of"
                      " ORDER BY class_id, staff_id",
    [SE_ENROLMENT] = "SELECT class_id, student_id FROM enrolment"
                     " ORDER BY class_id, student_id",
    [SE_ASSESSMENT] = "SELECT id, code, name, subject_id, year_id, term_id,"
                      " grade, kind, date, max_score, class_id"
                      " FROM assessment ORDER BY id",
    [SE_CUT_SCORE] = "SELECT assessment_id, seq, band, min_score FROM cut_score"
                     " ORDER BY assessment_id, seq",
    [SE_ITEM] = "SELECT id, code, assessment_id, seq, max_points,"
                " standard_id, dok FROM item ORDER BY id",
    [SE_BEHAVIOUR] = "SELECT id, student_id, date, kind, category, points,"
                     " serious, staff_id FROM behaviour_event"
                     " ORDER BY student_id, date, id",
    [SE_ATTITUDE] = "SELECT student_id, term_id, subject_id, grade"
                    " FROM attitude_grade",
    [SE_INTERVENTION] = "SELECT id, code, name, org_id, subject_id, year_id,"
                        " start_date, end_date, cost FROM intervention"
                        " ORDER BY id",
    [SE_PARTICIPANT] = "SELECT intervention_id, student_id, dosage,"
                       " start_date, end_date FROM participant"
                       " ORDER BY intervention_id, student_id",
    [SE_GOAL] = "SELECT id, code, title, student_id, class_id, org_id,"
                " subject_id, metric, baseline, baseline_date, target,"
                " due_date, set_by, staff_id FROM goal ORDER BY id",
    [SE_PROFILE] = "SELECT org_id, year_id, location, drinking_water,"
                   " toilets_girls, toilets_boys, electricity, library,"
                   " ramps, classrooms, teachers, enrolment,"
                   " pupil_teacher_ratio FROM school_profile"
                   " ORDER BY org_id, year_id",
};

static const char *const count_sql[SE_NTABLES] = {
    [SE_ORG_LEVEL] = "SELECT count(*) FROM org_level",
    [SE_ORG] = "SELECT count(*) FROM org",
    [SE_YEAR] = "SELECT count(*) FROM academic_year",
    [SE_TERM] = "SELECT count(*) FROM term",
    [SE_SUBJECT] = "SELECT count(*) FROM subject",
    [SE_STANDARD] = "SELECT count(*) FROM standard",
    [SE_STUDENT] = "SELECT count(*) FROM student",
    [SE_STAFF] = "SELECT count(*) FROM staff",
    [SE_PLACEMENT] = "SELECT count(*) FROM placement",
    [SE_CLASS] = "SELECT count(*) FROM class",
    [SE_TEACHER_OF] = "SELECT count(*) FROM teacher_of",
    [SE_ENROLMENT] = "SELECT count(*) FROM enrolment",
    [SE_ASSESSMENT] = "SELECT count(*) FROM assessment",
    [SE_CUT_SCORE] = "SELECT count(*) FROM cut_score",
    [SE_ITEM] = "SELECT count(*) FROM item",
    [SE_BEHAVIOUR] = "SELECT count(*) FROM behaviour_event",
    [SE_ATTITUDE] = "SELECT count(*) FROM attitude_grade",
    [SE_INTERVENTION] = "SELECT count(*) FROM intervention",
    [SE_PARTICIPANT] = "SELECT count(*) FROM participant",
    [SE_GOAL] = "SELECT count(*) FROM goal",
    [SE_PROFILE] = "SELECT count(*) FROM school_profile",
};

/* The end of a scan of st: reset it, then the callback's stop value when
 * it stopped the scan, ATT_EIO when the last step (rc) failed, else
 * ATT_OK. */
static int scan_end(store *s, sql_stmt *st, int rc, int stop, att_err *e)
{
	sql_reset(st);
	if (stop)
		return stop;
	if (rc != SQL_DONE)
		return sql_fail(s, e, "cannot read the store");
	return ATT_OK;
}

/* Step a prepared statement and hand each row to fn as an se_row (NULL
 * columns as -1 / NaN / NULL); a non-zero return from fn stops the scan and
 * is returned. Shared by every store file that streams rows this way. */
int se_stream(store *s, sql_stmt *st, se_row_fn fn, void *ctx, att_err *e)
{
	se_row r;
	sql_val v[SE_MAXCOL];
	r.ncol = sql_ncols(st);
	if (r.ncol > SE_MAXCOL)
		r.ncol = SE_MAXCOL;
	int rc = SQL_DONE, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQL_ROW) {
		sql_values(st, r.ncol, v);
		for (int k = 0; k < r.ncol; k++) {
			r.isnull[k] = v[k].type == SQL_NULL;
			if (r.isnull[k]) {
				r.i[k] = -1;
				r.d[k] = NAN;
				r.s[k] = NULL;
				continue;
			}
			r.i[k] = v[k].i;
			r.d[k] = v[k].d;
			/* Text only for text values: turning every integer of
			 * millions of rows into a string was a measurable part
			 * of the load. Text columns hold text (TEXT affinity).
			 */
			r.s[k] = v[k].s;
		}
		stop = fn(ctx, &r);
	}
	return scan_end(s, st, rc, stop, e);
}

int store_engine_scan(store *s, se_table t, se_row_fn fn, void *ctx, att_err *e)
{
	if ((int)t < 0 || t >= SE_NTABLES)
		return err_set(e, ATT_EUSAGE, "no such engine table");
	sql_stmt *st = sql_prep(s, table_sql[t], e);
	if (!st)
		return ATT_EIO;
	return se_stream(s, st, fn, ctx, e);
}

int64_t store_engine_count(store *s, se_table t)
{
	if ((int)t < 0 || t >= SE_NTABLES)
		return -1;
	return sql_one_int(s, count_sql[t]);
}

int64_t store_engine_count_results(store *s)
{
	return sql_one_int(s, "SELECT count(*) FROM result");
}

int64_t store_engine_count_item_responses(store *s)
{
	return sql_one_int(s, "SELECT count(*) FROM item_response");
}

/* Read a three-column (id, id, real) statement in batches through the
 * interface's bulk read. */
static int batch_scan(store *s, const char *sql, se_result_fn fn, void *ctx,
                      att_err *e)
{
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	int64_t *a = xmalloc(sizeof(int64_t) * BATCH);
	int64_t *b = xmalloc(sizeof(int64_t) * BATCH);
	double *v = xmalloc(sizeof(double) * BATCH);
	static const sql_type types[3] = {SQL_INT, SQL_INT, SQL_REAL};
	void *const cols[3] = {a, b, v};
	int n = 0, rc, stop = 0;
	do {
		rc = sql_read_batch(st, BATCH, 3, types, cols, &n);
		if (rc != SQL_ERR && n > 0)
			stop = fn(ctx, n, a, b, v);
	} while (rc == SQL_ROW && !stop);
	free(a);
	free(b);
	free(v);
	return scan_end(s, st, rc, stop, e);
}

int store_engine_results(store *s, se_result_fn fn, void *ctx, att_err *e)
{
	return batch_scan(s,
	                  "SELECT assessment_id, student_id, score FROM result",
	                  fn, ctx, e);
}

int store_engine_item_responses(store *s, se_response_fn fn, void *ctx,
                                att_err *e)
{
	return batch_scan(
	    s,
	    "SELECT item_id, student_id, points FROM item_response"
	    " ORDER BY item_id, student_id",
	    fn, ctx, e);
}

int store_engine_attendance(store *s, se_attendance_fn fn, void *ctx,
                            att_err *e)
{
	sql_stmt *st =
	    sql_prep(s,
	             "SELECT student_id, year_id, marks FROM attendance"
	             " ORDER BY student_id, year_id",
	             e);
	if (!st)
		return ATT_EIO;
	int rc = SQL_DONE, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQL_ROW) {
		int len;
		const uint8_t *m = sql_blob(st, 2, &len);
		stop = fn(ctx, sql_int(st, 0), sql_int(st, 1), m, len);
	}
	return scan_end(s, st, rc, stop, e);
}
