/*
 * cmd_export.c - `attain export NAME [--format csv|json] [-o FILE]` and
 * `attain export --list`: any derived table of the analysis registry and
 * any raw table (by its name or a plural alias: students, results, ...),
 * written through the escaping module. Accounts, audit entries and other
 * credentials are never exported; an export of a table that names people
 * is written to the audit log first. With --pseudonymise every person's
 * code, id and name become their keyed-hash pseudonym, birth dates their
 * month, and contact details and free text are left out (store_pseudo.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "escape.h"
#include "figures.h"
#include "store_derived.h"
#include "store_pseudo.h"

/* Raw tables users may take out, with the name they type. */
static const struct {
	const char *name;
	const char *table;
} raw_tables[] = {
    {"orgs", "org"},
    {"org_levels", "org_level"},
    {"years", "academic_year"},
    {"terms", "term"},
    {"school_profiles", "school_profile"},
    {"students", "student"},
    {"student_attributes", "student_attr"},
    {"staff", "staff"},
    {"guardians", "guardian"},
    {"subjects", "subject"},
    {"classes", "class"},
    {"teachers", "teacher_of"},
    {"enrolments", "enrolment"},
    {"placements", "placement"},
    {"standards", "standard"},
    {"assessments", "assessment"},
    {"cut_scores", "cut_score"},
    {"items", "item"},
    {"results", "result"},
    {"item_responses", "item_response"},
    {"attendance", "attendance"},
    {"behaviour", "behaviour_event"},
    {"attitude", "attitude_grade"},
    {"surveys", "survey"},
    {"survey_questions", "survey_question"},
    {"themes", "theme"},
    {"observations", "observation"},
    {"interventions", "intervention"},
    {"participants", "participant"},
    {"goals", "goal"},
    {"calendar", "calendar_event"},
    {"imports", "import_batch"},
    {"analysis_runs", "analysis_run"},
    {"analysis_steps", "analysis_step"},
};

typedef struct exp_ctx {
	FILE *f;
	int json;
	int64_t rows;
	buf b;
} exp_ctx;

/* A number as JSON, or as a CSV field through the one CSV escaper (a
 * number passes its formula guard unchanged). */
static void put_number(exp_ctx *x, const char *num)
{
	if (x->json)
		buf_adds(&x->b, num);
	else
		esc_csv(&x->b, num);
}

static void put_value(exp_ctx *x, const store_value *v)
{
	char num[64];
	switch (v->type) {
	case SV_NULL:
		if (x->json)
			buf_adds(&x->b, "null");
		break;
	case SV_INT:
		snprintf(num, sizeof(num), "%lld", (long long)v->i);
		put_number(x, num);
		break;
	case SV_REAL:
		/* JSON has no infinity or NaN (RFC 8259): write null, and
		 * leave the CSV field empty, as for SQL NULL */
		if (!isfinite(v->d)) {
			if (x->json)
				buf_adds(&x->b, "null");
			break;
		}
		snprintf(num, sizeof(num), "%.10g", v->d);
		put_number(x, num);
		break;
	case SV_TEXT:
		if (x->json)
			esc_json(&x->b, v->s);
		else
			esc_csv(&x->b, v->s);
		break;
	case SV_BLOB: {
		/* attendance marks: one status digit per day (attendance.h) */
		buf d;
		buf_init(&d);
		const unsigned char *p = (const unsigned char *)v->s;
		for (int k = 0; k < v->len; k++) {
			buf_addc(&d, (char)('0' + (p[k] & 15)));
			buf_addc(&d, (char)('0' + (p[k] >> 4)));
		}
		if (x->json)
			esc_json(&x->b, d.data ? d.data : "");
		else
			esc_csv(&x->b, d.data ? d.data : "");
		buf_free(&d);
		break;
	}
	}
}

static int row_out(void *ctx, int ncol, const char *const *names,
                   const store_value *vals)
{
	exp_ctx *x = ctx;
	buf_clear(&x->b);
	if (x->rows == 0 && !x->json) {
		for (int k = 0; k < ncol; k++) {
			if (k)
				buf_addc(&x->b, ',');
			esc_csv(&x->b, names[k]);
		}
		buf_adds(&x->b, "\r\n");
	}
	if (x->json) {
		buf_adds(&x->b, x->rows ? ",\n{" : "[\n{");
		for (int k = 0; k < ncol; k++) {
			if (k)
				buf_addc(&x->b, ',');
			esc_json(&x->b, names[k]);
			buf_addc(&x->b, ':');
			put_value(x, &vals[k]);
		}
		buf_addc(&x->b, '}');
	} else {
		for (int k = 0; k < ncol; k++) {
			if (k)
				buf_addc(&x->b, ',');
			put_value(x, &vals[k]);
		}
		buf_adds(&x->b, "\r\n");
	}
	x->rows++;
	if (fwrite(x->b.data, 1, x->b.len, x->f) != x->b.len)
		return ATT_EIO;
	return 0;
}

static void list_all(void)
{
	int n;
	const analysis_def *d = analysis_list(&n);
	printf("derived tables (latest analysis run):\n");
	for (int k = 0; k < n; k++) {
		const char *p = d[k].tables, *w;
		size_t len;
		while ((w = word_next(&p, &len)))
			printf("  %-20.*s %s\n", (int)len, w, d[k].name);
	}
	printf("figures (docs/FIGURES.md):\n  %-20s %s\n  %-20s %s\n",
	       "figures", "every org unit's figures in every year",
	       "figures_mastery",
	       "every school's mastery of each learning outcome, every year");
	printf("raw tables:\n");
	for (size_t i = 0; i < ARRAY_LEN(raw_tables); i++)
		printf("  %-20s %s\n", raw_tables[i].name, raw_tables[i].table);
}

/* The table behind a name users type, NULL when it may not be exported.
 * "figures" and "figures_mastery" are the catalogue's (figures.h). */
static const char *resolve(const char *name)
{
	if (fig_export_has(name))
		return name;
	if (analysis_is_derived(name))
		return name;
	for (size_t i = 0; i < ARRAY_LEN(raw_tables); i++)
		if (strcmp(raw_tables[i].name, name) == 0 ||
		    strcmp(raw_tables[i].table, name) == 0)
			return raw_tables[i].table;
	return NULL;
}

/* An export of a table that names people is audited before a row goes
 * out (and nothing goes out when the entry cannot be written). */
static int audit_export(const cli_ctx *ctx, store *s, const char *table,
                        int json, int pseud, const char *outp)
{
	if (fig_export_has(table) || !store_table_names_people(s, table))
		return 0;
	char detail[300];
	snprintf(detail, sizeof(detail), "%s%s to %s",
	         pseud ? "pseudonymised, " : "", json ? "json" : "csv",
	         outp ? outp : "standard output");
	att_err e;
	err_clear(&e);
	if (cli_audit(ctx, s, "export", "table", table, detail, &e)) {
		err_print(&e);
		return -1;
	}
	return 0;
}

typedef struct export_opts {
	const char *format, *output;
	int list, pseudonymise;
} export_opts;

static const cli_opt options[] = {
    CLI_STR("--format", "csv|json", "what to write (default: csv)", export_opts,
            format),
    CLI_STR("-o|--output", "FILE", "write to FILE (default: standard output)",
            export_opts, output),
    CLI_FLAG("--pseudonymise",
             "replace every person's code, id and name by a keyed hash, "
             "birth dates by their month; leave out contact details, "
             "free text and students without data_share consent",
             export_opts, pseudonymise),
    CLI_FLAG("--list", "name every table that can be exported", export_opts,
             list),
    CLI_OPT_END,
};

static int export_main(cli_ctx *ctx, int argc, char **argv)
{
	export_opts o = {.format = "csv"};
	char *names[2];
	int n = cli_parse(&cmd_export, &o, argc, argv, 1, names,
	                  (int)ARRAY_LEN(names));
	if (n < 0)
		return EXIT_USAGE;
	if (o.list) {
		list_all();
		return EXIT_OK;
	}
	if (n > 1)
		return cli_usage_error("export", "more than one table named");
	if (n == 0)
		return cli_usage_error(
		    "export", "name a table (see 'attain export --list')");
	const char *name = names[0], *format = o.format, *outp = o.output;
	int json = strcmp(format, "json") == 0;
	if (!json && strcmp(format, "csv") != 0)
		return cli_usage_error(
		    "export", "format must be csv or json, not '%s'", format);
	const char *table = resolve(name);
	if (!table) {
		fprintf(stderr,
		        "attain: export: no table '%s' (see 'attain export "
		        "--list')\n",
		        name);
		return EXIT_INPUT;
	}
	store *s = cli_open(ctx, 0);
	if (!s)
		return EXIT_INPUT;
	if (audit_export(ctx, s, table, json, o.pseudonymise, outp)) {
		store_close(s);
		return EXIT_INPUT;
	}
	exp_ctx x = {.json = json};
	buf_init(&x.b);
	x.f = outp ? fopen(outp, "wb") : stdout;
	int status = EXIT_OK;
	if (!x.f) {
		fprintf(stderr, "attain: export: cannot write '%s'\n", outp);
		status = EXIT_INPUT;
		goto out;
	}
	att_err e;
	err_clear(&e);
	char today[11];
	clock_local_date(clock_now(), today);
	int64_t skipped = 0;
	int rc = fig_export_has(table) ? fig_export(s, table, row_out, &x, &e)
	         : o.pseudonymise
	             ? store_export_pseudo(s, table, today, row_out, &x,
	                                   &skipped, &e)
	             : store_export(s, table, row_out, &x, &e);
	if (!rc && skipped > 0)
		fprintf(stderr,
		        "attain: export: %lld rows of students without consent "
		        "to share their data (data_share) left out\n",
		        (long long)skipped);
	if (rc == ATT_EIO && !e.msg[0])
		err_set(&e, ATT_EIO, "cannot write the export");
	if (!rc && json)
		fputs(x.rows ? "\n]\n" : "[]\n", x.f);
	if (rc) {
		err_print(&e);
		status = EXIT_INPUT;
	}
	if (outp && fclose(x.f) != 0 && !rc) {
		fprintf(stderr, "attain: export: cannot write '%s'\n", outp);
		status = EXIT_INPUT;
	} else if (!outp)
		fflush(stdout);
out:
	buf_free(&x.b);
	store_close(s);
	return status;
}

const command cmd_export = {
    .name = "export",
    .fn = export_main,
    .summary = "write a derived or raw table as CSV or JSON",
    .forms = "[--db FILE] export NAME [--format csv|json] [-o FILE]"
             " [--pseudonymise]\n"
             "export --list",
    .about =
        "Write every row of a derived table (for example va_group) or a raw\n"
        "table (students, results, ...) to standard output or FILE. Raw rows\n"
        "that refer to other entities carry their codes. An export of a table\n"
        "that names people (students, staff, guardians, or rows about them)\n"
        "is written to the audit log ('attain audit --action export').\n"
        "--pseudonymise writes each person as a pseudonym, the same in every\n"
        "export of this database and made with a key no export contains,\n"
        "and leaves out the rows of students without consent to share\n"
        "their data (data_share) on the day, saying how many\n"
        "(docs/PRIVACY.md, \"Erasure and pseudonymisation\", \"Consent\").\n",
    .opts = options,
};
