/*
 * report_class.c - the teacher's planning sheet for a class (the class's
 * figures, outcomes to reteach, instructional groups, flagged students
 * with reasons, the roster with attendance and scores: every figure read
 * from the catalogue of figures as the class page reads it) and the
 * exceptions report (students struggling in several subjects, students
 * whose progress is slowing).
 */
#include "report.h"

#include <math.h>
#include <string.h>

#include "ews_text.h"
#include "store_case.h"
#include "figures.h"
#include "i18n.h"
#include "store_figures.h"

void report_missing_analysis(rdoc *d, const char *section, const char *analysis)
{
	rdoc_missing(d, section,
	             arena_printf(rdoc_arena(d),
	                          _("The %s analysis has not been run on this "
	                            "data, so this section cannot be shown."),
	                          analysis));
}

/* 1 if the comma list `codes` contains `code`. */
static int has_code(const char *codes, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = codes; (p = strstr(p, code)); p += n)
		if ((p == codes || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

/* The words of one student's reasons (rows of SRQ_EWS_REASONS or
 * store_case_reasons ordered by the student id in column idc) through
 * ews_text.h, "" when none. */
static const char *flag_reasons(arena *a, const srep_rows *rs, const char *idc,
                                int64_t sid)
{
	int lo = 0, hi = rs->nrow;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (rows_int(rs, mid, idc) < sid)
			lo = mid + 1;
		else
			hi = mid;
	}
	int n = 0;
	while (lo + n < rs->nrow && rows_int(rs, lo + n, idc) == sid)
		n++;
	if (n == 0)
		return "";
	ews_text_reason *x = arena_alloc(a, sizeof(*x) * (size_t)n);
	for (int i = 0; i < n; i++) {
		int row = lo + i;
		x[i] = (ews_text_reason){rows_text(rs, row, "code"),
		                         (int)rows_int(rs, row, "level"),
		                         rows_num(rs, row, "value"),
		                         rows_num(rs, row, "threshold"),
		                         rows_null(rs, row, "count")
		                             ? -1
		                             : (int)rows_int(rs, row, "count"),
		                         rows_null(rs, row, "total")
		                             ? -1
		                             : (int)rows_int(rs, row, "total"),
		                         rows_text(rs, row, "subject")};
	}
	buf wb;
	buf_init(&wb);
	ews_text_reasons(x, n, "; ", &wb);
	const char *why = arena_strdup(a, wb.data);
	buf_free(&wb);
	return why;
}

int report_flag_table(report_ctx *c, rdoc *d, int64_t class_id, int64_t org_id,
                      const char *code, att_err *e)
{
	arena *a = rdoc_arena(d);
	const char *lang = rdoc_lang(d);
	srep_rows f, rs;
	if (srep_query(c->s, SRQ_EWS_FLAGS,
	               (srep_args){.id = {class_id, org_id}}, a, &f, e) ||
	    srep_query(c->s, SRQ_EWS_REASONS,
	               (srep_args){.id = {class_id, org_id}}, a, &rs, e))
		return -1;
	const char *heads[] = {_("Student"), _("Code"), _("Level"),
	                       _("Reasons")};
	rtable *t =
	    rdoc_table(d, code ? code : "flags", NULL, 4, heads, "llll");
	int n = 0;
	for (int i = 0; i < f.nrow; i++) {
		if (code && !has_code(rows_text(&f, i, "codes"), code))
			continue;
		const char *cells[4] = {
		    arena_printf(a, "%s %s", rows_text(&f, i, "given_name"),
		                 rows_text(&f, i, "family_name")),
		    rows_text(&f, i, "code"),
		    ews_text_overall((int)rows_int(&f, i, "overall")),
		    flag_reasons(a, &rs, "student_id",
		                 rows_int(&f, i, "student_id"))};
		rtable_row(t, rows_int(&f, i, "overall") >= 2, cells);
		n++;
	}
	rdoc_p(d, _("%s students."), report_fmt_int(a, lang, n));
	return n;
}

/* A cell's text, "" for NULL. */
static const char *cell(const rowset *rs, int row, const char *col)
{
	return rows_null(rs, row, col) ? "" : rows_text(rs, row, col);
}

int report_caseload(report_ctx *c, rdoc *d, int64_t class_id, int64_t org_id,
                    att_err *e)
{
	arena *a = rdoc_arena(d);
	const char *lang = rdoc_lang(d);
	rowset f, rs;
	if (store_case_list(c->s, org_id, class_id, a, &f, e) ||
	    store_case_reasons(c->s, org_id, class_id, a, &rs, e))
		return -1;
	const char *heads[] = {
	    _("Rank"),  _("Tier"),  _("Student"),    _("Code"),   _("School"),
	    _("Grade"), _("Class"), _("Indicators"), _("Status"), _("Owner")};
	rtable *t = rdoc_table(d, "caseload", NULL, 10, heads, "rrllllllll");
	int n[3] = {0, 0, 0};
	for (int i = 0; i < f.nrow; i++) {
		int tier = (int)rows_int(&f, i, "tier");
		n[tier == 1 ? 1 : 2]++;
		const char *cells[10] = {
		    report_fmt_int(a, lang, rows_int(&f, i, "rank")),
		    ews_text_tier(tier),
		    cell(&f, i, "name"),
		    cell(&f, i, "code"),
		    cell(&f, i, "school_name"),
		    report_fmt_int(a, lang, rows_int(&f, i, "grade")),
		    cell(&f, i, "class"),
		    flag_reasons(a, &rs, "sid", rows_int(&f, i, "sid")),
		    ews_text_status(cell(&f, i, "status")),
		    cell(&f, i, "owner_name")};
		rtable_row(t, tier == 1, cells);
	}
	rdoc_p(d,
	       _("%s students in the top tier and %s in the second, top "
	         "tier first, each school's students ranked by how many "
	         "indicators are past their thresholds beyond measurement "
	         "error, then by how far."),
	       report_fmt_int(a, lang, n[1]), report_fmt_int(a, lang, n[2]));
	return n[1] + n[2];
}

/* Outcomes to reteach: the class's mastery of each outcome (the
 * catalogue's, the mean of its students' as the class page's heat map
 * shows them), weakest first (store_figures_mastery orders a class's
 * so); reteach below the mastery cut. */
static void outcomes_section(report_ctx *c, rdoc *d, int64_t class_id,
                             const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	srep_rows m;
	*rc = report_mastery(c, d, _("Outcomes to reteach"), SF_M_CLASS,
	                     class_id, 0,
	                     _("No item-level results by learning outcome for "
	                       "this class this year."),
	                     &m, e);
	if (*rc || m.nrow == 0)
		return;
	const char *heads[] = {_("Learning outcome"),           _("Subject"),
	                       fig_label(FIG_MASTERY_STUDENTS), _("Class mean"),
	                       fig_label(FIG_MASTERY_SHARE),    _("Action")};
	rtable *t = rdoc_table(d, "reteach", NULL, 6, heads, "llrrrl");
	int nre = 0;
	for (int i = 0; i < m.nrow; i++) {
		double mean = rows_num(&m, i, "mastery_pct");
		int reteach = mean < SF_MASTERY_CUT;
		nre += reteach;
		const char *cells[6] = {
		    arena_printf(a, "%s %s", rows_text(&m, i, "standard"),
		                 rows_text(&m, i, "description")),
		    rows_text(&m, i, "subject"),
		    report_fig(a, FIG_MASTERY_STUDENTS,
		               rows_num(&m, i, "mastery_students"), lang,
		               REPORT_ABSENT),
		    report_fig(a, FIG_MASTERY_PCT, mean, lang, REPORT_ABSENT),
		    report_fig(a, FIG_MASTERY_SHARE,
		               rows_num(&m, i, "mastery_share"), lang,
		               REPORT_ABSENT),
		    isnan(mean) ? _("not enough evidence")
		    : reteach   ? _("reteach (class mean below 60%)")
		                : _("on track")};
		rtable_row(t, reteach, cells);
	}
	rdoc_p(d, _("%d of %d learning outcomes need reteaching."), nre,
	       m.nrow);
}

/* The class's figures as its page shows them (the class as a unit of the
 * catalogue of figures): students, mean score, attendance and, when the
 * early-warning analysis has run, the students it flagged. */
static void class_fields(report_ctx *c, rdoc *d, int64_t class_id,
                         int64_t year_id, int ews, att_err *e, int *rc)
{
	static const fig_id figs[] = {FIG_STUDENTS, FIG_MEAN_PCT,
	                              FIG_ATTENDANCE, FIG_EWS_FLAGGED};
	arena *a = rdoc_arena(d);
	sf_filter f = {year_id, 0, -1, NULL, 0};
	sf_table t;
	if ((*rc = store_figures_units(c->s, SF_CLASS, class_id, &f, figs,
	                               ARRAY_LEN(figs), a, &t, e)))
		return;
	for (int k = 0; k < (int)ARRAY_LEN(figs); k++)
		if (figs[k] != FIG_EWS_FLAGGED || ews)
			rdoc_kv(d, fig_label(figs[k]),
			        report_fig(a, figs[k],
			                   t.nunits == 1 ? sf_v(&t, 0, k) : NAN,
			                   rdoc_lang(d), REPORT_ABSENT));
}

/* Below a table of figures: each figure's label, what a rate counts, and
 * its explanation from the catalogue, in the report's language. */
static void figures_note(rdoc *d, const fig_id *figs, int n)
{
	buf b;
	buf_init(&b);
	for (int k = 0; k < n; k++) {
		const fig_def *fd = fig_get(figs[k]);
		buf_printf(&b, "%s%s", b.len ? " " : "", fig_label(figs[k]));
		if (fd->pop != FIG_POP_NONE && fd->unit != FIG_UNIT_COUNT)
			buf_printf(&b, " (%s)", fig_pop_words(fd->pop));
		buf_printf(&b, ": %s", fig_help(figs[k]));
	}
	rdoc_note(d, "%s", b.data ? b.data : "");
	buf_free(&b);
}

/* Each student of the class with the catalogue's figures of the year in
 * the class's subject (every subject for a homeroom class), as the class
 * page reads them (store_figures_students). */
static void students_section(report_ctx *c, rdoc *d, int64_t class_id,
                             int64_t year_id, int64_t subject_id, att_err *e,
                             int *rc)
{
	static const fig_id figs[] = {FIG_ATTENDANCE, FIG_MEAN_PCT,
	                              FIG_RESULTS};
	arena *a = rdoc_arena(d);
	const char *lang = rdoc_lang(d);
	rdoc_h2(d, _("Students"));
	sf_filter f = {year_id, subject_id, -1, NULL, 0};
	sf_table t;
	if ((*rc = store_figures_students(c->s, SF_CLASS_STUDENTS, class_id, &f,
	                                  figs, ARRAY_LEN(figs), a, &t, e)))
		return;
	const char *heads[] = {_("Student"), _("Code"), fig_label(figs[0]),
	                       fig_label(figs[1]), fig_label(figs[2])};
	rtable *tb = rdoc_table(d, "students", NULL, 5, heads, "llrrr");
	for (int u = 0; u < t.nunits; u++) {
		const char *cells[5] = {
		    t.units[u].name, t.units[u].code,
		    report_fig(a, figs[0], sf_v(&t, u, 0), lang, REPORT_ABSENT),
		    report_fig(a, figs[1], sf_v(&t, u, 1), lang, REPORT_ABSENT),
		    report_fig(a, figs[2], sf_v(&t, u, 2), lang,
		               REPORT_ABSENT)};
		rtable_row(tb, 0, cells);
	}
	figures_note(d, figs, ARRAY_LEN(figs));
}

/* The groups analysis's instructional groups of the class, numbered from
 * 1 as the class page numbers them; group 1 needs the most support. */
static void groups_section(report_ctx *c, rdoc *d, int64_t class_id, att_err *e,
                           int *rc)
{
	arena *a = rdoc_arena(d);
	const char *lang = rdoc_lang(d);
	rdoc_h2(d, _("Instructional groups"));
	if (!srep_analysis_ran(c->s, "groups", "instr_group")) {
		report_missing_analysis(d, _("Instructional groups"),
		                        _("instructional grouping"));
		return;
	}
	srep_rows g;
	if ((*rc = srep_query(c->s, SRQ_INSTR_GROUPS,
	                      (srep_args){.id = {class_id}}, a, &g, e)))
		return;
	if (g.nrow == 0) {
		rdoc_p(d, "%s", _("No groups were suggested for this class."));
		return;
	}
	const char *gh[] = {_("Assessment"),       _("Group"),
	                    _("Students"),         _("Mean mastery"),
	                    _("Weakest outcomes"), _("Members")};
	rtable *gt = rdoc_table(d, "groups", NULL, 6, gh, "lrrrll");
	for (int i = 0; i < g.nrow; i++) {
		const char *cells[6] = {
		    rows_text(&g, i, "assessment"),
		    report_fmt_int(a, lang, rows_int(&g, i, "grp")),
		    report_fmt_int(a, lang, rows_int(&g, i, "n")),
		    report_fmt_pct(a, lang,
		                   100 * rows_num(&g, i, "mean_mastery"), 0),
		    rows_text(&g, i, "weakest"),
		    rows_text(&g, i, "members")};
		rtable_row(gt, rows_int(&g, i, "grp") == 1, cells);
	}
	rdoc_note(d, "%s", _("Group 1 needs the most support."));
}

rdoc *report_class_alloc(report_ctx *c, const char *code, att_err *e)
{
	const char *lang = c->lang ? c->lang : "en";
	i18n_set_lang(lang);
	arena tmp;
	arena_init(&tmp);
	srep_rows cl;
	if (srep_query(c->s, SRQ_CLASS, (srep_args){.code = code}, &tmp, &cl,
	               e)) {
		arena_free(&tmp);
		return NULL;
	}
	int64_t class_id = rows_int(&cl, 0, "id"),
	        year_id = rows_int(&cl, 0, "year_id");
	rdoc *d = rdoc_alloc(arena_printf(&tmp, _("Class planning sheet: %s"),
	                                  rows_text(&cl, 0, "name")),
	                     lang);
	arena *a = rdoc_arena(d);
	report_stamp(c, d);
	rdoc_subtitle(d, arena_printf(a, "%s \xC2\xB7 %s",
	                              rows_text(&cl, 0, "school_name"),
	                              rows_text(&cl, 0, "year")));
	rdoc_kv(d, _("Class"),
	        arena_printf(a, "%s (%s)", rows_text(&cl, 0, "name"),
	                     rows_text(&cl, 0, "code")));
	rdoc_kv(d, _("School"), rows_text(&cl, 0, "school_name"));
	if (!rows_null(&cl, 0, "grade"))
		rdoc_kv(d, _("Grade"), rows_text(&cl, 0, "grade"));
	if (*rows_text(&cl, 0, "subject"))
		rdoc_kv(d, _("Subject"), rows_text(&cl, 0, "subject"));
	rdoc_kv(d, _("Teacher"),
	        *rows_text(&cl, 0, "teachers") ? rows_text(&cl, 0, "teachers")
	                                       : _("(not recorded)"));
	int ews = srep_analysis_ran(c->s, "ews", "ews_flag");
	int rc = ATT_OK;
	class_fields(c, d, class_id, year_id, ews, e, &rc);
	if (!rc)
		outcomes_section(c, d, class_id, lang, e, &rc);
	if (!rc)
		groups_section(c, d, class_id, e, &rc);
	if (rc)
		goto fail;

	rdoc_h2(d, _("Students flagged"));
	if (!ews) {
		report_missing_analysis(d, _("Early-warning flags"),
		                        _("early warning"));
	} else if (report_flag_table(c, d, class_id, 0, NULL, e) < 0) {
		goto fail;
	}
	students_section(c, d, class_id, year_id,
	                 rows_int(&cl, 0, "subject_id"), e, &rc);
	if (rc)
		goto fail;
	arena_free(&tmp);
	return d;
fail:
	rdoc_free(d);
	arena_free(&tmp);
	return NULL;
}

rdoc *report_exceptions_alloc(report_ctx *c, const char *org_code,
                              const char *class_code, att_err *e)
{
	const char *lang = c->lang ? c->lang : "en";
	i18n_set_lang(lang);
	arena tmp;
	arena_init(&tmp);
	srep_rows r;
	const char *what;
	if (class_code) {
		if (srep_query(c->s, SRQ_CLASS, (srep_args){.code = class_code},
		               &tmp, &r, e)) {
			arena_free(&tmp);
			return NULL;
		}
		what = arena_printf(&tmp, "%s, %s", rows_text(&r, 0, "name"),
		                    rows_text(&r, 0, "school_name"));
	} else {
		if (srep_query(c->s, SRQ_ORG, (srep_args){.code = org_code},
		               &tmp, &r, e)) {
			arena_free(&tmp);
			return NULL;
		}
		what = rows_text(&r, 0, "name");
	}
	rdoc *d =
	    rdoc_alloc(arena_printf(&tmp, _("Exceptions: %s"), what), lang);
	report_stamp(c, d);
	rdoc_subtitle(d, c->year_name);
	int64_t cid = class_code ? rows_int(&r, 0, "id") : 0;
	int64_t oid = class_code ? 0 : rows_int(&r, 0, "id");
	if (!srep_analysis_ran(c->s, "ews", "ews_flag")) {
		rdoc_h2(d, _("Students struggling in several subjects"));
		report_missing_analysis(d, _("Struggling in several subjects"),
		                        _("early warning"));
		rdoc_h2(d, _("Students whose progress is slowing"));
		report_missing_analysis(d, _("Slowing progress"),
		                        _("early warning"));
	} else {
		rdoc_h2(d, _("Early-warning caseload"));
		if (report_caseload(c, d, cid, oid, e) < 0)
			goto fail;
		rdoc_h2(d, _("Students struggling in several subjects"));
		if (report_flag_table(c, d, cid, oid, "low_multi", e) < 0)
			goto fail;
		rdoc_h2(d, _("Students whose progress is slowing"));
		if (report_flag_table(c, d, cid, oid, "slowing", e) < 0)
			goto fail;
	}
	arena_free(&tmp);
	return d;
fail:
	rdoc_free(d);
	arena_free(&tmp);
	return NULL;
}
