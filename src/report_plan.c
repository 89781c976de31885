/*
 * report_plan.c - the academic plan of an org above a school (cluster,
 * block, district, state): weakest learning outcomes across its schools,
 * schools for supportive supervision and why, peer-learning pairs,
 * attendance hot spots and data-collection completeness, each with the
 * figures behind it. Every per-school figure passes through suppress.h:
 * a school with fewer students than the minimum is blanked, and so is the
 * smallest other school of the same line when one blank alone could be
 * recovered from the total (complementary suppression).
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "i18n.h"
#include "store_figures.h"
#include "suppress.h"

#define SUPPRESSED "\xE2\x80\x94" /* em dash */

/* One line of per-school counts: which cells may be shown. */
static unsigned char *line_mask(arena *a, const long *n, int k, int min)
{
	unsigned char *m = arena_alloc(a, (size_t)k + 1);
	if (suppress_list(n, k, min, 0, m) < 0)
		memset(m, SUPPRESS_PRIMARY, (size_t)k + 1);
	return m;
}

typedef struct outcome {
	const char *code, *desc, *subject;
	long n;
	double sum; /* sum of n * mean over schools */
	int below;  /* shown schools with mean below 50% */
	int idx;
} outcome;

static int outcome_cmp(const void *a, const void *b)
{
	const outcome *x = a, *y = b;
	double mx = x->n ? x->sum / x->n : 0, my = y->n ? y->sum / y->n : 0;
	if (mx < my)
		return -1;
	if (mx > my)
		return 1;
	return strcmp(x->code, y->code);
}

/* The school x outcome grid of the plan's outcome section: students and
 * mastery of each school on each outcome (the catalogue's mastery of a
 * school, store_figures_mastery: the mean of its students'; an
 * outcome's over the area is the mean over every student, the schools'
 * weighted by their students),
 * the means that may be shown (NAN where suppressed), and each outcome's
 * totals over the schools. */
typedef struct ogrid {
	int ns, no;
	outcome *oc;     /* outcomes in the order first read */
	outcome *sorted; /* the same, weakest first (outcome_cmp) */
	long *n;         /* students, school-major: [si * no + k] */
	double *mean;    /* mean score, NAN where none */
	double *shown;   /* mean score where shown, NAN where suppressed */
	int nsup;        /* school figures suppressed */
} ogrid;

/* The outcomes of the rows r and each school's students and mean on each
 * (schools: srep_org_schools; rows of another school are skipped). */
static void grid_read(arena *a, const srep_rows *r, const srep_rows *schools,
                      ogrid *g)
{
	int ns = schools->nrow, no = 0;
	g->oc = arena_alloc(a, sizeof(outcome) * (size_t)r->nrow);
	for (int i = 0; i < r->nrow; i++) {
		int k;
		for (k = 0; k < no; k++)
			if (strcmp(g->oc[k].code,
			           rows_text(r, i, "standard")) == 0)
				break;
		if (k == no) {
			g->oc[no].code = rows_text(r, i, "standard");
			g->oc[no].desc = rows_text(r, i, "description");
			g->oc[no].subject = rows_text(r, i, "subject");
			g->oc[no].idx = no;
			no++;
		}
	}
	g->ns = ns;
	g->no = no;
	g->n = arena_alloc(a, sizeof(long) * (size_t)(ns * no));
	g->mean = arena_alloc(a, sizeof(double) * (size_t)(ns * no));
	for (int i = 0; i < ns * no; i++)
		g->mean[i] = NAN;
	for (int i = 0; i < r->nrow; i++) {
		int si = 0, k = 0;
		while (si < ns && strcmp(rows_text(schools, si, "code"),
		                         rows_text(r, i, "code")))
			si++;
		while (k < no &&
		       strcmp(g->oc[k].code, rows_text(r, i, "standard")))
			k++;
		if (si == ns)
			continue;
		g->n[si * no + k] = (long)rows_int(r, i, "mastery_students");
		g->mean[si * no + k] = rows_num(r, i, "mastery_pct");
	}
}

/* Suppression per outcome across the schools (a column with its total:
 * line_mask), each outcome's students, student-weighted mean and schools
 * shown below 50%, and the outcomes sorted weakest first. */
static void grid_suppress(arena *a, ogrid *g, int min_cell)
{
	int ns = g->ns, no = g->no;
	g->shown = arena_alloc(a, sizeof(double) * (size_t)(ns * no));
	long *col = arena_alloc(a, sizeof(long) * (size_t)(ns ? ns : 1));
	g->nsup = 0;
	for (int k = 0; k < no; k++) {
		for (int si = 0; si < ns; si++)
			col[si] = g->n[si * no + k];
		unsigned char *m = line_mask(a, col, ns, min_cell);
		for (int si = 0; si < ns; si++) {
			double v = g->mean[si * no + k];
			int ok = m[si] == SUPPRESS_SHOWN && col[si] > 0;
			g->nsup += col[si] > 0 && !ok;
			g->shown[si * no + k] = ok ? v : NAN;
			g->oc[k].n += col[si];
			if (isfinite(v))
				g->oc[k].sum += v * (double)col[si];
			if (ok && v < 50)
				g->oc[k].below++;
		}
	}
	g->sorted = arena_alloc(a, sizeof(outcome) * (size_t)no);
	memcpy(g->sorted, g->oc, sizeof(outcome) * (size_t)no);
	qsort(g->sorted, (size_t)no, sizeof(outcome), outcome_cmp);
}

enum { TOP = 12 }; /* outcomes on paper */

/* The weakest TOP outcomes across the area (students, mean score, schools
 * below 50%) on paper, every outcome in CSV and JSON; the number shown. */
static int weakest_tables(report_ctx *c, rdoc *d, const ogrid *g,
                          const char *lang)
{
	arena *a = rdoc_arena(d);
	int no = g->no;
	const char *heads[] = {_("Learning outcome"), _("Subject"),
	                       _("Students"), _("Mean score"),
	                       _("Schools below 50%")};
	int ntop = no < TOP ? no : TOP;
	rtable *t = rdoc_table(
	    d, "weak_outcomes",
	    no > TOP ? arena_printf(a,
	                            _("The %d weakest of %d outcomes, for "
	                              "teacher development"),
	                            ntop, no)
	             : _("Outcomes for teacher development, weakest first"),
	    5, heads, "llrrr");
	rtable *all = NULL;
	if (no > TOP) {
		all = rdoc_table(d, "all_outcomes", _("Every outcome"), 5,
		                 heads, "llrrr");
		rtable_data_only(all);
	}
	for (int k = 0; k < no; k++) {
		const outcome *o = &g->sorted[k];
		int small = suppress_is_small(o->n, c->min_cell, 0);
		double m = o->n ? o->sum / (double)o->n : NAN;
		const char *cells[5] = {
		    arena_printf(a, "%s %s", o->code, o->desc), o->subject,
		    small ? SUPPRESSED
		          : report_fig(a, FIG_MASTERY_STUDENTS, (double)o->n,
		                       lang, SUPPRESSED),
		    small ? SUPPRESSED
		          : report_fig(a, FIG_MASTERY_PCT, m, lang, SUPPRESSED),
		    report_fmt_int(a, lang, o->below)};
		if (k < ntop)
			rtable_row(t, !small && m < 50, cells);
		if (all)
			rtable_row(all, !small && m < 50, cells);
	}
	return ntop;
}

/* The heat map of mean scores, schools x the ntop weakest outcomes
 * (suppressed cells blank), and the figures behind it for every
 * outcome. */
static void heat_map(rdoc *d, const ogrid *g, const srep_rows *schools,
                     int ntop, const char *lang)
{
	arena *a = rdoc_arena(d);
	int ns = g->ns, no = g->no;
	const char **rows = arena_alloc(a, sizeof(char *) * (size_t)ns);
	const char **cats = arena_alloc(a, sizeof(char *) * (size_t)(ntop + 1));
	double *grid = arena_alloc(a, sizeof(double) * (size_t)(ns * ntop + 1));
	for (int si = 0; si < ns; si++)
		rows[si] = rows_text(schools, si, "name");
	for (int k = 0; k < ntop; k++) {
		cats[k] = g->sorted[k].code;
		for (int si = 0; si < ns; si++)
			grid[si * ntop + k] =
			    g->shown[si * no + g->sorted[k].idx];
	}
	chart_spec h = {.kind = CHART_HEATMAP,
	                .title = no > TOP ? _("Mean score by school on the "
	                                      "weakest learning outcomes")
	                                  : _("Mean score by school and "
	                                      "learning outcome"),
	                .ncat = ntop,
	                .cats = cats,
	                .nrows = ns,
	                .rows = rows,
	                .cells = grid,
	                .value_labels = 1};
	chart_pct_scale(&h);
	rdoc_chart(d, &h);
	const char *hh[] = {_("School"), _("Outcome"), _("Students"),
	                    _("Mean score")};
	rtable *fig =
	    rdoc_table(d, "outcome_by_school", _("Figures behind the heat map"),
	               4, hh, "llrr");
	if ((long)ns * no > 300) {
		/* too long to read on paper; CSV and JSON still carry it */
		rtable_data_only(fig);
		rdoc_note(
		    d, "%s",
		    _("The figures behind the heat map are in the CSV and "
		      "JSON versions of this report."));
	}
	for (int si = 0; si < ns; si++)
		for (int k = 0; k < no; k++) {
			long n = g->n[si * no + k];
			double v = g->shown[si * no + k];
			if (n == 0)
				continue;
			int ok = isfinite(v);
			const char *cells[4] = {
			    rows_text(schools, si, "name"), g->oc[k].code,
			    ok ? report_fig(a, FIG_MASTERY_STUDENTS, (double)n,
			                    lang, SUPPRESSED)
			       : SUPPRESSED,
			    ok ? report_fig(a, FIG_MASTERY_PCT, v, lang,
			                    SUPPRESSED)
			       : SUPPRESSED};
			rtable_row(fig, 0, cells);
		}
}

/* Weakest learning outcomes across the area's schools: the weakest first
 * (weakest_tables), the heat map by school (heat_map), and how many
 * school figures were suppressed. */
static void outcomes_section(report_ctx *c, rdoc *d, int64_t org_id,
                             const srep_rows *schools, const char *lang,
                             att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	srep_rows r;
	*rc = report_mastery(c, d, _("Weakest learning outcomes"), SF_M_SCHOOLS,
	                     org_id, c->year_id,
	                     _("No item-level results by learning outcome in "
	                       "these schools this year."),
	                     &r, e);
	if (*rc || r.nrow == 0)
		return;
	ogrid g;
	grid_read(a, &r, schools, &g);
	grid_suppress(a, &g, c->min_cell);
	int ntop = weakest_tables(c, d, &g, lang);
	heat_map(d, &g, schools, ntop, lang);
	if (g.nsup)
		rdoc_note(d,
		          _("%d school figures are suppressed (%s): fewer than "
		            "%d students, or blanked so that a small school's "
		            "figure cannot be worked out from the others."),
		          g.nsup, SUPPRESSED, c->min_cell);
}

/* A figure as the report shows it ("—" when absent or suppressed). */
static const char *fig_cell(arena *a, fig_id id, double v, int hidden,
                            const char *lang)
{
	return hidden ? SUPPRESSED : report_fig(a, id, v, lang, SUPPRESSED);
}

enum { PS_STU, PS_ATT, PS_MEAN, PS_VA, PS_LO, PS_HI, PS_CHRONIC, PS_N };
static const fig_id plan_school_figs[PS_N] = {
    FIG_STUDENTS, FIG_ATTENDANCE, FIG_MEAN_PCT, FIG_VA,
    FIG_VA_LO,    FIG_VA_HI,      FIG_CHRONIC};

/* Schools for supportive supervision: the rule the org page uses
 * (fig_support_list), every school it lists, with its reasons. */
static void supervision_section(report_ctx *c, rdoc *d, int64_t org_id,
                                const sf_table *sch, const unsigned char *hid,
                                double area_mean, const char *lang, att_err *e,
                                int *rc)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Schools for supportive supervision"));
	/* overdue collections of the year as of the report's day, as the
	 * org page counts them */
	collect_query q = {0, c->year_id, org_id, c->today, 0};
	int *od;
	if ((*rc = fig_overdue(c->s, &q, sch, a, &od, e)))
		return;
	fig_support *sl =
	    arena_alloc(a, (size_t)(sch->nunits + 1) * sizeof(fig_support));
	int n = fig_support_list(sch, area_mean, od, hid, sl);
	const char *sh[] = {_("School"),
	                    fig_label(FIG_STUDENTS),
	                    fig_label(FIG_ATTENDANCE),
	                    fig_label(FIG_MEAN_PCT),
	                    fig_label(FIG_VA),
	                    _("Why")};
	rtable *sup = rdoc_table(d, "supervision", NULL, 6, sh, "lrrrrl");
	for (int i = 0; i < n; i++) {
		int u = sl[i].unit;
		const char *cells[6] = {
		    sch->units[u].name,
		    fig_cell(a, FIG_STUDENTS, sf_v(sch, u, PS_STU),
		             sf_hidden(sch, u, PS_STU), lang),
		    fig_cell(a, FIG_ATTENDANCE, sf_v(sch, u, PS_ATT),
		             sf_hidden(sch, u, PS_ATT), lang),
		    fig_cell(a, FIG_MEAN_PCT, sf_v(sch, u, PS_MEAN),
		             sf_hidden(sch, u, PS_MEAN), lang),
		    fig_cell(a, FIG_VA, sf_v(sch, u, PS_VA),
		             sf_hidden(sch, u, PS_VA), lang),
		    fig_support_words(a, &sl[i], sch, area_mean, lang)};
		rtable_row(sup, 1, cells);
	}
	if (!n)
		rdoc_p(d, "%s",
		       _("No school meets a criterion for supportive "
		         "supervision."));
	rdoc_note(d,
	          _("Criteria: value-added clearly below expected (the whole "
	            "interval below zero), attendance below %.0f%%, mean "
	            "score more than %.0f points below the area's (%s), or an "
	            "overdue data collection. Schools with more reasons come "
	            "first. The org page lists the first ten in the same "
	            "order."),
	          SUP_ATT_CUT, SUP_MEAN_GAP,
	          fig_cell(a, FIG_MEAN_PCT, area_mean, 0, lang));
}

/* Value-added of every school, over all subjects and in each (FIG_VA
 * and its interval; a small school suppressed), with the caterpillar
 * chart of all subjects. */
static void va_section(report_ctx *c, rdoc *d, int64_t org_id, att_err *e,
                       int *rc)
{
	arena *a = rdoc_arena(d);
	if (!report_section_ran(c, d, NULL, "va", "va_group",
	                        _("Value-added by school"), _("value-added")))
		return;
	sf_axis *subj;
	int ns;
	if ((*rc = store_figures_axis(c->s, SF_AXIS_SUBJECTS, org_id,
	                              c->year_id, a, &subj, &ns, e)))
		return;
	static const fig_id vf[] = {FIG_VA_N, FIG_VA, FIG_VA_LO, FIG_VA_HI};
	report_va k;
	report_va_begin(&k, d, "va_schools", _("Value-added by school"),
	                _("School"), 64, SUPPRESSED);
	for (int j = -1; j < ns; j++) {
		sf_filter f = {c->year_id, j < 0 ? 0 : subj[j].id, -1, NULL, 0};
		sf_table t;
		if ((*rc = store_figures_units(c->s, SF_SCHOOLS, org_id, &f, vf,
		                               4, a, &t, e)))
			return;
		const char *sname = j < 0 ? _("All subjects") : subj[j].name;
		for (int u = 0; u < t.nunits; u++) {
			if (!isfinite(sf_v(&t, u, 1)))
				continue;
			const double x[4] = {sf_v(&t, u, 0), sf_v(&t, u, 1),
			                     sf_v(&t, u, 2), sf_v(&t, u, 3)};
			int small =
			    suppress_is_small((long)x[0], c->min_cell, 0) ||
			    sf_hidden(&t, u, 1);
			report_va_row(&k, t.units[u].name, sname, x, small,
			              j < 0 ? t.units[u].name : NULL);
		}
	}
	report_va_chart(
	    &k,
	    /* xgettext:no-c-format */ _("Value-added by school, all subjects, "
	                                 "with 95% intervals"));
}

/* Peer-learning pairs: the school to support (the partner, whose interval
 * lies below zero) and the school it can learn from (the leader). */
static void peers_section(report_ctx *c, rdoc *d, int64_t org_id,
                          const char *lang, att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	if (!report_section_ran(c, d, _("Peer-learning pairs"), "peer",
	                        "peer_pair", _("Peer-learning pairs"),
	                        _("positive deviance and peer pairs")))
		return;
	srep_rows pp;
	if ((*rc = srep_query(c->s, SRQ_PEER_PAIRS, (srep_args){.id = {org_id}},
	                      a, &pp, e)))
		return;
	const char *ph[] = {
	    _("School to support"), _("Learns from"), _("Subject"),
	    _("Value-added of the school to support, all years"),
	    _("Value-added of the school it learns from, all years")};
	rtable *pt = rdoc_table(d, "peer_pairs", NULL, 5, ph, "lllrr");
	int n = pp.nrow, outside = 0;
	const char **lead = arena_alloc(a, (size_t)(n + 1) * sizeof(char *));
	const char **part = arena_alloc(a, (size_t)(n + 1) * sizeof(char *));
	int64_t *subj = arena_alloc(a, (size_t)(n + 1) * sizeof(int64_t));
	double *v = arena_alloc(a, (size_t)(4 * n + 1) * sizeof(double));
	for (int i = 0; i < n; i++) {
		lead[i] = rows_text(&pp, i, "leader_code");
		part[i] = rows_text(&pp, i, "partner_code");
		subj[i] = rows_int(&pp, i, "subject_id");
	}
	if ((*rc = fig_peer_values(c->s, org_id, n, lead, part, subj, a, v, e)))
		return;
	for (int i = 0; i < n; i++) {
		if (c->inside_only && rows_int(&pp, i, "both_inside") == 0) {
			outside++;
			continue;
		}
		const double *x = &v[i * 4];
		const char *cells[5] = {
		    rows_text(&pp, i, "partner"), rows_text(&pp, i, "leader"),
		    rows_text(&pp, i, "subject"),
		    arena_printf(a, _("%s (upper bound %s)"),
		                 fig_cell(a, FIG_VA_ALL, x[2], 0, lang),
		                 fig_cell(a, FIG_VA_ALL_HI, x[3], 0, lang)),
		    arena_printf(a, _("%s (lower bound %s)"),
		                 fig_cell(a, FIG_VA_ALL, x[0], 0, lang),
		                 fig_cell(a, FIG_VA_ALL_LO, x[1], 0, lang))};
		rtable_row(pt, 0, cells);
	}
	if (outside)
		rdoc_note(d,
		          _("%d pairs with a school outside this area are left "
		            "out."),
		          outside);
	if (pp.nrow == 0)
		rdoc_p(d, "%s",
		       _("No peer-learning pairs: no school here has "
		         "value-added clearly below expected with a similar "
		         "school clearly above."));
	else
		rdoc_note(d, "%s",
		          _("Pairs match a school whose value-added interval "
		            "lies below zero with a similar school whose "
		            "interval lies above zero. The pairs are made on "
		            "value-added over every year analysed, so these "
		            "figures can differ from this year's."));
}

/* Attendance hot spots: every school, lowest attendance first. */
static void attendance_section(rdoc *d, const sf_table *sch,
                               const unsigned char *hid, double area_rate,
                               const char *lang)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Attendance hot spots"));
	if (isfinite(area_rate))
		rdoc_p(d, _("Attendance across the area: %s."),
		       fig_cell(a, FIG_ATTENDANCE, area_rate, 0, lang));
	const char *ah[] = {_("School"), fig_label(FIG_STUDENTS),
	                    fig_label(FIG_ATTENDANCE), fig_label(FIG_CHRONIC),
	                    _("Hot spot")};
	rtable *at = rdoc_table(d, "attendance", NULL, 5, ah, "lrrrl");
	int ns = sch->nunits;
	int *ord = arena_alloc(a, sizeof(int) * (size_t)(ns ? ns : 1));
	for (int i = 0; i < ns; i++)
		ord[i] = i;
	for (int i = 1; i < ns; i++) /* lowest first; suppressed last */
		for (int j = i; j > 0; j--) {
			int x = ord[j - 1], y = ord[j];
			double rx = !hid[x] && isfinite(sf_v(sch, x, PS_ATT))
			                ? sf_v(sch, x, PS_ATT)
			                : 1e9,
			       ry = !hid[y] && isfinite(sf_v(sch, y, PS_ATT))
			                ? sf_v(sch, y, PS_ATT)
			                : 1e9;
			if (rx <= ry)
				break;
			ord[j - 1] = y;
			ord[j] = x;
		}
	for (int k = 0; k < ns; k++) {
		int u = ord[k];
		double rate = sf_v(sch, u, PS_ATT),
		       chronic = sf_v(sch, u, PS_CHRONIC),
		       stu = sf_v(sch, u, PS_STU);
		int hot = !hid[u] && isfinite(rate) &&
		          (rate < SUP_ATT_CUT ||
		           (isfinite(chronic) && chronic * 5 > stu));
		const char *cells[5] = {
		    sch->units[u].name,
		    fig_cell(a, FIG_STUDENTS, stu, sf_hidden(sch, u, PS_STU),
		             lang),
		    fig_cell(a, FIG_ATTENDANCE, rate, sf_hidden(sch, u, PS_ATT),
		             lang),
		    fig_cell(a, FIG_CHRONIC, chronic,
		             sf_hidden(sch, u, PS_CHRONIC), lang),
		    !hot                 ? ""
		    : rate < SUP_ATT_CUT ? _("yes: attendance below 85%")
		                         : _("yes: over a fifth of students "
		                             "chronically absent")};
		rtable_row(at, hot, cells);
	}
}

/* The area's headline figures (FIG_SCHOOLS, FIG_STUDENTS, FIG_MEAN_PCT,
 * FIG_ATTENDANCE), its schools' figures with the small ones hidden (and
 * a complement, so no hidden count follows from the area's total), then
 * every section in order (a report_org_body: report_org_alloc adds
 * completeness). */
static int plan_body(report_ctx *c, rdoc *d, const srep_rows *o, att_err *e)
{
	arena *a = rdoc_arena(d);
	const char *lang = rdoc_lang(d);
	int64_t org_id = rows_int(o, 0, "id");
	static const fig_id af[] = {FIG_SCHOOLS, FIG_STUDENTS, FIG_MEAN_PCT,
	                            FIG_ATTENDANCE};
	sf_filter f = {c->year_id, 0, -1, NULL, 0};
	sf_table area, sch;
	int rc = ATT_OK;
	if (store_figures_units(c->s, SF_ORG, org_id, &f, af, 4, a, &area, e) ||
	    store_figures_units(c->s, SF_SCHOOLS, org_id, &f, plan_school_figs,
	                        PS_N, a, &sch, e))
		return -1;
	/* a school's row is blanked where the release analysis hides its
	 * students or its results (the pages read the same cells) */
	unsigned char *hid = arena_alloc(a, (size_t)sch.nunits + 1);
	for (int u = 0; u < sch.nunits; u++)
		hid[u] = (unsigned char)(sf_hidden(&sch, u, PS_STU) ||
		                         sf_hidden(&sch, u, PS_MEAN));
	rdoc_kv(d, _("Area"),
	        arena_printf(a, "%s (%s, %s)", rows_text(o, 0, "name"),
	                     rows_text(o, 0, "code"),
	                     rows_text(o, 0, "level")));
	for (int k = 0; k < 4 && area.nunits == 1; k++)
		rdoc_kv(d, fig_label(af[k]),
		        fig_cell(a, af[k], sf_v(&area, 0, k), 0, lang));
	rdoc_kv(
	    d, _("Suppression"),
	    arena_printf(a,
	                 _("figures for fewer than %d students, and figures "
	                   "that would reveal them, are not "
	                   "shown (%s)"),
	                 c->min_cell, SUPPRESSED));
	srep_rows sr;
	if (srep_query(c->s, SRQ_ORG_SCHOOLS, (srep_args){.id = {org_id}}, a,
	               &sr, e))
		return -1;
	outcomes_section(c, d, org_id, &sr, lang, e, &rc);
	double area_mean = area.nunits == 1 ? sf_v(&area, 0, 2) : NAN;
	double area_rate = area.nunits == 1 ? sf_v(&area, 0, 3) : NAN;
	if (!rc)
		supervision_section(c, d, org_id, &sch, hid, area_mean, lang, e,
		                    &rc);
	if (!rc)
		va_section(c, d, org_id, e, &rc);
	if (!rc)
		peers_section(c, d, org_id, lang, e, &rc);
	if (!rc)
		attendance_section(d, &sch, hid, area_rate, lang);
	return rc;
}

rdoc *report_plan_alloc(report_ctx *c, const char *code, att_err *e)
{
	return report_org_alloc(c, code, 0, plan_body, e);
}
