/*
 * test_cli.c - the option tables of the command line: cli_parse writes
 * every kind of option into its field and names each kind of usage error;
 * cli_print_usage makes the exact help of a table (worked by hand below);
 * every real command's help lists each option of its table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct t_opts {
	int flag;
	const char *str;
	const char *pair[2];
	long long num;
	cli_list many;
} t_opts;

static const cli_opt t_options[] = {
    CLI_FLAG("--flag|-f", "a flag", t_opts, flag),
    CLI_STR("--str", "TEXT", "a string", t_opts, str),
    CLI_STR("--pair", "KIND FILE", "two values", t_opts, pair),
    CLI_INT("--num", "N",
            "a number from 1 to 10, with a help text long enough to be "
            "wrapped onto a second line",
            t_opts, num, 1, 10),
    CLI_LIST("--many", "V", "may be given again", t_opts, many),
    CLI_OPT_END,
};

static const command t_cmd = {
    .name = "tcmd",
    .summary = "a command for the test",
    .about = "About it.\n",
    .opts = t_options,
};

/* Parse argv (NULL-terminated, argv[0] the command) into *o with room for
 * maxops operands in ops; what went to stderr is copied to err. */
static int parse(char **argv, t_opts *o, char **ops, int maxops, char *err,
                 size_t errn)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	memset(o, 0, sizeof(*o));
	fflush(stderr);
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	int saved = dup(STDERR_FILENO);
	dup2(fileno(tmp), STDERR_FILENO);
	int n = cli_parse(&t_cmd, o, argc, argv, 1, ops, maxops);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	size_t len = fread(err, 1, errn - 1, tmp);
	err[len] = '\0';
	fclose(tmp);
	return n;
}

static void test_values(void **state)
{
	(void)state;
	char *argv[] = {"tcmd",   "-f",     "--str=hello", "op1",
	                "--pair", "k",      "file",        "--num",
	                "7",      "--many", "a",           "--many=b",
	                "-",      "--",     "--str",       NULL};
	t_opts o;
	char *ops[3], err[512];
	int n = parse(argv, &o, ops, 3, err, sizeof(err));
	assert_int_equal(n, 3);
	assert_string_equal(err, "");
	assert_string_equal(ops[0], "op1");
	assert_string_equal(ops[1], "-"); /* standard input, an operand */
	assert_string_equal(ops[2], "--str");
	assert_int_equal(o.flag, 1);
	assert_string_equal(o.str, "hello");
	assert_string_equal(o.pair[0], "k");
	assert_string_equal(o.pair[1], "file");
	assert_int_equal(o.num, 7);
	assert_int_equal(o.many.n, 2);
	assert_string_equal(o.many.v[0], "a");
	assert_string_equal(o.many.v[1], "b");
	/* the value of an option may start with '-' */
	char *neg[] = {"tcmd", "--str", "-x", NULL};
	assert_int_equal(parse(neg, &o, ops, 0, err, sizeof(err)), 0);
	assert_string_equal(o.str, "-x");
}

/* argv fails to parse, with want in the one error line. */
static void fails(char **argv, int maxops, const char *want)
{
	t_opts o;
	char *ops[2], err[512];
	assert_int_equal(parse(argv, &o, ops, maxops, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("'%s' not in '%s'", want, err);
	assert_non_null(strstr(err, "attain: tcmd: "));
}

static void test_errors(void **state)
{
	(void)state;
	fails((char *[]){"tcmd", "--nope", NULL}, 0, "unknown option '--nope'");
	fails((char *[]){"tcmd", "--nope=3", NULL}, 0,
	      "unknown option '--nope'");
	fails((char *[]){"tcmd", "-x", NULL}, 0, "unknown option '-x'");
	fails((char *[]){"tcmd", "--st", NULL}, 0, "unknown option '--st'");
	fails((char *[]){"tcmd", "--str", NULL}, 0,
	      "option '--str' needs a value (TEXT)");
	fails((char *[]){"tcmd", "--str=", NULL}, 0,
	      "option '--str' needs a value");
	fails((char *[]){"tcmd", "--str", "", NULL}, 0,
	      "option '--str' needs a value");
	fails((char *[]){"tcmd", "--pair", "k", NULL}, 0,
	      "option '--pair' needs a value (KIND FILE)");
	fails((char *[]){"tcmd", "--pair=k", "f", NULL}, 0,
	      "option '--pair' needs a value");
	fails((char *[]){"tcmd", "--flag=1", NULL}, 0,
	      "option '--flag' takes no value");
	fails((char *[]){"tcmd", "--num", "0", NULL}, 0,
	      "--num '0' is not a whole number from 1 to 10");
	fails((char *[]){"tcmd", "--num=11", NULL}, 0,
	      "--num '11' is not a whole number from 1 to 10");
	fails((char *[]){"tcmd", "--num", "7x", NULL}, 0, "--num '7x'");
	fails((char *[]){"tcmd", "--num", "99999999999999999999", NULL}, 0,
	      "is not a whole number");
	fails((char *[]){"tcmd", "a", "b", NULL}, 1, "unexpected argument 'b'");
	fails((char *[]){"tcmd", "--", "--flag", NULL}, 0,
	      "unexpected argument '--flag'");
	char *many[2 * CLI_LIST_MAX + 4] = {"tcmd"};
	int k = 1;
	for (int i = 0; i <= CLI_LIST_MAX; i++) {
		many[k++] = "--many";
		many[k++] = "v";
	}
	many[k] = NULL;
	fails(many, 0, "option '--many' given more than 64 times");
}

/* The help of t_cmd, laid out by hand: the usage line wraps before the
 * option that would pass column 79, continuing under the command name;
 * the option column is the widest label ("--pair KIND FILE", 16) plus 4;
 * help text wraps at column 79 to that column; short names come first. */
static void test_usage(void **state)
{
	(void)state;
	static const char want[] =
	    "usage: attain [--db FILE] tcmd [--flag] [--str TEXT] [--pair "
	    "KIND FILE]\n"
	    "                               [--num N] [--many V]\n"
	    "\n"
	    "About it.\n"
	    "\n"
	    "  -f, --flag        a flag\n"
	    "  --str TEXT        a string\n"
	    "  --pair KIND FILE  two values\n"
	    "  --num N           a number from 1 to 10, with a help text long "
	    "enough to be\n"
	    "                    wrapped onto a second line\n"
	    "  --many V          may be given again\n";
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	cli_print_usage(&t_cmd, f);
	fclose(f);
	assert_string_equal(out, want);
	free(out);
}

/* Every command's --help shows each option of its table with its value's
 * placeholder and the start of its help text, and a usage line. */
static void test_commands(void **state)
{
	(void)state;
	const command *all[] = {
	    &cmd_init,     &cmd_demo,    &cmd_info,  &cmd_check, &cmd_report,
	    &cmd_calendar, &cmd_serve,   &cmd_user,  &cmd_audit, &cmd_import,
	    &cmd_template, &cmd_analyze, &cmd_export};
	int nopts = 0;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const command *c = all[i];
		assert_ptr_equal(cli_find(c->name), c);
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		cli_print_usage(c, f);
		fclose(f);
		assert_memory_equal(out, "usage: attain ", 14);
		assert_non_null(strstr(out, c->name));
		for (const cli_opt *o = c->opts; o && o->kind != CLI_END;
		     o++, nopts++) {
			char label[96], start[24];
			size_t n = strcspn(o->names, "|");
			const char *last = o->names + n + (o->names[n] == '|');
			snprintf(label, sizeof(label), "%s%s%s",
			         o->names[n] ? last : o->names,
			         o->arg ? " " : "", o->arg ? o->arg : "");
			snprintf(start, sizeof(start), "%.*s",
			         (int)strcspn(o->help, " "), o->help);
			if (!strstr(out, label) || !strstr(out, start))
				fail_msg("%s --help lacks '%s' or '%s'",
				         c->name, label, start);
		}
		free(out);
	}
	assert_true(nopts >= 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_usage),
	    cmocka_unit_test(test_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
