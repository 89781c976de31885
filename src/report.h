/*
 * report.h - the reports of attain: each kind reads the store (raw tables
 * and the derived tables of the analyses, through store_report.h) and
 * writes an rdoc (report_doc.h) that renders as PDF, HTML, CSV or JSON.
 *
 *   student     report card for parents and carers (report_student.c)
 *   class       the teacher's planning sheet (report_class.c)
 *   school      the school improvement summary (report_school.c)
 *   plan        the academic plan of an org above a school (report_plan.c)
 *   exceptions  students struggling in several subjects or slowing
 *               (report_class.c)
 *   calendar    events with due dates and completeness (report_calendar.c)
 *
 * A section whose analysis has not been run (its derived table is absent
 * or empty) says so with rdoc_missing, naming the analysis; nothing is
 * estimated in its place. Every report records the data version and the
 * analysis run it read.
 *
 * Numbers and dates are formatted for the report's language (report_fmt_*):
 * English groups thousands 1,234,567; Hindi uses Indian grouping 12,34,567
 * and Hindi month names; both use Western digits, as Indian government
 * publications in Hindi do.
 */
#ifndef ATTAIN_REPORT_H
#define ATTAIN_REPORT_H

#include <stdint.h>

#include "figures.h"
#include "report_doc.h"
#include "store.h"
#include "store_report.h"

typedef struct report_ctx {
	store *s;
	const char *lang; /* forced language (--lang) or NULL */
	int64_t year_id;
	const char *year_code, *year_name, *year_start, *year_end;
	const char *today; /* YYYY-MM-DD: the completeness of data
	                      collections is as of it */
	int min_cell;      /* suppression minimum for aggregates */
	int hide_classes;  /* report card: name each subject's teacher but
	                      not the class (the web shows a viewer only the
	                      classes their scope opens) */
	int inside_only;   /* plan: leave out peer pairs with a school
	                      outside the org (the web names only the orgs
	                      a viewer's scope opens) */
	int64_t data_version;
	int64_t run_id;     /* latest finished analysis run, 0 if none */
	const char *run_at; /* its finish time */
	arena a;            /* lives as long as the context */
} report_ctx;

/* Open a context for the year with this code (NULL: the latest year).
 * today NULL: the current date. */
int report_ctx_init(report_ctx *c, store *s, const char *year_code,
                    const char *lang, const char *today, att_err *e);
void report_ctx_release(report_ctx *c);

/* The language for a student's report card: the forced one, else the
 * language of a guardian's account, else "en". */
const char *report_student_lang(report_ctx *c, int64_t student_id);

/* Fill the provenance line of d from the context. */
void report_stamp(report_ctx *c, rdoc *d);

/* Each builder returns a new rdoc (caller frees with rdoc_free) or NULL
 * with e filled (ATT_ENOTFOUND for an unknown code, ATT_EUSAGE for an org
 * of the wrong level). */
rdoc *report_student_alloc(report_ctx *c, const char *student_code, att_err *e);
rdoc *report_class_alloc(report_ctx *c, const char *class_code, att_err *e);
rdoc *report_school_alloc(report_ctx *c, const char *org_code, att_err *e);
rdoc *report_plan_alloc(report_ctx *c, const char *org_code, att_err *e);
/* For an org (any level) or a class (exactly one of the codes). */
rdoc *report_exceptions_alloc(report_ctx *c, const char *org_code,
                              const char *class_code, att_err *e);
rdoc *report_calendar_alloc(report_ctx *c, const char *org_code, att_err *e);

/* Shared by the reports: the completeness table (one row per
 * data-collection window of the year and school under org_id, 0 = all, in
 * the state of the one definition, store_collect_status, as of the
 * context's today; overdue rows flagged), returning the number of overdue
 * rows (partial or missing) or -1 on error. */
/* The early-warning table of a class (class_id > 0) or of an org's
 * schools, only students whose codes contain `code` (NULL: all); returns
 * the number of students listed or -1 on error. */
/* The early-warning caseload of a class (class_id) or of the orgs under
 * org_id (store_case_list): table "caseload" (rank, tier, student, code,
 * school, grade, class, indicators in words, case status, owner), top
 * tier first, and a total line. Returns the rows, -1 on error (e). */
int report_caseload(report_ctx *c, rdoc *d, int64_t class_id, int64_t org_id,
                    att_err *e);
int report_flag_table(report_ctx *c, rdoc *d, int64_t class_id, int64_t org_id,
                      const char *code, att_err *e);
/* A "not available" notice for a section whose analysis has not run. */
void report_missing_analysis(rdoc *d, const char *section,
                             const char *analysis);
int report_completeness_table(report_ctx *c, rdoc *d, int64_t org_id,
                              att_err *e);

/* Pieces several reports share (report_parts.c). */

/* The body of an org's report: its sections after the title, given the
 * org row (srep_org); ATT_OK, or non-zero with e filled. */
typedef int (*report_org_body)(report_ctx *c, rdoc *d, const srep_rows *o,
                               att_err *e);
/* A report on the org with this code, a school (school = 1: the school
 * summary) or an office above schools (school = 0: the academic plan):
 * sets the report's language, reads the org, writes title, provenance
 * and subtitle, then body, then the data-collection completeness of the
 * org's schools. Returns a new rdoc, or NULL with e filled: an unknown
 * code (ATT_ENOTFOUND), an org of the other kind (ATT_EUSAGE), or the
 * body's error. */
rdoc *report_org_alloc(report_ctx *c, const char *code, int school,
                       report_org_body body, att_err *e);
/* Open a section that reads the derived table `table` of `analysis`: its
 * heading (NULL: none), then 1 when the analysis has run; else the
 * report_missing_analysis notice (section, analysis_words) and 0. */
int report_section_ran(report_ctx *c, rdoc *d, const char *heading,
                       const char *analysis, const char *table,
                       const char *section, const char *analysis_words);
/* A catalogue figure as a table cell shows it (fig_format, in a), or
 * blank when v is not finite. */
const char *report_fig(arena *a, fig_id id, double v, const char *lang,
                       const char *blank);
/* A section of the mastery of learning outcomes: its heading, then the
 * catalogue's mastery rows (store_figures_mastery, in the document's
 * arena) into m, and the paragraph `none` when there are none. ATT_OK
 * (m->nrow 0: nothing more to show) or the error. */
int report_mastery(report_ctx *c, rdoc *d, const char *heading,
                   sf_mastery which, int64_t id, int64_t year_id,
                   const char *none, rowset *m, att_err *e);
/* The blank of a figure that was not computed (an en dash). */
#define REPORT_ABSENT "\xE2\x80\x93"

/* A value-added table (unit, subject, FIG_VA_N, FIG_VA and its 95%
 * interval; a row flagged when the whole interval lies below 0) with the
 * caterpillar chart of the rows given a chart category (up to cap). */
typedef struct report_va {
	rdoc *d;
	rtable *t;
	const char *lang, *blank;
	int n, cap; /* chart points */
	const char **cats;
	double *v, *lo, *hi;
} report_va;
void report_va_begin(report_va *k, rdoc *d, const char *id, const char *caption,
                     const char *unit_head, int cap, const char *blank);
/* One row: f holds FIG_VA_N, FIG_VA, FIG_VA_LO, FIG_VA_HI; hidden
 * (suppressed) shows blank cells and keeps the row out of the chart;
 * chart_cat NULL keeps it out too. */
void report_va_row(report_va *k, const char *unit, const char *subject,
                   const double f[4], int hidden, const char *chart_cat);
/* The chart of the points given, titled; nothing when there are none. */
void report_va_chart(const report_va *k, const char *title);

/* Formatting for the language lang (see above); results live in a. */
const char *report_fmt_int(arena *a, const char *lang, long long v);
const char *report_fmt_num(arena *a, const char *lang, double v, int dec);
const char *report_fmt_pct(arena *a, const char *lang, double v, int dec);
const char *report_fmt_date(arena *a, const char *lang, const char *iso);

#endif
