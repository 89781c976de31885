/*
 * cmd_figures.c - `attain figures`: the catalogue of figures (figures.h),
 * one line per figure, or as Markdown (the source of docs/FIGURES.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "figures.h"

int cmd_figures(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc == 2 && strcmp(argv[1], "--markdown") == 0) {
		buf b;
		buf_init(&b);
		fig_markdown(&b);
		fputs(b.data, stdout);
		buf_free(&b);
		return EXIT_OK;
	}
	if (argc != 1)
		return cli_usage_error("figures", "unexpected argument '%s'",
		                       argv[1]);
	for (int i = FIG_NONE + 1; i < FIG_COUNT; i++) {
		const fig_def *d = fig_get((fig_id)i);
		printf("%-14s %-24s %s\n", d->key, d->label, d->help);
	}
	return EXIT_OK;
}
