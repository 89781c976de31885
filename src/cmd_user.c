/*
 * cmd_user.c - `attain user add|list|passwd|remove`: accounts, their role
 * and scope. Passwords come from --password or, when it is absent, the
 * first line of standard input (so they need not appear in a process list).
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "i18n.h"
#include "scope.h"
#include "store_account.h"

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

static int user_add(store *s, int argc, char **argv)
{
	const char *name = NULL, *role = NULL, *pw = NULL, *staff = NULL,
	           *student = NULL, *guardian = NULL, *lang = NULL;
	account_scope_ref refs[64];
	int nref = 0;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--role") == 0 && v)
			role = argv[++i];
		else if (strcmp(a, "--password") == 0 && v)
			pw = argv[++i];
		else if (strcmp(a, "--staff") == 0 && v)
			staff = argv[++i];
		else if (strcmp(a, "--student") == 0 && v)
			student = argv[++i];
		else if (strcmp(a, "--guardian") == 0 && v)
			guardian = argv[++i];
		else if (strcmp(a, "--lang") == 0 && v)
			lang = argv[++i];
		else if (strcmp(a, "--scope") == 0 && v) {
			const char *sc = argv[++i];
			if (nref >= 64)
				return cli_usage_error(
				    "user", "too many --scope options");
			if (strncmp(sc, "org:", 4) == 0)
				refs[nref++] =
				    (account_scope_ref){SCOPE_ORG, sc + 4};
			else if (strncmp(sc, "class:", 6) == 0)
				refs[nref++] =
				    (account_scope_ref){SCOPE_CLASS, sc + 6};
			else if (strncmp(sc, "student:", 8) == 0)
				refs[nref++] =
				    (account_scope_ref){SCOPE_STUDENT, sc + 8};
			else
				return cli_usage_error(
				    "user",
				    "scope '%s' is not org:, class: or "
				    "student:CODE",
				    sc);
			if (!refs[nref - 1].code[0])
				return cli_usage_error(
				    "user", "scope '%s' has no code", sc);
		} else if (a[0] != '-' && !name)
			name = a;
		else
			return cli_usage_error("user", "unknown argument '%s'",
			                       a);
	}
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
	    store_commit(s, &e)) {
		store_rollback(s);
		return cli_fail(&e);
	}
	printf("added %s (%s)\n", name, role);
	return EXIT_OK;
}

int cmd_user(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("user", "missing subcommand");
	const char *sub = argv[1];
	if (strcmp(sub, "add") && strcmp(sub, "list") &&
	    strcmp(sub, "passwd") && strcmp(sub, "remove") &&
	    strcmp(sub, "lang"))
		return cli_usage_error(
		    "user", "'%s' is not add, list, passwd, remove or lang",
		    sub);
	if (strcmp(sub, "lang") == 0 && argc != 4)
		return cli_usage_error("user", "lang needs USERNAME and a "
		                               "language (en, hi)");
	if (strcmp(sub, "lang") == 0 && !i18n_known(argv[3]))
		return cli_usage_error("user", "no catalogue for language '%s'",
		                       argv[3]);
	if (strcmp(sub, "list") == 0 && argc > 2)
		return cli_usage_error("user", "list takes no arguments");
	if ((strcmp(sub, "remove") == 0 && argc != 3) ||
	    (strcmp(sub, "passwd") == 0 &&
	     !(argc == 3 || (argc == 5 && strcmp(argv[3], "--password") == 0))))
		return cli_usage_error("user", "%s needs USERNAME", sub);
	store *s = cli_open(ctx, 1);
	if (!s)
		return EXIT_INPUT;
	att_err e;
	err_clear(&e);
	int rc = EXIT_OK;
	if (strcmp(sub, "add") == 0) {
		rc = user_add(s, argc, argv);
	} else if (strcmp(sub, "list") == 0) {
		if (store_account_list(s, list_one, NULL, &e))
			rc = cli_fail(&e);
	} else if (strcmp(sub, "lang") == 0) {
		if (store_account_set_lang(s, argv[2], argv[3], &e))
			rc = cli_fail(&e);
		else
			printf("language of %s is %s\n", argv[2], argv[3]);
	} else if (strcmp(sub, "remove") == 0) {
		if (store_account_remove(s, argv[2], &e))
			rc = cli_fail(&e);
		else
			printf("removed %s\n", argv[2]);
	} else {
		char pass[1100], hash[128];
		if (read_password(argc == 5 ? argv[4] : NULL, pass,
		                  sizeof(pass)))
			rc = cli_usage_error("user", "no password given");
		else if (auth_hash_password(pass, hash))
			rc = EXIT_INPUT;
		else if (store_account_set_password(s, argv[2], hash, &e))
			rc = cli_fail(&e);
		else
			printf("password changed for %s\n", argv[2]);
	}
	store_close(s);
	return rc;
}
