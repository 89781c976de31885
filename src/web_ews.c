/*
 * web_ews.c - early-warning flags and reasons on the web pages, in words
 * (see web_ews.h).
 */
#include "web_ews.h"

#include <string.h>

#include "ews_text.h"
#include "i18n.h"
#include "store_case.h"

static int num_or(const sw_val *v, int dflt)
{
	return v->type == SWV_NULL ? dflt : (int)v->num;
}

/* The reasons of student sid in words, "" when none. */
static const char *reasons_of(web_req *r, const sw_rows *reasons, int64_t sid,
                              const char *sep)
{
	int cs = web_rows_col(reasons, "sid"),
	    cc = web_rows_col(reasons, "code"),
	    cl = web_rows_col(reasons, "level"),
	    cv = web_rows_col(reasons, "value"),
	    ct = web_rows_col(reasons, "threshold"),
	    cn = web_rows_col(reasons, "count"),
	    co = web_rows_col(reasons, "total"),
	    cu = web_rows_col(reasons, "subject");
	if (cs < 0 || cc < 0 || cl < 0 || cv < 0 || ct < 0 || cn < 0 ||
	    co < 0 || cu < 0)
		return "";
	/* the first row of sid: rows are ordered by sid */
	int lo = 0, hi = reasons->nrow;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if ((int64_t)sw_at(reasons, mid, cs)->num < sid)
			lo = mid + 1;
		else
			hi = mid;
	}
	int n = 0;
	while (lo + n < reasons->nrow &&
	       (int64_t)sw_at(reasons, lo + n, cs)->num == sid)
		n++;
	if (n == 0)
		return "";
	ews_text_reason *x = arena_alloc(&r->a, sizeof(*x) * (size_t)n);
	for (int i = 0; i < n; i++) {
		int row = lo + i;
		const sw_val *v = sw_at(reasons, row, cv);
		x[i] = (ews_text_reason){sw_at(reasons, row, cc)->text,
		                         num_or(sw_at(reasons, row, cl), 0),
		                         v->type == SWV_NULL ? 0 : v->num,
		                         sw_at(reasons, row, ct)->num,
		                         num_or(sw_at(reasons, row, cn), -1),
		                         num_or(sw_at(reasons, row, co), -1),
		                         sw_at(reasons, row, cu)->text};
	}
	buf b;
	buf_init(&b);
	ews_text_reasons(x, n, sep, &b);
	const char *out = arena_strdup(&r->a, b.data);
	buf_free(&b);
	return out;
}

sw_rows web_ews_flags(web_req *r, const sw_rows *flags, const sw_rows *reasons,
                      const char *sep)
{
	int cs = web_rows_col(flags, "sid"), cl = web_rows_col(flags, "level");
	sw_rows out = *flags;
	out.ncol = flags->ncol + 1;
	out.names = arena_alloc(&r->a, (size_t)out.ncol * sizeof(char *));
	memcpy(out.names, flags->names, (size_t)flags->ncol * sizeof(char *));
	out.names[flags->ncol] = "reasons";
	out.v = arena_alloc(&r->a, (size_t)(flags->nrow ? flags->nrow : 1) *
	                               (size_t)out.ncol * sizeof(sw_val));
	for (int i = 0; i < flags->nrow; i++) {
		for (int c = 0; c < flags->ncol; c++)
			*sw_at(&out, i, c) = *sw_at(flags, i, c);
		const char *why =
		    cs < 0 ? ""
		           : reasons_of(r, reasons,
		                        (int64_t)sw_at(flags, i, cs)->num, sep);
		*sw_at(&out, i, flags->ncol) = (sw_val){SWV_TEXT, 0, why};
		if (cl >= 0) {
			const sw_val *v = sw_at(flags, i, cl);
			*sw_at(&out, i, cl) = (sw_val){
			    SWV_TEXT, 0, ews_text_overall(num_or(v, 0))};
		}
	}
	return out;
}

const char *web_ews_not_run(void)
{
	return _("The early-warning analysis has not been run for this year, "
	         "so no student is flagged here.");
}

/* A case status in words (store_case.h's codes). */
static const char *status_word(const char *code)
{
	return ews_text_status(code);
}

void web_ews_caseload(web_req *r, web_page *p, int64_t school_id,
                      int64_t class_id)
{
	sw_rows list, reasons;
	att_err e;
	err_clear(&e);
	if (store_case_list(r->s, school_id, class_id, &r->a, &list, &e) ||
	    store_case_reasons(r->s, school_id, class_id, &r->a, &reasons,
	                       &e) ||
	    list.ncol == 0)
		return;
	if (school_id) {
		int64_t n[3];
		if (store_case_counts(r->s, school_id, n, &e) == ATT_OK &&
		    n[0] > 0) {
			sw_val v = {SWV_REAL, (double)n[1], ""};
			web_page_fig(p, "ews_tier1",
			             _("Top early-warning tier"), WC_INT, &v);
			v.num = 100.0 * (double)n[1] / (double)n[0];
			web_page_fig(p, "ews_tier1_share",
			             _("Top tier, share of students"), WC_PCT,
			             &v);
			v.num = (double)n[2];
			web_page_fig(p, "ews_tier2",
			             _("Second early-warning tier"), WC_INT,
			             &v);
			v.num = 100.0 * (double)n[2] / (double)n[0];
			web_page_fig(p, "ews_tier2_share",
			             _("Second tier, share of students"),
			             WC_PCT, &v);
		}
	}
	sw_rows out = web_ews_flags(r, &list, &reasons, "; ");
	web_rows_words(&out, "status", status_word);
	static const web_col cols[] = {
	    {"name", N_("Student"), WC_LINK, "/students/", "code"},
	    {"rank", N_("Rank"), WC_INT, NULL, NULL},
	    {"tier", N_("Tier"), WC_INT, NULL, NULL},
	    {"grade", N_("Grade"), WC_INT, NULL, NULL},
	    {"class", N_("Class"), WC_LINK, "/classes/", "class"},
	    {"reasons", N_("Indicators"), WC_TEXT, NULL, NULL},
	    {"status", N_("Status"), WC_LINK, "/students/{}/case", "code"},
	    {"owner_name", N_("Owner"), WC_TEXT, NULL, NULL},
	    {"next_action", N_("Next action"), WC_TEXT, NULL, NULL},
	    {"due", N_("Due"), WC_DATE, NULL, NULL},
	};
	web_col *c = arena_alloc(&r->a, sizeof(cols));
	for (size_t k = 0; k < ARRAY_LEN(cols); k++) {
		c[k] = cols[k];
		c[k].label = _(cols[k].label);
	}
	web_table *t =
	    web_page_table(p, "caseload", _("Early-warning caseload"), c,
	                   (int)ARRAY_LEN(cols), &out);
	if (!t)
		return;
	t->note = _("Ranked: first by how many indicators (attendance, "
	            "behaviour, course performance, progress) are past their "
	            "thresholds by more than their measurement error, then by "
	            "how far. Tier 1 is the school's caseload (at most the "
	            "configured share of its students). Open a status to "
	            "update the case.");
	t->empty = _("No student of this caseload is in an early-warning "
	             "tier.");
}
