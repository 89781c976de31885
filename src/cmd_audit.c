/*
 * cmd_audit.c - `attain audit`: the audit log, newest first (who, what,
 * when, from where), filtered by action, account, target kind, target
 * and a range of dates.
 */
#include <limits.h>
#include <string.h>

#include "cli.h"
#include "store_account.h"

typedef struct audit_opts {
	long long limit;
	const char *user, *target, *action, *kind, *since, *until;
} audit_opts;

static const cli_opt options[] = {
    CLI_INT("--limit", "N", "show at most N entries (default 100)", audit_opts,
            limit, 1, LLONG_MAX),
    CLI_STR("--user", "NAME",
            "only the entries of account NAME (or, for the command line, "
            "of that system user)",
            audit_opts, user),
    CLI_STR("--action", "ACTION",
            "only this action (view, login, passwd, unlock, export, report, "
            "delete, erase, consent, ...); 'login' also finds login-failed "
            "and login-delayed, 'consent' consent-grant and consent-withdraw",
            audit_opts, action),
    CLI_STR("--kind", "KIND",
            "only entries about this kind of target (student, class, org, "
            "account, table, ...)",
            audit_opts, kind),
    CLI_STR("--target", "CODE",
            "only the entries about CODE (a student, class, org, account or "
            "table)",
            audit_opts, target),
    CLI_STR("--since", "WHEN",
            "only entries at or after WHEN (YYYY-MM-DD, or "
            "YYYY-MM-DDTHH:MM:SSZ)",
            audit_opts, since),
    CLI_STR("--until", "WHEN",
            "only entries before WHEN (a date: up to the end of that day)",
            audit_opts, until),
    CLI_OPT_END,
};

/* WHEN as seconds: a date is its midnight (UTC), or the next midnight
 * when it ends a range; -1 when it is not a date or time. */
static int64_t parse_when(const char *s, int end)
{
	if (strlen(s) == 10) {
		long d = date_parse(s);
		return d < 0 ? -1 : ((int64_t)d + (end ? 1 : 0)) * 86400;
	}
	if (strlen(s) != 20)
		return -1;
	return clock_parse(s);
}

static void print_one(void *ctx, const audit_entry *a)
{
	(void)ctx;
	char tg[512];
	snprintf(tg, sizeof(tg), "%s:%s", a->target_kind, a->target);
	printf("%-20s  %-14s  %-14s  %-24s  %-15s  %s\n", a->when, a->username,
	       a->action, tg, a->address, a->detail);
}

static int audit_main(cli_ctx *ctx, int argc, char **argv)
{
	audit_opts o = {.limit = 100};
	if (cli_parse(&cmd_audit, &o, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	audit_filter f = {.action = o.action,
	                  .username = o.user,
	                  .target_kind = o.kind,
	                  .target = o.target,
	                  .limit = o.limit};
	if (o.since && (f.since = parse_when(o.since, 0)) < 0)
		return cli_usage_error("audit", "--since: '%s' is not a date",
		                       o.since);
	if (o.until && (f.until = parse_when(o.until, 1)) < 0)
		return cli_usage_error("audit", "--until: '%s' is not a date",
		                       o.until);
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	att_err e;
	err_clear(&e);
	printf("%-20s  %-14s  %-14s  %-24s  %-15s  %s\n", "when", "who",
	       "action", "target", "from", "detail");
	int rc = store_audit_list(s, &f, print_one, NULL, &e);
	store_close(s);
	return rc ? cli_fail(&e) : EXIT_OK;
}

const command cmd_audit = {
    .name = "audit",
    .fn = audit_main,
    .summary = "list the audit log (who saw what, when, from where)",
    .about =
        "Print audit entries newest first (default: the last 100): sign-ins,\n"
        "failed and delayed sign-ins, password changes and unlocks, every "
        "view\n"
        "of named student data on the web, every export of a table and every\n"
        "report that names people (saying when pseudonymised), rows deleted\n"
        "by imports, students erased (under their pseudonym), and data-entry\n"
        "saves. The filters combine; each entry shows when (UTC), who, the\n"
        "action, the target as KIND:CODE, where from (an address, or 'cli'\n"
        "for the command line) and its detail.\n",
    .opts = options,
};
