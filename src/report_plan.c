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

#include "i18n.h"
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

static void outcomes_section(report_ctx *c, rdoc *d, int64_t org_id,
                             const srep_rows *schools, const char *lang,
                             att_err *e, int *rc)
{
	arena *a = rdoc_arena(d);
	rdoc_h2(d, _("Weakest learning outcomes"));
	srep_rows r;
	*rc = srep_outcomes_by_school(c->s, a, org_id, c->year_id, &r, e);
	if (*rc)
		return;
	if (r.nrows == 0) {
		rdoc_p(d, "%s",
		       _("No item-level results by learning outcome in these "
		         "schools this year."));
		return;
	}
	/* outcomes (columns) and the school x outcome grid */
	int ns = schools->nrows, no = 0;
	outcome *oc = arena_alloc(a, sizeof(outcome) * (size_t)r.nrows);
	for (int i = 0; i < r.nrows; i++) {
		int k;
		for (k = 0; k < no; k++)
			if (strcmp(oc[k].code, srep_s(&r, i, 2)) == 0)
				break;
		if (k == no) {
			oc[no].code = srep_s(&r, i, 2);
			oc[no].desc = srep_s(&r, i, 3);
			oc[no].subject = srep_s(&r, i, 4);
			oc[no].idx = no;
			no++;
		}
	}
	long *n = arena_alloc(a, sizeof(long) * (size_t)(ns * no));
	double *mean = arena_alloc(a, sizeof(double) * (size_t)(ns * no));
	for (int i = 0; i < ns * no; i++)
		mean[i] = NAN;
	for (int i = 0; i < r.nrows; i++) {
		int si = 0, k = 0;
		while (si < ns &&
		       strcmp(srep_s(schools, si, 1), srep_s(&r, i, 0)))
			si++;
		while (k < no && strcmp(oc[k].code, srep_s(&r, i, 2)))
			k++;
		if (si == ns)
			continue;
		n[si * no + k] = (long)srep_i(&r, i, 5);
		mean[si * no + k] = srep_d(&r, i, 6);
	}
	/* suppression per outcome across schools (a column with its total) */
	double *shown = arena_alloc(a, sizeof(double) * (size_t)(ns * no));
	long *col = arena_alloc(a, sizeof(long) * (size_t)(ns ? ns : 1));
	int nsup = 0;
	for (int k = 0; k < no; k++) {
		for (int si = 0; si < ns; si++)
			col[si] = n[si * no + k];
		unsigned char *m = line_mask(a, col, ns, c->min_cell);
		for (int si = 0; si < ns; si++) {
			double v = mean[si * no + k];
			int ok = m[si] == SUPPRESS_SHOWN && col[si] > 0;
			nsup += col[si] > 0 && !ok;
			shown[si * no + k] = ok ? v : NAN;
			oc[k].n += col[si];
			if (isfinite(v))
				oc[k].sum += v * (double)col[si];
			if (ok && v < 50)
				oc[k].below++;
		}
	}
	outcome *sorted = arena_alloc(a, sizeof(outcome) * (size_t)no);
	memcpy(sorted, oc, sizeof(outcome) * (size_t)no);
	qsort(sorted, (size_t)no, sizeof(outcome), outcome_cmp);
	const char *heads[] = {_("Learning outcome"), _("Subject"),
	                       _("Students"), _("Mean score"),
	                       _("Schools below 50%")};
	/* the weakest TOP outcomes on paper, every outcome in CSV and JSON */
	enum { TOP = 12 };
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
		const outcome *o = &sorted[k];
		int small = suppress_is_small(o->n, c->min_cell, 0);
		double m = o->n ? o->sum / (double)o->n : NAN;
		const char *cells[5] = {
		    arena_printf(a, "%s %s", o->code, o->desc), o->subject,
		    small ? SUPPRESSED : report_fmt_int(a, lang, o->n),
		    small ? SUPPRESSED : report_fmt_pct(a, lang, m, 1),
		    report_fmt_int(a, lang, o->below)};
		if (k < ntop)
			rtable_row(t, !small && m < 50, cells);
		if (all)
			rtable_row(all, !small && m < 50, cells);
	}
	/* heat map: schools x the weakest outcomes, suppressed cells blank */
	const char **rows = arena_alloc(a, sizeof(char *) * (size_t)ns);
	const char **cats = arena_alloc(a, sizeof(char *) * (size_t)(ntop + 1));
	double *grid = arena_alloc(a, sizeof(double) * (size_t)(ns * ntop + 1));
	for (int si = 0; si < ns; si++)
		rows[si] = srep_s(schools, si, 2);
	for (int k = 0; k < ntop; k++) {
		cats[k] = sorted[k].code;
		for (int si = 0; si < ns; si++)
			grid[si * ntop + k] = shown[si * no + sorted[k].idx];
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
	                .fixed_range = 1,
	                .ymin = 0,
	                .ymax = 100,
	                .unit = "%",
	                .value_labels = 1};
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
			if (n[si * no + k] == 0)
				continue;
			int ok = isfinite(shown[si * no + k]);
			const char *cells[4] = {
			    srep_s(schools, si, 2), oc[k].code,
			    ok ? report_fmt_int(a, lang, n[si * no + k])
			       : SUPPRESSED,
			    ok ? report_fmt_pct(a, lang, shown[si * no + k], 1)
			       : SUPPRESSED};
			rtable_row(fig, 0, cells);
		}
	if (nsup)
		rdoc_note(d,
		          _("%d school figures are suppressed (%s): fewer than "
		            "%d students, or blanked so that a small school's "
		            "figure cannot be worked out from the others."),
		          nsup, SUPPRESSED, c->min_cell);
}

rdoc *report_plan_alloc(report_ctx *c, const char *code, att_err *e)
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
	if (srep_i(&o, 0, 4) == 1) {
		err_set(e, ATT_EUSAGE,
		        "'%s' is a school: the plan is for a cluster, block, "
		        "district or state (use the school report)",
		        code);
		arena_free(&tmp);
		return NULL;
	}
	int64_t org_id = srep_i(&o, 0, 0);
	rdoc *d = rdoc_alloc(
	    arena_printf(&tmp, _("Academic plan: %s"), srep_s(&o, 0, 2)), lang);
	arena *a = rdoc_arena(d);
	report_stamp(c, d);
	rdoc_subtitle(d, arena_printf(a, "%s \xC2\xB7 %s", srep_s(&o, 0, 3),
	                              c->year_name));
	srep_rows sch, att, sc;
	int rc = ATT_OK;
	if (srep_org_schools(c->s, a, org_id, &sch, e) ||
	    srep_attendance_by_school(c->s, a, org_id, c->year_id, &att, e) ||
	    srep_scores_by_school(c->s, a, org_id, c->year_id, &sc, e))
		goto fail;
	long students = 0;
	for (int i = 0; i < att.nrows; i++)
		students += (long)srep_i(&att, i, 3);
	rdoc_kv(d, _("Area"),
	        arena_printf(a, "%s (%s, %s)", srep_s(&o, 0, 2),
	                     srep_s(&o, 0, 1), srep_s(&o, 0, 3)));
	rdoc_kv(d, _("Schools"), report_fmt_int(a, lang, sch.nrows));
	rdoc_kv(d, _("Students this year"), report_fmt_int(a, lang, students));
	rdoc_kv(d, _("Suppression"),
	        arena_printf(a,
	                     _("figures for fewer than %d students are not "
	                       "shown (%s)"),
	                     c->min_cell, SUPPRESSED));

	outcomes_section(c, d, org_id, &sch, lang, e, &rc);
	if (rc)
		goto fail;

	/* attendance and scores per school, suppressed by student counts */
	int ns = att.nrows;
	long *cnt = arena_alloc(a, sizeof(long) * (size_t)(ns ? ns : 1));
	double *rate = arena_alloc(a, sizeof(double) * (size_t)(ns ? ns : 1));
	for (int i = 0; i < ns; i++) {
		cnt[i] = (long)srep_i(&att, i, 3);
		rate[i] = srep_i(&att, i, 4) > 0
		              ? 100.0 * srep_d(&att, i, 5) / srep_d(&att, i, 4)
		              : NAN;
	}
	unsigned char *m = line_mask(a, cnt, ns, c->min_cell);
	double tot_p = 0, tot_pr = 0;
	for (int i = 0; i < ns; i++) {
		tot_p += srep_d(&att, i, 4);
		tot_pr += srep_d(&att, i, 5);
	}
	double area_rate = tot_p > 0 ? 100.0 * tot_pr / tot_p : NAN;
	double area_score = 0, area_n = 0;
	for (int i = 0; i < sc.nrows; i++) {
		area_score += srep_d(&sc, i, 4) * srep_d(&sc, i, 3);
		area_n += srep_d(&sc, i, 3);
	}
	area_score = area_n > 0 ? area_score / area_n : NAN;

	/* value-added per school and subject, when the analysis has run */
	int have_va = srep_has_rows(c->s, "va_group");
	srep_rows v = {0};
	if (have_va && srep_va_schools(c->s, a, org_id, c->year_id, &v, e))
		goto fail;

	/* supportive supervision: the reasons that the figures support */
	rdoc_h2(d, _("Schools for supportive supervision"));
	srep_rows cp;
	if (srep_completeness(c->s, a, c->year_id, org_id, c->today, &cp, e))
		goto fail;
	const char *sh[] = {_("School"), _("Students"), _("Attendance"),
	                    _("Mean score"), _("Why")};
	rtable *sup = rdoc_table(d, "supervision", NULL, 5, sh, "lrrrl");
	int nsup = 0;
	for (int i = 0; i < ns; i++) {
		const char *scode = srep_s(&att, i, 1);
		int shown = m[i] == SUPPRESS_SHOWN;
		double score = NAN;
		for (int k = 0; k < sc.nrows; k++)
			if (strcmp(srep_s(&sc, k, 1), scode) == 0)
				score = srep_d(&sc, k, 4);
		int overdue = 0;
		for (int k = 0; k < cp.nrows; k++)
			if (strcmp(srep_s(&cp, k, 3), scode) == 0 &&
			    strcmp(srep_s(&cp, k, 5), "missing") == 0)
				overdue++;
		buf why;
		buf_init(&why);
		if (shown && isfinite(rate[i]) && rate[i] < 85)
			buf_printf(&why, _("attendance %s, below 85%%; "),
			           report_fmt_pct(a, lang, rate[i], 1));
		if (shown && isfinite(score) && isfinite(area_score) &&
		    score < area_score - 5)
			buf_printf(&why,
			           _("mean score %s, more than 5 points below "
			             "the area's %s; "),
			           report_fmt_pct(a, lang, score, 1),
			           report_fmt_pct(a, lang, area_score, 1));
		if (overdue)
			buf_printf(&why, _("overdue data collections: %d; "),
			           overdue);
		for (int k = 0; shown && k < v.nrows; k++)
			if (strcmp(srep_s(&v, k, 0), scode) == 0 &&
			    !suppress_is_small(srep_i(&v, k, 3), c->min_cell,
			                       0) &&
			    srep_d(&v, k, 6) < 0)
				buf_printf(
				    &why,
				    _("value-added in %s below expected (%s, "
				      "interval %s to %s); "),
				    srep_s(&v, k, 2),
				    report_fmt_num(a, lang, srep_d(&v, k, 4),
				                   2),
				    report_fmt_num(a, lang, srep_d(&v, k, 5),
				                   2),
				    report_fmt_num(a, lang, srep_d(&v, k, 6),
				                   2));
		if (!why.len) {
			buf_free(&why);
			continue;
		}
		why.data[why.len - 2] = '\0';
		const char *cells[5] = {
		    srep_s(&att, i, 2),
		    shown ? report_fmt_int(a, lang, cnt[i]) : SUPPRESSED,
		    shown ? report_fmt_pct(a, lang, rate[i], 1) : SUPPRESSED,
		    shown ? report_fmt_pct(a, lang, score, 1) : SUPPRESSED,
		    why.data};
		rtable_row(sup, 1, cells);
		buf_free(&why);
		nsup++;
	}
	if (!nsup)
		rdoc_p(d, "%s",
		       _("No school meets a criterion for supportive "
		         "supervision."));
	rdoc_note(d,
	          _("Criteria: attendance below 85%%, mean score more than 5 "
	            "points below the area's mean (%s), value-added clearly "
	            "below expected (the whole interval below zero), or an "
	            "overdue data collection."),
	          report_fmt_pct(a, lang, area_score, 1));
	if (have_va) {
		const char *vh[] = {_("School"), _("Subject"), _("Students"),
		                    _("Value-added"),
		                    /* xgettext:no-c-format */
		                    _("95% interval")};
		rtable *vt =
		    rdoc_table(d, "va_schools", _("Value-added by school"), 5,
		               vh, "llrrr");
		for (int i = 0; i < v.nrows; i++) {
			int small =
			    suppress_is_small(srep_i(&v, i, 3), c->min_cell, 0);
			const char *cells[5] = {
			    srep_s(&v, i, 1), srep_s(&v, i, 2),
			    small ? SUPPRESSED
			          : report_fmt_int(a, lang, srep_i(&v, i, 3)),
			    small
			        ? SUPPRESSED
			        : report_fmt_num(a, lang, srep_d(&v, i, 4), 2),
			    small ? SUPPRESSED
			          : arena_printf(
			                a, "%s to %s",
			                report_fmt_num(a, lang,
			                               srep_d(&v, i, 5), 2),
			                report_fmt_num(a, lang,
			                               srep_d(&v, i, 6), 2))};
			rtable_row(vt, !small && srep_d(&v, i, 6) < 0, cells);
		}
		/* the same as a caterpillar plot, suppressed schools left out
		 */
		const char **cats =
		    arena_alloc(a, sizeof(char *) * (size_t)(v.nrows + 1));
		double *va =
		    arena_alloc(a, sizeof(double) * (size_t)(v.nrows + 1));
		double *lo =
		    arena_alloc(a, sizeof(double) * (size_t)(v.nrows + 1));
		double *hi =
		    arena_alloc(a, sizeof(double) * (size_t)(v.nrows + 1));
		int nv = 0;
		for (int i = 0; i < v.nrows; i++) {
			if (suppress_is_small(srep_i(&v, i, 3), c->min_cell, 0))
				continue;
			cats[nv] =
			    arena_printf(a, "%s \xC2\xB7 %s", srep_s(&v, i, 1),
			                 srep_s(&v, i, 2));
			va[nv] = srep_d(&v, i, 4);
			lo[nv] = srep_d(&v, i, 5);
			hi[nv] = srep_d(&v, i, 6);
			nv++;
		}
		if (nv) {
			chart_series vs = {_("value-added"), va, lo, hi};
			chart_spec ch = {
			    .kind = CHART_CATERPILLAR,
			    .title =
			        /* xgettext:no-c-format */
			    _("Value-added by school and subject, with "
			      "95% intervals"),
			    .ncat = nv,
			    .cats = cats,
			    .nseries = 1,
			    .series = &vs,
			    .ref_label = _("expected progress"),
			    .decimals = 2};
			rdoc_chart(d, &ch);
		}
	} else {
		report_missing_analysis(d, _("Value-added by school"),
		                        _("value-added"));
	}

	rdoc_h2(d, _("Peer-learning pairs"));
	if (!srep_analysis_ran(c->s, "peer", "peer_pair")) {
		report_missing_analysis(d, _("Peer-learning pairs"),
		                        _("positive deviance and peer pairs"));
	} else {
		srep_rows pp;
		if (srep_peer_pairs(c->s, a, org_id, &pp, e))
			goto fail;
		const char *ph[] = {_("School to support"), _("Learns from"),
		                    _("Subject"), _("Their value-added"),
		                    _("Partner's value-added")};
		rtable *pt = rdoc_table(d, "peer_pairs", NULL, 5, ph, "lllrr");
		int outside = 0;
		for (int i = 0; i < pp.nrows; i++) {
			if (c->inside_only && srep_i(&pp, i, 10) == 0) {
				outside++;
				continue;
			}
			const char *cells[5] = {
			    srep_s(&pp, i, 1), srep_s(&pp, i, 0),
			    srep_s(&pp, i, 2),
			    arena_printf(
			        a, _("%s (lower bound %s)"),
			        report_fmt_num(a, lang, srep_d(&pp, i, 3), 2),
			        report_fmt_num(a, lang, srep_d(&pp, i, 4), 2)),
			    arena_printf(
			        a, _("%s (upper bound %s)"),
			        report_fmt_num(a, lang, srep_d(&pp, i, 5), 2),
			        report_fmt_num(a, lang, srep_d(&pp, i, 6), 2))};
			rtable_row(pt, 0, cells);
		}
		if (outside)
			rdoc_note(d,
			          _("%d pairs with a school outside this area "
			            "are left out."),
			          outside);
		if (pp.nrows == 0)
			rdoc_p(d, "%s",
			       _("No peer-learning pairs: no school here has "
			         "value-added clearly below expected with a "
			         "similar school clearly above."));
		else
			rdoc_note(
			    d, "%s",
			    _("Pairs match a school whose value-added "
			      "interval lies below zero with a similar school "
			      "whose interval lies above zero."));
	}

	rdoc_h2(d, _("Attendance hot spots"));
	if (isfinite(area_rate))
		rdoc_p(d, _("Attendance across the area: %s."),
		       report_fmt_pct(a, lang, area_rate, 1));
	const char *ah[] = {_("School"), _("Students"), _("Attendance"),
	                    _("Chronically absent"), _("Hot spot")};
	rtable *at = rdoc_table(d, "attendance", NULL, 5, ah, "lrrrl");
	/* lowest attendance first; suppressed schools last */
	int *ord = arena_alloc(a, sizeof(int) * (size_t)(ns ? ns : 1));
	for (int i = 0; i < ns; i++)
		ord[i] = i;
	for (int i = 1; i < ns; i++)
		for (int j = i; j > 0; j--) {
			int x = ord[j - 1], y = ord[j];
			double rx = m[x] == SUPPRESS_SHOWN && isfinite(rate[x])
			                ? rate[x]
			                : 1e9,
			       ry = m[y] == SUPPRESS_SHOWN && isfinite(rate[y])
			                ? rate[y]
			                : 1e9;
			if (rx <= ry)
				break;
			ord[j - 1] = y;
			ord[j] = x;
		}
	for (int k = 0; k < ns; k++) {
		int i = ord[k];
		int shown = m[i] == SUPPRESS_SHOWN;
		long chronic = (long)srep_i(&att, i, 7);
		int hot = shown && isfinite(rate[i]) &&
		          (rate[i] < 85 || chronic * 5 > cnt[i]);
		const char *cells[5] = {
		    srep_s(&att, i, 2),
		    shown ? report_fmt_int(a, lang, cnt[i]) : SUPPRESSED,
		    shown ? report_fmt_pct(a, lang, rate[i], 1) : SUPPRESSED,
		    shown ? report_fmt_int(a, lang, chronic) : SUPPRESSED,
		    !hot           ? ""
		    : rate[i] < 85 ? _("yes: attendance below 85%")
		                   : _("yes: over a fifth of students "
		                       "chronically absent")};
		rtable_row(at, hot, cells);
	}

	rdoc_h2(d, _("Data-collection completeness"));
	if (report_completeness_table(c, d, org_id, e) < 0)
		goto fail;
	arena_free(&tmp);
	return d;
fail:
	rdoc_free(d);
	arena_free(&tmp);
	return NULL;
}
