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
#include "store_derived.h"

#define MAXGRADE 32

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
	int32_t nsub = g->subject.n;
	/* latest summative with outcomes per (subject, grade) of the year */
	int32_t *best =
	    xmalloc(sizeof(int32_t) * (size_t)(nsub + 1) * MAXGRADE);
	for (int32_t i = 0; i < (nsub + 1) * MAXGRADE; i++)
		best[i] = -1;
	for (int32_t a = 0; a < g->ass.n; a++) {
		int gr = g->ass_grade[a];
		if (g->ass_year[a] != y || g->ass_class[a] >= 0 || gr < 0 ||
		    gr >= MAXGRADE || g->ass_kind[a] != ENG_KIND_SUMMATIVE ||
		    !has_outcomes(g, a))
			continue;
		int32_t *b = &best[(size_t)g->ass_subject[a] * MAXGRADE + gr];
		if (*b < 0 || g->ass_date[a] > g->ass_date[*b])
			*b = a;
	}
	/* each class's own assessments, latest per subject */
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

	int rc = store_derived_begin(c->st, c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "instr_group", c->e);
	if (!rc)
		rc = store_derived_clear(c->st, "instr_group_member", c->e);
	dwriter *wg = NULL, *wm = NULL;
	if (!rc) {
		wg = store_dw_open(c->st, "instr_group", c->e);
		wm = store_dw_open(c->st, "instr_group_member", c->e);
		if (!wg || !wm)
			rc = ATT_EIO;
	}
	int32_t *std_of =
	    xmalloc(sizeof(int32_t) * (size_t)(g->standard.n + 1));
	for (int32_t k = 0; k < g->standard.n; k++)
		std_of[k] = -1;
	int32_t *stds = NULL, *who = NULL;
	int64_t *curs = NULL;
	double *pts = NULL, *mx = NULL, *mastery = NULL, *centre = NULL;
	int *assign = NULL;
	size_t cap_m = 0, cap_n = 0;
	buf weak, prof;
	buf_init(&weak);
	buf_init(&prof);
	int64_t nclass = 0, ngroup = 0;
	if (c->prog)
		c->prog->total = (uint64_t)g->cls.n;
	for (int32_t cl = 0; cl < g->cls.n && !rc; cl++) {
		if (g->cls_year[cl] != y)
			continue;
		int32_t n0 = g->en_off[cl + 1] - g->en_off[cl];
		if (n0 < 3)
			continue;
		for (int32_t sub = 0; sub < nsub && !rc; sub++) {
			if (g->cls_subject[cl] >= 0 &&
			    g->cls_subject[cl] != sub)
				continue;
			int32_t a = -1;
			if (own[cl] >= 0 && g->ass_subject[own[cl]] == sub)
				a = own[cl];
			else if (g->cls_grade[cl] >= 0 &&
			         g->cls_grade[cl] < MAXGRADE)
				a = best[(size_t)sub * MAXGRADE +
				         g->cls_grade[cl]];
			if (a < 0)
				continue;
			/* the assessment's outcomes */
			int m = 0;
			for (int32_t k = g->items_off[a];
			     k < g->items_off[a + 1]; k++) {
				int32_t sd = g->item_standard[g->items_idx[k]];
				if (sd >= 0 && std_of[sd] < 0) {
					xgrow((void **)&stds, &cap_m,
					      (size_t)m + 1, sizeof(int32_t));
					std_of[sd] = m;
					stds[m++] = sd;
				}
			}
			size_t need = (size_t)n0 * (size_t)m;
			if (need > cap_n) {
				cap_n = need;
				pts = xrealloc(pts, sizeof(double) * need);
				mx = xrealloc(mx, sizeof(double) * need);
				mastery =
				    xrealloc(mastery, sizeof(double) * need);
			}
			who = xrealloc(who, sizeof(int32_t) * (size_t)n0);
			assign = xrealloc(assign, sizeof(int) * (size_t)n0);
			centre =
			    xrealloc(centre, sizeof(double) * 8 * (size_t)m);
			/* a cursor per item of the assessment (the class's
			 * students are in ascending order) */
			int32_t k0 = g->items_off[a];
			int32_t nit = g->items_off[a + 1] - k0;
			curs = xrealloc(curs, sizeof(int64_t) *
			                          (size_t)(nit > 0 ? nit : 1));
			for (int32_t k = 0; k < nit; k++)
				curs[k] = g->ir_off[g->items_idx[k0 + k]];
			int n = 0;
			for (int32_t q = g->en_off[cl]; q < g->en_off[cl + 1];
			     q++) {
				int32_t s = g->en_student[q];
				double *p = pts + (size_t)n * m,
				       *x = mx + (size_t)n * m;
				for (int j = 0; j < m; j++)
					p[j] = x[j] = 0;
				int any = 0;
				for (int32_t k = g->items_off[a];
				     k < g->items_off[a + 1]; k++) {
					int32_t it = g->items_idx[k];
					int32_t sd = g->item_standard[it];
					if (sd < 0)
						continue;
					double v = item_points(g, it, s,
					                       &curs[k - k0]);
					if (isnan(v))
						continue;
					any = 1;
					p[std_of[sd]] += v;
					x[std_of[sd]] += g->item_max[it];
				}
				if (!any)
					continue;
				for (int j = 0; j < m; j++)
					mastery[(size_t)n * m + j] =
					    x[j] > 0 ? p[j] / x[j] : NAN;
				who[n++] = s;
			}
			for (int j = 0; j < m; j++)
				std_of[stds[j]] = -1;
			if (n < 3)
				continue;
			int k = kcfg ? kcfg : groups_choose_k(n);
			if (k > n)
				k = n;
			if (groups_kmeans(mastery, n, m, k, assign, centre) < 0)
				continue;
			nclass++;
			for (int gi = 0; gi < k && !rc; gi++) {
				int cnt = 0;
				for (int i = 0; i < n; i++)
					cnt += assign[i] == gi;
				if (!cnt)
					continue;
				ngroup++;
				double mean = 0;
				buf_clear(&prof);
				buf_addc(&prof, '{');
				for (int j = 0; j < m; j++) {
					double v = centre[(size_t)gi * m + j];
					mean += v / m;
					buf_printf(&prof, "%s\"%s\":%.3f",
					           j ? "," : "",
					           g->standard.code[stds[j]],
					           v);
				}
				buf_addc(&prof, '}');
				int wk[3];
				int nw = groups_weakest(centre + (size_t)gi * m,
				                        m, 3, wk);
				buf_clear(&weak);
				for (int j = 0; j < nw; j++)
					buf_printf(
					    &weak, "%s%s", j ? ", " : "",
					    g->standard.code[stds[wk[j]]]);
				rc = STORE_DW_ROW(
				    wg, c->e, dv_int(c->run_id),
				    dv_int(g->cls.id[cl]), dv_int(g->ass.id[a]),
				    dv_int((int64_t)gi), dv_int((int64_t)cnt),
				    dv_num(mean), dv_text(weak.data),
				    dv_text(prof.data));
			}
			for (int i = 0; i < n && !rc; i++)
				rc = STORE_DW_ROW(wm, c->e, dv_int(c->run_id),
				                  dv_int(g->cls.id[cl]),
				                  dv_int(g->ass.id[a]),
				                  dv_int(g->student.id[who[i]]),
				                  dv_int((int64_t)assign[i]));
		}
		if (c->prog && (cl & 1023) == 0)
			progress_update(c->prog, (uint64_t)cl);
	}
	if (wg) {
		c->rows += store_dw_count(wg);
		store_dw_close(wg);
	}
	if (wm) {
		c->rows += store_dw_count(wm);
		store_dw_close(wm);
	}
	if (!rc)
		rc = store_derived_commit(c->st, c->e);
	else
		store_rollback(c->st);
	snprintf(c->note, sizeof(c->note), "%lld classes in %lld groups",
	         (long long)nclass, (long long)ngroup);
	buf_free(&weak);
	buf_free(&prof);
	free(stds);
	free(curs);
	free(who);
	free(pts);
	free(mx);
	free(mastery);
	free(centre);
	free(assign);
	free(std_of);
	free(best);
	free(own);
	return rc;
}
