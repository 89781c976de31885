/*
 * store_collect.h - the SQL behind data entry in the browser: attendance
 * registers, markbooks, behaviour events, attitude-to-learning grades,
 * surveys, consent, lesson observations, and the status of every
 * data-collection window with each person's reminders.
 *
 * Entered data goes into the same core tables that imports write
 * (attendance, result, item_response, behaviour_event, attitude_grade,
 * survey_*, observation*), so every analysis sees it. Every committing
 * function runs in one transaction of its own (BEGIN IMMEDIATE), bumps the
 * data version, and either commits everything or nothing.
 *
 * Scope is not decided here: callers (the web pages) ask the one scope
 * function first and pass only ids the account may touch. Ids are internal
 * rowids; the pages resolve external codes.
 *
 * Ownership: everything a load or list returns is allocated in the caller's
 * arena and lives as long as it. Errors: ATT_EINPUT (bad values, with a
 * message naming the first one), ATT_ENOTFOUND, ATT_ECONFLICT (a stale
 * version, or a survey already answered), ATT_EIO.
 */
#ifndef ATTAIN_STORE_COLLECT_H
#define ATTAIN_STORE_COLLECT_H

#include <stdint.h>

#include "collect_input.h"
#include "store.h"
#include "util.h"

/* Who is saving and when: the account (for saved_by and audit), its staff
 * member (behaviour events, observations; 0 when none), the client address
 * and the time of the save (seconds since 1970, UTC: the request's clock),
 * which every saved_at and the on-time/late rule read. */
typedef struct collect_actor {
	int64_t account_id;
	const char *username;
	const char *address;
	int64_t staff_id;
	int64_t now;
} collect_actor;

/* ---- attendance register ---- */

typedef struct collect_reg_row {
	int64_t student_id;
	const char *code;
	const char *name; /* "Given Family" */
	int mark;         /* attendance code; ATT_PRESENT when not taken */
} collect_reg_row;

typedef struct collect_register {
	int64_t class_id;
	const char *class_code;
	const char *class_name;
	int64_t org_id;
	char date[11];
	int taken;            /* 1 when a register_taken row exists */
	int64_t version;      /* saves so far (0 when not taken) */
	const char *saved_at; /* "" when not taken */
	int n;
	collect_reg_row
	    *rows; /* enrolled students, by family then given name */
} collect_register;

/* Today's (or date's) register of a class: every student enrolled on that
 * date with their current mark (present when the register is not taken).
 * ATT_ENOTFOUND for an unknown class; ATT_EINPUT when the date is not a
 * valid ISO date inside the class's academic year. */
int store_register_load(store *s, int64_t class_id, const char *date, arena *a,
                        collect_register *out, att_err *e);

/* One non-default mark: student and attendance code (present, absent,
 * excused, late). */
typedef struct collect_mark {
	int64_t student_id;
	int mark;
} collect_mark;

/* Save a class-day: every enrolled student is present unless marks says
 * otherwise; writes each student's attendance blob for the year and the
 * register_taken row, in one transaction with a data-version bump. A second
 * save of the same class-day edits it and writes an audit entry
 * ("register.edit") listing each changed mark. expect_version >= 0 refuses
 * (ATT_ECONFLICT) when the register's version is not that; -1 skips the
 * check. A mark for a student not enrolled that day, or a code other than
 * present/absent/excused/late, is ATT_EINPUT with nothing written.
 * *version_out (may be NULL) gets the new version. */
int store_register_save(store *s, int64_t class_id, const char *date,
                        const collect_mark *marks, int n,
                        int64_t expect_version, const collect_actor *who,
                        int64_t *version_out, att_err *e);

/* A class of a school whose register for `date` is not taken. */
typedef struct collect_class_ref {
	int64_t id;
	const char *code;
	const char *name;
	int students;
} collect_class_ref;

/* Classes of a school (in the academic year containing date, with at
 * least one student enrolled that day) whose register for date is not yet
 * taken, by code. */
int store_register_missing(store *s, int64_t school_id, const char *date,
                           arena *a, collect_class_ref **out, int *n,
                           att_err *e);

/* ---- markbook ---- */

typedef struct collect_item {
	int64_t id;
	const char *code;
	double max_points;
	const char *standard_code; /* "" when not mapped */
	const char *standard;      /* the outcome's description */
} collect_item;

typedef struct collect_mb_student {
	int64_t student_id;
	const char *code;
	const char *name;
	int has_score;
	double score;
	int review;      /* 1: a scaled total flagged for review */
	int *has_points; /* per item */
	double *points;  /* per item */
} collect_mb_student;

typedef struct collect_markbook {
	int64_t assessment_id;
	const char *assessment_code;
	const char *name;
	const char *kind;
	const char *date;
	const char *scale;
	double max_score;
	collect_total total; /* how the total follows the items */
	int64_t class_id;
	const char *class_code;
	const char *class_name;
	int64_t version; /* saves of this markbook for this class; 0 never */
	int nitems;
	collect_item *items;
	int nstudents;
	collect_mb_student *students;
	int nreview; /* students whose total is flagged for review */
} collect_markbook;

/* The markbook of an assessment for a class: its items (by seq) and the
 * class's currently enrolled students with their result, review flag and
 * item points. ATT_ENOTFOUND when either is unknown; ATT_EINPUT when the
 * assessment belongs to another class or year. */
int store_markbook_load(store *s, int64_t assessment_id, int64_t class_id,
                        arena *a, collect_markbook *out, att_err *e);

/* An assessment alone as a markbook without a class or students: its
 * facts, items and total rule. ATT_ENOTFOUND when unknown. */
int store_assessment_load(store *s, int64_t assessment_id, arena *a,
                          collect_markbook *out, att_err *e);

/* An assessment that a class may enter marks for. */
typedef struct collect_asmt_ref {
	int64_t id;
	const char *code;
	const char *name;
	const char *kind;
	const char *date;
	double max_score;
	int nitems;
	int entered; /* enrolled students with a result */
	int shared;  /* 1: the subject's and grade's (class_id NULL) */
} collect_asmt_ref;

/* Assessments of the class's year that the class can enter: its own ad hoc
 * ones (assessment.class_id) and the shared ones of its subject and grade
 * (class_id NULL), latest first. */
int store_markbook_list(store *s, int64_t class_id, arena *a,
                        collect_asmt_ref **out, int *n, att_err *e);

/* A new item of an ad hoc assessment. standard_code may be NULL/"". */
typedef struct collect_item_spec {
	const char *code;
	double max_points;
	const char *standard_code;
} collect_item_spec;

/* Create an ad hoc assessment for a class (kind formative unless given),
 * with optional items; max_score is the sum of item maxima when there are
 * items (so its total is their sum). The code is generated
 * ("CLASSCODE-F<n>") when code is NULL or "". ATT_EINPUT on a bad kind,
 * date, max, duplicate item code or unknown standard. *id_out gets the
 * assessment id. */
int store_markbook_create(store *s, int64_t class_id, const char *code,
                          const char *name, const char *kind, const char *date,
                          double max_score, const collect_item_spec *items,
                          int nitems, const collect_actor *who, int64_t *id_out,
                          att_err *e);

/* One cell: a student's total (item_id 0) or points on one item. has_value
 * 0 clears the cell. */
typedef struct collect_score {
	int64_t student_id;
	int64_t item_id;
	int has_value;
	double value;
} collect_score;

/* A cell whose saved value differs from what a stale save carried. */
typedef struct collect_conflict {
	int64_t student_id;
	int64_t item_id;
	int mine_has, theirs_has;
	double mine, theirs;
} collect_conflict;

/* What a committed markbook save did (all zero when nothing was saved). */
typedef struct collect_save_info {
	int64_t version; /* the markbook's version after the save */
	int cells;       /* cells submitted */
	int changed;     /* of them, cells whose saved value changed */
	int totals;      /* SUM totals recomputed to a new value */
	int flagged;     /* SCALED totals kept and flagged for review */
	int confirmed;   /* SCALED totals confirmed (review flag cleared) */
} collect_save_info;

/* Save cells of a markbook: exactly the submitted cells whose value
 * differs from the saved one are written, then the totals follow the rule
 * of the assessment (collect_total). base_version must equal the
 * markbook's current version, else ATT_ECONFLICT with nothing written and
 * *conflicts (in a) listing every submitted cell whose saved value differs
 * from the submitted one, so the user can choose; resubmitting with the
 * current version then saves. Values must be finite, >= 0 and <= the
 * item's max_points (or the assessment's max_score for totals), a cell at
 * most once, a total only where the rule takes one: else ATT_EINPUT
 * naming the first bad cell, nothing written. Writes result/item_response
 * (and result_review), the class_save row, one data-version bump, and an
 * audit entry ("markbook.save") saying what changed. info (may be NULL)
 * says what was done. */
int store_markbook_save(store *s, int64_t assessment_id, int64_t class_id,
                        int64_t base_version, const collect_score *cells, int n,
                        const collect_actor *who, arena *a,
                        collect_conflict **conflicts, int *nconflicts,
                        collect_save_info *info, att_err *e);

/* Import an assessment's marks for students of an org at once (a data
 * lead pasting the whole school's table): cells as for
 * store_markbook_save, for students enrolled in a class under org_id that
 * may enter the assessment (else ATT_EINPUT naming the student). Exactly
 * the cells that differ are written and the totals follow the rule, in
 * one transaction: whole or nothing. There is no version to compare (it
 * is an import); every class whose students it changed gets a markbook
 * save recorded, so a form opened before it is refused as stale. info
 * (may be NULL) says what was done. */
int store_marks_import(store *s, int64_t org_id, int64_t assessment_id,
                       const collect_score *cells, int n,
                       const collect_actor *who, collect_save_info *info,
                       att_err *e);

/* ---- behaviour and attitude ---- */

/* Record one behaviour event. kind "positive" or "negative"; category
 * non-empty (at most 60 bytes); points in -100..100; note may be NULL. */
int store_behaviour_add(store *s, int64_t student_id, const char *date,
                        const char *kind, const char *category, int points,
                        int serious, const char *note, const collect_actor *who,
                        int64_t *id_out, att_err *e);

/* A class's behaviour events (newest first, at most limit). */
typedef struct collect_behaviour {
	int64_t id;
	const char *student_code;
	const char *student_name;
	const char *date;
	const char *kind;
	const char *category;
	int points;
	const char *note;
} collect_behaviour;
int store_behaviour_list(store *s, int64_t class_id, int limit, arena *a,
                         collect_behaviour **out, int *n, att_err *e);

/* An open attitude window for a class: the calendar's data-collection
 * event with collects = 'attitude' whose org is the class's school or an
 * ancestor (or no org), in the class's year, with start_date <= date; the
 * one with the earliest due date not yet passed, else the latest. Its term
 * is the year's term containing the due date. */
typedef struct collect_window {
	int64_t event_id;
	const char *event_code;
	const char *title;
	const char *start_date;
	const char *due_date;
	int64_t term_id;
	const char *term_name;
} collect_window;
/* ATT_ENOTFOUND when no window is open on date. */
int store_attitude_window(store *s, int64_t class_id, const char *date,
                          arena *a, collect_window *out, att_err *e);

/* Current attitude grades of the class's students for a term and
 * subject: grades[i] is 0 when none, aligned with the register order. */
typedef struct collect_attitude {
	int64_t class_id;
	int64_t subject_id; /* the class's subject, or the given one */
	int64_t term_id;
	int64_t version;
	int n;
	collect_reg_row *students;
	int *grades;
} collect_attitude;
int store_attitude_load(store *s, int64_t class_id, int64_t term_id,
                        int64_t subject_id, const char *date, arena *a,
                        collect_attitude *out, att_err *e);

/* Save grades (1..4, 0 clears) for students of the class. subject_id 0
 * takes the class's subject (ATT_EINPUT for a homeroom class without
 * one). Students not enrolled: ATT_EINPUT, nothing written. */
typedef struct collect_grade {
	int64_t student_id;
	int grade;
} collect_grade;
int store_attitude_save(store *s, int64_t class_id, int64_t term_id,
                        int64_t subject_id, const collect_grade *g, int n,
                        const collect_actor *who, att_err *e);

/* ---- surveys ---- */

typedef struct collect_question {
	int64_t id;
	int seq;
	const char *kind; /* "likert" or "text" */
	const char *text;
} collect_question;

typedef struct collect_survey {
	int64_t id;
	const char *code;
	const char *title;
	const char *audience; /* student, parent, staff */
	int anonymous;
	int needs_consent;    /* a student survey only its consenting
	                         students answer (purpose CONSENT_SURVEY) */
	int64_t org_id;       /* 0: everywhere */
	const char *org_code; /* "" when everywhere (loads only) */
	const char *open_date;
	const char *close_date;
	int nq;
	collect_question *q;
	int responses;
} collect_survey;

/* Define a survey with its questions (kinds likert/text, non-empty text).
 * open <= close, both ISO dates. ATT_EINPUT on any bad field, and for
 * needs_consent on a survey whose audience is not students. */
int store_survey_create(store *s, const collect_survey *spec,
                        const collect_actor *who, int64_t *id_out, att_err *e);
int store_survey_load(store *s, int64_t survey_id, arena *a,
                      collect_survey *out, att_err *e);
/* Surveys (newest first) under an org subtree: org_id 0 lists all. */
int store_survey_list(store *s, int64_t org_id, arena *a, collect_survey **out,
                      int *n, att_err *e);

/* The person answering. role must equal the survey's audience. */
typedef struct collect_respondent {
	int64_t account_id;
	const char *role;                          /* student, parent, staff */
	int64_t student_id, guardian_id, staff_id; /* 0 when none */
	int64_t org_id; /* their school (named surveys only) */
} collect_respondent;

typedef struct collect_answer {
	int64_t question_id;
	int value;        /* 1..5 for likert, 0 unanswered */
	const char *text; /* free text, NULL/"" unanswered */
} collect_answer;

/* 1 when the account has answered the survey. */
int store_survey_taken(store *s, int64_t survey_id, int64_t account_id);

/*
 * Answer a survey once. ATT_ECONFLICT when the account has already
 * answered; ATT_EINPUT outside the window (open_date..close_date against
 * today), for the wrong audience, for a survey that needs consent the
 * respondent's student has not given (store_consent_given), or for a bad
 * value. Anonymous surveys:
 * the response gets a random 62-bit id, no respondent columns, no org, no
 * date, and survey_taken's rows for the survey are rewritten in key order
 * in the same transaction, so neither row ids nor physical insertion order
 * link a response to the account that gave it (see docs/COLLECTION.md for
 * the argument and its limits). No audit entry names the survey answered.
 */
int store_survey_answer(store *s, int64_t survey_id,
                        const collect_respondent *r, const collect_answer *ans,
                        int n, const char *today, att_err *e);

typedef struct collect_q_result {
	int64_t question_id;
	const char *kind;
	const char *text;
	long n;         /* answers */
	long counts[5]; /* likert 1..5 */
	double mean;    /* likert mean, 0 when n == 0 */
	int ntexts;
	const char **texts; /* free-text answers (in response-id order) */
} collect_q_result;
/* Per-question results of a survey over all its responses. */
int store_survey_results(store *s, int64_t survey_id, arena *a,
                         collect_q_result **out, int *n, long *responses,
                         att_err *e);

/* Students a survey that needs consent skips, as of today: students
 * placed in the survey's year (or the year holding today when it has
 * none) at a school under the survey's org (anywhere when it has none)
 * whose consent for surveys is not given on today. 0 for a survey that
 * needs none; -1 on a store error. */
long store_survey_skipped(store *s, int64_t survey_id, const char *today);

/* ---- consent ---- */

/*
 * Consent: what a student's data may be used for, one row per student and
 * purpose (granted or refused, the day, who gave it). The rule, defined
 * once (CONSENT_GIVEN_SQL in store_collect_internal.h, used by every query
 * that offers or counts something needing consent): consent for a purpose
 * is given on a day when the student's row for it says granted and is
 * dated on or before that day. No row, a refusal, a withdrawal, or a grant
 * dated later: not given. A survey with needs_consent asks for purpose
 * CONSENT_SURVEY; CONSENT_DATA_SHARE is what a pseudonymised export (data
 * shared outside the school system, for research) asks for.
 */
#define CONSENT_SURVEY "survey"
#define CONSENT_DATA_SHARE "data_share"

/* 1 when consent for purpose is given for the student on today (the rule
 * above); 0 otherwise, and on a store error. */
int store_consent_given(store *s, int64_t student_id, const char *purpose,
                        const char *today);

/* The ids of every student whose consent for purpose is given on today
 * (the same rule), ascending, into *ids (malloc'd; free it) and *n. */
int store_consent_students(store *s, const char *purpose, const char *today,
                           int64_t **ids, size_t *n, att_err *e);

typedef struct collect_consent {
	const char *purpose;
	int granted;          /* 1 granted, 0 refused or withdrawn, -1 none */
	const char *date;     /* "" when none */
	const char *given_by; /* "" when none */
} collect_consent;

/* The student's consent for each purpose attain asks about
 * (CONSENT_SURVEY, CONSENT_DATA_SHARE, in that order, -1 when none is
 * recorded), then any other purpose recorded for them by import, by
 * purpose. */
int store_consent_list(store *s, int64_t student_id, arena *a,
                       collect_consent **out, int *n, att_err *e);

/* Record consent given or withdrawn: each of the n (purpose, granted)
 * pairs whose state differs from the recorded one is written with date
 * today and given_by the saving account's name, with an audit entry
 * ("consent-grant" or "consent-withdraw", target STUDENT/PURPOSE) each;
 * one transaction with a data-version bump when anything changed.
 * *changed (may be NULL) gets how many changed. ATT_EINPUT for an empty
 * or overlong purpose, a granted other than 0/1 or a bad day;
 * ATT_ENOTFOUND for an unknown student. */
int store_consent_save(store *s, int64_t student_id, const collect_consent *c,
                       int n, const char *today, const collect_actor *who,
                       int *changed, att_err *e);

/* ---- lesson observations ---- */

typedef struct collect_crit_score {
	const char *criterion;
	int score; /* 1..4 */
} collect_crit_score;

typedef struct collect_observation {
	int64_t id;
	const char *code;
	int64_t staff_id; /* observed teacher */
	const char *staff_name;
	int64_t observer_id; /* staff, 0 when none */
	const char *observer_name;
	int64_t org_id;
	int64_t class_id; /* 0 when none */
	const char *date;
	const char *rubric;
	const char *notes;
	const char *next_steps;
	int nscores;
	collect_crit_score *scores;
} collect_observation;

/* Record an observation (code generated when NULL/""). Scores 1..4 per
 * criterion; criteria non-empty and distinct. ATT_EINPUT otherwise. */
int store_observation_add(store *s, const collect_observation *o,
                          const collect_actor *who, int64_t *id_out,
                          att_err *e);
/* Observations of one teacher (staff_id != 0) or of a school (org_id),
 * newest first, with scores. */
int store_observation_list(store *s, int64_t staff_id, int64_t org_id, arena *a,
                           collect_observation **out, int *n, att_err *e);

typedef struct collect_crit_agg {
	const char *criterion;
	long n;
	double mean;
	long counts[4];
} collect_crit_agg;
/* Per-criterion aggregates of observations in schools under org_id (0 for
 * all), with the number of observations and of teachers observed. */
int store_observation_aggregate(store *s, int64_t org_id, arena *a,
                                collect_crit_agg **out, int *n,
                                long *observations, long *teachers, att_err *e);

/* ---- collection windows ---- */

/*
 * The completeness of data-collection windows: one definition, read by
 * the org page, the collection page, the academic plan, the school
 * report, the calendar, `attain check` and the reminders.
 *
 * A window is a calendar event of kind data_collection with something to
 * collect, or of kind assessment naming an assessment (it collects that
 * assessment's results). It asks every school under the event's org (all
 * schools when it has none) for what it collects, counted per class or
 * per school, from the data actually entered, as of `today`:
 *   attendance  per class: registers taken on the weekdays from start to
 *               min(due, today), out of the window's weekdays (start to
 *               due); late when a register was saved after the due date
 *   results     per class: enrolled students with a result for the
 *               event's assessment (or, with none named, for any
 *               assessment of the class dated in the window; classes
 *               without one are not asked), results of assessments dated
 *               after today not counted; late when the class's markbook
 *               was first saved after the due date
 *   attitude    per class: enrolled students with a grade in the term
 *               holding the due date; late as for results
 *   survey      per school: accounts of the survey's audience placed in
 *               the school that answered, out of those accounts (a
 *               student whose consent the survey needs and lacks on today
 *               is not asked)
 *   observation per school: teachers observed between start and today,
 *               out of the school's teachers; late when observed after due
 *   profile     per school: nothing but a submission (1 of 1)
 * A school's collection_submission dated on or before today is a record
 * the rule reads: the school delivered the window outside the entry pages
 * (an upload, a portal), so every line of it counts as all in, late when
 * submitted after the due date. A submission dated after today does not
 * count yet. The state of each line is collect_state_of; a school's, from
 * its class lines, collect_state_merge (collect_input.h); a school with
 * no class asked has one line of 0 expected.
 */
typedef struct collect_status_row {
	int64_t event_id;
	const char *event_code;
	const char *title; /* the event's title in the reader's language */
	const char *collects;
	const char *start_date;
	const char *due_date;
	int64_t school_id;
	const char *school_code;
	const char *school_name;
	int64_t class_id;       /* 0 for a school's line */
	const char *class_code; /* "" for a school's line */
	const char *class_name;
	long done, expected; /* a school's line of a per-class window: its
	                        classes all in, of its classes */
	collect_state state;
	const char *status;       /* collect_state_code(state) */
	const char *submitted_on; /* the school's submission counted, "" */
} collect_status_row;

/* Which windows and lines. */
typedef struct collect_query {
	int64_t event_id; /* 0: every window */
	int64_t year_id;  /* 0: every year */
	int64_t org_id;   /* 0: every school; else the schools under it */
	const char *today;
	int per_class; /* 1: a line per class where a window is per class
	                  (a school with no class asked: one school line);
	                  0: one line per school and window */
} collect_query;

/* Every line of the windows q asks for, in order of due date, event code,
 * school code and class code, passed to fn (strings valid during the
 * call). Windows that had not opened by today are included (pending). */
typedef void (*collect_status_fn)(void *ctx, const collect_status_row *r);
int store_collect_status(store *s, const collect_query *q, collect_status_fn fn,
                         void *ctx, att_err *e);

/* A window's lines counted by state. */
typedef struct collect_tally {
	int64_t event_id;
	const char *event_code, *title, *collects, *start_date, *due_date;
	long lines;              /* schools (or classes, per class) */
	long n[COLLECT_NSTATES]; /* lines in each state */
} collect_tally;
/* The windows q asks for with their lines counted by state, in the order
 * of store_collect_status; in the caller's arena. */
int store_collect_tallies(store *s, const collect_query *q, arena *a,
                          collect_tally **out, int *n, att_err *e);
/* Overdue windows (a school's line partial or missing) of each school:
 * overdue[i] for school_ids[i] (0 for a school without lines), over the
 * windows q asks for (per school). */
int store_collect_overdue(store *s, const collect_query *q, int nschools,
                          const int64_t *school_ids, int *overdue, att_err *e);

typedef struct collect_reminder {
	const char *kind; /* register, results, attitude, survey, observation */
	const char *what; /* event title or survey title */
	const char *target; /* class code, survey code or school code */
	const char *target_name;
	const char *due_date;
	long done, expected;
	int overdue;
	int64_t event_id, target_id, survey_id;
} collect_reminder;

/* What an account owes and by when, as of today: a teacher, today's
 * registers of their classes not taken (weekdays), and each open window
 * (start <= today) whose class line is not complete; a principal, their
 * school's incomplete school-level lines (observations); anyone, each open
 * survey of their audience they have not answered. Sorted by due date. */
int store_collect_reminders(store *s, int64_t account_id, const char *today,
                            arena *a, collect_reminder **out, int *n,
                            att_err *e);

/* 1 when the survey is open on today for this account: its audience
 * matches the account's role (teacher and principal answer staff
 * surveys), the survey's org is one of the account's schools or their
 * ancestors (or the survey has no org), and, when it needs consent, the
 * account's student has given consent for surveys on today. Whether it
 * has been answered is store_survey_taken's business. */
int store_survey_open_for(store *s, int64_t survey_id, int64_t account_id,
                          const char *today);
/* 1 when the survey would be open on today for this account but for
 * consent: it needs consent and the account's student has not given it. */
int store_survey_no_consent(store *s, int64_t survey_id, int64_t account_id,
                            const char *today);

/* Staff of a school who teach a class there (teachers to observe), by
 * family name. */
typedef struct collect_staff_ref {
	int64_t id;
	const char *code;
	const char *name;
} collect_staff_ref;
int store_collect_teachers(store *s, int64_t school_id, arena *a,
                           collect_staff_ref **out, int *n, att_err *e);

/* Every student enrolled in the class (any date), by family name. */
int store_collect_students(store *s, int64_t class_id, arena *a,
                           collect_reg_row **out, int *n, att_err *e);

/* The account's own school: its staff member's school, else its
 * student's latest placement, else its guardian's first child's, else its
 * first org scope row; 0 when none. */
int64_t store_collect_account_school(store *s, int64_t account_id);

/* ---- lookups ---- */

/* Internal id for an external code in class, student, staff, org,
 * assessment, survey or observation; -1 when absent. */
int64_t store_collect_id(store *s, const char *table, const char *code);

#endif
