/*
 * test_demo.c - the demo generator: determinism (same seed, same table
 * checksums; another seed, other data), every table filled, and the truth
 * manifest checked against the rows it describes, measured here with plain
 * SQL independently of the generator: the planted SES gap, the exact set of
 * chronically absent student-years, the interventions' low-prior
 * selection, the weak learning outcomes, the school value-added, the
 * slowing students.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attendance.h"
#include "demo.h"
#include "store.h"
#include "store_demo.h"
#include "testutil.h"

#define NSTUD 6000

typedef struct sums {
	char name[64][48];
	int64_t rows[64];
	uint64_t hash[64];
	int n;
} sums;

static void sum_cb(void *ctx, const char *table, int64_t rows, uint64_t hash)
{
	sums *s = ctx;
	if (s->n >= 64)
		return;
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", table);
	s->rows[s->n] = rows;
	s->hash[s->n] = hash;
	s->n++;
}

/* Generate a demo into path; return its manifest (caller json_decref's). */
static json_t *make_demo(const char *path, uint64_t seed, int64_t students)
{
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	demo_params p = {.students = students,
	                 .seed = seed,
	                 .years = 3,
	                 .password = "demo-pass",
	                 .db_name = "x.db"};
	buf truth;
	buf_init(&truth);
	demo_summary sum;
	int rc = demo_generate(s, &p, 0, &truth, &sum, &e);
	if (rc)
		fprintf(stderr, "demo_generate: %s\n", e.msg);
	assert_int_equal(rc, ATT_OK);
	assert_int_equal(store_data_version(s), 1);
	assert_string_equal(sum.password, "demo-pass");
	store_close(s);
	json_error_t je;
	json_t *j = json_loads(truth.data, 0, &je);
	buf_free(&truth);
	assert_non_null(j);
	return j;
}

static void checksums(const char *path, sums *out)
{
	store *s = NULL;
	att_err e;
	err_clear(&e);
	memset(out, 0, sizeof(*out));
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	assert_int_equal(store_checksum_tables(s, sum_cb, out, &e), ATT_OK);
	store_close(s);
}

/* Shared fixture: one demo with seed 7, generated once. */
static char db_a[256];
static json_t *truth_a;
static sqlite3 *dba;

static int setup(void **state)
{
	(void)state;
	tmp_path(db_a, sizeof(db_a), "demo-a.db");
	truth_a = make_demo(db_a, 7, NSTUD);
	if (sqlite3_open_v2(db_a, &dba, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sqlite3_close(dba);
	json_decref(truth_a);
	char p[300];
	unlink(db_a);
	snprintf(p, sizeof(p), "%s-wal", db_a);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_a);
	unlink(p);
	return 0;
}

static double q1(const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(dba, sql, -1, &st, NULL),
	                 SQLITE_OK);
	double v = NAN;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_deterministic(void **state)
{
	(void)state;
	char db_b[256], db_c[256];
	tmp_path(db_b, sizeof(db_b), "demo-b.db");
	tmp_path(db_c, sizeof(db_c), "demo-c.db");
	json_decref(make_demo(db_b, 7, NSTUD));
	json_decref(make_demo(db_c, 8, NSTUD));
	sums a, b, c;
	checksums(db_a, &a);
	checksums(db_b, &b);
	checksums(db_c, &c);
	assert_true(a.n >= 40);
	assert_int_equal(a.n, b.n);
	int differ = 0;
	for (int i = 0; i < a.n; i++) {
		assert_string_equal(a.name[i], b.name[i]);
		if (a.hash[i] != b.hash[i] || a.rows[i] != b.rows[i])
			fprintf(stderr,
			        "table %s differs between equal seeds\n",
			        a.name[i]);
		assert_int_equal(a.rows[i], b.rows[i]);
		assert_true(a.hash[i] == b.hash[i]);
		if (strcmp(a.name[i], "result") == 0 ||
		    strcmp(a.name[i], "attendance") == 0 ||
		    strcmp(a.name[i], "item_response") == 0)
			differ += a.hash[i] != c.hash[i];
	}
	/* Another seed gives other scores, responses and attendance. */
	assert_int_equal(differ, 3);
	unlink(db_b);
	unlink(db_c);
}

/* Every table of the core schema (001_core.sql) except audit and
 * analysis_run must hold rows, and the label table the demo fills; other
 * later migrations' tables are not the demo's to fill. */
static int core_table(const char *t)
{
	static const char *const extra[] = {"meta", "account", "account_scope"};
	for (int i = 0; i < SD_NTABLES; i++)
		if (strcmp(store_demo_table_name((store_demo_table)i), t) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (strcmp(extra[i], t) == 0)
			return 1;
	return 0;
}

static void count_cb(void *ctx, const char *table, int64_t rows)
{
	int *c = ctx;
	if (!core_table(table))
		return;
	c[1]++;
	if (rows == 0) {
		fprintf(stderr, "table %s is empty\n", table);
		c[0]++;
	}
}

static void problem_cb(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "%s\n", line);
}

static void test_every_table_filled(void **state)
{
	(void)state;
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(db_a, &s, &e), ATT_OK);
	int c[2] = {0, 0};
	assert_int_equal(store_table_counts(s, count_cb, c, &e), ATT_OK);
	assert_int_equal(c[0], 0);
	/* the 45 tables of 001_core.sql but audit and analysis_run, and the
	 * demo's Hindi labels (015_label.sql) */
	assert_int_equal(c[1], 44);
	/* Foreign keys and integrity hold although the load ran without
	 * enforcement. */
	assert_int_equal(store_integrity(s, problem_cb, NULL, &e), 0);
	store_close(s);
	assert_int_equal(q1("SELECT count(*) FROM student"), NSTUD);
	/* Schools of 50-600 students a year, grades 3-10. */
	assert_true(q1("SELECT min(n) FROM (SELECT count(*) n FROM placement "
	               "GROUP BY org_id, year_id)") >= 50);
	assert_true(q1("SELECT max(n) FROM (SELECT count(*) n FROM placement "
	               "GROUP BY org_id, year_id)") <= 600);
	assert_int_equal(q1("SELECT min(grade) FROM placement"), 3);
	assert_int_equal(q1("SELECT max(grade) FROM placement"), 10);
	/* At least 10 outcomes per subject and grade, an item for each. */
	assert_true(q1("SELECT min(n) FROM (SELECT count(*) n FROM standard "
	               "WHERE grade IS NOT NULL GROUP BY subject_id, grade)") >=
	            10);
	assert_int_equal(
	    q1("SELECT count(*) FROM standard s WHERE grade IS NOT NULL AND "
	       "NOT EXISTS"
	       " (SELECT 1 FROM item i WHERE i.standard_id = s.id)"),
	    0);
	/* Four bands on every assessment; three windows per subject-grade-year.
	 */
	assert_int_equal(q1("SELECT count(*) FROM assessment a WHERE (SELECT "
	                    "count(*) FROM cut_score c"
	                    " WHERE c.assessment_id = a.id) < 4"),
	                 0);
	/* Scores are continuous: many distinct values per assessment. */
	assert_true(q1("SELECT min(n) FROM (SELECT count(DISTINCT score) n "
	               "FROM result GROUP BY assessment_id)") > 50);
	/* Students move up a grade each year. */
	assert_int_equal(
	    q1("SELECT count(*) FROM placement a JOIN placement b ON "
	       "b.student_id = a.student_id"
	       " AND b.year_id = a.year_id + 1 WHERE b.grade <> a.grade + 1"),
	    0);
	/* Weekends are never marked. */
	assert_int_equal(q1("SELECT count(*) FROM behaviour_event WHERE "
	                    "strftime('%w', date) IN ('0', '6')"),
	                 0);
	/* Some collection submissions are late, some missing. */
	assert_true(q1("SELECT count(*) FROM collection_submission c JOIN "
	               "calendar_event e ON e.id = c.event_id"
	               " WHERE c.submitted_on > e.due_date") > 0);
	assert_true(q1("SELECT count(*) FROM calendar_event e, org o WHERE "
	               "e.kind = 'data_collection' AND o.is_school"
	               " AND NOT EXISTS (SELECT 1 FROM collection_submission c "
	               "WHERE c.event_id = e.id AND c.org_id = o.id)") > 0);
	/* Goals set by students exist; anonymous responses name no one. */
	assert_true(q1("SELECT count(*) FROM goal WHERE set_by = 'student'") >
	            0);
	assert_int_equal(q1("SELECT count(*) FROM survey_response r JOIN "
	                    "survey s ON s.id = r.survey_id"
	                    " WHERE s.anonymous AND (r.student_id IS NOT NULL "
	                    "OR r.guardian_id IS NOT NULL)"),
	                 0);
	/* Student survey responses only from consenting students' schools:
	 * no more responses than consenting grade 6+ students. */
	assert_true(q1("SELECT count(*) FROM account") == 9);
}

/* Planted SES gap: mean over assessments of (mean ref - mean group) /
 * pooled within-group SD, measured from the rows. */
static void test_gap(void **state)
{
	(void)state;
	double planted = json_real_value(json_object_get(
	    json_object_get(truth_a, "subgroup_gap"), "gap_sd"));
	assert_true(fabs(planted - 0.40) < 1e-9);
	sqlite3_stmt *st = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(dba,
	                       "SELECT r.assessment_id, s.ses_disadvantaged, "
	                       "count(*), avg(r.score),"
	                       " avg(r.score * r.score) FROM result r JOIN "
	                       "student s ON s.id = r.student_id"
	                       " GROUP BY 1, 2 ORDER BY 1, 2",
	                       -1, &st, NULL),
	    SQLITE_OK);
	double sum = 0;
	int n = 0;
	double c[2] = {0}, m[2] = {0}, v[2] = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		int g = sqlite3_column_int(st, 1);
		c[g] = sqlite3_column_double(st, 2);
		m[g] = sqlite3_column_double(st, 3);
		v[g] = sqlite3_column_double(st, 4) - m[g] * m[g];
		if (g == 1) {
			double sd =
			    sqrt((v[0] * c[0] + v[1] * c[1]) / (c[0] + c[1]));
			sum += (m[0] - m[1]) / sd;
			n++;
		}
	}
	sqlite3_finalize(st);
	assert_true(n > 100);
	double gap = sum / n;
	fprintf(stderr, "measured gap %.3f planted %.3f\n", gap, planted);
	assert_true(fabs(gap - planted) < 0.05);
}

static int listed(json_t *arr, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) if (strcmp(json_string_value(v), code) ==
	                                  0) return 1;
	return 0;
}

static void test_chronic_exact(void **state)
{
	(void)state;
	json_t *by = json_object_get(
	    json_object_get(truth_a, "chronic_absence"), "by_year");
	assert_non_null(by);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(
	                     dba,
	                     "SELECT s.code, y.code, a.marks FROM attendance a"
	                     " JOIN student s ON s.id = a.student_id"
	                     " JOIN academic_year y ON y.id = a.year_id",
	                     -1, &st, NULL),
	                 SQLITE_OK);
	int64_t rows = 0, chronic = 0, wrong = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *sc = (const char *)sqlite3_column_text(st, 0);
		const char *yc = (const char *)sqlite3_column_text(st, 1);
		attendance_tally t;
		attendance_count(sqlite3_column_blob(st, 2),
		                 (size_t)sqlite3_column_bytes(st, 2), &t);
		int is = t.absent * 10 >= t.possible;
		int lst = listed(json_object_get(by, yc), sc);
		wrong += is != lst;
		chronic += is;
		rows++;
		/* marks only on weekdays: possible days around 200 */
		assert_true(t.possible > 150 && t.possible < 260);
	}
	sqlite3_finalize(st);
	assert_true(rows > NSTUD);
	assert_true(chronic > rows / 50);
	assert_int_equal(wrong, 0);
}

static void test_interventions(void **state)
{
	(void)state;
	json_t *iv = json_object_get(truth_a, "interventions");
	assert_int_equal(json_array_size(iv), 2);
	assert_true(fabs(json_real_value(json_object_get(json_array_get(iv, 0),
	                                                 "true_effect_sd")) -
	                 0.30) < 1e-9);
	assert_true(json_real_value(json_object_get(json_array_get(iv, 1),
	                                            "true_effect_sd")) == 0.0);
	for (int v = 1; v <= 2; v++) {
		/* Participants' baseline (pre) scores against the other
		 * eligible students of the same district, grades 4-8: at least
		 * 0.5 SD lower. */
		char sql[1200];
		snprintf(sql, sizeof(sql),
		         "WITH RECURSIVE sub(id) AS (SELECT org_id FROM "
		         "intervention WHERE id = %d"
		         " UNION ALL SELECT o.id FROM org o JOIN sub ON "
		         "o.parent_id = sub.id),"
		         " elig AS (SELECT p.student_id, p.grade FROM "
		         "placement p JOIN intervention i ON i.id = %d"
		         "  WHERE p.year_id = i.year_id AND p.grade BETWEEN 4 "
		         "AND 8 AND p.org_id IN (SELECT id FROM sub)),"
		         " pre AS (SELECT e.student_id, r.score - (200 + 20 * "
		         "(e.grade - 3)) z,"
		         "  EXISTS (SELECT 1 FROM participant x WHERE "
		         "x.intervention_id = %d AND x.student_id = "
		         "e.student_id) part"
		         "  FROM elig e JOIN intervention i ON i.id = %d JOIN "
		         "assessment a ON a.year_id = i.year_id"
		         "  AND a.subject_id = i.subject_id AND a.grade = "
		         "e.grade AND a.kind = 'baseline'"
		         "  JOIN result r ON r.assessment_id = a.id AND "
		         "r.student_id = e.student_id)"
		         " SELECT (SELECT avg(z) FROM pre WHERE part = 0) - "
		         "(SELECT avg(z) FROM pre WHERE part = 1)"
		         " FROM (SELECT count(*) FROM pre WHERE part = 1)",
		         v, v, v, v);
		double d = q1(sql) / 40.0;
		fprintf(
		    stderr,
		    "intervention %d: rest - participants baseline %.2f SD\n",
		    v, d);
		assert_true(d > 0.5);
	}
	/* The manifest's naive comparison is biased the way it says. */
	double post = json_real_value(
	    json_object_get(json_array_get(iv, 0), "naive_post_difference_sd"));
	assert_true(post < 0);
}

static void test_weak_outcomes(void **state)
{
	(void)state;
	json_t *wk = json_object_get(json_object_get(truth_a, "weak_outcomes"),
	                             "outcomes");
	assert_true(json_array_size(wk) >= 1);
	size_t i;
	json_t *o;
	int lower = 0;
	json_array_foreach(wk, i, o)
	{
		/* The school's share of points on the standard minus other
		 * schools', against the same difference on the other standards
		 * of that subject and grade (the school's general level
		 * cancels). */
		char sql[1600];
		const char *sch =
		    json_string_value(json_object_get(o, "school"));
		const char *std =
		    json_string_value(json_object_get(o, "standard"));
		snprintf(
		    sql, sizeof(sql),
		    "WITH x AS (SELECT o.code = '%s' here, s.code = '%s' weak,"
		    " r.points / it.max_points p"
		    " FROM item_response r JOIN item it ON it.id = r.item_id"
		    " JOIN standard s ON s.id = it.standard_id"
		    " JOIN assessment a ON a.id = it.assessment_id"
		    " JOIN placement p ON p.student_id = r.student_id AND "
		    "p.year_id = a.year_id"
		    " JOIN org o ON o.id = p.org_id"
		    " WHERE (s.subject_id, s.grade) = (SELECT subject_id, "
		    "grade FROM standard WHERE code = '%s'))"
		    " SELECT (SELECT avg(p) FROM x WHERE here AND weak) - "
		    "(SELECT avg(p) FROM x WHERE NOT here AND weak)"
		    " - (SELECT avg(p) FROM x WHERE here AND NOT weak) + "
		    "(SELECT avg(p) FROM x WHERE NOT here AND NOT weak)",
		    sch, std, std);
		double d = q1(sql);
		fprintf(stderr, "weak %s %s: %.3f\n", sch, std, d);
		lower += d < -0.12;
	}
	/* Nearly every named school is clearly weaker on its outcome. */
	assert_true(lower >= (int)json_array_size(wk) - 1);
}

static void test_value_added(void **state)
{
	(void)state;
	/* Pooled regression of summative on the previous summative (same
	 * subject); mean residual per school and subject vs the planted value.
	 */
	sqlite3_stmt *st = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(
	        dba,
	        "SELECT o.code, sub.code, r0.score, r1.score FROM result r1"
	        " JOIN assessment a1 ON a1.id = r1.assessment_id AND a1.kind = "
	        "'summative'"
	        " JOIN assessment a0 ON a0.kind = 'summative' AND "
	        "a0.subject_id = a1.subject_id"
	        "  AND a0.year_id = a1.year_id - 1 AND a0.grade = a1.grade - 1"
	        " JOIN result r0 ON r0.assessment_id = a0.id AND r0.student_id "
	        "= r1.student_id"
	        " JOIN placement p ON p.student_id = r1.student_id AND "
	        "p.year_id = a1.year_id"
	        " JOIN org o ON o.id = p.org_id JOIN subject sub ON sub.id = "
	        "a1.subject_id",
	        -1, &st, NULL),
	    SQLITE_OK);
	size_t cap = 1 << 16, n = 0;
	double *x = malloc(cap * sizeof(double)),
	       *y = malloc(cap * sizeof(double));
	int *grp = malloc(cap * sizeof(int));
	char keys[2000][24];
	int nk = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char key[24];
		snprintf(key, sizeof(key), "%s/%s", sqlite3_column_text(st, 0),
		         sqlite3_column_text(st, 1));
		int k = 0;
		while (k < nk && strcmp(keys[k], key) != 0)
			k++;
		if (k == nk) {
			assert_true(nk < 2000);
			snprintf(keys[nk++], sizeof(keys[0]), "%s", key);
		}
		if (n == cap) {
			cap *= 2;
			x = realloc(x, cap * sizeof(double));
			y = realloc(y, cap * sizeof(double));
			grp = realloc(grp, cap * sizeof(int));
		}
		x[n] = sqlite3_column_double(st, 2);
		y[n] = sqlite3_column_double(st, 3);
		grp[n] = k;
		n++;
	}
	sqlite3_finalize(st);
	double mx = 0, my = 0;
	for (size_t i = 0; i < n; i++)
		mx += x[i], my += y[i];
	mx /= n;
	my /= n;
	double sxy = 0, sxx = 0;
	for (size_t i = 0; i < n; i++)
		sxy += (x[i] - mx) * (y[i] - my),
		    sxx += (x[i] - mx) * (x[i] - mx);
	double b = sxy / sxx;
	double *rs = calloc((size_t)nk, sizeof(double)),
	       *rn = calloc((size_t)nk, sizeof(double));
	for (size_t i = 0; i < n; i++) {
		rs[grp[i]] += y[i] - (my + b * (x[i] - mx));
		rn[grp[i]]++;
	}
	/* planted values */
	json_t *arr = json_object_get(
	    json_object_get(truth_a, "school_effects"), "schools");
	double se = 0, st2 = 0, see = 0, stt = 0, set = 0;
	int m = 0;
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o)
	{
		char key[24];
		snprintf(key, sizeof(key), "%s/%s",
		         json_string_value(json_object_get(o, "school")),
		         json_string_value(json_object_get(o, "subject")));
		for (int k = 0; k < nk; k++)
			if (strcmp(keys[k], key) == 0) {
				double est = rs[k] / rn[k] / 40.0;
				double tru = json_real_value(
				    json_object_get(o, "value_added"));
				se += est, st2 += tru, see += est * est,
				    stt += tru * tru, set += est * tru;
				m++;
			}
	}
	double cov = set / m - (se / m) * (st2 / m);
	double r = cov / sqrt((see / m - (se / m) * (se / m)) *
	                      (stt / m - (st2 / m) * (st2 / m)));
	fprintf(stderr, "value-added: %d school-subjects, correlation %.3f\n",
	        m, r);
	assert_true(m >= 30);
	assert_true(r > 0.75);
	free(x);
	free(y);
	free(grp);
	free(rs);
	free(rn);
}

static void test_slowing(void **state)
{
	(void)state;
	json_t *sl = json_object_get(truth_a, "slowing_progress");
	json_t *studs = json_object_get(sl, "students");
	assert_true(json_array_size(studs) > 20);
	assert_int_equal(json_array_size(json_object_get(sl, "windows")), 4);
	/* Slowing students' last summative minus the summative a year before,
	 * against everyone else's: lower by about 0.45 SD (0.60 - 0.15). */
	char sql[1500];
	snprintf(sql, sizeof(sql),
	         "WITH g AS (SELECT r1.student_id, r1.score - r0.score - 20 d "
	         "FROM result r1"
	         " JOIN assessment a1 ON a1.id = r1.assessment_id AND a1.kind "
	         "= 'summative'"
	         "  AND a1.year_id = (SELECT max(id) FROM academic_year)"
	         " JOIN assessment a0 ON a0.kind = 'summative' AND "
	         "a0.subject_id = a1.subject_id"
	         "  AND a0.year_id = a1.year_id - 1 AND a0.grade = a1.grade - 1"
	         " JOIN result r0 ON r0.assessment_id = a0.id AND "
	         "r0.student_id = r1.student_id),"
	         " s AS (SELECT value code FROM json_each(?))"
	         " SELECT (SELECT avg(d) FROM g WHERE student_id NOT IN "
	         "(SELECT id FROM student WHERE code IN (SELECT code FROM s)))"
	         " - (SELECT avg(d) FROM g WHERE student_id IN (SELECT id FROM "
	         "student WHERE code IN (SELECT code FROM s)))");
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(dba, sql, -1, &st, NULL),
	                 SQLITE_OK);
	char *js = json_dumps(studs, 0);
	sqlite3_bind_text(st, 1, js, -1, SQLITE_TRANSIENT);
	free(js);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	double d = sqlite3_column_double(st, 0) / 40.0;
	sqlite3_finalize(st);
	fprintf(stderr, "slowing: annual gain lower by %.2f SD\n", d);
	assert_true(d > 0.3 && d < 0.6);
}

/* The checksum sees a changed value in exactly its table and ignores
 * password hashes (salted, different on every run). Runs last: it edits
 * the shared fixture. */
static void test_checksum_sensitivity(void **state)
{
	(void)state;
	sums before, after;
	checksums(db_a, &before);
	sqlite3 *rw = NULL;
	assert_int_equal(sqlite3_open(db_a, &rw), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(rw,
	                 "UPDATE result SET score = score + 0.1 WHERE"
	                 " (assessment_id, student_id) = (SELECT assessment_id,"
	                 " student_id FROM result LIMIT 1);"
	                 " UPDATE account SET pw_hash = 'other';",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(rw);
	checksums(db_a, &after);
	assert_int_equal(before.n, after.n);
	int changed = 0;
	for (int i = 0; i < before.n; i++)
		if (before.hash[i] != after.hash[i]) {
			changed++;
			assert_string_equal(before.name[i], "result");
		}
	assert_int_equal(changed, 1);
}

static void test_bad_params(void **state)
{
	(void)state;
	char path[256];
	tmp_path(path, sizeof(path), "demo-bad.db");
	store *s = NULL;
	att_err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s, &e), ATT_OK);
	demo_params p = {.students = 10, .seed = 1, .years = 3};
	buf truth;
	buf_init(&truth);
	demo_summary sum;
	assert_int_equal(demo_generate(s, &p, 0, &truth, &sum, &e), ATT_EUSAGE);
	assert_non_null(strstr(e.msg, "--students"));
	p.students = 1000;
	p.years = 0;
	assert_int_equal(demo_generate(s, &p, 0, &truth, &sum, &e), ATT_EUSAGE);
	p.years = 3;
	p.last_year = 1200;
	assert_int_equal(demo_generate(s, &p, 0, &truth, &sum, &e), ATT_EUSAGE);
	assert_non_null(strstr(e.msg, "latest academic year"));
	/* nothing was written */
	int empty = 0;
	int64_t v = -1;
	assert_int_equal(store_demo_is_empty(s, &empty, &v, &e), ATT_OK);
	assert_int_equal(empty, 1);
	assert_int_equal(v, 0);
	buf_free(&truth);
	store_close(s);
	unlink(path);
}

/* The demo's latest year on a day: the April-to-March year holding it,
 * checked against the first and last day of years spelled out, leap days
 * and the epoch's neighbours. */
static void test_year_of(void **state)
{
	(void)state;
	static const struct {
		const char *day;
		int year;
	} cases[] = {
	    {"2026-01-15", 2025}, {"2025-04-01", 2025}, {"2025-03-31", 2024},
	    {"2026-03-31", 2025}, {"2026-04-01", 2026}, {"2026-12-07", 2026},
	    {"2028-02-29", 2027}, {"2027-09-01", 2027}, {"1970-01-01", 1969},
	    {"1999-12-31", 1999},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(demo_year_of(date_parse(cases[i].day)),
		                 cases[i].year);
	assert_int_equal(demo_year_of(-1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_table_filled),
	    cmocka_unit_test(test_gap),
	    cmocka_unit_test(test_chronic_exact),
	    cmocka_unit_test(test_interventions),
	    cmocka_unit_test(test_weak_outcomes),
	    cmocka_unit_test(test_value_added),
	    cmocka_unit_test(test_slowing),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_bad_params),
	    cmocka_unit_test(test_year_of),
	    cmocka_unit_test(test_checksum_sensitivity),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
