/*
 * cli.h - the command table and what every command shares. Each command
 * lives in cmd_<name>.c: a `const command cmd_<name>` naming it, its
 * summary, usage forms and description, the table of its options, and
 * its run function `int (cli_ctx *, int argc, char **argv)` with argv[0]
 * the command name, which returns the process exit status: 0 ok, 1 bad
 * input or failed check, 2 usage error.
 *
 * Options are declared once, in a cli_opt table, from which both the
 * parsing (cli_parse) and the option list of `attain NAME --help`
 * (cli_print_usage) are made, as git's parse-options does. An option's
 * value goes into the command's own option struct, at the offset the
 * table gives (CLI_STR and friends take the struct type and field).
 */
#ifndef ATTAIN_CLI_H
#define ATTAIN_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

typedef struct cli_ctx {
	const char *db_path; /* --db, $ATTAIN_DB, or attain.db */
	int64_t now;         /* the command's clock, read once (clock_now) */
} cli_ctx;

typedef enum {
	CLI_END = 0, /* ends a table */
	CLI_FLAG,    /* no value: int field set to 1 */
	CLI_STR,     /* const char * field; an argument of two words
	                ("KIND FILE") takes two values into two consecutive
	                const char * fields */
	CLI_INT,     /* long long field: a whole number in [min, max] */
	CLI_LIST,    /* cli_list field: a value each time it is given */
} cli_opt_kind;

/* The values of an option that may be given several times. */
#define CLI_LIST_MAX 64
typedef struct cli_list {
	int n;
	const char *v[CLI_LIST_MAX];
} cli_list;

typedef struct cli_opt {
	const char *names; /* "--org", or with a short alias "-o|--output" */
	const char *arg;   /* placeholder of the value ("CODE"); NULL for a
	                      flag */
	const char *help;  /* what it does, for --help (wrapped there) */
	cli_opt_kind kind;
	size_t off;         /* offset of the field in the option struct */
	long long min, max; /* CLI_INT: the accepted range */
} cli_opt;

#define CLI_FLAG(names, help, type, field)                                     \
	{                                                                      \
		names, NULL, help, CLI_FLAG, offsetof(type, field), 0, 0       \
	}
#define CLI_STR(names, arg, help, type, field)                                 \
	{                                                                      \
		names, arg, help, CLI_STR, offsetof(type, field), 0, 0         \
	}
#define CLI_INT(names, arg, help, type, field, min, max)                       \
	{                                                                      \
		names, arg, help, CLI_INT, offsetof(type, field), min, max     \
	}
#define CLI_LIST(names, arg, help, type, field)                                \
	{                                                                      \
		names, arg, help, CLI_LIST, offsetof(type, field), 0, 0        \
	}
#define CLI_OPT_END                                                            \
	{                                                                      \
		NULL, NULL, NULL, CLI_END, 0, 0, 0                             \
	}

typedef struct command {
	const char *name;
	int (*fn)(cli_ctx *ctx, int argc, char **argv);
	const char *summary; /* one line for `attain --help` */
	const char *forms;   /* the usage forms, one a line, each after
	                        "attain " (a line starting with a space
	                        continues the form above); NULL:
	                        "[--db FILE] NAME" and every option */
	const char *about;   /* the description paragraphs of --help */
	const cli_opt *opts; /* the options, ending with CLI_OPT_END */
} command;

const command *cli_find(const char *name);
int cli_main(int argc, char **argv);

/*
 * Parse argv[first..argc) against c->opts: each option (--name VALUE,
 * --name=VALUE, or a flag) is written into *args at its offset; the other
 * words (operands), and every word after "--", are stored in ops in order,
 * at most maxops of them. Returns the number of operands, or prints a
 * usage error naming the unknown option, the missing or bad value, or the
 * unexpected operand, and returns -1.
 */
int cli_parse(const command *c, void *args, int argc, char **argv, int first,
              char **ops, int maxops);

/* Write c's full help to f: usage forms, description, options. */
void cli_print_usage(const command *c, FILE *f);
/* If argv holds -h or --help (before "--"), print the command's help to
 * standard output and return 1. */
int cli_wants_help(const command *c, int argc, char **argv);
/* Print "attain: NAME: msg" and the command's usage forms to stderr;
 * returns 2. */
int cli_usage_error(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print e as one line; map its code to an exit status (1 or 2). */
int cli_fail(const att_err *e);
/* Open the database (creating it if create) or print the error; NULL on
 * failure. */
store *cli_open(cli_ctx *ctx, int create);

/* The operating-system user running attain (the actor of the command
 * line's audit entries); "unknown" when it has no name. */
const char *cli_user(void);
/* Write one audit entry for the command line (store_account.h): its user
 * (cli_user), address "cli", at ctx->now, in the caller's transaction if
 * one is open. ATT_OK, or the store's error in e. */
int cli_audit(const cli_ctx *ctx, store *s, const char *action,
              const char *kind, const char *target, const char *detail,
              att_err *e);

/* The commands, in the order `attain --help` lists them. */
extern const command cmd_init, cmd_demo, cmd_info, cmd_check, cmd_report,
    cmd_calendar, cmd_serve, cmd_user, cmd_audit, cmd_import, cmd_template,
    cmd_analyze, cmd_export, cmd_erase, cmd_figures;

#endif
