/*
 * figures.c - the catalogue of figures (figures.h): one entry per figure,
 * in fig_id order, and what is made from it (labels in the reader's
 * language, the shown value, docs/FIGURES.md).
 */
#include "figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"

#define NOFIG FIG_NONE, FIG_NONE

/* A completeness figure: a count of schools or classes in a state of a
 * data-collection window as of a day, computed when it is shown (not a
 * derived table: it depends on today), never suppressed (units, not
 * people). */
#define COMPL_SOURCE                                                           \
	"store_collect_status (store_collect_status.c) over the data "         \
	"entered (register_taken, result, attitude_grade, survey_taken, "      \
	"observation, class_save) and collection_submission rows dated on "    \
	"or before today; docs/COLLECTION.md"
#define COMPL(id, key, pop, label, help, formula)                              \
	[id] = {id, key, label,   help,         FIG_UNIT_COUNT, 0,             \
	        0,  pop, formula, COMPL_SOURCE, NOFIG,          FIG_SUPP_NONE}

/* Mastery of a learning outcome: written by the items analysis per
 * student, year and outcome (mastery_year) and summed per org
 * (mastery_unit), read by store_figures_mastery. */
#define MASTERY_SOURCE                                                         \
	"mastery_year (a student's; a class's the mean of its students') "     \
	"and mastery_unit (an org's) of the items analysis (an_mastery.c), "   \
	"read by store_figures_mastery (store_figures.c); mastery_student "    \
	"and mastery_group hold the same share per assessment"
#define MASTERY_EVIDENCE_TEXT                                                  \
	" Not enough evidence: below items.min_evidence (default 3) item "     \
	"points available the student's mastery is not shown as a number (a "  \
	"mark says so, with the evidence it has) and no next step is made "    \
	"from it; a unit's mastery still counts the student (it rests on all " \
	"its students' points together)."
#define MASTERY_CUT_TEXT "60%"

static const fig_def catalogue[FIG_COUNT] = {
    [FIG_SCHOOLS] =
        {FIG_SCHOOLS, "schools", N_("Schools"), N_("Schools in the unit."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_SCHOOLS,
         "Count of the orgs marked as schools under the unit (the unit "
         "itself when it is a school).",
         "unit_stat.schools (units analysis)", NOFIG, FIG_SUPP_NONE},
    [FIG_STUDENTS] =
        {FIG_STUDENTS, "students", N_("Students"),
         N_("Students placed in the unit this year (enrolled, for a "
            "class)."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_STUDENTS,
         "Distinct students with a placement in a school under the unit in "
         "the year; for a class, the students enrolled in it.",
         "unit_stat.students (units analysis)", NOFIG, FIG_SUPP_CELL},
    [FIG_RESULTS] =
        {FIG_RESULTS, "results", N_("Results"),
         N_("Summative results this year: one per student and "
            "assessment."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_RESULTS,
         "Number of summative results of the year in the unit: a student "
         "with results in three subjects counts three times.",
         "unit_result.n (units analysis)", NOFIG, FIG_SUPP_CELL},
    [FIG_MEAN_PCT] =
        {FIG_MEAN_PCT, "mean_pct", N_("Mean score"),
         N_("Mean of this year's summative results as a percent of each "
            "test's maximum score."),
         FIG_UNIT_PERCENT, 1, 0, FIG_POP_RESULTS,
         "Mean over the year's summative results of score / maximum x "
         "100; a result counts for the school of its student's placement "
         "that year and every unit above it. A class's: its enrolled "
         "students' summative results of the class's year in its subject "
         "(every subject for a homeroom class). One student's (the class "
         "page's students, the class planning sheet, the student page's "
         "progress by subject and year): the mean of that student's own "
         "summative results of the year in the subject. Baseline, "
         "formative and diagnostic results are never in it: they measure "
         "the start or the course of a year, and a mean that mixed them "
         "in would move with how many tests a teacher set; every result "
         "is listed on its own on the student page.",
         "unit_result.sum_pct / n (units analysis); a student's from "
         "result and assessment (store_figures_students)",
         NOFIG, FIG_SUPP_CELL},
    [FIG_PROFICIENT] =
        {FIG_PROFICIENT, "proficient", N_("Proficient"),
         N_("Share of this year's summative results at or above the "
            "proficient cut score."),
         FIG_UNIT_PERCENT, 1, 0, FIG_POP_RESULTS,
         "Results at or above the proficient cut (the band named "
         "proficient, else the middle band) / results x 100, over the "
         "year's summative assessments.",
         "desc_stat.share_prof and n (desc analysis)", NOFIG, FIG_SUPP_CELL},
    [FIG_ATTENDANCE] =
        {FIG_ATTENDANCE, "attendance", N_("Attendance"),
         N_("Days present (late arrivals count as present) out of the "
            "school days marked this year."),
         FIG_UNIT_PERCENT, 1, 0, FIG_POP_STUDENT_DAYS,
         "Sum over the unit's students of days present / sum of possible "
         "days x 100 (attendance.h: a day is possible when it has a mark; "
         "absent and excused days are not present).",
         "unit_stat.present / unit_stat.possible (units analysis)", NOFIG,
         FIG_SUPP_CELL},
    [FIG_VA] =
        {FIG_VA, "va", N_("Value-added"),
         N_("Progress against students with the same prior attainment, in "
            "standard deviations; 0 is average."),
         FIG_UNIT_SD, 2, 1, FIG_POP_VA_STUDENTS,
         "Mean residual of the regression of this year's summative score "
         "on the prior year's (scores standardised per assessment), over "
         "the unit's students; negative residuals capped (docs/ANALYTICS.md "
         "Value-added).",
         "va_group.va (va analysis, model 'regression')", FIG_VA_LO, FIG_VA_HI,
         FIG_SUPP_CELL},
    [FIG_VA_LO] =
        {FIG_VA_LO, "va_lo", N_("VA low"),
         /* xgettext:no-c-format */
         N_("Lower end of the value-added's 95% interval."), FIG_UNIT_SD, 2, 1,
         FIG_POP_VA_STUDENTS,
         "va - 1.96 x its standard error (docs/ANALYTICS.md Value-added).",
         "va_group.lo (va analysis)", NOFIG, FIG_SUPP_CELL},
    [FIG_VA_HI] =
        {FIG_VA_HI, "va_hi", N_("VA high"),
         /* xgettext:no-c-format */
         N_("Upper end of the value-added's 95% interval."), FIG_UNIT_SD, 2, 1,
         FIG_POP_VA_STUDENTS,
         "va + 1.96 x its standard error (docs/ANALYTICS.md Value-added).",
         "va_group.hi (va analysis)", NOFIG, FIG_SUPP_CELL},
    [FIG_VA_N] =
        {FIG_VA_N, "va_n", N_("Results in value-added"),
         N_("Current results with a prior result in the same subject: "
            "what the value-added is computed from (a student counts once "
            "per subject)."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_VA_STUDENTS,
         "Summative results of the unit's students this year with a "
         "prior-year result in the same subject: one per student and "
         "subject.",
         "va_group.n (va analysis)", NOFIG, FIG_SUPP_CELL},
    [FIG_VA_ALL] =
        {FIG_VA_ALL, "va_all_years", N_("Value-added, all years"),
         N_("Value-added over every year analysed together: steadier "
            "than one year's; peer-learning pairs are made on it."),
         FIG_UNIT_SD, 2, 1, FIG_POP_VA_STUDENTS,
         "The value-added model fitted to every year's results at once; "
         "the unit's mean residual (docs/ANALYTICS.md Value-added).",
         "va_group.va (va analysis, model 'regression', year_id NULL)",
         FIG_VA_ALL_LO, FIG_VA_ALL_HI, FIG_SUPP_CELL},
    [FIG_VA_ALL_LO] =
        {FIG_VA_ALL_LO, "va_all_years_lo", N_("Low, all years"),
         /* xgettext:no-c-format */
         N_("Lower end of the all-years value-added's 95% interval."),
         FIG_UNIT_SD, 2, 1, FIG_POP_VA_STUDENTS,
         "va - 1.96 x its standard error.",
         "va_group.lo (va analysis, year_id NULL)", NOFIG, FIG_SUPP_CELL},
    [FIG_VA_ALL_HI] =
        {FIG_VA_ALL_HI, "va_all_years_hi", N_("High, all years"),
         /* xgettext:no-c-format */
         N_("Upper end of the all-years value-added's 95% interval."),
         FIG_UNIT_SD, 2, 1, FIG_POP_VA_STUDENTS,
         "va + 1.96 x its standard error.",
         "va_group.hi (va analysis, year_id NULL)", NOFIG, FIG_SUPP_CELL},
    [FIG_EWS_FLAGGED] =
        {FIG_EWS_FLAGGED, "ews_flagged", N_("Early-warning flags"),
         N_("Students with an early warning or at risk on attendance, "
            "behaviour, course performance or progress."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_STUDENTS,
         "Students whose overall early-warning level is early warning or "
         "at risk (docs/ANALYTICS.md Early warning: the worst of the "
         "indicators, with the configured thresholds).",
         "ews_summary.n_warn + n_risk (ews analysis); for a class, its "
         "enrolled students' ews_flag rows",
         NOFIG, FIG_SUPP_CELL},
    [FIG_EWS_RISK] = {FIG_EWS_RISK, "ews_risk", N_("At risk"),
                      N_("Students at risk, the higher early-warning level."),
                      FIG_UNIT_COUNT, 0, 0, FIG_POP_STUDENTS,
                      "Students whose overall early-warning level is at risk.",
                      "ews_summary.n_risk (ews analysis)", NOFIG,
                      FIG_SUPP_CELL},
    [FIG_CHRONIC] =
        {FIG_CHRONIC, "chronic", N_("Chronically absent"),
         /* xgettext:no-c-format */
         N_("Students who missed 10% or more of their school days this "
            "year."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_STUDENTS,
         "Students whose absent days (excused included) are 10% or more "
         "of their possible days (Balfanz & Byrnes 2012; the early-warning "
         "analysis's chronic-absence rule, docs/ANALYTICS.md).",
         "ews_summary.n_chronic (ews analysis); for a class, its enrolled "
         "students' ews_flag rows with chronic_absence",
         NOFIG, FIG_SUPP_CELL},
    [FIG_EWS_SLOWING] =
        {FIG_EWS_SLOWING, "ews_slowing", N_("Progress slowing"),
         N_("Students whose standing among their peers has been falling "
            "over the last windows."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_STUDENTS,
         "Students flagged by the early-warning analysis's slowing-"
         "progress indicator (docs/ANALYTICS.md Early warning).",
         "ews_summary.n_slowing (ews analysis)", NOFIG, FIG_SUPP_CELL},
    [FIG_MEDIAN_SGP] =
        {FIG_MEDIAN_SGP, "median_sgp", N_("Median SGP"),
         N_("Median student growth percentile in the subject this year; "
            "50 is typical growth."),
         FIG_UNIT_PERCENTILE, 0, 0, FIG_POP_SGPS,
         "Median of the students' annual growth percentiles in one subject "
         "(Betebenner 2009; docs/ANALYTICS.md Student Growth Percentiles).",
         "growth_median.median_sgp (growth analysis, period 'annual')", NOFIG,
         FIG_SUPP_CELL},
    [FIG_SGPS] =
        {FIG_SGPS, "sgps", N_("Growth percentiles"),
         N_("Students with a growth percentile in the subject this year."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_SGPS,
         "Number of annual growth percentiles behind the median.",
         "growth_median.n (growth analysis)", NOFIG, FIG_SUPP_CELL},
    [FIG_INCIDENTS] =
        {FIG_INCIDENTS, "incidents", N_("Behaviour incidents"),
         N_("Negative behaviour events recorded this year."), FIG_UNIT_COUNT, 0,
         0, FIG_POP_NONE,
         "Behaviour events of kind 'negative' dated inside the academic "
         "year.",
         "behaviour_event (raw, the student's own rows)", NOFIG, FIG_SUPP_NONE},
    [FIG_SGP] =
        {FIG_SGP, "sgp", N_("Growth percentile"),
         N_("How the student grew against students with similar earlier "
            "scores: 50 is typical, above 65 higher than most."),
         FIG_UNIT_PERCENTILE, 0, 0, FIG_POP_NONE,
         "The student's annual growth percentile in the subject (quantile "
         "regression on prior scores, Betebenner 2009; docs/ANALYTICS.md "
         "Student Growth Percentiles).",
         "growth.sgp (growth analysis, period 'annual')", NOFIG, FIG_SUPP_NONE},
    [FIG_MEDIAN_SGP_WY] =
        {FIG_MEDIAN_SGP_WY, "median_sgp_within", N_("Median SGP in the year"),
         N_("Median growth percentile from this year's baseline to its "
            "end-of-year test; 50 is typical growth."),
         FIG_UNIT_PERCENTILE, 0, 0, FIG_POP_SGPS,
         "Median of the students' within-year growth percentiles in one "
         "subject (baseline to summative; docs/ANALYTICS.md Student "
         "Growth Percentiles).",
         "growth_median.median_sgp (growth analysis, period "
         "'within_year')",
         NOFIG, FIG_SUPP_CELL},
    [FIG_SGPS_WY] =
        {FIG_SGPS_WY, "sgps_within", N_("Growth percentiles in the year"),
         N_("Students with a within-year growth percentile in the "
            "subject."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_SGPS,
         "Number of within-year growth percentiles behind the median.",
         "growth_median.n (growth analysis, period 'within_year')", NOFIG,
         FIG_SUPP_CELL},
    COMPL(FIG_COMPL_SCHOOLS, "completeness_schools", FIG_POP_SCHOOLS,
          N_("Schools asked"),
          N_("Schools the data collection asks: every school under the "
             "org the calendar sets it for."),
          "Schools under the event's org (every school when it names "
          "none) and under the unit."),
    COMPL(FIG_COMPL_ONTIME, "completeness_ontime", FIG_POP_SCHOOLS,
          N_("On time"), N_("Schools with everything in by the due date."),
          "Schools whose line is complete (collect_state_of: done >= "
          "expected > 0, nothing in after the due date); for a window "
          "counted per class, every class complete (collect_state_merge)."),
    COMPL(FIG_COMPL_LATE, "completeness_late", FIG_POP_SCHOOLS, N_("Late"),
          N_("Schools with everything in, some of it after the due date."),
          "Schools whose line is late: everything in, some of it saved "
          "(or the submission dated) after the due date."),
    COMPL(FIG_COMPL_PARTIAL, "completeness_partial", FIG_POP_SCHOOLS,
          N_("Partial"),
          N_("Schools past the due date with some but not all in."),
          "Schools whose line is partial: today is past the due date and "
          "0 < done < expected (some classes or answers in, not all)."),
    COMPL(FIG_COMPL_MISSING, "completeness_missing", FIG_POP_SCHOOLS,
          N_("Missing"), N_("Schools past the due date with nothing in."),
          "Schools whose line is missing: today is past the due date and "
          "nothing is in (or nothing could be: no class, no audience)."),
    COMPL(FIG_COMPL_PENDING, "completeness_pending", FIG_POP_SCHOOLS,
          N_("Not yet due"),
          N_("Schools not complete whose due date has not passed."),
          "Schools whose line is pending: today is on or before the due "
          "date and not everything is in."),
    [FIG_MASTERY_PCT] =
        {FIG_MASTERY_PCT, "mastery_pct", N_("Mastery"),
         N_("Percent of the points available on a learning outcome's "
            "items that were earned this year."),
         FIG_UNIT_PERCENT, 1, 0, FIG_POP_ITEM_POINTS,
         "A student's: 100 x the points earned / the points available "
         "over the outcome's items (item.standard_id) in the year's "
         "assessments that the student has a response to (an item not yet "
         "marked is left out, not counted as 0); for a subject class only "
         "its subject's assessments count. Its population is those item "
         "points (`mastery_points`), items (`mastery_items`) and "
         "assessments (`mastery_assessments`)." MASTERY_EVIDENCE_TEXT
         " A unit's (a class: its enrolled students; a school: the "
         "students placed in it that year): the mean of its students' "
         "mastery of the outcome, each student once (`mastery_students`; "
         "blanked for viewers who may not see the students when they are "
         "fewer than the minimum). Mastered: " MASTERY_CUT_TEXT
         " or more (the items analysis's "
         "items.mastery_cut; docs/ANALYTICS.md Items and mastery, which "
         "holds the same share per assessment).",
         MASTERY_SOURCE, NOFIG, FIG_SUPP_CELL},
    [FIG_MASTERY_POINTS] =
        {FIG_MASTERY_POINTS, "mastery_points", N_("Item points"),
         N_("Points available on the outcome's items behind a student's "
            "mastery: the fewer, the rougher the figure."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_ITEM_POINTS,
         "Sum of the maximum points of the outcome's items the student "
         "has a response to in the year (the denominator of "
         "`mastery_pct`).",
         MASTERY_SOURCE, NOFIG, FIG_SUPP_NONE},
    [FIG_MASTERY_STUDENTS] =
        {FIG_MASTERY_STUDENTS, "mastery_students", N_("Students"),
         N_("Students with results on the outcome's items behind a "
            "class's or school's mastery."),
         FIG_UNIT_COUNT, 0, 0, FIG_POP_STUDENTS,
         "Students of the unit with a response to at least one of the "
         "outcome's items in the year.",
         MASTERY_SOURCE, NOFIG, FIG_SUPP_CELL},
    [FIG_MASTERY_SHARE] =
        {FIG_MASTERY_SHARE, "mastery_share", N_("Share mastered"),
         /* xgettext:no-c-format */
         N_("Share of the students who earned 60% or more of the "
            "outcome's points."),
         FIG_UNIT_PERCENT, 1, 0, FIG_POP_STUDENTS,
         "Students whose `mastery_pct` is " MASTERY_CUT_TEXT " or more / "
         "`mastery_students` x 100 (a student's: 100 or 0).",
         MASTERY_SOURCE, NOFIG, FIG_SUPP_CELL},
    [FIG_MASTERY_ITEMS] =
        {FIG_MASTERY_ITEMS, "mastery_items", N_("Items"),
         N_("Items of the outcome behind a student's mastery."), FIG_UNIT_COUNT,
         0, 0, FIG_POP_ITEM_POINTS,
         "Count of the outcome's items the student has a response to in "
         "the year.",
         MASTERY_SOURCE, NOFIG, FIG_SUPP_NONE},
    [FIG_MASTERY_ASSESSMENTS] =
        {FIG_MASTERY_ASSESSMENTS, "mastery_assessments", N_("Assessments"),
         N_("Assessments those items come from."), FIG_UNIT_COUNT, 0, 0,
         FIG_POP_ITEM_POINTS,
         "Count of the distinct assessments of the year holding the "
         "outcome's items the student has a response to.",
         MASTERY_SOURCE, NOFIG, FIG_SUPP_NONE},
    [FIG_MASTERY_REL] =
        {FIG_MASTERY_REL, "mastery_rel", N_("Against the area"),
         N_("The unit's mastery minus its area's, in percentage points: "
            "below 0 the unit is weaker on this outcome than the area as "
            "a whole."),
         FIG_UNIT_PERCENT, 1, 1, FIG_POP_STUDENTS,
         "mean_u - mean_a: the unit's `mastery_pct` minus its area's (the "
         "parent unit, which contains it). With r the rest of the area (n_r = "
         "n_a - n_u) it "
         "equals (n_r / n_a)(mean_u - mean_r), so its standard error is "
         "(n_r / n_a) sqrt(s_u^2 / n_u + s_r^2 / n_r) (the unequal-"
         "variance standard error of a difference of independent means, "
         "Welch 1947; s the student-level SDs of mastery, from the sums "
         "of mastery_unit). 95% interval: -/+ 1.96 SE "
         "(`mastery_rel_lo`, `mastery_rel_hi`), absent when n_u or n_r is "
         "below 2. A unit is marked relatively weak (strong) when the "
         "whole interval lies below (above) 0 (sf_mastery_rel, "
         "store_figures.c).",
         "mastery_unit of the unit and of its parent (items analysis), by "
         "store_figures_mastery (store_figures.c)",
         FIG_MASTERY_REL_LO, FIG_MASTERY_REL_HI, FIG_SUPP_CELL},
    [FIG_MASTERY_REL_LO] =
        {FIG_MASTERY_REL_LO, "mastery_rel_lo", N_("Low"),
         /* xgettext:no-c-format */
         N_("Lower end of the 95% interval of the difference from the "
            "area."),
         FIG_UNIT_PERCENT, 1, 1, FIG_POP_STUDENTS,
         "`mastery_rel` - 1.96 x its standard error.", "as `mastery_rel`",
         NOFIG, FIG_SUPP_CELL},
    [FIG_MASTERY_REL_HI] =
        {FIG_MASTERY_REL_HI, "mastery_rel_hi", N_("High"),
         /* xgettext:no-c-format */
         N_("Upper end of the 95% interval of the difference from the "
            "area."),
         FIG_UNIT_PERCENT, 1, 1, FIG_POP_STUDENTS,
         "`mastery_rel` + 1.96 x its standard error.", "as `mastery_rel`",
         NOFIG, FIG_SUPP_CELL},
};

const fig_id *fig_completeness(void)
{
	static const fig_id figs[] = {FIG_COMPL_SCHOOLS, FIG_COMPL_ONTIME,
	                              FIG_COMPL_LATE,    FIG_COMPL_PARTIAL,
	                              FIG_COMPL_MISSING, FIG_COMPL_PENDING};
	return figs;
}

const fig_def *fig_get(fig_id id)
{
	if (id <= FIG_NONE || id >= FIG_COUNT)
		return NULL;
	return &catalogue[id];
}

const fig_def *fig_by_key(const char *key)
{
	for (int i = FIG_NONE + 1; key && i < FIG_COUNT; i++)
		if (strcmp(catalogue[i].key, key) == 0)
			return &catalogue[i];
	return NULL;
}

const char *fig_label(fig_id id)
{
	const fig_def *d = fig_get(id);
	return d ? _(d->label) : "";
}

const char *fig_help(fig_id id)
{
	const fig_def *d = fig_get(id);
	return d ? _(d->help) : "";
}

/* Short: shown under a column heading and in the JSON; docs/FIGURES.md
 * and each figure's help say the rest. */
static const char *const pop_words[] = {
    [FIG_POP_NONE] = "",
    [FIG_POP_STUDENTS] = N_("students"),
    [FIG_POP_RESULTS] = N_("results"),
    [FIG_POP_STUDENT_DAYS] = N_("school days"),
    [FIG_POP_SGPS] = N_("growth percentiles"),
    [FIG_POP_VA_STUDENTS] = N_("results with a prior result"),
    [FIG_POP_SCHOOLS] = N_("schools"),
    [FIG_POP_ITEM_POINTS] = N_("item points"),
    [FIG_POP_EVENTS] = N_("data collections"),
};

const char *fig_pop_words(fig_pop p)
{
	if ((int)p < 0 || p > FIG_POP_EVENTS || !*pop_words[p])
		return "";
	return _(pop_words[p]);
}

double fig_round(fig_id id, double v)
{
	const fig_def *d = fig_get(id);
	if (!d || !isfinite(v))
		return v;
	double sc = pow(10, d->decimals);
	double r = round(fabs(v) * sc) / sc;
	return v < 0 ? -r : r;
}

void fig_format(fig_id id, double v, const char *lang, buf *out)
{
	const fig_def *d = fig_get(id);
	if (!d || !isfinite(v))
		return;
	arena a;
	arena_init(&a);
	double r = fig_round(id, v);
	if (d->is_signed && r > 0)
		buf_addc(out, '+');
	buf_adds(out, report_fmt_num(&a, lang, r, d->decimals));
	if (d->unit == FIG_UNIT_PERCENT)
		buf_addc(out, '%');
	arena_free(&a);
}

/* The column of figure id in t, -1 when t does not hold it. */
static int fig_col(const sf_table *t, fig_id id)
{
	for (int f = 0; f < t->nfigs; f++)
		if (t->figs[f] == id)
			return f;
	return -1;
}

static double cell(const sf_table *t, int u, int f)
{
	return f >= 0 ? sf_v(t, u, f) : NAN;
}

typedef struct sup_key {
	fig_support s;
	int nreasons;
	double va, att;
} sup_key;

static int nan_last(double x, double y)
{
	if (isnan(x) || isnan(y))
		return isnan(x) - isnan(y);
	return x < y ? -1 : x > y;
}

static int sup_cmp(const void *a, const void *b)
{
	const sup_key *x = a, *y = b;
	int c;
	if (x->nreasons != y->nreasons)
		return y->nreasons - x->nreasons;
	if ((c = nan_last(x->va, y->va)) || (c = nan_last(x->att, y->att)))
		return c;
	return x->s.unit - y->s.unit;
}

int fig_unit_of(const sf_table *t, const char *code)
{
	for (int u = 0; code && u < t->nunits; u++)
		if (strcmp(t->units[u].code, code) == 0)
			return u;
	return -1;
}

int fig_peer_values(store *s, int64_t org_id, int n, const char *const *leader,
                    const char *const *partner, const int64_t *subject,
                    arena *a, double *out, att_err *e)
{
	static const fig_id vf[] = {FIG_VA_ALL, FIG_VA_ALL_LO, FIG_VA_ALL_HI};
	for (int i = 0; i < 4 * n; i++)
		out[i] = NAN;
	for (int i = 0; i < n; i++) {
		int seen = 0;
		for (int j = 0; j < i && !seen; j++)
			seen = subject[j] == subject[i];
		if (seen)
			continue;
		sf_filter f = {0, subject[i], -1, NULL, 0};
		sf_table t;
		int rc = store_figures_units(s, SF_SCHOOLS, org_id, &f, vf, 3,
		                             a, &t, e);
		if (rc)
			return rc;
		for (int j = i; j < n; j++) {
			if (subject[j] != subject[i])
				continue;
			int l = fig_unit_of(&t, leader[j]),
			    p = fig_unit_of(&t, partner[j]);
			if (l >= 0) {
				out[j * 4 + 0] = sf_v(&t, l, 0);
				out[j * 4 + 1] = sf_v(&t, l, 1);
			}
			if (p >= 0) {
				out[j * 4 + 2] = sf_v(&t, p, 0);
				out[j * 4 + 3] = sf_v(&t, p, 2);
			}
		}
	}
	return ATT_OK;
}

void fig_table_pick(arena *a, const sf_table *t, const int *order, int n,
                    sf_table *out)
{
	*out = *t;
	out->nunits = n;
	out->units = arena_alloc(a, (size_t)(n + 1) * sizeof(sf_unit));
	size_t cells = (size_t)(n + 1) * (size_t)t->nfigs;
	out->v = arena_alloc(a, cells * sizeof(double));
	out->n = arena_alloc(a, cells * sizeof(int64_t));
	for (int i = 0; i < n; i++) {
		out->units[i] = t->units[order[i]];
		for (int f = 0; f < t->nfigs; f++) {
			size_t to = (size_t)i * (size_t)t->nfigs + (size_t)f;
			out->v[to] = sf_v(t, order[i], f);
			out->n[to] = sf_n(t, order[i], f);
		}
	}
}

int fig_overdue(store *s, const collect_query *q, const sf_table *t, arena *a,
                int **out, att_err *e)
{
	*out = arena_alloc(a, (size_t)(t->nunits + 1) * sizeof(int));
	int64_t *ids =
	    arena_alloc(a, (size_t)(t->nunits + 1) * sizeof(int64_t));
	for (int u = 0; u < t->nunits; u++)
		ids[u] = t->units[u].id;
	int rc = store_collect_overdue(s, q, t->nunits, ids, *out, e);
	if (rc)
		memset(*out, 0, (size_t)(t->nunits + 1) * sizeof(int));
	return rc;
}

int fig_support_list(const sf_table *t, double area_mean, const int *overdue,
                     const unsigned char *supp, fig_support *out)
{
	int cva = fig_col(t, FIG_VA), chi = fig_col(t, FIG_VA_HI),
	    catt = fig_col(t, FIG_ATTENDANCE), cmean = fig_col(t, FIG_MEAN_PCT);
	sup_key *k = xmalloc(((size_t)t->nunits + 1) * sizeof(sup_key));
	int n = 0;
	for (int u = 0; u < t->nunits; u++) {
		int hidden = supp && supp[u];
		double va = hidden ? NAN : cell(t, u, cva),
		       hi = hidden ? NAN : cell(t, u, chi),
		       att = hidden ? NAN : cell(t, u, catt),
		       mean = hidden ? NAN : cell(t, u, cmean);
		unsigned r = 0;
		if (isfinite(hi) && hi < 0)
			r |= SUP_VA_BELOW;
		if (isfinite(att) && att < SUP_ATT_CUT)
			r |= SUP_ATT_LOW;
		if (isfinite(mean) && isfinite(area_mean) &&
		    mean < area_mean - SUP_MEAN_GAP)
			r |= SUP_MEAN_LOW;
		int od = overdue ? overdue[u] : 0;
		if (od > 0)
			r |= SUP_OVERDUE;
		if (!r)
			continue;
		k[n++] = (sup_key){{u, r, od}, __builtin_popcount(r), va, att};
	}
	qsort(k, (size_t)n, sizeof(sup_key), sup_cmp);
	for (int i = 0; i < n; i++)
		out[i] = k[i].s;
	free(k);
	return n;
}

const char *fig_support_words(arena *a, const fig_support *s, const sf_table *t,
                              double area_mean, const char *lang)
{
	buf b;
	buf_init(&b);
	int u = s->unit;
	if (s->reasons & SUP_VA_BELOW) {
		buf fv, flo, fhi;
		buf_init(&fv);
		buf_init(&flo);
		buf_init(&fhi);
		fig_format(FIG_VA, cell(t, u, fig_col(t, FIG_VA)), lang, &fv);
		fig_format(FIG_VA_LO, cell(t, u, fig_col(t, FIG_VA_LO)), lang,
		           &flo);
		fig_format(FIG_VA_HI, cell(t, u, fig_col(t, FIG_VA_HI)), lang,
		           &fhi);
		buf_printf(&b,
		           _("value-added below expected (%s, interval %s to "
		             "%s)"),
		           fv.data ? fv.data : "", flo.data ? flo.data : "",
		           fhi.data ? fhi.data : "");
		buf_free(&fv);
		buf_free(&flo);
		buf_free(&fhi);
	}
	if (s->reasons & SUP_ATT_LOW) {
		buf f;
		buf_init(&f);
		fig_format(FIG_ATTENDANCE,
		           cell(t, u, fig_col(t, FIG_ATTENDANCE)), lang, &f);
		buf_printf(&b, "%s", b.len ? "; " : "");
		buf_printf(&b, _("attendance %s, below %.0f%%"),
		           f.data ? f.data : "", SUP_ATT_CUT);
		buf_free(&f);
	}
	if (s->reasons & SUP_MEAN_LOW) {
		buf f, g;
		buf_init(&f);
		buf_init(&g);
		fig_format(FIG_MEAN_PCT, cell(t, u, fig_col(t, FIG_MEAN_PCT)),
		           lang, &f);
		fig_format(FIG_MEAN_PCT, area_mean, lang, &g);
		buf_printf(&b, "%s", b.len ? "; " : "");
		buf_printf(&b,
		           _("mean score %s, more than %.0f points below the "
		             "area's %s"),
		           f.data ? f.data : "", SUP_MEAN_GAP,
		           g.data ? g.data : "");
		buf_free(&f);
		buf_free(&g);
	}
	if (s->reasons & SUP_OVERDUE) {
		buf_printf(&b, "%s", b.len ? "; " : "");
		buf_printf(&b, _("overdue data collections: %d"), s->overdue);
	}
	const char *w = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return w;
}

const char *fig_group_words(arena *a, const char *key)
{
	static const struct {
		const char *key, *words;
	} fixed[] = {
	    {"gender:F", N_("Girls")},
	    {"gender:M", N_("Boys")},
	    {"gender:X", N_("Other gender")},
	    {"ses:1", N_("Socio-economically disadvantaged")},
	    {"ses:0", N_("Not disadvantaged")},
	    {"sen:1", N_("Special educational needs")},
	    {"sen:0", N_("No special needs")},
	};
	if (!key)
		return "";
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcmp(key, fixed[i].key) == 0)
			return _(fixed[i].words);
	if (strncmp(key, "lang:", 5) == 0)
		return arena_printf(a, _("Home language: %s"), key + 5);
	if (strncmp(key, "social:", 7) == 0)
		return arena_printf(a, _("Social category: %s"), key + 7);
	return key;
}

/* The figures an org unit has (the catalogue's unit figures). */
static const fig_id export_figs[] = {
    FIG_SCHOOLS,    FIG_STUDENTS,    FIG_RESULTS,  FIG_MEAN_PCT,
    FIG_PROFICIENT, FIG_ATTENDANCE,  FIG_VA,       FIG_VA_LO,
    FIG_VA_HI,      FIG_VA_N,        FIG_VA_ALL,   FIG_VA_ALL_LO,
    FIG_VA_ALL_HI,  FIG_EWS_FLAGGED, FIG_EWS_RISK, FIG_CHRONIC,
    FIG_EWS_SLOWING};
#define NEXPORT ((int)(sizeof(export_figs) / sizeof(export_figs[0])))

/* One year of every org's figures, written through fn. */
static int export_year(store *s, const sf_axis *y, store_export_fn fn,
                       void *ctx, arena *a, att_err *e)
{
	sf_filter f = {y->id, 0, -1, NULL, 0};
	sf_table t;
	int rc = store_figures_units(s, SF_ALL_ORGS, 0, &f, export_figs,
	                             NEXPORT, a, &t, e);
	if (rc)
		return rc;
	const char *names[4 + NEXPORT];
	store_value v[4 + NEXPORT];
	names[0] = "code";
	names[1] = "name";
	names[2] = "level";
	names[3] = "year";
	for (int k = 0; k < NEXPORT; k++)
		names[4 + k] = catalogue[export_figs[k]].key;
	for (int u = 0; u < t.nunits; u++) {
		const char *txt[4] = {t.units[u].code, t.units[u].name,
		                      t.units[u].level, y->code};
		for (int k = 0; k < 4; k++)
			v[k] = (store_value){SV_TEXT, 0, 0, txt[k], 0};
		for (int k = 0; k < NEXPORT; k++) {
			double x = sf_v(&t, u, k);
			int count =
			    catalogue[export_figs[k]].unit == FIG_UNIT_COUNT;
			v[4 + k] =
			    !isfinite(x) ? (store_value){SV_NULL, 0, 0, NULL, 0}
			    : count
			        ? (store_value){SV_INT, (int64_t)x, 0, NULL, 0}
			        : (store_value){SV_REAL, 0, x, NULL, 0};
		}
		if (fn(ctx, 4 + NEXPORT, names, v))
			break;
	}
	return ATT_OK;
}

/* The years `attain export` covers: those of every root (the first units
 * of orgs, which SF_ALL_ORGS lists root first), each once, in the first
 * root's order; into a. The roots are left in orgs. */
static int export_years(store *s, arena *a, sf_table *orgs, sf_axis **out,
                        int *ny, att_err *e)
{
	sf_filter f0 = {0, 0, -1, NULL, 0};
	static const fig_id none[] = {FIG_SCHOOLS};
	int rc =
	    store_figures_units(s, SF_ALL_ORGS, 0, &f0, none, 1, a, orgs, e);
	sf_axis *years = NULL;
	int n = 0;
	size_t cap = 0;
	for (int u = 0; !rc && u < orgs->nunits &&
	                strcmp(orgs->units[u].level, orgs->units[0].level) == 0;
	     u++) {
		sf_axis *ys;
		int k;
		rc = store_figures_axis(s, SF_AXIS_YEARS, orgs->units[u].id, 0,
		                        a, &ys, &k, e);
		for (int i = 0; !rc && i < k; i++) {
			int seen = 0;
			for (int j = 0; j < n && !seen; j++)
				seen = years[j].id == ys[i].id;
			if (seen)
				continue;
			xgrow((void **)&years, &cap, (size_t)n + 1,
			      sizeof(sf_axis));
			years[n++] = ys[i];
		}
	}
	*out = arena_alloc(a, (size_t)(n + 1) * sizeof(sf_axis));
	if (n)
		memcpy(*out, years, (size_t)n * sizeof(sf_axis));
	*ny = n;
	free(years);
	return rc;
}

/* One year of every school's mastery of each learning outcome (the
 * schools under each root), written through fn. */
static int export_mastery_year(store *s, const sf_table *orgs, const sf_axis *y,
                               store_export_fn fn, void *ctx, arena *a,
                               att_err *e)
{
	static const char *const names[] = {"code",
	                                    "name",
	                                    "year",
	                                    "standard",
	                                    "mastery_pct",
	                                    "mastery_share",
	                                    "mastery_students"};
	for (int u = 0; u < orgs->nunits &&
	                strcmp(orgs->units[u].level, orgs->units[0].level) == 0;
	     u++) {
		rowset m;
		int rc = store_figures_mastery(
		    s, SF_M_SCHOOLS, orgs->units[u].id, y->id, a, &m, e);
		if (rc)
			return rc;
		for (int i = 0; i < m.nrow; i++) {
			store_value v[7];
			for (int k = 0; k < 4; k++)
				v[k] = (store_value){SV_TEXT, 0, 0,
				                     rows_text(&m, i, names[k]),
				                     0};
			for (int k = 4; k < 6; k++)
				v[k] = (store_value){SV_REAL, 0,
				                     rows_num(&m, i, names[k]),
				                     NULL, 0};
			v[6] = (store_value){SV_INT, rows_int(&m, i, names[6]),
			                     0, NULL, 0};
			if (fn(ctx, 7, names, v))
				return ATT_OK;
		}
	}
	return ATT_OK;
}

int fig_export_has(const char *name)
{
	return name && (strcmp(name, "figures") == 0 ||
	                strcmp(name, "figures_mastery") == 0);
}

int fig_export(store *s, const char *name, store_export_fn fn, void *ctx,
               att_err *e)
{
	if (!fig_export_has(name))
		return err_set(e, ATT_ENOTFOUND, "no figures export %s",
		               name ? name : "");
	arena a;
	arena_init(&a);
	sf_table orgs;
	sf_axis *years;
	int ny;
	int mastery = strcmp(name, "figures_mastery") == 0;
	int rc = export_years(s, &a, &orgs, &years, &ny, e);
	for (int i = 0; !rc && i < ny; i++)
		rc = mastery ? export_mastery_year(s, &orgs, &years[i], fn, ctx,
		                                   &a, e)
		             : export_year(s, &years[i], fn, ctx, &a, e);
	arena_free(&a);
	return rc;
}

static const char *const unit_words[] = {
    [FIG_UNIT_COUNT] = "count",
    [FIG_UNIT_PERCENT] = "percent (0-100)",
    [FIG_UNIT_SD] = "standard deviations",
    [FIG_UNIT_PERCENTILE] = "percentile (1-99)",
    [FIG_UNIT_SCORE] = "the assessment's scale",
    [FIG_UNIT_COEF] = "coefficient",
    [FIG_UNIT_CODE] = "a level or category",
};

void fig_markdown(buf *out)
{
	buf_adds(out,
	         "# Figures\n\n"
	         "Every figure attain shows - on a page, in its JSON and CSV "
	         "twins, in a report, in the academic plan and in `attain "
	         "export` - is declared once in the catalogue (src/figures.c) "
	         "and read from one place (src/store_figures.c). This page is "
	         "generated from the catalogue (`attain figures --markdown`); "
	         "do not edit it by hand.\n\n"
	         "- **key**: the JSON key, CSV column and export column.\n"
	         "- **population**: what the figure counts, named beside it "
	         "wherever it is shown.\n"
	         "- **shown as**: the rounding every page and report uses.\n"
	         "- **suppressed**: blanked for viewers who may not see the "
	         "individuals when its population is below the minimum "
	         "(default 10; docs/ANALYTICS.md Suppression).\n\n");
	for (int i = FIG_NONE + 1; i < FIG_COUNT; i++) {
		const fig_def *d = &catalogue[i];
		buf_printf(out, "## %s\n\n", d->label);
		buf_printf(out, "%s\n\n", d->help);
		buf_printf(out, "- key: `%s`\n", d->key);
		buf_printf(out, "- unit: %s; shown as %s%s%d decimal%s\n",
		           unit_words[d->unit], d->is_signed ? "signed, " : "",
		           "", d->decimals, d->decimals == 1 ? "" : "s");
		if (d->pop != FIG_POP_NONE)
			buf_printf(out, "- population: %s\n",
			           pop_words[d->pop]);
		buf_printf(out, "- formula: %s\n", d->formula);
		buf_printf(out, "- source: %s\n", d->source);
		if (d->lo != FIG_NONE)
			buf_printf(
			    out, "- uncertainty: 95%% interval `%s` to `%s`\n",
			    catalogue[d->lo].key, catalogue[d->hi].key);
		buf_printf(out, "- suppressed: %s\n\n",
		           d->supp == FIG_SUPP_CELL
		               ? "yes, below the minimum population"
		               : "no");
	}
}
