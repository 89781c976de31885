/*
 * cmd_analyze.c - `attain analyze`: load the engine once, run every
 * analysis of the registry (or one and what it needs) and write their
 * derived tables stamped with a new analysis_run.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "config.h"
#include "engine.h"
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

int cmd_analyze(cli_ctx *ctx, int argc, char **argv)
{
	const char *year_code = NULL, *cfg_path = NULL, *only = NULL;
	int quiet = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if ((strcmp(a, "--year") == 0 || strcmp(a, "--config") == 0 ||
		     strcmp(a, "--only") == 0) &&
		    i + 1 >= argc)
			return cli_usage_error("analyze",
			                       "option '%s' needs a value", a);
		if (strcmp(a, "--year") == 0)
			year_code = argv[++i];
		else if (strcmp(a, "--config") == 0)
			cfg_path = argv[++i];
		else if (strcmp(a, "--only") == 0)
			only = argv[++i];
		else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
			quiet = 1;
		else if (strcmp(a, "--list") == 0) {
			int n;
			const analysis_def *d = analysis_list(&n);
			for (int k = 0; k < n; k++)
				printf("%-8s %s\n         tables: %s%s%s\n",
				       d[k].name, d[k].summary, d[k].tables,
				       *d[k].needs ? "; needs: " : "",
				       d[k].needs);
			return EXIT_OK;
		} else if (strcmp(a, "--config-help") == 0) {
			config_help();
			return EXIT_OK;
		} else
			return cli_usage_error("analyze",
			                       "unknown argument '%s'", a);
	}
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
	if (store_run_begin(s, names.data, params, g->data_version, &run_id,
	                    &e)) {
		err_print(&e);
		goto out;
	}
	int failed = 0;
	for (int k = 0; k < np && !failed; k++) {
		progress pr;
		progress_start(&pr, plan[k]->name, 0);
		an_ctx c = {.st = s,
		            .eng = g,
		            .cfg = cfg,
		            .year = year,
		            .run_id = run_id,
		            .prog = &pr,
		            .e = &e};
		double t0 = now_seconds();
		int rc = plan[k]->run(&c);
		progress_finish(&pr);
		double dt = now_seconds() - t0;
		if (rc) {
			store_rollback(s);
			fprintf(stderr, "attain: analyze: %s failed: %s\n",
			        plan[k]->name, e.msg);
			failed = 1;
			break;
		}
		if (store_run_step(s, run_id, plan[k]->name, dt, c.rows, &e)) {
			err_print(&e);
			failed = 1;
			break;
		}
		if (!quiet)
			printf("%-8s %9lld rows %7.1f s  %s\n", plan[k]->name,
			       (long long)c.rows, dt, c.note);
	}
	att_err e2;
	err_clear(&e2);
	store_run_finish(s, run_id, failed ? "failed" : "done", &e2);
	if (!failed) {
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
