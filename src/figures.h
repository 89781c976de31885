/*
 * figures.h - the catalogue of figures: every number a person reads in
 * attain (on a page, in its JSON and CSV twins, in a report, in the plan,
 * in `attain export`) is declared here once, with
 *
 *   - its key (the JSON key, the CSV column and the export column: stable),
 *   - its label and one-line explanation (English, translated at output),
 *   - its unit and scale, and how it is rounded when shown,
 *   - its population: what is counted (students; results, one per student
 *     and assessment; student-days; schools; item points ...), named
 *     beside the figure wherever it is shown,
 *   - its formula and the reference it comes from,
 *   - its source (the derived table and columns it is read from),
 *   - its uncertainty (the figures holding its 95% interval, if any),
 *   - its suppression rule (whether an aggregate of few people is
 *     blanked for viewers who may not see the individuals).
 *
 * Values are not computed here: store_figures.h reads them, each from one
 * place, and every page, report and export reads them through it. This
 * module turns a figure's value into the text a reader sees (one rounding
 * rule per figure, the reader's number format) and writes docs/FIGURES.md
 * (fig_markdown), so the documentation is the catalogue.
 */
#ifndef ATTAIN_FIGURES_H
#define ATTAIN_FIGURES_H

#include <stdint.h>

#include "store_collect.h"
#include "store_derived.h"
#include "store_figures.h"
#include "util.h"

/* What a figure measures in. */
typedef enum {
	FIG_UNIT_COUNT,      /* a whole number of people or things */
	FIG_UNIT_PERCENT,    /* 0..100, shown with a percent sign */
	FIG_UNIT_SD,         /* standard deviations (effect sizes, VA) */
	FIG_UNIT_PERCENTILE, /* 1..99 (growth percentiles) */
	FIG_UNIT_SCORE,      /* the assessment's own scale */
	FIG_UNIT_COEF,       /* a coefficient (-1..1: correlations,
	                        discrimination; 0..1: reliability) */
	FIG_UNIT_CODE        /* a level or category, words made at output */
} fig_unit;

/* What a figure counts: the population named beside it. */
typedef enum {
	FIG_POP_NONE,         /* not a count of people (a coefficient) */
	FIG_POP_STUDENTS,     /* students placed in the unit that year */
	FIG_POP_RESULTS,      /* results: one per student and assessment */
	FIG_POP_STUDENT_DAYS, /* possible school days of the students */
	FIG_POP_SGPS,         /* growth percentiles: one per student and
	                         subject */
	FIG_POP_VA_STUDENTS,  /* results with a prior result: one per
	                         student and subject */
	FIG_POP_SCHOOLS,
	FIG_POP_ITEM_POINTS, /* item points possible */
	FIG_POP_EVENTS       /* data-collection windows x schools */
} fig_pop;

/* When an aggregate is blanked for viewers who may not see individuals. */
typedef enum {
	FIG_SUPP_NONE, /* not about people, or a count of units */
	FIG_SUPP_CELL  /* blanked when its population is below the
	                  suppression minimum (suppress.h) */
} fig_supp;

typedef struct fig_def {
	fig_id id;
	const char *key;   /* JSON key, CSV and export column */
	const char *label; /* N_(): short label */
	const char *help;  /* N_(): one sentence for the reader */
	fig_unit unit;
	int decimals;        /* shown rounding */
	int is_signed;       /* shown with a sign (+0.12) */
	fig_pop pop;         /* what its n counts */
	const char *formula; /* docs: how it is computed (English) */
	const char *source;  /* docs: where it is read from */
	fig_id lo, hi;       /* its 95% interval, FIG_NONE when none */
	fig_supp supp;
} fig_def;

/* The definition of a figure; NULL for FIG_NONE or out of range. */
const fig_def *fig_get(fig_id id);
/* The figure with this key, or NULL. */
const fig_def *fig_by_key(const char *key);

/* The label and help in the current language (gettext). */
const char *fig_label(fig_id id);
const char *fig_help(fig_id id);
/* The population in words ("students", "results (one per student and
 * assessment)"), current language; "" for FIG_POP_NONE. */
const char *fig_pop_words(fig_pop p);

/*
 * The value as a reader sees it, appended to out: rounded to the figure's
 * decimals, a sign when the figure is signed, thousands grouped for the
 * language ("en": 12,345; "hi": 12,345 and 1,23,456), a percent sign for
 * percentages. Every page, report and CSV shows a figure through this, so
 * one figure is rounded one way everywhere. NaN appends nothing.
 */
void fig_format(fig_id id, double v, const char *lang, buf *out);
/* The value rounded as shown, as a number (for JSON and CSV, which carry
 * the shown value, not more digits than the page). NaN stays NaN. */
double fig_round(fig_id id, double v);

/*
 * Schools for supportive supervision: one rule, for the org page and the
 * academic plan. A school is listed for each reason that holds:
 *   SUP_VA_BELOW   its whole value-added interval lies below 0;
 *   SUP_ATT_LOW    attendance below SUP_ATT_CUT (85%);
 *   SUP_MEAN_LOW   mean score more than SUP_MEAN_GAP (5) points below the
 *                  area's own mean score;
 *   SUP_OVERDUE    a data collection overdue.
 * Schools with more reasons come first, then lower value-added (none
 * last), then lower attendance. The figures are read from t (the schools,
 * with FIG_VA, FIG_VA_HI, FIG_ATTENDANCE and FIG_MEAN_PCT) and the area's
 * mean score; overdue[u] counts unit u's overdue collections (NULL: none
 * known). A school whose figures are suppressed for this viewer
 * (supp[u] set) is listed only for an overdue collection.
 */
enum {
	SUP_VA_BELOW = 1u << 0,
	SUP_ATT_LOW = 1u << 1,
	SUP_MEAN_LOW = 1u << 2,
	SUP_OVERDUE = 1u << 3
};
#define SUP_ATT_CUT 85.0
#define SUP_MEAN_GAP 5.0

typedef struct fig_support {
	int unit;         /* index into t */
	unsigned reasons; /* SUP_* */
	int overdue;      /* overdue collections */
} fig_support;

/* The completeness figures of a data-collection window: [0] the schools
 * asked, then [1 + state] the schools in each collect_state
 * (collect_input.h), in its order. */
const fig_id *fig_completeness(void);

/* The row of the unit with this code in t, -1 when none. */
int fig_unit_of(const sf_table *t, const char *code);

/*
 * The value-added over all years of the two schools of each peer-learning
 * pair: pairs (leader, partner, subject id; 0 all subjects) are looked up
 * in one figures table per subject of the schools under org_id. Fills
 * out[i * 4 + k] with leader va, leader lo, partner va, partner hi (NaN
 * when absent).
 */
int fig_peer_values(store *s, int64_t org_id, int n, const char *const *leader,
                    const char *const *partner, const int64_t *subject,
                    arena *a, double *out, att_err *e);

/* The units order[0..n) of t, in that order, as a new table in a. */
void fig_table_pick(arena *a, const sf_table *t, const int *order, int n,
                    sf_table *out);

/* The overdue data collections of each school of t (its units are
 * schools) over the windows q asks for (store_collect_overdue, the one
 * definition): *out gets t->nunits counts in a, zeros when they cannot be
 * read (the status is returned). What SUP_OVERDUE reads. */
int fig_overdue(store *s, const collect_query *q, const sf_table *t, arena *a,
                int **out, att_err *e);

/* Fills out (room for t->nunits) and returns how many schools qualify. */
int fig_support_list(const sf_table *t, double area_mean, const int *overdue,
                     const unsigned char *supp, fig_support *out);
/* The reasons of s in words, "; "-separated, with the figures behind
 * them, in the current language. */
const char *fig_support_words(arena *a, const fig_support *s, const sf_table *t,
                              double area_mean, const char *lang);

/* A group of students (a desc_stat subgroup key such as "gender:F",
 * "ses:1", "lang:hi") in words, in the current language. */
const char *fig_group_words(arena *a, const char *key);

/*
 * The catalogue's exports (`attain export NAME`):
 *   figures          every org unit's figures in every year the units
 *                    analysis covers, one row per unit and year (code,
 *                    name, level, parent, year, then every unit figure
 *                    under its key);
 *   figures_mastery  every school's mastery of each learning outcome in
 *                    every year (code, name, year, standard, then
 *                    mastery_pct, mastery_share, mastery_students: the
 *                    rows store_figures_mastery gives the plan).
 * Rows go through the export callback of store_derived.h. Numbers are full
 * precision; a figure that is absent is NULL. fig_export_has tells whether
 * NAME is one of them.
 */
int fig_export_has(const char *name);
int fig_export(store *s, const char *name, store_export_fn fn, void *ctx,
               att_err *e);

/* docs/FIGURES.md: every figure with its key, unit, population, formula,
 * source, uncertainty and suppression rule (English). */
void fig_markdown(buf *out);

#endif
