/*
 * cmd_init.c - `attain init`: create the database and apply migrations.
 */
#include <stdio.h>

#include "cli.h"

static int init_main(cli_ctx *ctx, int argc, char **argv)
{
	if (cli_parse(&cmd_init, NULL, argc, argv, 1, NULL, 0) < 0)
		return EXIT_USAGE;
	store *s = cli_open(ctx, 1);
	if (!s)
		return EXIT_INPUT;
	printf("%s: schema version %d\n", ctx->db_path,
	       store_schema_version(s));
	store_close(s);
	return EXIT_OK;
}

const command cmd_init = {
    .name = "init",
    .fn = init_main,
    .summary = "create or migrate the database",
    .about =
        "Create the database if it does not exist and apply every pending\n"
        "schema migration. Safe to run again.\n",
};
