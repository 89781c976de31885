/*
 * cmd_init.c - `attain init`: create the database and apply migrations.
 */
#include <stdio.h>

#include "cli.h"

int cmd_init(cli_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error("init", "unexpected argument '%s'",
		                       argv[1]);
	store *s = cli_open(ctx, 1);
	if (!s)
		return EXIT_INPUT;
	printf("%s: schema version %d\n", ctx->db_path,
	       store_schema_version(s));
	store_close(s);
	return EXIT_OK;
}
