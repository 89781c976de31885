/*
 * cmd_info.c - `attain info`: schema and data version, rows per table;
 * with --checksums, a content checksum per table (store_checksum_tables).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_demo.h"

static void print_count(void *ctx, const char *table, int64_t rows)
{
	(void)ctx;
	printf("  %-24s %12lld\n", table, (long long)rows);
}

static void print_checksum(void *ctx, const char *table, int64_t rows,
                           uint64_t hash)
{
	(void)ctx;
	printf("%-24s %12lld %016llx\n", table, (long long)rows,
	       (unsigned long long)hash);
}

typedef struct info_opts {
	int checksums;
} info_opts;

static const cli_opt options[] = {
    CLI_FLAG("--checksums",
             "print instead, for every table, its rows and a checksum of "
             "its contents in key order (wall-clock times and password "
             "hashes left out), to compare two databases",
             info_opts, checksums),
    CLI_OPT_END,
};

static int info_main(cli_ctx *ctx, int argc, char **argv)
{
	info_opts o = {0};
	if (cli_parse(&cmd_info, &o, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	int sums = o.checksums;
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	att_err e;
	err_clear(&e);
	if (sums) {
		/* Only the table lines, so two databases can be diffed. */
		int rc = store_checksum_tables(s, print_checksum, NULL, &e);
		store_close(s);
		return rc ? cli_fail(&e) : EXIT_OK;
	}
	printf("database:       %s\n", ctx->db_path);
	char *backend = store_backend_dup(s);
	printf("backend:        %s\n", backend);
	free(backend);
	printf("schema version: %d\n", store_schema_version(s));
	printf("data version:   %lld\n", (long long)store_data_version(s));
	printf("tables:\n");
	int rc = store_table_counts(s, print_count, NULL, &e);
	store_close(s);
	return rc ? cli_fail(&e) : EXIT_OK;
}

const command cmd_info = {
    .name = "info",
    .fn = info_main,
    .summary = "show row counts per table and the data version",
    .about =
        "Print the database engine and its version (SQLite or PostgreSQL),\n"
        "the schema version, the data version and the number of rows in\n"
        "every table.\n",
    .opts = options,
};
