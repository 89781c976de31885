/*
 * cmd_figures.c - `attain figures`: the catalogue of figures (figures.h),
 * one line per figure, or as Markdown (the source of docs/FIGURES.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "figures.h"

typedef struct figures_opts {
	int markdown;
} figures_opts;

static const cli_opt options[] = {
    CLI_FLAG("--markdown",
             "print the whole catalogue (unit, population, formula, source, "
             "interval, suppression) as docs/FIGURES.md",
             figures_opts, markdown),
    CLI_OPT_END,
};

static int figures_main(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	figures_opts o = {0};
	int n = cli_parse(&cmd_figures, &o, argc, argv, 1, NULL, 0);
	if (n < 0)
		return EXIT_USAGE;
	if (o.markdown) {
		buf b;
		buf_init(&b);
		fig_markdown(&b);
		fputs(b.data, stdout);
		buf_free(&b);
		return EXIT_OK;
	}
	for (int i = FIG_NONE + 1; i < FIG_COUNT; i++) {
		const fig_def *d = fig_get((fig_id)i);
		printf("%-14s %-24s %s\n", d->key, d->label, d->help);
	}
	return EXIT_OK;
}

const command cmd_figures = {
    .name = "figures",
    .fn = figures_main,
    .summary = "list the catalogue of figures",
    .forms = "figures [--markdown]",
    .about = "List every figure attain shows: its key (the JSON, CSV and\n"
             "export column), its label and what it means. Every page, report\n"
             "and export reads each figure from one definition.\n",
    .opts = options,
};
