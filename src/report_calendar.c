/*
 * report_calendar.c - the assessment, data-collection, reporting and
 * parent-meeting calendar of a year, with completeness of each data
 * collection per school (submitted, late, missing, pending) and overdue
 * collections highlighted. Also used by the plan (report_plan.c).
 */
#include "report.h"

#include <string.h>

#include "i18n.h"
#include "report_words.h"

const char *report_status_word(const char *st)
{
	if (strcmp(st, "submitted") == 0)
		return _("submitted");
	if (strcmp(st, "late") == 0)
		return _("submitted late");
	if (strcmp(st, "missing") == 0)
		return _("missing (overdue)");
	if (strcmp(st, "pending") == 0)
		return _("not yet due");
	return st;
}

/* Completeness rows of one event code: counts by status. */
typedef struct tally4 {
	int submitted, late, missing, pending;
} tally4;

static tally4 count_event(const srep_rows *cp, const char *code)
{
	tally4 t = {0};
	for (int i = 0; i < cp->nrow; i++) {
		if (strcmp(srep_s(cp, i, 0), code))
			continue;
		const char *st = srep_s(cp, i, 5);
		if (strcmp(st, "submitted") == 0)
			t.submitted++;
		else if (strcmp(st, "late") == 0)
			t.late++;
		else if (strcmp(st, "missing") == 0)
			t.missing++;
		else
			t.pending++;
	}
	return t;
}

int report_completeness_table(report_ctx *c, rdoc *d, int64_t org_id,
                              att_err *e)
{
	arena *a = rdoc_arena(d);
	const char *lang = rdoc_lang(d);
	srep_rows cp;
	if (srep_completeness(c->s, a, c->year_id, org_id, c->today, &cp, e))
		return -1;
	const char *heads[] = {_("Collection"), _("Due"), _("School"),
	                       _("Status"), _("Submitted on")};
	rtable *t = rdoc_table(d, "completeness",
	                       _("Data-collection completeness by school"), 5,
	                       heads, "lllll");
	int overdue = 0;
	for (int i = 0; i < cp.nrow; i++) {
		const char *st = srep_s(&cp, i, 5);
		int late = strcmp(st, "missing") == 0;
		overdue += late;
		const char *cells[5] = {
		    srep_s(&cp, i, 1),
		    report_fmt_date(a, lang, srep_s(&cp, i, 2)),
		    arena_printf(a, "%s %s", srep_s(&cp, i, 3),
		                 srep_s(&cp, i, 4)),
		    report_status_word(st),
		    *srep_s(&cp, i, 6)
		        ? report_fmt_date(a, lang, srep_s(&cp, i, 6))
		        : "\xE2\x80\x93"};
		rtable_row(t, late, cells);
	}
	return overdue;
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
		if (srep_org(c->s, &tmp, org_code, &o, e)) {
			arena_free(&tmp);
			return NULL;
		}
		org_id = srep_i(&o, 0, 0);
		where = srep_s(&o, 0, 2);
	}
	rdoc *d = rdoc_alloc(arena_printf(&tmp, _("Calendar %s"), c->year_name),
	                     lang);
	arena *a = rdoc_arena(d);
	report_stamp(c, d);
	rdoc_subtitle(d, arena_printf(a, _("%s \xC2\xB7 as of %s"), where,
	                              report_fmt_date(a, lang, c->today)));
	srep_rows ev, cp;
	if (srep_calendar(c->s, a, c->year_id, org_id, &ev, e) ||
	    srep_completeness(c->s, a, c->year_id, org_id, c->today, &cp, e)) {
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
		const char *kind = srep_s(&ev, i, 1);
		const char *compl = "";
		int flag = 0;
		if (strcmp(kind, "data_collection") == 0) {
			tally4 k = count_event(&cp, srep_s(&ev, i, 0));
			int schools =
			    k.submitted + k.late + k.missing + k.pending;
			compl = arena_printf(
			    a,
			    _("%d of %d schools submitted (%d late), %d "
			      "missing, %d not yet due"),
			    k.submitted + k.late, schools, k.late, k.missing,
			    k.pending);
			if (k.missing) {
				flag = 1;
				overdue_events++;
				compl = arena_printf(a, "%s \xE2\x80\x94 %s",
				                     _("OVERDUE"), compl );
			}
		}
		const char *cells[5] = {
		    report_fmt_date(a, lang, srep_s(&ev, i, 6)),
		    srep_s(&ev, i, 2), rw_word(RW_EVENT_KIND, kind),
		    *srep_s(&ev, i, 3) ? srep_s(&ev, i, 3) : _("everyone"),
		    compl };
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
