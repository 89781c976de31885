/*
 * test_engine.c - the columnar engine: dictionaries, the org tree and its
 * ancestor table, CSR orderings, lookups and attendance tallies on the
 * hand-made fixture loaded from the store (fixture_store.h) with and
 * without the second thread's parts; the same engine built from plain
 * arrays (fixture_engine.h) with no store; and the builders' errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "engine_load.h"
#include "fixture_engine.h"
#include "fixture_store.h"

static char path[256];

static int setup(void **state)
{
	(void)state;
	tmp_path(path, sizeof(path), "engine.db");
	return fixture_engine_make(path);
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static engine *load(unsigned parts)
{
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open_existing(path, &s, &e), ATT_OK);
	engine *g = NULL;
	int rc = engine_load_alloc(s, parts, &g, &e);
	if (rc)
		fprintf(stderr, "%s\n", e.msg);
	assert_int_equal(rc, ATT_OK);
	store_close(s);
	return g;
}

static void test_dicts_and_tree(void **state)
{
	(void)state;
	engine *g = load(ENG_LOAD_ALL);
	assert_int_equal(g->org.n, 6);
	assert_int_equal(g->nschool, 3);
	assert_int_equal(g->nlevels, 3);
	assert_string_equal(g->level_name[1], "district");
	assert_int_equal(g->school_level, 2);
	int32_t s3 = g->org_school[eng_index(&g->org, 22)];
	assert_true(s3 >= 0);
	assert_string_equal(g->org.code[engine_school_anc(g, s3, 1)], "D2");
	assert_string_equal(g->org.code[engine_school_anc(g, s3, 0)], "ST");
	assert_int_equal(engine_school_anc(g, s3, 2), g->school_org[s3]);
	assert_int_equal(g->org_depth[eng_index(&g->org, 22)], 2);
	assert_int_equal(g->org_parent[eng_index(&g->org, 10)], -1);
	assert_int_equal(eng_index(&g->org, 9999), -1);
	assert_int_equal(eng_index(&g->org, -5), -1);

	assert_int_equal(g->student.n, 8);
	int32_t p1 = eng_index(&g->student, 101);
	assert_string_equal(g->student.code[p1], "P1");
	assert_int_equal(g->st_gender[p1], ENG_GENDER_F);
	assert_int_equal(g->st_ses[p1], 1);
	assert_int_equal(g->st_ses[eng_index(&g->student, 106)], -1);
	assert_string_equal(g->home_language.label[g->st_lang[p1]], "hi");
	assert_int_equal(g->st_lang[eng_index(&g->student, 107)], -1);
	engine_free(g);
}

static void test_results_and_lookups(void **state)
{
	(void)state;
	engine *g = load(ENG_LOAD_ALL);
	assert_int_equal(g->nres, 10);
	int32_t a1 = eng_index(&g->ass, 1), a2 = eng_index(&g->ass, 2);
	assert_int_equal(g->res_off[a1 + 1] - g->res_off[a1], 8);
	assert_int_equal(g->res_off[a2 + 1] - g->res_off[a2], 2);
	for (int64_t r = g->res_off[a1] + 1; r < g->res_off[a1 + 1]; r++)
		assert_true(g->res_student[r - 1] < g->res_student[r]);
	int32_t p1 = eng_index(&g->student, 101),
	        p8 = eng_index(&g->student, 108);
	assert_true(engine_score(g, a1, p1) == 4.0);
	assert_true(engine_score(g, a2, p1) == 70.0);
	assert_true(isnan(engine_score(g, a2, p8)));
	/* By-student index: P1 has two results, in assessment order. */
	assert_int_equal(g->rs_off[p1 + 1] - g->rs_off[p1], 2);
	assert_true(g->res_score[g->rs_row[g->rs_off[p1] + 1]] == 70.0);
	/* Cut scores and bands. */
	assert_int_equal(engine_nbands(g, a1), 4);
	assert_true(g->ass_prof_cut[a1] == 3.0);
	assert_true(isnan(g->ass_prof_cut[a2]));
	assert_int_equal(engine_band(g, a1, 2.5), 1);
	assert_int_equal(engine_band(g, a1, 4), 3);
	assert_int_equal(engine_band(g, a2, 50), -1);
	/* Placements sorted by year, classes and teachers. */
	int32_t y1 = eng_index(&g->year, 1), y2 = eng_index(&g->year, 2);
	assert_int_equal(g->pl_off[p1 + 1] - g->pl_off[p1], 2);
	assert_int_equal(g->pl_year[g->pl_off[p1]], y1);
	int32_t k = engine_placement(g, p1, y2);
	assert_true(k >= 0);
	assert_int_equal(g->pl_grade[k], 5);
	assert_int_equal(engine_placement(g, p8, y2), -1);
	int32_t math = eng_index(&g->subject, 1);
	int32_t c1 = engine_student_class(g, p1, y1, math);
	assert_string_equal(g->cls.code[c1], "C1");
	assert_string_equal(g->staff.code[g->cls_lead[c1]], "T1");
	int32_t p6 = eng_index(&g->student, 106);
	assert_string_equal(g->cls.code[engine_student_class(g, p6, y1, math)],
	                    "C2");
	assert_int_equal(engine_student_class(g, p8, y1, math), -1);
	assert_int_equal(g->en_off[c1 + 1] - g->en_off[c1], 3);
	engine_free(g);
}

static void test_items_attendance_other(void **state)
{
	(void)state;
	engine *g = load(ENG_LOAD_ALL);
	int32_t a1 = eng_index(&g->ass, 1);
	assert_int_equal(g->items_off[a1 + 1] - g->items_off[a1], 4);
	assert_int_equal(g->nir, 32);
	int32_t q1 = eng_index(&g->item, 1);
	assert_int_equal(g->ir_off[q1 + 1] - g->ir_off[q1], 8);
	double sum = 0;
	for (int64_t r = g->ir_off[q1]; r < g->ir_off[q1 + 1]; r++)
		sum += g->ir_points[r];
	assert_true(sum == 6.0);
	assert_string_equal(
	    g->standard.code[g->item_standard[eng_index(&g->item, 3)]], "M4.2");
	/* Attendance: 0x21,0x43 = present, absent, late, excused. */
	assert_int_equal(g->natt, 2);
	int32_t p1 = eng_index(&g->student, 101);
	assert_int_equal(g->att_student[0], p1);
	assert_int_equal(g->att_possible[0], 4);
	assert_int_equal(g->att_present[0], 2);
	assert_int_equal(g->att_absent[0], 2);
	assert_int_equal(g->att_excused[0], 1);
	assert_int_equal(g->att_marks_off[1] - g->att_marks_off[0], 2);
	/* Behaviour sorted by date within a student. */
	int32_t p2 = eng_index(&g->student, 102);
	assert_int_equal(g->beh_off[p2 + 1] - g->beh_off[p2], 2);
	assert_int_equal(g->beh_serious[g->beh_off[p2]], 1);
	assert_string_equal(
	    g->beh_categories.label[g->beh_category[g->beh_off[p2]]], "fight");
	/* Interventions, goals, profiles. */
	assert_int_equal(g->iv.n, 1);
	assert_int_equal(g->part_off[1], 2);
	assert_true(isnan(g->part_dosage[1]));
	assert_true(g->iv_cost[0] == 500.0);
	assert_int_equal(g->goal.n, 1);
	assert_int_equal(g->goal_metric[0], ENG_METRIC_MEAN_SCORE);
	assert_int_equal(g->nprof, 1);
	assert_int_equal(g->prof_rural[0], 1);
	assert_true(g->prof_ptr[0] == 32.5);
	assert_int_equal(g->prof_classrooms[0], -1);
	engine_free(g);
}

static void test_partial_load(void **state)
{
	(void)state;
	engine *g = load(0);
	assert_int_equal(g->nres, 0);
	assert_int_equal(g->nir, 0);
	assert_int_equal(g->natt, 0);
	int32_t a1 = eng_index(&g->ass, 1);
	assert_int_equal(g->res_off[a1 + 1], 0);
	assert_true(isnan(engine_score(g, a1, 0)));
	assert_int_equal(g->student.n, 8);
	buf b;
	buf_init(&b);
	engine_describe(g, &b);
	assert_non_null(strstr(b.data, "8 students"));
	buf_free(&b);
	engine_free(g);
}

/* ---- the engine built from arrays is the engine loaded from the store */

static int diffs, quiet;

static void same_mem(const void *a, const void *b, size_t n, const char *f)
{
	if (n && (!a || !b || memcmp(a, b, n) != 0)) {
		if (!quiet)
			fprintf(stderr, "differs: %s\n", f);
		diffs++;
	}
}

static void same_strs(const char *const *a, const char *const *b, int64_t n,
                      const char *f)
{
	for (int64_t i = 0; i < n; i++)
		if (strcmp(a[i] ? a[i] : "", b[i] ? b[i] : "") != 0) {
			if (!quiet)
				fprintf(stderr, "differs: %s[%lld]\n", f,
				        (long long)i);
			diffs++;
			return;
		}
}

#define SAME(f, n) same_mem(a->f, b->f, sizeof(*a->f) * (size_t)(n), #f)
#define SAMES(f, n) same_strs(a->f, b->f, (n), #f)
#define SAMEV(f) same_mem(&a->f, &b->f, sizeof(a->f), #f)

static void same_dict(const eng_dict *a, const eng_dict *b, const char *f)
{
	same_mem(&a->n, &b->n, sizeof(a->n), f);
	same_mem(&a->max_id, &b->max_id, sizeof(a->max_id), f);
	same_mem(a->id, b->id, sizeof(int64_t) * (size_t)a->n, f);
	same_strs(a->code, b->code, a->n, f);
	if ((a->of_id == NULL) != (b->of_id == NULL))
		diffs++;
	else if (a->of_id)
		same_mem(a->of_id, b->of_id,
		         sizeof(int32_t) * (size_t)(a->max_id + 1), f);
}

static void same_engine(const engine *a, const engine *b)
{
	const eng_dict *da[] = {&a->org,     &a->year,     &a->term,
	                        &a->subject, &a->standard, &a->student,
	                        &a->staff,   &a->cls,      &a->ass,
	                        &a->item,    &a->iv,       &a->goal};
	const eng_dict *db[] = {&b->org,     &b->year,     &b->term,
	                        &b->subject, &b->standard, &b->student,
	                        &b->staff,   &b->cls,      &b->ass,
	                        &b->item,    &b->iv,       &b->goal};
	for (size_t k = 0; k < ARRAY_LEN(da); k++)
		same_dict(da[k], db[k], "dictionary");
	int32_t no = a->org.n, ns = a->student.n, na = a->ass.n, ni = a->item.n,
	        nc = a->cls.n;
	SAMES(org_name, no);
	SAME(org_parent, no);
	SAME(org_depth, no);
	SAME(org_level, no);
	SAME(org_school, no);
	SAMEV(nlevels);
	SAMES(level_name, a->nlevels);
	SAMEV(school_level);
	SAMEV(nschool);
	SAME(school_org, a->nschool);
	SAME(school_anc, a->nschool * a->nlevels);
	SAME(year_start, a->year.n);
	SAME(year_end, a->year.n);
	SAME(term_year, a->term.n);
	SAME(term_seq, a->term.n);
	SAME(term_is_window, a->term.n);
	SAME(term_start, a->term.n);
	SAME(term_end, a->term.n);
	SAMES(subject_name, a->subject.n);
	SAME(subject_core, a->subject.n);
	SAME(standard_subject, a->standard.n);
	SAME(standard_grade, a->standard.n);
	SAME(standard_parent, a->standard.n);
	SAMES(standard_desc, a->standard.n);
	SAME(st_gender, ns);
	SAME(st_birth, ns);
	SAME(st_ses, ns);
	SAME(st_sen, ns);
	SAME(st_lang, ns);
	SAME(st_social, ns);
	SAME(st_active, ns);
	SAMEV(home_language.n);
	SAMES(home_language.label, a->home_language.n);
	SAMEV(social_category.n);
	SAMES(social_category.label, a->social_category.n);
	SAME(staff_org, a->staff.n);
	SAMEV(npl);
	SAME(pl_off, ns + 1);
	SAME(pl_year, a->npl);
	SAME(pl_school, a->npl);
	SAME(pl_org, a->npl);
	SAME(pl_grade, a->npl);
	SAME(cls_org, nc);
	SAME(cls_school, nc);
	SAME(cls_year, nc);
	SAME(cls_grade, nc);
	SAME(cls_subject, nc);
	SAME(cls_lead, nc);
	SAMEV(nteach);
	SAME(teach_class, a->nteach);
	SAME(teach_staff, a->nteach);
	SAME(teach_lead, a->nteach);
	SAMEV(nenrol);
	SAME(en_off, nc + 1);
	SAME(en_student, a->nenrol);
	SAME(ens_off, ns + 1);
	SAME(ens_class, a->nenrol);
	SAMES(ass_name, na);
	SAME(ass_subject, na);
	SAME(ass_year, na);
	SAME(ass_term, na);
	SAME(ass_grade, na);
	SAME(ass_kind, na);
	SAME(ass_date, na);
	SAME(ass_max, na);
	SAME(ass_class, na);
	SAME(cut_off, na + 1);
	SAME(cut_min, a->cut_off[na]);
	SAMES(cut_band, a->cut_off[na]);
	SAME(ass_prof_cut, na);
	SAME(item_ass, ni);
	SAME(item_seq, ni);
	SAME(item_max, ni);
	SAME(item_standard, ni);
	SAME(item_dok, ni);
	SAME(items_off, na + 1);
	SAME(items_idx, ni);
	SAMEV(nres);
	SAME(res_off, na + 1);
	SAME(res_student, a->nres);
	SAME(res_score, a->nres);
	SAME(res_ass, a->nres);
	SAME(rs_off, ns + 1);
	SAME(rs_row, a->nres);
	SAMEV(nir);
	SAME(ir_off, ni + 1);
	SAME(ir_student, a->nir);
	SAME(ir_points, a->nir);
	SAMEV(natt);
	SAME(att_student, a->natt);
	SAME(att_year, a->natt);
	SAME(att_possible, a->natt);
	SAME(att_present, a->natt);
	SAME(att_absent, a->natt);
	SAME(att_excused, a->natt);
	SAME(att_late, a->natt);
	SAME(att_marks_off, a->natt + 1);
	SAME(att_marks, a->att_marks_off[a->natt]);
	SAMEV(nbeh);
	SAME(beh_off, ns + 1);
	SAME(beh_date, a->nbeh);
	SAME(beh_positive, a->nbeh);
	SAME(beh_category, a->nbeh);
	SAME(beh_points, a->nbeh);
	SAME(beh_serious, a->nbeh);
	SAME(beh_staff, a->nbeh);
	SAMES(beh_categories.label, a->beh_categories.n);
	SAMEV(natt_grade);
	SAMES(iv_name, a->iv.n);
	SAME(iv_org, a->iv.n);
	SAME(iv_subject, a->iv.n);
	SAME(iv_year, a->iv.n);
	SAME(iv_start, a->iv.n);
	SAME(iv_end, a->iv.n);
	SAME(iv_cost, a->iv.n);
	SAMEV(npart);
	SAME(part_off, a->iv.n + 1);
	SAME(part_student, a->npart);
	SAME(part_dosage, a->npart);
	SAMES(goal_title, a->goal.n);
	SAME(goal_org, a->goal.n);
	SAME(goal_metric, a->goal.n);
	SAME(goal_baseline, a->goal.n);
	SAME(goal_target, a->goal.n);
	SAME(goal_baseline_date, a->goal.n);
	SAME(goal_due, a->goal.n);
	SAME(goal_by_student, a->goal.n);
	SAMEV(nprof);
	SAME(prof_school, a->nprof);
	SAME(prof_rural, a->nprof);
	SAME(prof_water, a->nprof);
	SAME(prof_toilets_girls, a->nprof);
	SAME(prof_teachers, a->nprof);
	SAME(prof_classrooms, a->nprof);
	SAME(prof_ptr, a->nprof);
}

static void test_arrays_match_store(void **state)
{
	(void)state;
	const unsigned parts[] = {ENG_LOAD_ALL, ENG_LOAD_RESULTS, 0,
	                          ENG_LOAD_ITEMS | ENG_LOAD_ATTENDANCE,
	                          ENG_LOAD_BEHAVIOUR | ENG_LOAD_OTHER};
	for (size_t k = 0; k < ARRAY_LEN(parts); k++) {
		engine *loaded = load(parts[k]);
		engine *built = fixture_engine_build(parts[k]);
		assert_non_null(built);
		diffs = 0;
		same_engine(loaded, built);
		assert_int_equal(diffs, 0);
		engine_free(loaded);
		engine_free(built);
	}
	/* and the comparison sees a difference */
	engine *a = fixture_engine_build(ENG_LOAD_ALL);
	engine *b = fixture_engine_build(ENG_LOAD_ALL);
	b->res_score[3] += 1;
	b->org_name[1] = "District One";
	diffs = 0;
	quiet = 1;
	same_engine(a, b);
	quiet = 0;
	assert_int_equal(diffs, 2);
	engine_free(a);
	engine_free(b);
}

/* ---- the builders' rules ---- */

static void test_builder(void **state)
{
	(void)state;
	engine *g = NULL;
	att_err e;
	/* Nothing at all: an empty engine. */
	assert_int_equal(engine_build_end(engine_build_begin(), &g, &e),
	                 ATT_OK);
	assert_int_equal(g->org.n, 0);
	assert_int_equal(g->nres, 0);
	assert_int_equal(g->res_off[0], 0);
	engine_free(g);
	/* A table out of order. */
	eng_build *b = engine_build_begin();
	assert_int_equal(engine_build_table(b, ENG_T_YEAR, 1), ATT_OK);
	assert_int_equal(engine_build_table(b, ENG_T_ORG, 1), ATT_EUSAGE);
	assert_int_equal(engine_build_end(b, &g, &e), ATT_EUSAGE);
	assert_null(g);
	assert_non_null(strstr(e.msg, "org table begun out of order"));
	/* More rows than the table had room for. */
	b = engine_build_begin();
	engine_build_table(b, ENG_T_SUBJECT, 1);
	engine_add_subject(b, &(eng_subject_row){1, "M", "Maths", 1});
	engine_add_subject(b, &(eng_subject_row){2, "L", "Lang", 1});
	assert_int_equal(engine_build_end(b, &g, &e), ATT_EUSAGE);
	assert_non_null(strstr(e.msg, "more subject rows"));
	/* A row of another table than the one begun. */
	b = engine_build_begin();
	engine_build_table(b, ENG_T_YEAR, 1);
	engine_add_subject(b, &(eng_subject_row){1, "M", "Maths", 1});
	assert_int_equal(engine_build_end(b, &g, &e), ATT_EUSAGE);
	/* An org tree with a cycle. */
	b = engine_build_begin();
	engine_build_table(b, ENG_T_ORG, 2);
	engine_add_org(b, &(eng_org_row){1, "A", "A", 2, "x", 0});
	engine_add_org(b, &(eng_org_row){2, "B", "B", 1, "x", 0});
	assert_int_equal(engine_build_table(b, ENG_T_YEAR, 0), ATT_EINPUT);
	assert_int_equal(engine_build_end(b, &g, &e), ATT_EINPUT);
	assert_non_null(strstr(e.msg, "cycle"));
	/* References to nothing are -1; results come in any order and are
	 * grouped by assessment, keeping their order within it. */
	b = engine_build_begin();
	engine_build_table(b, ENG_T_SUBJECT, 1);
	engine_add_subject(b, &(eng_subject_row){5, "M", "Maths", 1});
	engine_build_table(b, ENG_T_STUDENT, 3);
	for (int k = 0; k < 3; k++)
		engine_add_student(b,
		                   &(eng_student_row){10 + k, "S", NULL, NULL,
		                                      -1, -1, NULL, NULL, 1});
	engine_build_table(b, ENG_T_ASSESSMENT, 2);
	engine_add_assessment(b, &(eng_assessment_row){1, "A1", "A1", 5, 99, -1,
	                                               4, NULL, "2024-01-10",
	                                               10, -1});
	engine_add_assessment(b, &(eng_assessment_row){2, "A2", "A2", 6, -1, -1,
	                                               -1, "diagnostic", NULL,
	                                               10, -1});
	eng_rows *r = engine_results_begin(b);
	const int64_t ass[] = {2, 1, 2, 1, 7}, st[] = {10, 10, 11, 12, 10};
	const double sc[] = {1, 2, 3, 4, 5};
	engine_rows_add(r, 5, ass, st, sc);
	engine_rows_end(r);
	assert_int_equal(engine_build_end(b, &g, &e), ATT_OK);
	assert_int_equal(g->ass_subject[0], 0);
	assert_int_equal(g->ass_subject[1], -1); /* no subject 6 */
	assert_int_equal(g->ass_year[0], -1);    /* no year 99 */
	assert_int_equal(g->ass_kind[0], ENG_KIND_SUMMATIVE);
	assert_int_equal(g->ass_kind[1], ENG_KIND_DIAGNOSTIC);
	assert_int_equal(g->ass_date[1], -1);
	assert_int_equal(g->nres, 4); /* the row of assessment 7 skipped */
	assert_true(g->res_score[0] == 2 && g->res_score[1] == 4);
	assert_true(g->res_score[2] == 1 && g->res_score[3] == 3);
	assert_int_equal(g->res_ass[3], 1);
	assert_int_equal(g->rs_off[1], 2); /* student 10: two results */
	assert_true(engine_score(g, 1, 1) == 3);
	engine_free(g);
	engine_build_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dicts_and_tree),
	    cmocka_unit_test(test_results_and_lookups),
	    cmocka_unit_test(test_items_attendance_other),
	    cmocka_unit_test(test_partial_load),
	    cmocka_unit_test(test_arrays_match_store),
	    cmocka_unit_test(test_builder),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
