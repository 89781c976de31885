/*
 * cmd_erase.c - `attain erase student CODE --yes`: the student removed
 * from every raw and derived table, their accounts and sessions, and
 * every mention of them in the audit log and free text rewritten to a
 * pseudonym, leaving one audit tombstone (store_erase.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_erase.h"

typedef struct erase_opts {
	int yes;
} erase_opts;

static const cli_opt options[] = {
    CLI_FLAG("--yes", "erase without asking again: it cannot be undone",
             erase_opts, yes),
    CLI_OPT_END,
};

static int erase_main(cli_ctx *ctx, int argc, char **argv)
{
	erase_opts o = {0};
	char *ops[3];
	int n =
	    cli_parse(&cmd_erase, &o, argc, argv, 1, ops, (int)ARRAY_LEN(ops));
	if (n < 0)
		return EXIT_USAGE;
	if (n != 2 || strcmp(ops[0], "student") != 0)
		return cli_usage_error("erase",
		                       "name what to erase: student CODE");
	if (!o.yes)
		return cli_usage_error("erase",
		                       "erasing student '%s' cannot be undone: "
		                       "add --yes to erase",
		                       ops[1]);
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	audit_entry by = {.at = ctx->now,
	                  .username = cli_user(),
	                  .address = "cli",
	                  .detail = "attain erase"};
	erase_result r;
	att_err e;
	err_clear(&e);
	int rc = store_erase_student(s, ops[1], &by, &r, &e);
	store_close(s);
	if (rc) {
		buf_free(&r.tables);
		return cli_fail(&e);
	}
	printf("erased student %s, recorded as %s: %lld rows removed (%s); "
	       "%lld mentions rewritten\n",
	       ops[1], r.pseudonym, (long long)r.rows,
	       r.tables.data ? r.tables.data : "", (long long)r.mentions);
	buf_free(&r.tables);
	return EXIT_OK;
}

const command cmd_erase = {
    .name = "erase",
    .fn = erase_main,
    .summary = "erase a student from every table, leaving an audit tombstone",
    .forms = "[--db FILE] erase student CODE --yes",
    .about =
        "Remove the student with code CODE from every raw and derived table\n"
        "(results, attendance, goals, consent, early-warning flags, growth,\n"
        "value-added, instructional groups, ...), with their accounts and\n"
        "sessions, their guardians who have no other child, and the sessions\n"
        "of every account that could see them, in one transaction. Their\n"
        "code and name in the audit log and in free text become their\n"
        "pseudonym (as 'attain export --pseudonymise' writes it), and one\n"
        "audit entry records the erasure under that pseudonym with the rows\n"
        "removed per table ('attain audit --action erase'). Aggregates keep\n"
        "the student until the next 'attain analyze'. See docs/PRIVACY.md,\n"
        "\"Erasure and pseudonymisation\".\n",
    .opts = options,
};
