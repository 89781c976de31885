/*
 * oulad_ews.c - early warning on real outcomes: how well attain's
 * early-warning flags and tiers (src/an_ews.c, called as is) separate the
 * students who failed a course from those who passed, on the Open
 * University Learning Analytics Dataset subset in ../shared/data/
 * oulad-subset (Kuzilek, Hlosta & Zdrahal 2017, Scientific Data 4:170171;
 * CC BY 4.0; see its SOURCE.md).
 *
 * Mapping onto the ABC indicators, for one module presentation and a
 * cut-off day (only what was known by that day is used):
 *  - course performance: every assessment due by the cut-off is a result,
 *    its score if submitted by the cut-off (banked scores count), 0 if not;
 *    the basic cut is 40, the Open University's pass mark. One result below
 *    40 is early warning, two or more at once at risk.
 *  - slowing progress: growth values are the changes in the student's
 *    standardised score (z within the assessment) between consecutive
 *    assessments due by the cut-off.
 *  - attendance (configuration "+ submission"): the subset has no click or
 *    attendance log, so the share of assessments due by the cut-off that
 *    were not submitted stands in for absence (possible = due, absent =
 *    not submitted); off in the "results only" configuration.
 *  - behaviour: none in the data.
 * Outcome: "bad" = final_result Fail; Pass and Distinction are "good"
 * (the subset has no withdrawn students).
 *
 * Build and run: bench/bench_oulad_ews.sh (prints a Markdown table). The
 * unit test tests/unit/test_oulad_ews.c includes this file with
 * OULAD_EWS_NO_MAIN and checks the figures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_ews.h"
#include "util.h"

typedef struct oulad_ass {
	int id;
	int mp; /* module presentation index */
	int date;
	double mean, sd; /* of submitted scores */
} oulad_ass;

typedef struct oulad_stu {
	int mp;
	long id;
	int fail;
} oulad_stu;

typedef struct oulad_sub {
	int ass; /* index into ass */
	int stu; /* index into stu */
	int date;
	int banked;
	double score;
} oulad_sub;

typedef struct oulad {
	int nmp;
	char mp_name[64][16];
	int nass;
	oulad_ass ass[128];
	int nstu;
	oulad_stu *stu;
	int nsub;
	oulad_sub *sub;
	int *sub_off; /* CSR by student, subs sorted by (student, date) */
} oulad;

static int mp_index(oulad *o, const char *mod, const char *pres)
{
	char key[16];
	snprintf(key, sizeof key, "%.3s%.5s", mod, pres);
	for (int i = 0; i < o->nmp; i++)
		if (!strcmp(o->mp_name[i], key))
			return i;
	if (o->nmp >= 64)
		return -1;
	snprintf(o->mp_name[o->nmp], sizeof o->mp_name[0], "%s", key);
	return o->nmp++;
}

/* Split a CSV line (no quoting in this data set) in place. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		f[n++] = p;
		char *c = strchr(p, ',');
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	char *nl = strpbrk(f[n - 1], "\r\n");
	if (nl)
		*nl = '\0';
	return n;
}

static int stu_cmp(const void *a, const void *b)
{
	const oulad_stu *x = a, *y = b;
	if (x->mp != y->mp)
		return x->mp - y->mp;
	return (x->id > y->id) - (x->id < y->id);
}

static int find_stu(const oulad *o, int mp, long id)
{
	int lo = 0, hi = o->nstu - 1;
	while (lo <= hi) {
		int m = (lo + hi) / 2;
		const oulad_stu *s = &o->stu[m];
		if (s->mp == mp && s->id == id)
			return m;
		if (s->mp < mp || (s->mp == mp && s->id < id))
			lo = m + 1;
		else
			hi = m - 1;
	}
	return -1;
}

static int sub_cmp(const void *a, const void *b)
{
	const oulad_sub *x = a, *y = b;
	if (x->stu != y->stu)
		return x->stu - y->stu;
	return x->ass - y->ass;
}

static FILE *open_in(const char *dir, const char *name, att_err *e)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		err_set(e, ATT_EIO, "cannot open '%s'", path);
	return f;
}

void oulad_free(oulad *o)
{
	free(o->stu);
	free(o->sub);
	free(o->sub_off);
	memset(o, 0, sizeof(*o));
}

int oulad_load(const char *dir, oulad *o, att_err *e)
{
	memset(o, 0, sizeof(*o));
	char line[1024];
	char *f[16];
	FILE *fp = open_in(dir, "assessments.csv", e);
	if (!fp)
		return ATT_EIO;
	fgets(line, sizeof line, fp);
	while (fgets(line, sizeof line, fp) && o->nass < 128) {
		if (split(line, f, 16) < 6)
			continue;
		oulad_ass *a = &o->ass[o->nass++];
		a->mp = mp_index(o, f[0], f[1]);
		a->id = atoi(f[2]);
		a->date = f[4][0] ? atoi(f[4]) : 100000;
	}
	fclose(fp);

	fp = open_in(dir, "studentInfo.csv", e);
	if (!fp)
		return ATT_EIO;
	size_t cap = 0;
	fgets(line, sizeof line, fp);
	while (fgets(line, sizeof line, fp)) {
		if (split(line, f, 16) < 12)
			continue;
		xgrow((void **)&o->stu, &cap, (size_t)o->nstu + 1,
		      sizeof(oulad_stu));
		oulad_stu *s = &o->stu[o->nstu++];
		s->mp = mp_index(o, f[0], f[1]);
		s->id = atol(f[2]);
		s->fail = !strcmp(f[11], "Fail");
	}
	fclose(fp);
	qsort(o->stu, (size_t)o->nstu, sizeof(oulad_stu), stu_cmp);

	fp = open_in(dir, "studentAssessment.csv", e);
	if (!fp) {
		oulad_free(o);
		return ATT_EIO;
	}
	cap = 0;
	fgets(line, sizeof line, fp);
	while (fgets(line, sizeof line, fp)) {
		if (split(line, f, 16) < 5 || !f[4][0])
			continue; /* a missing score is not a result */
		int id = atoi(f[0]), ai = -1;
		for (int k = 0; k < o->nass; k++)
			if (o->ass[k].id == id)
				ai = k;
		if (ai < 0)
			continue;
		int si = find_stu(o, o->ass[ai].mp, atol(f[1]));
		if (si < 0)
			continue;
		xgrow((void **)&o->sub, &cap, (size_t)o->nsub + 1,
		      sizeof(oulad_sub));
		oulad_sub *s = &o->sub[o->nsub++];
		s->ass = ai;
		s->stu = si;
		s->date = atoi(f[2]);
		s->banked = atoi(f[3]);
		s->score = atof(f[4]);
	}
	fclose(fp);
	qsort(o->sub, (size_t)o->nsub, sizeof(oulad_sub), sub_cmp);
	o->sub_off = xcalloc((size_t)o->nstu + 1, sizeof(int));
	for (int i = 0; i < o->nsub; i++)
		o->sub_off[o->sub[i].stu + 1]++;
	for (int i = 0; i < o->nstu; i++)
		o->sub_off[i + 1] += o->sub_off[i];
	/* z-score parameters per assessment */
	for (int k = 0; k < o->nass; k++) {
		double s = 0, ss = 0, n = 0;
		for (int i = 0; i < o->nsub; i++)
			if (o->sub[i].ass == k) {
				s += o->sub[i].score;
				ss += o->sub[i].score * o->sub[i].score;
				n++;
			}
		o->ass[k].mean = n ? s / n : 0;
		o->ass[k].sd = n > 1 ? sqrt((ss - s * s / n) / (n - 1)) : 1;
		if (!(o->ass[k].sd > 0))
			o->ass[k].sd = 1;
	}
	return ATT_OK;
}

/*
 * Assess every student as of `cutoff` and measure the separation of Fail
 * from Pass/Distinction. use_submission: count unsubmitted assessments as
 * absence. flagged: share of students at early warning or above.
 */
int oulad_evaluate(const oulad *o, int cutoff, int use_submission,
		   const ews_params *p, ews_separation *sep, double *flagged)
{
	unsigned char *level = xmalloc((size_t)o->nstu);
	unsigned char *bad = xmalloc((size_t)o->nstu);
	double score[8], cut[8], growth[8];
	int nflag = 0;
	for (int i = 0; i < o->nstu; i++) {
		const oulad_stu *s = &o->stu[i];
		int nsubj = 0, submitted = 0;
		double prevz = NAN;
		int ngrowth = 0;
		/* the module's assessments due by the cut-off, by date */
		int order[8], no = 0;
		for (int k = 0; k < o->nass && no < 8; k++)
			if (o->ass[k].mp == s->mp && o->ass[k].date <= cutoff)
				order[no++] = k;
		for (int a = 1; a < no; a++)
			for (int b = a; b > 0 && o->ass[order[b]].date <
						     o->ass[order[b - 1]].date;
			     b--) {
				int t = order[b];
				order[b] = order[b - 1];
				order[b - 1] = t;
			}
		for (int q = 0; q < no; q++) {
			int k = order[q];
			double sc = NAN;
			for (int j = o->sub_off[i]; j < o->sub_off[i + 1]; j++)
				if (o->sub[j].ass == k &&
				    (o->sub[j].banked || o->sub[j].date <= cutoff))
					sc = o->sub[j].score;
			submitted += !isnan(sc);
			double z = isnan(sc) ? NAN
					     : (sc - o->ass[k].mean) / o->ass[k].sd;
			if (q > 0)
				growth[ngrowth++] = z - prevz; /* NaN if missing */
			prevz = z;
			score[nsubj] = isnan(sc) ? 0 : sc;
			cut[nsubj] = 40;
			nsubj++;
		}
		ews_input in = {0};
		in.nsubj = nsubj;
		in.score = score;
		in.basic_cut = cut;
		in.ngrowth = ngrowth;
		in.growth = growth;
		if (use_submission && no > 0) {
			in.days_possible = no;
			in.days_absent = no - submitted;
		}
		ews_result r;
		ews_assess(&in, p, &r);
		level[i] = r.overall;
		bad[i] = (unsigned char)s->fail;
		nflag += r.overall >= EWS_WARN;
	}
	int rc = ews_separate(level, bad, (size_t)o->nstu, sep);
	*flagged = o->nstu ? (double)nflag / o->nstu : 0;
	free(level);
	free(bad);
	return rc;
}

#ifndef OULAD_EWS_NO_MAIN
int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/data/oulad-subset";
	oulad o;
	att_err e;
	if (oulad_load(dir, &o, &e)) {
		err_print(&e);
		return 1;
	}
	ews_params p;
	ews_params_default(&p);
	int fails = 0;
	for (int i = 0; i < o.nstu; i++)
		fails += o.stu[i].fail;
	printf("OULAD subset: %d student-presentations in %d module "
	       "presentations, %d failed, %d passed; %d assessment results\n\n",
	       o.nstu, o.nmp, fails, o.nstu - fails, o.nsub);
	printf("| cut-off day | evidence | flagged | sens (>= warning) | spec "
	       "(>= warning) | sens (at risk) | spec (at risk) | AUC of tier "
	       "|\n|---|---|---|---|---|---|---|---|\n");
	int cutoffs[4] = {30, 60, 90, 124};
	for (int c = 0; c < 4; c++)
		for (int use = 0; use < 2; use++) {
			ews_separation s;
			double fl;
			oulad_evaluate(&o, cutoffs[c], use, &p, &s, &fl);
			printf("| %d | %s | %.1f%% | %.3f | %.3f | %.3f | %.3f | "
			       "%.3f |\n",
			       cutoffs[c],
			       use ? "results + submission" : "results only",
			       100 * fl, s.sens_warn, s.spec_warn, s.sens_risk,
			       s.spec_risk, s.auc);
		}
	oulad_free(&o);
	return 0;
}
#endif
