/*
 * store_web.h - the SQL the web server needs: sessions, sign-in failures,
 * the facts the scope function decides on (an account's scope sets, the org
 * path of an org, class or student), and the named read-only queries that
 * fill pages. Pages never build SQL: they name a query (sw_query) and get a
 * typed result set in their request arena.
 *
 * Ownership: every result (strings, arrays) is allocated in the caller's
 * arena and lives as long as it. Errors: ATT_EIO with e filled; "not found"
 * is ATT_ENOTFOUND.
 */
#ifndef ATTAIN_STORE_WEB_H
#define ATTAIN_STORE_WEB_H

#include <stdint.h>

#include "auth.h"
#include "store.h"
#include "store_rows.h"
#include "util.h"

/* Register the SQL functions the page queries use (att_present(marks),
 * att_possible(marks): attendance tallies of a marks blob). Call once per
 * connection before any sw_query. */
int store_web_prepare(store *s, att_err *e);

/* ---- sessions ---- */

typedef struct sw_session {
	int64_t account_id;
	const char *username;
	const char *role;
	const char *lang;
	const char *csrf;
	int64_t staff_id, student_id, guardian_id; /* 0 when none */
	int64_t last_seen, expires_at;
} sw_session;

int store_web_session_add(store *s, const char *token_hash, int64_t account_id,
                          const char *csrf, const char *address, int64_t now,
                          int64_t expires_at, att_err *e);
/* The live session with this token hash: not expired (expires_at > now) and
 * not idle (last_seen > now - idle), account not disabled. ATT_ENOTFOUND
 * otherwise. */
int store_web_session_get(store *s, const char *token_hash, int64_t now,
                          int64_t idle, arena *a, sw_session *out, att_err *e);
int store_web_session_touch(store *s, const char *token_hash, int64_t now,
                            att_err *e);
int store_web_session_remove(store *s, const char *token_hash, att_err *e);
/* Delete expired sessions; returns how many were removed (or -1). */
int store_web_session_purge(store *s, int64_t now, int64_t idle);

/* ---- sign-in throttling (auth.h) ---- */

/* The failures of username since `since`: at this address (the pair) and
 * at any address, with the time of the latest of each. */
int store_web_failures(store *s, const char *username, const char *address,
                       int64_t since, auth_failures *out, att_err *e);
/* Record one failure and prune rows older than `prune_before`. */
int store_web_failure_add(store *s, const char *username, const char *address,
                          int64_t now, int64_t prune_before, att_err *e);
/* Forget the failures of a username at one address (after it signed in
 * there), or at every address when address is NULL (an administrator's
 * unlock); *cleared (when not NULL) gets how many were forgotten. */
int store_web_failures_clear(store *s, const char *username,
                             const char *address, int *cleared, att_err *e);

/* ---- what the scope function decides on ---- */

typedef struct sw_ids {
	int64_t *v;
	int n;
} sw_ids;

/* An account's scope sets: orgs (account_scope org rows), classes
 * (account_scope class rows and, for its staff member, teacher_of) and
 * students (account_scope student rows, its own student, and its
 * guardian's linked students). */
int store_web_account_scope(store *s, int64_t account_id, int64_t staff_id,
                            int64_t student_id, int64_t guardian_id, arena *a,
                            sw_ids *orgs, sw_ids *classes, sw_ids *students,
                            att_err *e);

/* One org on a path, root first. */
typedef struct sw_org {
	int64_t id;
	const char *code;
	const char *name;
	const char *level;
	int is_school;
} sw_org;

/* The org with this code and its ancestors, root first (path[n-1] is the
 * org). ATT_ENOTFOUND when no such code. */
int store_web_org_path(store *s, const char *code, arena *a, sw_org **path,
                       int *n, att_err *e);
/* The same for an org id. */
int store_web_org_path_id(store *s, int64_t id, arena *a, sw_org **path, int *n,
                          att_err *e);

typedef struct sw_class {
	int64_t id;
	const char *code;
	const char *name;
	int64_t org_id;
	int grade;
	const char *subject;
	const char *year;
	int64_t year_id;
	int64_t subject_id; /* 0: a homeroom class (every subject) */
} sw_class;
int store_web_class(store *s, const char *code, arena *a, sw_class *out,
                    att_err *e);

typedef struct sw_student {
	int64_t id;
	const char *code;
	const char *given_name;
	const char *family_name;
	int64_t school_id;      /* latest placement's school, 0 if none */
	int grade;              /* latest placement's grade */
	sw_ids classes;         /* classes enrolled in (any year) */
	sw_ids current_classes; /* classes of the latest placement's year */
} sw_student;
int store_web_student(store *s, const char *code, arena *a, sw_student *out,
                      att_err *e);

/* ---- named page queries ---- */

typedef enum {
	SWQ_ORG_CHILDREN,   /* ?1 org id, ?2 year id: child units */
	SWQ_ORG_SUMMARY,    /* ?1 org id, ?2 year id: one row of totals */
	SWQ_ORG_TREND,      /* ?1 org id: mean and share proficient per year */
	SWQ_ORG_SUPPORT,    /* ?1 org id, ?2 year id: schools by mean, lowest */
	SWQ_SCHOOL_GRADES,  /* ?1 school id, ?2 year id */
	SWQ_SCHOOL_CLASSES, /* ?1 school id, ?2 year id */
	SWQ_SCHOOL_SUBJECTS,      /* ?1 school id, ?2 year id */
	SWQ_SCHOOL_SUBGROUPS,     /* ?1 school id, ?2 year id */
	SWQ_SCHOOL_GAPS,          /* ?1 school id: gender/ses gap per year */
	SWQ_SCHOOL_INTERVENTIONS, /* ?1 school id */
	SWQ_SCHOOL_GOALS,         /* ?1 school id */
	SWQ_SCHOOL_OBSERVATIONS,  /* ?1 school id */
	SWQ_SCHOOL_SURVEYS,       /* ?1 school id */
	SWQ_CLASS_ITEMS,          /* ?1 class id: item difficulty */
	SWQ_STUDENT_RESULTS,      /* ?1 student id: every result over time,
	                             with its year and subject ids */
	SWQ_STUDENT_ATTENDANCE,   /* ?1 student id: per year */
	SWQ_STUDENT_GOALS,        /* ?1 student id */
	SWQ_TEACHER_CLASSES,      /* ?1 account id, ?2 staff id */
	SWQ_PARENT_CHILDREN, /* ?1 account id, ?2 guardian id, ?3 student id */
	SWQ_OFFICER_ORGS,    /* ?1 account id */
	SWQ_ROOT_ORGS,       /* orgs without a parent */
	SWQ_LATEST_YEAR,     /* latest year with summative results */
	/* read the derived tables of the latest analysis run */
	SWQ_ORG_CHILDREN_D,     /* ?1 org id, ?2 year id: + VA, early warning */
	SWQ_ORG_SUMMARY_D,      /* ?1 org id, ?2 year id */
	SWQ_ORG_SUPPORT_D,      /* ?1 org id, ?2 year id: by VA interval */
	SWQ_ORG_PEERS,          /* ?1 org id: peer-learning pairs inside */
	SWQ_SCHOOL_EWS,         /* ?1 school id, ?2 year id: flagged students */
	SWQ_SCHOOL_EWS_REASONS, /* ?1 school id, ?2 year id: their reasons */
	SWQ_CLASS_EWS,          /* ?1 class id: flagged students */
	SWQ_CLASS_EWS_REASONS,  /* ?1 class id: their reasons */
	SWQ_CLASS_EWS_YEAR,     /* ?1 class id: 1 when ews covered its year */
	SWQ_STUDENT_EWS,        /* ?1 student id: the student's flag */
	SWQ_STUDENT_EWS_REASONS, /* ?1 student id: its reasons */
	SWQ_CLASS_GROUPS,        /* ?1 class id: instructional groups of the
	                            latest assessment grouped, numbered from 1 */
	SWQ_UNIT_ORGS,           /* orgs above schools, root first */
	SWQ_ORG_TREND_D,         /* ?1 org id: mean per year from desc_stat */
	SWQ_YEARS, /* years with summative results, newest first: id, code */
	SWQ_COUNT
} sw_query;

/* The page queries return rowsets (store_rows.h), read by column name.
 * The older names below stay while the pages move to rows_int/rows_num/
 * rows_text: sw_at reads a cell by position. */
typedef rowset sw_rows;
typedef rowval sw_val;
#define SWV_NULL ROWV_NULL
#define SWV_INT ROWV_INT
#define SWV_REAL ROWV_REAL
#define SWV_TEXT ROWV_TEXT

static inline sw_val *sw_at(const sw_rows *r, int row, int col)
{
	return &r->v[(size_t)row * (size_t)r->ncol + (size_t)col];
}

/* Run a named query with up to 4 integer arguments (bound as ?1..?n)
 * into a rowset. Row cap: 5000 (the pages never show more). */
int store_web_query(store *s, sw_query q, const int64_t *args, int nargs,
                    arena *a, sw_rows *out, att_err *e);

/* 1 when an analysis run that wrote `analysis` has finished. */
int store_web_analysed(store *s, const char *analysis);

/* The account id for a username, or -1. */
int64_t store_web_account_id(store *s, const char *username);

#endif
