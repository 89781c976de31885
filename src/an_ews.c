/*
 * an_ews.c - early-warning indicators and their reason codes (definitions
 * and references in an_ews.h).
 */
#include "an_ews.h"

#include <math.h>
#include <string.h>

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

/* Every reason code: its bit, name and indicator, in bit order. */
static const struct {
	unsigned bit;
	const char *name;
	int indicator;
} codes[] = {
    {EWS_R_ATT_LOW, "attendance_low", EWS_IND_ATTENDANCE},
    {EWS_R_ATT_VERY_LOW, "attendance_very_low", EWS_IND_ATTENDANCE},
    {EWS_R_CHRONIC, "chronic_absence", EWS_IND_ATTENDANCE},
    {EWS_R_CONDUCT, "conduct", EWS_IND_BEHAVIOUR},
    {EWS_R_CONDUCT_MANY, "conduct_many", EWS_IND_BEHAVIOUR},
    {EWS_R_SERIOUS, "serious_incident", EWS_IND_BEHAVIOUR},
    {EWS_R_LOW_SUBJECT, "low_subject", EWS_IND_COURSE},
    {EWS_R_LOW_MULTI, "low_multi", EWS_IND_COURSE},
    {EWS_R_SLOWING, "slowing", EWS_IND_PROGRESS},
    {EWS_R_LOSING, "losing", EWS_IND_PROGRESS},
};

const char *ews_code_name(unsigned code)
{
	for (size_t i = 0; i < ARRAY_LEN(codes); i++)
		if (codes[i].bit == code)
			return codes[i].name;
	return NULL;
}

unsigned ews_code_of(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(codes); i++)
		if (strcmp(codes[i].name, name) == 0)
			return codes[i].bit;
	return 0;
}

int ews_code_indicator(unsigned code)
{
	for (size_t i = 0; i < ARRAY_LEN(codes); i++)
		if (codes[i].bit == code)
			return codes[i].indicator;
	return -1;
}

const char *ews_indicator_name(int indicator)
{
	static const char *const names[EWS_NIND] = {"attendance", "behaviour",
	                                            "course", "progress"};
	return indicator >= 0 && indicator < EWS_NIND ? names[indicator] : NULL;
}

void ews_code_list(unsigned reasons, buf *b)
{
	int first = 1;
	for (size_t i = 0; i < ARRAY_LEN(codes); i++)
		if (reasons & codes[i].bit) {
			buf_printf(b, "%s%s", first ? "" : ",", codes[i].name);
			first = 0;
		}
}

/* Append one reason to out when there is room. */
static void add(ews_reason *out, int max, int *n, unsigned code, int level,
                double value, double threshold, int count, int total,
                int subject)
{
	if (*n >= max)
		return;
	out[(*n)++] = (ews_reason){code,      ews_code_indicator(code),
	                           level,     value,
	                           threshold, count,
	                           total,     subject};
}

int ews_reasons(const ews_input *in, const ews_result *r, const ews_params *p,
                ews_reason *out, int max)
{
	int n = 0;
	unsigned rs = r->reasons;
	if (rs & EWS_R_ATT_LOW)
		add(out, max, &n, EWS_R_ATT_LOW, EWS_WARN, r->att_rate,
		    p->att_warn, in->days_absent, in->days_possible, -1);
	if (rs & EWS_R_ATT_VERY_LOW)
		add(out, max, &n, EWS_R_ATT_VERY_LOW, EWS_RISK, r->att_rate,
		    p->att_risk, in->days_absent, in->days_possible, -1);
	if (rs & EWS_R_CHRONIC)
		add(out, max, &n, EWS_R_CHRONIC, r->attendance, r->absent_share,
		    p->chronic, in->days_absent, in->days_possible, -1);
	if (rs & EWS_R_CONDUCT)
		add(out, max, &n, EWS_R_CONDUCT, EWS_WARN, in->conduct,
		    p->beh_warn, -1, -1, -1);
	if (rs & EWS_R_CONDUCT_MANY)
		add(out, max, &n, EWS_R_CONDUCT_MANY, EWS_RISK, in->conduct,
		    p->beh_risk, -1, -1, -1);
	if (rs & EWS_R_SERIOUS)
		add(out, max, &n, EWS_R_SERIOUS, EWS_RISK, in->serious, 0, -1,
		    -1, -1);
	if (rs & EWS_R_LOW_SUBJECT)
		for (int i = 0; i < in->nsubj && i < 32; i++)
			if (r->low_mask & (1u << i))
				add(out, max, &n, EWS_R_LOW_SUBJECT, r->course,
				    in->score[i], in->basic_cut[i], -1, -1, i);
	if (rs & EWS_R_LOW_MULTI)
		add(out, max, &n, EWS_R_LOW_MULTI, EWS_RISK, r->nlow,
		    p->low_multi, -1, -1, -1);
	int w = p->slow_windows < 1 ? 1 : p->slow_windows;
	if (rs & EWS_R_SLOWING)
		add(out, max, &n, EWS_R_SLOWING, r->progress, r->growth_fall,
		    p->slow_drop, w, -1, -1);
	if (rs & EWS_R_LOSING)
		add(out, max, &n, EWS_R_LOSING, EWS_RISK, r->growth_fall,
		    2 * p->slow_drop, w, -1, -1);
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
