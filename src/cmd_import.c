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

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	const char *kind = NULL, *file = NULL, *map = NULL, *dir = NULL,
	           *xapi = NULL, *actors = NULL;
	int skip_bad = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--csv") == 0 && i + 2 < argc) {
			kind = argv[++i];
			file = argv[++i];
		} else if (strcmp(a, "--map") == 0 && i + 1 < argc) {
			map = argv[++i];
		} else if (strcmp(a, "--oneroster") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if (strcmp(a, "--xapi") == 0 && i + 1 < argc) {
			xapi = argv[++i];
		} else if (strcmp(a, "--actors") == 0 && i + 1 < argc) {
			actors = argv[++i];
		} else if (strcmp(a, "--skip-bad") == 0) {
			skip_bad = 1;
		} else {
			return cli_usage_error("import",
			                       "unexpected argument '%s'", a);
		}
	}
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
	ingest_opts o = {.skip_bad = skip_bad, .now = clock_now()};
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
