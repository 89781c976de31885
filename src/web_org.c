/*
 * web_org.c - the page of an org: for a unit above schools (state,
 * district, block, cluster) its child units compared, trend, outcome heat
 * map, data-collection completeness and the schools that need supportive
 * supervision; for a school its grades, classes, subjects and subgroups,
 * gaps over time, students at risk with reasons, interventions, goals,
 * observation and survey summaries.
 *
 * An officer sees an org as aggregates (scope SCOPE_AGGREGATE): every table
 * of figures blanks what the release analysis hides (sf_hidden, the whole
 * release as one linked system: disclose.h); observation and survey
 * summaries pass through web_table_suppress (suppress.h); named tables
 * (classes, students at risk) are left out. A principal or admin sees the
 * named view (the dispatcher audits it: the at-risk list names students).
 */
#include <math.h>
#include <string.h>

#include "an_text.h"
#include "escape.h"
#include "figures.h"
#include "i18n.h"
#include "report_words.h"
#include "store_label.h"
#include "suppress.h"
#include "web.h"
#include "web_cache.h"
#include "web_collect.h"
#include "web_ews.h"
#include "web_pivot.h"
#include "web_tables.h"

static int min_cell(web_req *r)
{
	return r->app && r->app->min_cell > 0 ? r->app->min_cell
	                                      : SUPPRESS_MIN_DEFAULT;
}

static int query(web_req *r, sw_query q, int64_t a1, int64_t a2, sw_rows *out)
{
	int64_t args[2] = {a1, a2};
	att_err e;
	err_clear(&e);
	if (web_query(r, q, args, 2, out, &e)) {
		fprintf(stderr, "attain: serve: %s\n", e.msg);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

/* The figures every org page opens with: the catalogue's, read from the
 * analyses through store_figures (absent when not analysed). An aggregate
 * view blanks the figures the release analysis hides (sf_hidden). */
static const fig_id summary_fig_ids[] = {FIG_SCHOOLS,    FIG_STUDENTS,
                                         FIG_MEAN_PCT,   FIG_PROFICIENT,
                                         FIG_ATTENDANCE, FIG_EWS_FLAGGED};

static void summary_figs(web_req *r, web_page *p, int64_t org, int64_t year,
                         int aggregate)
{
	sf_table t;
	att_err e;
	err_clear(&e);
	sf_filter f = {year, 0, -1, NULL, 0};
	if (store_figures_units(r->s, SF_ORG, org, &f, summary_fig_ids,
	                        ARRAY_LEN(summary_fig_ids), &r->a, &t, &e) ||
	    t.nunits != 1) {
		if (e.code)
			fprintf(stderr, "attain: serve: %s\n", e.msg);
		return;
	}
	for (int k = 0; k < t.nfigs; k++)
		if (t.figs[k] != FIG_SCHOOLS || !t.units[0].is_school)
			web_page_figure(p, t.figs[k],
			                aggregate && sf_hidden(&t, 0, k)
			                    ? NAN
			                    : sf_v(&t, 0, k));
}

/*
 * Child units x learning outcomes: the catalogue's mastery of each child
 * unit and its mastery relative to this unit's (store_figures_mastery
 * SF_M_CHILDREN: the items analysis's sums per unit), cached per org,
 * year and language.
 */
static void outcomes_rows(web_req *r, int64_t org, int64_t year, sw_rows *out)
{
	memset(out, 0, sizeof(*out));
	int64_t key[2] = {org, year};
	if (web_cache_get(r, WEB_CACHE_OUTCOMES, key, 2, out))
		return;
	att_err e;
	err_clear(&e);
	if (store_figures_mastery(r->s, SF_M_CHILDREN, org, year, &r->a, out,
	                          &e)) {
		fprintf(stderr, "attain: serve: %s\n", e.msg);
		memset(out, 0, sizeof(*out));
		return;
	}
	web_cache_put(r, WEB_CACHE_OUTCOMES, key, 2, out);
}

/* Whether a unit is weaker or stronger than its area on an outcome, in
 * words: the whole 95% interval of mastery_rel below 0, above 0, or
 * neither. */
static const char *rel_words(const sw_rows *lo, int i)
{
	if (rows_null(lo, i, "mastery_rel_lo") ||
	    rows_null(lo, i, "mastery_rel_hi"))
		return "";
	if (rows_num(lo, i, "mastery_rel_hi") < 0)
		return _("weaker than the area");
	if (rows_num(lo, i, "mastery_rel_lo") > 0)
		return _("stronger than the area");
	return _("no clear difference");
}

/* The outcome heat maps of a unit's children: mastery, and mastery
 * relative to the area (the unit itself) coloured by its interval, with
 * each cell's figures as a long table in the JSON and CSV twins. */
static void outcomes_section(web_req *r, web_page *p, int64_t org, int64_t year,
                             int aggregate)
{
	sw_rows lo;
	outcomes_rows(r, org, year, &lo);
	int min = aggregate ? min_cell(r) : 0;
	r->pivot_max_cols = 12;
	web_table *ht = web_pivot_heat(
	    r, p, &lo, "code", "name", "standard", "mastery_pct",
	    "mastery_students", min, "/orgs/", "outcomes",
	    _("Learning outcomes by unit"),
	    _("Mastery of each learning outcome this year: the mean of the "
	      "students' percent of item points earned; darker green is "
	      "stronger."));
	if (ht && r->pivot_trimmed)
		ht->note =
		    _("The twelve weakest learning outcomes across these "
		      "units: mastery this year; darker green is "
		      "stronger. The CSV and JSON hold the same columns.");
	static const char *const keys[5] = {"code", "name", "standard",
	                                    "mastery_rel", "mastery_students"};
	r->pivot_max_cols = 12;
	web_pivot_rel(r, p, &lo, keys, FIG_MASTERY_REL, "mastery_rel_lo",
	              "mastery_rel_hi", min, "/orgs/", "outcomes_rel",
	              _("Learning outcomes by unit, against the area"),
	              /* xgettext:no-c-format */
	              _("Each unit's mastery minus the area's, in percentage "
	                "points. Orange: the whole 95% interval is below 0, "
	                "the unit is weaker on this outcome than the area; "
	                "blue: stronger; grey: no clear difference."));
	if (r->format == WEB_HTML)
		return;
	/* the long twin: one row per unit and outcome, blanked as above */
	static const char *const names[] = {
	    "code",           "name",           "standard",
	    "description",    "mastery_pct",    "mastery_rel",
	    "mastery_rel_lo", "mastery_rel_hi", "mastery_students",
	    "against_area"};
	sw_rows t;
	rows_alloc(&t, &r->a, lo.nrow, ARRAY_LEN(names), names);
	int n = 0;
	for (int i = 0; i < lo.nrow; i++) {
		if (min > 0 && rows_int(&lo, i, "mastery_students") < min)
			continue;
		for (int c = 0; c < 4; c++)
			rows_put_text(&t, &r->a, n, c,
			              rows_text(&lo, i, names[c]));
		for (int c = 4; c < 8; c++)
			rows_put_num(&t, &r->a, n, c,
			             rows_num(&lo, i, names[c]));
		rows_put_int(&t, &r->a, n, 8,
		             rows_int(&lo, i, "mastery_students"));
		rows_put_text(&t, &r->a, n, 9, rel_words(&lo, i));
		n++;
	}
	t.nrow = n;
	static const fig_id figs[] = {FIG_NONE,
	                              FIG_NONE,
	                              FIG_NONE,
	                              FIG_MASTERY_PCT,
	                              FIG_MASTERY_REL,
	                              FIG_MASTERY_REL_LO,
	                              FIG_MASTERY_REL_HI,
	                              FIG_MASTERY_STUDENTS,
	                              FIG_NONE};
	web_col *cols = arena_alloc(&r->a, 9 * sizeof(web_col));
	cols[0] = (web_col){"name", _("Unit"), WC_LINK, "/orgs/", "code"};
	cols[1] =
	    (web_col){"standard", _("Learning outcome"), WC_TEXT, NULL, NULL};
	cols[2] =
	    (web_col){"description", _("Description"), WC_TEXT, NULL, NULL};
	for (int k = 3; k < 8; k++)
		cols[k] = web_fig_col(figs[k]);
	cols[8] = (web_col){"against_area", _("Against the area"), WC_TEXT,
	                    NULL, NULL};
	web_table *lt = web_page_table(p, "outcomes_rel_cells",
	                               _("Mastery against the area, by unit "
	                                 "and outcome"),
	                               cols, 9, &t);
	if (lt)
		lt->figs = figs;
}

/* The year's data collections counted by the state of each school under
 * the unit as of the request's day (store_collect_tallies: the collection
 * page, the plan and the calendar count the same). */
static void completeness_table(web_req *r, web_page *p, int64_t org,
                               int64_t year)
{
	collect_query q = {0, year, org, wc_today(r), 0};
	collect_tally *w;
	int n;
	att_err e;
	err_clear(&e);
	if (!store_collect_tallies(r->s, &q, &r->a, &w, &n, &e))
		wc_windows_table(r, p, "completeness",
		                 _("Data-collection completeness"), w, n);
}

/* The org's figures in every year it has any, oldest first. */
static void trend_table(web_req *r, web_page *p, int64_t org, int aggregate)
{
	sf_axis *ys;
	int ny;
	att_err e;
	err_clear(&e);
	if (store_figures_axis(r->s, SF_AXIS_YEARS, org, 0, &r->a, &ys, &ny,
	                       &e))
		return;
	web_fig_row *rows =
	    arena_alloc(&r->a, (size_t)(ny + 1) * sizeof(web_fig_row));
	for (int i = 0; i < ny; i++)
		rows[i] = (web_fig_row){
		    ys[i].code, ys[i].name, {ys[i].id, 0, -1, NULL, 0}};
	static const fig_id figs[] = {FIG_STUDENTS, FIG_MEAN_PCT,
	                              FIG_PROFICIENT, FIG_ATTENDANCE};
	web_table *tb =
	    web_page_fig_breakdown(r, p, "trend", _("By year"), _("Year"), org,
	                           rows, ny, figs, ARRAY_LEN(figs), aggregate);
	if (tb)
		web_chart_line(r, tb, "label", "mean_pct",
		               _("Mean score by year"));
}

/* A group of students in the reader's words: the catalogue's words for a
 * subgroup key, a home language by its label. */
static const char *group_words(web_req *r, const char *key)
{
	if (strncmp(key, "lang:", 5) != 0)
		return fig_group_words(&r->a, key);
	return arena_printf(
	    &r->a, _("Home language: %s"),
	    store_label(r->s, &r->a, "language", key + 5, r->lang, key + 5));
}

/* Every school under the unit with its figures (the CSV and JSON have all
 * of them; the page shows the first hundred by name). */
static void schools_table(web_req *r, web_page *p, int64_t org, int64_t year)
{
	static const fig_id figs[] = {FIG_STUDENTS,   FIG_MEAN_PCT,
	                              FIG_PROFICIENT, FIG_ATTENDANCE,
	                              FIG_VA,         FIG_EWS_FLAGGED};
	sf_table t;
	att_err e;
	err_clear(&e);
	sf_filter f = {year, 0, -1, NULL, 0};
	if (!store_figures_units(r->s, SF_SCHOOLS, org, &f, figs,
	                         ARRAY_LEN(figs), &r->a, &t, &e))
		web_page_fig_table(r, p, "schools", _("Schools"), _("School"),
		                   &t, 1);
}

/* The schools needing supportive supervision: one ranked list with its
 * reasons (fig_support_list), the same in the academic plan; the first
 * ten here. */
static void support_table(web_req *r, web_page *p, int64_t org, int64_t year)
{
	static const fig_id sfigs[] = {FIG_STUDENTS,   FIG_MEAN_PCT,
	                               FIG_ATTENDANCE, FIG_VA,
	                               FIG_VA_LO,      FIG_VA_HI};
	static const fig_id mean[] = {FIG_MEAN_PCT};
	sf_table all, area;
	att_err e;
	err_clear(&e);
	sf_filter f = {year, 0, -1, NULL, 0};
	if (store_figures_units(r->s, SF_SCHOOLS, org, &f, sfigs,
	                        ARRAY_LEN(sfigs), &r->a, &all, &e) ||
	    store_figures_units(r->s, SF_ORG, org, &f, mean, 1, &r->a, &area,
	                        &e) ||
	    area.nunits != 1)
		return;
	unsigned char *supp = arena_alloc(&r->a, (size_t)all.nunits + 1);
	for (int u = 0; u < all.nunits; u++)
		supp[u] = (unsigned char)(sf_hidden(&all, u, 0) ||
		                          sf_hidden(&all, u, 1));
	fig_support *sl =
	    arena_alloc(&r->a, (size_t)(all.nunits + 1) * sizeof(fig_support));
	/* overdue collections this year as of the request's day, as the
	 * plan counts them */
	collect_query q = {0, year, org, wc_today(r), 0};
	int *od;
	fig_overdue(r->s, &q, &all, &r->a, &od, &e);
	int n = fig_support_list(&all, sf_v(&area, 0, 0), od, supp, sl);
	int shown = n < 10 ? n : 10;
	int *order = arena_alloc(&r->a, (size_t)(shown + 1) * sizeof(int));
	const char **why =
	    arena_alloc(&r->a, (size_t)(shown + 1) * sizeof(char *));
	for (int i = 0; i < shown; i++) {
		order[i] = sl[i].unit;
		why[i] = fig_support_words(&r->a, &sl[i], &all,
		                           sf_v(&area, 0, 0), r->lang);
	}
	sf_table top;
	fig_table_pick(&r->a, &all, order, shown, &top);
	web_table *t = web_page_fig_table_text(
	    r, p, "support", _("Schools needing supportive supervision"),
	    _("School"), &top, 1, "why", _("Why"), why);
	if (t)
		t->note =
		    n > shown
		        ? arena_printf(&r->a,
		                       _("The %d of %d schools with the most "
		                         "reasons. A reason is a question to "
		                         "ask on a visit, not a verdict; the "
		                         "academic plan lists them all."),
		                       shown, n)
		        : _("Each school with a reason: a question to ask on a "
		            "visit, not a verdict.");
}

/* Peer-learning pairs inside the unit: the school doing well, its partner,
 * and each one's value-added over all years (the figure the pairs are made
 * on), from the catalogue. */
static void peers_table(web_req *r, web_page *p, int64_t org)
{
	sw_rows pp;
	if (query(r, SWQ_ORG_PEERS, org, 0, &pp))
		return;
	int n = pp.nrow;
	const char **lead =
	    arena_alloc(&r->a, (size_t)(n + 1) * sizeof(char *));
	const char **part =
	    arena_alloc(&r->a, (size_t)(n + 1) * sizeof(char *));
	int64_t *subj = arena_alloc(&r->a, (size_t)(n + 1) * sizeof(int64_t));
	double *v = arena_alloc(&r->a, (size_t)(4 * n + 1) * sizeof(double));
	for (int i = 0; i < n; i++) {
		lead[i] = rows_text(&pp, i, "leader_code");
		part[i] = rows_text(&pp, i, "partner_code");
		subj[i] = rows_int(&pp, i, "subject_id");
	}
	att_err e;
	err_clear(&e);
	if (fig_peer_values(r->s, org, n, lead, part, subj, &r->a, v, &e))
		return;
	static const char *const keys[] = {"leader_va", "leader_lo",
	                                   "partner_va", "partner_hi"};
	static const char *const names[] = {
	    "leader_code", "leader",    "partner_code", "partner",   "subject",
	    "leader_va",   "leader_lo", "partner_va",   "partner_hi"};
	sw_rows out;
	rows_alloc(&out, &r->a, n, ARRAY_LEN(names), names);
	for (int i = 0; i < n; i++) {
		for (int c = 0; c < 5; c++)
			rows_put_text(&out, &r->a, i, c,
			              rows_text(&pp, i, names[c]));
		for (int k = 0; k < 4; k++)
			rows_put_num(&out, &r->a, i, 5 + k, v[i * 4 + k]);
	}
	web_col *cols = arena_alloc(&r->a, 7 * sizeof(web_col));
	fig_id *figs = arena_alloc(&r->a, 7 * sizeof(fig_id));
	cols[0] = (web_col){"leader", _("School doing well"), WC_LINK, "/orgs/",
	                    "leader_code"};
	cols[1] = (web_col){"partner", _("Partner school"), WC_LINK, "/orgs/",
	                    "partner_code"};
	cols[2] = (web_col){"subject", _("Subject"), WC_TEXT, NULL, NULL};
	static const fig_id cf[] = {FIG_VA_ALL, FIG_VA_ALL_LO, FIG_VA_ALL,
	                            FIG_VA_ALL_HI};
	static const char *const labels[] = {
	    N_("Its value-added, all years"), N_("Low, all years"),
	    N_("Partner's value-added, all years"), N_("High, all years")};
	for (int k = 0; k < 4; k++) {
		cols[3 + k] =
		    (web_col){keys[k], _(labels[k]), WC_FIG, NULL, NULL};
		figs[3 + k] = cf[k];
	}
	web_table *t =
	    web_page_table(p, "peers", _("Peer-learning pairs"), cols, 7, &out);
	if (!t)
		return;
	t->figs = figs;
	t->note = _("Schools with value-added clearly above average, each "
	            "paired with a similar school (size, context) that is "
	            "below average: candidates to share practice. The pairs "
	            "are made on value-added over every year analysed, so it "
	            "can differ from this year's. An association, not proof "
	            "of what works.");
}

static void unit_page(web_req *r, web_page *p, const sw_org *o, int64_t year,
                      int aggregate)
{
	summary_figs(r, p, o->id, year, aggregate);
	static const fig_id cfigs[] = {
	    FIG_SCHOOLS,    FIG_STUDENTS,   FIG_MEAN_PCT,
	    FIG_PROFICIENT, FIG_ATTENDANCE, FIG_VA,
	    FIG_VA_LO,      FIG_VA_HI,      FIG_EWS_FLAGGED};
	sf_table ch;
	att_err e;
	err_clear(&e);
	sf_filter f = {year, 0, -1, NULL, 0};
	web_table *t = NULL;
	if (!store_figures_units(r->s, SF_CHILDREN, o->id, &f, cfigs,
	                         ARRAY_LEN(cfigs), &r->a, &ch, &e))
		t = web_page_fig_table(r, p, "children", _("Units compared"),
		                       _("Unit"), &ch, 1);
	if (t) {
		t->note = web_fig_note(r, cfigs, ARRAY_LEN(cfigs));
		web_chart_bars(r, t, "name", "mean_pct",
		               _("Mean score by unit"));
		web_chart_caterpillar(
		    r, t, "name", "va", "va_lo", "va_hi",
		    /* xgettext:no-c-format */
		    _("Value-added by unit with 95% intervals"));
	}
	trend_table(r, p, o->id, aggregate);

	outcomes_section(r, p, o->id, year, aggregate);

	completeness_table(r, p, o->id, year);

	schools_table(r, p, o->id, year);
	support_table(r, p, o->id, year);

	peers_table(r, p, o->id);
}

/* The school's flagged students with their level and reasons in words
 * (the ews analysis), or a note that it has not been run for the year. */
static void ews_table(web_req *r, web_page *p, int64_t school, int64_t year)
{
	sw_rows rk, rs;
	if (!store_web_analysed(r->s, "ews") ||
	    query(r, SWQ_SCHOOL_EWS, school, year, &rk) ||
	    query(r, SWQ_SCHOOL_EWS_REASONS, school, year, &rs)) {
		web_page_note(p, web_ews_not_run());
		return;
	}
	sw_rows out = web_ews_flags(r, &rk, &rs, "; ");
	web_col rc[] = {
	    {"name", _("Student"), WC_LINK, "/students/", "code"},
	    {"grade", _("Grade"), WC_INT, NULL, NULL},
	    {"level", _("Level"), WC_TEXT, NULL, NULL},
	    {"attendance", _("Attendance"), WC_PCT, NULL, NULL},
	    {"reasons", _("Why flagged"), WC_TEXT, NULL, NULL},
	};
	web_table_add(r, p, "risk", _("Early warning: students at risk"), rc,
	              sizeof(rc), &out,
	              _("Attendance, behaviour, course performance and slowing "
	                "progress, each with its reason and the threshold it "
	                "crossed (the latest analysis run, with the thresholds "
	                "it was configured with)."));
}

/* A school's figures by grade, by subject and by group of students. */
static void school_breakdowns(web_req *r, web_page *p, int64_t school,
                              int64_t year, int aggregate)
{
	static const struct {
		sf_axis_kind axis;
		const char *id, *title, *key_label;
		fig_id figs[4];
		int nfigs;
	} tabs[] = {
	    {SF_AXIS_GRADES,
	     "grades",
	     N_("By grade"),
	     N_("Grade"),
	     {FIG_STUDENTS, FIG_MEAN_PCT, FIG_PROFICIENT, FIG_ATTENDANCE},
	     4},
	    {SF_AXIS_SUBJECTS,
	     "subjects",
	     N_("By subject"),
	     N_("Subject"),
	     {FIG_RESULTS, FIG_MEAN_PCT, FIG_PROFICIENT, FIG_MEDIAN_SGP},
	     4},
	    {SF_AXIS_SUBGROUPS,
	     "subgroups",
	     N_("By group of students"),
	     N_("Group"),
	     {FIG_RESULTS, FIG_MEAN_PCT, FIG_PROFICIENT},
	     3},
	};
	for (size_t k = 0; k < ARRAY_LEN(tabs); k++) {
		sf_axis *ax;
		int n;
		att_err e;
		err_clear(&e);
		if (store_figures_axis(r->s, tabs[k].axis, school, year, &r->a,
		                       &ax, &n, &e))
			continue;
		web_fig_row *rows =
		    arena_alloc(&r->a, (size_t)(n + 1) * sizeof(web_fig_row));
		for (int i = 0; i < n; i++) {
			sf_filter f = {year, 0, -1, NULL, 0};
			const char *label = ax[i].name;
			if (tabs[k].axis == SF_AXIS_GRADES)
				f.grade = (int)ax[i].id;
			else if (tabs[k].axis == SF_AXIS_SUBJECTS)
				f.subject_id = ax[i].id;
			else {
				f.subgroup = ax[i].code;
				label = group_words(r, ax[i].code);
			}
			rows[i] = (web_fig_row){ax[i].code,
			                        *label ? label : ax[i].code, f};
		}
		web_page_fig_breakdown(r, p, tabs[k].id, _(tabs[k].title),
		                       _(tabs[k].key_label), school, rows, n,
		                       tabs[k].figs, tabs[k].nfigs, aggregate);
	}
}

/* Gaps over time: the mean score of girls and boys, of disadvantaged
 * students and the others, in every year; a group's mean is blanked
 * wherever its count is (the release analysis). */
static void gaps_table(web_req *r, web_page *p, int64_t school, int aggregate)
{
	static const char *const groups[] = {"gender:F", "gender:M", "ses:1",
	                                     "ses:0"};
	sf_axis *ys;
	int ny;
	att_err e;
	err_clear(&e);
	if (store_figures_axis(r->s, SF_AXIS_YEARS, school, 0, &r->a, &ys, &ny,
	                       &e))
		return;
	const char *names[6] = {"year",    groups[0], groups[1],
	                        groups[2], groups[3], "n"};
	sw_rows out;
	rows_alloc(&out, &r->a, ny, 6, names);
	static const fig_id mean[] = {FIG_MEAN_PCT};
	int hidden = 0;
	for (int y = 0; y < ny; y++) {
		rows_put_text(&out, &r->a, y, 0, ys[y].name);
		int64_t nmin = -1;
		for (int g = 0; g < 4; g++) {
			sf_filter f = {ys[y].id, 0, -1, groups[g], 0};
			sf_table t;
			double v = NAN;
			if (!store_figures_units(r->s, SF_ORG, school, &f, mean,
			                         1, &r->a, &t, &e) &&
			    t.nunits == 1) {
				int h = aggregate && sf_hidden(&t, 0, 0);
				hidden |= h;
				v = h ? NAN : sf_v(&t, 0, 0);
				if (nmin < 0 || sf_n(&t, 0, 0) < nmin)
					nmin = sf_n(&t, 0, 0);
			}
			rows_put_num(&out, &r->a, y, 1 + g,
			             isfinite(v) ? v : NAN);
		}
		rows_put_int(&out, &r->a, y, 5, nmin < 0 ? 0 : nmin);
	}
	web_col *cols = arena_alloc(&r->a, 5 * sizeof(web_col));
	fig_id *figs = arena_alloc(&r->a, 5 * sizeof(fig_id));
	cols[0] = (web_col){"year", _("Year"), WC_TEXT, NULL, NULL};
	for (int g = 0; g < 4; g++) {
		cols[1 + g] = (web_col){groups[g], group_words(r, groups[g]),
		                        WC_FIG, NULL, NULL};
		figs[1 + g] = FIG_MEAN_PCT;
	}
	web_table *t =
	    web_page_table(p, "gaps", _("Gaps over time"), cols, 5, &out);
	if (!t)
		return;
	t->figs = figs;
	t->note = _("Mean score of each group by year: the distance between "
	            "the lines is the gap.");
	t->suppressed = hidden;
	web_chart_lines(r, t, "year", _("Gaps over time"));
}

static void school_page(web_req *r, web_page *p, const sw_org *o, int64_t year,
                        int aggregate)
{
	summary_figs(r, p, o->id, year, aggregate);
	school_breakdowns(r, p, o->id, year, aggregate);
	if (!aggregate) {
		static const fig_id kfigs[] = {FIG_STUDENTS, FIG_MEAN_PCT,
		                               FIG_PROFICIENT, FIG_ATTENDANCE,
		                               FIG_EWS_FLAGGED};
		sf_table c;
		att_err e;
		err_clear(&e);
		sf_filter f = {year, 0, -1, NULL, 0};
		if (!store_figures_units(r->s, SF_CLASSES, o->id, &f, kfigs,
		                         ARRAY_LEN(kfigs), &r->a, &c, &e))
			web_page_fig_table(r, p, "classes", _("By class"),
			                   _("Class"), &c, 0);
	}
	gaps_table(r, p, o->id, aggregate);

	if (!aggregate) {
		ews_table(r, p, o->id, year);
		web_ews_caseload(r, p, o->id, 0);
	}

	sw_rows iv;
	query(r, SWQ_SCHOOL_INTERVENTIONS, o->id, 0, &iv);
	web_rows_words(&iv, "status", an_text_impact_status);
	web_col ic[] = {
	    {"name", _("Intervention"), WC_TEXT, NULL, NULL},
	    {"subject", _("Subject"), WC_TEXT, NULL, NULL},
	    {"start_date", _("From"), WC_DATE, NULL, NULL},
	    {"end_date", _("To"), WC_DATE, NULL, NULL},
	    {"participants", _("Participants"), WC_INT, NULL, NULL},
	    {"cost", _("Cost"), WC_NUM, NULL, NULL},
	    {"g", _("Impact (Hedges' g)"), WC_NUM2, NULL, NULL},
	    {"g_lo", _("g low"), WC_NUM2, NULL, NULL},
	    {"g_hi", _("g high"), WC_NUM2, NULL, NULL},
	    {"comparison", _("Compared with"), WC_TEXT, NULL, NULL},
	    {"status", _("Estimate"), WC_TEXT, NULL, NULL},
	};
	web_table_add(
	    r, p, "interventions", _("Interventions"), ic, sizeof(ic), &iv,
	    /* xgettext:no-c-format */
	    _("Impact: difference in differences of participants "
	      "against a matched comparison group of similar prior "
	      "attainment, as Hedges' g with its 95% interval (low to "
	      "high). An interval that includes 0 shows no clear "
	      "effect."));

	sw_rows gl;
	query(r, SWQ_SCHOOL_GOALS, o->id, 0, &gl);
	web_goals_table(r, p, &gl);

	sw_rows ob;
	query(r, SWQ_SCHOOL_OBSERVATIONS, o->id, 0, &ob);
	web_col oc[] = {
	    {"criterion", _("Criterion"), WC_TEXT, NULL, NULL},
	    {"observations", _("Observations"), WC_INT, NULL, NULL},
	    {"mean", _("Mean rating (1-4)"), WC_NUM, NULL, NULL},
	};
	web_table_add(r, p, "observations", _("Lesson observations"), oc,
	              sizeof(oc), &ob, NULL);

	sw_rows sv;
	query(r, SWQ_SCHOOL_SURVEYS, o->id, 0, &sv);
	rw_rows(&sv, "audience", RW_AUDIENCE);
	web_col vc[] = {
	    {"title", _("Survey"), WC_TEXT, NULL, NULL},
	    {"audience", _("Asked"), WC_TEXT, NULL, NULL},
	    {"responses", _("Responses"), WC_INT, NULL, NULL},
	    {"mean", _("Mean agreement (1-5)"), WC_NUM, NULL, NULL},
	};
	web_table *t = web_table_add(r, p, "surveys", _("Surveys"), vc,
	                             sizeof(vc), &sv, NULL);
	if (t)
		web_table_suppress(r, t, "responses");
}

int web_org(web_req *r, web_resp *w)
{
	scope_hit h = r->target.hit;
	scope_level lv = r->target.level;
	const sw_org *o = &h.path[h.npath - 1];
	const char *ycode = "";
	web_page p;
	web_page_init(&p, o->is_school ? "school" : "org", o->code, o->name);
	buf path;
	buf_init(&path);
	buf_adds(&path, "/orgs/");
	esc_url_path(&path, o->code);
	int64_t year =
	    web_page_year(r, &p, arena_strdup(&r->a, path.data), &ycode);
	buf_free(&path);
	int aggregate = lv == SCOPE_AGGREGATE;
	p.view = aggregate ? "aggregate" : "named";
	p.subtitle = arena_printf(&r->a, "%s \xc2\xb7 %s %s", o->level,
	                          _("year"), ycode);
	web_page_crumbs_from_path(r, &p, h.path, h.npath, 0);
	web_visit_org(r, &p, &h);
	if (o->is_school)
		school_page(r, &p, o, year, aggregate);
	else {
		web_page_action(&p, _("Academic plan"),
		                arena_printf(&r->a, "/orgs/%s/plan", o->code));
		unit_page(r, &p, o, year, aggregate);
	}
	return web_page_render(r, w, &p);
}
