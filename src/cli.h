/*
 * cli.h - the command table and what every command shares. Each command
 * lives in cmd_<name>.c as `int cmd_<name>(cli_ctx *, int argc, char **argv)`
 * with argv[0] the command name; it returns the process exit status:
 * 0 ok, 1 bad input or failed check, 2 usage error.
 */
#ifndef ATTAIN_CLI_H
#define ATTAIN_CLI_H

#include "store.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

typedef struct cli_ctx {
	const char *db_path; /* --db, $ATTAIN_DB, or attain.db */
} cli_ctx;

typedef struct command {
	const char *name;
	int (*fn)(cli_ctx *ctx, int argc, char **argv);
	const char *summary; /* one line for `attain --help` */
	const char *usage;   /* full help for `attain NAME --help` */
} command;

const command *cli_find(const char *name);
int cli_main(int argc, char **argv);

/* If argv holds -h or --help, print the command's usage and return 1. */
int cli_wants_help(const command *c, int argc, char **argv);
/* Print "attain: NAME: msg" and the usage line to stderr; returns 2. */
int cli_usage_error(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print e as one line; map its code to an exit status (1 or 2). */
int cli_fail(const att_err *e);
/* Open the database (creating it if create) or print the error; NULL on
 * failure. */
store *cli_open(cli_ctx *ctx, int create);

/* The commands. */
int cmd_init(cli_ctx *ctx, int argc, char **argv);
int cmd_info(cli_ctx *ctx, int argc, char **argv);
int cmd_check(cli_ctx *ctx, int argc, char **argv);
int cmd_demo(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv);
int cmd_calendar(cli_ctx *ctx, int argc, char **argv);
int cmd_serve(cli_ctx *ctx, int argc, char **argv);
int cmd_user(cli_ctx *ctx, int argc, char **argv);
int cmd_audit(cli_ctx *ctx, int argc, char **argv);
int cmd_import(cli_ctx *ctx, int argc, char **argv);
int cmd_template(cli_ctx *ctx, int argc, char **argv);
int cmd_analyze(cli_ctx *ctx, int argc, char **argv);
int cmd_export(cli_ctx *ctx, int argc, char **argv);
int cmd_figures(cli_ctx *ctx, int argc, char **argv);

#endif
