/*
 * web_tables.c - tables that several pages build the same way (see
 * web_tables.h).
 */
#include "web_tables.h"

#include <string.h>

#include "an_text.h"
#include "i18n.h"
#include "report_words.h"

web_table *web_table_add(web_req *r, web_page *p, const char *id,
                         const char *title, const web_col *cols, size_t size,
                         const sw_rows *rows, const char *note)
{
	web_col *c = arena_alloc(&r->a, size);
	memcpy(c, cols, size);
	web_table *t =
	    web_page_table(p, id, title, c, (int)(size / sizeof(*cols)), rows);
	if (t && note)
		t->note = note;
	return t;
}

void web_goals_table(web_req *r, web_page *p, sw_rows *goals)
{
	web_rows_words(goals, "status", an_text_goal_status);
	rw_rows(goals, "metric", RW_METRIC);
	const web_col gc[] = {
	    {"title", _("Goal"), WC_TEXT, NULL, NULL},
	    {"metric", _("Measure"), WC_TEXT, NULL, NULL},
	    {"baseline", _("Baseline"), WC_NUM, NULL, NULL},
	    {"target", _("Target"), WC_NUM, NULL, NULL},
	    {"due_date", _("Due"), WC_DATE, NULL, NULL},
	    {"current", _("Now"), WC_NUM, NULL, NULL},
	    {"projected", _("Projected by due date"), WC_NUM, NULL, NULL},
	    {"status", _("Status"), WC_TEXT, NULL, NULL},
	};
	web_table_add(r, p, "goals", _("Goals"), gc, sizeof(gc), goals, NULL);
}

void web_mastery_table(web_req *r, web_page *p, const sw_rows *m, int students)
{
	if (r->format == WEB_HTML)
		return;
	web_col *cols = arena_alloc(&r->a, 8 * sizeof(web_col));
	fig_id *figs = arena_alloc(&r->a, 8 * sizeof(fig_id));
	int n = 0;
	if (students)
		cols[n++] = (web_col){"name", _("Student"), WC_LINK,
		                      "/students/", "code"};
	cols[n++] =
	    (web_col){"standard", _("Learning outcome"), WC_TEXT, NULL, NULL};
	cols[n++] = (web_col){"year", _("Year"), WC_TEXT, NULL, NULL};
	static const fig_id mf[] = {FIG_MASTERY_PCT, FIG_MASTERY_POINTS,
	                            FIG_MASTERY_ITEMS, FIG_MASTERY_ASSESSMENTS};
	for (int k = 0; k < n; k++)
		figs[k] = FIG_NONE;
	for (int k = 0; k < 4; k++) {
		figs[n] = mf[k];
		cols[n++] = web_fig_col(mf[k]);
	}
	/* the mark where the evidence is too thin for a number */
	sw_rows t;
	rows_alloc(&t, &r->a, m->nrow, m->ncol + 1, NULL);
	for (int c = 0; c < m->ncol; c++)
		t.names[c] = m->names[c];
	t.names[m->ncol] = "evidence";
	for (int i = 0; i < m->nrow; i++) {
		for (int c = 0; c < m->ncol; c++)
			*sw_at(&t, i, c) = *sw_at(m, i, c);
		rows_put_text(
		    &t, &r->a, i, m->ncol,
		    rows_int(m, i, "enough") ? "" : _("not enough evidence"));
	}
	figs[n] = FIG_NONE;
	cols[n++] = (web_col){"evidence", _("Evidence"), WC_TEXT, NULL, NULL};
	web_table *tb = web_page_table(p, "mastery_figures",
	                               _("Mastery and the evidence behind it"),
	                               cols, n, &t);
	if (tb)
		tb->figs = figs;
}
