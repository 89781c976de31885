/*
 * cmd_check.c - `attain check`: integrity, foreign keys, analysis runs that
 * did not finish (store_runs.h), and the completeness of every
 * data-collection window per school as of today (the one definition,
 * store_collect_status).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "store_collect.h"
#include "store_runs.h"

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

/* One run that did not finish: failed or dead since no run finished
 * (a problem), failed before a later run finished (history), or running
 * in a live process. */
static void on_run(void *ctx, const store_run_info *r)
{
	const struct check_state *cs = ctx;
	if (cs->quiet && (r->live || r->resolved))
		return;
	const char *what = r->live       ? "running"
	                   : r->resolved ? "failed, a later run finished"
	                                 : "did not finish";
	printf("run %lld: %s (started %s%s%s; %s)\n", (long long)r->id, what,
	       r->started_at, *r->finished_at ? ", marked failed " : "",
	       r->finished_at, r->analyses);
}

/* Mark dead runs failed, list the runs that did not finish; the number
 * not resolved by a later complete run, or -1 with e filled. */
static int check_runs(store *s, struct check_state *cs, int64_t now, att_err *e)
{
	if (store_run_reap(s, now, e) < 0)
		return -1;
	int open = store_runs_unfinished(s, on_run, cs, e);
	if (open >= 0)
		printf("analysis runs: %s\n",
		       open ? "FAILED (a run did not finish)" : "ok");
	return open;
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
	int open_runs = check_runs(s, &cs, clock_now(), &e);
	if (open_runs < 0) {
		store_close(s);
		return cli_fail(&e);
	}
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
	if (open_runs) {
		fprintf(stderr,
		        "attain: check: %d analysis run(s) did not finish in "
		        "'%s' (pages read the latest complete run; run 'attain "
		        "analyze')\n",
		        open_runs, ctx->db_path);
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
    .summary = "check integrity, foreign keys, analysis runs and "
               "data-collection completeness",
    .about =
        "Run SQLite's integrity check and foreign-key check. Then the "
        "analysis\n"
        "runs: mark failed every run whose process died before it finished\n"
        "(killed, crashed, the machine stopped) and list each run that did "
        "not\n"
        "finish with its id, start and analyses. Then, for every "
        "data-collection\n"
        "window of the calendar, each school's state as of today: on time, "
        "late,\n"
        "partial, missing or not yet due, from the data entered and the\n"
        "submissions recorded (docs/COLLECTION.md).\n"
        "\n"
        "Exits 1 when the database has integrity or foreign-key problems, or\n"
        "when a run that did not finish has no complete run after it (a "
        "failed\n"
        "run followed by a complete one is listed but passes: pages and "
        "reports\n"
        "read the latest complete run of each analysis either way); with\n"
        "--strict, also when a school's collection is overdue (partial or\n"
        "missing after its due date).\n",
    .opts = options,
};
