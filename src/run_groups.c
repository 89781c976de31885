/*
 * run_groups.c - the "groups" analysis: for every class of the analysed
 * year and each of its subjects (a homeroom takes every subject), the
 * students' mastery of each learning outcome on the class's latest
 * assessment with items tied to outcomes (the class's own, else the latest
 * summative of its grade), grouped by an_groups' k-means; written to
 * instr_group (each group's size, mean mastery, weakest outcomes and
 * profile) and instr_group_member.
 *
 * Mastery of an outcome = points earned / points available over the
 * assessment's items of that outcome (standard); a student with no
 * responses on the assessment is left out.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_groups.h"
#include "analysis.h"
#include "run_an2.h"

/* Points of student s on item it, NaN when no response. *cur is a
 * position in the item's responses (sorted by student) at or before s's:
 * asking for students in ascending order, each search gallops forward
 * from the last one instead of starting over. */
static double item_points(const engine *g, int32_t it, int32_t s, int64_t *cur)
{
	int64_t end = g->ir_off[it + 1];
	int64_t lo = *cur, step = 1, hi = lo;
	/* gallop: find hi with ir_student[hi] >= s (or the end) */
	while (hi < end && g->ir_student[hi] < s) {
		lo = hi + 1;
		hi += step;
		step *= 2;
	}
	if (hi > end)
		hi = end;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if (g->ir_student[mid] < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	*cur = lo;
	if (lo < end && g->ir_student[lo] == s)
		return g->ir_points[lo];
	return NAN;
}

/* Does assessment a have items tied to at least two standards? */
static int has_outcomes(const engine *g, int32_t a)
{
	int32_t first = -1;
	for (int32_t k = g->items_off[a]; k < g->items_off[a + 1]; k++) {
		int32_t sd = g->item_standard[g->items_idx[k]];
		if (sd < 0)
			continue;
		if (first < 0)
			first = sd;
		else if (sd != first)
			return 1;
	}
	return 0;
}

/* The latest school-wide summative of year y with outcomes, per (subject,
 * grade): best[subject * AN2_MAXGRADE + grade], -1 none. */
static int32_t *latest_by_grade(const engine *g, int32_t y)
{
	int32_t nsub = g->subject.n;
	size_t nb = (size_t)(nsub + 1) * AN2_MAXGRADE;
	int32_t *best = xmalloc(sizeof(int32_t) * nb);
	for (size_t i = 0; i < nb; i++)
		best[i] = -1;
	for (int32_t a = 0; a < g->ass.n; a++) {
		int gr = g->ass_grade[a];
		if (g->ass_year[a] != y || g->ass_class[a] >= 0 || gr < 0 ||
		    gr >= AN2_MAXGRADE ||
		    g->ass_kind[a] != ENG_KIND_SUMMATIVE || !has_outcomes(g, a))
			continue;
		int32_t *b =
		    &best[(size_t)g->ass_subject[a] * AN2_MAXGRADE + gr];
		if (*b < 0 || g->ass_date[a] > g->ass_date[*b])
			*b = a;
	}
	return best;
}

/* Each class's own latest assessment with outcomes, -1 none. */
static int32_t *latest_own(const engine *g)
{
	int32_t *own = xmalloc(sizeof(int32_t) * (size_t)(g->cls.n + 1));
	for (int32_t k = 0; k < g->cls.n; k++)
		own[k] = -1;
	for (int32_t a = 0; a < g->ass.n; a++) {
		int32_t cl = g->ass_class[a];
		if (cl < 0 || !has_outcomes(g, a))
			continue;
		if (own[cl] < 0 || g->ass_date[a] > g->ass_date[own[cl]])
			own[cl] = a;
	}
	return own;
}

/* The scratch of one class and assessment, reused across them. */
typedef struct gwork {
	const engine *g;
	int32_t *std_of; /* standard -> column, -1 (all -1 between uses) */
	int32_t *stds;   /* column -> standard */
	size_t cap_m;
	int m;            /* columns: the assessment's outcomes */
	int n;            /* rows: students with a response */
	double *pts, *mx; /* points earned and available, n x m */
	double *mastery;  /* pts / mx, NaN where nothing available */
	size_t cap_n;
	int32_t *who;   /* row -> student */
	int *assign;    /* row -> group */
	double *centre; /* group centres, k x m */
	int64_t *curs;  /* a cursor per item of the assessment */
	buf weak, prof;
} gwork;

static void gwork_free(gwork *W)
{
	buf_free(&W->weak);
	buf_free(&W->prof);
	free(W->stds);
	free(W->curs);
	free(W->who);
	free(W->pts);
	free(W->mx);
	free(W->mastery);
	free(W->centre);
	free(W->assign);
	free(W->std_of);
}

/* The outcomes of assessment a as columns (W->stds, W->std_of, W->m), and
 * room for n0 students. */
static void outcome_columns(gwork *W, int32_t a, int32_t n0)
{
	const engine *g = W->g;
	int m = 0;
	for (int32_t k = g->items_off[a]; k < g->items_off[a + 1]; k++) {
		int32_t sd = g->item_standard[g->items_idx[k]];
		if (sd >= 0 && W->std_of[sd] < 0) {
			xgrow((void **)&W->stds, &W->cap_m, (size_t)m + 1,
			      sizeof(int32_t));
			W->std_of[sd] = m;
			W->stds[m++] = sd;
		}
	}
	W->m = m;
	size_t need = (size_t)n0 * (size_t)m;
	if (need > W->cap_n) {
		W->cap_n = need;
		W->pts = xrealloc(W->pts, sizeof(double) * need);
		W->mx = xrealloc(W->mx, sizeof(double) * need);
		W->mastery = xrealloc(W->mastery, sizeof(double) * need);
	}
	W->who = xrealloc(W->who, sizeof(int32_t) * (size_t)n0);
	W->assign = xrealloc(W->assign, sizeof(int) * (size_t)n0);
	W->centre = xrealloc(W->centre, sizeof(double) * 8 * (size_t)m);
}

/* Student s's row of the mastery matrix (row n): points earned and
 * available per outcome over a's items; 0 when s answered none. */
static int student_row(gwork *W, int32_t a, int32_t s, int n)
{
	const engine *g = W->g;
	int m = W->m;
	int32_t k0 = g->items_off[a];
	double *p = W->pts + (size_t)n * m, *x = W->mx + (size_t)n * m;
	for (int j = 0; j < m; j++)
		p[j] = x[j] = 0;
	int any = 0;
	for (int32_t k = k0; k < g->items_off[a + 1]; k++) {
		int32_t it = g->items_idx[k];
		int32_t sd = g->item_standard[it];
		if (sd < 0)
			continue;
		double v = item_points(g, it, s, &W->curs[k - k0]);
		if (isnan(v))
			continue;
		any = 1;
		p[W->std_of[sd]] += v;
		x[W->std_of[sd]] += g->item_max[it];
	}
	if (!any)
		return 0;
	for (int j = 0; j < m; j++)
		W->mastery[(size_t)n * m + j] = x[j] > 0 ? p[j] / x[j] : NAN;
	return 1;
}

/* The mastery matrix of class cl on assessment a (W->mastery, W->who,
 * W->n rows, W->m columns): mastery of an outcome = points earned /
 * points available over a's items of that outcome. */
static void mastery_matrix(gwork *W, int32_t cl, int32_t a)
{
	const engine *g = W->g;
	outcome_columns(W, a, g->en_off[cl + 1] - g->en_off[cl]);
	/* a cursor per item of the assessment (the class's students are in
	 * ascending order) */
	int32_t k0 = g->items_off[a];
	int32_t nit = g->items_off[a + 1] - k0;
	W->curs =
	    xrealloc(W->curs, sizeof(int64_t) * (size_t)(nit > 0 ? nit : 1));
	for (int32_t k = 0; k < nit; k++)
		W->curs[k] = g->ir_off[g->items_idx[k0 + k]];
	W->n = 0;
	for (int32_t q = g->en_off[cl]; q < g->en_off[cl + 1]; q++) {
		int32_t s = g->en_student[q];
		if (student_row(W, a, s, W->n))
			W->who[W->n++] = s;
	}
	for (int j = 0; j < W->m; j++)
		W->std_of[W->stds[j]] = -1;
}

/* The instr_group row of group gi (of W->assign): its size, the mean of
 * its centre, its three weakest outcomes and its profile as JSON. */
static int write_group(an_ctx *c, dwriter *w, gwork *W, int32_t cl, int32_t a,
                       int gi, int cnt)
{
	const engine *g = c->eng;
	int m = W->m;
	const double *ctr = W->centre + (size_t)gi * m;
	double mean = 0;
	buf_clear(&W->prof);
	buf_addc(&W->prof, '{');
	for (int j = 0; j < m; j++) {
		mean += ctr[j] / m;
		buf_printf(&W->prof, "%s\"%s\":%.3f", j ? "," : "",
		           g->standard.code[W->stds[j]], ctr[j]);
	}
	buf_addc(&W->prof, '}');
	int wk[3];
	int nw = groups_weakest(ctr, m, 3, wk);
	buf_clear(&W->weak);
	for (int j = 0; j < nw; j++)
		buf_printf(&W->weak, "%s%s", j ? ", " : "",
		           g->standard.code[W->stds[wk[j]]]);
	return STORE_DW_ROW(w, c->e, dv_int(c->run_id), dv_int(g->cls.id[cl]),
	                    dv_int(g->ass.id[a]), dv_int((int64_t)gi),
	                    dv_int((int64_t)cnt), dv_num(mean),
	                    dv_text(W->weak.data), dv_text(W->prof.data));
}

/* Group class cl's students on assessment a into k groups (k 0: by class
 * size) and write the groups (o->w[0]) and their members (o->w[1]);
 * *nclass and *ngroup count what was grouped. */
static int group_class(an_ctx *c, const an_out *o, gwork *W, int32_t cl,
                       int32_t a, int kcfg, int64_t *nclass, int64_t *ngroup)
{
	const engine *g = c->eng;
	mastery_matrix(W, cl, a);
	int n = W->n;
	if (n < 3)
		return ATT_OK;
	int k = kcfg ? kcfg : groups_choose_k(n);
	if (k > n)
		k = n;
	if (groups_kmeans(W->mastery, n, W->m, k, W->assign, W->centre) < 0)
		return ATT_OK;
	(*nclass)++;
	int rc = ATT_OK;
	for (int gi = 0; gi < k && !rc; gi++) {
		int cnt = 0;
		for (int i = 0; i < n; i++)
			cnt += W->assign[i] == gi;
		if (!cnt)
			continue;
		(*ngroup)++;
		rc = write_group(c, o->w[0], W, cl, a, gi, cnt);
	}
	for (int i = 0; i < n && !rc; i++)
		rc = STORE_DW_ROW(o->w[1], c->e, dv_int(c->run_id),
		                  dv_int(g->cls.id[cl]), dv_int(g->ass.id[a]),
		                  dv_int(g->student.id[W->who[i]]),
		                  dv_int((int64_t)W->assign[i]));
	return rc;
}

int run_groups(an_ctx *c)
{
	const engine *g = c->eng;
	int32_t y = an2_year(g, c->year);
	if (y < 0) {
		snprintf(c->note, sizeof(c->note), "no academic year");
		return ATT_OK;
	}
	int kcfg = (int)config_num(c->cfg, "groups.k");
	if (kcfg != 0 && (kcfg < 2 || kcfg > 8))
		return err_set(c->e, ATT_EINPUT,
		               "groups.k must be 0 (by class size) or 2 to 8");
	int32_t *best = latest_by_grade(g, y), *own = latest_own(g);
	gwork W = {.g = g};
	W.std_of = xmalloc(sizeof(int32_t) * (size_t)(g->standard.n + 1));
	for (int32_t k = 0; k < g->standard.n; k++)
		W.std_of[k] = -1;
	buf_init(&W.weak);
	buf_init(&W.prof);
	int64_t nclass = 0, ngroup = 0;
	if (c->prog)
		c->prog->total = (uint64_t)g->cls.n;
	an_out out;
	int rc = an_out_begin(c, &out, "instr_group instr_group_member");
	for (int32_t cl = 0; cl < g->cls.n && !rc; cl++) {
		if (g->cls_year[cl] != y ||
		    g->en_off[cl + 1] - g->en_off[cl] < 3)
			continue;
		for (int32_t sub = 0; sub < g->subject.n && !rc; sub++) {
			if (g->cls_subject[cl] >= 0 &&
			    g->cls_subject[cl] != sub)
				continue;
			int32_t a = -1;
			if (own[cl] >= 0 && g->ass_subject[own[cl]] == sub)
				a = own[cl];
			else if (g->cls_grade[cl] >= 0 &&
			         g->cls_grade[cl] < AN2_MAXGRADE)
				a = best[(size_t)sub * AN2_MAXGRADE +
				         g->cls_grade[cl]];
			if (a >= 0)
				rc = group_class(c, &out, &W, cl, a, kcfg,
				                 &nclass, &ngroup);
		}
		if (c->prog && (cl & 1023) == 0)
			progress_update(c->prog, (uint64_t)cl);
	}
	rc = an_out_end(&out, rc);
	snprintf(c->note, sizeof(c->note), "%lld classes in %lld groups",
	         (long long)nclass, (long long)ngroup);
	gwork_free(&W);
	free(best);
	free(own);
	return rc;
}
