/*
 * cmd_info.c - `attain info`: schema and data version, rows per table.
 */
#include <stdio.h>

#include "cli.h"

static void print_count(void *ctx, const char *table, int64_t rows)
{
	(void)ctx;
	printf("  %-24s %12lld\n", table, (long long)rows);
}

int cmd_info(cli_ctx *ctx, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error("info", "unexpected argument '%s'", argv[1]);
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	att_err e;
	err_clear(&e);
	printf("database:       %s\n", ctx->db_path);
	printf("schema version: %d\n", store_schema_version(s));
	printf("data version:   %lld\n", (long long)store_data_version(s));
	printf("tables:\n");
	int rc = store_table_counts(s, print_count, NULL, &e);
	store_close(s);
	return rc ? cli_fail(&e) : EXIT_OK;
}
