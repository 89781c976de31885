/*
 * an_lookup.c - per-student placement, school and class tables, a
 * student's first attendance record and per-assessment moments (see
 * an_lookup.h).
 */
#include "an_lookup.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

void an_lookup_init(an_lookup *L, const engine *g, int with_classes)
{
	memset(L, 0, sizeof(*L));
	L->g = g;
	L->ns = g->student.n;
	L->ny = g->year.n;
	L->nsub = g->subject.n;
	size_t ns = (size_t)L->ns, ny = (size_t)L->ny;
	size_t cells = ns * ny;
	L->place = xmalloc(sizeof(int32_t) * (cells ? cells : 1));
	L->school = xmalloc(sizeof(int32_t) * (cells ? cells : 1));
	memset(L->place, 0xff, sizeof(int32_t) * cells); /* -1 */
	for (int32_t st = 0; st < L->ns; st++)
		for (int32_t k = g->pl_off[st]; k < g->pl_off[st + 1]; k++) {
			int32_t y = g->pl_year[k];
			if (y < 0 || y >= L->ny)
				continue;
			int32_t *p = &L->place[(size_t)y * ns + (size_t)st];
			if (*p < 0) /* the first placement of the year wins */
				*p = k;
		}
	for (size_t i = 0; i < cells; i++)
		L->school[i] =
		    L->place[i] >= 0 ? g->pl_school[L->place[i]] : -1;
	if (!with_classes)
		return;
	size_t nslot = (size_t)L->nsub + 1;
	size_t ncls = ny * nslot * ns;
	L->cls = xmalloc(sizeof(int32_t) * (ncls ? ncls : 1));
	memset(L->cls, 0xff, sizeof(int32_t) * ncls);
	int32_t *home = xmalloc(sizeof(int32_t) * (ny ? ny : 1));
	for (int32_t st = 0; st < L->ns; st++) {
		for (size_t y = 0; y < ny; y++)
			home[y] = -1;
		for (int32_t k = g->ens_off[st]; k < g->ens_off[st + 1]; k++) {
			int32_t c = g->ens_class[k];
			int32_t y = g->cls_year[c], sub = g->cls_subject[c];
			if (y < 0 || y >= L->ny)
				continue;
			if (sub < 0) {
				if (home[y] < 0)
					home[y] = c;
				continue;
			}
			if (sub >= L->nsub)
				continue;
			int32_t *p =
			    &L->cls[(((size_t)y * nslot) + (size_t)sub + 1) *
			                ns +
			            (size_t)st];
			if (*p < 0) /* the first class of the subject wins */
				*p = c;
		}
		/* no class of the subject (or no subject): the homeroom */
		for (size_t y = 0; y < ny; y++)
			for (size_t s = 0; s < nslot; s++) {
				int32_t *p = &L->cls[((y * nslot) + s) * ns +
				                     (size_t)st];
				if (*p < 0)
					*p = home[y];
			}
	}
	free(home);
}

void an_lookup_free(an_lookup *L)
{
	free(L->place);
	free(L->school);
	free(L->cls);
	memset(L, 0, sizeof(*L));
}

void an_ass_moments(const engine *g, double *mean, double *sd)
{
	for (int32_t a = 0; a < g->ass.n; a++) {
		stats_run m = {0};
		for (int64_t r = g->res_off[a]; r < g->res_off[a + 1]; r++)
			stats_run_add(&m, g->res_score[r]);
		mean[a] = m.n > 0 ? m.mean : NAN;
		sd[a] = sqrt(stats_run_var(&m));
	}
}

int32_t an_att_first(const engine *g, int32_t student)
{
	int32_t lo = 0, hi = g->natt;
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (g->att_student[mid] < student)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
