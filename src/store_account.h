/*
 * store_account.h - accounts, their role and scope rows, and the audit log.
 * Roles: student (self), parent (their children), teacher (their classes),
 * principal (their school), officer (an org subtree), admin (everything).
 */
#ifndef ATTAIN_STORE_ACCOUNT_H
#define ATTAIN_STORE_ACCOUNT_H

#include <stdint.h>

#include "store.h"

typedef enum { SCOPE_ORG, SCOPE_CLASS, SCOPE_STUDENT } scope_kind;

typedef struct account_scope_ref {
	scope_kind kind;
	const char *code; /* external code of the org, class or student */
} account_scope_ref;

/* Add an account (pw_hash from auth_hash_password). staff/student/guardian
 * are external codes or NULL. Scope refs are resolved by code; an unknown
 * code fails with ATT_ENOTFOUND naming it. Runs in the caller's
 * transaction if one is open. Returns the new id in *id_out if non-NULL. */
int store_account_add(store *s, const char *username, const char *pw_hash,
                      const char *role, const char *staff_code,
                      const char *student_code, const char *guardian_code,
                      const account_scope_ref *scopes, int nscopes,
                      int64_t *id_out, att_err *e);
int store_account_set_password(store *s, const char *username,
                               const char *pw_hash, att_err *e);
/* Set the account's language (a code the caller checked with i18n_known:
 * pages, parents' report cards); ATT_ENOTFOUND if no such account. */
int store_account_set_lang(store *s, const char *username, const char *lang,
                           att_err *e);
/* Set every account's password hash (demo --password). */
int store_account_set_all_passwords(store *s, const char *pw_hash, att_err *e);
int store_account_remove(store *s, const char *username, att_err *e);

typedef struct account_row {
	int64_t id;
	const char *username;
	const char *role;
	const char *pw_hash;
	const char *lang;
	const char *scope; /* "kind:code kind:code ..." */
	int disabled;
} account_row;
typedef void (*account_fn)(void *ctx, const account_row *a);
int store_account_list(store *s, account_fn fn, void *ctx, att_err *e);
/* Look one account up by username; ATT_ENOTFOUND if absent. The strings
 * in *out live until the next call on s. */
int store_account_get(store *s, const char *username, account_row *out,
                      att_err *e);

/* Append one audit entry. */
int store_audit_add(store *s, int64_t account_id, const char *username,
                    const char *action, const char *target_kind,
                    const char *target, const char *address, const char *detail,
                    att_err *e);

#endif
