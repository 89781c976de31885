/*
 * synth.h - a synthetic district with planted effects for the analysis
 * tests (header-only), built straight into an engine from plain arrays
 * (no store): state > 2 districts > nschool schools of nper students, two
 * years of one maths summative.
 *
 *   ability a ~ N(0, 1) - gap_ses * ses      (ses = 1 for 30%)
 *   year 1:  y1 = 50 + 10 (a + e1),          e1 ~ N(0, 0.3)
 *   year 2:  y2 = 50 + 10 (a + va_s + e2),   e2 ~ N(0, 0.3), va_s ~ N(0, 0.3)
 *   year 2 items: 10 one-point items, items 0-4 standard A, 5-9 standard
 *   B, P(correct) = logistic(1.7 (a - b_j - weak_s [j >= 5])), b_j evenly
 *   from -1 to 1; weak_s = 1.5 for odd schools (standard B planted weak).
 *
 * Ids: orgs 1 (state), 2-3 (districts), 10 + s (school s, code "SC<s>");
 * students 1.. in school order; staff and class s + 1 per school (the
 * year-2 maths class and its lead teacher); assessments 1 and 2; items
 * 1-10; standards 1 (A) and 2 (B). The planted school effects are
 * returned in va (nschool entries).
 */
#ifndef ATTAIN_SYNTH_H
#define ATTAIN_SYNTH_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"

typedef struct synth_rng {
	uint64_t s;
} synth_rng;

static inline double synth_unif(synth_rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return ((double)(r->s >> 11) + 0.5) / 9007199254740992.0;
}

static inline double synth_norm(synth_rng *r)
{
	double u = synth_unif(r), v = synth_unif(r);
	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* The students' draws, in the order the generator makes them. */
typedef struct synth_student {
	int ses, lang_hi;
	double y[2];
	double item[10];
} synth_student;

/* The fixed tables: org tree, years, subject, standards, assessments, cut
 * scores, items. */
static inline void synth_frame(eng_build *b, int nschool)
{
	char name[3][32];
	engine_build_table(b, ENG_T_LEVEL, 3);
	engine_add_level(b, &(eng_level_row){0, "state"});
	engine_add_level(b, &(eng_level_row){1, "district"});
	engine_add_level(b, &(eng_level_row){2, "school"});
	engine_build_table(b, ENG_T_ORG, 3 + nschool);
	engine_add_org(b, &(eng_org_row){1, "ST", "S", -1, "state", 0});
	engine_add_org(b, &(eng_org_row){2, "D1", "D1", 1, "district", 0});
	engine_add_org(b, &(eng_org_row){3, "D2", "D2", 1, "district", 0});
	for (int s = 0; s < nschool; s++) {
		snprintf(name[0], sizeof(name[0]), "SC%d", s);
		snprintf(name[1], sizeof(name[1]), "School %d", s);
		engine_add_org(b, &(eng_org_row){10 + s, name[0], name[1],
		                                 2 + s % 2, "school", 1});
	}
	engine_build_table(b, ENG_T_YEAR, 2);
	engine_add_year(b,
	                &(eng_year_row){1, "Y1", "2023-06-01", "2024-03-31"});
	engine_add_year(b,
	                &(eng_year_row){2, "Y2", "2024-06-01", "2025-03-31"});
	engine_build_table(b, ENG_T_SUBJECT, 1);
	engine_add_subject(b, &(eng_subject_row){1, "MATH", "Maths", 1});
	engine_build_table(b, ENG_T_STANDARD, 2);
	engine_add_standard(b, &(eng_standard_row){1, "A", 1, 5, -1, "A"});
	engine_add_standard(b, &(eng_standard_row){2, "B", 1, 5, -1, "B"});
}

/* The engine of the synthetic district with the parts (ENG_LOAD_*) asked
 * for; NULL on a builder error (printed). */
static inline engine *synth_build(int nschool, int nper, double gap_ses,
                                  double *va, uint64_t seed, unsigned parts)
{
	synth_rng r = {seed * 2654435761u + 88172645463325252ull};
	for (int s = 0; s < nschool; s++)
		va[s] = 0.3 * synth_norm(&r);
	int n = nschool * nper;
	synth_student *x = calloc((size_t)n, sizeof(*x));
	if (!x)
		abort();
	for (int s = 0, id = 0; s < nschool; s++)
		for (int k = 0; k < nper; k++, id++) {
			synth_student *p = &x[id];
			p->ses = synth_unif(&r) < 0.3;
			double a = synth_norm(&r) - gap_ses * p->ses;
			p->lang_hi = synth_unif(&r) < 0.7;
			p->y[0] = 50 + 10 * (a + 0.3 * synth_norm(&r));
			p->y[1] = 50 + 10 * (a + va[s] + 0.3 * synth_norm(&r));
			for (int j = 0; j < 10; j++) {
				double bj = -1 + 2.0 * j / 9 +
				            (j >= 5 && s % 2 ? 1.5 : 0);
				double pr = 1 / (1 + exp(-1.7 * (a - bj)));
				p->item[j] = synth_unif(&r) < pr;
			}
		}
	eng_build *b = engine_build_begin();
	synth_frame(b, nschool);
	char code[32];
	engine_build_table(b, ENG_T_STUDENT, n);
	for (int id = 1; id <= n; id++) {
		snprintf(code, sizeof(code), "P%d", id);
		int k = (id - 1) % nper;
		engine_add_student(
		    b, &(eng_student_row){
		           id, code, k % 2 ? "F" : "M", NULL, x[id - 1].ses, 0,
		           x[id - 1].lang_hi ? "hi" : "en", NULL, 1});
	}
	engine_build_table(b, ENG_T_STAFF, nschool);
	for (int s = 0; s < nschool; s++) {
		snprintf(code, sizeof(code), "T%d", s);
		engine_add_staff(b, &(eng_staff_row){s + 1, code, 10 + s});
	}
	engine_build_table(b, ENG_T_CLASS, nschool);
	for (int s = 0; s < nschool; s++) {
		snprintf(code, sizeof(code), "C%d", s);
		engine_add_class(
		    b, &(eng_class_row){s + 1, code, 10 + s, 2, 5, 1});
	}
	engine_build_table(b, ENG_T_TEACHER, nschool);
	for (int s = 0; s < nschool; s++)
		engine_add_teacher(b, &(eng_teacher_row){s + 1, s + 1, "lead"});
	engine_build_table(b, ENG_T_ENROLMENT, n);
	for (int id = 1; id <= n; id++)
		engine_add_enrolment(
		    b, &(eng_enrolment_row){(id - 1) / nper + 1, id});
	engine_build_table(b, ENG_T_PLACEMENT, 2 * n);
	for (int id = 1; id <= n; id++)
		for (int y = 1; y <= 2; y++)
			engine_add_placement(
			    b, &(eng_placement_row){id, y, 10 + (id - 1) / nper,
			                            3 + y});
	engine_build_table(b, ENG_T_ASSESSMENT, 2);
	engine_add_assessment(b, &(eng_assessment_row){1, "Y1M", "Y1", 1, 1, -1,
	                                               4, "summative",
	                                               "2024-03-01", 100, -1});
	engine_add_assessment(b, &(eng_assessment_row){2, "Y2M", "Y2", 1, 2, -1,
	                                               5, "summative",
	                                               "2025-03-01", 100, -1});
	static const eng_cut_row cuts[] = {{2, 0, "below", 0},
	                                   {2, 1, "basic", 40},
	                                   {2, 2, "proficient", 55},
	                                   {2, 3, "advanced", 70}};
	engine_build_table(b, ENG_T_CUT, 4);
	for (int c = 0; c < 4; c++)
		engine_add_cut(b, &cuts[c]);
	engine_build_table(b, ENG_T_ITEM, 10);
	for (int j = 0; j < 10; j++) {
		snprintf(code, sizeof(code), "Q%d", j + 1);
		engine_add_item(b, &(eng_item_row){j + 1, code, 2, j + 1, 1,
		                                   j < 5 ? 1 : 2, -1});
	}
	if (parts & ENG_LOAD_ITEMS) {
		eng_rows *ir = engine_responses_begin(b);
		for (int id = 1; id <= n; id++)
			for (int64_t j = 1; j <= 10; j++) {
				int64_t st = id;
				engine_rows_add(ir, 1, &j, &st,
				                &x[id - 1].item[j - 1]);
			}
		engine_rows_end(ir);
	}
	if (parts & ENG_LOAD_RESULTS) {
		eng_rows *rs = engine_results_begin(b);
		for (int id = 1; id <= n; id++)
			for (int64_t a = 1; a <= 2; a++) {
				int64_t st = id;
				engine_rows_add(rs, 1, &a, &st,
				                &x[id - 1].y[a - 1]);
			}
		engine_rows_end(rs);
	}
	free(x);
	engine *g = NULL;
	att_err e;
	if (engine_build_end(b, &g, &e))
		fprintf(stderr, "synth: %s\n", e.msg);
	return g;
}

/* Pearson correlation of two arrays. */
static inline double synth_corr(const double *x, const double *y, int n)
{
	double mx = 0, my = 0;
	for (int i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= n;
	my /= n;
	double sxy = 0, sxx = 0, syy = 0;
	for (int i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
	}
	return sxy / sqrt(sxx * syy);
}

#endif
