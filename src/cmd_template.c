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
		return "text";
	}
}

int cmd_template(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	int n;
	const ing_kind *ks = ingest_kinds(&n);
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (int i = 0; i < n; i++)
			printf("%-20s %s\n", ks[i].name, ks[i].desc);
		return EXIT_OK;
	}
	if (argc != 2)
		return cli_usage_error("template", "give one KIND (or --list)");
	const ing_kind *k = ingest_kind_find(argv[1]);
	if (!k)
		return cli_usage_error(
		    "template",
		    "unknown kind '%s' (see 'attain template --list')",
		    argv[1]);
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
