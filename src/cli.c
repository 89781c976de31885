/*
 * cli.c - the command table, global options (--db, --help, --version),
 * dispatch, and the option parser and help printer every command's option
 * table goes through, and the audit entries of the command line (its
 * actor is the operating-system user). Adding a command: write cmd_<name>.c
 * with its `const command cmd_<name>` (options, usage, description, run
 * function), declare it in cli.h and add it to the table here.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_account.h"

#define ATTAIN_VERSION "0.1.0"

/* Every command, in the order `attain --help` lists them. */
static const command *const commands[] = {
    &cmd_init,     &cmd_demo,    &cmd_info,   &cmd_check, &cmd_report,
    &cmd_calendar, &cmd_serve,   &cmd_user,   &cmd_audit, &cmd_import,
    &cmd_template, &cmd_analyze, &cmd_export, &cmd_erase, &cmd_figures,
};

const command *cli_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static void main_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: attain [--db FILE] COMMAND [ARGS]\n"
	    "       attain COMMAND --help\n"
	    "\n"
	    "attain keeps a school system's assessment, attendance, "
	    "behaviour,\n"
	    "survey and observation data in one place and turns it into "
	    "action.\n"
	    "\n"
	    "Global options:\n"
	    "  --db FILE    database file (default $ATTAIN_DB or attain.db)\n"
	    "  --help       this help\n"
	    "  --version    print the version\n"
	    "\n"
	    "Commands:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name,
		        commands[i]->summary);
}

enum { HELP_WIDTH = 79, HELP_COL_MAX = 26 };

/* Write the words of text from column col, wrapping at HELP_WIDTH to
 * continuation lines indented to indent; ends the line. */
static void put_wrapped(FILE *f, const char *text, int col, int indent)
{
	const char *p = text, *w;
	size_t len;
	int first = 1;
	while ((w = word_next(&p, &len))) {
		if (!first && col + 1 + (int)len > HELP_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", (int)len, w);
		col += (int)len;
		first = 0;
	}
	fputc('\n', f);
}

/* The usage forms into b: c->forms line by line, or one form made of
 * every option, wrapped under the command name. */
static void forms(const command *c, buf *b)
{
	if (c->forms) {
		const char *p = c->forms;
		for (int k = 0; *p; k++) {
			size_t n = strcspn(p, "\n");
			if (*p == ' ') /* the form above, continued */
				buf_printf(b, "%13s%.*s\n", "", (int)n, p);
			else
				buf_printf(b, "%s attain %.*s\n",
				           k ? "      " : "usage:", (int)n, p);
			p += n + (p[n] == '\n');
		}
		return;
	}
	size_t start = b->len;
	buf_printf(b, "usage: attain [--db FILE] %s", c->name);
	int indent = (int)(b->len - start), col = indent;
	for (const cli_opt *o = c->opts; o && o->kind != CLI_END; o++) {
		int n = (int)strcspn(o->names, "|");
		int len = n + 2 + (o->arg ? 1 + (int)strlen(o->arg) : 0);
		if (col + 1 + len > HELP_WIDTH) {
			buf_printf(b, "\n%*s", indent, "");
			col = indent;
		}
		buf_printf(b, " [%.*s%s%s]", n, o->names, o->arg ? " " : "",
		           o->arg ? o->arg : "");
		col += 1 + len;
	}
	buf_addc(b, '\n');
}

/* An option as --help shows it, short names first: "-o, --output FILE". */
static void opt_label(const cli_opt *o, char *out, size_t n)
{
	size_t k = 0;
	out[0] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		const char *p = o->names;
		while (*p) {
			size_t len = strcspn(p, "|");
			int is_long = strncmp(p, "--", 2) == 0;
			if (is_long == pass && k < n)
				k += (size_t)snprintf(out + k, n - k, "%s%.*s",
				                      k ? ", " : "", (int)len,
				                      p);
			p += len + (p[len] == '|');
		}
	}
	if (o->arg && k < n)
		snprintf(out + k, n - k, " %s", o->arg);
}

/* The option list: each label, then its help text in a column wide enough
 * for the labels (a longer label puts its text on the next line). */
static void print_opts(const command *c, FILE *f)
{
	char label[128];
	int w = 0;
	for (const cli_opt *o = c->opts; o->kind != CLI_END; o++) {
		opt_label(o, label, sizeof(label));
		int len = (int)strlen(label);
		if (len + 4 <= HELP_COL_MAX && len > w)
			w = len;
	}
	int col = w + 4;
	for (const cli_opt *o = c->opts; o->kind != CLI_END; o++) {
		opt_label(o, label, sizeof(label));
		int len = fprintf(f, "  %s", label);
		if (len + 2 > col)
			fprintf(f, "\n%*s", col, "");
		else
			fprintf(f, "%*s", col - len, "");
		put_wrapped(f, o->help, col, col);
	}
}

void cli_print_usage(const command *c, FILE *f)
{
	buf b;
	buf_init(&b);
	forms(c, &b);
	fputs(b.data, f);
	buf_free(&b);
	if (c->about)
		fprintf(f, "\n%s", c->about);
	if (c->opts && c->opts[0].kind != CLI_END) {
		fputc('\n', f);
		print_opts(c, f);
	}
}

int cli_wants_help(const command *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			cli_print_usage(c, stdout);
			return 1;
		}
	}
	return 0;
}

int cli_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "attain: %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	const command *c = cli_find(name);
	if (c) {
		/* the first line of the usage: enough to recognise the
		 * command; the rest is in --help */
		buf b;
		buf_init(&b);
		forms(c, &b);
		fprintf(stderr, "%.*s\n", (int)strcspn(b.data, "\n"), b.data);
		buf_free(&b);
	}
	return EXIT_USAGE;
}

/* Is the option a (its first alen characters) one of o's names? */
static int opt_is(const cli_opt *o, const char *a, size_t alen)
{
	const char *p = o->names;
	for (;;) {
		size_t n = strcspn(p, "|");
		if (n == alen && strncmp(p, a, n) == 0)
			return 1;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

/* How many values o takes: none for a flag, else one per word of its
 * placeholder ("KIND FILE" takes two). */
static int opt_nvals(const cli_opt *o)
{
	if (o->kind == CLI_FLAG)
		return 0;
	int n = 1;
	for (const char *p = o->arg; *p; p++)
		n += *p == ' ';
	return n;
}

/* Write option o's values (nv of them, none empty) into args. Returns 0,
 * or prints the usage error and returns -1. */
static int opt_store(const command *c, const cli_opt *o, const char *name,
                     char **vals, int nv, void *args)
{
	char *field = (char *)args + o->off;
	switch (o->kind) {
	case CLI_FLAG:
		*(int *)(void *)field = 1;
		return 0;
	case CLI_STR:
		for (int k = 0; k < nv; k++)
			((const char **)(void *)field)[k] = vals[k];
		return 0;
	case CLI_INT: {
		char *end = NULL;
		errno = 0;
		long long v = strtoll(vals[0], &end, 10);
		if (errno || *end || v < o->min || v > o->max) {
			if (o->max == LLONG_MAX)
				cli_usage_error(c->name,
				                "%s '%s' is not a whole number "
				                "of at least %lld",
				                name, vals[0], o->min);
			else
				cli_usage_error(c->name,
				                "%s '%s' is not a whole number "
				                "from %lld to %lld",
				                name, vals[0], o->min, o->max);
			return -1;
		}
		*(long long *)(void *)field = v;
		return 0;
	}
	case CLI_LIST: {
		cli_list *l = (cli_list *)(void *)field;
		if (l->n >= CLI_LIST_MAX) {
			cli_usage_error(c->name,
			                "option '%s' given more than %d times",
			                name, CLI_LIST_MAX);
			return -1;
		}
		l->v[l->n++] = vals[0];
		return 0;
	}
	case CLI_END:
		break;
	}
	return -1;
}

int cli_parse(const command *c, void *args, int argc, char **argv, int first,
              char **ops, int maxops)
{
	int nops = 0, only_ops = 0;
	for (int i = first; i < argc; i++) {
		char *a = argv[i];
		if (only_ops || a[0] != '-' || a[1] == '\0') {
			if (nops >= maxops) {
				cli_usage_error(c->name,
				                "unexpected argument '%s'", a);
				return -1;
			}
			ops[nops++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_ops = 1;
			continue;
		}
		char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
		size_t alen = eq ? (size_t)(eq - a) : strlen(a);
		const cli_opt *o = c->opts;
		while (o && o->kind != CLI_END && !opt_is(o, a, alen))
			o++;
		if (!o || o->kind == CLI_END) {
			cli_usage_error(c->name, "unknown option '%.*s'",
			                (int)alen, a);
			return -1;
		}
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)alen, a);
		int nv = opt_nvals(o);
		char *vals[4] = {eq ? eq + 1 : NULL};
		if (nv == 0 && eq) {
			cli_usage_error(c->name, "option '%s' takes no value",
			                name);
			return -1;
		}
		int missing = nv > 0 && (eq ? nv > 1 || !*vals[0]
		                            : nv > (int)ARRAY_LEN(vals) ||
		                                  i + nv >= argc);
		for (int k = 0; !eq && !missing && k < nv; k++) {
			vals[k] = argv[++i];
			missing = !*vals[k];
		}
		if (missing) {
			cli_usage_error(c->name,
			                "option '%s' needs a value (%s)", name,
			                o->arg);
			return -1;
		}
		if (opt_store(c, o, name, vals, nv, args))
			return -1;
	}
	return nops;
}

int cli_fail(const att_err *e)
{
	err_print(e);
	return e->code == ATT_EUSAGE ? EXIT_USAGE : EXIT_INPUT;
}

store *cli_open(cli_ctx *ctx, int create)
{
	att_err e;
	err_clear(&e);
	store *s = NULL;
	int rc = create ? store_open(ctx->db_path, &s, &e)
	                : store_open_existing(ctx->db_path, &s, &e);
	if (rc) {
		err_print(&e);
		return NULL;
	}
	return s;
}

const char *cli_user(void)
{
	static char name[256];
	struct passwd pw, *res = NULL;
	char tmp[4096];
	if (getpwuid_r(geteuid(), &pw, tmp, sizeof(tmp), &res) == 0 && res &&
	    res->pw_name && *res->pw_name) {
		snprintf(name, sizeof(name), "%s", res->pw_name);
		return name;
	}
	const char *env = getenv("USER");
	return env && *env ? env : "unknown";
}

int cli_audit(const cli_ctx *ctx, store *s, const char *action,
              const char *kind, const char *target, const char *detail,
              att_err *e)
{
	audit_entry a = {.at = ctx->now,
	                 .username = cli_user(),
	                 .action = action,
	                 .target_kind = kind,
	                 .target = target,
	                 .address = "cli",
	                 .detail = detail};
	return store_audit_add(s, &a, e);
}

int cli_main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	ctx.now = clock_now();
	const char *env = getenv("ATTAIN_DB");
	ctx.db_path = env && *env ? env : "attain.db";
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "attain: option '--db' needs a "
				                "file name\n");
				return EXIT_USAGE;
			}
			ctx.db_path = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			ctx.db_path = a + 5;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			main_usage(stdout);
			return EXIT_OK;
		} else if (strcmp(a, "--version") == 0) {
			printf("attain %s\n", ATTAIN_VERSION);
			return EXIT_OK;
		} else if (a[0] == '-') {
			fprintf(stderr, "attain: unknown option '%s'\n", a);
			main_usage(stderr);
			return EXIT_USAGE;
		} else {
			break;
		}
	}
	if (i >= argc) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	if (!*ctx.db_path) {
		fprintf(stderr, "attain: database file name is empty\n");
		return EXIT_USAGE;
	}
	const command *c = cli_find(argv[i]);
	if (!c) {
		fprintf(stderr,
		        "attain: '%s' is not a command (see 'attain --help')\n",
		        argv[i]);
		return EXIT_USAGE;
	}
	if (cli_wants_help(c, argc - i, argv + i))
		return EXIT_OK;
	return c->fn(&ctx, argc - i, argv + i);
}
