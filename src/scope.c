/*
 * scope.c - what an account may see or change (the rules are in scope.h).
 * The web's dispatcher asks it about each route's target; nothing else in
 * the web layer looks at roles.
 */
#include "scope.h"

#include <string.h>

static const char *const role_names[] = {
    [ROLE_NONE] = "",
    [ROLE_STUDENT] = "student",
    [ROLE_PARENT] = "parent",
    [ROLE_TEACHER] = "teacher",
    [ROLE_PRINCIPAL] = "principal",
    [ROLE_OFFICER] = "officer",
    [ROLE_ADMIN] = "admin",
};

scope_role scope_role_parse(const char *name)
{
	for (int r = ROLE_STUDENT; r <= ROLE_ADMIN; r++)
		if (name && strcmp(name, role_names[r]) == 0)
			return (scope_role)r;
	return ROLE_NONE;
}

const char *scope_role_name(scope_role r)
{
	return (int)r >= 0 && r <= ROLE_ADMIN ? role_names[r] : "";
}

int scope_load(store *s, int64_t account_id, const char *role,
               const char *username, int64_t staff_id, int64_t student_id,
               int64_t guardian_id, arena *a, scope_who *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	out->account_id = account_id;
	out->role = scope_role_parse(role);
	out->username = username;
	return store_web_account_scope(s, account_id, staff_id, student_id,
	                               guardian_id, a, &out->orgs,
	                               &out->classes, &out->students, e);
}

static int has(const sw_ids *ids, int64_t v)
{
	for (int i = 0; i < ids->n; i++)
		if (ids->v[i] == v)
			return 1;
	return 0;
}

/* 1 if any org on the path is one of the account's scope orgs. */
static int path_in(const scope_who *who, const sw_org *path, int n)
{
	for (int i = 0; i < n; i++)
		if (has(&who->orgs, path[i].id))
			return 1;
	return 0;
}

/* A school's supervision (ACCESS_OBSERVE, ACCESS_VISIT) for an officer:
 * named at a school under one of its scope orgs. */
static scope_level officer_visit(const scope_who *who, const sw_org *path,
                                 int n)
{
	return path[n - 1].is_school && path_in(who, path, n) ? SCOPE_NAMED
	                                                      : SCOPE_NONE;
}

scope_level scope_org_level(const scope_who *who, const sw_org *path, int n,
                            scope_access access)
{
	if (!who || n < 1)
		return SCOPE_NONE;
	switch (who->role) {
	case ROLE_ADMIN:
		return SCOPE_NAMED;
	case ROLE_OFFICER:
		if (access == ACCESS_OBSERVE || access == ACCESS_VISIT)
			return officer_visit(who, path, n);
		if (access == ACCESS_READ && path_in(who, path, n))
			return SCOPE_AGGREGATE;
		return SCOPE_NONE;
	case ROLE_PRINCIPAL:
		if (access == ACCESS_VISIT)
			return SCOPE_NONE;
		return path_in(who, path, n) ? SCOPE_NAMED : SCOPE_NONE;
	default:
		return SCOPE_NONE;
	}
}

/* A failed look-up: SCOPE_NONE, with the store's error le passed to e,
 * except an unknown code when notfound_ok (a target that does not exist
 * is simply out of scope). */
static scope_level lookup_failed(const att_err *le, att_err *e, int notfound_ok)
{
	if (e && !(notfound_ok && le->code == ATT_ENOTFOUND))
		*e = *le;
	return SCOPE_NONE;
}

/* A class's or a student's page for the roles that see it through their
 * school: an admin everywhere, a principal within their orgs. */
static scope_level school_level(const scope_who *who, const scope_hit *hit)
{
	switch (who->role) {
	case ROLE_ADMIN:
		return SCOPE_NAMED;
	case ROLE_PRINCIPAL:
		return path_in(who, hit->path, hit->npath) ? SCOPE_NAMED
		                                           : SCOPE_NONE;
	default:
		return SCOPE_NONE;
	}
}

static scope_level decide_org(store *s, const scope_who *who, const char *code,
                              scope_access access, arena *a, scope_hit *hit,
                              att_err *e)
{
	att_err le;
	err_clear(&le);
	if (store_web_org_path(s, code, a, &hit->path, &hit->npath, &le))
		return lookup_failed(&le, e, 1);
	return scope_org_level(who, hit->path, hit->npath, access);
}

static scope_level decide_class(store *s, const scope_who *who,
                                const char *code, scope_access access, arena *a,
                                scope_hit *hit, att_err *e)
{
	att_err le;
	err_clear(&le);
	(void)access;
	if (store_web_class(s, code, a, &hit->cls, &le))
		return lookup_failed(&le, e, 1);
	if (store_web_org_path_id(s, hit->cls.org_id, a, &hit->path,
	                          &hit->npath, &le))
		return lookup_failed(&le, e, 0);
	if (who->role == ROLE_TEACHER)
		return has(&who->classes, hit->cls.id) ? SCOPE_NAMED
		                                       : SCOPE_NONE;
	return school_level(who, hit);
}

static scope_level decide_student(store *s, const scope_who *who,
                                  const char *code, scope_access access,
                                  arena *a, scope_hit *hit, att_err *e)
{
	att_err le;
	err_clear(&le);
	if (store_web_student(s, code, a, &hit->stu, &le))
		return lookup_failed(&le, e, 1);
	if (hit->stu.school_id &&
	    store_web_org_path_id(s, hit->stu.school_id, a, &hit->path,
	                          &hit->npath, &le))
		return lookup_failed(&le, e, 0);
	switch (who->role) {
	case ROLE_TEACHER:
		for (int i = 0; i < hit->stu.current_classes.n; i++)
			if (has(&who->classes, hit->stu.current_classes.v[i]))
				return SCOPE_NAMED;
		return SCOPE_NONE;
	case ROLE_PARENT:
	case ROLE_STUDENT:
		if (access == ACCESS_WRITE)
			return SCOPE_NONE;
		return has(&who->students, hit->stu.id) ? SCOPE_NAMED
		                                        : SCOPE_NONE;
	default:
		return school_level(who, hit);
	}
}

scope_level scope_decide(store *s, const scope_who *who, scope_target kind,
                         const char *code, scope_access access, arena *a,
                         scope_hit *hit, att_err *e)
{
	memset(hit, 0, sizeof(*hit));
	if (!who || who->role == ROLE_NONE || !code || !*code)
		return SCOPE_NONE;
	switch (kind) {
	case TARGET_ORG:
		return decide_org(s, who, code, access, a, hit, e);
	case TARGET_CLASS:
		return decide_class(s, who, code, access, a, hit, e);
	case TARGET_STUDENT:
		return decide_student(s, who, code, access, a, hit, e);
	}
	return SCOPE_NONE;
}
