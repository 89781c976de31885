/*
 * an_goals.h - goal tracking: progress against a goal's target, a linear
 * projection to its due date, and whether it is on track.
 *
 * Method. The trend is the ordinary least-squares line through the
 * baseline (baseline_day, baseline) and every observation (day, value) up
 * to `today` (stats_wls):  value = a + b day,  b = Sxy / Sxx,
 * a = ybar - b xbar. The
 * projection is a + b due_day. A goal that rises (target >= baseline) is
 * on track when the projection reaches the target (projected >= target); a
 * goal that falls (target < baseline, e.g. absences) when projected <=
 * target. Once the due date has passed, the latest value decides (met or
 * not). Progress is (current - baseline) / (target - baseline): 0 at the
 * baseline, 1 at the target. This is the trend-line against goal-line
 * decision rule of curriculum-based measurement (Fuchs, Fuchs & Hamlett
 * 1989, "Effects of alternative goal structures within curriculum-based
 * measurement", Exceptional Children 55:429-438; Deno 1985).
 *
 * Pure function over caller arrays; no globals, no I/O; its scratch
 * memory (two arrays of n + 1 values) is freed before it returns.
 */
#ifndef ATTAIN_AN_GOALS_H
#define ATTAIN_AN_GOALS_H

enum { GOAL_UNKNOWN = -1, GOAL_OFF_TRACK = 0, GOAL_ON_TRACK = 1 };

typedef struct goal_result {
	int npoints;      /* observations used (after the baseline) */
	double current;   /* latest observed value (baseline if none) */
	double progress;  /* share of the way from baseline to target */
	double slope;     /* per day; NaN without observations */
	double projected; /* value on the due date; NaN without a trend */
	int status;       /* GOAL_ON_TRACK, GOAL_OFF_TRACK, GOAL_UNKNOWN */
	int met;          /* the latest value is at or beyond the target */
	int due_passed;   /* today > due_day */
} goal_result;

/*
 * Track one goal. day/value: n observations (days since the epoch, any
 * order; NaN values and days before the baseline or after today are
 * skipped). Status is GOAL_UNKNOWN without an observation after the
 * baseline day, or when due_day <= baseline_day. Never fails.
 */
void goal_track(double baseline, double baseline_day, double target,
                double due_day, const double *day, const double *value, int n,
                double today, goal_result *out);

#endif
