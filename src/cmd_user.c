/*
 * cmd_user.c - `attain user add|list|passwd|remove|lang|unlock`: accounts,
 * their role and scope, their password (a new one ends every session of
 * the account) and the sign-in delays an administrator may lift. Passwords
 * come from --password or, when it is absent, the first line of standard
 * input (so they need not appear in a process list). Every change is
 * audited with the operating-system user as its actor.
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "i18n.h"
#include "scope.h"
#include "store_account.h"
#include "store_web.h"

static int read_password(const char *given, char *out, size_t n)
{
	if (given) {
		if (strlen(given) >= n)
			return -1;
		strcpy(out, given);
	} else {
		if (!fgets(out, (int)n, stdin))
			return -1;
		out[strcspn(out, "\r\n")] = '\0';
	}
	return *out ? 0 : -1;
}

static void list_one(void *ctx, const account_row *a)
{
	(void)ctx;
	printf("%-20s %-10s %-3s %s%s\n", a->username, a->role,
	       a->lang && *a->lang ? a->lang : "en",
	       *a->scope ? a->scope
	                 : (strcmp(a->role, "admin") == 0 ? "all" : "-"),
	       a->disabled ? " (disabled)" : "");
}

typedef struct user_opts {
	const char *role, *password, *staff, *student, *guardian, *lang;
	cli_list scope;
} user_opts;

static const cli_opt options[] = {
    CLI_STR("--role", "ROLE",
            "student, parent, teacher, principal, officer or admin", user_opts,
            role),
    CLI_LIST("--scope", "KIND:CODE",
             "what the account may see: org:CODE, class:CODE or "
             "student:CODE (repeat it for several)",
             user_opts, scope),
    CLI_STR("--staff", "CODE",
            "a teacher's staff code: the classes they teach are their scope",
            user_opts, staff),
    CLI_STR("--student", "CODE", "a student account's student code", user_opts,
            student),
    CLI_STR("--guardian", "CODE",
            "a parent's guardian code: their children are their scope",
            user_opts, guardian),
    CLI_STR("--password", "PW",
            "the password (default: the first line of standard input)",
            user_opts, password),
    CLI_STR("--lang", "en|hi", "the account's language (default: en)",
            user_opts, lang),
    CLI_OPT_END,
};

/* The --scope values of o as scope references into refs; 0, or a usage
 * error's exit status. */
static int scope_refs(const user_opts *o, account_scope_ref *refs)
{
	for (int i = 0; i < o->scope.n; i++) {
		const char *sc = o->scope.v[i];
		if (strncmp(sc, "org:", 4) == 0)
			refs[i] = (account_scope_ref){SCOPE_ORG, sc + 4};
		else if (strncmp(sc, "class:", 6) == 0)
			refs[i] = (account_scope_ref){SCOPE_CLASS, sc + 6};
		else if (strncmp(sc, "student:", 8) == 0)
			refs[i] = (account_scope_ref){SCOPE_STUDENT, sc + 8};
		else
			return cli_usage_error(
			    "user",
			    "scope '%s' is not org:, class: or "
			    "student:CODE",
			    sc);
		if (!refs[i].code[0])
			return cli_usage_error("user", "scope '%s' has no code",
			                       sc);
	}
	return 0;
}

static int user_add(const cli_ctx *ctx, store *s, const char *name,
                    const user_opts *o)
{
	const char *role = o->role, *pw = o->password, *staff = o->staff,
	           *student = o->student, *guardian = o->guardian,
	           *lang = o->lang;
	account_scope_ref refs[CLI_LIST_MAX];
	int nref = o->scope.n;
	int bad = scope_refs(o, refs);
	if (bad)
		return bad;
	if (!name || !role)
		return cli_usage_error("user", "add needs USERNAME and --role");
	if (lang && !i18n_known(lang))
		return cli_usage_error("user", "no catalogue for language '%s'",
		                       lang);
	scope_role r = scope_role_parse(role);
	if (r == ROLE_NONE)
		return cli_usage_error("user",
		                       "'%s' is not a role (student, parent, "
		                       "teacher, principal, officer, admin)",
		                       role);
	for (int i = 0; i < nref; i++) {
		scope_kind k = refs[i].kind;
		int fits = (k == SCOPE_ORG &&
		            (r == ROLE_PRINCIPAL || r == ROLE_OFFICER)) ||
		           (k == SCOPE_CLASS && r == ROLE_TEACHER) ||
		           (k == SCOPE_STUDENT &&
		            (r == ROLE_PARENT || r == ROLE_STUDENT));
		if (!fits)
			return cli_usage_error("user",
			                       "a %s cannot have scope '%s'",
			                       role, refs[i].code);
	}
	if ((r == ROLE_PRINCIPAL || r == ROLE_OFFICER) && nref == 0)
		return cli_usage_error("user", "a %s needs --scope org:CODE",
		                       role);
	if (r == ROLE_TEACHER && nref == 0 && !staff)
		return cli_usage_error(
		    "user",
		    "a teacher needs --scope class:CODE or --staff CODE");
	if (r == ROLE_PARENT && nref == 0 && !guardian)
		return cli_usage_error(
		    "user",
		    "a parent needs --scope student:CODE or --guardian CODE");
	if (r == ROLE_STUDENT && nref == 0 && !student)
		return cli_usage_error("user",
		                       "a student needs --student CODE");
	if (strlen(name) > 128)
		return cli_usage_error("user",
		                       "user name longer than 128 bytes");
	char pass[1100], hash[128];
	if (read_password(pw, pass, sizeof(pass)))
		return cli_usage_error(
		    "user",
		    "no password given (--password or a line on stdin)");
	if (auth_hash_password(pass, hash)) {
		fprintf(stderr, "attain: cannot hash the password\n");
		return EXIT_INPUT;
	}
	att_err e;
	err_clear(&e);
	if (store_begin(s, &e))
		return cli_fail(&e);
	if (store_account_add(s, name, hash, role, staff, student, guardian,
	                      refs, nref, NULL, &e) ||
	    (lang && store_account_set_lang(s, name, lang, &e)) ||
	    cli_audit(ctx, s, "user-add", "account", name, role, &e) ||
	    store_commit(s, &e)) {
		store_rollback(s);
		return cli_fail(&e);
	}
	printf("added %s (%s)\n", name, role);
	return EXIT_OK;
}

/* The subcommands and the operands each takes after its name. */
static const struct {
	const char *name;
	int nargs;
	const char *needs; /* what a wrong count is told */
} subs[] = {
    {"add", 1, "add needs USERNAME and --role"},
    {"list", 0, "list takes no arguments"},
    {"passwd", 1, "passwd needs USERNAME"},
    {"remove", 1, "remove needs USERNAME"},
    {"lang", 2, "lang needs USERNAME and a language (en, hi)"},
    {"unlock", 1, "unlock needs USERNAME"},
};

/* Check the subcommand in ops[0], its operands and which options it may
 * take; 0, or a usage error's exit status. */
static int check_sub(const user_opts *o, char **ops, int n)
{
	if (n < 1)
		return cli_usage_error("user", "missing subcommand");
	const char *sub = ops[0];
	size_t k = 0;
	while (k < ARRAY_LEN(subs) && strcmp(subs[k].name, sub) != 0)
		k++;
	if (k == ARRAY_LEN(subs))
		return cli_usage_error(
		    "user",
		    "'%s' is not add, list, passwd, remove, lang or unlock",
		    sub);
	if (n != 1 + subs[k].nargs)
		return cli_usage_error("user", "%s", subs[k].needs);
	if (k != 0 && (o->role || o->staff || o->student || o->guardian ||
	               o->lang || o->scope.n))
		return cli_usage_error(
		    "user", "only 'user add' takes --role, --scope, "
		            "--staff, --student, --guardian, --lang");
	if (o->password && strcmp(sub, "add") && strcmp(sub, "passwd"))
		return cli_usage_error("user", "%s takes no --password", sub);
	if (strcmp(sub, "lang") == 0 && !i18n_known(ops[2]))
		return cli_usage_error("user", "no catalogue for language '%s'",
		                       ops[2]);
	return 0;
}

/* Run one change of an account and its audit entry in one transaction;
 * `done` is printed after the commit. */
typedef int (*user_change_fn)(store *s, const char *name, const void *arg,
                              char *detail, size_t n, att_err *e);

static int change(const cli_ctx *ctx, store *s, const char *action,
                  const char *name, user_change_fn fn, const void *arg)
{
	att_err e;
	err_clear(&e);
	char detail[128] = "";
	if (store_begin(s, &e))
		return cli_fail(&e);
	if (fn(s, name, arg, detail, sizeof(detail), &e) ||
	    cli_audit(ctx, s, action, "account", name, *detail ? detail : NULL,
	              &e) ||
	    store_commit(s, &e)) {
		store_rollback(s);
		return cli_fail(&e);
	}
	return EXIT_OK;
}

static int do_lang(store *s, const char *name, const void *lang, char *detail,
                   size_t n, att_err *e)
{
	snprintf(detail, n, "%s", (const char *)lang);
	return store_account_set_lang(s, name, lang, e);
}

static int do_remove(store *s, const char *name, const void *arg, char *detail,
                     size_t n, att_err *e)
{
	(void)arg, (void)detail, (void)n;
	return store_account_remove(s, name, e);
}

/* A new password; every session of the account ends. */
static int do_passwd(store *s, const char *name, const void *hash, char *detail,
                     size_t n, att_err *e)
{
	int ended = 0;
	int rc = store_account_set_password(s, name, hash, NULL, &ended, e);
	snprintf(detail, n, "sessions ended: %d", ended);
	return rc;
}

/* The sign-in delays of the account end: its failures are forgotten at
 * every address (auth.h). */
static int do_unlock(store *s, const char *name, const void *arg, char *detail,
                     size_t n, att_err *e)
{
	(void)arg;
	account_row a;
	if (store_account_get(s, name, &a, e))
		return e->code;
	store_account_get(s, "", &a, NULL); /* release its statement */
	int cleared = 0;
	int rc = store_web_failures_clear(s, name, NULL, &cleared, e);
	snprintf(detail, n, "failed sign-ins forgotten: %d", cleared);
	return rc;
}

static int user_passwd(const cli_ctx *ctx, store *s, const char *name,
                       const char *given)
{
	char pass[1100], hash[128];
	if (read_password(given, pass, sizeof(pass)))
		return cli_usage_error("user", "no password given");
	if (auth_hash_password(pass, hash)) {
		fprintf(stderr, "attain: cannot hash the password\n");
		return EXIT_INPUT;
	}
	int rc = change(ctx, s, "passwd", name, do_passwd, hash);
	if (rc == EXIT_OK)
		printf("password changed for %s; every session of the account "
		       "ended\n",
		       name);
	return rc;
}

static int user_main(cli_ctx *ctx, int argc, char **argv)
{
	user_opts o = {0};
	char *ops[4];
	int n =
	    cli_parse(&cmd_user, &o, argc, argv, 1, ops, (int)ARRAY_LEN(ops));
	if (n < 0)
		return EXIT_USAGE;
	int bad = check_sub(&o, ops, n);
	if (bad)
		return bad;
	const char *sub = ops[0];
	store *s = cli_open(ctx, 1);
	if (!s)
		return EXIT_INPUT;
	att_err e;
	err_clear(&e);
	int rc = EXIT_OK;
	if (strcmp(sub, "add") == 0) {
		rc = user_add(ctx, s, ops[1], &o);
	} else if (strcmp(sub, "list") == 0) {
		if (store_account_list(s, list_one, NULL, &e))
			rc = cli_fail(&e);
	} else if (strcmp(sub, "lang") == 0) {
		rc = change(ctx, s, "set-lang", ops[1], do_lang, ops[2]);
		if (rc == EXIT_OK)
			printf("language of %s is %s\n", ops[1], ops[2]);
	} else if (strcmp(sub, "remove") == 0) {
		rc = change(ctx, s, "user-remove", ops[1], do_remove, NULL);
		if (rc == EXIT_OK)
			printf("removed %s\n", ops[1]);
	} else if (strcmp(sub, "unlock") == 0) {
		rc = change(ctx, s, "unlock", ops[1], do_unlock, NULL);
		if (rc == EXIT_OK)
			printf("unlocked %s: it may sign in at once from every "
			       "address\n",
			       ops[1]);
	} else {
		rc = user_passwd(ctx, s, ops[1], o.password);
	}
	store_close(s);
	return rc;
}

const command cmd_user = {
    .name = "user",
    .fn = user_main,
    .summary = "add, list, change or remove accounts",
    .forms =
        "[--db FILE] user add USERNAME --role ROLE [--scope KIND:CODE]...\n"
        " [--staff CODE] [--student CODE] [--guardian CODE]\n"
        " [--password PW] [--lang en|hi]\n"
        "[--db FILE] user list\n"
        "[--db FILE] user passwd USERNAME [--password PW]\n"
        "[--db FILE] user remove USERNAME\n"
        "[--db FILE] user lang USERNAME en|hi\n"
        "[--db FILE] user unlock USERNAME",
    .about =
        "Roles and their scope: student (--student CODE), parent (--scope\n"
        "student:CODE or --guardian CODE), teacher (--scope class:CODE or "
        "--staff\n"
        "CODE), principal (--scope org:SCHOOL), officer (--scope org:CODE, "
        "the\n"
        "whole subtree), admin (everything). Without --password the password "
        "is\n"
        "read from the first line of standard input. 'list' prints each "
        "account's\n"
        "username, role, language and scope. The language (--lang, 'lang') is\n"
        "the one the account's web pages and, for a parent, their children's\n"
        "report cards use; users change it on their account page (/me).\n"
        "\n"
        "'passwd' sets a new password and ends every session of the account\n"
        "(users change their own on /me/password, which ends their other\n"
        "sessions). Failed sign-ins slow the next attempt down (per account "
        "and\n"
        "per account and address, doubling up to a cap) instead of locking "
        "the\n"
        "account; 'unlock' forgets the account's failures so it may sign in "
        "at\n"
        "once. Every change is written to the audit log.\n",
    .opts = options,
};
