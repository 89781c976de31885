/*
 * store_report.h - the queries behind reports and calendars: students,
 * their classes, teachers, guardians, results, item responses by learning
 * outcome, attendance, attitude, goals, the calendar (its completeness
 * is store_collect_status's), and the derived tables the analyses write
 * (read as they are, never recomputed).
 *
 * The queries are one table of named queries (srep_query, like the
 * page queries of store_web.h) run by one runner; each returns an
 * srep_rows, a rowset (store_rows.h) allocated in the caller's arena (so
 * a report frees everything at once), read by column name with
 * rows_text / rows_num / rows_int; SQL NULL reads as "" / NAN / 0 and
 * rows_null says which. Errors: ATT_EIO with e filled; lookups of a code
 * that does not exist return ATT_ENOTFOUND naming the code.
 */
#ifndef ATTAIN_STORE_REPORT_H
#define ATTAIN_STORE_REPORT_H

#include <stdint.h>

#include "attendance.h"
#include "store.h"
#include "store_rows.h"
#include "util.h"

/* The report queries return rowsets (store_rows.h), read by column name.
 * Every column of every query is named in its SQL (store_report.c), in
 * the order described below, in lower case: a code or name of another
 * entity is prefixed by it where two would clash (school_code,
 * class_name), a subject's, term's or assessment's name is just subject,
 * term, assessment, percents are pct or mean_pct. The reports read
 * them by these names (rows_text, rows_int, rows_num). */
typedef rowset srep_rows;

/* 1 if a table (e.g. a derived table of an analysis) exists. */
int srep_has_table(store *s, const char *name);
/* 1 if the table exists and has at least one row. */
int srep_has_rows(store *s, const char *name);

/* The report queries, each declared once in store_report.c (its SQL, the
 * kind of each parameter, the derived table it needs, what is missing
 * when it finds no row) and run by srep_query. Parameters are ?1, ?2,
 * ... in the order given; "code" is the text parameter, "id" the
 * integers in order. Columns, in order: */
typedef enum {
	/* ?1 code: id, code, name, start_date, end_date. ATT_ENOTFOUND
	 * when no year has the code. */
	SRQ_YEAR,
	/* The same for the latest year by start date (ATT_ENOTFOUND when
	 * there is none). */
	SRQ_YEAR_LATEST,
	/* The latest finished analysis run: id, started_at, finished_at,
	 * data_version, analyses (no rows when none). */
	SRQ_LAST_RUN,
	/* ?1 code, ?2 year id: the student with the year's placement: id,
	 * code, given_name, family_name, gender, school_id, school_code,
	 * school_name, grade. ATT_ENOTFOUND naming the code. */
	SRQ_STUDENT,
	/* ?1 student id, ?2 year id: the student's classes in the year:
	 * class_code, class_name, subject ('' for a homeroom), teachers (lead
	 * teachers' names, comma-separated), teacher_titles. Homerooms
	 * first. */
	SRQ_STUDENT_CLASSES,
	/* ?1 student id: guardians: name, relation, lang (of their account,
	 * '' if none). */
	SRQ_GUARDIANS,
	/* ?1 student id, ?2 year id: every result of the student up to the
	 * end of the year: assessment_code, assessment, subject_code,
	 * subject, year, term, date, kind, score, max_score, pct (of max),
	 * band (cut score reached, '' if none), year_start. Ordered by
	 * subject, then date. */
	SRQ_STUDENT_RESULTS,
	/* ?1 student id, ?2 year id: growth percentiles from the growth
	 * analysis (the annual period where there is one, else within the
	 * year): name (subject), sgp (NULL when the cohort was too small),
	 * period, status ('ok' or 'insufficient'), cohort_n. Needs table
	 * growth. */
	SRQ_STUDENT_GROWTH,
	/* ?1 student id, ?2 year id: attitude to learning in the latest
	 * graded term of the year per subject: subject, term, grade (1
	 * excellent .. 4 poor). */
	SRQ_STUDENT_ATTITUDE,
	/* ?1 student id: the student's goals: title, metric, subject,
	 * baseline, target, due_date, set_by. */
	SRQ_STUDENT_GOALS,
	/* ?1 student id, ?2 year id: behaviour events in the year: positive,
	 * negative, serious (counts). */
	SRQ_STUDENT_BEHAVIOUR,
	/* ?1 code: the class: id, code, name, grade, subject, school_id,
	 * school_code, school_name, year_id, year, teachers, subject_id (0:
	 * a homeroom class). ATT_ENOTFOUND naming the code. */
	SRQ_CLASS,
	/* ?1 class id: students enrolled: id, code, given_name, family_name,
	 * ordered by family and given name. */
	SRQ_CLASS_STUDENTS,
	/* ?1 code: the org: id, code, name, level, is_school, parent (name).
	 * ATT_ENOTFOUND naming the code. */
	SRQ_ORG,
	/* ?1 org id: schools in the org's subtree (the org itself if it is a
	 * school): id, code, name, parent. */
	SRQ_ORG_SCHOOLS,
	/* ?1 school id, ?2 year id: students placed in the school in the
	 * year: id, code, given_name, family_name, grade. */
	SRQ_SCHOOL_STUDENTS,
	/* ?1 year id, ?2 org id (0: all): calendar events of the year that
	 * apply to the org: code, kind, title, org ('' = everywhere),
	 * collects, start_date, due_date. Ordered by due date. */
	SRQ_CALENDAR,
	/* ?1 org id, ?2 year id: subgroup gaps of the org (gap): dimension,
	 * group_a, group_b, subject, assessment, n_a, n_b, g, g_lo, g_hi.
	 * Needs table gap. */
	SRQ_GAPS,
	/* ?1 org id: their trend (gap_trend): dimension, group_a, group_b,
	 * name (subject), points, g_first, g_last, slope, slope_lo,
	 * slope_hi, verdict. Needs table gap_trend. */
	SRQ_GAP_TRENDS,
	/* ?1 org id: goals set for an org or its classes: title, metric,
	 * subject, baseline, target, due_date. */
	SRQ_ORG_GOALS,
	/* ?1 org id, ?2 year id: interventions of the org and of orgs under
	 * it in the year: code, name, subject, participants, start_date,
	 * end_date, cost. */
	SRQ_INTERVENTIONS,
	/* ?1 class id (> 0), or 0 and ?2 an org id: early-warning flags of
	 * the class's students or of the schools under the org: code,
	 * given_name, family_name, overall (1 warning, 2 at risk), codes,
	 * student_id, low_subjects, growth_fall, att_rate. Most serious
	 * first. Needs table ews_flag. */
	SRQ_EWS_FLAGS,
	/* The same arguments: the reasons of those students (codes with
	 * their evidence; words are made by ews_text.h): student_id, code,
	 * level, value, threshold, count, total, subject; ordered by student
	 * id and the reason's seq. Needs table ews_reason. */
	SRQ_EWS_REASONS,
	/* ?1 org id: impact of the interventions under the org:
	 * intervention, subject, status, comparison, n_participants,
	 * n_matched, g, g_lo, g_hi, did, cost_per_01sd, naive_g. Needs table
	 * impact. */
	SRQ_IMPACT,
	/* ?1 student id (> 0) or 0 and ?2 an org id: progress of goals set
	 * for the student, or for the org and its classes: title, current,
	 * projected, status, met, target, due_date. Needs table
	 * goal_progress. */
	SRQ_GOAL_PROGRESS,
	/* ?1 org id: themes of the org: theme, source, n, n_texts, quote (an
	 * example). Needs table theme_count. */
	SRQ_THEMES,
	/* ?1 org id: peer-learning pairs with a school under the org:
	 * leader, partner, subject, leader_va, leader_lo, partner_va,
	 * partner_hi, same_block, distance, rank, both_inside (1 when both
	 * schools are under the org), leader_code, partner_code, subject_id.
	 * Needs table peer_pair. */
	SRQ_PEER_PAIRS,
	/* ?1 class id: instructional groups of the class: assessment, grp
	 * (from 1, as a teacher reads "Group 1"; stored from 0), n,
	 * mean_mastery, weakest (outcomes), members (comma list). Needs table
	 * instr_group. */
	SRQ_INSTR_GROUPS,
	SRQ_COUNT
} srep_qid;

/* The arguments of a report query: the text one (a code) and the
 * integers (ids), in the order the query numbers them. */
typedef struct srep_args {
	const char *code;
	int64_t id[2];
} srep_args;

/* Run report query q with its arguments into out (arena a). A query that
 * needs a derived table returns ATT_ENOTFOUND ("no TABLE table") when the
 * table is absent; a lookup by code, ATT_ENOTFOUND naming the code when
 * nothing has it. ATT_EUSAGE when q is unknown or its text argument is
 * missing; ATT_EIO with e filled on a database error. */
int srep_query(store *s, srep_qid q, srep_args args, arena *a, srep_rows *out,
               att_err *e);

/* Attendance tally of the student in the year (all zero when no row):
 * the marks blob counted by attendance.h, not a rowset. */
int srep_student_attendance(store *s, int64_t student_id, int64_t year_id,
                            attendance_tally *t, att_err *e);

/* Has the analysis been run? 1 when a finished run recorded a step named
 * `analysis` in analysis_step, or (for analyses run before steps were
 * recorded) its table has rows; else 0. */
int srep_analysis_ran(store *s, const char *analysis, const char *table);

#endif
