/*
 * cmd_audit.c - `attain audit`: the audit log, newest first (who, what,
 * when, from where).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_web.h"

int cmd_audit(cli_ctx *ctx, int argc, char **argv)
{
	long limit = 100;
	const char *user = NULL, *target = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			char *end;
			limit = strtol(argv[++i], &end, 10);
			if (*end || limit < 1)
				return cli_usage_error(
				    "audit", "'%s' is not a count", argv[i]);
		} else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc) {
			user = argv[++i];
		} else if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
			target = argv[++i];
		} else {
			return cli_usage_error("audit", "unknown argument '%s'",
			                       argv[i]);
		}
	}
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	sw_rows rows;
	int64_t args[1] = {(user || target) ? 1000000 : limit};
	int rc = store_web_query(s, SWQ_AUDIT, args, 1, &a, &rows, &e);
	if (!rc) {
		long shown = 0;
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
