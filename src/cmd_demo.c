/*
 * cmd_demo.c - `attain demo`: generate the demo district into the database
 * and write its truth manifest to DBFILE.truth.json.
 *
 * The demo is built in a scratch file beside the database (DBFILE.demo-tmp)
 * and renamed over it only when complete, so a failure leaves the old
 * database (or none) and never half a demo. A non-empty database is
 * replaced only with --force; the new data version continues from the old
 * one so that caches keyed by data version see a change.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "demo.h"
#include "store_demo.h"

static void unlink_db(const char *path)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char p[4200];
	for (size_t i = 0; i < ARRAY_LEN(sfx); i++) {
		snprintf(p, sizeof(p), "%.4000s%s", path, sfx[i]);
		unlink(p);
	}
}

static int write_file(const char *path, const char *data, size_t len,
                      att_err *e)
{
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%.4000s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return err_set(e, ATT_EIO, "cannot write '%s': %s", tmp,
		               strerror(errno));
	size_t n = fwrite(data, 1, len, f);
	int bad = n != len;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		unlink(tmp);
		return err_set(e, ATT_EIO, "cannot write '%s': %s", path,
		               strerror(errno));
	}
	return ATT_OK;
}

typedef struct demo_opts {
	long long students, seed, years;
	const char *password, *as_of;
	int force;
} demo_opts;

static const cli_opt options[] = {
    CLI_INT("--students", "N",
            "distinct students over all years (default 100000)", demo_opts,
            students, DEMO_MIN_STUDENTS, DEMO_MAX_STUDENTS),
    CLI_INT("--seed", "S", "random seed (default 1)", demo_opts, seed, 0,
            9007199254740991LL),
    CLI_INT("--years", "Y", "academic years, 1 to 6 (default 3)", demo_opts,
            years, 1, DEMO_MAX_YEARS),
    CLI_STR("--password", "PW", "the accounts' password (default: random)",
            demo_opts, password),
    CLI_STR("--as-of", "DATE",
            "the day the demo is made for: its latest academic year holds "
            "it (default: today)",
            demo_opts, as_of),
    CLI_FLAG("--force", "replace a database that already holds data", demo_opts,
             force),
    CLI_OPT_END,
};

static int demo_main(cli_ctx *ctx, int argc, char **argv)
{
	demo_opts o = {.students = 100000, .seed = 1, .years = 3};
	if (cli_parse(&cmd_demo, &o, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	if (o.password && (strlen(o.password) < 4 || strlen(o.password) > 63))
		return cli_usage_error(
		    "demo", "--password must have 4 to 63 characters");
	int64_t now = clock_now();
	char today[11];
	clock_local_date(now, today);
	long day = date_parse(o.as_of ? o.as_of : today);
	if (day < 0 || (o.as_of && strlen(o.as_of) != 10))
		return cli_usage_error("demo",
		                       "--as-of must be a date (YYYY-MM-DD)");
	demo_params p = {.students = o.students,
	                 .seed = (uint64_t)o.seed,
	                 .years = (int)o.years,
	                 .last_year = demo_year_of(day),
	                 .password = o.password,
	                 .now = now};
	int force = o.force;
	const char *db = ctx->db_path;
	const char *base = strrchr(db, '/');
	p.db_name = base ? base + 1 : db;
	att_err e;
	err_clear(&e);
	int64_t version = 0;
	int file = store_is_file(db);
	if (!file || access(db, F_OK) == 0) {
		store *old = cli_open(ctx, 0);
		if (!old)
			return EXIT_INPUT;
		int empty = 0;
		int rc = store_demo_is_empty(old, &empty, &version, &e);
		store_close(old);
		if (rc)
			return cli_fail(&e);
		if (!empty && (!force || !file)) {
			fprintf(
			    stderr,
			    force ? "attain: demo: database '%s' is on a "
			            "server: --force cannot replace it (drop "
			            "and create the database)\n"
			          : "attain: demo: database '%s' is not empty "
			            "(use --force to replace it)\n",
			    db);
			return EXIT_INPUT;
		}
	}
	if (strlen(db) > 4000)
		return cli_usage_error("demo",
		                       "database file name is too long");
	/* A file is built beside the database and renamed over it when
	 * complete; a database on a server is loaded in place, in the one
	 * transaction of the load. Its truth manifest goes to the current
	 * directory. */
	char tmp[4200], truth_path[4200];
	snprintf(tmp, sizeof(tmp), "%.4000s%s", db, file ? ".demo-tmp" : "");
	snprintf(truth_path, sizeof(truth_path), "%.4000s.truth.json",
	         file ? db : "attain-demo");
	if (file)
		unlink_db(tmp);
	store *s = NULL;
	if (store_open(tmp, &s, &e))
		return cli_fail(&e);
	double t0 = now_seconds();
	buf truth;
	buf_init(&truth);
	demo_summary sum;
	int rc = demo_generate(s, &p, version, &truth, &sum, &e);
	int64_t dv = rc ? 0 : store_data_version(s);
	store_close(s);
	if (rc) {
		if (file)
			unlink_db(tmp);
		buf_free(&truth);
		return cli_fail(&e);
	}
	if (file)
		unlink_db(db);
	if (file && rename(tmp, db) != 0) {
		err_set(&e, ATT_EIO, "cannot rename '%s' to '%s': %s", tmp, db,
		        strerror(errno));
		unlink_db(tmp);
		buf_free(&truth);
		return cli_fail(&e);
	}
	rc = write_file(truth_path, truth.data, truth.len, &e);
	buf_free(&truth);
	if (rc)
		return cli_fail(&e);
	printf("demo: %lld students in %d schools, %lld rows, data version "
	       "%lld (%.1f s)\n",
	       (long long)sum.students, sum.schools, (long long)sum.rows,
	       (long long)dv, now_seconds() - t0);
	printf("truth manifest: %s\n", truth_path);
	printf("accounts: %s\n", sum.usernames);
	printf("demo password (all accounts): %s\n", sum.password);
	return EXIT_OK;
}

const command cmd_demo = {
    .name = "demo",
    .fn = demo_main,
    .summary = "generate the demo district with planted truths",
    .about =
        "Create a realistic school system in the database: one state, its\n"
        "districts, blocks, clusters and schools, grades 3-10 over Y academic\n"
        "years (the last the one holding today, or --as-of DATE; April to\n"
        "March) with baseline, mid-year and summative\n"
        "assessments down to item responses, attendance, behaviour, attitude,\n"
        "surveys, observations, interventions, goals, the calendar and one\n"
        "account per role. The truths it planted (school effects, a subgroup\n"
        "gap, weak learning outcomes, slowing progress, chronic absence, two\n"
        "interventions) are written to DBFILE.truth.json (see docs/DEMO.md).\n"
        "The same options always give the same data. The accounts' password "
        "is\n"
        "printed once.\n",
    .opts = options,
};
