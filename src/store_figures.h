/*
 * store_figures.h - the values of the figures of the catalogue
 * (figures.h), each read from one place: the one function behind a figure
 * is here, and every page, report, plan and export asks it. A figure that
 * has two readers cannot have two values.
 *
 * Org units and classes: store_figures_units fills a table of units x
 * figures for one year (and one subject, or all), reading
 *   - unit_result (the units analysis) for results, mean and proficiency,
 *   - unit_stat (the units analysis) for students, schools and attendance,
 *   - va_group (the va analysis) for value-added and its interval,
 *   - ews_summary (the ews analysis) for early-warning counts,
 *   - growth_median (the growth analysis) for median growth percentiles,
 * always of the latest finished run of each analysis. Nothing here falls
 * back to raw tables when an analysis has not run: the figure is absent
 * and the page says so. A student's figures are read from that student's
 * own rows (store_figures_students). The mastery of learning outcomes
 * (store_figures_mastery) is read from the items analysis's mastery_year
 * (a student's; a class's the mean of its students') and mastery_unit
 * (an org's, from the sums over its students).
 *
 * Ownership: what a call returns lives in the caller's arena.
 */
#ifndef ATTAIN_STORE_FIGURES_H
#define ATTAIN_STORE_FIGURES_H

#include <stdint.h>

#include "store.h"
#include "store_rows.h"
#include "util.h"

/* Every figure of the catalogue. The order is the catalogue's (figures.c
 * keeps one entry per id, in this order). */
typedef enum {
	FIG_NONE = 0,
	/* org units and classes, one year */
	FIG_SCHOOLS,    /* schools in the unit */
	FIG_STUDENTS,   /* students placed (enrolled, for a class) */
	FIG_RESULTS,    /* summative results of the year */
	FIG_MEAN_PCT,   /* mean summative score, percent of maximum */
	FIG_PROFICIENT, /* share of summative results at or above the
	                   proficient cut */
	FIG_ATTENDANCE, /* days present / possible days */
	FIG_VA,         /* value-added (regression model), SD */
	FIG_VA_LO,
	FIG_VA_HI,
	FIG_VA_N,   /* results in the value-added estimate */
	FIG_VA_ALL, /* value-added over every year analysed */
	FIG_VA_ALL_LO,
	FIG_VA_ALL_HI,
	FIG_EWS_FLAGGED,   /* students with an early warning or at risk */
	FIG_EWS_RISK,      /* students at risk */
	FIG_CHRONIC,       /* students chronically absent */
	FIG_EWS_SLOWING,   /* students whose progress is slowing */
	FIG_MEDIAN_SGP,    /* median annual growth percentile */
	FIG_SGPS,          /* growth percentiles behind it */
	FIG_MEDIAN_SGP_WY, /* median growth percentile within the year */
	FIG_SGPS_WY,
	/* a student, one year */
	FIG_INCIDENTS, /* behaviour incidents (negative events) */
	FIG_SGP,       /* the student's annual growth percentile */
	/* a data-collection window as of a day (store_collect_status): the
	 * schools asked and the schools in each state */
	FIG_COMPL_SCHOOLS,
	FIG_COMPL_ONTIME,
	FIG_COMPL_LATE,
	FIG_COMPL_PARTIAL,
	FIG_COMPL_MISSING,
	FIG_COMPL_PENDING,
	/* a learning outcome, one year: a student's mastery or a unit's
	 * (store_figures_mastery) */
	FIG_MASTERY_PCT,         /* percent of the outcome's item points */
	FIG_MASTERY_POINTS,      /* item points behind a student's mastery */
	FIG_MASTERY_STUDENTS,    /* students behind a unit's mastery */
	FIG_MASTERY_SHARE,       /* share of those students at the cut */
	FIG_MASTERY_ITEMS,       /* items behind a student's mastery */
	FIG_MASTERY_ASSESSMENTS, /* assessments those items are in */
	FIG_MASTERY_REL,         /* a unit's mastery minus its area's */
	FIG_MASTERY_REL_LO,
	FIG_MASTERY_REL_HI,
	FIG_COUNT
} fig_id;

/* One unit (org or class) of a figures table. */
typedef struct sf_unit {
	int64_t id;
	const char *code;
	const char *name;
	const char *level; /* "class" for a class */
	int is_school;
	/* a class: its grade (-1 unknown), subject ("" homeroom) and
	 * teachers ("" none); "" and -1 for an org */
	int grade;
	const char *subject;
	const char *teacher;
} sf_unit;

/* Which units to read. */
typedef enum {
	SF_ORG,      /* the org itself */
	SF_CHILDREN, /* the org's child units */
	SF_SCHOOLS,  /* every school under the org (itself if a school) */
	SF_CLASSES,  /* the classes of a school in the year */
	SF_ALL_ORGS, /* every org (org_id ignored), root first, then by
	                depth and name */
	SF_CLASS     /* one class (org_id is the class's id) in the year */
} sf_which;

/* units x figures: v[u * nfigs + f] (NaN when absent), n the population
 * behind each value (0 when absent), hid whether the value must be blanked
 * for a viewer who sees the unit as an aggregate (an officer): 1 its cell
 * has fewer people than the minimum, 2 it is blanked so that no blanked
 * count follows from the rest of the release (the release analysis,
 * release_cell; docs/PRIVACY.md). Classes and students are never hidden
 * here (only people who may see their members see them). */
typedef struct sf_table {
	int nunits, nfigs;
	sf_unit *units;
	const fig_id *figs;
	double *v;
	int64_t *n;
	unsigned char *hid;
} sf_table;

static inline double sf_v(const sf_table *t, int unit, int fig)
{
	return t->v[(size_t)unit * (size_t)t->nfigs + (size_t)fig];
}
static inline int64_t sf_n(const sf_table *t, int unit, int fig)
{
	return t->n[(size_t)unit * (size_t)t->nfigs + (size_t)fig];
}
static inline int sf_hidden(const sf_table *t, int unit, int fig)
{
	return t->hid ? t->hid[(size_t)unit * (size_t)t->nfigs + (size_t)fig]
	              : 0;
}

/*
 * Students: the same figures of one student or of the students enrolled
 * in a class (level "student", name "Given Family"), read from the raw
 * tables of that student alone, by the same definitions: results, mean
 * score (FIG_RESULTS, FIG_MEAN_PCT: the student's summative results of
 * the year, in the filter's subject or all), attendance (FIG_ATTENDANCE:
 * days present / possible of the year's record), FIG_INCIDENTS (negative
 * behaviour events dated in the year), FIG_SGP (annual growth percentile
 * in the filter's subject), FIG_EWS_FLAGGED and FIG_EWS_RISK (1 or 0: the
 * early-warning analysis's flag). Other figures are absent.
 */
typedef enum { SF_STUDENT, SF_CLASS_STUDENTS } sf_students;

/* What the figures are of: a year, and optionally one subject, one grade
 * and one group of students. A figure that has no such breakdown is
 * absent (value absent is not zero: the page says it is not available). */
typedef struct sf_filter {
	int64_t year_id;
	int64_t subject_id;    /* 0: every subject */
	int grade;             /* -1: every grade */
	const char *subgroup;  /* NULL or "all": every student; else a group
	                          as desc_stat names it ("gender:F",
	                          "ses:1", "sen:1", ...) */
	int64_t assessment_id; /* 0: every summative assessment of the year;
	                          else that assessment alone (results, mean
	                          score and proficiency from desc_stat; the
	                          subject and grade are the assessment's) */
} sf_filter;

/* The figures figs[0..nfigs) of the units `which` of org (or school)
 * org_id as filter f says. Units are ordered by name. ATT_OK with nunits
 * 0 when there are none. */
int store_figures_units(store *s, sf_which which, int64_t org_id,
                        const sf_filter *f, const fig_id *figs, int nfigs,
                        arena *a, sf_table *out, att_err *e);

int store_figures_students(store *s, sf_students which, int64_t id,
                           const sf_filter *f, const fig_id *figs, int nfigs,
                           arena *a, sf_table *out, att_err *e);

/* The values an org's figures are broken down by in a year: the years
 * with results or students (every year; year_id ignored), the grades of
 * its students, the subjects of its summative results, the groups of
 * students its results are described for. */
typedef enum {
	SF_AXIS_YEARS,
	SF_AXIS_GRADES,
	SF_AXIS_SUBJECTS,
	SF_AXIS_SUBGROUPS,
	SF_AXIS_ASSESSMENTS /* summative assessments with results in the
	                       org that year; name "NAME\tSUBJECT\tTERM" */
} sf_axis_kind;

typedef struct sf_axis {
	int64_t id;       /* year or subject id; the grade; 0 for a group */
	const char *code; /* year or subject code; the group's key
	                     ("gender:F"); the grade as text */
	const char *name; /* year or subject name; "" for a grade or group
	                     (words are made at output) */
} sf_axis;

/* The values, in their natural order (years by start date, grades
 * ascending, subjects and groups by code). */
int store_figures_axis(store *s, sf_axis_kind kind, int64_t org_id,
                       int64_t year_id, arena *a, sf_axis **out, int *n,
                       att_err *e);

/*
 * Mastery of learning outcomes (FIG_MASTERY_*), one definition for every
 * page, report and export that shows it, read from the items analysis's
 * mastery_year and mastery_unit (an_mastery.h):
 *
 *   a student's mastery of an outcome in a year = 100 x the points the
 *   student earned / the points available, over the items of that
 *   outcome (item.standard_id) in the year's assessments that the
 *   student has a response to (an item with no response yet is not
 *   counted: a mark not yet entered is not a zero); its evidence is
 *   those item points (FIG_MASTERY_POINTS), the items and the
 *   assessments they come from (FIG_MASTERY_ITEMS,
 *   FIG_MASTERY_ASSESSMENTS). Below items.min_evidence points available
 *   there is not enough evidence: mastery_pct and mastery_share are NULL,
 *   the evidence is still given, and column `enough` is 0;
 *   a unit's (a class, an org) = the mean of its students' mastery of
 *   the outcome that year (each student once), over every student with
 *   a response to its items (FIG_MASTERY_STUDENTS: the unit's figure
 *   rests on all their points together, so it is shown whatever each
 *   student's evidence); FIG_MASTERY_SHARE the percent of them who
 *   mastered it (items.mastery_cut).
 *
 * A class's students are its enrolled students, and only the class's
 * year and, for a subject class, the outcomes of its subject count; an
 * org's are the students placed in a school under it that year.
 *
 * store_figures_mastery returns one row per entity, year and outcome,
 * columns: code, name (the student's or unit's), year (code), year_id,
 * standard (code), description and subject (labels in the reader's
 * language), then the figures under their catalogue keys: mastery_pct,
 * mastery_points, mastery_items and mastery_assessments (students; NULL
 * for a unit), mastery_students (units; NULL for a student) and
 * mastery_share (100 or 0 for a student), and enough (1 or 0; 1 for a
 * unit). Rows are
 * ordered by the entity (students by family and given name, orgs by
 * name), then subject name, outcome code and year; a class's outcomes
 * weakest first (then by code). SF_M_CHILDREN adds each child unit's
 * mastery relative to the org's (FIG_MASTERY_REL, _LO, _HI: see
 * sf_mastery_rel) and the sums behind it (n_u, sum_u, sq_u of the unit,
 * n_a, sum_a, sq_a of the org).
 */
#define SF_MASTERY_CUT                                                         \
	60.0 /* percent: mastered at or above (the items                       \
	        analysis's default items.mastery_cut) */

typedef enum {
	SF_M_STUDENT,        /* id a student: every year (year_id 0) or one */
	SF_M_CLASS_STUDENTS, /* id a class: each enrolled student */
	SF_M_CLASS,          /* id a class: the class as a unit */
	SF_M_SCHOOLS,        /* id an org: each school under it (itself when
	                        a school), in year_id */
	SF_M_CHILDREN        /* id an org: each child unit, in year_id, with
	                        its mastery relative to the org's */
} sf_mastery;

int store_figures_mastery(store *s, sf_mastery which, int64_t id,
                          int64_t year_id, arena *a, rowset *out, att_err *e);

/*
 * A unit's mastery relative to its area's (FIG_MASTERY_REL): the unit u
 * (nu students, sums su of their mastery percents and qu of its squares)
 * lies inside the area a (na, sa, qa). out[0] = mean_u - mean_a, which
 * equals (n_r / na) (mean_u - mean_r) where r is the rest of the area
 * (n_r = na - nu); its standard error is (n_r / na) sqrt(s_u^2 / nu +
 * s_r^2 / n_r) (the unequal-variance standard error of a difference of
 * two independent means, Welch 1947, with the sample SDs s_u and s_r from
 * the sums), and out[1], out[2] = out[0] -/+ 1.96 SE, the 95% interval.
 * NaN when nu < 1; the interval NaN when nu < 2 or n_r < 2.
 */
void sf_mastery_rel(int64_t nu, double su, double qu, int64_t na, double sa,
                    double qa, double out[3]);

#endif
