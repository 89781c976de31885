/*
 * report_class.c - the teacher's planning sheet for a class (outcomes to
 * reteach, instructional groups, flagged students with reasons, the
 * roster with attendance and scores) and the exceptions report (students
 * struggling in several subjects, students whose progress is slowing).
 */
#include "report.h"

#include <math.h>
#include <string.h>

#include "i18n.h"

void report_missing_analysis(rdoc *d, const char *section, const char *analysis)
{
	rdoc_missing(d, section,
	             arena_printf(rdoc_arena(d),
	                          _("The %s analysis has not been run on this "
	                            "data, so this section cannot be shown."),
	                          analysis));
}

static void outcomes_section(report_ctx *c, rdoc *d, int64_t class_id,
                             const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Outcomes to reteach"));
	srep_rows m;
	int derived = srep_has_rows(c->s, "mastery_group");
	*rc = derived ? srep_class_mastery(c->s, a, class_id, &m, e)
	              : srep_class_outcomes(c->s, a, class_id, &m, e);
	if (*rc)
		return;
	if (m.nrows == 0) {
		rdoc_p(d, "%s",
		       _("No item-level results by learning outcome for this "
		         "class this year."));
		return;
	}
	const char *heads[] = {_("Learning outcome"),
	                       _("Subject"),
	                       _("Students"),
	                       _("Class mean"),
	                       derived ? _("Share mastered")
	                               : _("Students below 50%"),
	                       _("Action")};
	rtable *t = rdoc_table(d, "reteach", NULL, 6, heads, "llrrrl");
	int nre = 0;
	for (int i = 0; i < m.nrows; i++) {
		double mean = srep_d(&m, i, 4);
		int reteach = mean < 60;
		nre += reteach;
		const char *cells[6] = {
		    arena_printf(a, "%s %s", srep_s(&m, i, 0),
		                 srep_s(&m, i, 1)),
		    srep_s(&m, i, 2),
		    report_fmt_int(a, lang, srep_i(&m, i, 3)),
		    report_fmt_pct(a, lang, mean, 0),
		    derived ? report_fmt_pct(a, lang, 100 * srep_d(&m, i, 5), 0)
		            : report_fmt_int(a, lang, srep_i(&m, i, 5)),
		    reteach ? _("reteach (class mean below 60%)")
		            : _("on track")};
		rtable_row(t, reteach, cells);
	}
	rdoc_p(d, _("%d of %d learning outcomes need reteaching."), nre,
	       m.nrows);
	if (!derived)
		rdoc_note(d, "%s",
		          _("Computed from the class's item responses (the "
		            "mastery analysis has not been run)."));
}

rdoc *report_class_alloc(report_ctx *c, const char *code, att_err *e)
{
	const char *lang = c->lang ? c->lang : "en";
	i18n_set_lang(lang);
	arena tmp;
	arena_init(&tmp);
	srep_rows cl;
	if (srep_class(c->s, &tmp, code, &cl, e)) {
		arena_free(&tmp);
		return NULL;
	}
	int64_t class_id = srep_i(&cl, 0, 0), year_id = srep_i(&cl, 0, 8);
	rdoc *d = rdoc_alloc(arena_printf(&tmp, _("Class planning sheet: %s"),
	                                  srep_s(&cl, 0, 2)),
	                     lang);
	arena *a = rdoc_arena(d);
	report_stamp(c, d);
	rdoc_subtitle(d, arena_printf(a, "%s \xC2\xB7 %s", srep_s(&cl, 0, 7),
	                              srep_s(&cl, 0, 9)));
	srep_rows ro;
	if (srep_class_roster(c->s, a, class_id, &ro, e))
		goto fail;
	rdoc_kv(
	    d, _("Class"),
	    arena_printf(a, "%s (%s)", srep_s(&cl, 0, 2), srep_s(&cl, 0, 1)));
	rdoc_kv(d, _("School"), srep_s(&cl, 0, 7));
	if (!srep_null(&cl, 0, 3))
		rdoc_kv(d, _("Grade"), srep_s(&cl, 0, 3));
	if (*srep_s(&cl, 0, 4))
		rdoc_kv(d, _("Subject"), srep_s(&cl, 0, 4));
	rdoc_kv(d, _("Teacher"),
	        *srep_s(&cl, 0, 10) ? srep_s(&cl, 0, 10) : _("(not recorded)"));
	rdoc_kv(d, _("Students"), report_fmt_int(a, lang, ro.nrows));

	int rc = ATT_OK;
	outcomes_section(c, d, class_id, lang, e, &rc);
	if (rc)
		goto fail;

	rdoc_h2(d, _("Instructional groups"));
	report_missing_analysis(d, _("Instructional groups"),
	                        _("instructional grouping"));

	rdoc_h2(d, _("Students flagged"));
	report_missing_analysis(d, _("Early-warning flags"),
	                        _("early warning"));

	rdoc_h2(d, _("Students"));
	const char *heads[] = {_("Student"), _("Code"), _("Attendance"),
	                       _("Mean score this year"), _("Results")};
	rtable *t = rdoc_table(d, "students", NULL, 5, heads, "llrrr");
	for (int i = 0; i < ro.nrows; i++) {
		attendance_tally at;
		if (srep_student_attendance(c->s, srep_i(&ro, i, 0), year_id,
		                            &at, e))
			goto fail;
		const char *cells[5] = {
		    arena_printf(a, "%s %s", srep_s(&ro, i, 2),
		                 srep_s(&ro, i, 3)),
		    srep_s(&ro, i, 1),
		    at.possible
		        ? report_fmt_pct(a, lang,
		                         100.0 * at.present / at.possible, 0)
		        : "\xE2\x80\x93",
		    report_fmt_pct(a, lang, srep_d(&ro, i, 4), 0),
		    report_fmt_int(a, lang, srep_i(&ro, i, 5))};
		rtable_row(t, 0, cells);
	}
	(void)year_id;
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
		if (srep_class(c->s, &tmp, class_code, &r, e)) {
			arena_free(&tmp);
			return NULL;
		}
		what = arena_printf(&tmp, "%s, %s", srep_s(&r, 0, 2),
		                    srep_s(&r, 0, 7));
	} else {
		if (srep_org(c->s, &tmp, org_code, &r, e)) {
			arena_free(&tmp);
			return NULL;
		}
		what = srep_s(&r, 0, 2);
	}
	rdoc *d =
	    rdoc_alloc(arena_printf(&tmp, _("Exceptions: %s"), what), lang);
	report_stamp(c, d);
	rdoc_subtitle(d, c->year_name);
	rdoc_h2(d, _("Students struggling in several subjects"));
	report_missing_analysis(d, _("Struggling in several subjects"),
	                        _("early warning"));
	rdoc_h2(d, _("Students whose progress is slowing"));
	report_missing_analysis(d, _("Slowing progress"), _("early warning"));
	arena_free(&tmp);
	return d;
}
