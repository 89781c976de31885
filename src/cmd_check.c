/*
 * cmd_check.c - `attain check`: integrity, foreign keys, and the
 * completeness of every data-collection window per school as of today
 * (the one definition, store_collect_status).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "store_collect.h"

struct check_state {
	int quiet;
	int strict;
	const char *today; /* --today, else the date of the clock */
	char date[11];
	int64_t last_event;
	long n[COLLECT_NSTATES], overdue;
};

static void on_problem(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "attain: check: %s\n", line);
}

static void on_line(void *vctx, const collect_status_row *r)
{
	struct check_state *cs = vctx;
	if (cs->last_event != r->event_id) {
		cs->last_event = r->event_id;
		if (!cs->quiet)
			printf("%s  %s (due %s)\n", r->event_code, r->title,
			       r->due_date);
	}
	int overdue = collect_state_overdue(r->state);
	cs->n[r->state]++;
	cs->overdue += overdue;
	if (!cs->quiet || overdue)
		printf("  %-10s %-12s %s  %ld of %ld%s%s%s\n", r->status,
		       r->school_code, r->school_name, r->done, r->expected,
		       *r->submitted_on ? "  submitted " : "", r->submitted_on,
		       overdue ? "  (overdue)" : "");
}

static const cli_opt options[] = {
    CLI_FLAG("--quiet|-q",
             "print only overdue collections, problems and the summary",
             struct check_state, quiet),
    CLI_FLAG("--strict", "fail when any collection is overdue",
             struct check_state, strict),
    CLI_STR("--today", "YYYY-MM-DD",
            "the day completeness is judged on (default: today)",
            struct check_state, today),
    CLI_OPT_END,
};

static int check_main(cli_ctx *ctx, int argc, char **argv)
{
	struct check_state cs = {0};
	if (cli_parse(&cmd_check, &cs, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	clock_local_date(clock_now(), cs.date);
	if (cs.today && date_parse(cs.today) < 0)
		return cli_usage_error("check", "'%s' is not a date", cs.today);

	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	att_err e;
	err_clear(&e);
	int problems = store_integrity(s, on_problem, NULL, &e);
	if (problems < 0) {
		store_close(s);
		return cli_fail(&e);
	}
	printf("integrity: %s\n", problems ? "FAILED" : "ok");
	collect_query q = {0, 0, 0, cs.today ? cs.today : cs.date, 0};
	if (store_collect_status(s, &q, on_line, &cs, &e)) {
		store_close(s);
		return cli_fail(&e);
	}
	store_close(s);
	printf("completeness: %ld on time, %ld late, %ld partial, %ld "
	       "missing, %ld not yet due (%ld overdue)\n",
	       cs.n[COLLECT_COMPLETE], cs.n[COLLECT_LATE],
	       cs.n[COLLECT_PARTIAL], cs.n[COLLECT_MISSING],
	       cs.n[COLLECT_PENDING], cs.overdue);
	if (problems) {
		fprintf(stderr,
		        "attain: check: %d integrity problem(s) in '%s'\n",
		        problems, ctx->db_path);
		return EXIT_INPUT;
	}
	if (cs.strict && cs.overdue) {
		fprintf(stderr,
		        "attain: check: %ld school collection(s) overdue\n",
		        cs.overdue);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

const command cmd_check = {
    .name = "check",
    .fn = check_main,
    .summary = "check integrity, foreign keys and data-collection completeness",
    .about =
        "Run SQLite's integrity check and foreign-key check, then list, for "
        "every\n"
        "data-collection window of the calendar, each school's state as of "
        "today:\n"
        "on time, late, partial, missing or not yet due, from the data "
        "entered and\n"
        "the submissions recorded (docs/COLLECTION.md). Exits 1 when the "
        "database\n"
        "has integrity or foreign-key problems (with --strict, also when a\n"
        "school's collection is overdue: partial or missing after its due "
        "date).\n",
    .opts = options,
};
