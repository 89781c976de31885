/*
 * report_calendar.c - the assessment, data-collection, reporting and
 * parent-meeting calendar of a year, with the completeness of each data
 * collection per school as of the report's day (the one definition,
 * store_collect_status: on time, late, partial, missing, not yet due) and
 * overdue collections highlighted; and the completeness table the plan
 * and the school report show too.
 */
#include "report.h"

#include <string.h>

#include "figures.h"
#include "i18n.h"
#include "report_words.h"
#include "store_collect.h"

/* The completeness table being written: one row per window and school. */
typedef struct ctable {
	arena *a;
	const char *lang;
	rtable *t;
	int overdue;
} ctable;

static void ctable_row(void *ctx, const collect_status_row *l)
{
	ctable *x = ctx;
	int overdue = collect_state_overdue(l->state);
	x->overdue += overdue;
	const char *cells[5] = {
	    arena_strdup(x->a, l->title),
	    report_fmt_date(x->a, x->lang, l->due_date),
	    arena_printf(x->a, "%s %s", l->school_code, l->school_name),
	    rw_word(RW_COLLECTION_STATE, l->status),
	    *l->submitted_on ? report_fmt_date(x->a, x->lang, l->submitted_on)
	                     : "\xE2\x80\x93"};
	rtable_row(x->t, overdue, cells);
}

int report_completeness_table(report_ctx *c, rdoc *d, int64_t org_id,
                              att_err *e)
{
	ctable x = {rdoc_arena(d), rdoc_lang(d), NULL, 0};
	const char *heads[] = {_("Collection"), _("Due"), _("School"),
	                       _("Status"), _("Submitted on")};
	x.t = rdoc_table(d, "completeness",
	                 _("Data-collection completeness by school"), 5, heads,
	                 "lllll");
	collect_query q = {0, c->year_id, org_id, c->today, 0};
	if (store_collect_status(c->s, &q, ctable_row, &x, e))
		return -1;
	return x.overdue;
}

/* A window's schools by state in words: "62 schools: 50 on time, ...",
 * each count written as the catalogue writes its figure; "OVERDUE" first
 * when a school is partial or missing. */
static const char *window_words(arena *a, const char *lang,
                                const collect_tally *w)
{
	const fig_id *f = fig_completeness();
	buf v[1 + COLLECT_NSTATES];
	for (int k = 0; k <= COLLECT_NSTATES; k++) {
		buf_init(&v[k]);
		fig_format(f[k], k ? (double)w->n[k - 1] : (double)w->lines,
		           lang, &v[k]);
	}
	const char *s = arena_printf(
	    a,
	    _("%s schools: %s on time, %s late, %s partial, %s missing, %s "
	      "not yet due"),
	    v[0].data, v[1 + COLLECT_COMPLETE].data, v[1 + COLLECT_LATE].data,
	    v[1 + COLLECT_PARTIAL].data, v[1 + COLLECT_MISSING].data,
	    v[1 + COLLECT_PENDING].data);
	for (int k = 0; k <= COLLECT_NSTATES; k++)
		buf_free(&v[k]);
	if (w->n[COLLECT_PARTIAL] || w->n[COLLECT_MISSING])
		s = arena_printf(a, "%s \xE2\x80\x94 %s", _("OVERDUE"), s);
	return s;
}

rdoc *report_calendar_alloc(report_ctx *c, const char *org_code, att_err *e)
{
	const char *lang = c->lang ? c->lang : "en";
	i18n_set_lang(lang);
	arena tmp;
	arena_init(&tmp);
	int64_t org_id = 0;
	const char *where = _("all schools");
	if (org_code) {
		srep_rows o;
		if (srep_query(c->s, SRQ_ORG, (srep_args){.code = org_code},
		               &tmp, &o, e)) {
			arena_free(&tmp);
			return NULL;
		}
		org_id = rows_int(&o, 0, "id");
		where = rows_text(&o, 0, "name");
	}
	rdoc *d = rdoc_alloc(arena_printf(&tmp, _("Calendar %s"), c->year_name),
	                     lang);
	arena *a = rdoc_arena(d);
	report_stamp(c, d);
	rdoc_subtitle(d, arena_printf(a, _("%s \xC2\xB7 as of %s"), where,
	                              report_fmt_date(a, lang, c->today)));
	srep_rows ev;
	collect_tally *win;
	int nwin;
	collect_query q = {0, c->year_id, org_id, c->today, 0};
	if (srep_query(c->s, SRQ_CALENDAR,
	               (srep_args){.id = {c->year_id, org_id}}, a, &ev, e) ||
	    store_collect_tallies(c->s, &q, a, &win, &nwin, e)) {
		rdoc_free(d);
		arena_free(&tmp);
		return NULL;
	}
	rdoc_h2(d, _("Events"));
	const char *heads[] = {_("Due"), _("Event"), _("Kind"), _("For"),
	                       _("Completeness")};
	rtable *t = rdoc_table(d, "events", NULL, 5, heads, "lllll");
	int overdue_events = 0;
	for (int i = 0; i < ev.nrow; i++) {
		const char *kind = rows_text(&ev, i, "kind");
		const collect_tally *w = NULL;
		for (int k = 0; k < nwin && !w; k++)
			if (strcmp(win[k].event_code,
			           rows_text(&ev, i, "code")) == 0)
				w = &win[k];
		int flag =
		    w && (w->n[COLLECT_PARTIAL] || w->n[COLLECT_MISSING]);
		overdue_events += flag;
		const char *cells[5] = {
		    report_fmt_date(a, lang, rows_text(&ev, i, "due_date")),
		    rows_text(&ev, i, "title"), rw_word(RW_EVENT_KIND, kind),
		    *rows_text(&ev, i, "org") ? rows_text(&ev, i, "org")
		                              : _("everyone"),
		    w ? window_words(a, lang, w) : ""};
		rtable_row(t, flag, cells);
	}
	if (ev.nrow == 0)
		rdoc_p(d, "%s", _("No events in the calendar for this year."));
	rdoc_p(d, _("%d data collections are overdue in at least one school."),
	       overdue_events);
	rdoc_h2(d, _("Completeness by school"));
	if (report_completeness_table(c, d, org_id, e) < 0) {
		rdoc_free(d);
		arena_free(&tmp);
		return NULL;
	}
	arena_free(&tmp);
	return d;
}
