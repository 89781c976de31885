/*
 * demo_truth.c - the truth manifest: a JSON description of every effect
 * the demo planted, with its definition (which score, which SD) and the
 * entities it concerns, so analyses' tests can check what they recover.
 * The layout is documented field by field in docs/DEMO.md and is stable:
 * fields are only ever added (format_version says which).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"

static void yc(const dm_world *w, int y, char out[32])
{
	int s = dm_year_start(w, y);
	snprintf(out, 32, "%d-%02d", s, (s + 1) % 100);
}

static json_t *
str_array_students(const dm_world *w,
                   int (*want)(const dm_world *, int64_t, void *), void *ctx)
{
	json_t *a = json_array();
	char code[32];
	for (int64_t i = 0; i < w->nstudents; i++)
		if (want(w, i, ctx)) {
			snprintf(code, sizeof(code), "STU%07lld",
			         (long long)(i + 1));
			json_array_append_new(a, json_string(code));
		}
	return a;
}

static int want_slow(const dm_world *w, int64_t i, void *ctx)
{
	(void)ctx;
	return (w->students[i].flags & DM_F_SLOW) != 0;
}

static int want_chronic(const dm_world *w, int64_t i, void *ctx)
{
	int y = *(int *)ctx;
	return (w->students[i].chronic >> y & 1) != 0;
}

static json_t *school_effects(const dm_world *w)
{
	json_t *o = json_object();
	json_object_set_new(o, "unit", json_string("sd"));
	json_object_set_new(o, "sd_points", json_real(DM_SD_POINTS));
	json_object_set_new(o, "sd_across_schools", json_real(DM_SD_VA));
	json_object_set_new(
	    o, "definition",
	    json_string(
	        "value_added is the school's contribution to one year of "
	        "growth in "
	        "latent SD units (1 SD = sd_points scale points): a student's "
	        "expected summative score rises by value_added * sd_points "
	        "points "
	        "per year in the school relative to an average school, both "
	        "from "
	        "the previous year's summative to this year's summative and "
	        "from "
	        "this year's baseline to this year's summative (same subject). "
	        "intake is the school's status level at the middle of the "
	        "demo's years, which prior scores already carry."));
	json_object_set_new(
	    o, "recovery",
	    json_string(
	        "the mean residual of a school's students from a pooled "
	        "regression "
	        "of the summative score on the prior summative (same subject), "
	        "divided by sd_points, estimates value_added; with one prior "
	        "it is "
	        "slightly inflated for high-intake schools by measurement "
	        "error in "
	        "the prior (reliability about 0.91)"));
	json_t *a = json_array();
	char code[32];
	for (int s = 0; s < w->nschools; s++) {
		snprintf(code, sizeof(code), "SCH%05d", s + 1);
		for (int k = 0; k < DM_SUBJECTS; k++) {
			json_t *r = json_object();
			json_object_set_new(r, "school", json_string(code));
			json_object_set_new(r, "subject",
			                    json_string(dm_subject_code[k]));
			json_object_set_new(
			    r, "value_added",
			    json_real(round(w->schools[s].va[k] * 1e4) / 1e4));
			json_object_set_new(
			    r, "intake",
			    json_real(round(w->schools[s].intake[k] * 1e4) /
			              1e4));
			json_array_append_new(a, r);
		}
	}
	json_object_set_new(o, "schools", a);
	return o;
}

static json_t *gap(void)
{
	json_t *o = json_object();
	json_object_set_new(o, "attribute", json_string("ses_disadvantaged"));
	json_object_set_new(o, "group", json_integer(1));
	json_object_set_new(o, "reference", json_integer(0));
	json_object_set_new(o, "gap_sd", json_real(DM_GAP_SES));
	json_object_set_new(o, "direction",
	                    json_string("group below reference"));
	json_object_set_new(
	    o, "definition",
	    json_string(
	        "the disadvantaged group's latent mean is gap_sd below the "
	        "rest in "
	        "every subject, grade, year and window; the attribute is "
	        "independent of school, so within any assessment (mean of "
	        "reference - mean of group) / pooled within-group SD of the "
	        "score "
	        "is gap_sd (the within-group SD is about sd_points)"));
	json_object_set_new(o, "measured_on",
	                    json_string("result.score, every assessment"));
	return o;
}

static json_t *weak(const dm_world *w)
{
	json_t *o = json_object();
	json_object_set_new(o, "delta_logit", json_real(DM_WEAK_LOGIT));
	json_object_set_new(
	    o, "definition",
	    json_string(
	        "in the named school the items of the named standard (learning "
	        "outcome) are harder by delta_logit on the logistic scale of "
	        "the "
	        "item model, in every year's summative of that subject and "
	        "grade, "
	        "so the school's share of points on those items falls well "
	        "below "
	        "other schools' while its other outcomes do not"));
	json_object_set_new(
	    o, "measured_on",
	    json_string("item_response.points / item.max_points on the "
	                "standard's items of the summative assessments"));
	json_t *a = json_array();
	char code[32], std[32];
	for (int s = 0; s < w->nschools; s++) {
		const dm_school *sc = &w->schools[s];
		if (sc->weak_lo < 0)
			continue;
		snprintf(code, sizeof(code), "SCH%05d", s + 1);
		snprintf(std, sizeof(std), "%s-G%d-LO%02d",
		         dm_subject_code[sc->weak_subject], sc->weak_grade,
		         sc->weak_lo + 1);
		json_t *r = json_object();
		json_object_set_new(r, "school", json_string(code));
		json_object_set_new(r, "standard", json_string(std));
		json_object_set_new(
		    r, "subject",
		    json_string(dm_subject_code[sc->weak_subject]));
		json_object_set_new(r, "grade", json_integer(sc->weak_grade));
		json_array_append_new(a, r);
	}
	json_object_set_new(o, "outcomes", a);
	return o;
}

static json_t *slowing(const dm_world *w)
{
	json_t *o = json_object();
	static const char *const wn[DM_WINDOWS] = {"BASE", "MID", "SUM"};
	json_t *win = json_array(), *loss = json_array();
	int T = dm_occasions(w);
	char y[32], wbuf[80];
	for (int t = T - DM_SLOW_WINDOWS; t < T; t++) {
		if (t < 0)
			continue;
		yc(w, t / DM_WINDOWS, y);
		snprintf(wbuf, sizeof(wbuf), "%s-%s", y, wn[t % DM_WINDOWS]);
		json_array_append_new(win, json_string(wbuf));
		json_array_append_new(
		    loss,
		    json_real(DM_SLOW_STEP * (t - (T - DM_SLOW_WINDOWS) + 1)));
	}
	json_object_set_new(o, "windows", win);
	json_object_set_new(o, "cumulative_loss_sd", loss);
	json_object_set_new(
	    o, "definition",
	    json_string(
	        "in every subject the named students' latent score falls "
	        "behind "
	        "its expected path by cumulative_loss_sd[j] at windows[j] "
	        "(window "
	        "codes YEAR-BASE|MID|SUM, the suffix of the assessment codes): "
	        "their progress slows over the recent windows. Students are "
	        "chosen "
	        "at random among those enrolled in the last two years."));
	json_object_set_new(o, "students",
	                    str_array_students(w, want_slow, NULL));
	return o;
}

static json_t *chronic(const dm_world *w)
{
	json_t *o = json_object();
	json_object_set_new(o, "threshold", json_real(0.10));
	json_object_set_new(o, "exact", json_true());
	json_object_set_new(
	    o, "definition",
	    json_string(
	        "a student-year is chronically absent when absent (code 2) "
	        "plus "
	        "excused (code 3) days are at least threshold of the days "
	        "marked "
	        "present, late, absent or excused in that year's attendance "
	        "row "
	        "(closed days and unmarked days do not count). The lists are "
	        "exact: every listed student-year meets the threshold and no "
	        "other does. A chronically absent year also lowers that year's "
	        "mid-year and summative latent scores by score_effect_sd."));
	json_object_set_new(o, "score_effect_sd",
	                    json_real(-DM_CHRONIC_EFFECT));
	json_t *by = json_object();
	char y[32];
	for (int yy = 0; yy < w->years; yy++) {
		yc(w, yy, y);
		json_object_set_new(by, y,
		                    str_array_students(w, want_chronic, &yy));
	}
	json_object_set_new(o, "by_year", by);
	return o;
}

static json_t *interventions(const dm_world *w)
{
	json_t *a = json_array();
	int last = w->years - 1;
	char y[32], code[64], dist[32];
	yc(w, last, y);
	static const char *const suffix[2] = {"MATH-CAMP", "READING-BUDDIES"};
	for (int v = 0; v < 2; v++) {
		int k = v == 0 ? DM_MATH : DM_LANG;
		int flag = v == 0 ? DM_F_INT_A : DM_F_INT_B;
		int d = w->intervention_district[v];
		/* naive comparisons among the eligible students */
		double sp[2] = {0, 0}, sq[2] = {0, 0};
		int64_t np[2] = {0, 0};
		for (int64_t i = 0; i < w->nstudents; i++) {
			if (!dm_enrolled(w, i, last))
				continue;
			int g = dm_grade(w, i, last);
			const dm_school *sc =
			    &w->schools[w->students[i].school];
			if (g < 4 || g > 8 ||
			    w->block_district[w->cluster_block[sc->cluster]] !=
			        d)
				continue;
			float pre = *dm_z(w, i, k, last * DM_WINDOWS + DM_BASE);
			float post = *dm_z(w, i, k, last * DM_WINDOWS + DM_SUM);
			if (isnan(pre) || isnan(post))
				continue;
			int p = (w->students[i].flags & flag) != 0;
			sp[p] += post;
			sq[p] += pre;
			np[p]++;
		}
		json_t *r = json_object();
		snprintf(code, sizeof(code), "%s-%s", y, suffix[v]);
		snprintf(dist, sizeof(dist), "D%02d", d + 1);
		json_object_set_new(r, "code", json_string(code));
		json_object_set_new(r, "subject",
		                    json_string(dm_subject_code[k]));
		json_object_set_new(r, "year", json_string(y));
		json_object_set_new(r, "org", json_string(dist));
		json_t *gr = json_array();
		json_array_append_new(gr, json_integer(4));
		json_array_append_new(gr, json_integer(8));
		json_object_set_new(r, "grades", gr);
		json_object_set_new(r, "true_effect_sd",
		                    json_real(v == 0 ? DM_INT_EFFECT : 0.0));
		json_object_set_new(r, "sd_points", json_real(DM_SD_POINTS));
		json_object_set_new(r, "pre_window", json_string("BASE"));
		json_object_set_new(r, "post_window", json_string("SUM"));
		json_object_set_new(
		    r, "effect_on",
		    json_string(v == 0
		                    ? "the latent score of the year's "
		                      "end-of-year summative in "
		                      "the subject (assessment "
		                      "YEAR-SUBJECT-Gg-SUM) rises by "
		                      "true_effect_sd (true_effect_sd * "
		                      "sd_points points); the "
		                      "mid-year formative by half of it; the "
		                      "baseline (pre) not"
		                    : "none: participation changes no score"));
		json_object_set_new(
		    r, "selection",
		    json_string(
		        "eligible: enrolled in the org's schools in grades 4-8 "
		        "in the "
		        "year with a baseline score; chosen with probability "
		        "0.75 / (1 + exp(4 (z + 0.8))) where z is the observed "
		        "baseline score in SD units ((score - grade mean) / "
		        "sd_points): low scorers are chosen, so participants' "
		        "prior "
		        "scores are far below the rest and a naive participant "
		        "versus "
		        "non-participant comparison is biased; a comparison "
		        "matched "
		        "on the baseline (or a regression on it) recovers the "
		        "effect"));
		json_object_set_new(r, "participants",
		                    json_integer(w->int_n[v]));
		double post_diff =
		    np[0] && np[1] ? sp[1] / np[1] - sp[0] / np[0] : 0;
		double pre_diff =
		    np[0] && np[1] ? sq[1] / np[1] - sq[0] / np[0] : 0;
		json_object_set_new(r, "eligible_with_scores",
		                    json_integer(np[0] + np[1]));
		json_object_set_new(r, "naive_post_difference_sd",
		                    json_real(round(post_diff * 1e4) / 1e4));
		json_object_set_new(r, "naive_pre_difference_sd",
		                    json_real(round(pre_diff * 1e4) / 1e4));
		json_array_append_new(a, r);
	}
	return a;
}

int dm_truth_json(const dm_world *w, int64_t data_version,
                  const store_demo_load *l, buf *out, att_err *e)
{
	json_t *root = json_object();
	json_object_set_new(root, "format", json_string("attain-demo-truth"));
	json_object_set_new(root, "format_version", json_integer(1));
	json_object_set_new(root, "database",
	                    json_string(w->p.db_name ? w->p.db_name : ""));
	json_object_set_new(root, "data_version", json_integer(data_version));
	json_t *par = json_object();
	json_object_set_new(par, "students", json_integer(w->nstudents));
	json_object_set_new(par, "seed", json_integer((json_int_t)w->p.seed));
	json_object_set_new(par, "years", json_integer(w->years));
	json_object_set_new(root, "parameters", par);
	json_t *years = json_array();
	char y[32];
	for (int yy = 0; yy < w->years; yy++) {
		yc(w, yy, y);
		json_array_append_new(years, json_string(y));
	}
	json_object_set_new(root, "years", years);
	json_t *subj = json_array();
	for (int k = 0; k < DM_SUBJECTS; k++)
		json_array_append_new(subj, json_string(dm_subject_code[k]));
	json_object_set_new(root, "subjects", subj);
	json_t *grades = json_array();
	json_array_append_new(grades, json_integer(DM_GLO));
	json_array_append_new(grades, json_integer(DM_GHI));
	json_object_set_new(root, "grades", grades);

	json_t *sc = json_object();
	json_object_set_new(sc, "sd_points", json_real(DM_SD_POINTS));
	json_object_set_new(sc, "max_score", json_real(DM_MAX_SCORE));
	json_object_set_new(sc, "mean_base",
	                    json_real(dm_scale_mean(DM_GLO, 0)));
	json_object_set_new(sc, "mean_per_grade", json_real(20.0));
	json_object_set_new(sc, "mean_per_window", json_real(8.0));
	json_object_set_new(sc, "measurement_error_sd", json_real(DM_SD_ERR));
	json_object_set_new(sc, "definition",
	                    json_string("score = mean_base + mean_per_grade * "
	                                "(grade - 3) + mean_per_window "
	                                "* w + sd_points * z, w = 0 baseline, "
	                                "1 mid-year, 2 summative, z "
	                                "the observed latent score (SD units), "
	                                "rounded to 0.1 and clamped "
	                                "to [0, max_score]"));
	json_object_set_new(root, "scale", sc);

	json_t *counts = json_object();
	json_object_set_new(counts, "schools", json_integer(w->nschools));
	json_object_set_new(counts, "districts", json_integer(w->ndistricts));
	json_object_set_new(counts, "blocks", json_integer(w->nblocks));
	json_object_set_new(counts, "clusters", json_integer(w->nclusters));
	json_object_set_new(counts, "students", json_integer(w->nstudents));
	json_t *rows = json_object();
	for (int t = 0; t < SD_NTABLES; t++)
		json_object_set_new(
		    rows, store_demo_table_name((store_demo_table)t),
		    json_integer(store_demo_rows(l, (store_demo_table)t)));
	json_object_set_new(counts, "rows", rows);
	json_object_set_new(root, "counts", counts);

	json_object_set_new(root, "school_effects", school_effects(w));
	json_object_set_new(root, "subgroup_gap", gap());
	json_object_set_new(root, "weak_outcomes", weak(w));
	json_object_set_new(root, "slowing_progress", slowing(w));
	json_object_set_new(root, "chronic_absence", chronic(w));
	json_object_set_new(root, "interventions", interventions(w));

	json_t *other = json_object();
	json_object_set_new(other, "special_needs_sd", json_real(-DM_GAP_SN));
	json_object_set_new(other, "female_minus_male_lang_sd",
	                    json_real(0.10));
	json_object_set_new(other, "male_minus_female_math_sd",
	                    json_real(0.05));
	json_object_set_new(other, "missing_result_rate",
	                    json_real(DM_MISSING));
	json_object_set_new(
	    other, "facilities_and_attendance",
	    json_string(
	        "schools with better facilities (water, electricity, toilets, "
	        "library, ramps) have higher attendance: the school's mean "
	        "attendance rate rises by 2 points per SD of a facility index "
	        "that "
	        "also drives the facility flags; an association, not a planted "
	        "causal effect on scores"));
	json_object_set_new(
	    other, "climate",
	    json_string(
	        "survey Likert answers and observation rubric scores rise with "
	        "a "
	        "school climate index correlated 0.7 with the school's shared "
	        "value-added component"));
	json_object_set_new(root, "other_effects", other);

	char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return err_set(e, ATT_EIO, "cannot write the truth manifest");
	buf_adds(out, text);
	buf_addc(out, '\n');
	free(text);
	return ATT_OK;
}
