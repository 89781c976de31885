/*
 * report_parts.c - the pieces several reports share (report.h): the start
 * of a report on one org (its language, the org, the level check, title,
 * provenance and subtitle), the opening of a section that reads an
 * analysis's derived table, a catalogue figure in a table cell, and the
 * value-added table with its caterpillar chart (the school summary's
 * classes, the academic plan's schools).
 */
#include "report.h"

#include <math.h>

#include "i18n.h"

/* The report's language, the org into *o (in a), the level check; then
 * a new rdoc with title, provenance and subtitle, or NULL with e
 * filled. */
static rdoc *org_doc_alloc(report_ctx *c, arena *a, const char *code,
                           int school, srep_rows *o, att_err *e)
{
	const char *lang = c->lang ? c->lang : "en";
	i18n_set_lang(lang);
	if (srep_query(c->s, SRQ_ORG, (srep_args){.code = code}, a, o, e))
		return NULL;
	int is_school = rows_int(o, 0, "is_school") == 1;
	if (school && !is_school) {
		err_set(e, ATT_EUSAGE,
		        "'%s' is not a school (use the plan report for a %s)",
		        code, rows_text(o, 0, "level"));
		return NULL;
	}
	if (!school && is_school) {
		err_set(e, ATT_EUSAGE,
		        "'%s' is a school: the plan is for a cluster, block, "
		        "district or state (use the school report)",
		        code);
		return NULL;
	}
	const char *name = rows_text(o, 0, "name");
	rdoc *d =
	    rdoc_alloc(school ? arena_printf(a, _("School summary: %s"), name)
	                      : arena_printf(a, _("Academic plan: %s"), name),
	               lang);
	report_stamp(c, d);
	/* a school under its parent; an office with its level */
	rdoc_subtitle(d,
	              arena_printf(rdoc_arena(d), "%s \xC2\xB7 %s",
	                           rows_text(o, 0, school ? "parent" : "level"),
	                           c->year_name));
	return d;
}

rdoc *report_org_alloc(report_ctx *c, const char *code, int school,
                       report_org_body body, att_err *e)
{
	arena tmp;
	arena_init(&tmp);
	srep_rows o;
	rdoc *d = org_doc_alloc(c, &tmp, code, school, &o, e);
	int ok = d && body(c, d, &o, e) == ATT_OK;
	if (ok) {
		rdoc_h2(d, _("Data-collection completeness"));
		ok = report_completeness_table(c, d, rows_int(&o, 0, "id"),
		                               e) >= 0;
	}
	if (d && !ok) {
		rdoc_free(d);
		d = NULL;
	}
	arena_free(&tmp);
	return d;
}

int report_section_ran(report_ctx *c, rdoc *d, const char *heading,
                       const char *analysis, const char *table,
                       const char *section, const char *analysis_words)
{
	if (heading)
		rdoc_h2(d, heading);
	if (srep_analysis_ran(c->s, analysis, table))
		return 1;
	report_missing_analysis(d, section, analysis_words);
	return 0;
}

const char *report_fig(arena *a, fig_id id, double v, const char *lang,
                       const char *blank)
{
	if (!isfinite(v))
		return blank;
	buf b;
	buf_init(&b);
	fig_format(id, v, lang, &b);
	const char *s = arena_strdup(a, b.data ? b.data : blank);
	buf_free(&b);
	return s;
}

void report_va_begin(report_va *k, rdoc *d, const char *id, const char *caption,
                     const char *unit_head, int cap, const char *blank)
{
	arena *a = rdoc_arena(d);
	const char *heads[] = {unit_head, _("Subject"), fig_label(FIG_VA_N),
	                       fig_label(FIG_VA),
	                       /* xgettext:no-c-format */
	                       _("95% interval")};
	k->d = d;
	k->t = rdoc_table(d, id, caption, 5, heads, "llrrr");
	k->lang = rdoc_lang(d);
	k->blank = blank;
	k->n = 0;
	k->cap = cap > 0 ? cap : 1;
	k->cats = arena_alloc(a, sizeof(char *) * (size_t)k->cap);
	k->v = arena_alloc(a, sizeof(double) * (size_t)k->cap);
	k->lo = arena_alloc(a, sizeof(double) * (size_t)k->cap);
	k->hi = arena_alloc(a, sizeof(double) * (size_t)k->cap);
}

void report_va_row(report_va *k, const char *unit, const char *subject,
                   const double f[4], int hidden, const char *chart_cat)
{
	arena *a = rdoc_arena(k->d);
	const char *cells[5] = {
	    unit, subject,
	    hidden ? k->blank
	           : report_fig(a, FIG_VA_N, f[0], k->lang, k->blank),
	    hidden ? k->blank : report_fig(a, FIG_VA, f[1], k->lang, k->blank),
	    hidden ? k->blank
	           : arena_printf(
	                 a, _("%s to %s"),
	                 report_fig(a, FIG_VA_LO, f[2], k->lang, k->blank),
	                 report_fig(a, FIG_VA_HI, f[3], k->lang, k->blank))};
	rtable_row(k->t, !hidden && f[3] < 0, cells);
	if (hidden || !chart_cat || k->n >= k->cap)
		return;
	k->cats[k->n] = chart_cat;
	k->v[k->n] = f[1];
	k->lo[k->n] = f[2];
	k->hi[k->n] = f[3];
	k->n++;
}

void report_va_chart(const report_va *k, const char *title)
{
	if (k->n == 0)
		return;
	chart_series s = {_("value-added"), k->v, k->lo, k->hi};
	chart_spec ch = {.kind = CHART_CATERPILLAR,
	                 .title = title,
	                 .ncat = k->n,
	                 .cats = k->cats,
	                 .nseries = 1,
	                 .series = &s,
	                 .ref_label = _("expected progress"),
	                 .decimals = 2};
	rdoc_chart(k->d, &ch);
}

int report_mastery(report_ctx *c, rdoc *d, const char *heading,
                   sf_mastery which, int64_t id, int64_t year_id,
                   const char *none, rowset *m, att_err *e)
{
	rdoc_h2(d, heading);
	int rc = store_figures_mastery(c->s, which, id, year_id, rdoc_arena(d),
	                               m, e);
	if (!rc && m->nrow == 0)
		rdoc_p(d, "%s", none);
	return rc;
}
