/*
 * an_ews.c - early-warning indicators (definitions and references in
 * an_ews.h).
 */
#include "an_ews.h"

#include <math.h>

#include "i18n.h"

void ews_params_default(ews_params *p)
{
	p->att_warn = 0.88;
	p->att_risk = 0.80;
	p->chronic = 0.10;
	p->beh_warn = 2;
	p->beh_risk = 5;
	p->low_multi = 2;
	p->slow_windows = 4;
	p->slow_drop = 0.4;
}

static unsigned char worse(unsigned char a, unsigned char b)
{
	return a > b ? a : b;
}

void ews_assess(const ews_input *in, const ews_params *p, ews_result *out)
{
	ews_result r = {0};
	r.att_rate = NAN;
	r.absent_share = NAN;
	r.growth_fall = NAN;

	/* Attendance. */
	if (in->days_possible > 0 && in->days_absent >= 0 &&
	    in->days_absent <= in->days_possible) {
		r.has_attendance = 1;
		r.absent_share = (double)in->days_absent / in->days_possible;
		r.att_rate = 1.0 - r.absent_share;
		if (r.att_rate < p->att_risk) {
			r.attendance = EWS_RISK;
			r.reasons |= EWS_R_ATT_VERY_LOW;
		} else if (r.att_rate < p->att_warn) {
			r.attendance = EWS_WARN;
			r.reasons |= EWS_R_ATT_LOW;
		}
		/* compare in whole days to avoid 18/180 landing below 0.10 */
		if ((double)in->days_absent >=
		    p->chronic * in->days_possible - 1e-9) {
			r.reasons |= EWS_R_CHRONIC;
			r.attendance = worse(r.attendance, EWS_WARN);
		}
	}

	/* Behaviour. */
	if (in->conduct > p->beh_risk) {
		r.behaviour = EWS_RISK;
		r.reasons |= EWS_R_CONDUCT_MANY;
	} else if (in->conduct > p->beh_warn) {
		r.behaviour = EWS_WARN;
		r.reasons |= EWS_R_CONDUCT;
	}
	if (in->serious > 0) {
		r.behaviour = EWS_RISK;
		r.reasons |= EWS_R_SERIOUS;
	}

	/* Course performance. */
	for (int i = 0; i < in->nsubj; i++) {
		double s = in->score[i], cut = in->basic_cut[i];
		if (isnan(s) || isnan(cut))
			continue;
		r.has_course = 1;
		if (s < cut) {
			r.nlow++;
			if (i < 32)
				r.low_mask |= 1u << i;
		}
	}
	if (r.nlow >= p->low_multi && p->low_multi > 1) {
		r.course = EWS_RISK;
		r.reasons |= EWS_R_LOW_MULTI | EWS_R_LOW_SUBJECT;
	} else if (r.nlow > 0) {
		r.course = EWS_WARN;
		r.reasons |= EWS_R_LOW_SUBJECT;
	}

	/* Slowing progress over the last slow_windows growth values: the
	 * standing fell by slow_drop or more in all, and fell in all but at
	 * most one of the windows. */
	int w = p->slow_windows < 1 ? 1 : p->slow_windows;
	if (in->growth && in->ngrowth >= w) {
		const double *g = in->growth + (in->ngrowth - w);
		int ok = 1, negative = 0;
		double sum = 0;
		for (int i = 0; i < w; i++) {
			if (isnan(g[i]))
				ok = 0;
			sum += g[i];
			negative += g[i] < 0;
		}
		if (ok) {
			r.has_progress = 1;
			r.growth_fall = -sum;
			if (negative >= w - 1 &&
			    r.growth_fall >= p->slow_drop) {
				r.progress = EWS_WARN;
				r.reasons |= EWS_R_SLOWING;
				if (r.growth_fall >= 2 * p->slow_drop) {
					r.progress = EWS_RISK;
					r.reasons |= EWS_R_LOSING;
				}
			}
		}
	}

	r.overall = worse(worse(r.attendance, r.behaviour),
	                  worse(r.course, r.progress));
	*out = r;
}

const char *ews_level_name(int level)
{
	switch (level) {
	case EWS_RISK:
		return _("at risk");
	case EWS_WARN:
		return _("early warning");
	default:
		return _("none");
	}
}

static void reason_line(buf *out, int level, int *count)
{
	buf_printf(out, "%s: ", ews_level_name(level));
	(*count)++;
}

int ews_describe(const ews_input *in, const ews_result *r, const ews_params *p,
                 const char *const *subject_names, buf *out)
{
	int n = 0;
	if (r->reasons & (EWS_R_ATT_LOW | EWS_R_ATT_VERY_LOW)) {
		int risk = (r->reasons & EWS_R_ATT_VERY_LOW) != 0;
		reason_line(out, risk ? EWS_RISK : EWS_WARN, &n);
		buf_printf(out,
		           _("attendance %.1f%% is below %.0f%% (%d of %d "
		             "days missed)"),
		           100.0 * r->att_rate,
		           100.0 * (risk ? p->att_risk : p->att_warn),
		           in->days_absent, in->days_possible);
		buf_addc(out, '\n');
	}
	if (r->reasons & EWS_R_CHRONIC) {
		reason_line(out, r->attendance, &n);
		buf_printf(out,
		           _("chronically absent: missed %.1f%% of enrolled "
		             "days (%d of %d; %.0f%% or more is chronic)"),
		           100.0 * r->absent_share, in->days_absent,
		           in->days_possible, 100.0 * p->chronic);
		buf_addc(out, '\n');
	}
	if (r->reasons & (EWS_R_CONDUCT | EWS_R_CONDUCT_MANY)) {
		int risk = (r->reasons & EWS_R_CONDUCT_MANY) != 0;
		reason_line(out, risk ? EWS_RISK : EWS_WARN, &n);
		buf_printf(out, _("%d conduct incidents (more than %d)"),
		           in->conduct, risk ? p->beh_risk : p->beh_warn);
		buf_addc(out, '\n');
	}
	if (r->reasons & EWS_R_SERIOUS) {
		reason_line(out, EWS_RISK, &n);
		buf_printf(out, _("%d serious incident(s)"), in->serious);
		buf_addc(out, '\n');
	}
	if (r->reasons & EWS_R_LOW_SUBJECT) {
		reason_line(out, r->course, &n);
		if (r->reasons & EWS_R_LOW_MULTI)
			buf_printf(out,
			           _("below basic in %d core subjects at "
			             "once:"),
			           r->nlow);
		else
			buf_adds(out, _("below basic in a core subject:"));
		int first = 1;
		for (int i = 0; i < in->nsubj; i++) {
			double s = in->score[i], cut = in->basic_cut[i];
			if (isnan(s) || isnan(cut) || !(s < cut))
				continue;
			buf_adds(out, first ? " " : "; ");
			first = 0;
			if (subject_names && subject_names[i])
				buf_adds(out, subject_names[i]);
			else
				buf_printf(out, _("subject %d"), i + 1);
			buf_printf(out, _(" %.1f (basic from %.1f)"), s, cut);
		}
		buf_addc(out, '\n');
	}
	if (r->reasons & EWS_R_SLOWING) {
		reason_line(out, r->progress, &n);
		int w = p->slow_windows < 1 ? 1 : p->slow_windows;
		buf_printf(out,
		           _("progress slowing: standing among peers fell by "
		             "%.2f SD over the last %d windows (%.2f or more "
		             "is slowing, %.2f or more at risk)"),
		           r->growth_fall, w, p->slow_drop, 2 * p->slow_drop);
		buf_addc(out, '\n');
	}
	return n;
}

int ews_separate(const unsigned char *level, const unsigned char *bad, size_t n,
                 ews_separation *out)
{
	size_t cb[256] = {0}, cg[256] = {0};
	ews_separation s = {0};
	for (size_t i = 0; i < n; i++) {
		if (bad[i])
			cb[level[i]]++;
		else
			cg[level[i]]++;
	}
	for (int l = 0; l < 256; l++) {
		s.n_bad += cb[l];
		s.n_good += cg[l];
	}
	if (s.n_bad == 0 || s.n_good == 0) {
		*out = s;
		return ATT_EINPUT;
	}
	size_t tp_w = 0, tp_r = 0, tn_w = 0, tn_r = 0;
	double pairs = 0, below = 0;
	for (int l = 0; l < 256; l++) {
		if (l >= EWS_WARN)
			tp_w += cb[l];
		else
			tn_w += cg[l];
		if (l >= EWS_RISK)
			tp_r += cb[l];
		else
			tn_r += cg[l];
		pairs += (double)cb[l] * ((double)below + 0.5 * cg[l]);
		below += (double)cg[l];
	}
	s.sens_warn = (double)tp_w / s.n_bad;
	s.spec_warn = (double)tn_w / s.n_good;
	s.sens_risk = (double)tp_r / s.n_bad;
	s.spec_risk = (double)tn_r / s.n_good;
	s.auc = pairs / ((double)s.n_bad * s.n_good);
	*out = s;
	return ATT_OK;
}
