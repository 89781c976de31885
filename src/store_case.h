/*
 * store_case.h - early-warning cases: one per student in a tier of the
 * latest ews run and its year (ews_case, migration 021). A case without
 * a row is new, owned by the student's class teacher; saving one writes
 * the row and an audit entry (action ews-case) in one transaction, so the
 * audit log is the case's history. The caseload query joins the latest
 * run's ews_flag with the cases: the one list the class page, the
 * principal's page and the exceptions report read (docs/ANALYTICS.md,
 * "Early warning").
 */
#ifndef ATTAIN_STORE_CASE_H
#define ATTAIN_STORE_CASE_H

#include <stdint.h>

#include "store.h"
#include "store_account.h"
#include "store_rows.h"
#include "util.h"

/* A case's statuses, in the order a case moves through them. */
extern const char *const store_case_statuses[4];

typedef struct ews_case {
	int64_t student_id, year_id;
	int tier, rank;          /* from the latest ews run */
	int64_t school_id;       /* the placement's school (0: none) */
	int64_t owner_staff_id;  /* read: the stored owner, 0: the class
	                            teacher */
	const char *owner_code;  /* read: the owner's (or class teacher's)
	                            staff code, "" none; save: the new
	                            owner's code, "" the class teacher */
	const char *owner_name;  /* read: their name, "" none */
	const char *status;      /* one of store_case_statuses */
	const char *next_action; /* "" none */
	const char *due;         /* YYYY-MM-DD, "" none */
	const char *updated_at;  /* read: "" never saved */
} ews_case;

/*
 * The case of a student in the latest ews run's tiers, into out (strings
 * in a). ATT_ENOTFOUND when the student is in no tier (or the analysis has
 * not run), ATT_EIO on a store error.
 */
int store_case_get(store *s, int64_t student_id, arena *a, ews_case *out,
                   att_err *e);

/*
 * Save c (student_id, year_id and school_id as store_case_get gave them;
 * status, next_action, due, owner_code the new values) with an audit entry
 * from who (action ews-case, target kind student, detail saying what
 * changed) in one transaction. Checks: a known status, a due date that is
 * a date or empty, a next action of at most 500 bytes, an owner who is
 * staff of the student's school (ATT_EINPUT naming what is wrong).
 */
int store_case_save(store *s, const ews_case *c, const audit_entry *who,
                    att_err *e);

/*
 * The caseload: every student of the latest ews run's tiers in org
 * org_id or an org under it (0: any) and enrolled in class class_id (0:
 * any), ranked (tier, then rank within the school, then school), with columns
 * sid, code, name, school, school_name, grade, class (their homeroom, else
 * first class), tier, rank, nind, distance, status, owner, owner_name,
 * next_action, due.
 */
int store_case_list(store *s, int64_t org_id, int64_t class_id, arena *a,
                    rowset *out, att_err *e);

/* The reasons of the same students (columns sid, code, level, value,
 * threshold, count, total, subject; ordered by sid and seq: what
 * web_ews_flags reads). */
int store_case_reasons(store *s, int64_t org_id, int64_t class_id, arena *a,
                       rowset *out, att_err *e);

/* The tiers of org org_id in the latest run (ews_summary): counts[0]
 * assessed students, [1] in the top tier, [2] in the second; -1 each
 * when the analysis has not run for it. */
int store_case_counts(store *s, int64_t org_id, int64_t counts[3], att_err *e);

#endif
