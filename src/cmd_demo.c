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

/* Parse a whole decimal number into *out; 0 on success. */
static int parse_num(const char *s, long long lo, long long hi, long long *out)
{
	if (!s || !*s)
		return -1;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
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

/* Value of option `name` at argv[*i] ("--name V" or "--name=V"); NULL if
 * argv[*i] is not that option. Sets *missing when the value is absent. */
static const char *opt_value(int argc, char **argv, int *i, const char *name,
                             int *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return "";
	}
	return argv[++*i];
}

int cmd_demo(cli_ctx *ctx, int argc, char **argv)
{
	demo_params p = {.students = 100000,
	                 .seed = 1,
	                 .years = 3,
	                 .password = NULL,
	                 .now = clock_now()};
	int force = 0;
	for (int i = 1; i < argc; i++) {
		int missing = 0;
		const char *v;
		long long num;
		if ((v = opt_value(argc, argv, &i, "--students", &missing))) {
			if (missing)
				return cli_usage_error(
				    "demo",
				    "option '--students' needs a number");
			if (parse_num(v, DEMO_MIN_STUDENTS, DEMO_MAX_STUDENTS,
			              &num))
				return cli_usage_error("demo",
				                       "--students '%s' is not "
				                       "a number from %d to %d",
				                       v, DEMO_MIN_STUDENTS,
				                       DEMO_MAX_STUDENTS);
			p.students = num;
		} else if ((v = opt_value(argc, argv, &i, "--seed",
		                          &missing))) {
			if (missing)
				return cli_usage_error(
				    "demo", "option '--seed' needs a number");
			if (parse_num(v, 0, 9007199254740991LL, &num))
				return cli_usage_error(
				    "demo",
				    "--seed '%s' is not a non-negative number",
				    v);
			p.seed = (uint64_t)num;
		} else if ((v = opt_value(argc, argv, &i, "--years",
		                          &missing))) {
			if (missing)
				return cli_usage_error(
				    "demo", "option '--years' needs a number");
			if (parse_num(v, 1, DEMO_MAX_YEARS, &num))
				return cli_usage_error(
				    "demo",
				    "--years '%s' is not a number from 1 to %d",
				    v, DEMO_MAX_YEARS);
			p.years = (int)num;
		} else if ((v = opt_value(argc, argv, &i, "--password",
		                          &missing))) {
			if (missing || !*v)
				return cli_usage_error(
				    "demo",
				    "option '--password' needs a value");
			if (strlen(v) < 4 || strlen(v) > 63)
				return cli_usage_error(
				    "demo",
				    "--password must have 4 to 63 characters");
			p.password = v;
		} else if (strcmp(argv[i], "--force") == 0) {
			force = 1;
		} else if (argv[i][0] == '-') {
			return cli_usage_error("demo", "unknown option '%s'",
			                       argv[i]);
		} else {
			return cli_usage_error(
			    "demo", "unexpected argument '%s'", argv[i]);
		}
	}
	const char *db = ctx->db_path;
	const char *base = strrchr(db, '/');
	p.db_name = base ? base + 1 : db;
	att_err e;
	err_clear(&e);
	int64_t version = 0;
	if (access(db, F_OK) == 0) {
		store *old = cli_open(ctx, 0);
		if (!old)
			return EXIT_INPUT;
		int empty = 0;
		int rc = store_demo_is_empty(old, &empty, &version, &e);
		store_close(old);
		if (rc)
			return cli_fail(&e);
		if (!empty && !force) {
			fprintf(stderr,
			        "attain: demo: database '%s' is not empty (use "
			        "--force to replace it)\n",
			        db);
			return EXIT_INPUT;
		}
	}
	if (strlen(db) > 4000)
		return cli_usage_error("demo",
		                       "database file name is too long");
	char tmp[4200], truth_path[4200];
	snprintf(tmp, sizeof(tmp), "%.4000s.demo-tmp", db);
	snprintf(truth_path, sizeof(truth_path), "%.4000s.truth.json", db);
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
		unlink_db(tmp);
		buf_free(&truth);
		return cli_fail(&e);
	}
	unlink_db(db);
	if (rename(tmp, db) != 0) {
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
