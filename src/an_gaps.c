/*
 * an_gaps.c - Hedges' g per subgroup pair and its trend (see an_gaps.h).
 */
#include "an_gaps.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "an_lookup.h"
#include "an_sort.h"
#include "stats.h"

void an_gaps_labels(const engine *g, int dim, int a, int b,
                    const char **dimname, char *la, char *lb, size_t n)
{
	static const char *const names[] = {"gender", "ses", "sen", "lang",
	                                    "social"};
	static const char *const gender[] = {"?", "F", "M", "X"};
	*dimname = dim >= 0 && dim < GAP_NDIM ? names[dim] : "?";
	switch (dim) {
	case GAP_GENDER:
		snprintf(la, n, "%s", a >= 0 && a < 4 ? gender[a] : "?");
		snprintf(lb, n, "%s", b >= 0 && b < 4 ? gender[b] : "?");
		break;
	case GAP_SES:
		snprintf(la, n, "%s",
		         a ? "disadvantaged" : "not disadvantaged");
		snprintf(lb, n, "%s",
		         b ? "disadvantaged" : "not disadvantaged");
		break;
	case GAP_SEN:
		snprintf(la, n, "%s", a ? "special needs" : "no special needs");
		snprintf(lb, n, "%s", b ? "special needs" : "no special needs");
		break;
	default: {
		const eng_labels *l =
		    dim == GAP_LANG ? &g->home_language : &g->social_category;
		snprintf(la, n, "%s", a >= 0 && a < l->n ? l->label[a] : "?");
		snprintf(lb, n, "%s",
		         b >= 0 && b < l->n ? l->label[b] : "others");
	}
	}
}

/* Moments of one (org slot, dimension value) cell. */
typedef struct mom {
	int64_t n;
	double s, ss;
} mom;

static void mom_stats(const mom *m, double *mean, double *sd)
{
	*mean = m->n ? m->s / (double)m->n : NAN;
	double v = stats_var_from_sums(m->n, m->s, m->ss);
	*sd = v > 0 ? sqrt(v) : 0;
}

static int dim_vals(const engine *g, int d)
{
	return d == GAP_GENDER                ? 4
	       : d == GAP_SES || d == GAP_SEN ? 2
	       : d == GAP_LANG                ? g->home_language.n
	                                      : g->social_category.n;
}

static int dim_val(const engine *g, int d, int32_t st)
{
	switch (d) {
	case GAP_GENDER:
		return g->st_gender[st] == ENG_GENDER_UNKNOWN
		           ? -1
		           : g->st_gender[st];
	case GAP_SES:
		return g->st_ses[st];
	case GAP_SEN:
		return g->st_sen[st];
	case GAP_LANG:
		return g->st_lang[st];
	default:
		return g->st_social[st];
	}
}

typedef struct rowvec {
	gap_row *r;
	int64_t n, cap;
} rowvec;

static void push(rowvec *v, const gap_row *r)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 256;
		v->r = realloc(v->r, sizeof(gap_row) * (size_t)v->cap);
		if (!v->r)
			abort();
	}
	v->r[v->n++] = *r;
}

static void emit(rowvec *v, const gaps_opts *o, int32_t a, int32_t org,
                 int level, int d, int va, int vb, const mom *ma, const mom *mb)
{
	if (ma->n < o->min_n || mb->n < o->min_n)
		return;
	gap_row r = {.ass = a,
	             .org = org,
	             .level = (int8_t)level,
	             .dim = (int8_t)d,
	             .a = (int16_t)va,
	             .b = (int16_t)vb,
	             .na = ma->n,
	             .nb = mb->n};
	double sa, sb;
	mom_stats(ma, &r.ma, &sa);
	mom_stats(mb, &r.mb, &sb);
	if (stats_hedges_g(ma->n, r.ma, sa, mb->n, r.mb, sb, &r.g, &r.var))
		return;
	stats_interval(r.g, sqrt(r.var), STATS_Z975, &r.lo, &r.hi);
	push(v, &r);
}

/* Gaps of one assessment into v. Every cell gets its results added in
 * result order; the levels are the outer loop so that the five dimension
 * cells of one org, which lie together, are updated together. */
static void gaps_one(const engine *g, const an_lookup *L, const gaps_opts *o,
                     int32_t a, rowvec *v, mom *cell, int32_t nslot, int maxv)
{
	int64_t r0 = g->res_off[a], m = g->res_off[a + 1] - r0;
	int32_t year = g->ass_year[a];
	/* Cells of one slot: each dimension's values side by side (gender
	 * 4, ses 2, sen 2, then the language and social categories); only
	 * the values the rows below read are kept. */
	int off[GAP_NDIM + 1];
	off[0] = 0;
	for (int d = 0; d < GAP_NDIM; d++)
		off[d + 1] = off[d] + dim_vals(g, d);
	int W = off[GAP_NDIM];
	size_t ncell = (size_t)nslot * (size_t)W;
	memset(cell, 0, sizeof(mom) * ncell);
	int nlv = g->nlevels;
	for (int64_t r = r0; r < r0 + m; r++) {
		int32_t st = g->res_student[r];
		double x = g->res_score[r], xx = x * x;
		int32_t school = an_lookup_school(L, st, year);
		/* the cell offset of each dimension's value, -1 none */
		int64_t dofs[GAP_NDIM];
		for (int d = 0; d < GAP_NDIM; d++) {
			int val = dim_val(g, d, st);
			dofs[d] =
			    val < 0 || val >= maxv || val >= off[d + 1] - off[d]
			        ? -1
			        : (int64_t)off[d] + val;
		}
		const int32_t *anc =
		    school >= 0 ? &g->school_anc[(int64_t)school * nlv] : NULL;
		for (int lv = -1; lv < nlv; lv++) {
			int32_t org = lv < 0 ? -1 : anc ? anc[lv] : -1;
			if (lv >= 0 && org < 0)
				continue;
			mom *base = &cell[(size_t)(org + 1) * (size_t)W];
			for (int d = 0; d < GAP_NDIM; d++) {
				if (dofs[d] < 0)
					continue;
				mom *c = &base[dofs[d]];
				c->n++;
				c->s += x;
				c->ss += xx;
			}
		}
	}
	for (int32_t slot = 0; slot < nslot; slot++) {
		int32_t org = slot - 1;
		int level = org >= 0 ? g->org_level[org] : -1;
		mom *base = &cell[(size_t)slot * (size_t)W];
		if (base[ENG_GENDER_F].n == 0 && base[ENG_GENDER_M].n == 0 &&
		    base[off[GAP_SES] + 0].n == 0 &&
		    base[off[GAP_SES] + 1].n == 0)
			continue; /* no students here */
		emit(v, o, a, org, level, GAP_GENDER, ENG_GENDER_F,
		     ENG_GENDER_M, &base[ENG_GENDER_F], &base[ENG_GENDER_M]);
		mom *ses = &base[off[GAP_SES]];
		emit(v, o, a, org, level, GAP_SES, 1, 0, &ses[1], &ses[0]);
		mom *sen = &base[off[GAP_SEN]];
		emit(v, o, a, org, level, GAP_SEN, 1, 0, &sen[1], &sen[0]);
		for (int d = GAP_LANG; d <= GAP_SOCIAL; d++) {
			mom *c = &base[off[d]];
			int nv = dim_vals(g, d);
			if (nv < 2)
				continue;
			mom tot = {0, 0, 0};
			for (int k = 0; k < nv; k++) {
				tot.n += c[k].n;
				tot.s += c[k].s;
				tot.ss += c[k].ss;
			}
			for (int k = 0; k < nv; k++) {
				mom rest = {tot.n - c[k].n, tot.s - c[k].s,
				            tot.ss - c[k].ss};
				emit(v, o, a, org, level, d, k, -1, &c[k],
				     &rest);
			}
		}
	}
}

typedef struct gaps_job {
	const engine *g;
	const an_lookup *L;
	const gaps_opts *o;
	rowvec *per; /* rows of each assessment */
	int part, nparts;
	int32_t nslot;
	int maxv;
} gaps_job;

static void *gaps_worker(void *arg)
{
	gaps_job *j = arg;
	const engine *g = j->g;
	mom *cell =
	    malloc(sizeof(mom) * (size_t)j->nslot * GAP_NDIM * (size_t)j->maxv);
	if (!cell)
		abort();
	for (int32_t a = j->part; a < g->ass.n; a += j->nparts) {
		if (g->ass_class[a] >= 0 || g->ass_year[a] < 0)
			continue;
		if (j->o->year >= 0 && g->ass_year[a] != j->o->year)
			continue;
		gaps_one(g, j->L, j->o, a, &j->per[a], cell, j->nslot, j->maxv);
	}
	free(cell);
	return NULL;
}

typedef struct tk {
	int64_t idx;
	int32_t org, subject;
	int16_t a, b, grade;
	int8_t dim;
	double t;
} tk;

static int tk_cmp(const void *pa, const void *pb)
{
	const tk *x = pa, *y = pb;
#define C(f)                                                                   \
	if (x->f != y->f)                                                      \
		return x->f < y->f ? -1 : 1;
	C(org) C(dim) C(a) C(b) C(subject) C(grade) C(t)
#undef C
	            return x->idx < y->idx
	    ? -1
	    : x->idx > y->idx;
}

static double years_of(const engine *g, int32_t a)
{
	double d = g->ass_date[a] >= 0 ? g->ass_date[a]
	                               : g->year_start[g->ass_year[a]];
	return d / 365.25;
}

/* Bits needed for values 0..span. */
static int bits_for(uint64_t span)
{
	int b = 0;
	while (b < 64 && (span >> b) != 0)
		b++;
	return b;
}

/* Sort k (n entries, k[i].idx == i) as tk_cmp orders them. The fields
 * (org, dim, a, b, subject, grade, rank of t) are packed into one 64-bit
 * key, each as its offset from the field's minimum, and ordered by a
 * stable radix sort, so ties keep idx order as tk_cmp's last key does;
 * when the fields need more than 64 bits, qsort with tk_cmp. */
static void sort_series(const engine *g, tk *k, int64_t n)
{
	if (n <= 1)
		return;
	/* t depends on the assessment only: its rank among the distinct t of
	 * the assessments */
	int32_t na = g->ass.n, nt = 0;
	double *ta = malloc(sizeof(double) * (size_t)(na + 1));
	int32_t *ord = malloc(sizeof(int32_t) * (size_t)(na + 1));
	int32_t *at = malloc(sizeof(int32_t) * (size_t)n);
	if (!ta || !ord || !at)
		abort();
	for (int32_t a = 0; a < na; a++)
		if (g->ass_year[a] >= 0 || g->ass_date[a] >= 0)
			ta[nt++] = years_of(g, a);
	an_sort_order(ta, nt, ord);
	double *tv = malloc(sizeof(double) * (size_t)(nt + 1));
	if (!tv)
		abort();
	int32_t ndist = 0;
	for (int32_t i = 0; i < nt; i++)
		if (i == 0 || ta[ord[i]] != ta[ord[i - 1]])
			tv[ndist++] = ta[ord[i]];
	free(ta);
	free(ord);
	int ok = 1;
	int64_t lo[7] = {0}, hi[7] = {0};
	for (int64_t i = 0; i < n; i++) {
		int32_t l = 0, h = ndist - 1;
		at[i] = -1;
		while (l <= h) {
			int32_t mid = l + (h - l) / 2;
			if (tv[mid] == k[i].t) {
				at[i] = mid;
				break;
			}
			if (tv[mid] < k[i].t)
				l = mid + 1;
			else
				h = mid - 1;
		}
		if (at[i] < 0)
			ok = 0; /* a t that is no assessment's: cannot happen */
		int64_t f[7] = {k[i].org,     k[i].dim,   k[i].a, k[i].b,
		                k[i].subject, k[i].grade, at[i]};
		for (int q = 0; q < 7; q++) {
			if (i == 0 || f[q] < lo[q])
				lo[q] = f[q];
			if (i == 0 || f[q] > hi[q])
				hi[q] = f[q];
		}
	}
	free(tv);
	int width[7], total = 0;
	for (int q = 0; q < 7; q++) {
		width[q] = bits_for((uint64_t)(hi[q] - lo[q]));
		total += width[q];
	}
	if (!ok || total > 63) {
		free(at);
		qsort(k, (size_t)n, sizeof(tk), tk_cmp);
		return;
	}
	uint64_t *key = malloc(sizeof(uint64_t) * (size_t)n);
	int32_t *perm = malloc(sizeof(int32_t) * (size_t)n);
	tk *out = malloc(sizeof(tk) * (size_t)n);
	if (!key || !perm || !out)
		abort();
	for (int64_t i = 0; i < n; i++) {
		int64_t f[7] = {k[i].org,     k[i].dim,   k[i].a, k[i].b,
		                k[i].subject, k[i].grade, at[i]};
		uint64_t kk = 0;
		for (int q = 0; q < 7; q++)
			kk = (kk << width[q]) | (uint64_t)(f[q] - lo[q]);
		key[i] = kk;
	}
	free(at);
	an_sort_order_u64(key, n, perm);
	for (int64_t i = 0; i < n; i++)
		out[i] = k[perm[i]];
	memcpy(k, out, sizeof(tk) * (size_t)n);
	free(out);
	free(perm);
	free(key);
}

int an_gaps_compute(const engine *g, const gaps_opts *o, gap_row **rows,
                    int64_t *nrows, gap_trend **trends, int64_t *ntrends)
{
	int maxv = 4;
	if (g->home_language.n > maxv)
		maxv = g->home_language.n;
	if (g->social_category.n > maxv)
		maxv = g->social_category.n;
	int32_t nslot = g->org.n + 1;
	an_lookup L;
	an_lookup_init(&L, g, 0);
	rowvec *per = calloc((size_t)g->ass.n + 1, sizeof(rowvec));
	if (!per)
		abort();
	/* Assessments divided between two threads, each with its own cells;
	 * the rows are joined in assessment order. */
	gaps_job jobs[2] = {{g, &L, o, per, 0, 2, nslot, maxv},
	                    {g, &L, o, per, 1, 2, nslot, maxv}};
	pthread_t th;
	int started = pthread_create(&th, NULL, gaps_worker, &jobs[1]) == 0;
	gaps_worker(&jobs[0]);
	if (started)
		pthread_join(th, NULL);
	else
		gaps_worker(&jobs[1]);
	an_lookup_free(&L);
	rowvec v = {0};
	for (int32_t a = 0; a < g->ass.n; a++)
		v.n += per[a].n;
	v.cap = v.n;
	v.r = v.n ? malloc(sizeof(gap_row) * (size_t)v.n) : NULL;
	if (v.n && !v.r)
		abort();
	for (int64_t a = 0, at = 0; a < g->ass.n; a++) {
		if (per[a].n)
			memcpy(v.r + at, per[a].r,
			       sizeof(gap_row) * (size_t)per[a].n);
		at += per[a].n;
		free(per[a].r);
	}
	free(per);
	/* Trends. */
	tk *k = malloc(sizeof(tk) * (size_t)(v.n > 0 ? v.n : 1));
	if (!k)
		abort();
	for (int64_t i = 0; i < v.n; i++) {
		const gap_row *r = &v.r[i];
		k[i] = (tk){i,
		            r->org,
		            g->ass_subject[r->ass],
		            r->a,
		            r->b,
		            g->ass_grade[r->ass],
		            r->dim,
		            years_of(g, r->ass)};
	}
	sort_series(g, k, v.n);
	gap_trend *tr = malloc(sizeof(gap_trend) * (size_t)(v.n > 0 ? v.n : 1));
	double *tt = malloc(sizeof(double) * (size_t)(v.n > 0 ? v.n : 1));
	double *yy = malloc(sizeof(double) * (size_t)(v.n > 0 ? v.n : 1));
	double *ww = malloc(sizeof(double) * (size_t)(v.n > 0 ? v.n : 1));
	if (!tr || !tt || !yy || !ww)
		abort();
	double z = stats_normal_quantile(1 - o->alpha / 2);
	int64_t nt = 0;
	for (int64_t i = 0; i < v.n;) {
		int64_t j = i;
		while (j < v.n && k[j].org == k[i].org &&
		       k[j].dim == k[i].dim && k[j].a == k[i].a &&
		       k[j].b == k[i].b && k[j].subject == k[i].subject &&
		       k[j].grade == k[i].grade)
			j++;
		int n = (int)(j - i);
		for (int q = 0; q < n; q++) {
			const gap_row *r = &v.r[k[i + q].idx];
			tt[q] = k[i + q].t;
			yy[q] = r->g;
			ww[q] = 1 / r->var; /* inverse-variance weights */
		}
		double gm = stats_wmean(yy, NULL, (size_t)n);
		gap_trend *t = &tr[nt++];
		const gap_row *r0 = &v.r[k[i].idx];
		*t = (gap_trend){.org = r0->org,
		                 .level = r0->level,
		                 .dim = r0->dim,
		                 .a = r0->a,
		                 .b = r0->b,
		                 .subject = k[i].subject,
		                 .grade = k[i].grade,
		                 .points = n,
		                 .g_first = yy[0],
		                 .g_last = yy[n - 1]};
		stats_line ln;
		if (stats_wls(tt, yy, ww, (size_t)n, &ln)) {
			t->slope = t->lo = t->hi = NAN;
			t->verdict = 2;
		} else {
			t->slope = ln.slope;
			stats_interval(ln.slope, ln.se, z, &t->lo, &t->hi);
			int sig = t->lo > 0 || t->hi < 0;
			t->verdict = !sig                         ? 0
			             : (ln.slope > 0) == (gm > 0) ? 1
			                                          : -1;
		}
		i = j;
	}
	free(k);
	free(tt);
	free(yy);
	free(ww);
	*rows = v.r ? v.r : malloc(1);
	*nrows = v.n;
	*trends = tr;
	*ntrends = nt;
	return 0;
}
