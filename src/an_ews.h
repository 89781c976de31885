/*
 * an_ews.h - early warning: the ABC indicators (Attendance, Behaviour,
 * Course performance) plus low attainment in several subjects at once and
 * slowing progress, each with two levels, and every reason as a code with
 * the value that crossed its threshold and the threshold itself. Words are
 * made at output, in the reader's language (ews_text.h).
 *
 * Indicators and default thresholds (all in ews_params):
 *   attendance   rate = (possible - absent) / possible over enrolled days
 *                with a mark (excused absence counts as absence).
 *                rate < 0.88 early warning, rate < 0.80 at risk.
 *                Chronic absence: absent / possible >= 0.10 (missing 10% or
 *                more of enrolled days; Balfanz & Byrnes 2012, "Chronic
 *                absenteeism", Johns Hopkins Everyone Graduates Center);
 *                it raises attendance to at least early warning.
 *   behaviour    conduct incidents (negative events) > 2 early warning,
 *                > 5 at risk; any serious incident at risk.
 *   course       latest result below the basic cut (the second band's
 *                minimum) in a core subject: one subject early warning,
 *                two or more at once ("low in two or more subjects") at
 *                risk.
 *   progress     slowing: growth values are the changes, window to
 *                window in time order, of the student's standing among
 *                peers (the z-score of the result within its assessment,
 *                averaged over core subjects), so a negative value is
 *                progress slower than peers'. Over the last 4
 *                (slow_windows) values the standing fell by 0.4 SD or
 *                more in all (slow_drop) and fell in all but at most one
 *                window: early warning; a fall of 2 x slow_drop or more is
 *                at risk.
 *   overall      the worst of the indicators.
 * The ABC framework: Bruce, Bridgeland, Fox & Balfanz 2011, "On track for
 * success: the use of early warning indicator and intervention systems",
 * Civic Enterprises / Johns Hopkins; thresholds of 90%/80% attendance and
 * course failure follow Allensworth & Easton 2007 (Consortium on Chicago
 * School Research) as adapted by the defaults.
 *
 * An indicator with no data (no marked days, no results, fewer growth
 * values than slow_windows) is not flagged and says so in has_* fields.
 *
 * Beyond the measurement error (issue 15). A threshold crossed by less
 * than the error of the measurement is not a reason. Each reason has a
 * standardized distance z: how far its value lies past its threshold in
 * units of the value's standard error, and it counts only when z exceeds
 * the error band ews.error_z (default 1.0: one standard error, the band a
 * teacher reads as "within the test's error"; 1.96 makes it a two-sided
 * 95% test). The errors:
 *   attendance   binomial standard error of a rate over n marked days at
 *                the threshold t: sqrt(t (1 - t) / n); chronic absence the
 *                same on the share missed.
 *   behaviour    incidents as a Poisson count at the threshold k:
 *                sqrt(max(k, 1)); a serious incident is a record, not a
 *                measurement: it always counts, z = the number of them.
 *   course       the assessment's standard error of measurement (sem[i]
 *                in the input: SD x sqrt(1 - reliability), run_ews.c):
 *                z = (cut - score) / sem.
 *   progress     the standard error of the fall in standing (growth_se:
 *                from the standings' measurement errors, run_ews.c):
 *                z = (fall - slow_drop) / growth_se.
 * An error of zero or unknown (NaN) makes z the plain distance past the
 * threshold in the value's own units over 1 (no band can be applied).
 * An indicator's distance is the largest z of its counted reasons (for
 * course: the sum over the subjects below basic); ews_result.nind counts
 * the indicators with a counted reason and .distance sums their
 * distances: students are ranked by nind, then distance (an_ews_rank).
 * Pure functions; no globals, no I/O, no allocation that outlives a call,
 * no words.
 */
#ifndef ATTAIN_AN_EWS_H
#define ATTAIN_AN_EWS_H

#include <stddef.h>

#include "util.h"

enum { EWS_NONE = 0, EWS_WARN = 1, EWS_RISK = 2 };

/* Reason bits in ews_result.reasons. */
enum {
	EWS_R_ATT_LOW = 1u << 0,      /* attendance below att_warn */
	EWS_R_ATT_VERY_LOW = 1u << 1, /* attendance below att_risk */
	EWS_R_CHRONIC = 1u << 2,      /* missed >= chronic of enrolled days */
	EWS_R_CONDUCT = 1u << 3,      /* more than beh_warn incidents */
	EWS_R_CONDUCT_MANY = 1u << 4, /* more than beh_risk incidents */
	EWS_R_SERIOUS = 1u << 5,      /* at least one serious incident */
	EWS_R_LOW_SUBJECT = 1u << 6,  /* below basic in a core subject */
	EWS_R_LOW_MULTI = 1u << 7,    /* below basic in two or more */
	EWS_R_SLOWING = 1u << 8,      /* standing falling across windows */
	EWS_R_LOSING = 1u << 9,       /* fell 2 x slow_drop or more */
};

typedef struct ews_params {
	double att_warn;  /* 0.88 */
	double att_risk;  /* 0.80 */
	double chronic;   /* 0.10 share of enrolled days missed */
	int beh_warn;     /* 2: more than this many is early warning */
	int beh_risk;     /* 5: more than this many is at risk */
	int low_multi;    /* 2: this many subjects below basic is at risk */
	int slow_windows; /* 4 growth values */
	double slow_drop; /* 0.4 SD */
	double error_z;   /* 1.0: a reason counts beyond this many errors */
} ews_params;

void ews_params_default(ews_params *p);

/*
 * One student's evidence. score/basic_cut: nsubj core subjects, the latest
 * result and its basic cut in the same units (NaN score: no result).
 * growth: ngrowth changes in standing (z) between consecutive windows, in
 * time order (oldest first).
 * Borrowed; ews_assess does not keep pointers.
 */
typedef struct ews_input {
	int days_possible;
	int days_absent;
	int conduct;
	int serious;
	int nsubj;
	const double *score;
	const double *basic_cut;
	const double *sem; /* nsubj standard errors of score, or NULL */
	int ngrowth;
	const double *growth;
	double growth_se; /* error of the fall over the window, NaN unknown */
} ews_input;

typedef struct ews_result {
	unsigned char attendance, behaviour, course, progress, overall;
	unsigned char has_attendance, has_course, has_progress;
	unsigned reasons;
	double att_rate;     /* NaN without marked days */
	double absent_share; /* absent / possible */
	int nlow;            /* core subjects below basic */
	unsigned low_mask;   /* bit i: subject i below basic (i < 32) */
	double growth_fall;  /* fall in standing over the window, or NaN */
	double dist[4];      /* per indicator (EWS_IND_*): its distance, 0 if
	                        no counted reason */
	int nind;            /* indicators with a counted reason */
	double distance;     /* sum of dist */
} ews_result;

/*
 * Assess one student with the thresholds in p. Never fails: missing or
 * impossible evidence (negative counts, absent > possible) leaves that
 * indicator unflagged with has_* = 0. Only reasons beyond the error band
 * are set (see "Beyond the measurement error" above).
 */
void ews_assess(const ews_input *in, const ews_params *p, ews_result *out);

/*
 * The standardized distance of value past threshold in the direction
 * dir (+1: above is bad, -1: below is bad) with standard error se:
 * dir (value - threshold) / se, or dir (value - threshold) when se is 0
 * or NaN.
 */
double ews_z(double value, double threshold, double se, int dir);

/*
 * Tiers by rank within one group (a school): the n students' nind and
 * distance; order receives the ranking (indices into the arrays, most
 * urgent first: more indicators, then larger distance, then lower
 * index), rank[i] the 1-based place of student i among those with a
 * counted reason (0: none) and tier[i] 1 for the first floor(share1 x n)
 * of them, 2 for the next up to floor(share2 x n) in all, 0 otherwise.
 * Students with no counted reason are never in a tier. Pure; order,
 * rank and tier are the caller's arrays of n.
 */
void ews_tier(const int *nind, const double *distance, size_t n, double share1,
              double share2, size_t *order, int *rank, unsigned char *tier);

/* The indicators, in the order reasons are listed. */
enum {
	EWS_IND_ATTENDANCE = 0,
	EWS_IND_BEHAVIOUR,
	EWS_IND_COURSE,
	EWS_IND_PROGRESS,
	EWS_NIND
};

/*
 * One reason a student is flagged: a code (one EWS_R_* bit), its
 * indicator, its level, the evidence and the configured threshold it
 * crossed. What value, threshold, count and total hold per code:
 *   attendance_low, attendance_very_low  rate, att_warn / att_risk, days
 *                                        missed, days possible
 *   chronic_absence      share of days missed, chronic, days missed, days
 *                        possible (level: the attendance indicator's)
 *   conduct, conduct_many  incidents, beh_warn / beh_risk (more than it)
 *   serious_incident     serious incidents, 0 (more than it)
 *   low_subject          one per core subject below basic: the latest
 *                        score, the basic cut, subject = its index in the
 *                        input (level: the course indicator's)
 *   low_multi            subjects below basic, low_multi (at least it)
 *   slowing, losing      fall in standing (SD), slow_drop / 2 x slow_drop
 *                        (at least it), count = the windows looked at
 * count and total are -1 and subject -1 where they do not apply; se is
 * the value's standard error (NaN: none) and z the standardized distance
 * past the threshold (at least p->error_z: only counted reasons are
 * listed; NaN for low_multi, a count of subjects each beyond its own
 * error).
 */
typedef struct ews_reason {
	unsigned code;
	int indicator, level;
	double value, threshold;
	int count, total;
	int subject;
	double se, z;
} ews_reason;

/* Most reasons one student can have: every code once, low_subject once per
 * subject (at most 32 are told apart). */
#define EWS_MAX_REASONS (10 + 32)

/*
 * The reasons of r (from ews_assess(in, p)) into out (room for max),
 * in indicator order, each indicator's codes in the order of the EWS_R_*
 * bits and course reasons in subject order. Returns how many were
 * written (at most max).
 */
int ews_reasons(const ews_input *in, const ews_result *r, const ews_params *p,
                ews_reason *out, int max);

/* The code of a reason bit ("attendance_low", ...; the names stored in
 * ews_reason.code and ews_flag.codes), NULL for anything else. */
const char *ews_code_name(unsigned code);
/* The bit of a code name, 0 when unknown. */
unsigned ews_code_of(const char *name);
/* The indicator of a reason bit (EWS_IND_*), -1 for anything else. */
int ews_code_indicator(unsigned code);
/* The name of an indicator ("attendance", "behaviour", "course",
 * "progress"), NULL out of range. */
const char *ews_indicator_name(int indicator);

/* Append the comma list of the codes in a reason mask to b (bit order). */
void ews_code_list(unsigned reasons, buf *b);

/*
 * How well a score separates an outcome (used to evaluate the tiers on real
 * outcomes). level: n tiers (0..2) or any ordinal score; bad: 1 for the
 * outcome to detect (a failed student), 0 otherwise.
 *   sens_warn/spec_warn: flag = level >= EWS_WARN,
 *   sens_risk/spec_risk: flag = level >= EWS_RISK,
 *   auc: P(level of a bad > level of a good) + 0.5 P(tie) (the Mann-Whitney
 *        form of the area under the ROC curve; Hanley & McNeil 1982,
 *        Radiology 143:29-36), computed by counting, O(n) for levels 0..2.
 * Returns ATT_EINPUT when either class is empty.
 */
typedef struct ews_separation {
	size_t n_bad, n_good;
	double sens_warn, spec_warn, sens_risk, spec_risk, auc;
} ews_separation;

int ews_separate(const unsigned char *level, const unsigned char *bad, size_t n,
                 ews_separation *out);

#endif
