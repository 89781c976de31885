/*
 * run_an2.c - helpers shared by the run functions (run_an2.h).
 */
#include "run_an2.h"

#include <math.h>
#include <strings.h>

int32_t an2_year(const engine *g, int32_t year)
{
	if (year >= 0 && year < g->year.n)
		return year;
	int32_t best = -1;
	for (int32_t a = 0; a < g->ass.n; a++) {
		int32_t y = g->ass_year[a];
		if (y >= 0 &&
		    (best < 0 || g->year_start[y] > g->year_start[best]))
			best = y;
	}
	if (best >= 0)
		return best;
	for (int32_t y = 0; y < g->year.n; y++)
		if (best < 0 || g->year_start[y] > g->year_start[best])
			best = y;
	return best;
}

int an2_level_named(const engine *g, const char *name)
{
	for (int l = 0; l < g->nlevels; l++)
		if (g->level_name[l] && strcasecmp(g->level_name[l], name) == 0)
			return l;
	return -1;
}

const char *an2_level_name(const engine *g, int lv)
{
	return lv >= 0 && lv < g->nlevels && g->level_name[lv]
	           ? g->level_name[lv]
	           : "all";
}

double an2_basic_cut(const engine *g, int32_t ass)
{
	int nb = engine_nbands(g, ass);
	if (nb <= 0)
		return NAN;
	int32_t off = g->cut_off[ass];
	for (int b = 0; b < nb; b++)
		if (g->cut_band[off + b] &&
		    strcasecmp(g->cut_band[off + b], "basic") == 0)
			return g->cut_min[off + b];
	return nb > 1 ? g->cut_min[off + 1] : g->cut_min[off];
}

int an2_max_group_values(const engine *g)
{
	int maxv = 4;
	if (g->home_language.n > maxv)
		maxv = g->home_language.n;
	if (g->social_category.n > maxv)
		maxv = g->social_category.n;
	return maxv;
}

int an2_org_under(const engine *g, int32_t o, int32_t top)
{
	for (int guard = 0; o >= 0 && guard < 64; guard++) {
		if (o == top)
			return 1;
		o = g->org_parent[o];
	}
	return 0;
}
