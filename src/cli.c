/*
 * cli.c - the command table, global options (--db, --help, --version) and
 * dispatch. Adding a command: write cmd_<name>.c, declare it in cli.h and
 * add one row here.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ATTAIN_VERSION "0.1.0"

static const command commands[] = {
    {"init", cmd_init, "create or migrate the database",
     "usage: attain [--db FILE] init\n"
     "\n"
     "Create the database if it does not exist and apply every pending\n"
     "schema migration. Safe to run again.\n"},
    {"demo", cmd_demo, "generate the demo district with planted truths",
     "usage: attain [--db FILE] demo [--students N] [--seed S] [--years Y]\n"
     "                         [--password PW] [--force]\n"
     "\n"
     "Create a realistic school system in the database: one state, its\n"
     "districts, blocks, clusters and schools, grades 3-10 over Y academic\n"
     "years (the last 2025-26) with baseline, mid-year and summative\n"
     "assessments down to item responses, attendance, behaviour, attitude,\n"
     "surveys, observations, interventions, goals, the calendar and one\n"
     "account per role. The truths it planted (school effects, a subgroup\n"
     "gap, weak learning outcomes, slowing progress, chronic absence, two\n"
     "interventions) are written to DBFILE.truth.json (see docs/DEMO.md).\n"
     "The same options always give the same data. The accounts' password is\n"
     "printed once.\n"
     "\n"
     "  --students N    distinct students over all years (default 100000)\n"
     "  --seed S        random seed (default 1)\n"
     "  --years Y       academic years, 1 to 6 (default 3)\n"
     "  --password PW   the accounts' password (default: random)\n"
     "  --force         replace a database that already holds data\n"},
    {"info", cmd_info, "show row counts per table and the data version",
     "usage: attain [--db FILE] info [--checksums]\n"
     "\n"
     "Print the schema version, the data version and the number of rows in\n"
     "every table.\n"
     "\n"
     "  --checksums  print instead, for every table, its rows and a checksum\n"
     "               of its contents in key order (wall-clock times and\n"
     "               password hashes left out), to compare two databases\n"},
    {"check", cmd_check,
     "check integrity, foreign keys and data-collection completeness",
     "usage: attain [--db FILE] check [--quiet] [--strict]\n"
     "\n"
     "Run SQLite's integrity check and foreign-key check, then list, for "
     "every\n"
     "data-collection event of the calendar, which schools have submitted,\n"
     "which submitted late and which have not. Exits 1 when the database has\n"
     "integrity or foreign-key problems (with --strict, also when a school's\n"
     "submission is overdue).\n"
     "\n"
     "  --quiet    print only overdue submissions, problems and the summary\n"
     "  --strict   fail when any submission is overdue\n"},
    {"report", cmd_report,
     "write a report: student, class, school, plan, exceptions",
     "usage: attain [--db FILE] report KIND [--org CODE | --class CODE | "
     "--student CODE]\n"
     "              [--year Y] [--format pdf|html|csv|json|text] [--lang "
     "en|hi]\n"
     "              [-o FILE | --each DIR] [--today YYYY-MM-DD]\n"
     "\n"
     "KIND is one of:\n"
     "  student     report card for parents and carers: --student CODE, or\n"
     "              every student of --class CODE or of a school (--org CODE)\n"
     "              in one file, or one file per student with --each DIR\n"
     "  class       the teacher's planning sheet (--class CODE)\n"
     "  school      the school improvement summary (--org SCHOOL)\n"
     "  plan        the academic plan of a cluster, block, district or state\n"
     "              (--org CODE), with small-cell suppression\n"
     "  exceptions  students struggling in several subjects or slowing\n"
     "              (--org CODE or --class CODE)\n"
     "\n"
     "The format follows the output file's extension (.pdf, .html, .csv,\n"
     ".json) unless --format is given; without -o the report is written to\n"
     "standard output as text. A report card is in its parents' account\n"
     "language unless --lang is given. Every report names the data version\n"
     "and analysis run it was made from. --today fixes the date used for\n"
     "overdue collections (default: the current date).\n"},
    {"calendar", cmd_calendar,
     "list calendar events, due dates and completeness",
     "usage: attain [--db FILE] calendar [--year Y] [--org CODE]\n"
     "              [--format pdf|html|csv|json|text] [--lang en|hi] [-o "
     "FILE]\n"
     "              [--today YYYY-MM-DD]\n"
     "\n"
     "List the year's assessment, data-collection, reporting and "
     "parent-meeting\n"
     "events with their due dates, and for every data collection which\n"
     "schools have submitted, submitted late or are missing; overdue\n"
     "collections are marked OVERDUE.\n"},
    {"serve", cmd_serve, "serve the web app and its JSON API",
     "usage: attain [--db FILE] serve [--listen ADDRESS:PORT] [--threads N]\n"
     "                             [--min-cell N] [--no-warm] [--routes]\n"
     "\n"
     "Serve the role-scoped pages, the JSON API (/api/...) and CSV downloads\n"
     "of the database until interrupted. Pages read the latest analysis\n"
     "results; run 'attain analyze' first.\n"
     "\n"
     "  --listen ADDRESS:PORT  where to listen (default 127.0.0.1:8080)\n"
     "  --threads N            worker threads (default: one per core)\n"
     "  --min-cell N           suppress aggregates of fewer than N students\n"
     "                         on officers' pages (default 10)\n"
     "  --no-warm              do not build the org pages into the cache\n"
     "                         at start (by default a background thread\n"
     "                         does, and prints 'cache warm' when done)\n"
     "  --routes               print the route table and exit\n"},
    {"user", cmd_user, "add, list, change or remove accounts",
     "usage: attain [--db FILE] user add USERNAME --role ROLE [--scope "
     "KIND:CODE]...\n"
     "                              [--staff CODE] [--student CODE] "
     "[--guardian CODE]\n"
     "                              [--password PW] [--lang en|hi]\n"
     "       attain [--db FILE] user list\n"
     "       attain [--db FILE] user passwd USERNAME [--password PW]\n"
     "       attain [--db FILE] user remove USERNAME\n"
     "       attain [--db FILE] user lang USERNAME en|hi\n"
     "\n"
     "Roles and their scope: student (--student CODE), parent (--scope\n"
     "student:CODE or --guardian CODE), teacher (--scope class:CODE or "
     "--staff\n"
     "CODE), principal (--scope org:SCHOOL), officer (--scope org:CODE, the\n"
     "whole subtree), admin (everything). Without --password the password is\n"
     "read from the first line of standard input. 'list' prints each "
     "account's\n"
     "username, role, language and scope. The language (--lang, 'lang') is\n"
     "the one the account's web pages and, for a parent, their children's\n"
     "report cards use; users change it on their account page (/me).\n"},
    {"audit", cmd_audit, "list the audit log (who saw what, when, from where)",
     "usage: attain [--db FILE] audit [--limit N] [--user NAME] [--target "
     "CODE]\n"
     "\n"
     "Print audit entries newest first: sign-ins, failed sign-ins and every\n"
     "view of named student data (default: the last 100).\n"},
    {"import", cmd_import, "import CSV, OneRoster or xAPI data",
     "usage: attain [--db FILE] import --csv KIND FILE [--map MAPFILE] "
     "[--skip-bad]\n"
     "       attain [--db FILE] import --oneroster DIR [--skip-bad]\n"
     "       attain [--db FILE] import --xapi FILE --actors MAPFILE "
     "[--skip-bad]\n"
     "\n"
     "Import one batch in one transaction. Every row is validated; each\n"
     "problem is printed as FILE:LINE:COLUMN: what is wrong (found ...), the\n"
     "first 50 in full. By default any problem commits nothing (exit 1).\n"
     "Importing the same data again changes nothing. See docs/IMPORT.md.\n"
     "\n"
     "  --csv KIND FILE   a CSV file of one kind (see 'attain template "
     "--list')\n"
     "  --map MAPFILE     rename columns and translate codes (CSV map file)\n"
     "  --oneroster DIR   a OneRoster 1.1 or 1.2 CSV bundle (manifest.csv)\n"
     "  --xapi FILE       xAPI statements (JSON array or JSON lines)\n"
     "  --actors MAPFILE  CSV actor,student mapping xAPI actors to students\n"
     "  --skip-bad        commit the good rows; write rejected rows with a\n"
     "                    reason to FILE.rejects.csv\n"},
    {"template", cmd_template, "print the CSV header of an import kind",
     "usage: attain template KIND\n"
     "       attain template --list\n"
     "\n"
     "Print the header row of KIND's CSV file, then one line per column:\n"
     "required or optional, type and meaning. --list names every kind.\n"},
    {"figures", cmd_figures, "list the catalogue of figures",
     "usage: attain figures [--markdown]\n"
     "\n"
     "List every figure attain shows: its key (the JSON, CSV and export\n"
     "column), its label and what it means. Every page, report and export\n"
     "reads each figure from one definition.\n"
     "\n"
     "  --markdown   print the whole catalogue (unit, population, formula,\n"
     "               source, interval, suppression) as docs/FIGURES.md\n"},
    {"analyze", cmd_analyze, "run the analyses and write their derived tables",
     "usage: attain [--db FILE] analyze [--year Y] [--config FILE] [--only "
     "NAME]\n"
     "                                  [--jobs N]\n"
     "       attain analyze --list | --config-help\n"
     "\n"
     "Load the store into the columnar engine once, run every analysis (or\n"
     "only NAME and the analyses it needs) and write their derived tables,\n"
     "stamped with a new analysis run that records the options and the data\n"
     "version read. Earlier rows of each table written are replaced; each\n"
     "analysis is written in one transaction, whole or not at all.\n"
     "\n"
     "  --year Y         restrict outcomes to academic year code Y\n"
     "  --config FILE    JSON options (see --config-help for every key)\n"
     "  --only NAME      run one analysis and what it needs\n"
     "  --jobs N         analyses computed at once (default: 2 on 2 or more\n"
     "                   cores, or ATTAIN_JOBS); results do not depend on it\n"
     "  --quiet          print nothing but errors\n"
     "  --list           list the analyses and their tables\n"
     "  --config-help    list the options with their defaults\n"},
    {"export", cmd_export, "write a derived or raw table as CSV or JSON",
     "usage: attain [--db FILE] export NAME [--format csv|json] [-o FILE]\n"
     "       attain export --list\n"
     "\n"
     "Write every row of a derived table (for example va_group) or a raw\n"
     "table (students, results, ...) to standard output or FILE. Raw rows\n"
     "that refer to other entities carry their codes. --list names them "
     "all.\n"},
};

const command *cli_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
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
		fprintf(f, "  %-10s %s\n", commands[i].name,
		        commands[i].summary);
}

int cli_wants_help(const command *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(c->usage, stdout);
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
		const char *nl = strchr(c->usage, '\n');
		fprintf(stderr, "%.*s\n",
		        nl ? (int)(nl - c->usage) : (int)strlen(c->usage),
		        c->usage);
	}
	return EXIT_USAGE;
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

int cli_main(int argc, char **argv)
{
	cli_ctx ctx = {0};
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
