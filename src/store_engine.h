/*
 * store_engine.h - the reads behind engine_load: every table the engine
 * needs, streamed through callbacks in rowid (or primary-key) order. The
 * small tables come as generic rows (typed columns), the large ones
 * (results, item responses, attendance) in batches of parallel arrays so
 * that 25 million rows cost a few hundred callbacks, not 25 million.
 *
 * Nothing here allocates what the caller keeps: every pointer handed to a
 * callback is valid only during that call.
 */
#ifndef ATTAIN_STORE_ENGINE_H
#define ATTAIN_STORE_ENGINE_H

#include <stdint.h>

#include "store.h"
#include "util.h"

#define SE_MAXCOL 20

/* One row of a small table: column k as integer (NULL -> -1), as double
 * (NULL -> NaN), as text (NULL for NULL and for integer or real values:
 * text columns hold text); isnull[k] tells NULL apart. */
typedef struct se_row {
	int ncol;
	int64_t i[SE_MAXCOL];
	double d[SE_MAXCOL];
	const char *s[SE_MAXCOL];
	int isnull[SE_MAXCOL];
} se_row;

/* The small tables, each with its column list (the order of i/d/s). */
typedef enum se_table {
	SE_ORG_LEVEL,  /* depth, name */
	SE_ORG,        /* id, code, name, parent_id, level, is_school */
	SE_YEAR,       /* id, code, start_date, end_date */
	SE_TERM,       /* id, code, year_id, seq, kind, start_date, end_date */
	SE_SUBJECT,    /* id, code, name, core */
	SE_STANDARD,   /* id, code, subject_id, grade, parent_id, description */
	SE_STUDENT,    /* id, code, gender, birth_date, ses_disadvantaged,
	                  special_needs, home_language, social_category, active */
	SE_STAFF,      /* id, code, org_id */
	SE_PLACEMENT,  /* student_id, year_id, org_id, grade (by student, year)
	                */
	SE_CLASS,      /* id, code, org_id, year_id, grade, subject_id */
	SE_TEACHER_OF, /* class_id, staff_id, role */
	SE_ENROLMENT,  /* class_id, student_id (by class, student) */
	SE_ASSESSMENT, /* id, code, name, subject_id, year_id, term_id, grade,
	                  kind, date, max_score, class_id */
	SE_CUT_SCORE,  /* assessment_id, seq, band, min_score (by assessment,
	                  seq) */
	SE_ITEM, /* id, code, assessment_id, seq, max_points, standard_id, dok
	          */
	SE_BEHAVIOUR, /* id, student_id, date, kind, category, points, serious,
	                 staff_id (by student, date, id) */
	SE_ATTITUDE,  /* student_id, term_id, subject_id, grade */
	SE_INTERVENTION, /* id, code, name, org_id, subject_id, year_id,
	                    start_date, end_date, cost */
	SE_PARTICIPANT,  /* intervention_id, student_id, dosage, start_date,
	                    end_date (by intervention, student) */
	SE_GOAL,         /* id, code, title, student_id, class_id, org_id,
	                    subject_id, metric, baseline, baseline_date, target,
	                    due_date, set_by, staff_id */
	SE_PROFILE,      /* org_id, year_id, location, drinking_water,
	                    toilets_girls, toilets_boys, electricity, library, ramps,
	                    classrooms, teachers, enrolment, pupil_teacher_ratio */
	SE_NTABLES
} se_table;

typedef int (*se_row_fn)(void *ctx, const se_row *r);

/* Stream every row of table t to fn (stops early when fn returns
 * non-zero, which is then returned). Returns ATT_OK or ATT_EIO. */
int store_engine_scan(store *s, se_table t, se_row_fn fn, void *ctx,
                      att_err *e);

/* Row count of a table (for preallocation); -1 on error. */
int64_t store_engine_count(store *s, se_table t);

/* Number of rows of result / item_response (exact count; a full scan of the
 * primary key, cheap relative to reading the rows). -1 on error. */
int64_t store_engine_count_results(store *s);
int64_t store_engine_count_item_responses(store *s);

/* Results in primary-key order (student_id, assessment_id) in batches. */
typedef int (*se_result_fn)(void *ctx, int n, const int64_t *ass_id,
                            const int64_t *student_id, const double *score);
int store_engine_results(store *s, se_result_fn fn, void *ctx, att_err *e);

/* Item responses in primary-key order (item_id, student_id) in batches. */
typedef int (*se_response_fn)(void *ctx, int n, const int64_t *item_id,
                              const int64_t *student_id, const double *points);
int store_engine_item_responses(store *s, se_response_fn fn, void *ctx,
                                att_err *e);

/* Attendance rows in primary-key order (student_id, year_id). */
typedef int (*se_attendance_fn)(void *ctx, int64_t student_id, int64_t year_id,
                                const uint8_t *marks, int len);
int store_engine_attendance(store *s, se_attendance_fn fn, void *ctx,
                            att_err *e);

#endif
