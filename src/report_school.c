/*
 * report_school.c - the school improvement summary: results and progress,
 * value-added with intervals, subgroup gaps and their trend, attendance,
 * early-warning counts, interventions and their measured impact, goals,
 * observation and survey themes, and data-collection completeness.
 */
#include "report.h"

#include <math.h>
#include <string.h>

#include "figures.h"
#include "an_text.h"
#include "i18n.h"
#include "store_figures.h"
#include "store_label.h"

/* A figure as the report shows it (REPORT_ABSENT when not computed). */
static const char *fig_text(arena *a, fig_id id, double v, const char *lang)
{
	return report_fig(a, id, v, lang, REPORT_ABSENT);
}

/* Each summative assessment of the year: its results, mean score and
 * share proficient in this school (the catalogue's figures for one
 * assessment). */
static void results_section(report_ctx *c, rdoc *d, int64_t school_id,
                            const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	if (!report_section_ran(c, d, _("Results and progress"), "desc",
	                        "desc_stat", _("Results and progress"),
	                        _("descriptives")))
		return;
	sf_axis *as;
	int na;
	if ((*rc = store_figures_axis(c->s, SF_AXIS_ASSESSMENTS, school_id,
	                              c->year_id, a, &as, &na, e)))
		return;
	if (na == 0) {
		rdoc_p(d, "%s", _("No results for this school this year."));
		return;
	}
	static const fig_id figs[] = {FIG_RESULTS, FIG_MEAN_PCT,
	                              FIG_PROFICIENT};
	const char *heads[] = {_("Assessment"),
	                       _("Subject"),
	                       _("Term"),
	                       fig_label(FIG_RESULTS),
	                       fig_label(FIG_MEAN_PCT),
	                       fig_label(FIG_PROFICIENT)};
	rtable *t = rdoc_table(d, "results", NULL, 6, heads, "lllrrr");
	for (int i = 0; i < na; i++) {
		sf_filter f = {c->year_id, 0, -1, NULL, as[i].id};
		sf_table v;
		if ((*rc = store_figures_units(c->s, SF_ORG, school_id, &f,
		                               figs, 3, a, &v, e)))
			return;
		/* name, subject and term, tab-separated (store_figures.h) */
		char *nm = arena_strdup(a, as[i].name),
		     *subj = strchr(nm, '\t');
		char *term = subj ? strchr(subj + 1, '\t') : NULL;
		if (subj)
			*subj++ = '\0';
		if (term)
			*term++ = '\0';
		const char *cells[6] = {
		    nm,
		    subj ? subj : "",
		    term ? term : "",
		    fig_text(a, FIG_RESULTS, sf_v(&v, 0, 0), lang),
		    fig_text(a, FIG_MEAN_PCT, sf_v(&v, 0, 1), lang),
		    fig_text(a, FIG_PROFICIENT, sf_v(&v, 0, 2), lang)};
		rtable_row(t, 0, cells);
	}
}

/* Value-added of each class of the school this year (FIG_VA and its
 * interval), table and caterpillar chart. */
static void va_section(report_ctx *c, rdoc *d, int64_t school_id, att_err *e,
                       int *rc)
{
	arena *a = rdoc_arena(d);
	if (!report_section_ran(c, d, _("Value-added"), "va", "va_group",
	                        _("Value-added"), _("value-added")))
		return;
	static const fig_id figs[] = {FIG_VA_N, FIG_VA, FIG_VA_LO, FIG_VA_HI};
	sf_filter f = {c->year_id, 0, -1, NULL, 0};
	sf_table v;
	if ((*rc = store_figures_units(c->s, SF_CLASSES, school_id, &f, figs, 4,
	                               a, &v, e)))
		return;
	report_va k;
	report_va_begin(&k, d, "value_added", NULL, _("Class"), v.nunits + 1,
	                REPORT_ABSENT);
	for (int u = 0; u < v.nunits; u++) {
		if (!isfinite(sf_v(&v, u, 1)))
			continue;
		const double x[4] = {sf_v(&v, u, 0), sf_v(&v, u, 1),
		                     sf_v(&v, u, 2), sf_v(&v, u, 3)};
		report_va_row(&k, v.units[u].name, v.units[u].subject, x, 0,
		              arena_printf(a, "%s %s", v.units[u].name,
		                           v.units[u].subject));
	}
	if (k.n == 0) {
		rdoc_p(d, "%s",
		       _("No value-added estimates for this school's "
		         "classes."));
		return;
	}
	/* xgettext:no-c-format */
	report_va_chart(&k, _("Value-added by class, with 95% intervals"));
	rdoc_note(d, "%s", fig_help(FIG_VA));
}

/* Subgroup gaps of the school this year (the gaps analysis: Hedges' g of
 * one group against another, with its interval and the students in each)
 * and their trend over the years (first, latest, change per year with
 * its interval, verdict). */
/* The two groups of a gap ("Girls − Boys", "हिन्दी − अन्य") in the
 * report's language: fixed groups in words, home languages and social
 * categories by their label. */
static const char *gap_groups(report_ctx *c, arena *a, const char *lang,
                              const char *dim, const char *ga, const char *gb)
{
	const char *kind = strcmp(dim, "lang") == 0 ? "language" : NULL;
	const char *w[2] = {an_text_gap_group(ga), an_text_gap_group(gb)};
	for (int k = 0; k < 2 && kind; k++)
		w[k] = store_label(c->s, a, kind, w[k], lang, w[k]);
	return arena_printf(a, "%s \xE2\x88\x92 %s", w[0], w[1]);
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
	*rc = srep_query(c->s, SRQ_GAPS,
	                 (srep_args){.id = {school_id, c->year_id}}, a, &g, e);
	if (!*rc)
		*rc = srep_query(c->s, SRQ_GAP_TRENDS,
		                 (srep_args){.id = {school_id}}, a, &tr, e);
	if (*rc)
		return;
	if (g.nrow == 0 && tr.nrow == 0) {
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
	for (int i = 0; i < g.nrow; i++) {
		const char *cells[6] = {
		    gap_groups(c, a, lang, rows_text(&g, i, "dimension"),
		               rows_text(&g, i, "group_a"),
		               rows_text(&g, i, "group_b")),
		    rows_text(&g, i, "subject"),
		    rows_text(&g, i, "assessment"),
		    arena_printf(
		        a, "%s / %s",
		        report_fmt_int(a, lang, rows_int(&g, i, "n_a")),
		        report_fmt_int(a, lang, rows_int(&g, i, "n_b"))),
		    report_fmt_num(a, lang, rows_num(&g, i, "g"), 2),
		    arena_printf(
		        a, _("%s to %s"),
		        report_fmt_num(a, lang, rows_num(&g, i, "g_lo"), 2),
		        report_fmt_num(a, lang, rows_num(&g, i, "g_hi"), 2))};
		rtable_row(t, 0, cells);
	}
	if (tr.nrow) {
		const char *h2[] = {_("Groups"),          _("Subject"),
		                    _("First"),           _("Latest"),
		                    _("Change per year"), _("Verdict")};
		rtable *t2 =
		    rdoc_table(d, "gap_trend", _("Gap trend"), 6, h2, "llrrrl");
		for (int i = 0; i < tr.nrow; i++) {
			const char *cells[6] = {
			    gap_groups(c, a, lang,
			               rows_text(&tr, i, "dimension"),
			               rows_text(&tr, i, "group_a"),
			               rows_text(&tr, i, "group_b")),
			    rows_text(&tr, i, "name"),
			    report_fmt_num(a, lang, rows_num(&tr, i, "g_first"),
			                   2),
			    report_fmt_num(a, lang, rows_num(&tr, i, "g_last"),
			                   2),
			    arena_printf(
			        a, _("%s (%s to %s)"),
			        report_fmt_num(a, lang,
			                       rows_num(&tr, i, "slope"), 2),
			        report_fmt_num(a, lang,
			                       rows_num(&tr, i, "slope_lo"), 2),
			        report_fmt_num(
			            a, lang, rows_num(&tr, i, "slope_hi"), 2)),
			    an_text_gap_verdict(rows_text(&tr, i, "verdict"))};
			rtable_row(t2, 0, cells);
		}
	}
}

/* Median growth percentiles by subject, year on year and within the
 * year. */
static void growth_section(report_ctx *c, rdoc *d, int64_t sid,
                           const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	if (!report_section_ran(c, d, _("Growth"), "growth", "growth_median",
	                        _("Growth percentiles"), _("growth")))
		return;
	sf_axis *subj;
	int ns;
	if ((*rc = store_figures_axis(c->s, SF_AXIS_SUBJECTS, sid, c->year_id,
	                              a, &subj, &ns, e)))
		return;
	static const fig_id gf[] = {FIG_SGPS, FIG_MEDIAN_SGP, FIG_SGPS_WY,
	                            FIG_MEDIAN_SGP_WY};
	const char *gh[] = {_("Subject"), fig_label(gf[0]), fig_label(gf[1]),
	                    fig_label(gf[2]), fig_label(gf[3])};
	rtable *gt = rdoc_table(d, "growth", NULL, 5, gh, "lrrrr");
	for (int k = 0; k < ns; k++) {
		sf_filter f = {c->year_id, subj[k].id, -1, NULL, 0};
		sf_table t;
		if ((*rc = store_figures_units(c->s, SF_ORG, sid, &f, gf, 4, a,
		                               &t, e)))
			return;
		if (!isfinite(sf_v(&t, 0, 1)) && !isfinite(sf_v(&t, 0, 3)))
			continue;
		const char *cells[5] = {
		    subj[k].name, fig_text(a, gf[0], sf_v(&t, 0, 0), lang),
		    fig_text(a, gf[1], sf_v(&t, 0, 1), lang),
		    fig_text(a, gf[2], sf_v(&t, 0, 2), lang),
		    fig_text(a, gf[3], sf_v(&t, 0, 3), lang)};
		rtable_row(gt, sf_v(&t, 0, 1) < 35, cells);
	}
	rdoc_note(d, "%s",
	          _("50 is typical growth; below 35 is lower than most "
	            "schools' students with similar earlier scores."));
}

/* Early-warning counts of the school. */
static void ews_section(report_ctx *c, rdoc *d, int64_t sid, const char *lang,
                        att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	if (!report_section_ran(c, d, _("Early warning"), "ews", "ews_summary",
	                        _("Early-warning counts"), _("early warning")))
		return;
	static const fig_id wf[] = {FIG_EWS_FLAGGED, FIG_EWS_RISK, FIG_CHRONIC,
	                            FIG_EWS_SLOWING};
	sf_filter f = {c->year_id, 0, -1, NULL, 0};
	sf_table t;
	if ((*rc = store_figures_units(c->s, SF_ORG, sid, &f, wf, 4, a, &t, e)))
		return;
	if (t.nunits != 1 || !isfinite(sf_v(&t, 0, 0))) {
		rdoc_p(d, "%s", _("No early-warning counts for this school."));
		return;
	}
	rdoc_kv(d, _("Students assessed"),
	        report_fmt_int(a, lang, sf_n(&t, 0, 0)));
	for (int k = 0; k < 4; k++)
		rdoc_kv(d, fig_label(wf[k]),
		        fig_text(a, wf[k], sf_v(&t, 0, k), lang));
}

/* The interventions of the school this year, then their measured impact
 * (the impact analysis: difference in differences as Hedges' g). */
static void interventions_section(report_ctx *c, rdoc *d, int64_t sid,
                                  const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Interventions and their impact"));
	srep_rows iv;
	if ((*rc = srep_query(c->s, SRQ_INTERVENTIONS,
	                      (srep_args){.id = {sid, c->year_id}}, a, &iv, e)))
		return;
	if (iv.nrow == 0) {
		rdoc_p(d, "%s", _("No interventions are recorded this year."));
	} else {
		const char *heads[] = {_("Intervention"), _("Subject"),
		                       _("Participants"), _("From"), _("To")};
		rtable *t =
		    rdoc_table(d, "interventions", NULL, 5, heads, "llrll");
		for (int i = 0; i < iv.nrow; i++) {
			const char *cells[5] = {
			    rows_text(&iv, i, "name"),
			    rows_text(&iv, i, "subject"),
			    report_fmt_int(a, lang,
			                   rows_int(&iv, i, "participants")),
			    report_fmt_date(a, lang,
			                    rows_text(&iv, i, "start_date")),
			    report_fmt_date(a, lang,
			                    rows_text(&iv, i, "end_date"))};
			rtable_row(t, 0, cells);
		}
	}
	if (!report_section_ran(c, d, NULL, "impact", "impact",
	                        _("Measured impact"), _("intervention impact")))
		return;
	srep_rows m;
	if ((*rc = srep_query(c->s, SRQ_IMPACT, (srep_args){.id = {sid}}, a, &m,
	                      e)))
		return;
	const char *mh[] = {_("Intervention"), _("Subject"),
	                    _("Participants (matched)"), _("Effect (g)"),
	                    /* xgettext:no-c-format */
	                    _("95% interval"), _("Compared with")};
	rtable *mt =
	    rdoc_table(d, "impact", _("Measured impact"), 6, mh, "llrrrl");
	for (int i = 0; i < m.nrow; i++) {
		const char *cells[6] = {
		    rows_text(&m, i, "intervention"),
		    rows_text(&m, i, "subject"),
		    arena_printf(
		        a, "%s (%s)",
		        report_fmt_int(a, lang,
		                       rows_int(&m, i, "n_participants")),
		        report_fmt_int(a, lang, rows_int(&m, i, "n_matched"))),
		    report_fmt_num(a, lang, rows_num(&m, i, "g"), 2),
		    arena_printf(
		        a, _("%s to %s"),
		        report_fmt_num(a, lang, rows_num(&m, i, "g_lo"), 2),
		        report_fmt_num(a, lang, rows_num(&m, i, "g_hi"), 2)),
		    rows_text(&m, i, "comparison")};
		rtable_row(mt, 0, cells);
	}
	rdoc_note(d, "%s",
	          _("Impact is the difference in gains between "
	            "participants and a matched comparison group "
	            "(difference in differences, as Hedges' g)."));
}

/* The school's goals as set, then each one's projection (the goals
 * analysis: now, projected by the due date, status). */
static void goals_section(report_ctx *c, rdoc *d, int64_t sid, const char *lang,
                          att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Goals"));
	srep_rows goals;
	if ((*rc = srep_query(c->s, SRQ_ORG_GOALS, (srep_args){.id = {sid}}, a,
	                      &goals, e)))
		return;
	if (goals.nrow == 0) {
		rdoc_p(d, "%s", _("No goals are set for this school."));
	} else {
		const char *heads[] = {_("Goal"), _("Subject"), _("From"),
		                       _("Target"), _("By")};
		rtable *t = rdoc_table(d, "goals", NULL, 5, heads, "llrrl");
		for (int i = 0; i < goals.nrow; i++) {
			const char *cells[5] = {
			    rows_text(&goals, i, "title"),
			    rows_text(&goals, i, "subject"),
			    report_fmt_num(a, lang,
			                   rows_num(&goals, i, "baseline"), 1),
			    report_fmt_num(a, lang,
			                   rows_num(&goals, i, "target"), 1),
			    report_fmt_date(a, lang,
			                    rows_text(&goals, i, "due_date"))};
			rtable_row(t, 0, cells);
		}
	}
	if (!report_section_ran(c, d, NULL, "goals", "goal_progress",
	                        _("Goal projections"), _("goal tracking")))
		return;
	srep_rows gp;
	if ((*rc = srep_query(c->s, SRQ_GOAL_PROGRESS,
	                      (srep_args){.id = {0, sid}}, a, &gp, e)))
		return;
	const char *gh[] = {_("Goal"),   _("Now"), _("Projected"),
	                    _("Target"), _("By"),  _("Status")};
	rtable *gt = rdoc_table(d, "goal_progress", _("Goal projections"), 6,
	                        gh, "lrrrll");
	for (int i = 0; i < gp.nrow; i++) {
		const char *cells[6] = {
		    rows_text(&gp, i, "title"),
		    report_fmt_num(a, lang, rows_num(&gp, i, "current"), 1),
		    report_fmt_num(a, lang, rows_num(&gp, i, "projected"), 1),
		    report_fmt_num(a, lang, rows_num(&gp, i, "target"), 1),
		    report_fmt_date(a, lang, rows_text(&gp, i, "due_date")),
		    an_text_goal_status(rows_text(&gp, i, "status"))};
		rtable_row(gt,
		           strstr(rows_text(&gp, i, "status"), "off") != NULL,
		           cells);
	}
}

/* Themes coded in lesson observations and survey answers (the themes
 * analysis): how many texts carry each, with an example. */
static void themes_section(report_ctx *c, rdoc *d, int64_t sid,
                           const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	if (!report_section_ran(c, d, _("Observation and survey themes"),
	                        "themes", "theme_count", _("Themes"),
	                        _("themes")))
		return;
	srep_rows th;
	if ((*rc = srep_query(c->s, SRQ_THEMES, (srep_args){.id = {sid}}, a,
	                      &th, e)))
		return;
	const char *hh[] = {_("Theme"), _("Source"), _("Texts"), _("Example")};
	rtable *tt = rdoc_table(d, "themes", NULL, 4, hh, "llrl");
	for (int i = 0; i < th.nrow; i++) {
		const char *cells[4] = {
		    rows_text(&th, i, "theme"),
		    strcmp(rows_text(&th, i, "source"), "survey") == 0
		        ? _("survey")
		        : _("lesson observation"),
		    arena_printf(
		        a, _("%s of %s"),
		        report_fmt_int(a, lang, rows_int(&th, i, "n")),
		        report_fmt_int(a, lang, rows_int(&th, i, "n_texts"))),
		    rows_text(&th, i, "quote")};
		rtable_row(tt, 0, cells);
	}
}

/* The school's name and its headline figures (FIG_STUDENTS,
 * FIG_ATTENDANCE, FIG_CHRONIC), then every section in order (a
 * report_org_body: report_org_alloc adds completeness). */
static int school_body(report_ctx *c, rdoc *d, const srep_rows *o, att_err *e)
{
	arena *a = rdoc_arena(d);
	const char *lang = rdoc_lang(d);
	int64_t sid = rows_int(o, 0, "id");
	rdoc_kv(d, _("School"),
	        arena_printf(a, "%s (%s)", rows_text(o, 0, "name"),
	                     rows_text(o, 0, "code")));
	static const fig_id hf[] = {FIG_STUDENTS, FIG_ATTENDANCE, FIG_CHRONIC};
	sf_filter f = {c->year_id, 0, -1, NULL, 0};
	sf_table h;
	int rc = store_figures_units(c->s, SF_ORG, sid, &f, hf, 3, a, &h, e);
	if (rc)
		return rc;
	for (int k = 0; k < 3; k++)
		rdoc_kv(d, fig_label(hf[k]),
		        fig_text(a, hf[k], sf_v(&h, 0, k), lang));
	results_section(c, d, sid, lang, e, &rc);
	if (!rc)
		growth_section(c, d, sid, lang, e, &rc);
	if (!rc)
		va_section(c, d, sid, e, &rc);
	if (!rc)
		gaps_section(c, d, sid, lang, e, &rc);
	if (!rc)
		ews_section(c, d, sid, lang, e, &rc);
	if (!rc)
		interventions_section(c, d, sid, lang, e, &rc);
	if (!rc)
		goals_section(c, d, sid, lang, e, &rc);
	if (!rc)
		themes_section(c, d, sid, lang, e, &rc);
	return rc;
}

rdoc *report_school_alloc(report_ctx *c, const char *code, att_err *e)
{
	return report_org_alloc(c, code, 1, school_body, e);
}
