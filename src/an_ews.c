/*
 * an_ews.c - early-warning indicators and their reason codes (definitions
 * and references in an_ews.h).
 */
#include "an_ews.h"

#include <math.h>
#include <stdlib.h>
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
	p->error_z = 1.0;
}

static unsigned char worse(unsigned char a, unsigned char b)
{
	return a > b ? a : b;
}

double ews_z(double value, double threshold, double se, int dir)
{
	double d = dir * (value - threshold);
	return se > 0 ? d / se : d;
}

/* A distance z past a threshold already crossed counts when it reaches
 * the error band (with a band of 0, every crossing counts, as the plain
 * thresholds do). */
static int beyond(double z, const ews_params *p)
{
	return z >= p->error_z - 1e-9;
}

/* Binomial standard error of a share over n trials at the share t. */
static double binom_se(double t, int n)
{
	return n > 0 ? sqrt(t * (1 - t) / n) : NAN;
}

/* Poisson standard error of a count at the threshold k. */
static double count_se(int k)
{
	return sqrt(k > 1 ? (double)k : 1.0);
}

/* The attendance indicator: rates below the thresholds and chronic
 * absence, each beyond its binomial error. */
static void assess_attendance(const ews_input *in, const ews_params *p,
                              ews_result *r)
{
	if (in->days_possible <= 0 || in->days_absent < 0 ||
	    in->days_absent > in->days_possible)
		return;
	int n = in->days_possible;
	r->has_attendance = 1;
	r->absent_share = (double)in->days_absent / n;
	r->att_rate = 1.0 - r->absent_share;
	double zr =
	    ews_z(r->att_rate, p->att_risk, binom_se(p->att_risk, n), -1);
	double zw =
	    ews_z(r->att_rate, p->att_warn, binom_se(p->att_warn, n), -1);
	double zc =
	    ews_z(r->absent_share, p->chronic, binom_se(p->chronic, n), +1);
	double d = 0;
	if (r->att_rate < p->att_risk && beyond(zr, p)) {
		r->attendance = EWS_RISK;
		r->reasons |= EWS_R_ATT_VERY_LOW;
		d = zr;
	} else if (r->att_rate < p->att_warn && beyond(zw, p)) {
		r->attendance = EWS_WARN;
		r->reasons |= EWS_R_ATT_LOW;
		d = zw;
	}
	/* whole days: 18/180 must not land below 0.10 */
	if ((double)in->days_absent >= p->chronic * n - 1e-9 && beyond(zc, p)) {
		r->reasons |= EWS_R_CHRONIC;
		r->attendance = worse(r->attendance, EWS_WARN);
		d = fmax(d, zc);
	}
	r->dist[EWS_IND_ATTENDANCE] = d;
}

/* Behaviour: conduct incidents past their thresholds beyond a Poisson
 * error; serious incidents always count. */
static void assess_behaviour(const ews_input *in, const ews_params *p,
                             ews_result *r)
{
	double zr = ews_z(in->conduct, p->beh_risk, count_se(p->beh_risk), +1);
	double zw = ews_z(in->conduct, p->beh_warn, count_se(p->beh_warn), +1);
	double d = 0;
	if (in->conduct > p->beh_risk && beyond(zr, p)) {
		r->behaviour = EWS_RISK;
		r->reasons |= EWS_R_CONDUCT_MANY;
		d = zr;
	} else if (in->conduct > p->beh_warn && beyond(zw, p)) {
		r->behaviour = EWS_WARN;
		r->reasons |= EWS_R_CONDUCT;
		d = zw;
	}
	if (in->serious > 0) {
		r->behaviour = EWS_RISK;
		r->reasons |= EWS_R_SERIOUS;
		d = fmax(d, in->serious);
	}
	r->dist[EWS_IND_BEHAVIOUR] = d;
}

/* The error of subject i's score, NaN unknown. */
static double sem_of(const ews_input *in, int i)
{
	return in->sem ? in->sem[i] : NAN;
}

/* Course performance: core subjects below basic by more than the
 * assessment's standard error of measurement. */
static void assess_course(const ews_input *in, const ews_params *p,
                          ews_result *r)
{
	double d = 0;
	for (int i = 0; i < in->nsubj; i++) {
		double s = in->score[i], cut = in->basic_cut[i];
		if (isnan(s) || isnan(cut))
			continue;
		r->has_course = 1;
		double z = ews_z(s, cut, sem_of(in, i), -1);
		if (s < cut && beyond(z, p)) {
			r->nlow++;
			d += z;
			if (i < 32)
				r->low_mask |= 1u << i;
		}
	}
	if (r->nlow >= p->low_multi && p->low_multi > 1) {
		r->course = EWS_RISK;
		r->reasons |= EWS_R_LOW_MULTI | EWS_R_LOW_SUBJECT;
	} else if (r->nlow > 0) {
		r->course = EWS_WARN;
		r->reasons |= EWS_R_LOW_SUBJECT;
	}
	r->dist[EWS_IND_COURSE] = d;
}

/* Slowing progress over the last slow_windows growth values: the standing
 * fell by slow_drop or more in all, beyond the fall's error, and fell in
 * all but at most one of the windows. */
static void assess_progress(const ews_input *in, const ews_params *p,
                            ews_result *r)
{
	int w = p->slow_windows < 1 ? 1 : p->slow_windows;
	if (!in->growth || in->ngrowth < w)
		return;
	const double *g = in->growth + (in->ngrowth - w);
	int negative = 0;
	double sum = 0;
	for (int i = 0; i < w; i++) {
		if (isnan(g[i]))
			return;
		sum += g[i];
		negative += g[i] < 0;
	}
	r->has_progress = 1;
	r->growth_fall = -sum;
	double zs = ews_z(r->growth_fall, p->slow_drop, in->growth_se, +1);
	double zl = ews_z(r->growth_fall, 2 * p->slow_drop, in->growth_se, +1);
	if (negative < w - 1 || r->growth_fall < p->slow_drop || !beyond(zs, p))
		return;
	r->progress = EWS_WARN;
	r->reasons |= EWS_R_SLOWING;
	r->dist[EWS_IND_PROGRESS] = zs;
	if (r->growth_fall >= 2 * p->slow_drop && beyond(zl, p)) {
		r->progress = EWS_RISK;
		r->reasons |= EWS_R_LOSING;
	}
}

void ews_assess(const ews_input *in, const ews_params *p, ews_result *out)
{
	ews_result r = {0};
	r.att_rate = NAN;
	r.absent_share = NAN;
	r.growth_fall = NAN;
	assess_attendance(in, p, &r);
	assess_behaviour(in, p, &r);
	assess_course(in, p, &r);
	assess_progress(in, p, &r);
	r.overall = worse(worse(r.attendance, r.behaviour),
	                  worse(r.course, r.progress));
	unsigned char lv[EWS_NIND] = {r.attendance, r.behaviour, r.course,
	                              r.progress};
	for (int k = 0; k < EWS_NIND; k++)
		if (lv[k] > EWS_NONE) {
			r.nind++;
			r.distance += r.dist[k];
		}
	*out = r;
}

/* The ranking of ews_tier: qsort has no context, so the keys travel with
 * the index. */
typedef struct tier_key {
	int nind;
	double distance;
	size_t i;
} tier_key;

static int tier_cmp(const void *a, const void *b)
{
	const tier_key *x = a, *y = b;
	if (x->nind != y->nind)
		return x->nind > y->nind ? -1 : 1;
	if (x->distance != y->distance)
		return x->distance > y->distance ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

void ews_tier(const int *nind, const double *distance, size_t n, double share1,
              double share2, size_t *order, int *rank, unsigned char *tier)
{
	if (n == 0)
		return;
	tier_key *k = xmalloc(sizeof(*k) * n);
	for (size_t i = 0; i < n; i++)
		k[i] = (tier_key){nind[i], isnan(distance[i]) ? 0 : distance[i],
		                  i};
	qsort(k, n, sizeof(*k), tier_cmp);
	size_t cap1 = (size_t)floor(share1 * (double)n + 1e-9);
	size_t cap2 = (size_t)floor(share2 * (double)n + 1e-9);
	if (cap2 < cap1)
		cap2 = cap1;
	for (size_t j = 0; j < n; j++) {
		size_t i = k[j].i;
		order[j] = i;
		int on = k[j].nind > 0;
		rank[i] = on ? (int)j + 1 : 0;
		tier[i] = !on ? 0 : j < cap1 ? 1 : j < cap2 ? 2 : 0;
	}
	free(k);
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

/* One reason's evidence, in the order of ews_reason's fields after the
 * code and level; dir as ews_z's, 0 for a reason that is a count of
 * other reasons (low_multi: z NaN). */
typedef struct rfig {
	double value, threshold;
	int count, total, subject;
	double se;
	int dir;
} rfig;

/* Append one reason to out when there is room. */
static void add(ews_reason *out, int max, int *n, unsigned code, int level,
                rfig f)
{
	if (*n >= max)
		return;
	out[(*n)++] = (ews_reason){
	    code,
	    ews_code_indicator(code),
	    level,
	    f.value,
	    f.threshold,
	    f.count,
	    f.total,
	    f.subject,
	    f.se,
	    f.dir ? ews_z(f.value, f.threshold, f.se, f.dir) : NAN};
}

int ews_reasons(const ews_input *in, const ews_result *r, const ews_params *p,
                ews_reason *out, int max)
{
	int n = 0, np = in->days_possible;
	unsigned rs = r->reasons;
	int ab = in->days_absent;
	if (rs & EWS_R_ATT_LOW)
		add(out, max, &n, EWS_R_ATT_LOW, EWS_WARN,
		    (rfig){r->att_rate, p->att_warn, ab, np, -1,
		           binom_se(p->att_warn, np), -1});
	if (rs & EWS_R_ATT_VERY_LOW)
		add(out, max, &n, EWS_R_ATT_VERY_LOW, EWS_RISK,
		    (rfig){r->att_rate, p->att_risk, ab, np, -1,
		           binom_se(p->att_risk, np), -1});
	if (rs & EWS_R_CHRONIC)
		add(out, max, &n, EWS_R_CHRONIC, r->attendance,
		    (rfig){r->absent_share, p->chronic, ab, np, -1,
		           binom_se(p->chronic, np), +1});
	if (rs & EWS_R_CONDUCT)
		add(out, max, &n, EWS_R_CONDUCT, EWS_WARN,
		    (rfig){in->conduct, p->beh_warn, -1, -1, -1,
		           count_se(p->beh_warn), +1});
	if (rs & EWS_R_CONDUCT_MANY)
		add(out, max, &n, EWS_R_CONDUCT_MANY, EWS_RISK,
		    (rfig){in->conduct, p->beh_risk, -1, -1, -1,
		           count_se(p->beh_risk), +1});
	if (rs & EWS_R_SERIOUS)
		add(out, max, &n, EWS_R_SERIOUS, EWS_RISK,
		    (rfig){in->serious, 0, -1, -1, -1, NAN, +1});
	if (rs & EWS_R_LOW_SUBJECT)
		for (int i = 0; i < in->nsubj && i < 32; i++)
			if (r->low_mask & (1u << i))
				add(out, max, &n, EWS_R_LOW_SUBJECT, r->course,
				    (rfig){in->score[i], in->basic_cut[i], -1,
				           -1, i, sem_of(in, i), -1});
	if (rs & EWS_R_LOW_MULTI)
		add(out, max, &n, EWS_R_LOW_MULTI, EWS_RISK,
		    (rfig){r->nlow, p->low_multi, -1, -1, -1, NAN, 0});
	int w = p->slow_windows < 1 ? 1 : p->slow_windows;
	if (rs & EWS_R_SLOWING)
		add(out, max, &n, EWS_R_SLOWING, r->progress,
		    (rfig){r->growth_fall, p->slow_drop, w, -1, -1,
		           in->growth_se, +1});
	if (rs & EWS_R_LOSING)
		add(out, max, &n, EWS_R_LOSING, EWS_RISK,
		    (rfig){r->growth_fall, 2 * p->slow_drop, w, -1, -1,
		           in->growth_se, +1});
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
