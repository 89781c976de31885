/*
 * anspeed_bench.c - times the analyses desc, gaps, items, va, ews and
 * groups on one loaded engine, separating their compute from the writing
 * of their rows:
 *   compute  the pure an_* computation alone (desc, gaps, items, va; the
 *            options are the config defaults, as `attain analyze` uses);
 *   memrun   the whole run function (compute, formatting and every
 *            derived row inserted) into a fresh in-memory store, so no
 *            disk is involved.
 * Each is repeated RUNS times; prints "analysis measure median_wall_s
 * median_cpu_s rows" (cpu = process CPU time, both threads). With
 * ANSPEED_COMPUTE_ONLY=1 in the environment the memrun measure is left out.
 *   anspeed_bench DBFILE [RUNS [NAME...]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "an_desc.h"
#include "an_gaps.h"
#include "an_items.h"
#include "an_va.h"
#include "analysis.h"
#include "config.h"
#include "engine.h"
#include "store_derived.h"

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

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int64_t compute(const engine *g, const config *cfg, const char *name)
{
	int64_t rows = 0;
	if (strcmp(name, "desc") == 0) {
		desc_opts o = {.year = -1,
		               .subgroups = config_bool(cfg, "desc.subgroups"),
		               .classes = config_bool(cfg, "desc.classes"),
		               .school_subgroups =
		                   config_bool(cfg, "desc.school_subgroups"),
		               .min_n = (int64_t)config_num(cfg, "min_group"),
		               .nthreads = 2};
		desc_row *r = NULL;
		trend_row *t = NULL;
		cohort_row *c = NULL;
		rows = an_desc_compute(g, &o, &r);
		rows += an_desc_trends(g, r, rows, &t);
		rows += an_desc_cohorts(g, o.min_n, &c);
		free(r);
		free(t);
		free(c);
	} else if (strcmp(name, "gaps") == 0) {
		gaps_opts o = {.year = -1,
		               .min_n = (int64_t)config_num(cfg, "gaps.min_n"),
		               .alpha = config_num(cfg, "gaps.trend_alpha")};
		gap_row *r = NULL;
		gap_trend *t = NULL;
		int64_t n = 0, nt = 0;
		an_gaps_compute(g, &o, &r, &n, &t, &nt);
		rows = n + nt;
		free(r);
		free(t);
	} else if (strcmp(name, "items") == 0) {
		items_opts o = {
		    .year = -1,
		    .pbis_flag = config_num(cfg, "items.pbis_flag"),
		    .p_low = config_num(cfg, "items.p_low"),
		    .p_high = config_num(cfg, "items.p_high"),
		    .mastery_cut = config_num(cfg, "items.mastery_cut"),
		    .student_rows = config_bool(cfg, "items.student_mastery"),
		    .min_n = (int64_t)config_num(cfg, "min_group"),
		    .nthreads = 2};
		items_out out;
		an_items_compute(g, &o, &out);
		rows = out.nitems + out.ntests + out.nms + out.nmg + out.nmp;
		an_items_free(&out);
	} else if (strcmp(name, "va") == 0) {
		va_opts o = {.year = -1,
		             .nbands = (int)config_num(cfg, "va.prior_bands"),
		             .cap_sd = config_num(cfg, "va.cap_sd"),
		             .contextual = config_bool(cfg, "va.contextual"),
		             .kinds = 1u << ENG_KIND_SUMMATIVE,
		             .min_n = (int64_t)config_num(cfg, "va.min_n"),
		             .nthreads = 2};
		va_student *s = NULL;
		va_group *q = NULL;
		int64_t ns = 0, nq = 0;
		an_va_compute(g, &o, &s, &ns, &q, &nq);
		rows = ns + nq;
		free(s);
		free(q);
	} else {
		return -1;
	}
	return rows;
}

static int64_t memrun(const engine *g, const config *cfg, const char *name)
{
	const analysis_def *d = analysis_find(name);
	if (!d)
		return -1;
	att_err e;
	err_clear(&e);
	store *s = NULL;
	if (store_open(":memory:", &s, &e)) {
		err_print(&e);
		exit(1);
	}
	int64_t run_id = 0;
	if (store_run_begin(s, name, "{}", g->data_version, clock_now(), &run_id, &e)) {
		err_print(&e);
		exit(1);
	}
	an_ctx c = {.st = s,
	            .eng = g,
	            .cfg = cfg,
	            .year = -1,
	            .run_id = run_id,
	            .e = &e};
	if (d->run(&c)) {
		err_print(&e);
		exit(1);
	}
	store_close(s);
	return c.rows;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr,
		        "usage: anspeed_bench DBFILE [RUNS [NAME...]]\n");
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	if (runs < 1)
		runs = 1;
	static const char *const all[] = {"desc", "gaps", "items",
	                                  "va",   "ews",  "groups"};
	const char *const *names =
	    argc > 3 ? (const char *const *)argv + 3 : all;
	int nnames = argc > 3 ? argc - 3 : 6;
	att_err e;
	err_clear(&e);
	store *s = NULL;
	config *cfg = NULL;
	if (store_open_existing(argv[1], &s, &e) ||
	    config_load_alloc(NULL, &cfg, &e)) {
		err_print(&e);
		return 1;
	}
	engine *g = NULL;
	double t0 = now_seconds();
	if (engine_load_alloc(s, ENG_LOAD_ALL, &g, &e)) {
		err_print(&e);
		return 1;
	}
	printf("load - %.3f - -\n", now_seconds() - t0);
	fflush(stdout);
	double *tw = malloc(sizeof(double) * (size_t)runs);
	double *tc = malloc(sizeof(double) * (size_t)runs);
	if (!tw || !tc)
		return 1;
	for (int k = 0; k < nnames; k++) {
		const char *co = getenv("ANSPEED_COMPUTE_ONLY");
		int nm = co && *co == '1' ? 1 : 2;
		for (int m = 0; m < nm; m++) {
			int64_t rows = 0;
			for (int r = 0; r < runs; r++) {
				double w0 = now_seconds(), c0 = cpu_seconds();
				rows = m == 0 ? compute(g, cfg, names[k])
				              : memrun(g, cfg, names[k]);
				tw[r] = now_seconds() - w0;
				tc[r] = cpu_seconds() - c0;
				if (rows < 0)
					break;
			}
			if (rows < 0)
				continue;
			printf("%s %s %.3f %.3f %lld\n", names[k],
			       m == 0 ? "compute" : "memrun", median(tw, runs),
			       median(tc, runs), (long long)rows);
			fflush(stdout);
		}
	}
	free(tw);
	free(tc);
	engine_free(g);
	config_free(cfg);
	store_close(s);
	return 0;
}
