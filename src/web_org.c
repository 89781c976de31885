/*
 * web_org.c - the page of an org: for a unit above schools (state,
 * district, block, cluster) its child units compared, trend, outcome heat
 * map, data-collection completeness and the schools that need supportive
 * supervision; for a school its grades, classes, subjects and subgroups,
 * gaps over time, students at risk with reasons, interventions, goals,
 * observation and survey summaries.
 *
 * An officer sees an org as aggregates (scope SCOPE_AGGREGATE): every table
 * of counts passes through web_table_suppress (suppress.h), named tables
 * (classes, students at risk) are left out. A principal or admin sees the
 * named view; showing the at-risk list writes an audit entry.
 */
#include <math.h>
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "report_words.h"
#include "suppress.h"
#include "web.h"
#include "web_cache.h"
#include "web_pivot.h"

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

static void summary_figs(web_req *r, web_page *p, int64_t org, int64_t year,
                         int aggregate)
{
	sw_rows s;
	int derived = store_web_analysed(r->s, "desc");
	if (query(r, derived ? SWQ_ORG_SUMMARY_D : SWQ_ORG_SUMMARY, org, year,
	          &s) ||
	    s.nrow == 0)
		return;
	int small = aggregate && suppress_is_small((long)sw_at(&s, 0, 1)->num,
	                                           min_cell(r), 0);
	if (small)
		for (int c = 2; c < s.ncol; c++)
			sw_at(&s, 0, c)->type = SWV_NULL;
	web_page_fig(p, "schools", _("Schools"), WC_INT, sw_at(&s, 0, 0));
	web_page_fig(p, "students", _("Students"), WC_INT, sw_at(&s, 0, 1));
	web_page_fig(p, "mean", _("Mean score"), WC_PCT, sw_at(&s, 0, 2));
	web_page_fig(p, "proficient", _("Proficient"), WC_PCT, sw_at(&s, 0, 3));
	web_page_fig(p, "attendance", _("Attendance"), WC_PCT, sw_at(&s, 0, 4));
	if (derived && s.ncol > 5)
		web_page_fig(p, "ews", _("Early-warning flags"), WC_INT,
		             sw_at(&s, 0, 5));
}

/*
 * Child units x learning outcomes: percent of item points per (child,
 * standard), summed from the per-school totals of the year (one cached
 * pass over the item responses serves every org page).
 */
static void outcomes_rows(web_req *r, int64_t org, int64_t year, sw_rows *out)
{
	sw_rows bs, map;
	memset(out, 0, sizeof(*out));
	int64_t key[2] = {org, year};
	if (web_cache_get(r, WEB_CACHE_OUTCOMES, key, 2, out))
		return;
	if (query(r, SWQ_OUTCOMES_BY_SCHOOL, year, 0, &bs) ||
	    query(r, SWQ_ORG_SCHOOL_CHILD, org, 0, &map))
		return;
	/* school id -> map row, by binary search over a sorted copy */
	int nm = map.nrow;
	int64_t *sid = arena_alloc(&r->a, (size_t)(nm + 1) * sizeof(int64_t));
	int *ord = arena_alloc(&r->a, (size_t)(nm + 1) * sizeof(int));
	for (int i = 0; i < nm; i++) {
		int64_t v = (int64_t)sw_at(&map, i, 0)->num;
		int k = i;
		while (k > 0 && sid[k - 1] > v) {
			sid[k] = sid[k - 1];
			ord[k] = ord[k - 1];
			k--;
		}
		sid[k] = v;
		ord[k] = i;
	}
	/* accumulate per (child code, standard) in first-seen order */
	int cap = bs.nrow + 1, n = 0;
	const char **ccode = arena_alloc(&r->a, (size_t)cap * sizeof(char *));
	const char **cname = arena_alloc(&r->a, (size_t)cap * sizeof(char *));
	const char **std = arena_alloc(&r->a, (size_t)cap * sizeof(char *));
	double *pts = arena_alloc(&r->a, (size_t)cap * sizeof(double));
	double *mx = arena_alloc(&r->a, (size_t)cap * sizeof(double));
	double *cnt = arena_alloc(&r->a, (size_t)cap * sizeof(double));
	for (int i = 0; i < bs.nrow; i++) {
		int64_t school = (int64_t)sw_at(&bs, i, 0)->num;
		int lo = 0, hi = nm - 1, at = -1;
		while (lo <= hi) {
			int mid = (lo + hi) / 2;
			if (sid[mid] == school) {
				at = ord[mid];
				break;
			}
			if (sid[mid] < school)
				lo = mid + 1;
			else
				hi = mid - 1;
		}
		if (at < 0)
			continue;
		const char *cc = sw_at(&map, at, 1)->text,
		           *sd = sw_at(&bs, i, 1)->text;
		int k = 0;
		while (k < n &&
		       !(strcmp(ccode[k], cc) == 0 && strcmp(std[k], sd) == 0))
			k++;
		if (k == n) {
			ccode[n] = cc;
			cname[n] = sw_at(&map, at, 2)->text;
			std[n] = sd;
			n++;
		}
		pts[k] += sw_at(&bs, i, 2)->num;
		mx[k] += sw_at(&bs, i, 3)->num;
		cnt[k] += sw_at(&bs, i, 4)->num;
	}
	out->ncol = 5;
	out->nrow = n;
	out->names = arena_alloc(&r->a, 5 * sizeof(char *));
	out->names[0] = "code";
	out->names[1] = "name";
	out->names[2] = "standard";
	out->names[3] = "pct";
	out->names[4] = "n";
	out->v = arena_alloc(&r->a, (size_t)(n + 1) * 5 * sizeof(sw_val));
	for (int k = 0; k < n; k++) {
		*sw_at(out, k, 0) = (sw_val){SWV_TEXT, 0, ccode[k]};
		*sw_at(out, k, 1) = (sw_val){SWV_TEXT, 0, cname[k]};
		*sw_at(out, k, 2) = (sw_val){SWV_TEXT, 0, std[k]};
		*sw_at(out, k, 3) =
		    mx[k] > 0 ? (sw_val){SWV_REAL, 100.0 * pts[k] / mx[k], ""}
		              : (sw_val){SWV_NULL, 0, ""};
		*sw_at(out, k, 4) = (sw_val){SWV_INT, cnt[k], ""};
	}
	web_cache_put(r, WEB_CACHE_OUTCOMES, key, 2, out);
}

static void trend_table(web_req *r, web_page *p, int64_t org)
{
	sw_rows t;
	if (query(r,
	          store_web_analysed(r->s, "desc") ? SWQ_ORG_TREND_D
	                                           : SWQ_ORG_TREND,
	          org, 0, &t))
		return;
	web_col cols[] = {
	    {"year", _("Year"), WC_TEXT, NULL, NULL},
	    {"students", _("Students"), WC_INT, NULL, NULL},
	    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
	};
	web_col *c = arena_alloc(&r->a, sizeof(cols));
	memcpy(c, cols, sizeof(cols));
	web_table *tb =
	    web_page_table(p, "trend", _("Mean score by year"), c, 3, &t);
	if (tb)
		web_chart_line(r, tb, "year", "mean", _("Mean score by year"));
}

static web_col *cols_dup(web_req *r, const web_col *c, size_t size)
{
	web_col *d = arena_alloc(&r->a, size);
	memcpy(d, c, size);
	return d;
}

static void unit_page(web_req *r, web_page *p, const sw_org *o, int64_t year,
                      int aggregate)
{
	summary_figs(r, p, o->id, year, aggregate);
	sw_rows ch;
	int derived = store_web_analysed(r->s, "desc");
	query(r, derived ? SWQ_ORG_CHILDREN_D : SWQ_ORG_CHILDREN, o->id, year,
	      &ch);
	web_col cc[] = {
	    {"name", _("Unit"), WC_LINK, "/orgs/", "code"},
	    {"schools", _("Schools"), WC_INT, NULL, NULL},
	    {"students", _("Students"), WC_INT, NULL, NULL},
	    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
	    {"prof", _("Proficient"), WC_PCT, NULL, NULL},
	    {"attendance", _("Attendance"), WC_PCT, NULL, NULL},
	    {"va", _("Value-added"), WC_NUM2, NULL, NULL},
	    {"va_lo", _("VA low"), WC_NUM2, NULL, NULL},
	    {"va_hi", _("VA high"), WC_NUM2, NULL, NULL},
	    {"ews", _("Early-warning flags"), WC_INT, NULL, NULL},
	    {"sgp", _("Median SGP"), WC_NUM, NULL, NULL},
	};
	web_table *t = web_page_table(p, "children", _("Units compared"),
	                              cols_dup(r, cc, sizeof(cc)),
	                              derived ? ARRAY_LEN(cc) : 6, &ch);
	if (t) {
		t->note =
		    _(/* xgettext:no-c-format */
		      "Mean score: this year's summative results as a percent "
		      "of the maximum. Proficient: share at or above the "
		      "proficient cut. Value-added: mean progress against "
		      "students with the same prior attainment, in standard "
		      "deviations, with its 95% interval (low to high); an "
		      "interval that includes 0 is not different from average. "
		      "Median SGP: the median student growth percentile "
		      "(annual, averaged over subjects weighted by students; "
		      "50 "
		      "is typical growth). Click a heading to sort.");
		web_table_suppress(r, t, "n");
		web_chart_bars(r, t, "name", "mean", _("Mean score by unit"));
		web_chart_caterpillar(
		    r, t, "name", "va", "va_lo", "va_hi",
		    /* xgettext:no-c-format */
		    _("Value-added by unit with 95% intervals"));
	}
	trend_table(r, p, o->id);

	sw_rows lo;
	outcomes_rows(r, o->id, year, &lo);
	r->pivot_max_cols = 12;
	web_table *ht =
	    web_pivot_heat(r, p, &lo, "code", "name", "standard", "pct", "n",
	                   aggregate ? min_cell(r) : 0, "/orgs/", "outcomes",
	                   _("Learning outcomes by unit"),
	                   _("Percent of item points earned on each learning "
	                     "outcome this year; darker green is stronger."));
	if (ht && r->pivot_trimmed)
		ht->note = _(
		    "The twelve weakest learning outcomes across these units: "
		    "percent of item points earned this year; darker green "
		    "is stronger. The CSV and JSON hold the same columns.");

	sw_rows cp;
	query(r, SWQ_ORG_COMPLETENESS, o->id, 0, &cp);
	web_col pc[] = {
	    {"title", _("Data collection"), WC_TEXT, NULL, NULL},
	    {"due_date", _("Due"), WC_DATE, NULL, NULL},
	    {"schools", _("Schools"), WC_INT, NULL, NULL},
	    {"submitted", _("On time"), WC_INT, NULL, NULL},
	    {"late", _("Late"), WC_INT, NULL, NULL},
	    {"missing", _("Missing"), WC_INT, NULL, NULL},
	};
	web_page_table(p, "completeness", _("Data-collection completeness"),
	               cols_dup(r, pc, sizeof(pc)), ARRAY_LEN(pc), &cp);

	sw_rows su;
	int va = store_web_analysed(r->s, "va");
	query(r, va ? SWQ_ORG_SUPPORT_D : SWQ_ORG_SUPPORT, o->id, year, &su);
	web_col sc[] = {
	    {"name", _("School"), WC_LINK, "/orgs/", "code"},
	    {"students", _("Students"), WC_INT, NULL, NULL},
	    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
	    {"prof", _("Proficient"), WC_PCT, NULL, NULL},
	    {"attendance", _("Attendance"), WC_PCT, NULL, NULL},
	};
	web_col sd[] = {
	    {"name", _("School"), WC_LINK, "/orgs/", "code"},
	    {"students", _("Students"), WC_INT, NULL, NULL},
	    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
	    {"va", _("Value-added"), WC_NUM2, NULL, NULL},
	    {"va_lo", _("VA low"), WC_NUM2, NULL, NULL},
	    {"va_hi", _("VA high"), WC_NUM2, NULL, NULL},
	    {"ews", _("Early-warning flags"), WC_INT, NULL, NULL},
	};
	t = web_page_table(
	    p, "support", _("Schools needing supportive supervision"),
	    va ? cols_dup(r, sd, sizeof(sd)) : cols_dup(r, sc, sizeof(sc)),
	    va ? ARRAY_LEN(sd) : ARRAY_LEN(sc), &su);
	if (t) {
		t->note =
		    va ? _("The ten schools with the lowest value-added this "
		           "year, those whose whole interval lies below "
		           "average "
		           "first. A low figure is a reason to visit and ask, "
		           "not a verdict.")
		       : _("The ten schools with the lowest mean score this "
		           "year, with their attendance. A low figure is a "
		           "reason to visit and ask, not a verdict.");
		web_table_suppress(r, t, "n");
	}

	sw_rows pp;
	query(r, SWQ_ORG_PEERS, o->id, 0, &pp);
	web_col ppc[] = {
	    {"leader", _("School doing well"), WC_LINK, "/orgs/",
	     "leader_code"},
	    {"partner", _("Partner school"), WC_LINK, "/orgs/", "partner_code"},
	    {"subject", _("Subject"), WC_TEXT, NULL, NULL},
	    {"leader_va", _("Leader value-added"), WC_NUM2, NULL, NULL},
	    {"partner_va", _("Partner value-added"), WC_NUM2, NULL, NULL},
	};
	t = web_page_table(p, "peers", _("Peer-learning pairs"),
	                   cols_dup(r, ppc, sizeof(ppc)), ARRAY_LEN(ppc), &pp);
	if (t)
		t->note =
		    _("Schools with value-added clearly above average, each "
		      "paired with a similar school (size, context) that is "
		      "below average: candidates to share practice. An "
		      "association, not proof of what works.");
}

static const char *subgroup_label(const char *key)
{
	if (strcmp(key, "gender:F") == 0)
		return _("Girls");
	if (strcmp(key, "gender:M") == 0)
		return _("Boys");
	if (strcmp(key, "gender:X") == 0)
		return _("Other gender");
	if (strcmp(key, "ses:1") == 0)
		return _("Socio-economically disadvantaged");
	if (strcmp(key, "ses:0") == 0)
		return _("Not disadvantaged");
	if (strcmp(key, "sen:1") == 0)
		return _("Special educational needs");
	if (strcmp(key, "sen:0") == 0)
		return _("No special needs");
	return key;
}

static void risk_table(web_req *r, web_page *p, int64_t school, int64_t year)
{
	sw_rows rk;
	query(r, SWQ_SCHOOL_RISK, school, year, &rk);
	/* Add a "reasons" text column, written in words. */
	sw_rows out = rk;
	out.ncol = rk.ncol + 1;
	out.names = arena_alloc(&r->a, (size_t)out.ncol * sizeof(char *));
	memcpy(out.names, rk.names, (size_t)rk.ncol * sizeof(char *));
	out.names[rk.ncol] = "reasons";
	out.v = arena_alloc(&r->a, (size_t)(rk.nrow ? rk.nrow : 1) *
	                               (size_t)out.ncol * sizeof(sw_val));
	for (int i = 0; i < rk.nrow; i++) {
		for (int c = 0; c < rk.ncol; c++)
			*sw_at(&out, i, c) = *sw_at(&rk, i, c);
		buf b;
		buf_init(&b);
		const sw_val *att = sw_at(&rk, i, 3), *below = sw_at(&rk, i, 5),
		             *neg = sw_at(&rk, i, 6);
		if (att->type != SWV_NULL && att->num < 90)
			buf_printf(&b, _("attendance %.0f%% (below 90%%)"),
			           att->num);
		if (below->type != SWV_NULL && below->num >= 2) {
			if (b.len)
				buf_adds(&b, "; ");
			buf_printf(
			    &b,
			    _("below the proficient cut in %.0f assessments"),
			    below->num);
		}
		if (neg->num >= 3) {
			if (b.len)
				buf_adds(&b, "; ");
			buf_printf(&b, _("%.0f behaviour incidents"), neg->num);
		}
		sw_val *v = sw_at(&out, i, rk.ncol);
		v->type = SWV_TEXT;
		v->text = arena_strdup(&r->a, b.data ? b.data : "");
		buf_free(&b);
	}
	web_col rc[] = {
	    {"name", _("Student"), WC_LINK, "/students/", "code"},
	    {"grade", _("Grade"), WC_INT, NULL, NULL},
	    {"attendance", _("Attendance"), WC_PCT, NULL, NULL},
	    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
	    {"reasons", _("Why flagged"), WC_TEXT, NULL, NULL},
	};
	web_table *t =
	    web_page_table(p, "risk", _("Early warning: students at risk"),
	                   cols_dup(r, rc, sizeof(rc)), ARRAY_LEN(rc), &out);
	if (t)
		t->note =
		    _("Flagged for attendance below 90%, results below the "
		      "proficient cut in two or more assessments, or three or "
		      "more behaviour incidents this year.");
}

static void ews_table(web_req *r, web_page *p, int64_t school, int64_t year)
{
	sw_rows rk;
	query(r, SWQ_SCHOOL_EWS, school, year, &rk);
	for (int i = 0; i < rk.nrow; i++) {
		sw_val *v = sw_at(&rk, i, 4);
		v->text = strcmp(v->text, "at risk") == 0 ? _("at risk")
		                                          : _("early warning");
	}
	web_col rc[] = {
	    {"name", _("Student"), WC_LINK, "/students/", "code"},
	    {"grade", _("Grade"), WC_INT, NULL, NULL},
	    {"level", _("Level"), WC_TEXT, NULL, NULL},
	    {"attendance", _("Attendance"), WC_PCT, NULL, NULL},
	    {"reasons", _("Why flagged"), WC_TEXT, NULL, NULL},
	};
	web_table *t =
	    web_page_table(p, "risk", _("Early warning: students at risk"),
	                   cols_dup(r, rc, sizeof(rc)), ARRAY_LEN(rc), &rk);
	if (t)
		t->note =
		    _("Attendance, behaviour, course performance and slowing "
		      "progress, each with its reason in words (the latest "
		      "analysis run).");
}

static void school_page(web_req *r, web_page *p, const sw_org *o, int64_t year,
                        int aggregate)
{
	summary_figs(r, p, o->id, year, aggregate);
	sw_rows g;
	query(r, SWQ_SCHOOL_GRADES, o->id, year, &g);
	web_col gc[] = {
	    {"grade", _("Grade"), WC_INT, NULL, NULL},
	    {"students", _("Students"), WC_INT, NULL, NULL},
	    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
	    {"prof", _("Proficient"), WC_PCT, NULL, NULL},
	    {"attendance", _("Attendance"), WC_PCT, NULL, NULL},
	};
	web_table *t =
	    web_page_table(p, "grades", _("By grade"),
	                   cols_dup(r, gc, sizeof(gc)), ARRAY_LEN(gc), &g);
	if (t && aggregate)
		web_table_suppress(r, t, "n");

	if (!aggregate) {
		sw_rows c;
		query(r, SWQ_SCHOOL_CLASSES, o->id, year, &c);
		web_col cc[] = {
		    {"name", _("Class"), WC_LINK, "/classes/", "code"},
		    {"grade", _("Grade"), WC_INT, NULL, NULL},
		    {"subject", _("Subject"), WC_TEXT, NULL, NULL},
		    {"teacher", _("Teacher"), WC_TEXT, NULL, NULL},
		    {"students", _("Students"), WC_INT, NULL, NULL},
		    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
		};
		web_page_table(p, "classes", _("By class"),
		               cols_dup(r, cc, sizeof(cc)), ARRAY_LEN(cc), &c);
	}

	sw_rows s;
	query(r, SWQ_SCHOOL_SUBJECTS, o->id, year, &s);
	web_col sc[] = {
	    {"name", _("Subject"), WC_TEXT, NULL, NULL},
	    {"students", _("Students"), WC_INT, NULL, NULL},
	    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
	    {"prof", _("Proficient"), WC_PCT, NULL, NULL},
	};
	t = web_page_table(p, "subjects", _("By subject"),
	                   cols_dup(r, sc, sizeof(sc)), ARRAY_LEN(sc), &s);
	if (t && aggregate)
		web_table_suppress(r, t, "n");

	sw_rows sg;
	query(r, SWQ_SCHOOL_SUBGROUPS, o->id, year, &sg);
	for (int i = 0; i < sg.nrow; i++) {
		sw_val *v = sw_at(&sg, i, 0);
		v->text = subgroup_label(v->text);
	}
	web_col gg[] = {
	    {"subgroup", _("Group"), WC_TEXT, NULL, NULL},
	    {"students", _("Students"), WC_INT, NULL, NULL},
	    {"mean", _("Mean score"), WC_PCT, NULL, NULL},
	    {"prof", _("Proficient"), WC_PCT, NULL, NULL},
	};
	t = web_page_table(p, "subgroups", _("By group of students"),
	                   cols_dup(r, gg, sizeof(gg)), ARRAY_LEN(gg), &sg);
	if (t && aggregate)
		web_table_suppress(r, t, "n");

	sw_rows gp;
	query(r, SWQ_SCHOOL_GAPS, o->id, 0, &gp);
	web_col gpc[] = {
	    {"year", _("Year"), WC_TEXT, NULL, NULL},
	    {"girls", _("Girls"), WC_PCT, NULL, NULL},
	    {"boys", _("Boys"), WC_PCT, NULL, NULL},
	    {"disadvantaged", _("Disadvantaged"), WC_PCT, NULL, NULL},
	    {"others", _("Not disadvantaged"), WC_PCT, NULL, NULL},
	};
	t = web_page_table(p, "gaps", _("Gaps over time"),
	                   cols_dup(r, gpc, sizeof(gpc)), ARRAY_LEN(gpc), &gp);
	if (t) {
		t->note =
		    _("Mean score of each group by year: the distance between "
		      "the lines is the gap.");
		web_chart_lines(r, t, "year", _("Gaps over time"));
	}

	if (!aggregate) {
		if (store_web_analysed(r->s, "ews"))
			ews_table(r, p, o->id, year);
		else
			risk_table(r, p, o->id, year);
		web_audit(r, "view", "org", o->code);
	}

	sw_rows iv;
	query(r, SWQ_SCHOOL_INTERVENTIONS, o->id, 0, &iv);
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
	t = web_page_table(p, "interventions", _("Interventions"),
	                   cols_dup(r, ic, sizeof(ic)), ARRAY_LEN(ic), &iv);
	if (t)
		t->note =
		    /* xgettext:no-c-format */
		    _("Impact: difference in differences of participants "
		      "against a matched comparison group of similar prior "
		      "attainment, as Hedges' g with its 95% interval (low to "
		      "high). An interval that includes 0 shows no clear "
		      "effect.");

	sw_rows gl;
	query(r, SWQ_SCHOOL_GOALS, o->id, 0, &gl);
	rw_rows(&gl, "metric", RW_METRIC);
	web_col glc[] = {
	    {"title", _("Goal"), WC_TEXT, NULL, NULL},
	    {"metric", _("Measure"), WC_TEXT, NULL, NULL},
	    {"baseline", _("Baseline"), WC_NUM, NULL, NULL},
	    {"target", _("Target"), WC_NUM, NULL, NULL},
	    {"due_date", _("Due"), WC_DATE, NULL, NULL},
	    {"current", _("Now"), WC_NUM, NULL, NULL},
	    {"projected", _("Projected by due date"), WC_NUM, NULL, NULL},
	    {"status", _("Status"), WC_TEXT, NULL, NULL},
	};
	web_page_table(p, "goals", _("Goals"), cols_dup(r, glc, sizeof(glc)),
	               ARRAY_LEN(glc), &gl);

	sw_rows ob;
	query(r, SWQ_SCHOOL_OBSERVATIONS, o->id, 0, &ob);
	web_col oc[] = {
	    {"criterion", _("Criterion"), WC_TEXT, NULL, NULL},
	    {"observations", _("Observations"), WC_INT, NULL, NULL},
	    {"mean", _("Mean rating (1-4)"), WC_NUM, NULL, NULL},
	};
	web_page_table(p, "observations", _("Lesson observations"),
	               cols_dup(r, oc, sizeof(oc)), ARRAY_LEN(oc), &ob);

	sw_rows sv;
	query(r, SWQ_SCHOOL_SURVEYS, o->id, 0, &sv);
	rw_rows(&sv, "audience", RW_AUDIENCE);
	web_col vc[] = {
	    {"title", _("Survey"), WC_TEXT, NULL, NULL},
	    {"audience", _("Asked"), WC_TEXT, NULL, NULL},
	    {"responses", _("Responses"), WC_INT, NULL, NULL},
	    {"mean", _("Mean agreement (1-5)"), WC_NUM, NULL, NULL},
	};
	t = web_page_table(p, "surveys", _("Surveys"),
	                   cols_dup(r, vc, sizeof(vc)), ARRAY_LEN(vc), &sv);
	if (t)
		web_table_suppress(r, t, "responses");
}

int web_org(web_req *r, web_resp *w)
{
	att_err e;
	err_clear(&e);
	scope_hit h;
	scope_level lv = scope_decide(r->s, &r->who, TARGET_ORG, r->params[0],
	                              ACCESS_READ, &r->a, &h, &e);
	if (lv == SCOPE_NONE)
		return e.code == ATT_EIO
		           ? web_error(r, w, 500, _("Something went wrong"))
		           : web_error(r, w, 404, _("Not found"));
	const sw_org *o = &h.path[h.npath - 1];
	const char *ycode = "";
	int64_t year = web_latest_year(r, &ycode);
	web_page p;
	web_page_init(&p, o->is_school ? "school" : "org", o->code, o->name);
	int aggregate = lv == SCOPE_AGGREGATE;
	p.view = aggregate ? "aggregate" : "named";
	p.subtitle = arena_printf(&r->a, "%s \xc2\xb7 %s %s", o->level,
	                          _("year"), ycode);
	web_page_crumbs_from_path(r, &p, h.path, h.npath, 0);
	if (o->is_school)
		school_page(r, &p, o, year, aggregate);
	else {
		web_page_action(&p, _("Academic plan"),
		                arena_printf(&r->a, "/orgs/%s/plan", o->code));
		unit_page(r, &p, o, year, aggregate);
	}
	return web_page_render(r, w, &p);
}
