/*
 * cmd_import.c - `attain import`: CSV of one kind, a OneRoster bundle or
 * xAPI statements, as one batch (see docs/IMPORT.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ingest.h"
#include "ingest_csv.h"
#include "ingest_oneroster.h"
#include "ingest_xapi.h"

typedef struct import_opts {
	const char *csv[2]; /* KIND, FILE */
	const char *map, *oneroster, *xapi, *actors;
	int skip_bad;
} import_opts;

static const cli_opt options[] = {
    CLI_STR("--csv", "KIND FILE",
            "a CSV file of one kind (see 'attain template --list')",
            import_opts, csv),
    CLI_STR("--map", "MAPFILE",
            "rename columns and translate codes (CSV map file)", import_opts,
            map),
    CLI_STR("--oneroster", "DIR",
            "a OneRoster 1.1 or 1.2 CSV bundle (manifest.csv)", import_opts,
            oneroster),
    CLI_STR("--xapi", "FILE", "xAPI statements (JSON array or JSON lines)",
            import_opts, xapi),
    CLI_STR("--actors", "MAPFILE",
            "CSV actor,student mapping xAPI actors to students", import_opts,
            actors),
    CLI_FLAG("--skip-bad",
             "commit the good rows; write rejected rows with a reason to "
             "FILE.rejects.csv",
             import_opts, skip_bad),
    CLI_OPT_END,
};

static int import_main(cli_ctx *ctx, int argc, char **argv)
{
	import_opts io = {{NULL, NULL}, NULL, NULL, NULL, NULL, 0};
	if (cli_parse(&cmd_import, &io, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	const char *kind = io.csv[0], *file = io.csv[1], *map = io.map,
	           *dir = io.oneroster, *xapi = io.xapi, *actors = io.actors;
	int skip_bad = io.skip_bad;
	int modes = !!kind + !!dir + !!xapi;
	if (modes != 1)
		return cli_usage_error(
		    "import", "give exactly one of --csv, --oneroster, --xapi");
	if (map && !kind)
		return cli_usage_error("import", "--map goes with --csv");
	if (xapi && !actors)
		return cli_usage_error("import",
		                       "--xapi needs --actors MAPFILE");
	const ing_kind *k = NULL;
	if (kind) {
		k = ingest_kind_find(kind);
		if (!k)
			return cli_usage_error(
			    "import",
			    "unknown kind '%s' (see 'attain template --list')",
			    kind);
	}
	att_err e;
	err_clear(&e);
	ingest_map *m = NULL;
	if (map && ingest_map_load(map, &m, &e))
		return cli_fail(&e);
	store *s = cli_open(ctx, 1);
	if (!s) {
		ingest_map_free(m);
		return EXIT_INPUT;
	}
	ingest_opts o = {
	    .skip_bad = skip_bad, .now = ctx->now, .actor = cli_user()};
	ingest *g = ingest_alloc(s, &o);
	int rc;
	if (k)
		rc = ingest_csv_run(g, k, file, m, &e);
	else if (dir)
		rc = ingest_oneroster_run(g, dir, &e);
	else
		rc = ingest_xapi_run(g, xapi, actors, &e);
	ingest_free(g);
	ingest_map_free(m);
	store_close(s);
	if (rc == ATT_EINPUT && !e.msg[0])
		return EXIT_INPUT;
	return rc ? cli_fail(&e) : EXIT_OK;
}

const command cmd_import = {
    .name = "import",
    .fn = import_main,
    .summary = "import CSV, OneRoster or xAPI data",
    .forms = "[--db FILE] import --csv KIND FILE [--map MAPFILE] [--skip-bad]\n"
             "[--db FILE] import --oneroster DIR [--skip-bad]\n"
             "[--db FILE] import --xapi FILE --actors MAPFILE [--skip-bad]",
    .about =
        "Import one batch in one transaction. Every row is validated; each\n"
        "problem is printed as FILE:LINE:COLUMN: what is wrong (found ...), "
        "the\n"
        "first 50 in full. By default any problem commits nothing (exit 1).\n"
        "Importing the same data again changes nothing. A OneRoster delta's\n"
        "tobedeleted rows, and the rows of a CSV file whose status column\n"
        "says tobedeleted, delete the row by its key (a student is erased:\n"
        "'attain erase --help'); each deletion is written to the audit log.\n"
        "See docs/IMPORT.md.\n",
    .opts = options,
};
