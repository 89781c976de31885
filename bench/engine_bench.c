/*
 * engine_bench.c - times, on one store: the engine's load, the dashboard
 * aggregation (an_desc_dashboard: count, mean and share at or above the
 * proficient cut by district, block and school x subject x window) and the
 * item statistics (an_items_compute without mastery), each repeated and
 * reported as the median, plus the peak resident memory. Prints one line
 * per measure: "name median_seconds runs".
 *   engine_bench DBFILE [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "an_desc.h"
#include "an_items.h"
#include "engine.h"

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), dcmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int level_named(const engine *g, const char *name)
{
	for (int d = 0; d < g->nlevels; d++)
		if (strcmp(g->level_name[d], name) == 0)
			return d;
	return -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: engine_bench DBFILE [RUNS]\n");
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	if (runs < 1)
		runs = 1;
	att_err e;
	err_clear(&e);
	store *s = NULL;
	if (store_open(argv[1], &s, &e)) {
		err_print(&e);
		return 1;
	}
	engine *g = NULL;
	double t0 = now_seconds();
	if (engine_load_alloc(s, ENG_LOAD_ALL, &g, &e)) {
		err_print(&e);
		return 1;
	}
	printf("load %.3f 1\n", now_seconds() - t0);
	printf("results %lld\nitem_responses %lld\nstudents %d\n",
	       (long long)g->nres, (long long)g->nir, g->student.n);
	int levels[3] = {level_named(g, "district"), level_named(g, "block"),
	                 g->school_level};
	int nlev = 0;
	for (int i = 0; i < 3; i++)
		if (levels[i] >= 0)
			levels[nlev++] = levels[i];
	double *t = malloc(sizeof(double) * (size_t)runs);
	int64_t nrows = 0;
	for (int r = 0; r < runs; r++) {
		dash_row *rows = NULL;
		double a = now_seconds();
		nrows = an_desc_dashboard(g, levels, nlev, 2, &rows);
		t[r] = now_seconds() - a;
		free(rows);
	}
	printf("dashboard %.4f %d\ndashboard_rows %lld\n", median(t, runs),
	       runs, (long long)nrows);
	items_opts o = {.year = -1,
	                .pbis_flag = 0.2,
	                .p_low = 0.2,
	                .p_high = 0.95,
	                .mastery_cut = 0.6,
	                .student_rows = 0,
	                .no_mastery = 1,
	                .min_n = 5,
	                .nthreads = 2};
	int64_t nitems = 0;
	for (int r = 0; r < runs; r++) {
		items_out out;
		double a = now_seconds();
		an_items_compute(g, &o, &out);
		t[r] = now_seconds() - a;
		nitems = out.nitems;
		an_items_free(&out);
	}
	printf("items %.4f %d\nitems_rows %lld\n", median(t, runs), runs,
	       (long long)nitems);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("peak_rss_mib %.0f\n", ru.ru_maxrss / 1024.0);
	free(t);
	engine_free(g);
	store_close(s);
	return 0;
}
