/*
 * scope.h - the one function that decides what an account may see or
 * change. Every route that shows or writes data about an org, a class or a
 * student names that target in the route table, and the dispatcher
 * (web_route.c) asks scope_decide about it before the handler runs;
 * nothing else in the web layer looks at roles. Out of scope and "does not
 * exist" are the same answer (SCOPE_NONE), so the web answers 404 for
 * both.
 *
 * The rules (role: what it reaches):
 *   admin      everything, named
 *   officer    the orgs under each of its scope orgs, as aggregates only
 *              (suppressed); no class or student pages
 *   principal  the orgs under its school, named; classes of those orgs;
 *              students whose latest placement is in one of those orgs
 *   teacher    its classes (account_scope class rows and teacher_of);
 *              students enrolled in one of them
 *   parent     its children (account_scope student rows, guardian links)
 *   student    itself
 * Writing (issue: data entry) follows the named reading rules, minus
 * parents and students, who write nothing but their own answers.
 * A school's supervision (ACCESS_OBSERVE: its lesson observations, the
 * officers' visits and their actions): its principal and the officers
 * over it, named (an officer sees the staff its visits observe, never a
 * student); recording an officer's visit (ACCESS_VISIT): the officers over
 * the school and admins, not its principal.
 */
#ifndef ATTAIN_SCOPE_H
#define ATTAIN_SCOPE_H

#include <stdint.h>

#include "store_web.h"

typedef enum {
	ROLE_NONE = 0,
	ROLE_STUDENT,
	ROLE_PARENT,
	ROLE_TEACHER,
	ROLE_PRINCIPAL,
	ROLE_OFFICER,
	ROLE_ADMIN
} scope_role;

/* What the account is: loaded once per request from its session. */
typedef struct scope_who {
	int64_t account_id;
	scope_role role;
	const char *username;
	sw_ids orgs, classes, students;
} scope_who;

typedef enum { TARGET_ORG, TARGET_CLASS, TARGET_STUDENT } scope_target;
typedef enum {
	ACCESS_READ,
	ACCESS_WRITE,
	ACCESS_OBSERVE, /* a school's observations, visits and actions */
	ACCESS_VISIT    /* an officer's visit to a school */
} scope_access;
typedef enum {
	SCOPE_NONE = 0,      /* not visible: answer 404 */
	SCOPE_AGGREGATE = 1, /* aggregates only, small cells suppressed */
	SCOPE_NAMED = 2      /* named individuals visible (audited) */
} scope_level;

/* The resolved target, filled when the answer is not SCOPE_NONE. */
typedef struct scope_hit {
	sw_org *path; /* org path root first: the org, the class's school or the
	                 student's school (may be NULL for a student with no
	                 placement) */
	int npath;
	sw_class cls;   /* TARGET_CLASS */
	sw_student stu; /* TARGET_STUDENT */
} scope_hit;

/* Role from its name; ROLE_NONE if unknown. */
scope_role scope_role_parse(const char *name);
const char *scope_role_name(scope_role r);

/* Load the scope sets of an account (store_web_account_scope). */
int scope_load(store *s, int64_t account_id, const char *role,
               const char *username, int64_t staff_id, int64_t student_id,
               int64_t guardian_id, arena *a, scope_who *out, att_err *e);

/* The org rule alone, for the org at the end of `path` (root first, as
 * store_web_org_path gives it): pure, no store access. scope_decide uses
 * it for org targets; a page uses it to link only the breadcrumbs its
 * viewer may open. */
scope_level scope_org_level(const scope_who *who, const sw_org *path, int n,
                            scope_access access);

/* Decide what `who` may do with the target named by its external code.
 * Returns SCOPE_NONE for unknown codes, out-of-scope targets and store
 * errors (e filled for the latter, e->code ATT_EIO). */
scope_level scope_decide(store *s, const scope_who *who, scope_target kind,
                         const char *code, scope_access access, arena *a,
                         scope_hit *hit, att_err *e);

#endif
