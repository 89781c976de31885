/*
 * store_report.c - SQL for reports and calendars (see store_report.h).
 * Each function prepares one cached statement, binds its parameters and
 * collects the rows into a rowset (store_rows.h) in the caller's arena.
 */
#include "store_report.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Step st to the end, copying every row into out. Resets st. */
static int collect(store *s, sql_stmt *st, arena *a, srep_rows *out, att_err *e)
{
	(void)s;
	return sql_rows(st, a, 0, out, e, "report query");
}

/* Run a cached statement with up to three integer parameters. */
static int run_ints(store *s, arena *a, const char *sql, int np, int64_t p1,
                    int64_t p2, int64_t p3, srep_rows *out, att_err *e)
{
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	const int64_t p[3] = {p1, p2, p3};
	for (int i = 0; i < np; i++)
		sql_bind_int(st, i + 1, p[i]);
	return collect(s, st, a, out, e);
}

int srep_has_table(store *s, const char *name)
{
	return sql_table_exists(s, name, 0);
}

int srep_has_rows(store *s, const char *name)
{
	if (!srep_has_table(s, name))
		return 0;
	/* name is checked against sqlite_master above, so it is a real table
	 * name; quote it anyway */
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT EXISTS (SELECT 1 FROM \"%s\")",
	         name);
	return sql_one_int(s, sql) == 1;
}

int srep_year(store *s, arena *a, const char *code, srep_rows *out, att_err *e)
{
	static const char *by_code =
	    "SELECT id, code, name, start_date, end_date"
	    " FROM academic_year WHERE code = ?";
	static const char *latest =
	    "SELECT id, code, name, start_date, end_date"
	    " FROM academic_year ORDER BY start_date DESC"
	    " LIMIT 1";
	sql_stmt *st = sql_prep(s, code ? by_code : latest, e);
	if (!st)
		return ATT_EIO;
	if (code)
		sql_bind_text(st, 1, code);
	int rc = collect(s, st, a, out, e);
	if (rc)
		return rc;
	if (out->nrow == 0)
		return code ? err_set(e, ATT_ENOTFOUND,
		                      "no academic year with code '%s'", code)
		            : err_set(e, ATT_ENOTFOUND,
		                      "the database has no academic year");
	return ATT_OK;
}

int srep_last_run(store *s, arena *a, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT id, started_at, finished_at, data_version, analyses"
	    " FROM analysis_run WHERE status = 'done' ORDER BY id DESC LIMIT 1";
	return run_ints(s, a, sql, 0, 0, 0, 0, out, e);
}

int srep_student(store *s, arena *a, const char *code, int64_t year_id,
                 srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT s.id, s.code, s.given_name, s.family_name, s.gender, "
	    "o.id AS school_id, o.code AS school_code, o.name AS "
	    "school_name, p.grade FROM student s LEFT JOIN placement p ON "
	    "p.student_id = s.id AND p.year_id = ?2 LEFT JOIN org o ON "
	    "o.id = p.org_id WHERE s.code = ?1";
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, code);
	sql_bind_int(st, 2, year_id);
	int rc = collect(s, st, a, out, e);
	if (!rc && out->nrow == 0)
		return err_set(e, ATT_ENOTFOUND, "no student with code '%s'",
		               code);
	return rc;
}

int srep_student_classes(store *s, arena *a, int64_t student_id,
                         int64_t year_id, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT c.code AS class_code, label('class', c.code, c.name) AS "
	    "class_name, "
	    "coalesce(label('subject', sub.code, sub.name), '') AS subject, "
	    "coalesce((SELECT "
	    "group_concat(trim(f.given_name || ' ' ||   f.family_name), ', "
	    "') FROM teacher_of t JOIN staff f   ON f.id = t.staff_id "
	    "WHERE t.class_id = c.id AND   t.role = 'lead'), '') AS "
	    "teachers, coalesce((SELECT group_concat(coalesce(f.title, "
	    "''), ', ')   FROM teacher_of t JOIN staff f ON f.id = "
	    "t.staff_id   WHERE t.class_id = c.id AND t.role = 'lead'), "
	    "'') AS teacher_titles FROM enrolment en JOIN class c ON c.id "
	    "= en.class_id LEFT JOIN subject sub ON sub.id = c.subject_id "
	    "WHERE en.student_id = ?1 AND c.year_id = ?2 ORDER BY "
	    "c.subject_id IS NOT NULL, sub.name, c.code";
	return run_ints(s, a, sql, 2, student_id, year_id, 0, out, e);
}

int srep_guardians(store *s, arena *a, int64_t student_id, srep_rows *out,
                   att_err *e)
{
	static const char *sql =
	    "SELECT trim(g.given_name || ' ' || g.family_name) AS name, "
	    "l.relation, coalesce((SELECT ac.lang FROM account ac WHERE "
	    "ac.guardian_id   = g.id AND ac.disabled = 0 ORDER BY ac.id "
	    "LIMIT 1), '') AS lang FROM guardian_link l JOIN guardian g ON "
	    "g.id = l.guardian_id WHERE l.student_id = ? ORDER BY g.code";
	return run_ints(s, a, sql, 1, student_id, 0, 0, out, e);
}

int srep_student_results(store *s, arena *a, int64_t student_id,
                         int64_t year_id, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT a.code AS assessment_code, label('assessment', a.code, "
	    "a.name) AS assessment, "
	    "sub.code AS subject_code, label('subject', sub.code, sub.name) AS "
	    "subject, y.code AS "
	    "year, coalesce(label('term', t.code, t.name), '') AS term, "
	    "coalesce(a.date, "
	    "t.start_date, y.start_date) AS date, a.kind, r.score, "
	    "a.max_score, 100.0 * r.score / a.max_score AS pct, "
	    "coalesce((SELECT label('band', c.band, c.band) AS band FROM "
	    "cut_score c WHERE "
	    "c.assessment_id   = a.id AND c.min_score <= r.score ORDER BY "
	    "c.seq DESC   LIMIT 1), '') AS band, y.start_date AS "
	    "year_start FROM result r JOIN assessment a ON a.id = "
	    "r.assessment_id JOIN subject sub ON sub.id = a.subject_id "
	    "JOIN academic_year y ON y.id = a.year_id LEFT JOIN term t ON "
	    "t.id = a.term_id WHERE r.student_id = ?1 AND y.start_date <=  "
	    " (SELECT start_date FROM academic_year WHERE id = ?2) ORDER "
	    "BY sub.name, 7, a.id";
	return run_ints(s, a, sql, 2, student_id, year_id, 0, out, e);
}

int srep_student_growth(store *s, arena *a, int64_t student_id, int64_t year_id,
                        srep_rows *out, att_err *e)
{
	/* the annual SGP where there is one, else the within-year one */
	static const char *sql =
	    "SELECT label('subject', sub.code, sub.name) AS name, g.sgp, "
	    "g.period, g.status, g.cohort_n"
	    " FROM growth g JOIN subject sub ON sub.id = g.subject_id"
	    " WHERE g.student_id = ?1 AND g.year_id = ?2"
	    "   AND g.run_id = (SELECT max(run_id) FROM growth)"
	    "   AND g.period = (SELECT min(g2.period) FROM growth g2"
	    "     WHERE g2.student_id = g.student_id AND g2.year_id ="
	    "     g.year_id AND g2.subject_id = g.subject_id"
	    "     AND g2.run_id = g.run_id)"
	    " ORDER BY sub.name";
	memset(out, 0, sizeof(*out));
	if (!srep_has_table(s, "growth"))
		return err_set(e, ATT_ENOTFOUND, "no growth table");
	return run_ints(s, a, sql, 2, student_id, year_id, 0, out, e);
}

int srep_growth_median(store *s, arena *a, int64_t org_id, int64_t year_id,
                       srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT label('subject', sub.code, sub.name) AS name, m.period, "
	    "m.n, m.median_sgp"
	    " FROM growth_median m JOIN subject sub ON sub.id = m.subject_id"
	    " WHERE m.org_id = ?1 AND m.year_id = ?2 AND m.group_kind = 'org'"
	    "   AND m.run_id = (SELECT max(run_id) FROM growth_median)"
	    " ORDER BY sub.name, m.period";
	memset(out, 0, sizeof(*out));
	if (!srep_has_table(s, "growth_median"))
		return err_set(e, ATT_ENOTFOUND, "no growth_median table");
	return run_ints(s, a, sql, 2, org_id, year_id, 0, out, e);
}

int srep_student_attendance(store *s, int64_t student_id, int64_t year_id,
                            attendance_tally *t, att_err *e)
{
	static const char *sql =
	    "SELECT marks FROM attendance WHERE student_id = ? AND year_id = ?";
	memset(t, 0, sizeof(*t));
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, student_id);
	sql_bind_int(st, 2, year_id);
	int rc = sql_step(st);
	if (rc == SQL_ROW) {
		int len;
		const uint8_t *m = sql_blob(st, 0, &len);
		if (m)
			attendance_count(m, (size_t)len, t);
	} else if (rc != SQL_DONE) {
		sql_fail(s, e, "attendance");
		sql_reset(st);
		return ATT_EIO;
	}
	sql_reset(st);
	return ATT_OK;
}

int srep_student_attitude(store *s, arena *a, int64_t student_id,
                          int64_t year_id, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT label('subject', sub.code, sub.name) AS subject, "
	    "label('term', t.code, t.name) AS term, g.grade FROM "
	    "attitude_grade g JOIN term t ON t.id = g.term_id JOIN subject "
	    "sub ON sub.id = g.subject_id WHERE g.student_id = ?1 AND "
	    "t.year_id = ?2 AND t.seq =  (SELECT max(t2.seq) FROM "
	    "attitude_grade g2 JOIN term t2   ON t2.id = g2.term_id WHERE "
	    "g2.student_id = ?1 AND   t2.year_id = ?2 AND g2.subject_id = "
	    "g.subject_id) ORDER BY sub.name";
	return run_ints(s, a, sql, 2, student_id, year_id, 0, out, e);
}

int srep_student_goals(store *s, arena *a, int64_t student_id, srep_rows *out,
                       att_err *e)
{
	static const char *sql =
	    "SELECT g.title, g.metric, coalesce(label('subject', sub.code, "
	    "sub.name), '') AS subject, "
	    "g.baseline, g.target, g.due_date, g.set_by FROM goal g LEFT "
	    "JOIN subject sub ON sub.id = g.subject_id WHERE g.student_id "
	    "= ? ORDER BY g.due_date, g.code";
	return run_ints(s, a, sql, 1, student_id, 0, 0, out, e);
}

int srep_student_behaviour(store *s, arena *a, int64_t student_id,
                           int64_t year_id, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT coalesce(sum(b.kind = 'positive'), 0) AS positive, "
	    "coalesce(sum(b.kind = 'negative'), 0) AS negative, "
	    "coalesce(sum(b.serious), 0) AS serious FROM behaviour_event "
	    "b, academic_year y WHERE b.student_id = ?1 AND y.id = ?2   "
	    "AND b.date >= y.start_date AND b.date <= y.end_date";
	return run_ints(s, a, sql, 2, student_id, year_id, 0, out, e);
}

int srep_class(store *s, arena *a, const char *code, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT c.id, c.code, label('class', c.code, c.name) AS name, "
	    "c.grade, coalesce(label('subject', sub.code, sub.name), '') "
	    "AS subject, o.id AS school_id, o.code AS school_code, o.name "
	    "AS school_name, y.id AS year_id, y.code AS year, "
	    "coalesce((SELECT group_concat(trim(f.given_name || ' ' ||   "
	    "f.family_name), ', ') FROM teacher_of t JOIN staff f   ON "
	    "f.id = t.staff_id WHERE t.class_id = c.id AND   t.role = "
	    "'lead'), '') AS teachers, coalesce(c.subject_id, 0) AS "
	    "subject_id FROM class c JOIN org o ON o.id = "
	    "c.org_id JOIN academic_year y ON y.id = c.year_id LEFT JOIN "
	    "subject sub ON sub.id = c.subject_id WHERE c.code = ?";
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, code);
	int rc = collect(s, st, a, out, e);
	if (!rc && out->nrow == 0)
		return err_set(e, ATT_ENOTFOUND, "no class with code '%s'",
		               code);
	return rc;
}

int srep_class_students(store *s, arena *a, int64_t class_id, srep_rows *out,
                        att_err *e)
{
	static const char *sql =
	    "SELECT s.id, s.code, s.given_name, s.family_name FROM enrolment en"
	    " JOIN student s ON s.id = en.student_id WHERE en.class_id = ?"
	    " ORDER BY s.family_name, s.given_name, s.code";
	return run_ints(s, a, sql, 1, class_id, 0, 0, out, e);
}

int srep_org(store *s, arena *a, const char *code, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT o.id, o.code, o.name, label('org_level', o.level, o.level) "
	    "AS level, o.is_school, "
	    "coalesce(p.name, '') AS parent FROM org o LEFT JOIN org p ON "
	    "p.id = o.parent_id WHERE o.code = ?";
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, code);
	int rc = collect(s, st, a, out, e);
	if (!rc && out->nrow == 0)
		return err_set(e, ATT_ENOTFOUND, "no org with code '%s'", code);
	return rc;
}

int srep_org_schools(store *s, arena *a, int64_t org_id, srep_rows *out,
                     att_err *e)
{
	static const char *sql =
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL  SELECT o.id "
	    "FROM org o JOIN sub ON o.parent_id = sub.id) SELECT o.id, "
	    "o.code, o.name, coalesce(p.name, '') AS parent FROM sub JOIN "
	    "org o ON o.id = sub.id LEFT JOIN org p ON p.id = o.parent_id "
	    "WHERE o.is_school = 1 ORDER BY o.code";
	return run_ints(s, a, sql, 1, org_id, 0, 0, out, e);
}

int srep_school_students(store *s, arena *a, int64_t school_id, int64_t year_id,
                         srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT s.id, s.code, s.given_name, s.family_name, p.grade"
	    " FROM placement p JOIN student s ON s.id = p.student_id"
	    " WHERE p.org_id = ? AND p.year_id = ?"
	    " ORDER BY p.grade, s.family_name, s.given_name, s.code";
	return run_ints(s, a, sql, 2, school_id, year_id, 0, out, e);
}

int srep_attendance_by_school(store *s, arena *a, int64_t org_id,
                              int64_t year_id, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL"
	    "  SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
	    " SELECT o.id, o.code, o.name, at.marks"
	    " FROM sub JOIN org o ON o.id = sub.id AND o.is_school = 1"
	    " JOIN placement p ON p.org_id = o.id AND p.year_id = ?2"
	    " LEFT JOIN attendance at ON at.student_id = p.student_id"
	    "  AND at.year_id = ?2"
	    " ORDER BY o.code";
	memset(out, 0, sizeof(*out));
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, org_id);
	sql_bind_int(st, 2, year_id);
	enum { NC = 8 };
	size_t cap = 0, n = 0;
	struct agg {
		int64_t id;
		const char *code, *name;
		long students, possible, present, absent, chronic;
	} *rows = NULL;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int64_t id = sql_int(st, 0);
		if (n == 0 || rows[n - 1].id != id) {
			xgrow((void **)&rows, &cap, n + 1, sizeof(*rows));
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].id = id;
			rows[n].code = arena_strdup(a, sql_text(st, 1));
			rows[n].name = arena_strdup(a, sql_text(st, 2));
			n++;
		}
		struct agg *g = &rows[n - 1];
		g->students++;
		int len;
		const uint8_t *m = sql_blob(st, 3, &len);
		if (!m)
			continue;
		attendance_tally t;
		attendance_count(m, (size_t)len, &t);
		g->possible += t.possible;
		g->present += t.present;
		g->absent += t.absent;
		if (t.possible > 0 && t.present < 0.9 * t.possible)
			g->chronic++;
	}
	if (rc != SQL_DONE) {
		sql_fail(s, e, "attendance by school");
		sql_reset(st);
		free(rows);
		return ATT_EIO;
	}
	sql_reset(st);
	static const char *const names[NC] = {
	    "school_id", "school_code", "school_name", "students",
	    "possible",  "present",     "absent",      "chronic"};
	rows_alloc(out, a, (int)n, NC, names);
	for (int i = 0; i < (int)n; i++) {
		const struct agg *g = &rows[i];
		rows_put_int(out, a, i, 0, g->id);
		rows_put_text(out, a, i, 1, g->code);
		rows_put_text(out, a, i, 2, g->name);
		rows_put_int(out, a, i, 3, g->students);
		rows_put_int(out, a, i, 4, g->possible);
		rows_put_int(out, a, i, 5, g->present);
		rows_put_int(out, a, i, 6, g->absent);
		rows_put_int(out, a, i, 7, g->chronic);
	}
	free(rows);
	return ATT_OK;
}

int srep_calendar(store *s, arena *a, int64_t year_id, int64_t org_id,
                  srep_rows *out, att_err *e)
{
	/* an event applies to the org when it is set for everyone, for an
	 * ancestor of the org, for the org, or for something inside it */
	static const char *sql =
	    "WITH RECURSIVE up(id) AS (SELECT ?2 UNION ALL  SELECT "
	    "o.parent_id FROM org o JOIN up ON o.id = up.id  WHERE "
	    "o.parent_id IS NOT NULL), down(id) AS (SELECT ?2 UNION ALL  "
	    "SELECT o.id FROM org o JOIN down ON o.parent_id = down.id) "
	    "SELECT e.code, e.kind, label('event', e.code, e.title) AS title, "
	    "coalesce(o.name, '') AS org, "
	    "coalesce(e.collects, '') AS collects, e.start_date, "
	    "e.due_date FROM calendar_event e LEFT JOIN org o ON o.id = "
	    "e.org_id WHERE e.year_id = ?1 AND (?2 = 0 OR e.org_id IS NULL "
	    " OR e.org_id IN (SELECT id FROM up)  OR e.org_id IN (SELECT "
	    "id FROM down)) ORDER BY e.due_date, e.code";
	return run_ints(s, a, sql, 2, year_id, org_id, 0, out, e);
}

static int need_table(store *s, const char *t, srep_rows *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	if (!srep_has_table(s, t))
		return err_set(e, ATT_ENOTFOUND, "no %s table", t);
	return ATT_OK;
}

int srep_school_results(store *s, arena *a, int64_t school_id, int64_t year_id,
                        srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT label('assessment', x.code, x.name) AS assessment, "
	    "label('subject', sub.code, sub.name) AS subject, "
	    "coalesce(label('term', t.code, t.name), '') AS term, count(*) AS "
	    "students, avg(100.0 "
	    "* r.score / x.max_score) AS mean_pct, coalesce(x.date, '') AS "
	    "date FROM placement p JOIN result r ON r.student_id = "
	    "p.student_id JOIN assessment x ON x.id = r.assessment_id AND "
	    "x.year_id =  p.year_id JOIN subject sub ON sub.id = "
	    "x.subject_id LEFT JOIN term t ON t.id = x.term_id WHERE "
	    "p.org_id = ?1 AND p.year_id = ?2 GROUP BY x.id ORDER BY "
	    "sub.name, x.date, x.id";
	return run_ints(s, a, sql, 2, school_id, year_id, 0, out, e);
}

int srep_org_desc(store *s, arena *a, int64_t org_id, int64_t year_id,
                  srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT label('assessment', x.code, x.name) AS assessment, "
	    "label('subject', sub.code, sub.name) AS subject, "
	    "coalesce(label('term', t.code, t.name), '') AS term, d.n, "
	    "d.mean_pct, d.share_prof "
	    "FROM desc_stat d JOIN assessment x ON x.id = d.assessment_id "
	    "JOIN subject sub ON sub.id = x.subject_id LEFT JOIN term t ON "
	    "t.id = x.term_id WHERE d.org_id = ?1 AND d.group_kind = 'org' "
	    "  AND d.subgroup = 'all' AND x.year_id = ?2   AND d.run_id = "
	    "(SELECT max(run_id) FROM desc_stat) ORDER BY sub.name, "
	    "x.date, x.id";
	int rc = need_table(s, "desc_stat", out, e);
	return rc ? rc : run_ints(s, a, sql, 2, org_id, year_id, 0, out, e);
}

int srep_va_schools(store *s, arena *a, int64_t org_id, int64_t year_id,
                    srep_rows *out, att_err *e)
{
	static const char *sql =
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL  SELECT o.id "
	    "FROM org o JOIN sub ON o.parent_id = sub.id) SELECT o.code AS "
	    "school_code, o.name AS school_name, coalesce(label('subject', "
	    "sj.code, sj.name), '') AS "
	    "subject, v.n, v.va, v.lo,  v.hi FROM va_group v JOIN org o ON "
	    "o.id = v.org_id LEFT JOIN subject sj ON sj.id = v.subject_id "
	    "WHERE v.org_id IN (SELECT id FROM sub) AND o.is_school = 1   "
	    "AND v.group_kind = 'org' AND v.model = 'regression'   AND "
	    "v.year_id = ?2 AND v.subject_id IS NOT NULL   AND v.run_id = "
	    "(SELECT max(run_id) FROM va_group) ORDER BY sj.name, o.code";
	int rc = need_table(s, "va_group", out, e);
	return rc ? rc : run_ints(s, a, sql, 2, org_id, year_id, 0, out, e);
}

int srep_va_classes(store *s, arena *a, int64_t school_id, int64_t year_id,
                    srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT c.code AS class_code, label('class', c.code, c.name) AS "
	    "class_name, "
	    "coalesce(label('subject', sj.code, sj.name), '') AS subject, v.n, "
	    "v.va, v.lo, v.hi FROM "
	    "va_group v JOIN class c ON c.id = v.class_id LEFT JOIN "
	    "subject sj ON sj.id = v.subject_id WHERE c.org_id = ?1 AND "
	    "v.group_kind = 'class'   AND v.model = 'regression'   AND "
	    "v.year_id = ?2 AND v.subject_id IS NOT NULL   AND v.run_id = "
	    "(SELECT max(run_id) FROM va_group) ORDER BY sj.name, c.code";
	int rc = need_table(s, "va_group", out, e);
	return rc ? rc : run_ints(s, a, sql, 2, school_id, year_id, 0, out, e);
}

int srep_gaps(store *s, arena *a, int64_t org_id, int64_t year_id,
              srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT g.dimension, g.group_a, g.group_b, label('subject', "
	    "sj.code, sj.name) AS subject, "
	    "label('assessment', x.code, x.name) AS assessment, g.n_a, g.n_b, "
	    "g.g, g.g_lo, g.g_hi FROM "
	    "gap g JOIN assessment x ON x.id = g.assessment_id JOIN "
	    "subject sj ON sj.id = x.subject_id WHERE g.org_id = ?1 AND "
	    "x.year_id = ?2   AND g.run_id = (SELECT max(run_id) FROM gap) "
	    "ORDER BY g.dimension, sj.name, x.date, x.id";
	int rc = need_table(s, "gap", out, e);
	return rc ? rc : run_ints(s, a, sql, 2, org_id, year_id, 0, out, e);
}

int srep_gap_trends(store *s, arena *a, int64_t org_id, srep_rows *out,
                    att_err *e)
{
	static const char *sql =
	    "SELECT g.dimension, g.group_a, g.group_b, label('subject', "
	    "sj.code, sj.name) AS name, g.points,"
	    " g.g_first, g.g_last, g.slope, g.slope_lo, g.slope_hi, g.verdict"
	    " FROM gap_trend g JOIN subject sj ON sj.id = g.subject_id"
	    " WHERE g.org_id = ?1"
	    "   AND g.run_id = (SELECT max(run_id) FROM gap_trend)"
	    " ORDER BY g.dimension, sj.name";
	int rc = need_table(s, "gap_trend", out, e);
	return rc ? rc : run_ints(s, a, sql, 1, org_id, 0, 0, out, e);
}

int srep_scores_by_school(store *s, arena *a, int64_t org_id, int64_t year_id,
                          srep_rows *out, att_err *e)
{
	static const char *sql =
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL  SELECT o.id "
	    "FROM org o JOIN sub ON o.parent_id = sub.id) SELECT o.id AS "
	    "school_id, o.code AS school_code, o.name AS school_name, "
	    "count(DISTINCT r.student_id) AS students,  avg(100.0 * "
	    "r.score / x.max_score) AS mean_pct FROM sub JOIN org o ON "
	    "o.id = sub.id AND o.is_school = 1 JOIN placement p ON "
	    "p.org_id = o.id AND p.year_id = ?2 JOIN result r ON "
	    "r.student_id = p.student_id JOIN assessment x ON x.id = "
	    "r.assessment_id  AND x.year_id = p.year_id GROUP BY o.id "
	    "ORDER BY o.code";
	return run_ints(s, a, sql, 2, org_id, year_id, 0, out, e);
}

int srep_org_goals(store *s, arena *a, int64_t org_id, srep_rows *out,
                   att_err *e)
{
	static const char *sql =
	    "SELECT g.title, g.metric, coalesce(label('subject', sj.code, "
	    "sj.name), '') AS subject, "
	    "g.baseline, g.target, g.due_date FROM goal g LEFT JOIN "
	    "subject sj ON sj.id = g.subject_id LEFT JOIN class c ON c.id "
	    "= g.class_id WHERE g.org_id = ?1 OR c.org_id = ?1 ORDER BY "
	    "g.due_date, g.code";
	return run_ints(s, a, sql, 1, org_id, 0, 0, out, e);
}

int srep_interventions(store *s, arena *a, int64_t org_id, int64_t year_id,
                       srep_rows *out, att_err *e)
{
	static const char *sql =
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL  SELECT o.id "
	    "FROM org o JOIN sub ON o.parent_id = sub.id) SELECT i.code, "
	    "label('intervention', i.code, i.name) AS name, "
	    "coalesce(label('subject', sj.code, sj.name), '') AS subject,  "
	    "(SELECT count(*) "
	    "FROM participant p   WHERE p.intervention_id = i.id) AS "
	    "participants,  coalesce(i.start_date, '') AS start_date, "
	    "coalesce(i.end_date, '') AS end_date, i.cost FROM "
	    "intervention i LEFT JOIN subject sj ON sj.id = i.subject_id "
	    "WHERE i.year_id = ?2 AND i.org_id IN (SELECT id FROM sub) "
	    "ORDER BY i.start_date, i.code";
	return run_ints(s, a, sql, 2, org_id, year_id, 0, out, e);
}

int srep_analysis_ran(store *s, const char *analysis, const char *table)
{
	static const char *sql =
	    "SELECT 1 FROM analysis_step st JOIN analysis_run r"
	    " ON r.id = st.run_id WHERE st.analysis = ? AND r.status = 'done'"
	    " LIMIT 1";
	if (srep_has_table(s, "analysis_step")) {
		sql_stmt *st = sql_prep(s, sql, NULL);
		if (st) {
			sql_bind_text(st, 1, analysis);
			int ok = sql_step(st) == SQL_ROW;
			sql_reset(st);
			if (ok)
				return 1;
		}
	}
	return table && srep_has_rows(s, table);
}

/* The flagged students of a class (?1 > 0) or of the orgs under ?2. */
#define EWS_WHO                                                                \
	"((?1 > 0 AND f.student_id IN (SELECT student_id FROM"                 \
	"   enrolment WHERE class_id = ?1))"                                   \
	" OR (?1 = 0 AND f.org_id IN (SELECT id FROM sub)))"

int srep_ews_flags(store *s, arena *a, int64_t class_id, int64_t org_id,
                   srep_rows *out, att_err *e)
{
	static const char *sql =
	    "WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL"
	    "  SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
	    " SELECT st.code, st.given_name, st.family_name, f.overall,"
	    "  f.codes, f.student_id, f.low_subjects, f.growth_fall, f.att_rate"
	    " FROM ews_flag f JOIN student st ON st.id = f.student_id"
	    " WHERE f.run_id = (SELECT max(run_id) FROM ews_flag)"
	    "  AND " EWS_WHO
	    " ORDER BY f.overall DESC, st.family_name, st.given_name, st.code";
	int rc = need_table(s, "ews_flag", out, e);
	return rc ? rc : run_ints(s, a, sql, 2, class_id, org_id, 0, out, e);
}

int srep_ews_reasons(store *s, arena *a, int64_t class_id, int64_t org_id,
                     srep_rows *out, att_err *e)
{
	static const char *sql =
	    "WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL"
	    "  SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
	    " SELECT r.student_id, r.code, r.level, r.value, r.threshold,"
	    "  r.count, r.total, coalesce(label('subject', su.code, su.name), "
	    "'') AS subject"
	    " FROM ews_flag f JOIN ews_reason r ON r.student_id = f.student_id"
	    "  AND r.year_id IS f.year_id"
	    " LEFT JOIN subject su ON su.id = r.subject_id"
	    " WHERE f.run_id = (SELECT max(run_id) FROM ews_flag)"
	    "  AND " EWS_WHO " ORDER BY r.student_id, r.seq";
	int rc = need_table(s, "ews_reason", out, e);
	return rc ? rc : run_ints(s, a, sql, 2, class_id, org_id, 0, out, e);
}

int srep_ews_summary(store *s, arena *a, int64_t org_id, srep_rows *out,
                     att_err *e)
{
	static const char *sql =
	    "SELECT n, n_warn, n_risk, n_chronic, n_slowing FROM ews_summary"
	    " WHERE org_id = ?1"
	    "  AND run_id = (SELECT max(run_id) FROM ews_summary)"
	    " ORDER BY year_id DESC LIMIT 1";
	int rc = need_table(s, "ews_summary", out, e);
	return rc ? rc : run_ints(s, a, sql, 1, org_id, 0, 0, out, e);
}

int srep_impact(store *s, arena *a, int64_t org_id, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL  SELECT o.id "
	    "FROM org o JOIN sub ON o.parent_id = sub.id) SELECT "
	    "label('intervention', i.code, i.name) AS "
	    "intervention, coalesce(label('subject', sj.code, sj.name), '') AS "
	    "subject, m.status, "
	    "m.comparison,  m.n_participants, m.n_matched, m.g, m.g_lo, "
	    "m.g_hi, m.did,  m.cost_per_01sd, m.naive_g FROM impact m JOIN "
	    "intervention i ON i.id = m.intervention_id LEFT JOIN subject "
	    "sj ON sj.id = m.subject_id WHERE i.org_id IN (SELECT id FROM "
	    "sub)  AND m.run_id = (SELECT max(run_id) FROM impact) ORDER "
	    "BY i.start_date, i.code, sj.name";
	int rc = need_table(s, "impact", out, e);
	return rc ? rc : run_ints(s, a, sql, 1, org_id, 0, 0, out, e);
}

int srep_goal_progress(store *s, arena *a, int64_t student_id, int64_t org_id,
                       srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT g.title, p.current, p.projected, p.status, p.met,"
	    "  g.target, g.due_date"
	    " FROM goal_progress p JOIN goal g ON g.id = p.goal_id"
	    " LEFT JOIN class c ON c.id = g.class_id"
	    " WHERE p.run_id = (SELECT max(run_id) FROM goal_progress)"
	    "  AND ((?1 > 0 AND g.student_id = ?1)"
	    "   OR (?2 > 0 AND (g.org_id = ?2 OR c.org_id = ?2)))"
	    " ORDER BY g.due_date, g.code";
	int rc = need_table(s, "goal_progress", out, e);
	return rc ? rc : run_ints(s, a, sql, 2, student_id, org_id, 0, out, e);
}

int srep_themes(store *s, arena *a, int64_t org_id, srep_rows *out, att_err *e)
{
	static const char *sql =
	    "SELECT label('theme', th.code, th.name) AS theme, t.source, t.n, "
	    "t.n_texts,  "
	    "coalesce((SELECT q.quote FROM theme_quote q   WHERE "
	    "q.theme_id = t.theme_id AND q.source = t.source   AND "
	    "(q.org_id = t.org_id OR q.org_id IS NULL)   AND q.run_id = "
	    "t.run_id ORDER BY q.rank LIMIT 1), '') AS quote FROM "
	    "theme_count t JOIN theme th ON th.id = t.theme_id WHERE "
	    "t.org_id = ?1  AND t.run_id = (SELECT max(run_id) FROM "
	    "theme_count) ORDER BY t.source, t.n DESC, th.name";
	int rc = need_table(s, "theme_count", out, e);
	return rc ? rc : run_ints(s, a, sql, 1, org_id, 0, 0, out, e);
}

int srep_peer_pairs(store *s, arena *a, int64_t org_id, srep_rows *out,
                    att_err *e)
{
	static const char *sql =
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL  SELECT o.id "
	    "FROM org o JOIN sub ON o.parent_id = sub.id) SELECT l.name AS "
	    "leader, pt.name AS partner, coalesce(label('subject', sj.code, "
	    "sj.name), '') AS subject, "
	    "p.leader_va,  p.leader_lo, p.partner_va, p.partner_hi, "
	    "p.same_block,  p.distance, p.rank,  p.leader_org_id IN "
	    "(SELECT id FROM sub)   AND p.partner_org_id IN (SELECT id "
	    "FROM sub) AS both_inside, l.code AS leader_code, pt.code AS "
	    "partner_code, coalesce(p.subject_id, 0) AS subject_id "
	    "FROM peer_pair p JOIN org l ON l.id "
	    "= p.leader_org_id JOIN org pt ON pt.id = p.partner_org_id "
	    "LEFT JOIN subject sj ON sj.id = p.subject_id WHERE "
	    "(p.partner_org_id IN (SELECT id FROM sub)   OR "
	    "p.leader_org_id IN (SELECT id FROM sub))  AND p.run_id = "
	    "(SELECT max(run_id) FROM peer_pair) ORDER BY sj.name, "
	    "pt.name, p.rank";
	int rc = need_table(s, "peer_pair", out, e);
	return rc ? rc : run_ints(s, a, sql, 1, org_id, 0, 0, out, e);
}

int srep_instr_groups(store *s, arena *a, int64_t class_id, srep_rows *out,
                      att_err *e)
{
	static const char *sql =
	    "SELECT label('assessment', x.code, x.name) AS assessment, "
	    "g.group_no + 1 AS grp, g.n, g.mean_mastery, "
	    "g.weakest,  coalesce((SELECT group_concat(st.given_name || ' "
	    "' ||    st.family_name, ', ') FROM instr_group_member m    "
	    "JOIN student st ON st.id = m.student_id    WHERE m.class_id = "
	    "g.class_id AND m.assessment_id =    g.assessment_id AND "
	    "m.group_no = g.group_no    AND m.run_id = g.run_id), '') AS "
	    "members FROM instr_group g JOIN assessment x ON x.id = "
	    "g.assessment_id WHERE g.class_id = ?1  AND g.run_id = (SELECT "
	    "max(run_id) FROM instr_group) ORDER BY x.date DESC, x.id, "
	    "g.group_no";
	int rc = need_table(s, "instr_group", out, e);
	return rc ? rc : run_ints(s, a, sql, 1, class_id, 0, 0, out, e);
}
