/*
 * cmd_analyze.c - `attain analyze`: load the engine once, run every
 * analysis of the registry (or one and what it needs) on --jobs worker
 * threads (analysis_execute) into the run's stage and publish them at once
 * (analysis_publish), stamped with a new analysis_run; runs that died
 * before are marked failed first (store_run_reap).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "config.h"
#include "engine_load.h"
#include "store_derived.h"

static void config_help(void)
{
	int n;
	const config_option *o = config_options(&n);
	printf("Options of the config file (JSON; nested objects or dotted "
	       "keys):\n\n");
	for (int i = 0; i < n; i++) {
		if (o[i].type == CFG_STR)
			printf("  %-26s \"%s\"\n      %s\n", o[i].key, o[i].str,
			       o[i].doc);
		else if (o[i].type == CFG_BOOL)
			printf("  %-26s %s\n      %s\n", o[i].key,
			       o[i].num ? "true" : "false", o[i].doc);
		else
			printf("  %-26s %g\n      %s\n", o[i].key, o[i].num,
			       o[i].doc);
	}
}

/* Default worker count: the online processors, at most 2 (more workers
 * than cores only add buffered rows in memory), or ATTAIN_JOBS. */
static int default_jobs(void)
{
	const char *env = getenv("ATTAIN_JOBS");
	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);
		if (*end == '\0' && v >= 1 && v <= 64)
			return (int)v;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n >= 2 ? 2 : 1;
}

static void print_written(void *ctx, const analysis_done *d)
{
	(void)ctx;
	printf("%-8s %9lld rows %7.1f s (write %5.1f s)  %s\n", d->def->name,
	       (long long)d->rows, d->compute_seconds + d->write_seconds,
	       d->write_seconds, d->note);
	fflush(stdout);
}

typedef struct analyze_opts {
	const char *year, *config, *only;
	long long jobs;
	int quiet, list, config_help;
} analyze_opts;

static const cli_opt options[] = {
    CLI_STR("--year", "Y", "restrict outcomes to academic year code Y",
            analyze_opts, year),
    CLI_STR("--config", "FILE",
            "JSON options (see --config-help for every key)", analyze_opts,
            config),
    CLI_STR("--only", "NAME", "run one analysis and what it needs",
            analyze_opts, only),
    CLI_INT("--jobs", "N",
            "analyses computed at once (default: 2 on 2 or more cores, or "
            "ATTAIN_JOBS); results do not depend on it",
            analyze_opts, jobs, 1, 64),
    CLI_FLAG("--quiet|-q", "print nothing but errors", analyze_opts, quiet),
    CLI_FLAG("--list", "list the analyses and their tables", analyze_opts,
             list),
    CLI_FLAG("--config-help", "list the options with their defaults",
             analyze_opts, config_help),
    CLI_OPT_END,
};

static void list_analyses(void)
{
	int n;
	const analysis_def *d = analysis_list(&n);
	for (int k = 0; k < n; k++)
		printf("%-8s %s\n         tables: %s%s%s\n", d[k].name,
		       d[k].summary, d[k].tables,
		       *d[k].needs ? "; needs: " : "", d[k].needs);
}

static int analyze_main(cli_ctx *ctx, int argc, char **argv)
{
	analyze_opts o = {.jobs = default_jobs()};
	if (cli_parse(&cmd_analyze, &o, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	if (o.list || o.config_help) {
		if (o.list)
			list_analyses();
		if (o.config_help)
			config_help();
		return EXIT_OK;
	}
	const char *year_code = o.year, *cfg_path = o.config, *only = o.only;
	int quiet = o.quiet, jobs = (int)o.jobs;
	att_err e;
	err_clear(&e);
	const analysis_def *plan[64];
	int n;
	if (analysis_list(&n) && n > (int)ARRAY_LEN(plan))
		return EXIT_INPUT;
	int np = analysis_plan(only, plan, &e);
	if (np < 0)
		return cli_fail(&e);
	config *cfg = NULL;
	if (config_load_alloc(cfg_path, &cfg, &e))
		return cli_fail(&e);
	store *s = cli_open(ctx, 0);
	if (!s) {
		config_free(cfg);
		return EXIT_INPUT;
	}
	unsigned parts = 0;
	buf names;
	buf_init(&names);
	for (int k = 0; k < np; k++) {
		parts |= plan[k]->loads;
		buf_printf(&names, "%s%s", k ? " " : "", plan[k]->name);
	}
	int status = EXIT_INPUT;
	engine *g = NULL;
	int64_t run_id = 0;
	char *params = NULL;
	if (engine_load_alloc(s, parts, &g, &e)) {
		err_print(&e);
		goto out;
	}
	int32_t year = -1;
	if (year_code) {
		for (int32_t y = 0; y < g->year.n; y++)
			if (strcmp(g->year.code[y], year_code) == 0)
				year = y;
		if (year < 0) {
			fprintf(stderr,
			        "attain: analyze: no academic year '%s'\n",
			        year_code);
			goto out;
		}
	}
	if (!quiet) {
		buf d;
		buf_init(&d);
		engine_describe(g, &d);
		printf("loaded %s in %.1f s\n", d.data, g->load_seconds);
		buf_free(&d);
	}
	params = config_json_dup(cfg);
	if (year_code) {
		/* params is a JSON object: add the year in front of its keys */
		buf p;
		buf_init(&p);
		buf_printf(&p, "{\"year\":\"%s\",%s", g->year.code[year],
		           params + 1);
		free(params);
		params = buf_detach(&p);
	}
	int64_t now = clock_now();
	int reaped = store_run_reap(s, now, &e);
	if (reaped < 0) {
		err_print(&e);
		goto out;
	}
	if (reaped && !quiet)
		printf(
		    "%d earlier run(s) had stopped without finishing: marked "
		    "failed\n",
		    reaped);
	if (store_run_begin(s, names.data, params, g->data_version, now,
	                    &run_id, &e)) {
		err_print(&e);
		goto out;
	}
	analysis_exec x = {.st = s,
	                   .eng = g,
	                   .cfg = cfg,
	                   .year = year,
	                   .run_id = run_id,
	                   .jobs = jobs,
	                   .status_line = !quiet && isatty(STDERR_FILENO) &&
	                                  !getenv("ATTAIN_NO_PROGRESS"),
	                   .written = quiet ? NULL : print_written};
	int failed = analysis_execute(&x, plan, np, &e) != ATT_OK ||
	             analysis_publish(&x, plan, np, clock_now(), &e) != ATT_OK;
	if (failed) {
		fprintf(stderr, "attain: analyze: %s\n", e.msg);
		att_err e2;
		err_clear(&e2);
		store_run_finish(s, run_id, "failed", clock_now(), &e2);
	} else {
		status = EXIT_OK;
		if (!quiet)
			printf("run %lld done (data version %lld)\n",
			       (long long)run_id, (long long)g->data_version);
	}
out:
	free(params);
	buf_free(&names);
	engine_free(g);
	config_free(cfg);
	store_close(s);
	return status;
}

const command cmd_analyze = {
    .name = "analyze",
    .fn = analyze_main,
    .summary = "run the analyses and write their derived tables",
    .forms = "[--db FILE] analyze [--year Y] [--config FILE] [--only NAME]\n"
             " [--jobs N] [--quiet]\n"
             "analyze --list | --config-help",
    .about =
        "Load the store into the columnar engine once, run every analysis (or\n"
        "only NAME and the analyses it needs) and write their derived tables,\n"
        "stamped with a new analysis run that records the options and the "
        "data\n"
        "version read. The run's rows are written beside the store (a stage\n"
        "file, DBFILE-runN) and replace the earlier rows of each table in one\n"
        "transaction when every analysis has finished: pages and reports read\n"
        "the latest complete run, never part of one. A run that fails or is\n"
        "killed changes no derived table; it is marked failed (at once, or "
        "by\n"
        "the next analyze, serve or check) and 'attain check' names it.\n",
    .opts = options,
};
