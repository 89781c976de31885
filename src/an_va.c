/*
 * an_va.c - value-added models and their aggregation (see an_va.h for the
 * formulas and references).
 */
#include "an_va.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "an_lookup.h"
#include "an_sort.h"
#include "stats.h"

static void *xmal(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

static void *xcal(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);
	if (!p)
		abort();
	return p;
}

int an_va_ols(const double *X, int64_t n, int k, const double *y, double *beta,
              double *fitted)
{
	/* X'X (upper triangle) and X'y, accumulated row by row in plain
	 * arrays, then handed to GSL. */
	double *xtx = xcal((size_t)k * (size_t)k, sizeof(double));
	double *xty = xcal((size_t)k, sizeof(double));
	/* Only the non-zero entries of a row are visited (most context
	 * columns are 0/1 dummies): adding xr * 0 = +-0 to a sum that starts
	 * at +0 changes nothing, so the sums are bit for bit those of the
	 * dense loop as long as the row is finite (else the dense loop). */
	int *nz = xmal(sizeof(int) * (size_t)k);
	for (int64_t i = 0; i < n; i++) {
		const double *x = &X[i * k];
		double yi = y[i];
		int nnz = 0, finite = 1;
		for (int c = 0; c < k; c++)
			if (x[c] != 0) {
				nz[nnz++] = c;
				if (!isfinite(x[c]))
					finite = 0;
			}
		if (!finite) {
			for (int r = 0; r < k; r++) {
				double xr = x[r];
				if (xr == 0)
					continue;
				xty[r] += xr * yi;
				double *row = &xtx[(size_t)r * (size_t)k];
				for (int c = r; c < k; c++)
					row[c] += xr * x[c];
			}
			continue;
		}
		for (int u = 0; u < nnz; u++) {
			int r = nz[u];
			double xr = x[r];
			xty[r] += xr * yi;
			double *row = &xtx[(size_t)r * (size_t)k];
			for (int w = u; w < nnz; w++)
				row[nz[w]] += xr * x[nz[w]];
		}
	}
	free(nz);
	gsl_matrix *A = gsl_matrix_alloc((size_t)k, (size_t)k);
	gsl_vector *b = gsl_vector_alloc((size_t)k);
	for (int r = 0; r < k; r++) {
		gsl_vector_set(b, (size_t)r, xty[r]);
		for (int c = 0; c < k; c++)
			gsl_matrix_set(
			    A, (size_t)r, (size_t)c,
			    c >= r ? xtx[(size_t)r * (size_t)k + (size_t)c]
			           : xtx[(size_t)c * (size_t)k + (size_t)r]);
	}
	free(xtx);
	free(xty);
	gsl_matrix *V = gsl_matrix_alloc((size_t)k, (size_t)k);
	gsl_vector *S = gsl_vector_alloc((size_t)k);
	gsl_vector *work = gsl_vector_alloc((size_t)k);
	gsl_vector *sol = gsl_vector_alloc((size_t)k);
	gsl_linalg_SV_decomp(A, V, S, work);
	double smax = gsl_vector_get(S, 0);
	int rank = 0;
	for (int r = 0; r < k; r++) {
		if (gsl_vector_get(S, (size_t)r) <= smax * 1e-10 || smax <= 0)
			gsl_vector_set(S, (size_t)r, 0);
		else
			rank++;
	}
	gsl_linalg_SV_solve(A, V, S, b, sol);
	for (int r = 0; r < k; r++)
		beta[r] = rank ? gsl_vector_get(sol, (size_t)r) : 0;
	if (fitted)
		for (int64_t i = 0; i < n; i++) {
			double f = 0;
			for (int r = 0; r < k; r++)
				f += X[i * k + r] * beta[r];
			fitted[i] = f;
		}
	gsl_matrix_free(A);
	gsl_matrix_free(V);
	gsl_vector_free(S);
	gsl_vector_free(work);
	gsl_vector_free(sol);
	gsl_vector_free(b);
	return rank;
}

int an_va_bands(const double *p, int64_t n, int nb, int16_t *band)
{
	if (n <= 0)
		return 0;
	if (nb < 1)
		nb = 1;
	/* ascending p, ties in index order */
	int32_t *ord = xmal(sizeof(int32_t) * (size_t)n);
	an_sort_order(p, n, ord);
	int used = 0;
	int64_t first = 0;
	for (int64_t r = 0; r < n; r++) {
		if (r == 0 || p[ord[r]] != p[ord[r - 1]])
			first = r;
		int b = (int)(first * nb / n);
		band[ord[r]] = (int16_t)b;
		if (b + 1 > used)
			used = b + 1;
	}
	free(ord);
	return used;
}

void an_va_band_expected(const double *y, const int16_t *band, int64_t n,
                         int nb, double *expected)
{
	double *sum = xcal((size_t)nb, sizeof(double));
	int64_t *cnt = xcal((size_t)nb, sizeof(int64_t));
	for (int64_t i = 0; i < n; i++) {
		sum[band[i]] += y[i];
		cnt[band[i]]++;
	}
	for (int64_t i = 0; i < n; i++)
		expected[i] = sum[band[i]] / (double)cnt[band[i]];
	free(sum);
	free(cnt);
}

int64_t an_va_cap(double *resid, const int16_t *band, int64_t n, int nb,
                  double cap_sd, uint8_t *capped)
{
	if (cap_sd <= 0)
		return 0;
	double *sum = xcal((size_t)nb, sizeof(double));
	double *ss = xcal((size_t)nb, sizeof(double));
	int64_t *cnt = xcal((size_t)nb, sizeof(int64_t));
	for (int64_t i = 0; i < n; i++) {
		sum[band[i]] += resid[i];
		cnt[band[i]]++;
	}
	for (int64_t i = 0; i < n; i++) {
		double d = resid[i] - sum[band[i]] / (double)cnt[band[i]];
		ss[band[i]] += d * d;
	}
	int64_t ncap = 0;
	for (int64_t i = 0; i < n; i++) {
		int b = band[i];
		if (cnt[b] < 2)
			continue;
		double floor_b = sum[b] / (double)cnt[b] -
		                 cap_sd * sqrt(ss[b] / (double)(cnt[b] - 1));
		if (resid[i] < floor_b) {
			resid[i] = floor_b;
			if (capped)
				capped[i] = 1;
			ncap++;
		}
	}
	free(sum);
	free(ss);
	free(cnt);
	return ncap;
}

void an_va_interval(double sum, int64_t n, double sigma, double *mean,
                    double *se, double *lo, double *hi)
{
	*mean = n > 0 ? sum / (double)n : NAN;
	*se = n > 0 ? sigma / sqrt((double)n) : NAN;
	stats_interval(*mean, *se, STATS_Z975, lo, hi);
}

/* ---- over the engine ---- */

typedef struct va_ctx {
	const engine *g;
	const an_lookup *L;
	const va_opts *o;
	int32_t *prev_year;
	double *amean, *asd;
	/* The results that can serve as priors (assessment of a year, not a
	 * class's own, of an accepted kind, with spread), CSR by student in
	 * the engine's rs order: el_ass/el_score[el_off[st] ..
	 * el_off[st + 1]). */
	int64_t *el_off;
	int32_t *el_ass;
	double *el_score;
	va_student **per; /* per outcome assessment */
	int64_t *nper;
	int part, nparts;
} va_ctx;

static int kind_ok(const va_opts *o, int32_t a, const engine *g)
{
	return (o->kinds >> g->ass_kind[a]) & 1;
}

static int64_t when(const engine *g, int32_t a)
{
	return g->ass_date[a] >= 0 ? g->ass_date[a]
	                           : g->year_start[g->ass_year[a]];
}

/* Contextual design: columns beyond 1, p, p^2. */
typedef struct ctx_design {
	int k; /* total columns */
	int lang_ref, social_ref;
} ctx_design;

static int most_common(const int16_t *v, int32_t n, int nlab)
{
	if (nlab <= 0)
		return -1;
	int64_t *c = xcal((size_t)nlab, sizeof(int64_t));
	for (int32_t i = 0; i < n; i++)
		if (v[i] >= 0 && v[i] < nlab)
			c[v[i]]++;
	int best = 0;
	for (int l = 1; l < nlab; l++)
		if (c[l] > c[best])
			best = l;
	free(c);
	return best;
}

/* The prior columns shared by the regression and contextual models: 1,
 * p, p^2, the mean of the other subjects' standardised priors of the same
 * year (0 when none) and its missing flag, the same subject's prior two
 * years back (0 when none) and its flag, and the mean p of the student's
 * school (a compositional term: it takes out the bias that measurement
 * error in the prior puts on schools with high or low intakes;
 * Raudenbush & Willms 1995, "The estimation of school effects", type A). */
#define VA_KBASE 8
static void base_row(double p, double oz, double p2z, double smean, double *x)
{
	x[0] = 1;
	x[1] = p;
	x[2] = p * p;
	x[3] = isnan(oz) ? 0 : oz;
	x[4] = isnan(oz);
	x[5] = isnan(p2z) ? 0 : p2z;
	x[6] = isnan(p2z);
	x[7] = smean;
}

/* Row of the contextual design for student st (k columns). */
static void ctx_row(const engine *g, int32_t st, const double *base,
                    const ctx_design *d, double *x)
{
	int c = 0;
	for (; c < VA_KBASE; c++)
		x[c] = base[c];
	x[c++] = g->st_gender[st] == ENG_GENDER_F;
	x[c++] = g->st_ses[st] == 1;
	x[c++] = g->st_ses[st] < 0;
	x[c++] = g->st_sen[st] == 1;
	x[c++] = g->st_sen[st] < 0;
	for (int l = 0; l < g->home_language.n; l++)
		if (l != d->lang_ref)
			x[c++] = g->st_lang[st] == l;
	x[c++] = g->st_lang[st] < 0;
	for (int l = 0; l < g->social_category.n; l++)
		if (l != d->social_ref)
			x[c++] = g->st_social[st] == l;
	x[c++] = g->st_social[st] < 0;
}

/* A student's priors for one (subject, year) of outcome: the latest prior
 * of the subject in the previous year (best), in the year before that
 * (best2), and the mean standardised score over the other subjects of the
 * previous year (osum / on). They depend on the student, the subject and
 * the outcome's year only, so a worker keeps them per student for the
 * (subject, year) at hand (stamp = that key + 1) and reuses them for every
 * outcome assessment of the same subject and year. */
typedef struct prior_memo {
	int32_t stamp;
	int32_t best, best2;
	int32_t on;
	double bestv, best2v, osum;
} prior_memo;

static void find_priors(const va_ctx *C, int32_t st, int32_t subj, int32_t py,
                        int32_t py2, prior_memo *pm)
{
	const engine *g = C->g;
	int32_t best = -1, best2 = -1;
	double bestv = 0, best2v = 0, osum = 0;
	int on = 0;
	for (int64_t k = C->el_off[st]; k < C->el_off[st + 1]; k++) {
		int32_t b = C->el_ass[k];
		int32_t by = g->ass_year[b];
		if (by != py && (py2 < 0 || by != py2))
			continue;
		double x = C->el_score[k];
		if (g->ass_subject[b] != subj) {
			if (by == py) {
				osum += (x - C->amean[b]) / C->asd[b];
				on++;
			}
			continue;
		}
		if (by == py && (best < 0 || when(g, b) > when(g, best))) {
			best = b;
			bestv = x;
		}
		if (by == py2 && (best2 < 0 || when(g, b) > when(g, best2))) {
			best2 = b;
			best2v = x;
		}
	}
	pm->best = best;
	pm->best2 = best2;
	pm->bestv = bestv;
	pm->best2v = best2v;
	pm->osum = osum;
	pm->on = on;
}

/* The standardised residuals res = (y - fit) / ysd of one model, capped
 * from below within each prior band (an_va_cap); cap (cleared here) marks
 * the capped students. */
static void capped_resid(const double *y, const double *fit, int64_t n,
                         double ysd, const int16_t *band, int nb, double cap_sd,
                         double *res, uint8_t *cap)
{
	memset(cap, 0, (size_t)n);
	for (int64_t i = 0; i < n; i++)
		res[i] = (y[i] - fit[i]) / ysd;
	an_va_cap(res, band, n, nb, cap_sd, cap);
}

static void fit_one(va_ctx *C, int32_t a, const ctx_design *cd,
                    prior_memo *memo)
{
	const engine *g = C->g;
	const va_opts *o = C->o;
	int32_t py = C->prev_year[g->ass_year[a]];
	if (py < 0)
		return;
	int32_t subj = g->ass_subject[a];
	int64_t r0 = g->res_off[a], m = g->res_off[a + 1] - r0;
	int32_t py2 = C->prev_year[py];
	int32_t stamp = subj * g->year.n + g->ass_year[a] + 1;
	va_student *v = xmal(sizeof(va_student) * (size_t)(m > 0 ? m : 1));
	/* other subjects' prior mean and the same subject two years back */
	double *oz = xmal(sizeof(double) * (size_t)(m > 0 ? m : 1));
	double *p2z = xmal(sizeof(double) * (size_t)(m > 0 ? m : 1));
	int64_t n = 0;
	for (int64_t r = r0; r < r0 + m; r++) {
		int32_t st = g->res_student[r];
		prior_memo *pm = &memo[st];
		if (pm->stamp != stamp) {
			find_priors(C, st, subj, py, py2, pm);
			pm->stamp = stamp;
		}
		int32_t best = pm->best, best2 = pm->best2;
		if (best < 0)
			continue;
		oz[n] = pm->on ? pm->osum / pm->on : NAN;
		p2z[n] = best2 >= 0
		             ? (pm->best2v - C->amean[best2]) / C->asd[best2]
		             : NAN;
		va_student *s = &v[n++];
		memset(s, 0, sizeof(*s));
		s->student = st;
		s->ass = a;
		s->prior_ass = best;
		s->prior = pm->bestv;
		s->score = g->res_score[r];
		s->school = an_lookup_school(C->L, st, g->ass_year[a]);
		s->cls = g->ass_class[a] >= 0
		             ? g->ass_class[a]
		             : an_lookup_class(C->L, st, g->ass_year[a], subj);
		s->teacher = s->cls >= 0 ? g->cls_lead[s->cls] : -1;
	}
	if (n < 3) {
		free(v);
		free(oz);
		free(p2z);
		return;
	}
	double *y = xmal(sizeof(double) * (size_t)n),
	       *p = xmal(sizeof(double) * (size_t)n);
	for (int64_t i = 0; i < n; i++) {
		y[i] = v[i].score;
		p[i] = (v[i].prior - C->amean[v[i].prior_ass]) /
		       C->asd[v[i].prior_ass];
	}
	double ymean, ysd;
	stats_mean_sd(y, (size_t)n, &ymean, &ysd);
	if (!(ysd > 0))
		ysd = 1;
	/* regression */
	double *X = xmal(sizeof(double) * (size_t)n * VA_KBASE),
	       *fit = xmal(sizeof(double) * (size_t)n);
	double *res = xmal(sizeof(double) * (size_t)n);
	uint8_t *cap = xcal((size_t)n, 1);
	int16_t *band = xmal(sizeof(int16_t) * (size_t)n);
	double *ssum = xcal((size_t)g->nschool + 1, sizeof(double));
	int64_t *scnt = xcal((size_t)g->nschool + 1, sizeof(int64_t));
	for (int64_t i = 0; i < n; i++)
		if (v[i].school >= 0) {
			ssum[v[i].school] += p[i];
			scnt[v[i].school]++;
		}
	for (int64_t i = 0; i < n; i++) {
		int32_t sc = v[i].school;
		double sm = sc >= 0 ? ssum[sc] / (double)scnt[sc] : 0;
		base_row(p[i], oz[i], p2z[i], sm, &X[i * VA_KBASE]);
	}
	free(ssum);
	free(scnt);
	double beta[64];
	an_va_ols(X, n, VA_KBASE, y, beta, fit);
	int nb = o->nbands;
	if (nb > n / 30)
		nb = (int)(n / 30);
	if (nb < 1)
		nb = 1;
	nb = an_va_bands(p, n, nb, band);
	capped_resid(y, fit, n, ysd, band, nb, o->cap_sd, res, cap);
	for (int64_t i = 0; i < n; i++) {
		v[i].band = band[i];
		v[i].exp_reg = fit[i];
		v[i].res_reg = res[i];
		v[i].capped |= (uint8_t)(cap[i] << VA_REG);
	}
	/* prior band */
	an_va_band_expected(y, band, n, nb, fit);
	capped_resid(y, fit, n, ysd, band, nb, o->cap_sd, res, cap);
	for (int64_t i = 0; i < n; i++) {
		v[i].exp_band = fit[i];
		v[i].res_band = res[i];
		v[i].capped |= (uint8_t)(cap[i] << VA_BAND);
	}
	/* contextual */
	if (o->contextual && cd->k <= 64) {
		int k = cd->k;
		double *Xc = xmal(sizeof(double) * (size_t)n * (size_t)k);
		for (int64_t i = 0; i < n; i++)
			ctx_row(g, v[i].student, &X[i * VA_KBASE], cd,
			        &Xc[i * k]);
		an_va_ols(Xc, n, k, y, beta, fit);
		capped_resid(y, fit, n, ysd, band, nb, o->cap_sd, res, cap);
		for (int64_t i = 0; i < n; i++) {
			v[i].res_ctx = res[i];
			v[i].capped |= (uint8_t)(cap[i] << VA_CTX);
		}
		free(Xc);
	} else {
		for (int64_t i = 0; i < n; i++)
			v[i].res_ctx = NAN;
	}
	free(y);
	free(p);
	free(oz);
	free(p2z);
	free(X);
	free(fit);
	free(res);
	free(cap);
	free(band);
	C->per[a] = v;
	C->nper[a] = n;
}

typedef struct va_job {
	va_ctx *C;
	const ctx_design *cd;
	int part, nparts;
} va_job;

typedef struct ass_key {
	int32_t key, a;
} ass_key;

static int ass_key_cmp(const void *pa, const void *pb)
{
	const ass_key *x = pa, *y = pb;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->a > y->a) - (x->a < y->a);
}

static void *va_worker(void *arg)
{
	va_job *j = arg;
	const engine *g = j->C->g;
	/* this worker's outcomes, taken by (subject, year) so that the
	 * prior memo serves every outcome of a subject and year in turn */
	ass_key *list = xmal(sizeof(ass_key) * (size_t)(g->ass.n + 1));
	int32_t nl = 0;
	for (int32_t a = j->part; a < g->ass.n; a += j->nparts) {
		if (g->ass_class[a] >= 0 || g->ass_year[a] < 0 ||
		    g->ass_subject[a] < 0 || !kind_ok(j->C->o, a, g))
			continue;
		if (j->C->o->year >= 0 && g->ass_year[a] != j->C->o->year)
			continue;
		list[nl++] = (ass_key){
		    g->ass_subject[a] * g->year.n + g->ass_year[a], a};
	}
	qsort(list, (size_t)nl, sizeof(ass_key), ass_key_cmp);
	prior_memo *memo =
	    xcal((size_t)g->student.n + 1, sizeof(prior_memo)); /* stamp 0 */
	for (int32_t i = 0; i < nl; i++)
		fit_one(j->C, list[i].a, j->cd, memo);
	free(memo);
	free(list);
	return NULL;
}

/* Accumulator of one group cell. */
typedef struct acc {
	double sum;
	int64_t n, ncap;
} acc;

static double resid_of(const va_student *s, int m)
{
	return m == VA_REG    ? s->res_reg
	       : m == VA_BAND ? s->res_band
	                      : s->res_ctx;
}

/* The previous year of each year (the latest that starts before it), -1
 * for the first. */
static int32_t *prev_years(const engine *g)
{
	int32_t ny = g->year.n;
	int32_t *prev = xmal(sizeof(int32_t) * (size_t)(ny > 0 ? ny : 1));
	for (int32_t y = 0; y < ny; y++) {
		prev[y] = -1;
		for (int32_t z = 0; z < ny; z++)
			if (g->year_start[z] < g->year_start[y] &&
			    (prev[y] < 0 ||
			     g->year_start[z] > g->year_start[prev[y]]))
				prev[y] = z;
	}
	return prev;
}

/* The results that can be priors (an assessment of a year, not a class's
 * own, of an accepted kind, with spread), by student (rows ascending, as
 * rs_row lists them): C->el_off, C->el_ass, C->el_score. */
static void prior_results(va_ctx *C)
{
	const engine *g = C->g;
	int32_t na = g->ass.n, nst = g->student.n;
	C->el_off = xcal((size_t)nst + 1, sizeof(int64_t));
	uint8_t *elig = xcal((size_t)na, 1);
	for (int32_t b = 0; b < na; b++)
		elig[b] = g->ass_year[b] >= 0 && g->ass_class[b] < 0 &&
		          kind_ok(C->o, b, g) && C->asd[b] > 0;
	for (int32_t b = 0; b < na; b++)
		if (elig[b])
			for (int64_t r = g->res_off[b]; r < g->res_off[b + 1];
			     r++)
				C->el_off[g->res_student[r] + 1]++;
	for (int32_t i = 0; i < nst; i++)
		C->el_off[i + 1] += C->el_off[i];
	int64_t nel = C->el_off[nst];
	C->el_ass = xmal(sizeof(int32_t) * (size_t)nel);
	C->el_score = xmal(sizeof(double) * (size_t)nel);
	int64_t *fill = xmal(sizeof(int64_t) * ((size_t)nst + 1));
	memcpy(fill, C->el_off, sizeof(int64_t) * ((size_t)nst + 1));
	for (int32_t b = 0; b < na; b++)
		if (elig[b])
			for (int64_t r = g->res_off[b]; r < g->res_off[b + 1];
			     r++) {
				int64_t at = fill[g->res_student[r]]++;
				C->el_ass[at] = b;
				C->el_score[at] = g->res_score[r];
			}
	free(fill);
	free(elig);
}

/* The contextual design: the reference (most common) home language and
 * social category, and the number of columns. */
static void design_of(const engine *g, ctx_design *cd)
{
	cd->lang_ref =
	    most_common(g->st_lang, g->student.n, g->home_language.n);
	cd->social_ref =
	    most_common(g->st_social, g->student.n, g->social_category.n);
	cd->k = VA_KBASE + 5 +
	        (g->home_language.n > 0 ? g->home_language.n - 1 : 0) + 1 +
	        (g->social_category.n > 0 ? g->social_category.n - 1 : 0) + 1;
}

/* Fit every outcome assessment (on two workers when o->nthreads > 1) and
 * gather the students in assessment order; *total set. */
static va_student *fit_all(const engine *g, const va_opts *o, int64_t *total)
{
	int32_t na = g->ass.n;
	an_lookup L;
	an_lookup_init(&L, g, 1);
	va_ctx C = {.g = g, .L = &L, .o = o};
	C.prev_year = prev_years(g);
	C.amean = xcal((size_t)na, sizeof(double));
	C.asd = xcal((size_t)na, sizeof(double));
	an_ass_moments(g, C.amean, C.asd);
	prior_results(&C);
	C.per = xcal((size_t)na, sizeof(va_student *));
	C.nper = xcal((size_t)na, sizeof(int64_t));
	ctx_design cd;
	design_of(g, &cd);
	int nt = o->nthreads > 1 ? 2 : 1;
	va_job jobs[2] = {{&C, &cd, 0, nt}, {&C, &cd, 1, nt}};
	pthread_t th;
	int started =
	    nt > 1 && pthread_create(&th, NULL, va_worker, &jobs[1]) == 0;
	va_worker(&jobs[0]);
	if (started)
		pthread_join(th, NULL);
	else if (nt > 1)
		va_worker(&jobs[1]);
	int64_t n = 0;
	for (int32_t a = 0; a < na; a++)
		n += C.nper[a];
	va_student *all = xmal(sizeof(va_student) * (size_t)(n > 0 ? n : 1));
	int64_t k = 0;
	for (int32_t a = 0; a < na; a++) {
		if (C.nper[a])
			memcpy(all + k, C.per[a],
			       sizeof(va_student) * (size_t)C.nper[a]);
		k += C.nper[a];
		free(C.per[a]);
	}
	free(C.per);
	free(C.nper);
	free(C.el_off);
	free(C.el_ass);
	free(C.el_score);
	an_lookup_free(&L);
	free(C.prev_year);
	free(C.amean);
	free(C.asd);
	*total = n;
	return all;
}

/* The aggregation of the students' residuals: pools (model, subject slot,
 * year slot; slot ns is all subjects, ny all years) give each cell's
 * residual SD; cells per org (every level) and teacher by (model, subject
 * slot, year slot), per class by (model, subject slot), laid out group
 * first so that the cells one student adds to lie together. */
typedef struct va_aggr {
	const engine *g;
	int nm; /* models aggregated */
	int32_t ns, ny, S1, Y1;
	int64_t min_n;
	double *psd;       /* residual SD per pool */
	acc *ao, *ac, *at; /* org, class and teacher cells */
	va_group *out;     /* the groups emitted */
	int64_t ng, cap;
} va_aggr;

static size_t pool_at(const va_aggr *A, int m, int32_t s, int32_t y)
{
	return ((size_t)m * (size_t)A->S1 + (size_t)s) * (size_t)A->Y1 +
	       (size_t)y;
}

/* An org or teacher cell (by subject and year slot). */
static size_t cell_at(const va_aggr *A, int32_t id, int m, int32_t s, int32_t y)
{
	return (((size_t)id * (size_t)A->nm + (size_t)m) * (size_t)A->S1 +
	        (size_t)s) *
	           (size_t)A->Y1 +
	       (size_t)y;
}

/* A class cell (by subject slot; a class has one year). */
static size_t cls_at(const va_aggr *A, int32_t id, int m, int32_t s)
{
	return ((size_t)id * (size_t)A->nm + (size_t)m) * (size_t)A->S1 +
	       (size_t)s;
}

static void acc_add(acc *x, double r, int capped)
{
	x->sum += r;
	x->n++;
	x->ncap += capped;
}

/* Each pool's residual SD (sample SD; NaN below two students). */
static void pool_sds(va_aggr *A, const va_student *all, int64_t total)
{
	const engine *g = A->g;
	size_t npool = (size_t)VA_NMODELS * (size_t)A->S1 * (size_t)A->Y1;
	double *psum = xcal(npool, sizeof(double)),
	       *pss = xcal(npool, sizeof(double));
	int64_t *pn = xcal(npool, sizeof(int64_t));
	for (int64_t i = 0; i < total; i++) {
		const va_student *s = &all[i];
		int32_t sb = g->ass_subject[s->ass], yr = g->ass_year[s->ass];
		int32_t ss_[2] = {sb, A->ns}, yy[2] = {yr, A->ny};
		for (int m = 0; m < A->nm; m++) {
			double r = resid_of(s, m);
			for (int a1 = 0; a1 < 2; a1++)
				for (int b1 = 0; b1 < 2; b1++) {
					size_t q =
					    pool_at(A, m, ss_[a1], yy[b1]);
					psum[q] += r;
					pss[q] += r * r;
					pn[q]++;
				}
		}
	}
	A->psd = xcal(npool, sizeof(double));
	for (size_t q = 0; q < npool; q++)
		A->psd[q] =
		    pn[q] > 1
		        ? sqrt(stats_var_from_sums(pn[q], psum[q], pss[q]))
		        : NAN;
	free(psum);
	free(pss);
	free(pn);
}

/* Every student's residual added to their class's, their school's orgs'
 * and their teacher's cells. Each cell gets one addition per student, in
 * student order; the loops run group by group so a student's cells of
 * one group are updated together. */
static void group_sums(va_aggr *A, const va_student *all, int64_t total)
{
	const engine *g = A->g;
	int nm = A->nm;
	A->ao =
	    xcal((size_t)nm * (size_t)g->org.n * (size_t)A->S1 * (size_t)A->Y1,
	         sizeof(acc));
	A->ac =
	    xcal((size_t)nm * (size_t)g->cls.n * (size_t)A->S1, sizeof(acc));
	A->at = xcal((size_t)nm * (size_t)g->staff.n * (size_t)A->S1 *
	                 (size_t)A->Y1,
	             sizeof(acc));
	for (int64_t i = 0; i < total; i++) {
		const va_student *s = &all[i];
		int32_t sb = g->ass_subject[s->ass], yr = g->ass_year[s->ass];
		int32_t ss_[2] = {sb, A->ns}, yy[2] = {yr, A->ny};
		double rm[VA_NMODELS];
		int cpm[VA_NMODELS];
		for (int m = 0; m < nm; m++) {
			rm[m] = resid_of(s, m);
			cpm[m] = (s->capped >> m) & 1;
		}
		if (s->cls >= 0)
			for (int m = 0; m < nm; m++)
				for (int a1 = 0; a1 < 2; a1++)
					acc_add(&A->ac[cls_at(A, s->cls, m,
					                      ss_[a1])],
					        rm[m], cpm[m]);
		for (int lv = 0; s->school >= 0 && lv < g->nlevels; lv++) {
			int32_t org = engine_school_anc(g, s->school, lv);
			if (org < 0)
				continue;
			for (int m = 0; m < nm; m++)
				for (int a1 = 0; a1 < 2; a1++)
					for (int b1 = 0; b1 < 2; b1++)
						acc_add(&A->ao[cell_at(
						            A, org, m, ss_[a1],
						            yy[b1])],
						        rm[m], cpm[m]);
		}
		if (s->teacher >= 0)
			for (int m = 0; m < nm; m++)
				for (int a1 = 0; a1 < 2; a1++)
					for (int b1 = 0; b1 < 2; b1++)
						acc_add(&A->at[cell_at(
						            A, s->teacher, m,
						            ss_[a1], yy[b1])],
						        rm[m], cpm[m]);
	}
}

/* One group from its cell when it has at least min_n students: its mean
 * residual with the pool's SD over sqrt(n) and the 95% interval
 * (an_va_interval). */
static void emit(va_aggr *A, int m, int kind, int level, int32_t id, int32_t sb,
                 int32_t yr, const acc *x)
{
	if (!(x->n >= A->min_n && x->n > 0))
		return;
	if (A->ng == A->cap) {
		A->cap = A->cap ? 2 * A->cap : 1024;
		A->out = realloc(A->out, sizeof(va_group) * (size_t)A->cap);
		if (!A->out)
			abort();
	}
	va_group *q = &A->out[A->ng++];
	q->model = (int8_t)m;
	q->kind = (int8_t)kind;
	q->level = (int8_t)level;
	q->id = id;
	q->subject = sb == A->ns ? -1 : sb;
	q->year = yr == A->ny ? -1 : yr;
	q->n = x->n;
	q->ncapped = x->ncap;
	an_va_interval(x->sum, x->n, A->psd[pool_at(A, m, sb, yr)], &q->va,
	               &q->se, &q->lo, &q->hi);
}

/* The groups of every cell, orgs first, then classes, then teachers. */
static void emit_all(va_aggr *A)
{
	const engine *g = A->g;
	for (int m = 0; m < A->nm; m++)
		for (int32_t id = 0; id < g->org.n; id++)
			for (int32_t sb = 0; sb < A->S1; sb++)
				for (int32_t yr = 0; yr < A->Y1; yr++)
					emit(A, m, VA_ORG, g->org_level[id], id,
					     sb, yr,
					     &A->ao[cell_at(A, id, m, sb, yr)]);
	for (int m = 0; m < A->nm; m++)
		for (int32_t id = 0; id < g->cls.n; id++)
			for (int32_t sb = 0; sb < A->S1; sb++) {
				int32_t yr = g->cls_year[id] >= 0
				                 ? g->cls_year[id]
				                 : A->ny;
				emit(A, m, VA_CLASS, -1, id, sb, yr,
				     &A->ac[cls_at(A, id, m, sb)]);
			}
	for (int m = 0; m < A->nm; m++)
		for (int32_t id = 0; id < g->staff.n; id++)
			for (int32_t sb = 0; sb < A->S1; sb++)
				for (int32_t yr = 0; yr < A->Y1; yr++)
					emit(A, m, VA_TEACHER, -1, id, sb, yr,
					     &A->at[cell_at(A, id, m, sb, yr)]);
}

int an_va_compute(const engine *g, const va_opts *o, va_student **students,
                  int64_t *nstudents, va_group **groups, int64_t *ngroups)
{
	int64_t total = 0;
	va_student *all = fit_all(g, o, &total);
	va_aggr A = {.g = g,
	             .nm = o->contextual ? VA_NMODELS : 2,
	             .ns = g->subject.n,
	             .ny = g->year.n,
	             .S1 = g->subject.n + 1,
	             .Y1 = g->year.n + 1,
	             .min_n = o->min_n};
	pool_sds(&A, all, total);
	group_sums(&A, all, total);
	A.cap = 1024;
	A.out = xmal(sizeof(va_group) * (size_t)A.cap);
	emit_all(&A);
	free(A.psd);
	free(A.ao);
	free(A.ac);
	free(A.at);
	*students = all;
	*nstudents = total;
	*groups = A.out;
	*ngroups = A.ng;
	return 0;
}
