/*
 * report_school.c - the school improvement summary: results and progress,
 * value-added with intervals, subgroup gaps and their trend, attendance,
 * early-warning counts, interventions and their measured impact, goals,
 * observation and survey themes, and data-collection completeness.
 */
#include "report.h"

#include <math.h>
#include <string.h>

#include "i18n.h"

static void results_section(report_ctx *c, rdoc *d, int64_t school_id,
                            const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Results and progress"));
	srep_rows r;
	int derived = srep_has_rows(c->s, "desc_stat");
	*rc = derived
	          ? srep_org_desc(c->s, a, school_id, c->year_id, &r, e)
	          : srep_school_results(c->s, a, school_id, c->year_id, &r, e);
	if (*rc)
		return;
	if (r.nrows == 0) {
		rdoc_p(d, "%s", _("No results for this school this year."));
		return;
	}
	const char *heads[] = {_("Assessment"), _("Subject"),
	                       _("Term"),       _("Students"),
	                       _("Mean score"), _("Share proficient")};
	rtable *t =
	    rdoc_table(d, "results", NULL, derived ? 6 : 5, heads, "lllrrr");
	for (int i = 0; i < r.nrows; i++) {
		const char *cells[6] = {
		    srep_s(&r, i, 0),
		    srep_s(&r, i, 1),
		    srep_s(&r, i, 2),
		    report_fmt_int(a, lang, srep_i(&r, i, 3)),
		    report_fmt_pct(a, lang, srep_d(&r, i, 4), 1),
		    derived ? report_fmt_pct(a, lang, 100 * srep_d(&r, i, 5), 0)
		            : ""};
		rtable_row(t, 0, cells);
	}
	if (!derived)
		rdoc_note(d, "%s",
		          _("Means computed from the results table (the "
		            "descriptives analysis has not been run)."));
}

static void va_section(report_ctx *c, rdoc *d, int64_t school_id,
                       const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Value-added"));
	if (!srep_has_rows(c->s, "va_group")) {
		report_missing_analysis(d, _("Value-added"), _("value-added"));
		return;
	}
	srep_rows v;
	*rc = srep_va_classes(c->s, a, school_id, c->year_id, &v, e);
	if (*rc)
		return;
	if (v.nrows == 0) {
		rdoc_p(d, "%s",
		       _("No value-added estimates for this school's "
		         "classes."));
		return;
	}
	const char *heads[] = {_("Class"), _("Subject"), _("Students"),
	                       _("Value-added"),
	                       /* xgettext:no-c-format */
	                       _("95% interval")};
	rtable *t = rdoc_table(d, "value_added", NULL, 5, heads, "llrrr");
	const char **cats = arena_alloc(a, sizeof(char *) * (size_t)v.nrows);
	double *va = arena_alloc(a, sizeof(double) * (size_t)v.nrows);
	double *lo = arena_alloc(a, sizeof(double) * (size_t)v.nrows);
	double *hi = arena_alloc(a, sizeof(double) * (size_t)v.nrows);
	for (int i = 0; i < v.nrows; i++) {
		cats[i] = arena_printf(a, "%s %s", srep_s(&v, i, 1),
		                       srep_s(&v, i, 2));
		va[i] = srep_d(&v, i, 4);
		lo[i] = srep_d(&v, i, 5);
		hi[i] = srep_d(&v, i, 6);
		const char *cells[5] = {
		    srep_s(&v, i, 1), srep_s(&v, i, 2),
		    report_fmt_int(a, lang, srep_i(&v, i, 3)),
		    report_fmt_num(a, lang, va[i], 2),
		    arena_printf(a, "%s to %s",
		                 report_fmt_num(a, lang, lo[i], 2),
		                 report_fmt_num(a, lang, hi[i], 2))};
		rtable_row(t, 0, cells);
	}
	chart_series s = {_("value-added"), va, lo, hi};
	chart_spec ch = {.kind = CHART_CATERPILLAR,
	                 /* xgettext:no-c-format */
	                 .title = _("Value-added by class, with 95% intervals"),
	                 .ncat = v.nrows,
	                 .cats = cats,
	                 .nseries = 1,
	                 .series = &s,
	                 .ref_label = _("expected progress"),
	                 .decimals = 2};
	rdoc_chart(d, &ch);
	rdoc_note(d, "%s",
	          _("Value-added is the average difference between students' "
	            "results and what was expected from their earlier "
	            "results, in standard deviations; an interval that "
	            "crosses the line means the class is not clearly "
	            "different from expected."));
}

static void gaps_section(report_ctx *c, rdoc *d, int64_t school_id,
                         const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Subgroup gaps"));
	if (!srep_has_rows(c->s, "gap")) {
		report_missing_analysis(d, _("Subgroup gaps"), _("gaps"));
		return;
	}
	srep_rows g, tr;
	*rc = srep_gaps(c->s, a, school_id, c->year_id, &g, e);
	if (!*rc)
		*rc = srep_gap_trends(c->s, a, school_id, &tr, e);
	if (*rc)
		return;
	if (g.nrows == 0 && tr.nrows == 0) {
		rdoc_p(d, "%s",
		       _("The gaps analysis reported no subgroup gaps for this "
		         "school this year (its groups are smaller than the "
		         "analysis's minimum, or gaps are computed for larger "
		         "areas only)."));
		return;
	}
	const char *heads[] = {_("Groups"), _("Subject"), _("Assessment"),
	                       _("Students"), _("Gap (g)"),
	                       /* xgettext:no-c-format */
	                       _("95% interval")};
	rtable *t = rdoc_table(d, "gaps", NULL, 6, heads, "lllrrr");
	for (int i = 0; i < g.nrows; i++) {
		const char *cells[6] = {
		    arena_printf(a, "%s \xE2\x88\x92 %s", srep_s(&g, i, 1),
		                 srep_s(&g, i, 2)),
		    srep_s(&g, i, 3),
		    srep_s(&g, i, 4),
		    arena_printf(a, "%s / %s",
		                 report_fmt_int(a, lang, srep_i(&g, i, 5)),
		                 report_fmt_int(a, lang, srep_i(&g, i, 6))),
		    report_fmt_num(a, lang, srep_d(&g, i, 7), 2),
		    arena_printf(a, "%s to %s",
		                 report_fmt_num(a, lang, srep_d(&g, i, 8), 2),
		                 report_fmt_num(a, lang, srep_d(&g, i, 9), 2))};
		rtable_row(t, 0, cells);
	}
	if (tr.nrows) {
		const char *h2[] = {_("Groups"),          _("Subject"),
		                    _("First"),           _("Latest"),
		                    _("Change per year"), _("Verdict")};
		rtable *t2 =
		    rdoc_table(d, "gap_trend", _("Gap trend"), 6, h2, "llrrrl");
		for (int i = 0; i < tr.nrows; i++) {
			const char *cells[6] = {
			    arena_printf(a, "%s \xE2\x88\x92 %s",
			                 srep_s(&tr, i, 1), srep_s(&tr, i, 2)),
			    srep_s(&tr, i, 3),
			    report_fmt_num(a, lang, srep_d(&tr, i, 5), 2),
			    report_fmt_num(a, lang, srep_d(&tr, i, 6), 2),
			    arena_printf(
			        a, "%s (%s to %s)",
			        report_fmt_num(a, lang, srep_d(&tr, i, 7), 2),
			        report_fmt_num(a, lang, srep_d(&tr, i, 8), 2),
			        report_fmt_num(a, lang, srep_d(&tr, i, 9), 2)),
			    srep_s(&tr, i, 10)};
			rtable_row(t2, 0, cells);
		}
	}
}

rdoc *report_school_alloc(report_ctx *c, const char *code, att_err *e)
{
	const char *lang = c->lang ? c->lang : "en";
	i18n_set_lang(lang);
	arena tmp;
	arena_init(&tmp);
	srep_rows o;
	if (srep_org(c->s, &tmp, code, &o, e)) {
		arena_free(&tmp);
		return NULL;
	}
	if (srep_i(&o, 0, 4) != 1) {
		err_set(e, ATT_EUSAGE,
		        "'%s' is not a school (use the plan report for a %s)",
		        code, srep_s(&o, 0, 3));
		arena_free(&tmp);
		return NULL;
	}
	int64_t sid = srep_i(&o, 0, 0);
	rdoc *d = rdoc_alloc(
	    arena_printf(&tmp, _("School summary: %s"), srep_s(&o, 0, 2)),
	    lang);
	arena *a = rdoc_arena(d);
	report_stamp(c, d);
	rdoc_subtitle(d, arena_printf(a, "%s \xC2\xB7 %s", srep_s(&o, 0, 5),
	                              c->year_name));
	int rc = ATT_OK;
	srep_rows st, att, goals, iv;
	if (srep_school_students(c->s, a, sid, c->year_id, &st, e) ||
	    srep_attendance_by_school(c->s, a, sid, c->year_id, &att, e) ||
	    srep_org_goals(c->s, a, sid, &goals, e) ||
	    srep_interventions(c->s, a, sid, c->year_id, &iv, e))
		goto fail;
	rdoc_kv(d, _("School"),
	        arena_printf(a, "%s (%s)", srep_s(&o, 0, 2), srep_s(&o, 0, 1)));
	rdoc_kv(d, _("Students this year"), report_fmt_int(a, lang, st.nrows));
	if (att.nrows && srep_i(&att, 0, 4) > 0) {
		double rate = 100.0 * srep_d(&att, 0, 5) / srep_d(&att, 0, 4);
		rdoc_kv(d, _("Attendance rate"),
		        report_fmt_pct(a, lang, rate, 1));
		rdoc_kv(
		    d, _("Chronically absent (below 90%)"),
		    arena_printf(a, _("%s students"),
		                 report_fmt_int(a, lang, srep_i(&att, 0, 7))));
	}
	results_section(c, d, sid, lang, e, &rc);
	if (rc)
		goto fail;
	rdoc_h2(d, _("Growth"));
	if (!srep_analysis_ran(c->s, "growth", "growth_median")) {
		report_missing_analysis(d, _("Growth percentiles"),
		                        _("growth"));
	} else {
		srep_rows gm;
		if (srep_growth_median(c->s, a, sid, c->year_id, &gm, e))
			goto fail;
		const char *gh[] = {_("Subject"), _("Period"), _("Students"),
		                    _("Median growth percentile")};
		rtable *gt = rdoc_table(d, "growth", NULL, 4, gh, "llrr");
		for (int i = 0; i < gm.nrows; i++) {
			const char *cells[4] = {
			    srep_s(&gm, i, 0),
			    strcmp(srep_s(&gm, i, 1), "annual") == 0
			        ? _("year on year")
			        : _("within the year"),
			    report_fmt_int(a, lang, srep_i(&gm, i, 2)),
			    report_fmt_num(a, lang, srep_d(&gm, i, 3), 0)};
			rtable_row(gt, srep_d(&gm, i, 3) < 35, cells);
		}
		rdoc_note(d, "%s",
		          _("50 is typical growth; below 35 is lower than most "
		            "schools' students with similar earlier scores."));
	}
	va_section(c, d, sid, lang, e, &rc);
	if (rc)
		goto fail;
	gaps_section(c, d, sid, lang, e, &rc);
	if (rc)
		goto fail;

	rdoc_h2(d, _("Early warning"));
	if (!srep_analysis_ran(c->s, "ews", "ews_summary")) {
		report_missing_analysis(d, _("Early-warning counts"),
		                        _("early warning"));
	} else {
		srep_rows w;
		if (srep_ews_summary(c->s, a, sid, &w, e))
			goto fail;
		if (w.nrows == 0) {
			rdoc_p(d, "%s",
			       _("No early-warning counts for this school."));
		} else {
			rdoc_kv(d, _("Students assessed"),
			        report_fmt_int(a, lang, srep_i(&w, 0, 0)));
			rdoc_kv(d, _("Early warning"),
			        report_fmt_int(a, lang, srep_i(&w, 0, 1)));
			rdoc_kv(d, _("At risk"),
			        report_fmt_int(a, lang, srep_i(&w, 0, 2)));
			rdoc_kv(d, _("Chronically absent"),
			        report_fmt_int(a, lang, srep_i(&w, 0, 3)));
			rdoc_kv(d, _("Progress slowing"),
			        report_fmt_int(a, lang, srep_i(&w, 0, 4)));
		}
	}

	rdoc_h2(d, _("Interventions and their impact"));
	if (iv.nrows == 0) {
		rdoc_p(d, "%s", _("No interventions are recorded this year."));
	} else {
		const char *heads[] = {_("Intervention"), _("Subject"),
		                       _("Participants"), _("From"), _("To")};
		rtable *t =
		    rdoc_table(d, "interventions", NULL, 5, heads, "llrll");
		for (int i = 0; i < iv.nrows; i++) {
			const char *cells[5] = {
			    srep_s(&iv, i, 1), srep_s(&iv, i, 2),
			    report_fmt_int(a, lang, srep_i(&iv, i, 3)),
			    report_fmt_date(a, lang, srep_s(&iv, i, 4)),
			    report_fmt_date(a, lang, srep_s(&iv, i, 5))};
			rtable_row(t, 0, cells);
		}
	}
	if (!srep_analysis_ran(c->s, "impact", "impact")) {
		report_missing_analysis(d, _("Measured impact"),
		                        _("intervention impact"));
	} else {
		srep_rows m;
		if (srep_impact(c->s, a, sid, &m, e))
			goto fail;
		const char *mh[] = {_("Intervention"), _("Subject"),
		                    _("Participants (matched)"),
		                    _("Effect (g)"),
		                    /* xgettext:no-c-format */
		                    _("95% interval"), _("Compared with")};
		rtable *mt = rdoc_table(d, "impact", _("Measured impact"), 6,
		                        mh, "llrrrl");
		for (int i = 0; i < m.nrows; i++) {
			const char *cells[6] = {
			    srep_s(&m, i, 0),
			    srep_s(&m, i, 1),
			    arena_printf(
			        a, "%s (%s)",
			        report_fmt_int(a, lang, srep_i(&m, i, 4)),
			        report_fmt_int(a, lang, srep_i(&m, i, 5))),
			    report_fmt_num(a, lang, srep_d(&m, i, 6), 2),
			    arena_printf(
			        a, _("%s to %s"),
			        report_fmt_num(a, lang, srep_d(&m, i, 7), 2),
			        report_fmt_num(a, lang, srep_d(&m, i, 8), 2)),
			    srep_s(&m, i, 3)};
			rtable_row(mt, 0, cells);
		}
		rdoc_note(d, "%s",
		          _("Impact is the difference in gains between "
		            "participants and a matched comparison group "
		            "(difference in differences, as Hedges' g)."));
	}

	rdoc_h2(d, _("Goals"));
	if (goals.nrows == 0) {
		rdoc_p(d, "%s", _("No goals are set for this school."));
	} else {
		const char *heads[] = {_("Goal"), _("Subject"), _("From"),
		                       _("Target"), _("By")};
		rtable *t = rdoc_table(d, "goals", NULL, 5, heads, "llrrl");
		for (int i = 0; i < goals.nrows; i++) {
			const char *cells[5] = {
			    srep_s(&goals, i, 0), srep_s(&goals, i, 2),
			    report_fmt_num(a, lang, srep_d(&goals, i, 3), 1),
			    report_fmt_num(a, lang, srep_d(&goals, i, 4), 1),
			    report_fmt_date(a, lang, srep_s(&goals, i, 5))};
			rtable_row(t, 0, cells);
		}
	}
	if (!srep_analysis_ran(c->s, "goals", "goal_progress")) {
		report_missing_analysis(d, _("Goal projections"),
		                        _("goal tracking"));
	} else {
		srep_rows gp;
		if (srep_goal_progress(c->s, a, 0, sid, &gp, e))
			goto fail;
		const char *gh[] = {_("Goal"),   _("Now"), _("Projected"),
		                    _("Target"), _("By"),  _("Status")};
		rtable *gt = rdoc_table(d, "goal_progress",
		                        _("Goal projections"), 6, gh, "lrrrll");
		for (int i = 0; i < gp.nrows; i++) {
			const char *cells[6] = {
			    srep_s(&gp, i, 0),
			    report_fmt_num(a, lang, srep_d(&gp, i, 1), 1),
			    report_fmt_num(a, lang, srep_d(&gp, i, 2), 1),
			    report_fmt_num(a, lang, srep_d(&gp, i, 5), 1),
			    report_fmt_date(a, lang, srep_s(&gp, i, 6)),
			    srep_s(&gp, i, 3)};
			rtable_row(gt, strstr(srep_s(&gp, i, 3), "off") != NULL,
			           cells);
		}
	}

	rdoc_h2(d, _("Observation and survey themes"));
	if (!srep_analysis_ran(c->s, "themes", "theme_count")) {
		report_missing_analysis(d, _("Themes"), _("themes"));
	} else {
		srep_rows th;
		if (srep_themes(c->s, a, sid, &th, e))
			goto fail;
		const char *hh[] = {_("Theme"), _("Source"), _("Texts"),
		                    _("Example")};
		rtable *tt = rdoc_table(d, "themes", NULL, 4, hh, "llrl");
		for (int i = 0; i < th.nrows; i++) {
			const char *cells[4] = {
			    srep_s(&th, i, 0),
			    strcmp(srep_s(&th, i, 1), "survey") == 0
			        ? _("survey")
			        : _("lesson observation"),
			    arena_printf(
			        a, _("%s of %s"),
			        report_fmt_int(a, lang, srep_i(&th, i, 2)),
			        report_fmt_int(a, lang, srep_i(&th, i, 3))),
			    srep_s(&th, i, 4)};
			rtable_row(tt, 0, cells);
		}
	}

	rdoc_h2(d, _("Data-collection completeness"));
	if (report_completeness_table(c, d, sid, e) < 0)
		goto fail;
	arena_free(&tmp);
	return d;
fail:
	rdoc_free(d);
	arena_free(&tmp);
	return NULL;
}
