/*
 * an_goals.c - goal progress and linear projection (method in an_goals.h).
 */
#include "an_goals.h"

#include <math.h>

void goal_track(double baseline, double baseline_day, double target,
                double due_day, const double *day, const double *value, int n,
                double today, goal_result *out)
{
	goal_result r = {0};
	r.current = baseline;
	r.slope = NAN;
	r.projected = NAN;
	r.status = GOAL_UNKNOWN;
	r.due_passed = today > due_day;
	int up = target >= baseline;

	/* Sums for the least-squares line, centred on the baseline day. */
	double sx = 0, sy = baseline, m = 1, latest_day = baseline_day;
	for (int i = 0; i < n; i++) {
		double d = day[i], v = value[i];
		if (isnan(v) || isnan(d) || d <= baseline_day || d > today)
			continue;
		r.npoints++;
		sx += d - baseline_day;
		sy += v;
		m += 1;
		if (d >= latest_day) {
			latest_day = d;
			r.current = v;
		}
	}
	double xbar = sx / m, ybar = sy / m;
	double sxx = (0 - xbar) * (0 - xbar),
	       sxy = (0 - xbar) * (baseline - ybar);
	for (int i = 0; i < n; i++) {
		double d = day[i], v = value[i];
		if (isnan(v) || isnan(d) || d <= baseline_day || d > today)
			continue;
		double x = d - baseline_day;
		sxx += (x - xbar) * (x - xbar);
		sxy += (x - xbar) * (v - ybar);
	}
	if (target != baseline)
		r.progress = (r.current - baseline) / (target - baseline);
	else
		r.progress = r.current == target ? 1 : 0;
	r.met = up ? r.current >= target : r.current <= target;
	if (r.npoints > 0 && sxx > 0) {
		r.slope = sxy / sxx;
		r.projected = ybar + r.slope * (due_day - baseline_day - xbar);
	}
	if (r.due_passed)
		r.status = r.npoints > 0
		               ? (r.met ? GOAL_ON_TRACK : GOAL_OFF_TRACK)
		               : GOAL_UNKNOWN;
	else if (!isnan(r.projected) && due_day > baseline_day)
		r.status = (up ? r.projected >= target : r.projected <= target)
		               ? GOAL_ON_TRACK
		               : GOAL_OFF_TRACK;
	*out = r;
}
