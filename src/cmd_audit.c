/*
 * cmd_audit.c - `attain audit`: the audit log, newest first (who, what,
 * when, from where).
 */
#include <limits.h>
#include <string.h>

#include "cli.h"
#include "store_web.h"

typedef struct audit_opts {
	long long limit;
	const char *user, *target;
} audit_opts;

static const cli_opt options[] = {
    CLI_INT("--limit", "N", "show at most N entries (default 100)", audit_opts,
            limit, 1, LLONG_MAX),
    CLI_STR("--user", "NAME", "only the entries of account NAME", audit_opts,
            user),
    CLI_STR("--target", "CODE",
            "only the entries about CODE (a student, class or org)", audit_opts,
            target),
    CLI_OPT_END,
};

static int audit_main(cli_ctx *ctx, int argc, char **argv)
{
	audit_opts o = {.limit = 100};
	if (cli_parse(&cmd_audit, &o, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	long long limit = o.limit;
	const char *user = o.user, *target = o.target;
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	sw_rows rows;
	int64_t args[1] = {(user || target) ? 1000000 : (int64_t)limit};
	int rc = store_web_query(s, SWQ_AUDIT, args, 1, &a, &rows, &e);
	if (!rc) {
		long long shown = 0;
		printf("%-20s  %-14s  %-14s  %-24s  %s\n", "when", "who",
		       "action", "target", "from");
		for (int i = 0; i < rows.nrow && shown < limit; i++) {
			const char *u = sw_at(&rows, i, 1)->text;
			const char *t = sw_at(&rows, i, 4)->text;
			if ((user && strcmp(u, user) != 0) ||
			    (target && strcmp(t, target) != 0))
				continue;
			char tg[256];
			snprintf(tg, sizeof(tg), "%s:%s",
			         sw_at(&rows, i, 3)->text, t);
			printf("%-20s  %-14s  %-14s  %-24s  %s\n",
			       sw_at(&rows, i, 0)->text, u,
			       sw_at(&rows, i, 2)->text, tg,
			       sw_at(&rows, i, 5)->text);
			shown++;
		}
	}
	arena_free(&a);
	store_close(s);
	return rc ? cli_fail(&e) : EXIT_OK;
}

const command cmd_audit = {
    .name = "audit",
    .fn = audit_main,
    .summary = "list the audit log (who saw what, when, from where)",
    .about = "Print audit entries newest first: sign-ins, failed sign-ins and "
             "every\n"
             "view of named student data (default: the last 100).\n",
    .opts = options,
};
