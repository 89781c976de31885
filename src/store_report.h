/*
 * store_report.h - the queries behind reports and calendars: students,
 * their classes, teachers, guardians, results, item responses by learning
 * outcome, attendance, attitude, goals, the calendar (its completeness
 * is store_collect_status's), and the derived tables the analyses write
 * (read as they are, never recomputed).
 *
 * Every query returns an srep_rows, a rowset (store_rows.h) allocated in
 * the caller's arena (so a report frees everything at once), read by
 * column name with rows_text / rows_num / rows_int; SQL NULL reads as
 * "" / NAN / 0 and rows_null says which. Errors: ATT_EIO with e filled;
 * lookups of a code that does not exist return ATT_ENOTFOUND naming the
 * code.
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

/* The academic year with this code, or the latest (by start date) when
 * code is NULL: id, code, name, start_date, end_date. */
int srep_year(store *s, arena *a, const char *code, srep_rows *out, att_err *e);
/* The latest finished analysis run: id, started_at, finished_at,
 * data_version, analyses (no rows when none). */
int srep_last_run(store *s, arena *a, srep_rows *out, att_err *e);

/* Student by code with the year's placement: id, code, given_name,
 * family_name, gender, school_id, school_code, school_name, grade. */
int srep_student(store *s, arena *a, const char *code, int64_t year_id,
                 srep_rows *out, att_err *e);
/* The student's classes in the year: class code, class name, subject name
 * ('' for a homeroom), lead teachers' names (comma-separated), teacher
 * titles. Homerooms first. */
int srep_student_classes(store *s, arena *a, int64_t student_id,
                         int64_t year_id, srep_rows *out, att_err *e);
/* Guardians: name, relation, language of their account ('' if none). */
int srep_guardians(store *s, arena *a, int64_t student_id, srep_rows *out,
                   att_err *e);
/* Every result of the student up to the end of year_id: assessment code,
 * assessment name, subject code, subject name, year code, term name,
 * date, kind, score, max_score, percent of max, band (cut score reached,
 * '' if none), year start date. Ordered by subject, then date. */
int srep_student_results(store *s, arena *a, int64_t student_id,
                         int64_t year_id, srep_rows *out, att_err *e);
/* Growth percentiles of the student in the year from the growth analysis
 * (table growth; the annual period where there is one, else within the
 * year): subject name, sgp (NULL when the cohort was too small), period,
 * status ('ok' or 'insufficient'), cohort size. ATT_ENOTFOUND when the
 * table is absent. */
int srep_student_growth(store *s, arena *a, int64_t student_id, int64_t year_id,
                        srep_rows *out, att_err *e);
/* Median growth percentile of an org's students per subject and period in
 * the year (growth_median): subject name, period, n, median SGP. */
int srep_growth_median(store *s, arena *a, int64_t org_id, int64_t year_id,
                       srep_rows *out, att_err *e);
/* Attendance tally of the student in the year (all zero when no row). */
int srep_student_attendance(store *s, int64_t student_id, int64_t year_id,
                            attendance_tally *t, att_err *e);
/* Attitude to learning in the latest graded term of the year per subject:
 * subject name, term name, grade (1 excellent .. 4 poor). */
int srep_student_attitude(store *s, arena *a, int64_t student_id,
                          int64_t year_id, srep_rows *out, att_err *e);
/* The student's goals: title, metric, subject name, baseline, target,
 * due_date, set_by. */
int srep_student_goals(store *s, arena *a, int64_t student_id, srep_rows *out,
                       att_err *e);
/* Behaviour events in the year: positive count, negative count,
 * serious count. */
int srep_student_behaviour(store *s, arena *a, int64_t student_id,
                           int64_t year_id, srep_rows *out, att_err *e);

/* Class by code: id, code, name, grade, subject name, school id, school
 * code, school name, year id, year code, lead teachers, subject id (0: a
 * homeroom class). */
int srep_class(store *s, arena *a, const char *code, srep_rows *out,
               att_err *e);
/* Students enrolled in the class: id, code, given_name, family_name,
 * ordered by family and given name. */
int srep_class_students(store *s, arena *a, int64_t class_id, srep_rows *out,
                        att_err *e);

/* Org by code: id, code, name, level, is_school, parent name. */
int srep_org(store *s, arena *a, const char *code, srep_rows *out, att_err *e);
/* Schools in the org's subtree (the org itself if it is a school): id,
 * code, name, parent name. */
int srep_org_schools(store *s, arena *a, int64_t org_id, srep_rows *out,
                     att_err *e);
/* Students placed in a school in the year: id, code, given_name,
 * family_name, grade. */
int srep_school_students(store *s, arena *a, int64_t school_id, int64_t year_id,
                         srep_rows *out, att_err *e);

/* Attendance per school in the org's subtree for the year: school id,
 * code, name, students, possible days, present days, absent days,
 * students below 90% (chronically absent). Ordered by school code. */
int srep_attendance_by_school(store *s, arena *a, int64_t org_id,
                              int64_t year_id, srep_rows *out, att_err *e);

/* Calendar events of the year that apply to the org (org_id 0: all):
 * code, kind, title, org name ('' = everywhere), collects, start_date,
 * due_date. Ordered by due date. */
int srep_calendar(store *s, arena *a, int64_t year_id, int64_t org_id,
                  srep_rows *out, att_err *e);
/* ---- aggregates for the class, school and plan reports ------------- */

/* Results of one school's students in the year, per assessment: assessment
 * name, subject name, term name, students, mean percent of max, date. */
int srep_school_results(store *s, arena *a, int64_t school_id, int64_t year_id,
                        srep_rows *out, att_err *e);
/* Descriptives of the org from desc_stat (group 'org', subgroup 'all',
 * latest run), for the year: assessment name, subject name, term name, n,
 * mean percent, share proficient (0-1). ATT_ENOTFOUND without the table. */
int srep_org_desc(store *s, arena *a, int64_t org_id, int64_t year_id,
                  srep_rows *out, att_err *e);
/* Value-added (va_group, model 'regression', latest run) of the schools
 * under org_id, per subject, for outcomes in the year: school code, school
 * name, subject name, n, va, lo, hi. ATT_ENOTFOUND without the table. */
int srep_va_schools(store *s, arena *a, int64_t org_id, int64_t year_id,
                    srep_rows *out, att_err *e);
/* Value-added of the classes of a school, per subject, for the year:
 * class code, class name, subject
 * name, n, va, lo, hi. ATT_ENOTFOUND without the table. */
int srep_va_classes(store *s, arena *a, int64_t school_id, int64_t year_id,
                    srep_rows *out, att_err *e);
/* Subgroup gaps of the org (gap, latest run) in the year: dimension,
 * group_a, group_b, subject name, assessment name, n_a, n_b, g, g_lo,
 * g_hi. And their trend (gap_trend): dimension, group_a, group_b, subject
 * name, points, g_first, g_last, slope, slope_lo, slope_hi, verdict. */
int srep_gaps(store *s, arena *a, int64_t org_id, int64_t year_id,
              srep_rows *out, att_err *e);
int srep_gap_trends(store *s, arena *a, int64_t org_id, srep_rows *out,
                    att_err *e);
/* Mean percent of every result in the year per school of the subtree:
 * school id, code, name, students with results, mean percent. */
int srep_scores_by_school(store *s, arena *a, int64_t org_id, int64_t year_id,
                          srep_rows *out, att_err *e);
/* Goals set for an org or its classes: title, metric, subject name,
 * baseline, target, due date. */
int srep_org_goals(store *s, arena *a, int64_t org_id, srep_rows *out,
                   att_err *e);
/* Interventions of the org (and of orgs under it) in the year: code, name,
 * subject name, participants, start, end, cost. */
int srep_interventions(store *s, arena *a, int64_t org_id, int64_t year_id,
                       srep_rows *out, att_err *e);

/* ---- the second set of analyses (early warning, impact, goals, themes,
 * peer pairs, instructional groups) ---------------------------------- */

/* Has the analysis been run? 1 when a finished run recorded a step named
 * `analysis` in analysis_step, or (for analyses run before steps were
 * recorded) its table has rows; else 0. */
int srep_analysis_ran(store *s, const char *analysis, const char *table);

/* Early-warning flags of the students of a class (class_id > 0) or of the
 * schools under an org (org_id > 0), latest run: student code, given name,
 * family name, overall level (1 warning, 2 at risk), codes, student id,
 * low_subjects, growth_fall, att_rate. Most serious first. */
int srep_ews_flags(store *s, arena *a, int64_t class_id, int64_t org_id,
                   srep_rows *out, att_err *e);
/* The reasons of those students (as codes with their evidence; words are
 * made by ews_text.h): student id, code, level, value, threshold, count,
 * total, subject name; ordered by student id and the reason's seq. */
int srep_ews_reasons(store *s, arena *a, int64_t class_id, int64_t org_id,
                     srep_rows *out, att_err *e);
/* Early-warning counts of one org (any level): n, n_warn, n_risk,
 * n_chronic, n_slowing (no rows when not computed for it). */
int srep_ews_summary(store *s, arena *a, int64_t org_id, srep_rows *out,
                     att_err *e);
/* Impact of the interventions under an org: intervention name, subject
 * name, status, comparison, participants, matched, g, g_lo, g_hi, did,
 * cost per 0.1 SD, naive g. */
int srep_impact(store *s, arena *a, int64_t org_id, srep_rows *out, att_err *e);
/* Progress of goals set for a student (student_id > 0) or for an org and
 * its classes (org_id > 0): title, current, projected, status, met,
 * target, due date. */
int srep_goal_progress(store *s, arena *a, int64_t student_id, int64_t org_id,
                       srep_rows *out, att_err *e);
/* Themes of an org: theme name, source, n, n_texts, an example quote. */
int srep_themes(store *s, arena *a, int64_t org_id, srep_rows *out, att_err *e);
/* Peer-learning pairs with a school under the org: leader name, partner
 * name, subject name, leader va, leader lo, partner va, partner hi,
 * same_block, distance, rank, both schools under the org (1/0). */
int srep_peer_pairs(store *s, arena *a, int64_t org_id, srep_rows *out,
                    att_err *e);
/* Instructional groups of a class: assessment name, group number (from
 * 1, as a teacher reads "Group 1"; stored from 0), students, mean
 * mastery, weakest outcomes, members (comma list). */
int srep_instr_groups(store *s, arena *a, int64_t class_id, srep_rows *out,
                      att_err *e);

#endif
