/*
 * an_goals.c - goal progress and linear projection (method in an_goals.h).
 */
#include "an_goals.h"

#include <math.h>
#include <stdlib.h>

#include "stats.h"
#include "util.h"

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

	/* The least-squares line through the baseline, at x = 0, and the
	 * observations after it, x in days since the baseline day. */
	double *x = xmalloc(sizeof(double) * (size_t)(n + 1));
	double *y = xmalloc(sizeof(double) * (size_t)(n + 1));
	size_t m = 0;
	double latest_day = baseline_day;
	x[m] = 0;
	y[m++] = baseline;
	for (int i = 0; i < n; i++) {
		double d = day[i], v = value[i];
		if (isnan(v) || isnan(d) || d <= baseline_day || d > today)
			continue;
		r.npoints++;
		x[m] = d - baseline_day;
		y[m++] = v;
		if (d >= latest_day) {
			latest_day = d;
			r.current = v;
		}
	}
	stats_line ln;
	int fitted = stats_wls(x, y, NULL, m, &ln) == 0;
	free(x);
	free(y);
	if (target != baseline)
		r.progress = (r.current - baseline) / (target - baseline);
	else
		r.progress = r.current == target ? 1 : 0;
	r.met = up ? r.current >= target : r.current <= target;
	if (r.npoints > 0 && fitted) {
		r.slope = ln.slope;
		r.projected =
		    ln.ybar + r.slope * (due_day - baseline_day - ln.xbar);
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
