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
/* Set the account's password hash and end its sessions: every one, or
 * every one but the session whose token hash is keep (the session a
 * password was changed from on the web). *ended (when not NULL) gets how
 * many ended. One transaction (or the caller's); ATT_ENOTFOUND if no such
 * account. */
int store_account_set_password(store *s, const char *username,
                               const char *pw_hash, const char *keep,
                               int *ended, att_err *e);
/* Set the account's language (a code the caller checked with i18n_known:
 * pages, parents' report cards); ATT_ENOTFOUND if no such account. */
int store_account_set_lang(store *s, const char *username, const char *lang,
                           att_err *e);
/* Set every account's password hash (demo --password) and end every
 * session. */
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

/*
 * The audit log: one entry per event that touched named data or an
 * account. Actions in use (docs/PRIVACY.md, "Audit"): view (a page of
 * named people), login, login-failed, login-delayed (a sign-in refused
 * while its delay runs), logout, passwd, passwd-failed, unlock, set-lang,
 * user-add, user-remove, export (a table naming people), report (a report
 * naming people), delete (a row deleted by an import), erase (a student's
 * tombstone, store_erase.h) and the data-entry saves. A target is a code, or
 * codes joined by '/' for a composite key.
 */
typedef struct audit_entry {
	int64_t at;           /* seconds since 1970, UTC: the caller's clock */
	const char *when;     /* store_audit_list: `at` as stored,
	                         "YYYY-MM-DDTHH:MM:SSZ" */
	int64_t account_id;   /* 0: none (the command line, an unknown name) */
	const char *username; /* the account, or the command line's user */
	const char *action;
	const char *target_kind;
	const char *target;
	const char *address; /* the client's address, or "cli" */
	const char *detail;  /* words for a person; NULL: none */
} audit_entry;

/* Append one audit entry (in the caller's transaction, if one is open). */
int store_audit_add(store *s, const audit_entry *a, att_err *e);

/* Which entries store_audit_list returns: NULL or 0 fields match
 * anything. action matches the action or the actions that start with it
 * and a hyphen ("login" finds login-failed too); target matches a whole
 * target or one '/'-separated part of it. */
typedef struct audit_filter {
	const char *action;
	const char *username;
	const char *target_kind;
	const char *target;
	int64_t since, until; /* at >= since, at < until (seconds); 0: open */
	int64_t limit;        /* the newest `limit` entries; 0: every one */
} audit_filter;
typedef void (*audit_fn)(void *ctx, const audit_entry *a);
/* The matching entries, newest first; strings live for the call of fn. */
int store_audit_list(store *s, const audit_filter *f, audit_fn fn, void *ctx,
                     att_err *e);

#endif
