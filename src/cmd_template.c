/*
 * cmd_template.c - `attain template KIND`: the header row of a kind's CSV
 * file, then one line per column saying what it holds.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ingest.h"

static const char *type_name(const ing_col *c)
{
	switch (c->type) {
	case IT_INT:
		return "whole number";
	case IT_REAL:
		return "number";
	case IT_DATE:
		return "date YYYY-MM-DD";
	case IT_BOOL:
		return "1/0";
	case IT_ENUM:
		return "one of a list";
	case IT_REF:
		return "code";
	case IT_STATUS:
		return "status";
	default:
		/* free text keeps line breaks and joiners; other text is a
		 * name or code (docs/IMPORT.md, "Characters") */
		return (c->flags & IF_FREE) ? "free text" : "text";
	}
}

typedef struct template_opts {
	int list;
} template_opts;

static const cli_opt options[] = {
    CLI_FLAG("--list", "name every kind, with what it holds", template_opts,
             list),
    CLI_OPT_END,
};

static int template_main(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	template_opts o = {0};
	char *kind = NULL;
	int n = cli_parse(&cmd_template, &o, argc, argv, 1, &kind, 1);
	if (n < 0)
		return EXIT_USAGE;
	int nk;
	const ing_kind *ks = ingest_kinds(&nk);
	if (o.list && n == 0) {
		for (int i = 0; i < nk; i++)
			printf("%-20s %s\n", ks[i].name, ks[i].desc);
		return EXIT_OK;
	}
	if (o.list || n != 1)
		return cli_usage_error("template", "give one KIND (or --list)");
	const ing_kind *k = ingest_kind_find(kind);
	if (!k)
		return cli_usage_error(
		    "template",
		    "unknown kind '%s' (see 'attain template --list')", kind);
	int first = 1;
	for (int i = 0; i < k->ncols; i++) {
		if (k->cols[i].type == IT_CONST)
			continue;
		printf("%s%s", first ? "" : ",", k->cols[i].name);
		first = 0;
	}
	printf("\n");
	for (int i = 0; i < k->ncols; i++) {
		const ing_col *c = &k->cols[i];
		if (c->type == IT_CONST)
			continue;
		printf("# %-18s %-8s %-16s %s", c->name,
		       (c->flags & IF_REQ) ? "required" : "optional",
		       type_name(c), c->desc);
		if (c->type == IT_ENUM)
			printf(" [%s]", c->arg);
		if (c->def)
			printf(" (default %s)", c->def);
		printf("\n");
	}
	return EXIT_OK;
}

const command cmd_template = {
    .name = "template",
    .fn = template_main,
    .summary = "print the CSV header of an import kind",
    .forms = "template KIND\n"
             "template --list",
    .about =
        "Print the header row of KIND's CSV file, then one line per column:\n"
        "required or optional, type and meaning.\n",
    .opts = options,
};
