/*
 * an_desc.c - descriptives, bands, trends and cohorts (see an_desc.h for
 * the formulas and references).
 */
#include "an_desc.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "an_lookup.h"
#include "an_sort.h"
#include "stats.h"
#include "util.h"

/* an_desc_sorted with sum = the sum of x[0..n) taken in index order. */
static void stats_with_sum(const double *x, int64_t n, double sum, desc_stat *o)
{
	o->n = n;
	if (n <= 0) {
		o->mean = o->sd = o->median = o->q1 = o->q3 = o->min = o->max =
		    NAN;
		return;
	}
	/* Two-pass mean and variance (numerically stable enough for scores). */
	double mean = sum / (double)n;
	o->mean = mean;
	o->sd =
	    n > 1 ? stats_sd_from_ss(stats_ss_about(x, (size_t)n, mean), n) : 0;
	o->median = stats_quantile7(x, (size_t)n, 0.5);
	o->q1 = stats_quantile7(x, (size_t)n, 0.25);
	o->q3 = stats_quantile7(x, (size_t)n, 0.75);
	o->min = x[0];
	o->max = x[n - 1];
}

void an_desc_sorted(const double *x, int64_t n, desc_stat *o)
{
	double sum = 0;
	for (int64_t i = 0; i < n; i++)
		sum += x[i];
	stats_with_sum(x, n, sum, o);
}

int64_t an_group_sort(const int32_t *key, int64_t n, int32_t nkeys,
                      int32_t *perm, int64_t *off)
{
	memset(off, 0, sizeof(int64_t) * ((size_t)nkeys + 1));
	for (int64_t i = 0; i < n; i++)
		if (key[i] >= 0 && key[i] < nkeys)
			off[key[i] + 1]++;
	for (int32_t k = 0; k < nkeys; k++)
		off[k + 1] += off[k];
	int64_t *fill = malloc(sizeof(int64_t) * ((size_t)nkeys + 1));
	if (!fill)
		abort();
	memcpy(fill, off, sizeof(int64_t) * ((size_t)nkeys + 1));
	for (int64_t i = 0; i < n; i++)
		if (key[i] >= 0 && key[i] < nkeys)
			perm[fill[key[i]]++] = (int32_t)i;
	free(fill);
	return off[nkeys];
}

/* First index of sorted x with x[i] >= v. */
static int64_t lower_bound(const double *x, int64_t n, double v)
{
	int64_t lo = 0, hi = n;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if (x[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The row of a group whose n scores x are sorted ascending and sum to sum
 * (added up in that order). */
static void fill_row(const engine *g, int32_t a, const double *x, int64_t n,
                     double sum, desc_row *r)
{
	stats_with_sum(x, n, sum, &r->s);
	double mx = g->ass_max[a] > 0 ? g->ass_max[a] : NAN;
	r->mean_pct = r->s.mean / mx * 100;
	r->sd_pct = r->s.sd / mx * 100;
	int nb = engine_nbands(g, a);
	if (nb > AN_MAXBANDS)
		nb = AN_MAXBANDS;
	r->nbands = nb;
	const double *cut = &g->cut_min[g->cut_off[a]];
	for (int b = 0; b < nb; b++) {
		int64_t from = lower_bound(x, n, cut[b]);
		int64_t to = b + 1 < nb ? lower_bound(x, n, cut[b + 1]) : n;
		r->band[b] = n > 0 ? (double)(to - from) / (double)n : NAN;
	}
	r->share_prof =
	    isnan(g->ass_prof_cut[a]) || n == 0
	        ? NAN
	        : (double)(n - lower_bound(x, n, g->ass_prof_cut[a])) /
	              (double)n;
}

typedef struct rowvec {
	desc_row *r;
	int64_t n, cap;
} rowvec;

static desc_row *push(rowvec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->r = realloc(v->r, sizeof(desc_row) * (size_t)v->cap);
		if (!v->r)
			abort();
	}
	desc_row *r = &v->r[v->n++];
	memset(r, 0, sizeof(*r));
	r->org = r->cls = -1;
	r->level = -1;
	return r;
}

static int dim_size(const engine *g, int dim)
{
	switch (dim) {
	case DIM_GENDER:
		return 4;
	case DIM_SES:
	case DIM_SEN:
		return 2;
	case DIM_LANG:
		return g->home_language.n;
	case DIM_SOCIAL:
		return g->social_category.n;
	}
	return 1;
}

int an_desc_dim_value(const engine *g, int dim, int32_t st)
{
	switch (dim) {
	case DIM_GENDER:
		return g->st_gender[st] == ENG_GENDER_UNKNOWN
		           ? -1
		           : g->st_gender[st];
	case DIM_SES:
		return g->st_ses[st];
	case DIM_SEN:
		return g->st_sen[st];
	case DIM_LANG:
		return g->st_lang[st];
	case DIM_SOCIAL:
		return g->st_social[st];
	}
	return 0;
}

int an_fmt_g6(double v, char *out)
{
	if (v == 0 && !signbit(v)) {
		out[0] = '0';
		out[1] = '\0';
		return 1;
	}
	if (v >= 1e-4 && v < 1) {
		int dec;
		double t;
		if (v >= 0.1) {
			dec = 6;
			t = v * 1e6;
		} else if (v >= 0.01) {
			dec = 7;
			t = v * 1e7;
		} else if (v >= 0.001) {
			dec = 8;
			t = v * 1e8;
		} else {
			dec = 9;
			t = v * 1e9;
		}
		double fl = floor(t), fr = t - fl;
		if (fabs(fr - 0.5) > 1e-6) {
			int32_t r = (int32_t)fl + (fr > 0.5);
			if (r >= 100000 && r < 1000000) {
				char dig[6];
				for (int i = 5; i >= 0; i--) {
					dig[i] = (char)('0' + r % 10);
					r /= 10;
				}
				int nd = 6;
				while (nd > 1 && dig[nd - 1] == '0')
					nd--;
				int len = 0;
				out[len++] = '0';
				out[len++] = '.';
				for (int i = 6; i < dec; i++)
					out[len++] = '0';
				for (int i = 0; i < nd; i++)
					out[len++] = dig[i];
				out[len] = '\0';
				return len;
			}
		}
	}
	int n = snprintf(out, 32, "%.6g", v);
	return n < 0 ? 0 : n;
}

void an_desc_subgroup(const engine *g, int dim, int val, char *out, size_t n)
{
	static const char *const gender[] = {"?", "F", "M", "X"};
	switch (dim) {
	case DIM_GENDER:
		snprintf(out, n, "gender:%s",
		         val >= 0 && val < 4 ? gender[val] : "?");
		break;
	case DIM_SES:
		snprintf(out, n, "ses:%d", val);
		break;
	case DIM_SEN:
		snprintf(out, n, "sen:%d", val);
		break;
	case DIM_LANG:
		snprintf(out, n, "lang:%s",
		         val >= 0 && val < g->home_language.n
		             ? g->home_language.label[val]
		             : "?");
		break;
	case DIM_SOCIAL:
		snprintf(out, n, "social:%s",
		         val >= 0 && val < g->social_category.n
		             ? g->social_category.label[val]
		             : "?");
		break;
	default:
		snprintf(out, n, "all");
	}
}

/* Scratch space of one worker, reused across assessments. */
typedef struct desc_ws {
	int64_t cap;    /* rows the arrays below hold */
	int32_t *order; /* result rows in ascending score order */
	double *xs;     /* scores in that order */
	int32_t *stu;   /* their students */
	int32_t *orgk;  /* org at the current level, -1 none */
	int16_t *dv;    /* subgroup value of each dimension: dv[d * cap + k] */
	int32_t *key;   /* group key of each row, -1 none */
	double *vals;   /* scores grouped by key, ascending within a key */
	int64_t nkeys;  /* keys off, fill and sum hold */
	int64_t *off, *fill;
	double *sum; /* sum of each key's scores, added in ascending order */
} desc_ws;

static void ws_reserve(desc_ws *w, int64_t m, int64_t nkeys)
{
	if (m > w->cap) {
		size_t n = (size_t)m;
		w->order = xrealloc(w->order, sizeof(int32_t) * n);
		w->xs = xrealloc(w->xs, sizeof(double) * n);
		w->stu = xrealloc(w->stu, sizeof(int32_t) * n);
		w->orgk = xrealloc(w->orgk, sizeof(int32_t) * n);
		w->dv = xrealloc(w->dv, sizeof(int16_t) * n * DIM_N);
		w->key = xrealloc(w->key, sizeof(int32_t) * n);
		w->vals = xrealloc(w->vals, sizeof(double) * n);
		w->cap = m;
	}
	if (nkeys > w->nkeys) {
		w->off =
		    xrealloc(w->off, sizeof(int64_t) * (size_t)(nkeys + 1));
		w->fill =
		    xrealloc(w->fill, sizeof(int64_t) * (size_t)(nkeys + 1));
		w->sum = xrealloc(w->sum, sizeof(double) * (size_t)(nkeys + 1));
		w->nkeys = nkeys;
	}
}

static void ws_free(desc_ws *w)
{
	free(w->order);
	free(w->xs);
	free(w->stu);
	free(w->orgk);
	free(w->dv);
	free(w->key);
	free(w->vals);
	free(w->off);
	free(w->fill);
	free(w->sum);
}

/* Stable counting sort of the scores xs (ascending) by key (0..nk-1, -1
 * dropped) into w->vals: key q's scores are vals[off[q] .. off[q+1]), still
 * ascending, and add up to sum[q] (added in that order). The caller has
 * counted the keys into off[q + 1] (off zeroed first). */
static void group_values(desc_ws *w, int64_t m, int32_t nk)
{
	int64_t *off = w->off, *fill = w->fill;
	double *sum = w->sum;
	const int32_t *key = w->key;
	const double *xs = w->xs;
	for (int32_t q = 0; q < nk; q++)
		off[q + 1] += off[q];
	memcpy(fill, off, sizeof(int64_t) * (size_t)nk);
	memset(sum, 0, sizeof(double) * (size_t)nk);
	for (int64_t k = 0; k < m; k++) {
		int32_t q = key[k];
		if (q >= 0) {
			w->vals[fill[q]++] = xs[k];
			sum[q] += xs[k];
		}
	}
}

/* Describe one assessment into v. The rows of every group are taken from
 * one ascending order of the assessment's scores (a stable radix sort),
 * so each group's scores arrive sorted and in the same order a sort of the
 * group alone would give. */
static void describe_one(const engine *g, const an_lookup *L,
                         const desc_opts *o, int32_t a, rowvec *v, desc_ws *w)
{
	int64_t r0 = g->res_off[a], m = g->res_off[a + 1] - r0;
	if (m <= 0)
		return;
	int32_t norg = g->org.n;
	int maxdim = 1;
	for (int d = 1; d < DIM_N; d++)
		if (dim_size(g, d) > maxdim)
			maxdim = dim_size(g, d);
	int64_t nkeys_max = (int64_t)norg * maxdim;
	if (g->cls.n > nkeys_max)
		nkeys_max = g->cls.n;
	ws_reserve(w, m, nkeys_max);
	an_sort_order(&g->res_score[r0], m, w->order);
	int32_t year = g->ass_year[a];
	int32_t *school = w->key; /* the key array is free until the levels */
	int ndims = o->subgroups ? DIM_N : 1;
	for (int64_t k = 0; k < m; k++) {
		int64_t r = r0 + w->order[k];
		int32_t st = g->res_student[r];
		w->xs[k] = g->res_score[r];
		w->stu[k] = st;
		for (int d = 1; d < ndims; d++)
			w->dv[(size_t)d * (size_t)w->cap + (size_t)k] =
			    (int16_t)an_desc_dim_value(g, d, st);
	}
	desc_row *r = push(v);
	r->ass = a;
	r->group_kind = DESC_ALL;
	double all = 0;
	for (int64_t k = 0; k < m; k++)
		all += w->xs[k];
	fill_row(g, a, w->xs, m, all, r);
	for (int64_t k = 0; k < m; k++)
		school[k] = an_lookup_school(L, w->stu[k], year);
	/* the org of each row at each level, kept level by level */
	int32_t *orgs = xmalloc(sizeof(int32_t) * (size_t)m *
	                        (size_t)(g->nlevels > 0 ? g->nlevels : 1));
	for (int lv = 0; lv < g->nlevels; lv++)
		for (int64_t k = 0; k < m; k++)
			orgs[(size_t)lv * (size_t)m + (size_t)k] =
			    school[k] >= 0 ? engine_school_anc(g, school[k], lv)
			                   : -1;
	for (int lv = 0; lv < g->nlevels; lv++) {
		const int32_t *org = &orgs[(size_t)lv * (size_t)m];
		for (int d = 0; d < ndims; d++) {
			int vs = d == 0 ? 1 : dim_size(g, d);
			if (vs <= 0 || (d > 0 && lv == g->school_level &&
			                !o->school_subgroups))
				continue;
			int32_t nk = norg * vs;
			int64_t *cnt = w->off + 1;
			memset(w->off, 0, sizeof(int64_t) * ((size_t)nk + 1));
			if (d == 0) {
				for (int64_t k = 0; k < m; k++) {
					int32_t q = org[k];
					w->key[k] = q;
					if (q >= 0)
						cnt[q]++;
				}
			} else {
				const int16_t *dv =
				    &w->dv[(size_t)d * (size_t)w->cap];
				for (int64_t k = 0; k < m; k++) {
					int val = dv[k];
					int32_t q =
					    org[k] >= 0 && val >= 0 && val < vs
					        ? org[k] * vs + val
					        : -1;
					w->key[k] = q;
					if (q >= 0)
						cnt[q]++;
				}
			}
			group_values(w, m, nk);
			for (int32_t k = 0; k < nk; k++) {
				int64_t n = w->off[k + 1] - w->off[k];
				if (n <= 0 || n < o->min_n)
					continue;
				r = push(v);
				r->ass = a;
				r->group_kind = DESC_ORG;
				r->level = (int8_t)lv;
				r->org = k / vs;
				r->dim = (int8_t)d;
				r->val = (int16_t)(k % vs);
				fill_row(g, a, &w->vals[w->off[k]], n,
				         w->sum[k], r);
			}
		}
	}
	free(orgs);
	if (o->classes && g->cls.n > 0) {
		int32_t subj = g->ass_subject[a];
		memset(w->off, 0, sizeof(int64_t) * ((size_t)g->cls.n + 1));
		for (int64_t k = 0; k < m; k++) {
			int32_t q =
			    g->ass_class[a] >= 0
			        ? g->ass_class[a]
			        : an_lookup_class(L, w->stu[k], year, subj);
			w->key[k] = q;
			if (q >= 0 && q < g->cls.n)
				w->off[q + 1]++;
			else
				w->key[k] = -1;
		}
		group_values(w, m, g->cls.n);
		for (int32_t c = 0; c < g->cls.n; c++) {
			int64_t n = w->off[c + 1] - w->off[c];
			if (n <= 0 || n < o->min_n)
				continue;
			r = push(v);
			r->ass = a;
			r->group_kind = DESC_CLASS;
			r->cls = c;
			fill_row(g, a, &w->vals[w->off[c]], n, w->sum[c], r);
		}
	}
}

typedef struct desc_job {
	const engine *g;
	const an_lookup *L;
	const desc_opts *o;
	rowvec *per_ass;
	int part, nparts;
} desc_job;

static void *desc_worker(void *arg)
{
	desc_job *j = arg;
	const engine *g = j->g;
	desc_ws w;
	memset(&w, 0, sizeof(w));
	for (int32_t a = j->part; a < g->ass.n; a += j->nparts)
		if (j->o->year < 0 || g->ass_year[a] == j->o->year)
			describe_one(g, j->L, j->o, a, &j->per_ass[a], &w);
	ws_free(&w);
	return NULL;
}

int64_t an_desc_compute(const engine *g, const desc_opts *o, desc_row **rows)
{
	rowvec *per = calloc((size_t)g->ass.n + 1, sizeof(rowvec));
	if (!per)
		abort();
	int nt = o->nthreads > 1 ? 2 : 1;
	desc_job jobs[2] = {{0}, {0}};
	pthread_t th[2];
	int started[2] = {0, 0};
	an_lookup L;
	an_lookup_init(&L, g, o->classes);
	for (int t = 0; t < nt; t++) {
		jobs[t] = (desc_job){g, &L, o, per, t, nt};
		if (t > 0)
			started[t] = pthread_create(&th[t], NULL, desc_worker,
			                            &jobs[t]) == 0;
	}
	desc_worker(&jobs[0]);
	for (int t = 1; t < nt; t++) {
		if (started[t])
			pthread_join(th[t], NULL);
		else
			desc_worker(&jobs[t]);
	}
	an_lookup_free(&L);
	int64_t total = 0;
	for (int32_t a = 0; a < g->ass.n; a++)
		total += per[a].n;
	desc_row *out =
	    malloc(sizeof(desc_row) * (size_t)(total > 0 ? total : 1));
	if (!out)
		abort();
	int64_t k = 0;
	for (int32_t a = 0; a < g->ass.n; a++) {
		if (per[a].n)
			memcpy(out + k, per[a].r,
			       sizeof(desc_row) * (size_t)per[a].n);
		k += per[a].n;
		free(per[a].r);
	}
	free(per);
	*rows = out;
	return total;
}

/* ---- trends ---- */

typedef struct tkey {
	int64_t idx; /* row index */
	int32_t org, subject, ass;
	int16_t grade;
	int64_t when; /* date or year start * 100 + term seq */
} tkey;

static int tkey_cmp(const void *pa, const void *pb)
{
	const tkey *a = pa, *b = pb;
	if (a->org != b->org)
		return a->org < b->org ? -1 : 1;
	if (a->subject != b->subject)
		return a->subject < b->subject ? -1 : 1;
	if (a->grade != b->grade)
		return a->grade < b->grade ? -1 : 1;
	if (a->when != b->when)
		return a->when < b->when ? -1 : 1;
	return a->ass < b->ass ? -1 : a->ass > b->ass;
}

static int64_t ass_when(const engine *g, int32_t a)
{
	if (g->ass_date[a] >= 0)
		return (int64_t)g->ass_date[a] * 100;
	int32_t y = g->ass_year[a], t = g->ass_term[a];
	int64_t base = y >= 0 ? g->year_start[y] : 0;
	return base * 100 + (t >= 0 ? g->term_seq[t] : 50);
}

int64_t an_desc_trends(const engine *g, const desc_row *rows, int64_t nrows,
                       trend_row **out)
{
	tkey *k = malloc(sizeof(tkey) * (size_t)(nrows > 0 ? nrows : 1));
	if (!k)
		abort();
	int64_t nk = 0;
	for (int64_t i = 0; i < nrows; i++) {
		const desc_row *r = &rows[i];
		if (r->dim != DIM_ALL || r->group_kind == DESC_CLASS ||
		    g->ass_class[r->ass] >= 0)
			continue;
		k[nk++] = (tkey){i,
		                 r->group_kind == DESC_ALL ? -1 : r->org,
		                 g->ass_subject[r->ass],
		                 r->ass,
		                 g->ass_grade[r->ass],
		                 ass_when(g, r->ass)};
	}
	qsort(k, (size_t)nk, sizeof(tkey), tkey_cmp);
	trend_row *t = malloc(sizeof(trend_row) * (size_t)(nk > 0 ? nk : 1));
	if (!t)
		abort();
	int seq = 0;
	for (int64_t i = 0; i < nk; i++) {
		const desc_row *r = &rows[k[i].idx];
		int first = i == 0 || k[i - 1].org != k[i].org ||
		            k[i - 1].subject != k[i].subject ||
		            k[i - 1].grade != k[i].grade;
		seq = first ? 0 : seq + 1;
		trend_row *o = &t[i];
		o->org = k[i].org;
		o->level = r->level;
		o->subject = k[i].subject;
		o->grade = k[i].grade;
		o->seq = seq;
		o->ass = r->ass;
		o->n = r->s.n;
		o->mean_pct = r->mean_pct;
		o->change = o->lo = o->hi = NAN;
		o->direction = 0;
		if (!first) {
			const desc_row *p = &rows[k[i - 1].idx];
			double se =
			    sqrt(p->sd_pct * p->sd_pct / (double)p->s.n +
			         r->sd_pct * r->sd_pct / (double)r->s.n);
			o->change = r->mean_pct - p->mean_pct;
			stats_interval(o->change, se, STATS_Z975, &o->lo,
			               &o->hi);
			o->direction = o->lo > 0 ? 1 : o->hi < 0 ? -1 : 0;
		}
	}
	free(k);
	*out = t;
	return nk;
}

/* ---- cohorts ---- */

int64_t an_desc_cohorts(const engine *g, int64_t min_n, cohort_row **out)
{
	*out = NULL;
	int32_t ny = g->year.n, ns = g->subject.n;
	if (ny == 0 || ns == 0 || g->nres == 0) {
		*out = malloc(sizeof(cohort_row));
		return 0;
	}
	/* Earliest year, and each year's position by start date. */
	int32_t first = 0;
	for (int32_t y = 1; y < ny; y++)
		if (g->year_start[y] < g->year_start[first])
			first = y;
	/* Per assessment: mean and sd over all takers (for z). */
	double *amean = calloc((size_t)g->ass.n + 1, sizeof(double));
	double *asd = calloc((size_t)g->ass.n + 1, sizeof(double));
	if (!amean || !asd)
		abort();
	an_ass_moments(g, amean, asd);
	/* Accumulators keyed by (org slot, cohort grade, subject, year, grade).
	 * org slot: 0 = all, 1 + org index. Grades are bounded to 0..20. */
	const int NG = 21;
	int32_t nslot = g->org.n + 1;
	size_t nacc = (size_t)nslot * NG * (size_t)ns * (size_t)ny;
	double *sp = calloc(nacc, sizeof(double)),
	       *sz = calloc(nacc, sizeof(double));
	int64_t *cnt = calloc(nacc, sizeof(int64_t));
	int16_t *grade_at = calloc(nacc, sizeof(int16_t));
	/* latest summative per (subject, year) for one student */
	int32_t *pick = malloc(sizeof(int32_t) * (size_t)ns * (size_t)ny);
	double *pickv = malloc(sizeof(double) * (size_t)ns * (size_t)ny);
	if (!sp || !sz || !cnt || !grade_at || !pick || !pickv)
		abort();
	for (int32_t st = 0; st < g->student.n; st++) {
		int32_t p0 = engine_placement(g, st, first);
		if (p0 < 0 || g->pl_school[p0] < 0)
			continue;
		int cg = g->pl_grade[p0];
		if (cg < 0 || cg >= NG)
			continue;
		for (int32_t i = 0; i < ns * ny; i++)
			pick[i] = -1;
		for (int64_t k = g->rs_off[st]; k < g->rs_off[st + 1]; k++) {
			int64_t row = g->rs_row[k];
			int32_t a = g->res_ass[row];
			if (g->ass_kind[a] != ENG_KIND_SUMMATIVE ||
			    g->ass_class[a] >= 0 || g->ass_subject[a] < 0 ||
			    g->ass_year[a] < 0)
				continue;
			int32_t slot = g->ass_subject[a] * ny + g->ass_year[a];
			if (pick[slot] < 0 ||
			    ass_when(g, a) > ass_when(g, pick[slot])) {
				pick[slot] = a;
				pickv[slot] = g->res_score[row];
			}
		}
		int32_t school = g->pl_school[p0];
		for (int32_t sb = 0; sb < ns; sb++)
			for (int32_t y = 0; y < ny; y++) {
				int32_t a = pick[sb * ny + y];
				if (a < 0 || !(asd[a] > 0))
					continue;
				double pct =
				    pickv[sb * ny + y] / g->ass_max[a] * 100;
				double z =
				    (pickv[sb * ny + y] - amean[a]) / asd[a];
				int32_t pl = engine_placement(g, st, y);
				int16_t gr =
				    pl >= 0 ? g->pl_grade[pl] : g->ass_grade[a];
				for (int lv = -1; lv < g->nlevels; lv++) {
					int32_t org = lv < 0
					                  ? -1
					                  : engine_school_anc(
					                        g, school, lv);
					if (lv >= 0 && org < 0)
						continue;
					size_t idx = ((((size_t)(org + 1) * NG +
					                (size_t)cg) *
					                   (size_t)ns +
					               (size_t)sb) *
					              (size_t)ny) +
					             (size_t)y;
					sp[idx] += pct;
					sz[idx] += z;
					cnt[idx]++;
					grade_at[idx] = gr;
				}
			}
	}
	int64_t nout = 0;
	for (size_t i = 0; i < nacc; i++)
		if (cnt[i] > 0 && cnt[i] >= min_n)
			nout++;
	cohort_row *o =
	    malloc(sizeof(cohort_row) * (size_t)(nout > 0 ? nout : 1));
	if (!o)
		abort();
	int64_t k = 0;
	for (size_t i = 0; i < nacc; i++) {
		if (!(cnt[i] > 0 && cnt[i] >= min_n))
			continue;
		size_t rest = i;
		int32_t y = (int32_t)(rest % (size_t)ny);
		rest /= (size_t)ny;
		int32_t sb = (int32_t)(rest % (size_t)ns);
		rest /= (size_t)ns;
		int cg = (int)(rest % NG);
		int32_t org = (int32_t)(rest / NG) - 1;
		cohort_row *c = &o[k++];
		c->org = org;
		c->level = org >= 0 ? g->org_level[org] : -1;
		c->subject = sb;
		c->cohort_year = first;
		c->cohort_grade = (int16_t)cg;
		c->year = y;
		c->grade = grade_at[i];
		c->n = cnt[i];
		c->mean_pct = sp[i] / (double)cnt[i];
		c->mean_z = sz[i] / (double)cnt[i];
	}
	free(amean);
	free(asd);
	free(sp);
	free(sz);
	free(cnt);
	free(grade_at);
	free(pick);
	free(pickv);
	*out = o;
	return nout;
}

/* ---- dashboard aggregation ---- */

typedef struct dash_job {
	const engine *g;
	const int *levels;
	int nlev;
	const int32_t *school_of; /* year * nstudent + student -> school */
	int32_t ncombo;
	const int32_t *combo; /* per assessment */
	double *sum;
	int64_t *n, *ge;
	int part, nparts;
} dash_job;

static void *dash_worker(void *arg)
{
	dash_job *j = arg;
	const engine *g = j->g;
	int32_t ns = g->student.n;
	for (int32_t a = j->part; a < g->ass.n; a += j->nparts) {
		int32_t y = g->ass_year[a], c = j->combo[a];
		if (y < 0 || c < 0)
			continue;
		double cut = g->ass_prof_cut[a];
		const int32_t *so = &j->school_of[(size_t)y * (size_t)ns];
		for (int64_t r = g->res_off[a]; r < g->res_off[a + 1]; r++) {
			int32_t s = so[g->res_student[r]];
			if (s < 0)
				continue;
			double x = g->res_score[r];
			int ge = x >= cut;
			const int32_t *anc =
			    &g->school_anc[(size_t)s * (size_t)g->nlevels];
			for (int l = 0; l < j->nlev; l++) {
				int32_t org = anc[j->levels[l]];
				if (org < 0)
					continue;
				size_t cell =
				    (size_t)org * (size_t)j->ncombo + (size_t)c;
				j->n[cell]++;
				j->sum[cell] += x;
				j->ge[cell] += ge;
			}
		}
	}
	return NULL;
}

int64_t an_desc_dashboard(const engine *g, const int *levels, int nlev,
                          int nthreads, dash_row **out)
{
	int32_t ns = g->student.n, ny = g->year.n;
	int32_t nsub = g->subject.n, nterm = g->term.n + 1;
	int32_t ncombo = nsub * nterm;
	int32_t *combo = malloc(sizeof(int32_t) * (size_t)(g->ass.n + 1));
	int32_t *school_of =
	    malloc(sizeof(int32_t) * ((size_t)ny * (size_t)ns + 1));
	if (!combo || !school_of)
		abort();
	for (int32_t a = 0; a < g->ass.n; a++)
		combo[a] = g->ass_subject[a] < 0 ? -1
		                                 : g->ass_subject[a] * nterm +
		                                       (g->ass_term[a] + 1);
	for (size_t i = 0; i < (size_t)ny * (size_t)ns; i++)
		school_of[i] = -1;
	for (int32_t st = 0; st < ns; st++)
		for (int32_t k = g->pl_off[st]; k < g->pl_off[st + 1]; k++)
			school_of[(size_t)g->pl_year[k] * (size_t)ns +
			          (size_t)st] = g->pl_school[k];
	int nt = nthreads > 1 ? 2 : 1;
	size_t ncell = (size_t)g->org.n * (size_t)ncombo;
	dash_job jobs[2];
	memset(jobs, 0, sizeof(jobs));
	for (int t = 0; t < nt; t++) {
		jobs[t] = (dash_job){g,
		                     levels,
		                     nlev,
		                     school_of,
		                     ncombo,
		                     combo,
		                     calloc(ncell + 1, sizeof(double)),
		                     calloc(ncell + 1, sizeof(int64_t)),
		                     calloc(ncell + 1, sizeof(int64_t)),
		                     t,
		                     nt};
		if (!jobs[t].sum || !jobs[t].n || !jobs[t].ge)
			abort();
	}
	pthread_t th;
	int started =
	    nt > 1 && pthread_create(&th, NULL, dash_worker, &jobs[1]) == 0;
	dash_worker(&jobs[0]);
	if (started)
		pthread_join(th, NULL);
	else if (nt > 1)
		dash_worker(&jobs[1]);
	if (nt > 1)
		for (size_t i = 0; i < ncell; i++) {
			jobs[0].n[i] += jobs[1].n[i];
			jobs[0].sum[i] += jobs[1].sum[i];
			jobs[0].ge[i] += jobs[1].ge[i];
		}
	int64_t nrows = 0;
	for (size_t i = 0; i < ncell; i++)
		nrows += jobs[0].n[i] > 0;
	dash_row *rows =
	    malloc(sizeof(dash_row) * (size_t)(nrows > 0 ? nrows : 1));
	if (!rows)
		abort();
	int64_t k = 0;
	for (size_t i = 0; i < ncell; i++) {
		if (!jobs[0].n[i])
			continue;
		dash_row *r = &rows[k++];
		int32_t c = (int32_t)(i % (size_t)ncombo);
		r->org = (int32_t)(i / (size_t)ncombo);
		r->subject = c / nterm;
		r->term = c % nterm - 1;
		r->n = jobs[0].n[i];
		r->mean = jobs[0].sum[i] / (double)r->n;
		r->share = (double)jobs[0].ge[i] / (double)r->n;
	}
	for (int t = 0; t < nt; t++) {
		free(jobs[t].sum);
		free(jobs[t].n);
		free(jobs[t].ge);
	}
	free(combo);
	free(school_of);
	*out = rows;
	return nrows;
}
