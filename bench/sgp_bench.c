/*
 * sgp_bench.c - the attain side of bench/bench_sgp.sh.
 *
 *   sgp_bench gen SGPDATA.csv N OUT.csv
 *       A cohort of N students resampled from the real grade-5 readers of
 *       the SGPdata sample (sgpData.csv, wide format: 2025 score with the
 *       2024 grade-4 and 2023 grade-3 scores as priors): rows drawn with
 *       replacement by a fixed xorshift generator, each score moved by an
 *       integer in [-3, 3] so that copies are not identical. A missing
 *       second prior stays missing. Writes id,cur,p1,p2.
 *   sgp_bench run IN.csv OUT.csv THREADS
 *       SGPs of the cohort with two priors (sgp_compute, unchanged); prints
 *       "seconds N" for the computation alone (not the CSV reading) and
 *       writes id,sgp,order.
 *   sgp_bench compare A.csv B.csv
 *       Agreement of two id,sgp,... files (same row order): prints
 *       "n equal within1 within3 maxdiff".
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_sgp.h"

static uint64_t rng_state = 0x853c49e6748fea9bULL;
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Split a CSV line; empty fields become NAN. */
static int split(char *line, double *out, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		char *end = p + strcspn(p, ",\r\n");
		char c = *end;
		*end = '\0';
		out[n++] = *p && *p != '"' ? strtod(p, NULL) : NAN;
		if (c != ',')
			break;
		p = end + 1;
	}
	return n;
}

static int gen(const char *src, long n, const char *out)
{
	FILE *f = fopen(src, "r");
	if (!f) {
		perror(src);
		return 1;
	}
	char line[1024];
	size_t cap = 1 << 16, m = 0;
	double *cur = malloc(cap * sizeof(double));
	double *p1 = malloc(cap * sizeof(double));
	double *p2 = malloc(cap * sizeof(double));
	if (!fgets(line, sizeof(line), f))
		return 1;
	/* ID, GRADE_2021..GRADE_2025, SS_2021..SS_2025 */
	while (fgets(line, sizeof(line), f) && m < cap) {
		double v[11];
		if (split(line, v, 11) != 11)
			continue;
		if (v[5] != 5 || isnan(v[10]) || v[4] != 4 || isnan(v[9]))
			continue;
		cur[m] = v[10];
		p1[m] = v[9];
		p2[m] = v[3] == 3 ? v[8] : NAN;
		m++;
	}
	fclose(f);
	if (m == 0) {
		fprintf(stderr, "no grade-5 students with a grade-4 prior\n");
		return 1;
	}
	FILE *o = fopen(out, "w");
	if (!o) {
		perror(out);
		return 1;
	}
	fprintf(o, "id,cur,p1,p2\n");
	for (long i = 0; i < n; i++) {
		size_t r = (size_t)(rng() % m);
		double j[3];
		for (int k = 0; k < 3; k++)
			j[k] = (double)((int)(rng() % 7) - 3);
		fprintf(o, "%ld,%g,%g,", i + 1, cur[r] + j[0], p1[r] + j[1]);
		if (isnan(p2[r]))
			fprintf(o, "\n");
		else
			fprintf(o, "%g\n", p2[r] + j[2]);
	}
	fclose(o);
	free(cur);
	free(p1);
	free(p2);
	fprintf(stderr, "resampled %ld students from %zu\n", n, m);
	return 0;
}

static size_t load(const char *path, double **cur, double **p1, double **p2)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(1);
	}
	char line[256];
	size_t cap = 1024, n = 0;
	*cur = malloc(cap * sizeof(double));
	*p1 = malloc(cap * sizeof(double));
	*p2 = malloc(cap * sizeof(double));
	if (!fgets(line, sizeof(line), f))
		exit(1);
	while (fgets(line, sizeof(line), f)) {
		double v[4];
		if (split(line, v, 4) != 4)
			continue;
		if (n == cap) {
			cap *= 2;
			*cur = realloc(*cur, cap * sizeof(double));
			*p1 = realloc(*p1, cap * sizeof(double));
			*p2 = realloc(*p2, cap * sizeof(double));
		}
		(*cur)[n] = v[1];
		(*p1)[n] = v[2];
		(*p2)[n] = v[3];
		n++;
	}
	fclose(f);
	return n;
}

static int run(const char *in, const char *out, int threads)
{
	double *cur, *p1, *p2;
	size_t n = load(in, &cur, &p1, &p2);
	int *sgp = malloc(n * sizeof(int)), *ord = malloc(n * sizeof(int));
	sgp_params par;
	sgp_params_default(&par);
	par.threads = threads;
	sgp_info info;
	att_err e;
	const double *pr[2] = {p1, p2};
	double t0 = now_seconds();
	int rc = sgp_compute(cur, pr, 2, n, &par, sgp, ord, NULL, &info, &e);
	double t1 = now_seconds();
	if (rc != ATT_OK) {
		err_print(&e);
		return 1;
	}
	printf("seconds %.4f n %zu order2 %zu newton %ld solves %ld "
	       "resolves %ld full %ld\n",
	       t1 - t0, n, info.cohort[2], info.qr.newton_steps,
	       info.qr.solves, info.qr.resolves, info.qr.full_solves);
	FILE *o = fopen(out, "w");
	if (!o) {
		perror(out);
		return 1;
	}
	fprintf(o, "id,sgp,order\n");
	for (size_t i = 0; i < n; i++)
		fprintf(o, "%zu,%d,%d\n", i + 1, sgp[i], ord[i]);
	fclose(o);
	free(sgp);
	free(ord);
	free(cur);
	free(p1);
	free(p2);
	return 0;
}

static int compare(const char *a, const char *b)
{
	FILE *fa = fopen(a, "r"), *fb = fopen(b, "r");
	if (!fa || !fb) {
		perror("compare");
		return 1;
	}
	char la[256], lb[256];
	if (!fgets(la, sizeof(la), fa) || !fgets(lb, sizeof(lb), fb))
		return 1;
	long n = 0, eq = 0, w1 = 0, w3 = 0, maxd = 0;
	while (fgets(la, sizeof(la), fa) && fgets(lb, sizeof(lb), fb)) {
		double va[3], vb[3];
		if (split(la, va, 3) < 2 || split(lb, vb, 3) < 2)
			return 1;
		if (va[0] != vb[0]) {
			fprintf(stderr, "rows differ at id %g\n", va[0]);
			return 1;
		}
		long d = labs((long)va[1] - (long)vb[1]);
		n++;
		eq += d == 0;
		w1 += d <= 1;
		w3 += d <= 3;
		if (d > maxd)
			maxd = d;
	}
	printf("%ld %ld %ld %ld %ld\n", n, eq, w1, w3, maxd);
	fclose(fa);
	fclose(fb);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "gen"))
		return gen(argv[2], atol(argv[3]), argv[4]);
	if (argc == 5 && !strcmp(argv[1], "run"))
		return run(argv[2], argv[3], atoi(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "compare"))
		return compare(argv[2], argv[3]);
	fprintf(stderr, "usage: sgp_bench gen SGPDATA N OUT | run IN OUT "
			"THREADS | compare A B\n");
	return 2;
}
