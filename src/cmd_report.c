/*
 * cmd_report.c - `attain report KIND ...` and `attain calendar`: parse the
 * options, build the report documents (report_*.c) and write them. A
 * report that names students (report cards, a class's planning sheet, a
 * school's summary, exceptions) is written to the audit log first, one
 * entry per student card or per class or org.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart.h"
#include "cli.h"
#include "i18n.h"
#include "report.h"

typedef struct ropts {
	const char *kind, *org, *cls, *student, *year, *format, *lang, *out,
	    *each, *today;
} ropts;

static int parse_format(const char *name, const char *f, const char *out,
                        int *fmt)
{
	if (!f && out) {
		const char *dot = strrchr(out, '.');
		f = dot ? dot + 1 : NULL;
		if (f && strcmp(f, "htm") == 0)
			f = "html";
		if (f && strcmp(f, "pdf") && strcmp(f, "html") &&
		    strcmp(f, "csv") && strcmp(f, "json") && strcmp(f, "txt"))
			f = "html";
		if (!f)
			f = "html";
	}
	if (!f || strcmp(f, "txt") == 0)
		f = "text";
	if (strcmp(f, "pdf") == 0)
		*fmt = RDOC_PDF;
	else if (strcmp(f, "html") == 0)
		*fmt = RDOC_HTML;
	else if (strcmp(f, "csv") == 0)
		*fmt = RDOC_CSV;
	else if (strcmp(f, "json") == 0)
		*fmt = RDOC_JSON;
	else if (strcmp(f, "text") == 0)
		*fmt = RDOC_TEXT;
	else
		return cli_usage_error(name, "unknown format '%s'", f);
	return 0;
}

/* The options both commands take. */
#define OPT_ORG(help) CLI_STR("--org", "CODE", help, ropts, org)
#define OPT_YEAR                                                               \
	CLI_STR("--year", "Y", "academic year code (default: the latest)",     \
	        ropts, year)
#define OPTS_OUTPUT(lang_help)                                                 \
	CLI_STR("--format", "pdf|html|csv|json|text",                          \
	        "output format (default: the output file's extension, else "   \
	        "text)",                                                       \
	        ropts, format),                                                \
	    CLI_STR("--lang", "en|hi", lang_help, ropts, lang),                \
	    CLI_STR("-o|--output", "FILE",                                     \
	            "write to FILE (default: standard output)", ropts, out)

static const cli_opt report_options[] = {
    OPT_ORG("the school (school, report cards of a school) or the office "
            "above schools (plan, exceptions)"),
    CLI_STR("--class", "CODE",
            "the class (class, exceptions, report cards of a class)", ropts,
            cls),
    CLI_STR("--student", "CODE", "one student's report card", ropts, student),
    OPT_YEAR,
    OPTS_OUTPUT("language (default: English; a report card: its parents' "
                "account language)"),
    CLI_STR("--each", "DIR", "report cards: one file per student in DIR", ropts,
            each),
    CLI_STR("--today", "YYYY-MM-DD",
            "the date overdue collections are counted from (default: "
            "today)",
            ropts, today),
    CLI_OPT_END,
};

static const cli_opt calendar_options[] = {
    OPT_YEAR,
    OPT_ORG("only the events and schools of this org (default: all)"),
    OPTS_OUTPUT("language (default: English)"),
    CLI_STR("--today", "YYYY-MM-DD",
            "the day completeness is judged on (default: today)", ropts, today),
    CLI_OPT_END,
};

/* Read the options of command c into o; 0, or the usage exit status. */
static int parse(const command *c, int argc, char **argv, char **ops,
                 int maxops, ropts *o)
{
	int n = cli_parse(c, o, argc, argv, 1, ops, maxops);
	if (n < 0)
		return EXIT_USAGE;
	if (o->lang && strcmp(o->lang, "en") && strcmp(o->lang, "hi"))
		return cli_usage_error(
		    c->name, "unknown language '%s' (en, hi)", o->lang);
	if (maxops && n == 0)
		return cli_usage_error(c->name,
		                       "which report? (student, class, "
		                       "school, plan, exceptions)");
	return 0;
}

/* Write docs, then free them. */
static int emit(rdoc **docs, int n, int fmt, const char *out)
{
	att_err e;
	err_clear(&e);
	int rc = rdoc_write(docs, n, fmt, out, &e);
	for (int i = 0; i < n; i++)
		rdoc_free(docs[i]);
	if (rc)
		return cli_fail(&e);
	return EXIT_OK;
}

static const char *const fmt_names[] = {"pdf", "html", "csv", "json", "txt"};

/* The audit entries of reports that name people, written before they go
 * out (none goes out when they cannot be written): one per target, each
 * "report KIND:CODE" with what was written where. */
static int audit_reports(const cli_ctx *ctx, store *s, const char *kind,
                         const char *const *codes, int n, const char *what,
                         int fmt, const char *out)
{
	char detail[400];
	snprintf(detail, sizeof(detail), "%s, %s to %s", what, fmt_names[fmt],
	         out ? out : "standard output");
	att_err e;
	err_clear(&e);
	int rc = store_begin(s, &e);
	for (int i = 0; i < n && !rc; i++)
		rc = cli_audit(ctx, s, "report", kind, codes[i], detail, &e);
	if (!rc)
		rc = store_commit(s, &e);
	else
		store_rollback(s);
	return rc ? cli_fail(&e) : EXIT_OK;
}

/* Report cards: one student, a class, or every student of a school. With
 * --each DIR, one file per student named CODE.EXT in DIR. */
static int student_cards(const cli_ctx *ctx, report_ctx *c, const ropts *o,
                         int fmt)
{
	att_err e;
	err_clear(&e);
	arena a;
	arena_init(&a);
	srep_rows list = {0};
	const char *single = o->student;
	int rc = ATT_OK;
	if (!single && o->cls) {
		srep_rows cl;
		rc = srep_query(c->s, SRQ_CLASS, (srep_args){.code = o->cls},
		                &a, &cl, &e);
		if (!rc)
			rc = srep_query(
			    c->s, SRQ_CLASS_STUDENTS,
			    (srep_args){.id = {rows_int(&cl, 0, "id")}}, &a,
			    &list, &e);
	} else if (!single && o->org) {
		srep_rows org;
		rc = srep_query(c->s, SRQ_ORG, (srep_args){.code = o->org}, &a,
		                &org, &e);
		if (!rc && rows_int(&org, 0, "is_school") != 1)
			rc = err_set(&e, ATT_EUSAGE,
			             "'%s' is not a school: report cards are "
			             "made for a student, a class or a school",
			             o->org);
		if (!rc)
			rc = srep_query(
			    c->s, SRQ_SCHOOL_STUDENTS,
			    (srep_args){
			        .id = {rows_int(&org, 0, "id"), c->year_id}},
			    &a, &list, &e);
	}
	if (rc) {
		arena_free(&a);
		return cli_fail(&e);
	}
	int n = single ? 1 : list.nrow;
	const char **codes = arena_alloc(&a, (size_t)(n + 1) * sizeof(*codes));
	for (int i = 0; i < n; i++)
		codes[i] = single ? single : rows_text(&list, i, "code");
	if (audit_reports(ctx, c->s, "report-card", codes, n, "report card",
	                  fmt, o->each ? o->each : o->out)) {
		arena_free(&a);
		return EXIT_INPUT;
	}
	if (o->each) {
		if (mkdir(o->each, 0777) != 0 && errno != EEXIST) {
			arena_free(&a);
			err_set(&e, ATT_EIO, "cannot create directory '%s'",
			        o->each);
			return cli_fail(&e);
		}
		/* build every card, then write the files (PDFs on as many
		 * threads as there are cores, up to 4) */
		rdoc **docs = xcalloc((size_t)(n ? n : 1), sizeof(rdoc *));
		const char **paths =
		    xcalloc((size_t)(n ? n : 1), sizeof(char *));
		int r = EXIT_OK;
		for (int i = 0; i < n && r == EXIT_OK; i++) {
			const char *code =
			    single ? single : rows_text(&list, i, "code");
			docs[i] = report_student_alloc(c, code, &e);
			if (!docs[i]) {
				r = cli_fail(&e);
				break;
			}
			/* codes are imported identifiers: keep file names
			 * to a safe alphabet */
			buf p;
			buf_init(&p);
			buf_printf(&p, "%s/", o->each);
			for (const char *q = code; *q; q++)
				buf_addc(&p, (strchr("/\\:*?\"<>|", *q) ||
				              (*q == '.' && q == code))
				                 ? '_'
				                 : *q);
			buf_printf(&p, ".%s", fmt_names[fmt]);
			paths[i] = arena_strdup(&a, p.data);
			buf_free(&p);
		}
		if (r == EXIT_OK && fmt == RDOC_PDF) {
			long cores = sysconf(_SC_NPROCESSORS_ONLN);
			int threads = cores < 1   ? 1
			              : cores > 4 ? 4
			                          : (int)cores;
			if (rdoc_write_pdfs(docs, paths, n, threads, &e))
				r = cli_fail(&e);
		}
		for (int i = 0; i < n; i++) {
			if (!docs[i])
				break;
			if (r == EXIT_OK && fmt != RDOC_PDF)
				r = emit(&docs[i], 1, fmt, paths[i]);
			else
				rdoc_free(docs[i]);
		}
		free(paths);
		free(docs);
		arena_free(&a);
		return r;
	}
	rdoc **docs = xcalloc((size_t)(n ? n : 1), sizeof(rdoc *));
	for (int i = 0; i < n; i++) {
		docs[i] = report_student_alloc(
		    c, single ? single : rows_text(&list, i, "code"), &e);
		if (!docs[i]) {
			for (int k = 0; k < i; k++)
				rdoc_free(docs[k]);
			free(docs);
			arena_free(&a);
			return cli_fail(&e);
		}
	}
	int r = emit(docs, n, fmt, o->out);
	free(docs);
	arena_free(&a);
	return r;
}

static int run(cli_ctx *ctx, const char *name, const ropts *o)
{
	int fmt;
	int r = parse_format(name, o->format, o->out ? o->out : o->each, &fmt);
	if (r)
		return r;
	if (fmt == RDOC_PDF && !o->out && !o->each)
		return cli_usage_error(name,
		                       "a PDF needs an output file (-o FILE)");
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	report_ctx c;
	att_err e;
	err_clear(&e);
	char today[11];
	clock_local_date(ctx->now, today);
	if (report_ctx_init(&c, s, o->year, o->lang,
	                    o->today && *o->today ? o->today : today, &e)) {
		store_close(s);
		return cli_fail(&e);
	}
	if (o->lang)
		i18n_set_lang(o->lang);
	rdoc *d = NULL;
	const char *k = o->kind;
	if (strcmp(k, "student") == 0) {
		r = student_cards(ctx, &c, o, fmt);
	} else {
		/* the reports that name students are audited */
		const char *akind = o->cls ? "class" : "org";
		const char *code = o->cls ? o->cls : o->org;
		const char *named = NULL;
		if (strcmp(k, "class") == 0) {
			d = report_class_alloc(&c, o->cls, &e);
			named = "class planning sheet";
		} else if (strcmp(k, "school") == 0) {
			d = report_school_alloc(&c, o->org, &e);
			named = "school summary";
		} else if (strcmp(k, "plan") == 0) {
			d = report_plan_alloc(&c, o->org, &e);
		} else if (strcmp(k, "exceptions") == 0) {
			d = report_exceptions_alloc(&c, o->org, o->cls, &e);
			named = "exceptions report";
		} else {
			d = report_calendar_alloc(&c, o->org, &e);
		}
		if (!d)
			r = cli_fail(&e);
		else if (named && (r = audit_reports(ctx, s, akind, &code, 1,
		                                     named, fmt, o->out)))
			rdoc_free(d);
		else
			r = emit(&d, 1, fmt, o->out);
	}
	report_ctx_release(&c);
	store_close(s);
	if (fmt == RDOC_PDF)
		chart_shutdown();
	return r;
}

static int report_main(cli_ctx *ctx, int argc, char **argv)
{
	ropts o = {0};
	char *kind = NULL;
	int r = parse(&cmd_report, argc, argv, &kind, 1, &o);
	if (r)
		return r;
	o.kind = kind;
	static const char *kinds[] = {"student", "class", "school", "plan",
	                              "exceptions"};
	int known = 0;
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		known |= strcmp(o.kind, kinds[i]) == 0;
	if (!known)
		return cli_usage_error("report", "unknown report '%s'", o.kind);
	int targets = !!o.org + !!o.cls + !!o.student;
	if (targets != 1 &&
	    !(strcmp(o.kind, "exceptions") == 0 && targets == 1))
		return cli_usage_error("report",
		                       "give exactly one of --org, --class, "
		                       "--student");
	if ((strcmp(o.kind, "school") == 0 || strcmp(o.kind, "plan") == 0) &&
	    !o.org)
		return cli_usage_error("report", "the %s report needs --org",
		                       o.kind);
	if (strcmp(o.kind, "class") == 0 && !o.cls)
		return cli_usage_error("report",
		                       "the class report needs --class");
	if (strcmp(o.kind, "exceptions") == 0 && o.student)
		return cli_usage_error("report",
		                       "the exceptions report takes --org or "
		                       "--class");
	if (o.each && strcmp(o.kind, "student") != 0)
		return cli_usage_error("report",
		                       "--each is for student report cards");
	return run(ctx, "report", &o);
}

static int calendar_main(cli_ctx *ctx, int argc, char **argv)
{
	ropts o = {0};
	int r = parse(&cmd_calendar, argc, argv, NULL, 0, &o);
	if (r)
		return r;
	o.kind = "calendar";
	return run(ctx, "calendar", &o);
}

const command cmd_report = {
    .name = "report",
    .fn = report_main,
    .summary = "write a report: student, class, school, plan, exceptions",
    .forms = "[--db FILE] report KIND [--org CODE | --class CODE | --student "
             "CODE]\n"
             " [--year Y] [--format pdf|html|csv|json|text] [--lang en|hi]\n"
             " [-o FILE | --each DIR] [--today YYYY-MM-DD]",
    .about =
        "KIND is one of:\n"
        "  student     report card for parents and carers: --student CODE, or\n"
        "              every student of --class CODE or of a school (--org "
        "CODE)\n"
        "              in one file, or one file per student with --each DIR\n"
        "  class       the teacher's planning sheet (--class CODE)\n"
        "  school      the school improvement summary (--org SCHOOL)\n"
        "  plan        the academic plan of a cluster, block, district or "
        "state\n"
        "              (--org CODE), with small-cell suppression\n"
        "  exceptions  students struggling in several subjects or slowing\n"
        "              (--org CODE or --class CODE)\n"
        "\n"
        "The format follows the output file's extension (.pdf, .html, .csv,\n"
        ".json) unless --format is given; without -o the report is written to\n"
        "standard output as text. A report card is in its parents' account\n"
        "language unless --lang is given. Every report names the data version\n"
        "and analysis run it was made from. Reports that name students are\n"
        "written to the audit log ('attain audit --action report').\n",
    .opts = report_options,
};

const command cmd_calendar = {
    .name = "calendar",
    .fn = calendar_main,
    .summary = "list calendar events, due dates and completeness",
    .about =
        "List the year's assessment, data-collection, reporting and "
        "parent-meeting\n"
        "events with their due dates, and for every data collection the\n"
        "state of each school as of --today: on time, late, partial, missing\n"
        "or not yet due (docs/COLLECTION.md); collections partial or missing\n"
        "after their due date are marked OVERDUE.\n",
    .opts = calendar_options,
};
