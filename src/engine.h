/*
 * engine.h - the columnar snapshot of the store that every analysis reads,
 * and its builders.
 *
 * An engine is built from rows, table by table (engine_build_* below):
 * engine_load_alloc (engine_load.h) streams them from the store, a test
 * passes plain arrays, and both get the same arrays. Nothing here reads
 * the store or links SQLite. Every entity is
 * dictionary-encoded: it gets a dense index 0..n-1 in rowid order, and every
 * reference between entities is such an index (int32_t, -1 for none). An
 * analysis never sees a rowid except through the `id` arrays, which the
 * derived-table writers use to name rows in the store.
 *
 * Layout rules (the invariants analyses may rely on):
 *  1. Dictionaries are in ascending rowid order; dict.of_id maps a rowid to
 *     its index in O(1) (-1 when absent).
 *  2. Results are grouped by assessment in CSR form: the results of
 *     assessment a are rows res_off[a] .. res_off[a+1]-1, sorted by student
 *     index. Item responses likewise by item (ir_off), sorted by student.
 *  3. by_student indexes (res_by_student, placements, enrolments, behaviour)
 *     are CSR over the student index and sorted within a student as stated
 *     at each field.
 *  4. Dates are days since 1970-01-01 (util.h date_parse); -1 when unknown.
 *  5. Unknown numeric values are NaN (double) or -1 (small integers).
 *  6. The engine is read-only once loaded: analyses may run on several
 *     threads over one engine without locks.
 *
 * Ownership: engine_build_end (and so engine_load_alloc) returns an engine
 * the caller frees with engine_free. Every pointer inside belongs to the
 * engine.
 */
#ifndef ATTAIN_ENGINE_H
#define ATTAIN_ENGINE_H

#include <stdint.h>

#include "util.h"

/* A dictionary: dense index <-> store rowid <-> external code. */
typedef struct eng_dict {
	int32_t n;
	int64_t *id;       /* rowid of each entry */
	const char **code; /* external code (borrowed from the engine's pool) */
	int64_t max_id;    /* of_id has max_id + 1 entries */
	int32_t *of_id;    /* rowid -> index, -1 when absent; NULL when the
	                      rowids are too sparse (then binary search) */
} eng_dict;

int32_t eng_index_search(const eng_dict *d, int64_t id);

/* Index of a rowid in a dictionary, -1 when absent or out of range. */
static inline int32_t eng_index(const eng_dict *d, int64_t id)
{
	if (id < 0 || id > d->max_id)
		return -1;
	return d->of_id ? d->of_id[id] : eng_index_search(d, id);
}

/* A small string dictionary for categorical columns (home language, social
 * category, behaviour category): value v is labels[v]. */
typedef struct eng_labels {
	int32_t n;
	const char **label;
} eng_labels;

enum {
	ENG_GENDER_UNKNOWN = 0,
	ENG_GENDER_F = 1,
	ENG_GENDER_M = 2,
	ENG_GENDER_X = 3
};
enum {
	ENG_KIND_BASELINE = 0,
	ENG_KIND_FORMATIVE = 1,
	ENG_KIND_SUMMATIVE = 2,
	ENG_KIND_DIAGNOSTIC = 3
};
enum {
	ENG_METRIC_MEAN_SCORE = 0,
	ENG_METRIC_SHARE_PROFICIENT = 1,
	ENG_METRIC_ATTENDANCE_RATE = 2,
	ENG_METRIC_SCORE = 3
};

typedef struct engine {
	int64_t data_version; /* the store's data version when loaded */
	double load_seconds;

	/* ---- organisation tree ---- */
	eng_dict org;
	const char **org_name;
	int32_t *org_parent; /* org index of the parent, -1 for a root */
	int8_t *org_depth;   /* 0 for a root */
	int8_t *org_level;   /* level index (org_level.depth), -1 unknown */
	int32_t
	    *org_school; /* school index when the org is a school, else -1 */
	int nlevels;     /* levels 0 .. nlevels-1 */
	const char **level_name; /* level_name[d], e.g. "district" */
	int school_level; /* level of schools (the deepest), -1 if none */

	/* Schools: the orgs with is_school = 1, in org order. */
	int32_t nschool;
	int32_t *school_org; /* org index of each school */
	/* Ancestor of each school at each level: school_anc[s * nlevels + d]
	 * is the org index at level d on the path to the root (the school
	 * itself at its own level), -1 when the path has no org at that
	 * level. */
	int32_t *school_anc;

	/* ---- calendar ---- */
	eng_dict year;
	int32_t *year_start; /* days */
	int32_t *year_end;
	eng_dict term;
	int32_t *term_year;
	int16_t *term_seq;
	int8_t *term_is_window; /* kind = 'window' */
	int32_t *term_start, *term_end;

	/* ---- subjects and standards ---- */
	eng_dict subject;
	const char **subject_name;
	int8_t *subject_core;
	eng_dict standard;
	int32_t *standard_subject;
	int16_t *standard_grade; /* -1 unknown */
	int32_t *standard_parent;
	const char **standard_desc;

	/* ---- students and their context ---- */
	eng_dict student;
	int8_t *st_gender;  /* ENG_GENDER_* */
	int32_t *st_birth;  /* days, -1 unknown */
	int8_t *st_ses;     /* ses_disadvantaged: 1, 0, -1 unknown */
	int8_t *st_sen;     /* special_needs: 1, 0, -1 unknown */
	int16_t *st_lang;   /* index into home_language, -1 unknown */
	int16_t *st_social; /* index into social_category, -1 unknown */
	int8_t *st_active;
	eng_labels home_language;
	eng_labels social_category;

	/* ---- staff ---- */
	eng_dict staff;
	int32_t *staff_org; /* -1 none */

	/* ---- placements: where each student is each year ---- */
	int32_t npl;
	int32_t *pl_off;    /* CSR by student: nstudent + 1 offsets */
	int32_t *pl_year;   /* sorted by year start within a student */
	int32_t *pl_school; /* school index (-1 if the org is not a school) */
	int32_t *pl_org;    /* org index */
	int16_t *pl_grade;

	/* ---- classes, teachers, enrolments ---- */
	eng_dict cls;
	int32_t *cls_org;    /* org index */
	int32_t *cls_school; /* school index or -1 */
	int32_t *cls_year;
	int16_t *cls_grade;   /* -1 unknown */
	int32_t *cls_subject; /* -1 for a homeroom */
	int32_t *cls_lead;    /* staff index of the (first) lead teacher, -1 */
	int32_t nteach;       /* teacher_of rows */
	int32_t *teach_class, *teach_staff;
	int8_t *teach_lead;
	int32_t nenrol;
	int32_t *en_off;     /* CSR by class: ncls + 1 */
	int32_t *en_student; /* sorted within a class */
	int32_t *ens_off;    /* CSR by student: nstudent + 1 */
	int32_t *ens_class;  /* classes of a student, ascending */

	/* ---- assessments, cut scores, items ---- */
	eng_dict ass;
	const char **ass_name;
	int32_t *ass_subject;
	int32_t *ass_year;
	int32_t *ass_term;  /* -1 none */
	int16_t *ass_grade; /* -1 unknown */
	int8_t *ass_kind;   /* ENG_KIND_* */
	int32_t *ass_date;  /* days, -1 unknown */
	double *ass_max;
	int32_t *ass_class; /* -1 unless a class's own assessment */
	/* Cut scores, CSR by assessment, ascending seq: band b of assessment a
	 * is cut_min[cut_off[a] + b], named cut_band[...]. */
	int32_t *cut_off;
	double *cut_min;
	const char **cut_band;
	/* The "proficient" cut of each assessment: the min_score of the band
	 * named proficient (case-insensitive), else of band nbands/2; NaN when
	 * the assessment has no cut scores. */
	double *ass_prof_cut;

	eng_dict item; /* item codes are unique within an assessment only */
	int32_t *item_ass;
	int16_t *item_seq;
	double *item_max;
	int32_t *item_standard; /* -1 none */
	int8_t *item_dok;       /* -1 unknown */
	int32_t *items_off;     /* CSR by assessment: the items of a are
	                           items_idx[items_off[a] .. items_off[a+1]) */
	int32_t *items_idx;     /* ordered by seq, then index */

	/* ---- results (rule 2) ---- */
	int64_t nres;
	int64_t *res_off; /* nass + 1 */
	int32_t *res_student;
	double *res_score;
	int32_t *res_ass; /* assessment of each result row */
	int64_t *rs_off;  /* CSR by student: nstudent + 1 */
	int64_t *rs_row;  /* result rows of a student, by assessment index */

	/* ---- item responses (rule 2) ---- */
	int64_t nir;
	int64_t *ir_off; /* nitem + 1 */
	int32_t *ir_student;
	float *ir_points;

	/* ---- attendance: one record per student and year ---- */
	int32_t natt;
	int32_t *att_student; /* sorted by student, then year */
	int32_t *att_year;
	int16_t *att_possible, *att_present, *att_absent, *att_excused,
	    *att_late;
	int64_t *att_marks_off; /* natt + 1 offsets into att_marks */
	uint8_t *att_marks; /* attendance.h nibble codes, day 0 = year start */

	/* ---- behaviour events, sorted by student then date ---- */
	int32_t nbeh;
	int32_t *beh_off; /* CSR by student */
	int32_t *beh_date;
	int8_t *beh_positive;
	int16_t *beh_category; /* index into beh_categories */
	int32_t *beh_points;
	int8_t *beh_serious;
	int32_t *beh_staff; /* -1 none */
	eng_labels beh_categories;

	/* ---- attitude to learning (1 excellent .. 4 poor) ---- */
	int32_t natt_grade;
	int32_t *atg_student, *atg_term, *atg_subject;
	int8_t *atg_grade;

	/* ---- interventions and participants ---- */
	eng_dict iv;
	const char **iv_name;
	int32_t *iv_org, *iv_subject, *iv_year; /* -1 none */
	int32_t *iv_start, *iv_end;             /* days */
	double *iv_cost;                        /* NaN unknown */
	int32_t npart;
	int32_t *part_off; /* CSR by intervention */
	int32_t *part_student;
	double *part_dosage; /* NaN unknown */
	int32_t *part_start, *part_end;

	/* ---- goals ---- */
	eng_dict goal;
	const char **goal_title;
	int32_t *goal_student, *goal_class, *goal_org, *goal_subject; /* -1 */
	int8_t *goal_metric; /* ENG_METRIC_* */
	double *goal_baseline, *goal_target;
	int32_t *goal_baseline_date, *goal_due;
	int8_t *goal_by_student; /* set_by = 'student' */
	int32_t *goal_staff;

	/* ---- school profiles (UDISE+), one row per school and year ---- */
	int32_t nprof;
	int32_t *prof_school, *prof_year;
	int8_t *prof_rural; /* 1 rural, 0 urban, -1 unknown */
	int8_t *prof_water, *prof_electricity, *prof_library, *prof_ramps;
	int32_t *prof_toilets_girls, *prof_toilets_boys, *prof_classrooms;
	int32_t *prof_teachers, *prof_enrolment; /* -1 unknown */
	double *prof_ptr; /* pupil-teacher ratio, NaN unknown */

	arena pool; /* strings */
} engine;

/* Parts of the store to load; ENG_LOAD_ALL loads everything. */
enum {
	ENG_LOAD_RESULTS = 1 << 0,
	ENG_LOAD_ITEMS = 1 << 1,
	ENG_LOAD_ATTENDANCE = 1 << 2,
	ENG_LOAD_BEHAVIOUR = 1 << 3,
	ENG_LOAD_OTHER = 1 << 4, /* attitude, interventions, goals, profiles */
	ENG_LOAD_ALL = 0x1f
};

void engine_free(engine *g);

/* ---- building an engine from rows ----
 *
 * Tables are added in this order (a row may refer by rowid only to tables
 * before its own; references to nothing become -1). Rows of the entity
 * tables come in ascending rowid order, the others in the order the
 * engine.h fields state (placements by student, enrolments by class, cut
 * scores by assessment and seq, behaviour by student and date). Unknown
 * values: ids and small integers -1, doubles NaN, text NULL; dates are ISO
 * "YYYY-MM-DD" text. A table that is never begun is empty.
 *
 *     eng_build *b = engine_build_begin();
 *     engine_build_table(b, ENG_T_ORG, 3);     // room for 3 rows
 *     engine_add_org(b, &(eng_org_row){10, "ST", "State", -1, "state", 0});
 *     ...
 *     eng_rows *r = engine_results_begin(b);  // after the items
 *     engine_rows_add(r, n, ass_id, student_id, score);
 *     engine_rows_end(r);
 *     engine *g;
 *     if (engine_build_end(b, &g, e)) ...     // frees b either way
 */
typedef enum eng_table {
	ENG_T_LEVEL,
	ENG_T_ORG,
	ENG_T_YEAR,
	ENG_T_TERM,
	ENG_T_SUBJECT,
	ENG_T_STANDARD,
	ENG_T_STUDENT,
	ENG_T_STAFF,
	ENG_T_CLASS,
	ENG_T_TEACHER,
	ENG_T_ENROLMENT,
	ENG_T_PLACEMENT,
	ENG_T_ASSESSMENT,
	ENG_T_CUT,
	ENG_T_ITEM,
	ENG_T_BEHAVIOUR,
	ENG_T_ATTITUDE,
	ENG_T_INTERVENTION,
	ENG_T_PARTICIPANT,
	ENG_T_GOAL,
	ENG_T_PROFILE,
	ENG_T_N
} eng_table;

typedef struct eng_build eng_build;

/* A new, empty engine under construction (aborts when out of memory). */
eng_build *engine_build_begin(void);

/*
 * Finish the tables before t and begin table t with room for n rows (a
 * table of the store gives its row count). Returns ATT_OK, or the error
 * of finishing a table (ATT_EINPUT: an org is in a cycle; ATT_EUSAGE: t
 * comes before a table already begun, or more rows were added to a table
 * than it had room for), which engine_build_end returns again.
 */
int engine_build_table(eng_build *b, eng_table t, int64_t n);

/* Finish every table and hand over the engine (*out), or free it and
 * return the first error. Frees b. */
int engine_build_end(eng_build *b, engine **out, att_err *e);

/* Abandon a build (b may be NULL). */
void engine_build_free(eng_build *b);

/* The data version the engine is stamped with (engine.data_version). */
void engine_build_version(eng_build *b, int64_t data_version);

typedef struct eng_level_row {
	int depth;
	const char *name;
} eng_level_row;
typedef struct eng_org_row {
	int64_t id;
	const char *code, *name;
	int64_t parent_id;
	const char *level; /* the name of its org level */
	int is_school;
} eng_org_row;
typedef struct eng_year_row {
	int64_t id;
	const char *code, *start, *end;
} eng_year_row;
typedef struct eng_term_row {
	int64_t id;
	const char *code;
	int64_t year_id;
	int seq;
	const char *kind, *start, *end;
} eng_term_row;
typedef struct eng_subject_row {
	int64_t id;
	const char *code, *name;
	int core;
} eng_subject_row;
typedef struct eng_standard_row {
	int64_t id;
	const char *code;
	int64_t subject_id;
	int grade;
	int64_t parent_id;
	const char *description;
} eng_standard_row;
typedef struct eng_student_row {
	int64_t id;
	const char *code, *gender, *birth_date;
	int ses, sen; /* 1, 0, -1 unknown */
	const char *home_language, *social_category;
	int active;
} eng_student_row;
typedef struct eng_staff_row {
	int64_t id;
	const char *code;
	int64_t org_id;
} eng_staff_row;
typedef struct eng_class_row {
	int64_t id;
	const char *code;
	int64_t org_id, year_id;
	int grade;
	int64_t subject_id;
} eng_class_row;
typedef struct eng_teacher_row {
	int64_t class_id, staff_id;
	const char *role;
} eng_teacher_row;
typedef struct eng_enrolment_row {
	int64_t class_id, student_id;
} eng_enrolment_row;
typedef struct eng_placement_row {
	int64_t student_id, year_id, org_id;
	int grade;
} eng_placement_row;
typedef struct eng_assessment_row {
	int64_t id;
	const char *code, *name;
	int64_t subject_id, year_id, term_id;
	int grade;
	const char *kind, *date;
	double max_score;
	int64_t class_id;
} eng_assessment_row;
typedef struct eng_cut_row {
	int64_t assessment_id;
	int seq;
	const char *band;
	double min_score;
} eng_cut_row;
typedef struct eng_item_row {
	int64_t id;
	const char *code;
	int64_t assessment_id;
	int seq;
	double max_points;
	int64_t standard_id;
	int dok;
} eng_item_row;
typedef struct eng_behaviour_row {
	int64_t student_id;
	const char *date, *kind, *category;
	int points, serious;
	int64_t staff_id;
} eng_behaviour_row;
typedef struct eng_attitude_row {
	int64_t student_id, term_id, subject_id;
	int grade;
} eng_attitude_row;
typedef struct eng_intervention_row {
	int64_t id;
	const char *code, *name;
	int64_t org_id, subject_id, year_id;
	const char *start, *end;
	double cost;
} eng_intervention_row;
typedef struct eng_participant_row {
	int64_t intervention_id, student_id;
	double dosage;
	const char *start, *end;
} eng_participant_row;
typedef struct eng_goal_row {
	int64_t id;
	const char *code, *title;
	int64_t student_id, class_id, org_id, subject_id;
	const char *metric;
	double baseline;
	const char *baseline_date;
	double target;
	const char *due_date, *set_by;
	int64_t staff_id;
} eng_goal_row;
typedef struct eng_profile_row {
	int64_t org_id, year_id;
	const char *location;
	int water, toilets_girls, toilets_boys, electricity, library, ramps;
	int classrooms, teachers, enrolment;
	double pupil_teacher_ratio;
} eng_profile_row;

/* Add one row to the table begun last (ATT_EUSAGE at engine_build_end if
 * it is another table). Text is copied. */
void engine_add_level(eng_build *b, const eng_level_row *r);
void engine_add_org(eng_build *b, const eng_org_row *r);
void engine_add_year(eng_build *b, const eng_year_row *r);
void engine_add_term(eng_build *b, const eng_term_row *r);
void engine_add_subject(eng_build *b, const eng_subject_row *r);
void engine_add_standard(eng_build *b, const eng_standard_row *r);
void engine_add_student(eng_build *b, const eng_student_row *r);
void engine_add_staff(eng_build *b, const eng_staff_row *r);
void engine_add_class(eng_build *b, const eng_class_row *r);
void engine_add_teacher(eng_build *b, const eng_teacher_row *r);
void engine_add_enrolment(eng_build *b, const eng_enrolment_row *r);
void engine_add_placement(eng_build *b, const eng_placement_row *r);
void engine_add_assessment(eng_build *b, const eng_assessment_row *r);
void engine_add_cut(eng_build *b, const eng_cut_row *r);
void engine_add_item(eng_build *b, const eng_item_row *r);
void engine_add_behaviour(eng_build *b, const eng_behaviour_row *r);
void engine_add_attitude(eng_build *b, const eng_attitude_row *r);
void engine_add_intervention(eng_build *b, const eng_intervention_row *r);
void engine_add_participant(eng_build *b, const eng_participant_row *r);
void engine_add_goal(eng_build *b, const eng_goal_row *r);
void engine_add_profile(eng_build *b, const eng_profile_row *r);

/*
 * Results (by assessment) or item responses (by item), added in batches in
 * any order and put in the CSR order of rule 2 at the end (a stable
 * counting sort: within an assessment or item, rows keep the order they
 * were added in, which must be ascending student). Begin both (and the
 * attendance) after the items and before any later table, on the thread
 * that builds; each may then be filled on a thread of its own while the
 * later tables are added. Rows naming an unknown assessment, item or
 * student are skipped. engine_rows_end also builds the by-student index
 * of results.
 */
typedef struct eng_rows eng_rows;
eng_rows *engine_results_begin(eng_build *b);
eng_rows *engine_responses_begin(eng_build *b);
void engine_rows_add(eng_rows *r, int n, const int64_t *group_id,
                     const int64_t *student_id, const double *value);
void engine_rows_end(eng_rows *r);

/* Attendance: one record per student and year (by student, then year),
 * its marks in attendance.h's 4-bit codes, tallied here. */
typedef struct eng_attendance eng_attendance;
eng_attendance *engine_attendance_begin(eng_build *b);
void engine_attendance_add(eng_attendance *a, int64_t student_id,
                           int64_t year_id, const uint8_t *marks, int len);
void engine_attendance_end(eng_attendance *a);

/* Placement row of a student in a year, -1 when none. */
int32_t engine_placement(const engine *g, int32_t student, int32_t year);

/* The student's score on an assessment (NaN when none), by binary search in
 * the assessment's result rows. */
double engine_score(const engine *g, int32_t ass, int32_t student);

/* The class of a student for a subject in a year: a class of that year
 * whose subject is `subject`, else the student's homeroom of that year,
 * else -1. */
int32_t engine_student_class(const engine *g, int32_t student, int32_t year,
                             int32_t subject);

/* Proficiency band (0-based seq position) of a score on an assessment, -1
 * when the assessment has no cut scores or the score is below every cut. */
int engine_band(const engine *g, int32_t ass, double score);

/* Number of bands of an assessment. */
static inline int engine_nbands(const engine *g, int32_t ass)
{
	return g->cut_off[ass + 1] - g->cut_off[ass];
}

/* Ancestor of a school at a level (org index, -1 none). */
static inline int32_t engine_school_anc(const engine *g, int32_t school,
                                        int level)
{
	return g->school_anc[(int64_t)school * g->nlevels + level];
}

/* One-line summary of what is loaded ("N students, N results, ...") into b. */
void engine_describe(const engine *g, buf *b);

#endif
