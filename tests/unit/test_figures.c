/*
 * test_figures.c - the catalogue of figures and its one reader: every
 * figure declared once with a unique key and a consistent interval; the
 * shown value rounded one way; docs/FIGURES.md generated from the
 * catalogue; store_figures_units reading each figure from its derived
 * table, checked against the same figures computed by hand from the rows
 * the fixture inserts; and the mastery of learning outcomes
 * (store_figures_mastery) of students, a class and schools: the items
 * analysis's mastery (an_mastery_year) of the fixture's items and
 * responses, read back, against the points summed by hand; and a unit's
 * mastery relative to its area (sf_mastery_rel) against the difference
 * and its standard error computed from the students' values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "an_mastery.h"
#include "engine_load.h"
#include "figures.h"
#include "store.h"
#include "store_figures.h"
#include "testutil.h"

static void test_catalogue(void **state)
{
	(void)state;
	for (int i = FIG_NONE + 1; i < FIG_COUNT; i++) {
		const fig_def *d = fig_get((fig_id)i);
		assert_non_null(d);
		assert_int_equal(d->id, i);
		assert_true(d->key && *d->key && d->label && *d->label);
		assert_true(d->help && *d->help && d->formula && *d->formula);
		assert_true(d->source && *d->source);
		assert_ptr_equal(fig_by_key(d->key), d);
		/* an interval is two figures of the same unit and population */
		assert_true((d->lo == FIG_NONE) == (d->hi == FIG_NONE));
		if (d->lo != FIG_NONE) {
			assert_int_equal(fig_get(d->lo)->unit, d->unit);
			assert_int_equal(fig_get(d->hi)->unit, d->unit);
			assert_int_equal(fig_get(d->lo)->pop, d->pop);
		}
		/* an aggregate of people is suppressed; a count of units not */
		if (d->pop == FIG_POP_STUDENTS || d->pop == FIG_POP_RESULTS)
			assert_int_equal(d->supp, FIG_SUPP_CELL);
		for (int j = FIG_NONE + 1; j < i; j++)
			assert_string_not_equal(fig_get((fig_id)j)->key,
			                        d->key);
	}
	assert_null(fig_get(FIG_NONE));
	assert_null(fig_get(FIG_COUNT));
	assert_null(fig_by_key("no such figure"));
}

static const char *shown(fig_id id, double v, const char *lang)
{
	static buf b;
	buf_free(&b);
	buf_init(&b);
	fig_format(id, v, lang, &b);
	return b.data ? b.data : "";
}

static void test_format(void **state)
{
	(void)state;
	assert_string_equal(shown(FIG_MEAN_PCT, 46.2995, "en"), "46.3%");
	assert_string_equal(shown(FIG_MEAN_PCT, 46.25, "en"), "46.3%");
	assert_string_equal(shown(FIG_VA, -0.125, "en"), "-0.13");
	assert_string_equal(shown(FIG_VA, 0.0304, "en"), "+0.03");
	assert_string_equal(shown(FIG_VA, 0.004, "en"), "0.00");
	assert_string_equal(shown(FIG_STUDENTS, 1234567, "en"), "1,234,567");
	assert_string_equal(shown(FIG_STUDENTS, 1234567, "hi"), "12,34,567");
	assert_string_equal(shown(FIG_STUDENTS, NAN, "en"), "");
	assert_true(fig_round(FIG_MEAN_PCT, 45.55) == 45.6);
	assert_true(fig_round(FIG_VA, -0.105) == -0.11 ||
	            fig_round(FIG_VA, -0.105) == -0.1);
	assert_true(isnan(fig_round(FIG_VA, NAN)));
	assert_string_equal(shown(FIG_MASTERY_PCT, 200.0 / 3, "en"), "66.7%");
	assert_string_equal(shown(FIG_MASTERY_POINTS, 3, "en"), "3");
}

/* docs/FIGURES.md is the catalogue: the committed file equals what
 * fig_markdown makes (regenerate with `attain figures --markdown`). */
static void test_markdown(void **state)
{
	(void)state;
	const char *root = getenv("ATTAIN_ROOT");
	if (!root)
		skip();
	char path[1024];
	snprintf(path, sizeof(path), "%s/docs/FIGURES.md", root);
	att_err e;
	err_clear(&e);
	size_t len = 0;
	char *doc = file_read_alloc(path, &len, &e);
	assert_non_null(doc);
	buf b;
	buf_init(&b);
	fig_markdown(&b);
	assert_string_equal(doc, b.data);
	buf_free(&b);
	free(doc);
}

/* ---- the reader, on hand-made derived rows ---- */

static const char *fixture_sql =
    "INSERT INTO org_level VALUES (0,'state'),(1,'district'),(2,'school');"
    "INSERT INTO org(id,code,name,parent_id,level,is_school) VALUES"
    " (1,'ST','State',NULL,'state',0),(2,'D1','District',1,'district',0),"
    " (3,'S1','Alpha School',2,'school',1),(4,'S2','Beta School',2,"
    "'school',1);"
    "INSERT INTO academic_year VALUES (1,'Y1','2025-26','2025-06-01',"
    "'2026-03-31');"
    "INSERT INTO subject VALUES (1,'M','Maths',1),(2,'E','English',1);"
    "INSERT INTO assessment(id,code,name,subject_id,year_id,kind,max_score)"
    " VALUES (1,'A1','Maths end',1,1,'summative',50),"
    " (2,'A2','English end',2,1,'summative',80),"
    " (3,'A3','Maths mid',1,1,'formative',50);"
    "INSERT INTO analysis_run(id,started_at,data_version,analyses,params,"
    "status) VALUES (1,'2026-01-01T00:00:00Z',1,'all','{}','done');"
    /* results: S1 has 20 maths (mean 40%) and 10 English (70%), S2 5
     * maths (60%) and 15 English (50%); 9 of S1's maths results are girls'
     */
    "INSERT INTO unit_result(run_id,org_id,year_id,subject_id,grade,"
    "subgroup,n,n_cut,n_prof,sum_pct,sumsq_pct) VALUES"
    " (1,3,1,NULL,NULL,'all',30,30,14,1500,0),"
    " (1,3,1,1,NULL,'all',20,20,6,800,0),"
    " (1,3,1,2,NULL,'all',10,10,8,700,0),"
    " (1,3,1,1,NULL,'gender:F',9,9,1,90,0),"
    " (1,4,1,NULL,NULL,'all',20,20,5,1050,0),"
    " (1,4,1,1,NULL,'all',5,5,2,300,0),"
    " (1,4,1,2,NULL,'all',15,15,3,750,0);"
    "INSERT INTO unit_stat VALUES (1,3,NULL,1,NULL,25,1,2,4000,4500),"
    " (1,3,NULL,1,5,14,0,0,2200,2500),"
    " (1,4,NULL,1,NULL,18,1,1,2900,3000),(1,2,NULL,1,NULL,43,2,3,6900,"
    "7500);"
    "INSERT INTO va_group(run_id,model,group_kind,level,org_id,subject_id,"
    "year_id,n,va,se,lo,hi) VALUES"
    " (1,'regression','org','school',3,NULL,1,22,-0.12,0.05,-0.22,-0.02),"
    " (1,'prior_band','org','school',3,NULL,1,22,-0.30,0.05,-0.4,-0.2),"
    " (1,'regression','org','school',3,1,1,20,-0.25,0.07,-0.39,-0.11);"
    "INSERT INTO ews_summary VALUES (1,1,'school',3,25,6,2,1,1);"
    /* two students of a maths class of S1: results, attendance (8 days:
     * P P A L E P P P, so 6 present of 8), behaviour, a flag */
    "INSERT INTO student(id,code,given_name,family_name) VALUES"
    " (10,'ST10','Asha','Rao'),(11,'ST11','Babu','Das');"
    "INSERT INTO class(id,code,name,org_id,year_id,grade,subject_id)"
    " VALUES (1,'C1','5A Maths',3,1,5,1);"
    "INSERT INTO enrolment(class_id,student_id) VALUES (1,10),(1,11);"
    "INSERT INTO result(student_id,assessment_id,score) VALUES"
    " (10,1,20),(10,2,40),(10,3,50),(11,1,45);"
    "INSERT INTO attendance VALUES (10,1,X'11421311');"
    "INSERT INTO behaviour_event(student_id,date,kind,category) VALUES"
    " (10,'2025-07-01','negative','c'),(10,'2025-08-01','negative','c'),"
    " (10,'2025-08-02','positive','c'),(10,'2024-08-01','negative','c');"
    "INSERT INTO ews_flag(run_id,student_id,year_id,org_id,overall,"
    "attendance,behaviour,course,progress,conduct,serious,low_subjects,"
    "codes) VALUES (1,10,1,3,2,2,0,0,0,2,0,0,'');"
    "INSERT INTO growth_median VALUES (1,'annual',1,1,'org','school',3,NULL,"
    "19,42.0),(1,'within_year',1,1,'org','school',3,NULL,19,60.0);"
    /* the class as a unit: two students, their maths results 20/50 and
     * 45/50 (sum of percents 130), ST10's 6 of 8 days */
    "INSERT INTO unit_stat VALUES (1,NULL,1,1,NULL,2,0,0,6,8);"
    "INSERT INTO unit_result(run_id,class_id,year_id,subject_id,grade,"
    "subgroup,n,n_cut,n_prof,sum_pct,sumsq_pct) VALUES"
    " (1,1,1,NULL,NULL,'all',2,2,1,130,0);"
    /* learning outcomes: items of the maths end test (A1), the maths mid
     * test (A3, formative: it counts too), the English test (A2) and a
     * maths test of the next year (A4); responses below (mastery_*) */
    "INSERT INTO academic_year VALUES (2,'Y2','2026-27','2026-06-01',"
    "'2027-03-31');"
    "INSERT INTO assessment(id,code,name,subject_id,year_id,kind,max_score)"
    " VALUES (4,'A4','Maths next',1,2,'summative',50);"
    "INSERT INTO standard(id,code,subject_id,grade,description) VALUES"
    " (1,'M5.1',1,5,'Fractions'),(2,'M5.2',1,5,'Decimals'),"
    " (3,'E5.1',2,5,'Reading');"
    "INSERT INTO placement(student_id,year_id,org_id,grade) VALUES"
    " (10,1,3,5),(11,1,3,5);";

/* The fixture's items and responses, for mastery computed by hand. */
typedef struct m_item {
	int id, ass, std;
	double max;
} m_item;
static const m_item m_items[] = {{1, 1, 1, 2}, {2, 1, 1, 3}, {3, 1, 2, 1},
                                 {4, 3, 1, 5}, {5, 2, 3, 4}, {6, 4, 1, 4}};
typedef struct m_resp {
	int student, item;
	double points;
} m_resp;
/* ST11 has no response to items 3 and 4: they are left out of its
 * mastery, not counted as 0 */
static const m_resp m_resps[] = {{10, 1, 2}, {10, 2, 1}, {10, 3, 0},
                                 {10, 4, 5}, {10, 5, 3}, {10, 6, 1},
                                 {11, 1, 0}, {11, 2, 3}};
static const int m_ass_year[] = {0, 1, 1, 1, 2};
static const int m_ass_subject[] = {0, 1, 2, 1, 1};
static const char *const m_std_code[] = {"", "M5.1", "M5.2", "E5.1"};
/* the evidence minimum the fixture is analysed with (items.min_evidence):
 * ST10's 1 point on M5.2 falls below it, its 4 on E5.1 do not */
#define M_MIN_EV 4.0
#define NM_ITEMS ((int)(sizeof(m_items) / sizeof(m_items[0])))
#define NM_RESPS ((int)(sizeof(m_resps) / sizeof(m_resps[0])))

/* Mastery by hand: the student's points over the points available of
 * the outcome's items they answered, in the year and (subject 0: any)
 * subject; 0 when they answered none. */
static int m_by_hand(int student, int year, int subject, int std, double *pct,
                     double *points)
{
	double p = 0, mx = 0;
	int any = 0;
	for (int r = 0; r < NM_RESPS; r++) {
		if (m_resps[r].student != student)
			continue;
		const m_item *it = &m_items[m_resps[r].item - 1];
		if (it->std != std || m_ass_year[it->ass] != year ||
		    (subject && m_ass_subject[it->ass] != subject))
			continue;
		p += m_resps[r].points;
		mx += it->max;
		any = 1;
	}
	*pct = any ? 100 * p / mx : NAN;
	*points = mx;
	return any;
}

static void m_insert(sqlite3 *db)
{
	char sql[256];
	for (int i = 0; i < NM_ITEMS; i++) {
		snprintf(
		    sql, sizeof(sql),
		    "INSERT INTO item(id,assessment_id,code,seq,max_points,"
		    "standard_id) VALUES (%d,%d,'I%d',%d,%g,%d)",
		    m_items[i].id, m_items[i].ass, m_items[i].id, m_items[i].id,
		    m_items[i].max, m_items[i].std);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		                 SQLITE_OK);
	}
	for (int r = 0; r < NM_RESPS; r++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO item_response VALUES (%d,%d,%g)",
		         m_resps[r].item, m_resps[r].student,
		         m_resps[r].points);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		                 SQLITE_OK);
	}
}

/* The items analysis's mastery of the fixture (an_mastery_year over the
 * engine loaded from it), written into mastery_year and mastery_unit of
 * run 1 as run_items writes them. */
static void m_analyse(const char *path)
{
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	engine *g = NULL;
	assert_int_equal(engine_load_alloc(s, ENG_LOAD_ITEMS, &g, &e), ATT_OK);
	store_close(s);
	mastery_year_out m;
	an_mastery_year(g, SF_MASTERY_CUT / 100, M_MIN_EV, &m);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char sql[256];
	for (int64_t i = 0; i < m.nst; i++) {
		const mastery_yr *x = &m.st[i];
		snprintf(sql, sizeof(sql),
		         "INSERT INTO mastery_year VALUES (1,%lld,%lld,%lld,"
		         "%.17g,%.17g,%d,%d,%d,%d)",
		         (long long)g->student.id[x->student],
		         (long long)g->year.id[x->year],
		         (long long)g->standard.id[x->standard], x->points,
		         x->max, x->items, x->assessments, x->enough,
		         x->mastered);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		                 SQLITE_OK);
	}
	for (int64_t i = 0; i < m.nun; i++) {
		const mastery_un *x = &m.un[i];
		snprintf(sql, sizeof(sql),
		         "INSERT INTO mastery_unit VALUES (1,%lld,%lld,%lld,"
		         "%lld,%lld,%.17g,%.17g)",
		         (long long)g->org.id[x->org],
		         (long long)g->year.id[x->year],
		         (long long)g->standard.id[x->standard],
		         (long long)x->n, (long long)x->n_mastered, x->sum,
		         x->sumsq);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		                 SQLITE_OK);
	}
	sqlite3_close(db);
	an_mastery_free(&m);
	engine_free(g);
}

static store *open_fixture(char *path, size_t n)
{
	tmp_path(path, n, "figures.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	store_close(s);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, fixture_sql, NULL, NULL, &msg);
	if (rc)
		fprintf(stderr, "fixture: %s\n", msg);
	sqlite3_free(msg);
	if (!rc)
		m_insert(db);
	sqlite3_close(db);
	assert_int_equal(rc, SQLITE_OK);
	m_analyse(path);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	return s;
}

static int unit_of(const sf_table *t, const char *code)
{
	for (int u = 0; u < t->nunits; u++)
		if (strcmp(t->units[u].code, code) == 0)
			return u;
	return -1;
}

static void test_reader(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path));
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	const fig_id figs[] = {FIG_STUDENTS,    FIG_SCHOOLS,    FIG_RESULTS,
	                       FIG_MEAN_PCT,    FIG_PROFICIENT, FIG_ATTENDANCE,
	                       FIG_VA,          FIG_VA_LO,      FIG_VA_HI,
	                       FIG_EWS_FLAGGED, FIG_EWS_RISK,   FIG_MEDIAN_SGP};
	enum { STU, SCH, RES, MEAN, PROF, ATT, VA, LO, HI, EWS, RISK, SGP };
	int nf = (int)(sizeof(figs) / sizeof(figs[0]));
	const sf_filter all = {1, 0, -1, NULL, 0}, maths = {1, 1, -1, "all", 0};
	sf_table t;
	assert_int_equal(
	    store_figures_units(s, SF_SCHOOLS, 1, &all, figs, nf, &a, &t, &e),
	    ATT_OK);
	assert_int_equal(t.nunits, 2);
	int s1 = unit_of(&t, "S1"), s2 = unit_of(&t, "S2");
	assert_true(s1 == 0 && s2 == 1); /* by name: Alpha, Beta */
	/* by hand: S1 results 20 + 10, mean (20*40 + 10*70)/30 = 50,
	 * proficient 100 * (20*.3 + 10*.8)/30 = 46.67; attendance 4000/4500 */
	assert_int_equal((int64_t)sf_v(&t, s1, RES), 30);
	assert_true(fabs(sf_v(&t, s1, MEAN) - 50.0) < 1e-9);
	assert_true(fabs(sf_v(&t, s1, PROF) - 1400.0 / 30) < 1e-9);
	assert_int_equal(sf_n(&t, s1, MEAN), 30);
	assert_true(fabs(sf_v(&t, s1, ATT) - 100.0 * 4000 / 4500) < 1e-9);
	assert_int_equal(sf_n(&t, s1, ATT), 4500);
	assert_int_equal((int64_t)sf_v(&t, s1, STU), 25);
	assert_int_equal((int64_t)sf_v(&t, s1, SCH), 1);
	/* the regression model over all subjects, not prior_band or maths */
	assert_true(fabs(sf_v(&t, s1, VA) + 0.12) < 1e-12);
	assert_true(fabs(sf_v(&t, s1, LO) + 0.22) < 1e-12);
	assert_true(fabs(sf_v(&t, s1, HI) + 0.02) < 1e-12);
	assert_int_equal(sf_n(&t, s1, VA), 22);
	assert_int_equal((int64_t)sf_v(&t, s1, EWS), 8);
	assert_int_equal((int64_t)sf_v(&t, s1, RISK), 2);
	assert_int_equal(sf_n(&t, s1, EWS), 25);
	/* a median SGP is of one subject: absent over all subjects */
	assert_true(isnan(sf_v(&t, s1, SGP)));
	/* S2: no VA, no early warning rows: absent, not zero */
	assert_true(fabs(sf_v(&t, s2, MEAN) - (5 * 60.0 + 15 * 50.0) / 20) <
	            1e-9);
	assert_true(isnan(sf_v(&t, s2, VA)) && sf_n(&t, s2, VA) == 0);
	assert_true(isnan(sf_v(&t, s2, EWS)));

	/* one subject: maths only */
	assert_int_equal(
	    store_figures_units(s, SF_ORG, 3, &maths, figs, nf, &a, &t, &e),
	    ATT_OK);
	assert_int_equal(t.nunits, 1);
	assert_true(fabs(sf_v(&t, 0, MEAN) - 40.0) < 1e-9);
	assert_true(fabs(sf_v(&t, 0, VA) + 0.25) < 1e-12);
	assert_true(fabs(sf_v(&t, 0, SGP) - 42.0) < 1e-12);

	/* one grade: the grade's row of unit_stat; a group of students:
	 * desc_stat's subgroup rows, and no students count (unit_stat has no
	 * groups) */
	const sf_filter g5 = {1, 0, 5, NULL, 0},
	                girls = {1, 1, -1, "gender:F", 0};
	assert_int_equal(
	    store_figures_units(s, SF_ORG, 3, &g5, figs, nf, &a, &t, &e),
	    ATT_OK);
	assert_int_equal((int64_t)sf_v(&t, 0, STU), 14);
	assert_true(isnan(sf_v(&t, 0, MEAN))); /* no grade-5 desc rows */
	assert_true(isnan(sf_v(&t, 0, VA)));
	assert_int_equal(
	    store_figures_units(s, SF_ORG, 3, &girls, figs, nf, &a, &t, &e),
	    ATT_OK);
	assert_true(fabs(sf_v(&t, 0, MEAN) - 10.0) < 1e-9);
	assert_int_equal(sf_n(&t, 0, MEAN), 9);
	assert_true(isnan(sf_v(&t, 0, STU)));

	/* children of the state: the district, with its own unit_stat row */
	assert_int_equal(
	    store_figures_units(s, SF_CHILDREN, 1, &all, figs, nf, &a, &t, &e),
	    ATT_OK);
	assert_int_equal(t.nunits, 1);
	assert_string_equal(t.units[0].code, "D1");
	assert_int_equal((int64_t)sf_v(&t, 0, STU), 43);
	assert_true(isnan(sf_v(&t, 0, MEAN))); /* no desc row of its own */

	/* an unknown figure is an input error */
	fig_id bad = FIG_COUNT;
	assert_int_equal(
	    store_figures_units(s, SF_ORG, 3, &all, &bad, 1, &a, &t, &e),
	    ATT_EINPUT);
	arena_free(&a);
	store_close(s);
	unlink(path);
}

/* Students: the same definitions on one student's own rows, by hand:
 * ST10's summative results 20/50 and 40/80 (the formative 50/50 does not
 * count): mean (40 + 50) / 2 = 45, maths alone 40; 6 of 8 days present;
 * two negative events in the year (one positive, one the year before). */
static void test_students(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path));
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	const fig_id figs[] = {FIG_RESULTS,   FIG_MEAN_PCT, FIG_ATTENDANCE,
	                       FIG_INCIDENTS, FIG_SGP,      FIG_EWS_FLAGGED,
	                       FIG_EWS_RISK,  FIG_VA};
	const sf_filter all = {1, 0, -1, NULL, 0}, maths = {1, 1, -1, NULL, 0};
	sf_table t;
	assert_int_equal(store_figures_students(s, SF_CLASS_STUDENTS, 1, &all,
	                                        figs, 8, &a, &t, &e),
	                 ATT_OK);
	assert_int_equal(t.nunits, 2);
	int a10 = strcmp(t.units[0].code, "ST10") == 0 ? 0 : 1, b11 = 1 - a10;
	assert_string_equal(t.units[b11].name, "Babu Das");
	assert_int_equal((int64_t)sf_v(&t, a10, 0), 2);
	assert_true(fabs(sf_v(&t, a10, 1) - 45.0) < 1e-9);
	assert_true(fabs(sf_v(&t, a10, 2) - 75.0) < 1e-9);
	assert_int_equal(sf_n(&t, a10, 2), 8);
	assert_int_equal((int64_t)sf_v(&t, a10, 3), 2);
	assert_true(isnan(sf_v(&t, a10, 4))); /* no growth row */
	assert_true(sf_v(&t, a10, 5) == 1 && sf_v(&t, a10, 6) == 1);
	assert_true(isnan(sf_v(&t, a10, 7))); /* not a student figure */
	/* ST11: 45/50 = 90%; no attendance record; no events: 0, not absent;
	 * not flagged */
	assert_true(fabs(sf_v(&t, b11, 1) - 90.0) < 1e-9);
	assert_true(isnan(sf_v(&t, b11, 2)));
	assert_int_equal((int64_t)sf_v(&t, b11, 3), 0);
	assert_true(isnan(sf_v(&t, b11, 5)));
	assert_int_equal(store_figures_students(s, SF_STUDENT, 10, &maths, figs,
	                                        2, &a, &t, &e),
	                 ATT_OK);
	assert_int_equal(t.nunits, 1);
	assert_true(fabs(sf_v(&t, 0, 1) - 40.0) < 1e-9);
	arena_free(&a);
	store_close(s);
	unlink(path);
}

/* A class as a unit (SF_CLASS, what the class page and the class
 * planning sheet read): the same values as its row among its school's
 * classes (SF_CLASSES), and its mean score the mean of its students'
 * results in its subject computed another way, from the students' own
 * figures weighted by their results: (20/50 + 45/50) / 2 = 65%. */
static void test_class(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path));
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	const fig_id figs[] = {FIG_STUDENTS, FIG_RESULTS, FIG_MEAN_PCT,
	                       FIG_ATTENDANCE, FIG_EWS_FLAGGED};
	const sf_filter all = {1, 0, -1, NULL, 0}, maths = {1, 1, -1, NULL, 0};
	sf_table one, cls, st;
	assert_int_equal(
	    store_figures_units(s, SF_CLASS, 1, &all, figs, 5, &a, &one, &e),
	    ATT_OK);
	assert_int_equal(one.nunits, 1);
	assert_string_equal(one.units[0].code, "C1");
	assert_string_equal(one.units[0].level, "class");
	assert_string_equal(one.units[0].subject, "Maths");
	assert_int_equal((int64_t)sf_v(&one, 0, 0), 2);
	assert_int_equal((int64_t)sf_v(&one, 0, 1), 2);
	assert_true(fabs(sf_v(&one, 0, 2) - 65.0) < 1e-9);
	assert_true(fabs(sf_v(&one, 0, 3) - 75.0) < 1e-9);
	assert_int_equal((int64_t)sf_v(&one, 0, 4), 1);
	assert_int_equal(
	    store_figures_units(s, SF_CLASSES, 3, &all, figs, 5, &a, &cls, &e),
	    ATT_OK);
	int c1 = unit_of(&cls, "C1");
	assert_true(c1 >= 0);
	for (int f = 0; f < 5; f++)
		assert_true(sf_v(&cls, c1, f) == sf_v(&one, 0, f));
	/* the students' means in the class's subject, weighted by their
	 * results, make the class's mean */
	const fig_id sf[] = {FIG_RESULTS, FIG_MEAN_PCT};
	assert_int_equal(store_figures_students(s, SF_CLASS_STUDENTS, 1, &maths,
	                                        sf, 2, &a, &st, &e),
	                 ATT_OK);
	double sum = 0, n = 0;
	for (int u = 0; u < st.nunits; u++) {
		sum += sf_v(&st, u, 0) * sf_v(&st, u, 1);
		n += sf_v(&st, u, 0);
	}
	assert_true(n == 2 && fabs(sum / n - sf_v(&one, 0, 2)) < 1e-9);
	/* the class in a year it does not belong to: no unit */
	const sf_filter other = {2, 0, -1, NULL, 0};
	assert_int_equal(
	    store_figures_units(s, SF_CLASS, 1, &other, figs, 5, &a, &one, &e),
	    ATT_OK);
	assert_int_equal(one.nunits, 0);
	arena_free(&a);
	store_close(s);
	unlink(path);
}

/* The standard of a mastery row, by its code. */
static int m_std_of(const rowset *m, int i)
{
	for (int k = 1; k < 4; k++)
		if (strcmp(rows_text(m, i, "standard"), m_std_code[k]) == 0)
			return k;
	return 0;
}

/* A student's mastery (every year, and one year) and a class's students'
 * (the class's year and subject only) equal the points summed by hand
 * from the fixture's arrays; every outcome answered has its row. */
static void test_mastery_students(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path));
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	rowset m;
	assert_int_equal(
	    store_figures_mastery(s, SF_M_STUDENT, 10, 0, &a, &m, &e), ATT_OK);
	int want = 0;
	for (int y = 1; y <= 2; y++)
		for (int k = 1; k < 4; k++) {
			double p, n;
			want += m_by_hand(10, y, 0, k, &p, &n);
		}
	assert_int_equal(m.nrow, want);
	assert_int_equal(want, 4);
	for (int i = 0; i < m.nrow; i++) {
		double p, n;
		assert_true(m_by_hand(10, (int)rows_int(&m, i, "year_id"), 0,
		                      m_std_of(&m, i), &p, &n));
		assert_true(rows_num(&m, i, "mastery_points") == n);
		assert_true(rows_int(&m, i, "mastery_items") >= 1);
		assert_true(rows_int(&m, i, "mastery_assessments") >= 1);
		if (n < M_MIN_EV) {
			/* too little evidence: no number, the evidence kept */
			assert_true(rows_null(&m, i, "mastery_pct"));
			assert_true(rows_null(&m, i, "mastery_share"));
			assert_int_equal(rows_int(&m, i, "enough"), 0);
			continue;
		}
		assert_int_equal(rows_int(&m, i, "enough"), 1);
		assert_true(fabs(rows_num(&m, i, "mastery_pct") - p) < 1e-9);
		assert_true(rows_num(&m, i, "mastery_share") ==
		            (p >= SF_MASTERY_CUT ? 100 : 0));
		assert_true(rows_null(&m, i, "mastery_students"));
		assert_string_equal(rows_text(&m, i, "code"), "ST10");
	}
	/* the first row: Maths (by subject name after English), M5.1 in Y1:
	 * (2 + 1 + 5) / (2 + 3 + 5) */
	assert_int_equal(
	    store_figures_mastery(s, SF_M_STUDENT, 10, 1, &a, &m, &e), ATT_OK);
	assert_int_equal(m.nrow, 3);
	assert_string_equal(rows_text(&m, 0, "standard"), "E5.1");
	assert_string_equal(rows_text(&m, 1, "standard"), "M5.1");
	assert_true(fabs(rows_num(&m, 1, "mastery_pct") - 80.0) < 1e-9);
	/* M5.1 in Y1 rests on items 1, 2 (A1) and 4 (A3) */
	assert_int_equal(rows_int(&m, 1, "mastery_items"), 3);
	assert_int_equal(rows_int(&m, 1, "mastery_assessments"), 2);
	/* the class (maths, Y1): English is not the class's subject; ST11's
	 * unanswered items are left out: 3 of 5 = 60%, mastered */
	assert_int_equal(
	    store_figures_mastery(s, SF_M_CLASS_STUDENTS, 1, 0, &a, &m, &e),
	    ATT_OK);
	int rows = 0;
	for (int st = 10; st <= 11; st++)
		for (int k = 1; k < 4; k++) {
			double p, n;
			rows += m_by_hand(st, 1, 1, k, &p, &n);
		}
	assert_int_equal(m.nrow, rows);
	for (int i = 0; i < m.nrow; i++) {
		double p, n;
		int st =
		    strcmp(rows_text(&m, i, "code"), "ST10") == 0 ? 10 : 11;
		assert_true(m_by_hand(st, 1, 1, m_std_of(&m, i), &p, &n));
		if (n >= M_MIN_EV)
			assert_true(fabs(rows_num(&m, i, "mastery_pct") - p) <
			            1e-9);
		else
			assert_true(rows_null(&m, i, "mastery_pct"));
		assert_true(rows_num(&m, i, "mastery_points") == n);
		assert_int_not_equal(m_std_of(&m, i), 3);
		if (st == 11)
			assert_true(rows_num(&m, i, "mastery_share") == 100);
	}
	/* students are ordered by family name: Das before Rao */
	assert_string_equal(rows_text(&m, 0, "code"), "ST11");
	arena_free(&a);
	store_close(s);
	unlink(path);
}

/* A unit's mastery (a class; the schools under an org) is the mean of
 * its students' computed by hand, over the students who answered; the
 * share mastered counts them at the cut. */
static void test_mastery_units(void **state)
{
	(void)state;
	char path[256];
	store *s = open_fixture(path, sizeof(path));
	arena a;
	arena_init(&a);
	att_err e;
	err_clear(&e);
	static const struct {
		sf_mastery which;
		int64_t id;
		int subject;
		const char *unit;
	} cases[] = {{SF_M_CLASS, 1, 1, "C1"}, {SF_M_SCHOOLS, 2, 0, "S1"}};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		rowset m;
		assert_int_equal(store_figures_mastery(s, cases[c].which,
		                                       cases[c].id, 1, &a, &m,
		                                       &e),
		                 ATT_OK);
		int want = 0;
		for (int k = 1; k < 4; k++) {
			double sum = 0, n = 0, nm = 0;
			for (int st = 10; st <= 11; st++) {
				double p, pts;
				if (!m_by_hand(st, 1, cases[c].subject, k, &p,
				               &pts))
					continue;
				sum += p; /* thin evidence counts for a unit */
				n++;
				nm += p >= SF_MASTERY_CUT;
			}
			if (n == 0)
				continue;
			int i = 0;
			while (i < m.nrow && m_std_of(&m, i) != k)
				i++;
			want++;
			assert_true(i < m.nrow);
			assert_string_equal(rows_text(&m, i, "code"),
			                    cases[c].unit);
			assert_true(fabs(rows_num(&m, i, "mastery_pct") -
			                 sum / n) < 1e-9);
			assert_int_equal(rows_int(&m, i, "mastery_students"),
			                 (int64_t)n);
			assert_true(fabs(rows_num(&m, i, "mastery_share") -
			                 100 * nm / n) < 1e-9);
			assert_true(rows_null(&m, i, "mastery_points"));
		}
		assert_int_equal(m.nrow, want);
	}
	/* the class's outcomes weakest first: M5.2 (ST10's 0 of 1: too
	 * little evidence for ST10's own number, but the class's mean
	 * counts it), then M5.1, (80 + 60) / 2 */
	rowset m;
	assert_int_equal(store_figures_mastery(s, SF_M_CLASS, 1, 0, &a, &m, &e),
	                 ATT_OK);
	assert_int_equal(m.nrow, 2);
	assert_string_equal(rows_text(&m, 0, "standard"), "M5.2");
	assert_true(rows_num(&m, 0, "mastery_pct") == 0);
	assert_true(fabs(rows_num(&m, 1, "mastery_pct") - 70.0) < 1e-9);
	/* the state's one child holds all its students: no difference, and
	 * no interval (no rest of the area to compare with) */
	assert_int_equal(
	    store_figures_mastery(s, SF_M_CHILDREN, 1, 1, &a, &m, &e), ATT_OK);
	assert_true(m.nrow >= 1);
	for (int i = 0; i < m.nrow; i++) {
		assert_string_equal(rows_text(&m, i, "code"), "D1");
		assert_true(fabs(rows_num(&m, i, "mastery_rel")) < 1e-9);
		assert_true(rows_null(&m, i, "mastery_rel_lo"));
	}
	assert_int_equal(
	    store_figures_mastery(s, (sf_mastery)9, 1, 0, &a, &m, &e),
	    ATT_EINPUT);
	arena_free(&a);
	store_close(s);
	unlink(path);
}

/* Mean and sample variance of x[0..n), two passes. */
static void mean_var(const double *x, int n, double *mean, double *var)
{
	double m = 0, v = 0;
	for (int i = 0; i < n; i++)
		m += x[i];
	m /= n;
	for (int i = 0; i < n; i++)
		v += (x[i] - m) * (x[i] - m);
	*mean = m;
	*var = v / (n - 1);
}

/* A unit's mastery relative to its area from the sums (sf_mastery_rel)
 * against the students' values: the unit's mean minus the area's mean,
 * which is (n_r / n_a) times the unit's mean minus the rest's, and the
 * standard error of that from the two groups' own variances. */
static void test_mastery_rel(void **state)
{
	(void)state;
	static const double u[] = {20, 35, 50, 40, 25, 30};
	static const double rest[] = {70, 80, 65, 90, 55, 75, 85, 60};
	int nu = 6, nr = 8, na = nu + nr;
	double all[14], su = 0, qu = 0, sa = 0, qa = 0;
	for (int i = 0; i < na; i++) {
		all[i] = i < nu ? u[i] : rest[i - nu];
		sa += all[i];
		qa += all[i] * all[i];
		if (i < nu) {
			su += all[i];
			qu += all[i] * all[i];
		}
	}
	double mu, vu, mr, vr, ma, va;
	mean_var(u, nu, &mu, &vu);
	mean_var(rest, nr, &mr, &vr);
	mean_var(all, na, &ma, &va);
	double d = mu - ma;
	assert_true(fabs(d - (double)nr / na * (mu - mr)) < 1e-9);
	double se = (double)nr / na * sqrt(vu / nu + vr / nr);
	double out[3];
	sf_mastery_rel(nu, su, qu, na, sa, qa, out);
	assert_true(fabs(out[0] - d) < 1e-9);
	assert_true(fabs(out[1] - (d - 1.96 * se)) < 1e-9);
	assert_true(fabs(out[2] - (d + 1.96 * se)) < 1e-9);
	assert_true(out[2] < 0); /* this unit is clearly weaker */
	/* one student, or no rest: the difference without an interval */
	sf_mastery_rel(1, 20, 400, na, sa, qa, out);
	assert_true(fabs(out[0] - (20 - ma)) < 1e-9);
	assert_true(isnan(out[1]) && isnan(out[2]));
	sf_mastery_rel(na, sa, qa, na, sa, qa, out);
	assert_true(fabs(out[0]) < 1e-9 && isnan(out[1]));
	sf_mastery_rel(0, 0, 0, na, sa, qa, out);
	assert_true(isnan(out[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalogue),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_markdown),
	    cmocka_unit_test(test_reader),
	    cmocka_unit_test(test_class),
	    cmocka_unit_test(test_students),
	    cmocka_unit_test(test_mastery_students),
	    cmocka_unit_test(test_mastery_units),
	    cmocka_unit_test(test_mastery_rel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
