/*
 * store_visit.h - the officer's school visit (migration 022,
 * docs/COLLECTION.md "School visits"): recording a visit whole (its notes,
 * the UDISE+ facilities checked, the actions agreed, the follow-up of
 * earlier open actions and the link to the lesson observations recorded in
 * it) in one transaction, a school's visits and actions, an action marked
 * done by the school, and the facilities a school's latest UDISE+ profile
 * records beside the latest visit's check.
 */
#ifndef ATTAIN_STORE_VISIT_H
#define ATTAIN_STORE_VISIT_H

#include <stdint.h>

#include "store.h"
#include "store_collect.h"
#include "store_rows.h"

/* The UDISE+ facility items a visit checks: school_profile's columns. */
extern const char *const visit_facility_items[];
extern const int visit_nfacility_items;

typedef struct visit_check {
	const char *item; /* one of visit_facility_items */
	int working;      /* 1 seen working, 0 not */
} visit_check;

typedef struct visit_action_new {
	const char *text, *owner, *due_date; /* due: YYYY-MM-DD */
} visit_action_new;

/* The follow-up of an open action of the school at this visit. */
typedef struct visit_followup {
	int64_t action_id;
	const char *note; /* may be NULL when only the status changes */
	int done;         /* 1: the action is done */
} visit_followup;

typedef struct visit_new {
	int64_t org_id; /* the school */
	const char *date, *notes;
	const visit_check *checks;
	int nchecks;
	const visit_action_new *actions;
	int nactions;
	const visit_followup *followups;
	int nfollowups;
	const int64_t *observations; /* observation ids recorded in it */
	int nobservations;
} visit_new;

/* Check a visit before anything is saved: ATT_OK or ATT_EINPUT naming the
 * first problem (a date, an unknown facility item, an action without text,
 * owner or a due date on or after the visit, a follow-up of an action
 * that is not an open action of the school). Pure but for the actions'
 * look-up. */
int store_visit_check(store *s, const visit_new *v, att_err *e);

/* Record a visit in one transaction (checked as store_visit_check), its
 * code ("VIS-N") into code_out, audited as visit.add by who. */
int store_visit_add(store *s, const visit_new *v, const collect_actor *who,
                    char code_out[32], att_err *e);

/* A school's visits, newest first: code, date, officer, notes,
 * observations, actions (agreed at it), followups (recorded at it). */
int store_visit_list(store *s, int64_t org_id, arena *a, rowset *out,
                     att_err *e);

/* A school's actions (open only when open_only), open first, by due date:
 * id, text, owner, due_date, status, overdue (1 when open and due before
 * today), visit (its code), visit_date, followup, followup_date. */
int store_visit_actions(store *s, int64_t org_id, int open_only,
                        const char *today, arena *a, rowset *out, att_err *e);

/* Mark an action of the school done with a note, dated today; audited as
 * visit.action-done. ATT_ENOTFOUND when it is not an open action of it. */
int store_visit_action_done(store *s, int64_t org_id, int64_t action_id,
                            const char *note, const char *today,
                            const collect_actor *who, att_err *e);

/* The schools under org_id, the ones most in need of a visit first (the
 * officer's "visits due"): code, name, last_visit (NULL: never),
 * open_actions, overdue (open and due before
 * today). Order: overdue actions, then never visited, then the longest
 * since the last visit. At most max rows (0: all). */
int store_visit_due(store *s, int64_t org_id, const char *today, int max,
                    arena *a, rowset *out, att_err *e);

/* The facilities of a school: one row per item (item, recorded: the
 * latest UDISE+ profile's value, NULL when not recorded; checked: the
 * latest visit's check, NULL when none; checked_date). */
int store_visit_facilities(store *s, int64_t org_id, arena *a, rowset *out,
                           att_err *e);

#endif
