/*
 * cmd_check.c - `attain check`: integrity, foreign keys, and completeness of
 * every data-collection event per school.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

struct check_state {
	int quiet;
	int strict;
	char today[11];
	const char *last_event;
	char last_event_buf[128];
	long submitted, late, missing, overdue;
};

static void on_problem(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "attain: check: %s\n", line);
}

static void on_row(void *vctx, const store_completeness_row *r)
{
	struct check_state *cs = vctx;
	if (!cs->last_event || strcmp(cs->last_event, r->event_code) != 0) {
		snprintf(cs->last_event_buf, sizeof(cs->last_event_buf), "%s",
		         r->event_code);
		cs->last_event = cs->last_event_buf;
		if (!cs->quiet)
			printf("%s  %s (due %s)\n", r->event_code,
			       r->event_title, r->due_date);
	}
	int due = strcmp(r->due_date, cs->today) < 0;
	if (strcmp(r->status, "missing") == 0) {
		cs->missing++;
		if (due)
			cs->overdue++;
		if (!cs->quiet || due)
			printf("  %-10s %-12s %s%s\n", r->status,
			       r->school_code, r->school_name,
			       due ? "  (overdue)" : "");
	} else {
		if (strcmp(r->status, "late") == 0)
			cs->late++;
		else
			cs->submitted++;
		if (!cs->quiet)
			printf("  %-10s %-12s %s  %s\n", r->status,
			       r->school_code, r->school_name, r->submitted_on);
	}
}

static const cli_opt options[] = {
    CLI_FLAG("--quiet|-q",
             "print only overdue submissions, problems and the summary",
             struct check_state, quiet),
    CLI_FLAG("--strict", "fail when any submission is overdue",
             struct check_state, strict),
    CLI_OPT_END,
};

static int check_main(cli_ctx *ctx, int argc, char **argv)
{
	struct check_state cs = {0};
	if (cli_parse(&cmd_check, &cs, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	clock_local_date(clock_now(), cs.today);

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
	if (store_completeness(s, on_row, &cs, &e)) {
		store_close(s);
		return cli_fail(&e);
	}
	store_close(s);
	printf("completeness: %ld submitted, %ld late, %ld missing (%ld "
	       "overdue)\n",
	       cs.submitted, cs.late, cs.missing, cs.overdue);
	if (problems) {
		fprintf(stderr,
		        "attain: check: %d integrity problem(s) in '%s'\n",
		        problems, ctx->db_path);
		return EXIT_INPUT;
	}
	if (cs.strict && cs.overdue) {
		fprintf(stderr,
		        "attain: check: %ld school submission(s) overdue\n",
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
        "data-collection event of the calendar, which schools have submitted,\n"
        "which submitted late and which have not. Exits 1 when the database "
        "has\n"
        "integrity or foreign-key problems (with --strict, also when a "
        "school's\n"
        "submission is overdue).\n",
    .opts = options,
};
