/*
 * an_items.c - item statistics, reliability and mastery (see an_items.h).
 */
#include "an_items.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "an_lookup.h"

static void *xcal(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);
	if (!p)
		abort();
	return p;
}

void an_items_flag_codes(unsigned flags, char *out, size_t n)
{
	out[0] = 0;
	static const struct {
		unsigned f;
		const char *w;
	} codes[] = {{ITEM_FLAG_HARD, "too hard"},
	             {ITEM_FLAG_EASY, "too easy"},
	             {ITEM_FLAG_NEGDISC, "negative discrimination"},
	             {ITEM_FLAG_LOWDISC, "low discrimination"}};
	size_t len = 0;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (flags & codes[i].f) {
			int w = snprintf(out + len, n - len, "%s%s",
			                 len ? "; " : "", codes[i].w);
			if (w < 0 || (size_t)w >= n - len)
				break;
			len += (size_t)w;
		}
}

/* Statistics from the sums (see the header). */
static void from_sums(int64_t n, int k, const double *sx, const double *sxx,
                      const double *sxT, double ST, double STT,
                      const double *max, item_row *rows, test_row *test)
{
	double N = (double)n;
	double mT = ST / N, vT = STT / N - mT * mT;
	double sumv = 0;
	double *vj = xcal((size_t)k, sizeof(double)),
	       *cj = xcal((size_t)k, sizeof(double));
	for (int j = 0; j < k; j++) {
		double m = sx[j] / N;
		vj[j] = sxx[j] / N - m * m;
		if (vj[j] < 0)
			vj[j] = 0;
		cj[j] = sxT[j] / N - m * mT;
		sumv += vj[j];
	}
	for (int j = 0; j < k; j++) {
		item_row *r = &rows[j];
		r->n = n;
		r->difficulty = max[j] > 0 ? sx[j] / N / max[j] : NAN;
		r->sd = sqrt(vj[j] * N / (N > 1 ? N - 1 : 1));
		double vrest = vT - 2 * cj[j] + vj[j];
		double cov = cj[j] - vj[j];
		r->pbis =
		    vj[j] > 0 && vrest > 0 ? cov / sqrt(vj[j] * vrest) : NAN;
		r->alpha_del = k > 2 && vrest > 0
		                   ? (double)(k - 1) / (k - 2) *
		                         (1 - (sumv - vj[j]) / vrest)
		                   : NAN;
	}
	test->n = n;
	test->items = k;
	test->mean = mT;
	test->sd = sqrt(vT * N / (N > 1 ? N - 1 : 1));
	test->reliability =
	    k > 1 && vT > 0 ? (double)k / (k - 1) * (1 - sumv / vT) : NAN;
	test->sem = test->reliability <= 1
	                ? test->sd * sqrt(1 - test->reliability)
	                : NAN;
	free(vj);
	free(cj);
}

void an_items_matrix(const double *x, int64_t n, int k, const double *max,
                     item_row *rows, test_row *test)
{
	double *sx = xcal((size_t)k, sizeof(double)),
	       *sxx = xcal((size_t)k, sizeof(double));
	double *sxT = xcal((size_t)k, sizeof(double));
	double ST = 0, STT = 0;
	int kr = 1;
	for (int64_t i = 0; i < n; i++) {
		double T = 0;
		for (int j = 0; j < k; j++) {
			double v = x[i * k + j];
			T += v;
			sx[j] += v;
			sxx[j] += v * v;
			if (!(v == 0 || v == 1) || max[j] != 1)
				kr = 0;
		}
		for (int j = 0; j < k; j++)
			sxT[j] += x[i * k + j] * T;
		ST += T;
		STT += T * T;
	}
	from_sums(n, k, sx, sxx, sxT, ST, STT, max, rows, test);
	test->kr20 = kr;
	free(sx);
	free(sxx);
	free(sxT);
}

typedef struct vec {
	void *p;
	int64_t n, cap;
	size_t sz;
} vec;

static void *vpush(vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->p = realloc(v->p, v->sz * (size_t)v->cap);
		if (!v->p)
			abort();
	}
	void *r = (char *)v->p + v->sz * (size_t)v->n++;
	memset(r, 0, v->sz);
	return r;
}

typedef struct per_ass {
	vec items, ms, mg;
	test_row test;
	int has_test;
} per_ass;

typedef struct worker {
	const engine *g;
	const an_lookup *L;
	const items_opts *o;
	per_ass *per;
	int part, nparts;
	int32_t *rowof;   /* student -> row, -1 */
	int32_t *cls_loc; /* class -> its local slot in this assessment, -1 */
} worker;

typedef struct gacc {
	int64_t n, nm;
	double s;
} gacc;

/* One assessment's responses, laid out for its statistics: the rows are
 * its students with a response (W->rowof maps a student to its row while
 * the assessment is at hand), the columns its items and its local
 * standards (the learning outcomes its items are tied to). */
typedef struct ass_mat {
	int32_t a;
	int k;             /* items */
	const int32_t *it; /* column -> item */
	int64_t n;         /* students with a response */
	int32_t *stu;      /* row -> student */
	int nsl;           /* local standards */
	int32_t *sl;       /* column -> local standard, -1 none */
	int32_t *stds;     /* local standard -> standard */
	double *smax;      /* points available per local standard */
	double *imax;      /* points available per item */
	double *T;         /* each row's total points */
	double *pts;       /* points per row and local standard, n x nsl */
} ass_mat;

static void ass_mat_free(worker *W, ass_mat *M)
{
	for (int64_t i = 0; i < M->n; i++)
		W->rowof[M->stu[i]] = -1;
	free(M->stu);
	free(M->sl);
	free(M->stds);
	free(M->smax);
	free(M->imax);
	free(M->T);
	free(M->pts);
}

/* The students with a response to an item of M->a, in the order their
 * first response comes (item by item): M->stu, M->n and W->rowof. */
static void mat_students(worker *W, ass_mat *M, int64_t nresp)
{
	const engine *g = W->g;
	M->stu = malloc(sizeof(int32_t) * (size_t)nresp);
	if (!M->stu)
		abort();
	M->n = 0;
	for (int j = 0; j < M->k; j++)
		for (int64_t r = g->ir_off[M->it[j]];
		     r < g->ir_off[M->it[j] + 1]; r++) {
			int32_t st = g->ir_student[r];
			if (W->rowof[st] < 0) {
				W->rowof[st] = (int32_t)M->n;
				M->stu[M->n++] = st;
			}
		}
}

/* The local standards of the items, in the order they first appear, and
 * the points available per item and per local standard. */
static void mat_standards(const engine *g, ass_mat *M)
{
	int k = M->k;
	M->sl = malloc(sizeof(int32_t) * (size_t)k);
	M->stds = malloc(sizeof(int32_t) * (size_t)k);
	M->smax = xcal((size_t)k, sizeof(double));
	M->imax = malloc(sizeof(double) * (size_t)k);
	if (!M->sl || !M->stds || !M->imax)
		abort();
	M->nsl = 0;
	for (int j = 0; j < k; j++) {
		M->imax[j] = g->item_max[M->it[j]];
		int32_t s = g->item_standard[M->it[j]];
		M->sl[j] = -1;
		if (s < 0)
			continue;
		for (int q = 0; q < M->nsl; q++)
			if (M->stds[q] == s)
				M->sl[j] = q;
		if (M->sl[j] < 0) {
			M->stds[M->nsl] = s;
			M->sl[j] = M->nsl++;
		}
		M->smax[M->sl[j]] += M->imax[j];
	}
}

/* Item j's responses into the row totals M->T and, when it has a local
 * standard, the rows' points of that standard; its sum and sum of
 * squares into sx[j] and sxx[j]. The sums run in local variables (the
 * same additions in the same order as into sx[j] etc., without a round
 * trip through memory per response). Returns whether every response is
 * 0 or 1. */
static int item_pass(const worker *W, ass_mat *M, int j, double *sx,
                     double *sxx)
{
	const engine *g = W->g;
	double s1 = 0, s2 = 0;
	int binary = 1;
	const int32_t *ist = g->ir_student;
	const float *ipt = g->ir_points;
	int64_t r1 = g->ir_off[M->it[j] + 1];
	double *pq = M->sl[j] >= 0 ? M->pts + M->sl[j] : NULL;
	for (int64_t r = g->ir_off[M->it[j]]; r < r1; r++) {
		int32_t row = W->rowof[ist[r]];
		double v = ipt[r];
		M->T[row] += v;
		s1 += v;
		s2 += v * v;
		binary &= v == 0 || v == 1;
		if (pq)
			pq[(size_t)row * (size_t)M->nsl] += v;
	}
	sx[j] = s1;
	sxx[j] = s2;
	return binary;
}

/* The item and test statistics of M (from_sums over the item sums, the
 * item-total cross sums and the totals), each item flagged against the
 * options: rows into P->items, the test into P->test. */
static void item_stats(const worker *W, ass_mat *M, per_ass *P)
{
	const engine *g = W->g;
	const items_opts *o = W->o;
	int k = M->k;
	double *sx = xcal((size_t)k, sizeof(double)),
	       *sxx = xcal((size_t)k, sizeof(double));
	double *sxT = xcal((size_t)k, sizeof(double));
	int kr = 1;
	for (int j = 0; j < k; j++) {
		if (M->imax[j] != 1)
			kr = 0;
		if (!item_pass(W, M, j, sx, sxx))
			kr = 0;
	}
	for (int j = 0; j < k; j++) {
		double s3 = 0;
		for (int64_t r = g->ir_off[M->it[j]];
		     r < g->ir_off[M->it[j] + 1]; r++)
			s3 +=
			    g->ir_points[r] * M->T[W->rowof[g->ir_student[r]]];
		sxT[j] = s3;
	}
	double ST = 0, STT = 0;
	for (int64_t i = 0; i < M->n; i++) {
		ST += M->T[i];
		STT += M->T[i] * M->T[i];
	}
	item_row *rows = xcal((size_t)k, sizeof(item_row));
	from_sums(M->n, k, sx, sxx, sxT, ST, STT, M->imax, rows, &P->test);
	P->test.ass = M->a;
	P->test.kr20 = kr;
	P->has_test = 1;
	for (int j = 0; j < k; j++) {
		item_row *r = vpush(&P->items);
		*r = rows[j];
		r->item = M->it[j];
		r->ass = M->a;
		unsigned f = 0;
		if (r->pbis < 0)
			f |= ITEM_FLAG_NEGDISC;
		else if (r->pbis < o->pbis_flag)
			f |= ITEM_FLAG_LOWDISC;
		if (r->difficulty < o->p_low)
			f |= ITEM_FLAG_HARD;
		if (r->difficulty > o->p_high)
			f |= ITEM_FLAG_EASY;
		r->flags = f;
		P->test.flagged += f != 0;
	}
	free(rows);
	free(sx);
	free(sxx);
	free(sxT);
}

/* The groups of mastery (slots): 0 all, 1 + org, then one per class that
 * has a student here (a class's slot is 1 + norg + its local number; only
 * the classes present get one, so the accumulators stay small whatever
 * the number of classes). */
typedef struct mslots {
	int32_t norg, nused;
	int32_t *cls_of; /* row -> class, -1 */
	int32_t *used;   /* local number -> class */
	gacc *acc;       /* [slot * nsl + local standard] */
} mslots;

/* The classes of M's students (the assessment's own class, else each
 * student's class of its subject and year), numbered locally in
 * W->cls_loc. */
static void mastery_classes(worker *W, const ass_mat *M, mslots *S)
{
	const engine *g = W->g;
	int32_t a = M->a, year = g->ass_year[a], subj = g->ass_subject[a];
	S->norg = g->org.n;
	S->cls_of = malloc(sizeof(int32_t) * (size_t)M->n);
	S->used = malloc(sizeof(int32_t) * (size_t)M->n);
	if (!S->cls_of || !S->used)
		abort();
	S->nused = 0;
	for (int64_t i = 0; i < M->n; i++) {
		int32_t cls =
		    g->ass_class[a] >= 0
		        ? g->ass_class[a]
		        : an_lookup_class(W->L, M->stu[i], year, subj);
		S->cls_of[i] = cls;
		if (cls >= 0 && W->cls_loc[cls] < 0) {
			W->cls_loc[cls] = S->nused;
			S->used[S->nused++] = cls;
		}
	}
}

/* Each student's share of each standard (and whether it reaches the
 * mastery cut) added to every slot the student belongs to: all, each org
 * above their school, their class. Each cell gets one addition per
 * student, in student order. */
static void mastery_accumulate(const worker *W, const ass_mat *M, mslots *S)
{
	const engine *g = W->g;
	int nsl = M->nsl;
	int32_t year = g->ass_year[M->a];
	S->acc =
	    xcal((size_t)(1 + S->norg + S->nused) * (size_t)nsl, sizeof(gacc));
	double *pct = xcal((size_t)nsl, sizeof(double));
	int *mast = xcal((size_t)nsl, sizeof(int));
	for (int64_t i = 0; i < M->n; i++) {
		int32_t school = an_lookup_school(W->L, M->stu[i], year);
		int32_t cls = S->cls_of[i];
		int32_t slots[72];
		int ns = 0;
		slots[ns++] = 0;
		if (school >= 0)
			for (int lv = 0; lv < g->nlevels && ns < 70; lv++) {
				int32_t org = engine_school_anc(g, school, lv);
				if (org >= 0)
					slots[ns++] = 1 + org;
			}
		if (cls >= 0)
			slots[ns++] = 1 + S->norg + W->cls_loc[cls];
		for (int q = 0; q < nsl; q++) {
			pct[q] =
			    M->smax[q] > 0
			        ? M->pts[(size_t)i * (size_t)nsl + (size_t)q] /
			              M->smax[q]
			        : 0;
			mast[q] = pct[q] >= W->o->mastery_cut;
		}
		for (int z = 0; z < ns; z++) {
			gacc *c = &S->acc[(size_t)slots[z] * (size_t)nsl];
			for (int q = 0; q < nsl; q++) {
				c[q].n++;
				c[q].s += pct[q];
				c[q].nm += mast[q];
			}
		}
	}
	free(pct);
	free(mast);
}

/* Rank the ng rows of a group (from `first` of P->mg) by rel_pct, ties by
 * standard (the same comparisons, on a compact copy of the keys in
 * rk_rel, rk_std). */
static void rank_group(per_ass *P, int64_t first, double *rk_rel,
                       int32_t *rk_std)
{
	mastery_grp *base = (mastery_grp *)P->mg.p;
	int ng = (int)(P->mg.n - first);
	for (int x = 0; x < ng; x++) {
		rk_rel[x] = base[first + x].rel_pct;
		rk_std[x] = base[first + x].standard;
	}
	for (int x = 0; x < ng; x++) {
		int rank = 1;
		for (int y = 0; y < ng; y++)
			if (rk_rel[y] < rk_rel[x] ||
			    (rk_rel[y] == rk_rel[x] && rk_std[y] < rk_std[x]))
				rank++;
		base[first + x].rank = rank;
	}
}

/* The mastery_grp rows of every slot with students (groups below min_n
 * left out, all kept), in the order all, orgs, classes by index; rel_pct
 * is the group's mean against all's. */
static void mastery_emit(const worker *W, const ass_mat *M, const mslots *S,
                         per_ass *P)
{
	const engine *g = W->g;
	int nsl = M->nsl;
	int32_t norg = S->norg;
	double *rk_rel = xcal((size_t)nsl, sizeof(double));
	int32_t *rk_std = xcal((size_t)nsl, sizeof(int32_t));
	int32_t nemit = 1 + norg + (S->nused > 0 ? g->cls.n : 0);
	for (int32_t e = 0; e < nemit; e++) {
		int32_t slot = e;
		if (e > norg) {
			int32_t loc = W->cls_loc[e - 1 - norg];
			if (loc < 0)
				continue;
			slot = 1 + norg + loc;
		}
		const gacc *c = &S->acc[(size_t)slot * (size_t)nsl];
		int64_t first = P->mg.n;
		for (int q = 0; q < nsl; q++) {
			if (c[q].n <= 0 || (slot > 0 && c[q].n < W->o->min_n))
				continue;
			mastery_grp *m = vpush(&P->mg);
			m->ass = M->a;
			m->standard = M->stds[q];
			m->kind = e == 0 ? 0 : e <= norg ? 1 : 2;
			m->id = e == 0 ? -1 : e <= norg ? e - 1 : e - 1 - norg;
			m->level = m->kind == 1 ? g->org_level[m->id] : -1;
			m->n = c[q].n;
			m->mean_pct = c[q].s / (double)c[q].n * 100;
			m->share_mastered = (double)c[q].nm / (double)c[q].n;
			m->rel_pct = m->mean_pct -
			             S->acc[q].s / (double)S->acc[q].n * 100;
		}
		rank_group(P, first, rk_rel, rk_std);
	}
	free(rk_rel);
	free(rk_std);
}

/* Mastery of M's standards: per student (when asked for) and per group. */
static void mastery(worker *W, const ass_mat *M, per_ass *P)
{
	int nsl = M->nsl;
	if (W->o->student_rows)
		for (int64_t i = 0; i < M->n; i++)
			for (int q = 0; q < nsl; q++) {
				mastery_st *m = vpush(&P->ms);
				m->student = M->stu[i];
				m->ass = M->a;
				m->standard = M->stds[q];
				m->points =
				    (float)M->pts[(size_t)i * (size_t)nsl +
				                  (size_t)q];
				m->max = (float)M->smax[q];
			}
	mslots S;
	mastery_classes(W, M, &S);
	mastery_accumulate(W, M, &S);
	mastery_emit(W, M, &S, P);
	for (int32_t u = 0; u < S.nused; u++)
		W->cls_loc[S.used[u]] = -1;
	free(S.cls_of);
	free(S.used);
	free(S.acc);
}

/* Everything of assessment a: its item and test statistics and the
 * mastery of its learning outcomes, into W->per[a]. */
static void one(worker *W, int32_t a)
{
	const engine *g = W->g;
	ass_mat M = {.a = a};
	M.k = g->items_off[a + 1] - g->items_off[a];
	if (M.k <= 0)
		return;
	M.it = &g->items_idx[g->items_off[a]];
	int64_t nresp = 0;
	for (int j = 0; j < M.k; j++)
		nresp += g->ir_off[M.it[j] + 1] - g->ir_off[M.it[j]];
	if (nresp == 0)
		return;
	mat_students(W, &M, nresp);
	mat_standards(g, &M);
	M.T = xcal((size_t)M.n, sizeof(double));
	M.pts =
	    xcal((size_t)M.n * (size_t)(M.nsl > 0 ? M.nsl : 1), sizeof(double));
	item_stats(W, &M, &W->per[a]);
	if (M.nsl > 0 && !W->o->no_mastery)
		mastery(W, &M, &W->per[a]);
	ass_mat_free(W, &M);
}

static void *run_worker(void *arg)
{
	worker *W = arg;
	const engine *g = W->g;
	for (int32_t a = W->part; a < g->ass.n; a += W->nparts)
		if (W->o->year < 0 || g->ass_year[a] == W->o->year)
			one(W, a);
	return NULL;
}

/* ---- pooled mastery: every assessment of a standard together ---- */

typedef struct pkey {
	mastery_grp m;
	int32_t subject;
	int grade;
} pkey;

static int pool_cmp(const void *pa, const void *pb)
{
	const pkey *a = pa, *b = pb;
	if (a->m.kind != b->m.kind)
		return a->m.kind < b->m.kind ? -1 : 1;
	if (a->m.id != b->m.id)
		return a->m.id < b->m.id ? -1 : 1;
	if (a->subject != b->subject)
		return a->subject < b->subject ? -1 : 1;
	if (a->grade != b->grade)
		return a->grade < b->grade ? -1 : 1;
	if (a->m.standard != b->m.standard)
		return a->m.standard < b->m.standard ? -1 : 1;
	return a->m.ass < b->m.ass ? -1 : a->m.ass > b->m.ass;
}

/* Append, per group and standard, one row over all its assessments
 * (ass = -1) into out->mp: n-weighted means, ranked within the group
 * among the standards of the same subject and grade. */
static void pool_mastery(const engine *g, items_out *out)
{
	int64_t n = out->nmg;
	if (n == 0)
		return;
	pkey *k = malloc(sizeof(pkey) * (size_t)n);
	mastery_grp *tmp = malloc(sizeof(mastery_grp) * (size_t)n);
	if (!k || !tmp)
		abort();
	int64_t kept = 0;
	for (int64_t i = 0; i < n; i++) {
		if (out->mg[i].kind == 2)
			continue; /* a class lives one year: pooling adds
			             nothing */
		k[kept].m = out->mg[i];
		k[kept].subject = g->standard_subject[out->mg[i].standard];
		k[kept].grade = g->standard_grade[out->mg[i].standard];
		kept++;
	}
	n = kept;
	qsort(k, (size_t)n, sizeof(pkey), pool_cmp);
	for (int64_t i = 0; i < n; i++)
		tmp[i] = k[i].m;
	free(k);
	mastery_grp *pooled = xcal((size_t)n, sizeof(mastery_grp));
	int64_t np = 0;
	for (int64_t i = 0; i < n;) {
		int64_t j = i;
		mastery_grp *q = &pooled[np++];
		*q = tmp[i];
		q->ass = -1;
		double sm = 0, ss = 0, sr = 0;
		int64_t nn = 0;
		while (j < n && tmp[j].kind == tmp[i].kind &&
		       tmp[j].id == tmp[i].id &&
		       tmp[j].standard == tmp[i].standard) {
			sm += tmp[j].mean_pct * (double)tmp[j].n;
			ss += tmp[j].share_mastered * (double)tmp[j].n;
			sr += tmp[j].rel_pct * (double)tmp[j].n;
			nn += tmp[j].n;
			j++;
		}
		q->n = nn;
		q->mean_pct = sm / (double)nn;
		q->share_mastered = ss / (double)nn;
		q->rel_pct = sr / (double)nn;
		i = j;
	}
	free(tmp);
	/* rank within (kind, id, subject, grade) */
	for (int64_t i = 0; i < np;) {
		int64_t j = i;
		int32_t sub = g->standard_subject[pooled[i].standard];
		int gr = g->standard_grade[pooled[i].standard];
		while (j < np && pooled[j].kind == pooled[i].kind &&
		       pooled[j].id == pooled[i].id &&
		       g->standard_subject[pooled[j].standard] == sub &&
		       g->standard_grade[pooled[j].standard] == gr)
			j++;
		for (int64_t x = i; x < j; x++) {
			int rank = 1;
			for (int64_t y = i; y < j; y++)
				if (pooled[y].rel_pct < pooled[x].rel_pct ||
				    (pooled[y].rel_pct == pooled[x].rel_pct &&
				     pooled[y].standard < pooled[x].standard))
					rank++;
			pooled[x].rank = rank;
		}
		i = j;
	}
	out->mp = pooled;
	out->nmp = np;
}

int an_items_compute(const engine *g, const items_opts *o, items_out *out)
{
	memset(out, 0, sizeof(*out));
	per_ass *per = xcal((size_t)g->ass.n, sizeof(per_ass));
	for (int32_t a = 0; a < g->ass.n; a++) {
		per[a].items.sz = sizeof(item_row);
		per[a].ms.sz = sizeof(mastery_st);
		per[a].mg.sz = sizeof(mastery_grp);
	}
	int nt = o->nthreads > 1 ? 2 : 1;
	an_lookup L;
	/* the placement and class tables serve the mastery only */
	memset(&L, 0, sizeof(L));
	if (!o->no_mastery)
		an_lookup_init(&L, g, 1);
	worker W[2] = {{0}, {0}};
	for (int t = 0; t < nt; t++) {
		W[t] = (worker){
		    g,
		    &L,
		    o,
		    per,
		    t,
		    nt,
		    malloc(sizeof(int32_t) * (size_t)(g->student.n + 1)),
		    malloc(sizeof(int32_t) * (size_t)(g->cls.n + 1))};
		if (!W[t].rowof || !W[t].cls_loc)
			abort();
		for (int32_t i = 0; i < g->student.n; i++)
			W[t].rowof[i] = -1;
		for (int32_t i = 0; i < g->cls.n; i++)
			W[t].cls_loc[i] = -1;
	}
	pthread_t th;
	int started =
	    nt > 1 && pthread_create(&th, NULL, run_worker, &W[1]) == 0;
	run_worker(&W[0]);
	if (started)
		pthread_join(th, NULL);
	else if (nt > 1)
		run_worker(&W[1]);
	for (int t = 0; t < nt; t++) {
		free(W[t].rowof);
		free(W[t].cls_loc);
	}
	an_lookup_free(&L);
	for (int32_t a = 0; a < g->ass.n; a++) {
		out->nitems += per[a].items.n;
		out->ntests += per[a].has_test;
		out->nms += per[a].ms.n;
		out->nmg += per[a].mg.n;
	}
	out->items = xcal((size_t)out->nitems, sizeof(item_row));
	out->tests = xcal((size_t)out->ntests, sizeof(test_row));
	out->ms = xcal((size_t)out->nms, sizeof(mastery_st));
	out->mg = xcal((size_t)out->nmg, sizeof(mastery_grp));
	int64_t ki = 0, kt = 0, ks = 0, kg = 0;
	for (int32_t a = 0; a < g->ass.n; a++) {
		per_ass *P = &per[a];
		if (P->items.n)
			memcpy(out->items + ki, P->items.p,
			       sizeof(item_row) * (size_t)P->items.n);
		if (P->ms.n)
			memcpy(out->ms + ks, P->ms.p,
			       sizeof(mastery_st) * (size_t)P->ms.n);
		if (P->mg.n)
			memcpy(out->mg + kg, P->mg.p,
			       sizeof(mastery_grp) * (size_t)P->mg.n);
		if (P->has_test)
			out->tests[kt++] = P->test;
		ki += P->items.n;
		ks += P->ms.n;
		kg += P->mg.n;
		free(P->items.p);
		free(P->ms.p);
		free(P->mg.p);
	}
	free(per);
	pool_mastery(g, out);
	return 0;
}

void an_items_free(items_out *out)
{
	free(out->items);
	free(out->tests);
	free(out->ms);
	free(out->mg);
	free(out->mp);
	memset(out, 0, sizeof(*out));
}
