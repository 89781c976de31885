/*
 * store_web.c - SQL for the web server: sessions, sign-in failures, scope
 * facts and the named page queries (see store_web.h).
 *
 * Conventions of the page queries:
 *   - "score" means a summative result as a percent of the assessment's
 *     maximum; a year's mean is the mean over every summative result of
 *     that year (the same definition as goal.metric 'mean_score').
 *   - "proficient" means at or above the proficient cut: the band named
 *     proficient/meets/secure/expected, else the middle band by seq
 *     ((max seq + 1) / 2), else 60 percent of the maximum.
 *   - attendance rate = present (incl. late) / possible days, summed over
 *     the students before dividing (att_present/att_possible decode the
 *     4-bit marks blob, attendance.h).
 */
#include "store_web.h"

#include <stdlib.h>
#include <string.h>

#include "store_derived.h"
#include "store_internal.h"

int store_web_prepare(store *s, att_err *e)
{
	/* Every connection already runs in WAL with NORMAL sync (the engine
	 * sets it when it opens one): nothing engine-specific here. */
	return sql_functions(s, e) ? ATT_EIO : ATT_OK;
}

/* ---- sessions ---- */

int store_web_session_add(store *s, const char *token_hash, int64_t account_id,
                          const char *csrf, const char *address, int64_t now,
                          int64_t expires_at, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO web_session(token_hash, account_id, csrf, address,"
	    " created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, token_hash);
	sql_bind_int(st, 2, account_id);
	sql_bind_text(st, 3, csrf);
	sql_bind_text(st, 4, address);
	sql_bind_int(st, 5, now);
	sql_bind_int(st, 6, now);
	sql_bind_int(st, 7, expires_at);
	return sql_run(st, e, "cannot add session");
}

/* The first row of st (its parameters bound) into r in arena a;
 * ATT_ENOTFOUND "no such WHAT" when there is none, ATT_EIO on an error. */
static int one_row(sql_stmt *st, arena *a, rowset *r, const char *what,
                   att_err *e)
{
	int rc = sql_rows(st, a, 1, r, e, what);
	if (!rc && r->nrow == 0)
		return err_set(e, ATT_ENOTFOUND, "no such %s", what);
	return rc;
}

/* The one row of sql for a code (its ?1) into r, as one_row. */
static int by_code(store *s, const char *sql, const char *code, arena *a,
                   rowset *r, const char *what, att_err *e)
{
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, code);
	return one_row(st, a, r, what, e);
}

int store_web_session_get(store *s, const char *token_hash, int64_t now,
                          int64_t idle, arena *a, sw_session *out, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT a.id AS id, a.username AS username, a.role AS role,"
	    " a.lang AS lang, w.csrf AS csrf, a.staff_id AS staff_id,"
	    " a.student_id AS student_id, a.guardian_id AS guardian_id,"
	    " w.last_seen AS last_seen, w.expires_at AS expires_at"
	    " FROM web_session w JOIN account a ON a.id = w.account_id"
	    " WHERE w.token_hash = ? AND w.expires_at > ? AND w.last_seen > ?"
	    " AND a.disabled = 0",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, token_hash);
	sql_bind_int(st, 2, now);
	sql_bind_int(st, 3, now - idle);
	rowset r;
	int rc = one_row(st, a, &r, "session", e);
	if (rc)
		return rc;
	out->account_id = rows_int(&r, 0, "id");
	out->username = rows_text(&r, 0, "username");
	out->role = rows_text(&r, 0, "role");
	out->lang = rows_text(&r, 0, "lang");
	out->csrf = rows_text(&r, 0, "csrf");
	out->staff_id = rows_int(&r, 0, "staff_id");
	out->student_id = rows_int(&r, 0, "student_id");
	out->guardian_id = rows_int(&r, 0, "guardian_id");
	out->last_seen = rows_int(&r, 0, "last_seen");
	out->expires_at = rows_int(&r, 0, "expires_at");
	return ATT_OK;
}

static int exec_text_int(store *s, const char *sql, const char *t, int64_t v,
                         att_err *e)
{
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, v);
	sql_bind_text(st, 2, t);
	return sql_run(st, e, "session update failed");
}

int store_web_session_touch(store *s, const char *token_hash, int64_t now,
                            att_err *e)
{
	return exec_text_int(
	    s, "UPDATE web_session SET last_seen = ?1 WHERE token_hash = ?2",
	    token_hash, now, e);
}

int store_web_session_remove(store *s, const char *token_hash, att_err *e)
{
	return exec_text_int(
	    s, "DELETE FROM web_session WHERE token_hash = ?2 AND ?1 = ?1",
	    token_hash, 0, e);
}

int store_web_session_purge(store *s, int64_t now, int64_t idle)
{
	sql_stmt *st = sql_prep(
	    s,
	    "DELETE FROM web_session WHERE expires_at <= ?1 OR last_seen <= ?2",
	    NULL);
	if (!st)
		return -1;
	sql_bind_int(st, 1, now);
	sql_bind_int(st, 2, now - idle);
	return sql_run(st, NULL, "") ? -1 : (int)sql_changes(s);
}

/* ---- sign-in failures ---- */

int store_web_failures(store *s, const char *username, const char *address,
                       int64_t since, auth_failures *out, att_err *e)
{
	sql_stmt *st =
	    sql_prep(s,
	             "SELECT count(*), coalesce(max(at), 0),"
	             " coalesce(sum(address = ?2), 0),"
	             " coalesce(max(CASE WHEN address = ?2 THEN at END), 0)"
	             " FROM web_login_failure WHERE username = ?1 AND at >= ?3",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, username);
	sql_bind_text(st, 2, address);
	sql_bind_int(st, 3, since);
	int rc = sql_step(st);
	if (rc == SQL_ROW) {
		out->account = (int)sql_int(st, 0);
		out->account_last = sql_int(st, 1);
		out->pair = (int)sql_int(st, 2);
		out->pair_last = sql_int(st, 3);
	}
	sql_reset(st);
	return rc == SQL_ROW ? ATT_OK : sql_fail(s, e, "cannot count failures");
}

int store_web_failure_add(store *s, const char *username, const char *address,
                          int64_t now, int64_t prune_before, att_err *e)
{
	sql_stmt *st =
	    sql_prep(s, "DELETE FROM web_login_failure WHERE at < ?", e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, prune_before);
	if (sql_run(st, e, "cannot prune failures"))
		return ATT_EIO;
	st = sql_prep(s,
	              "INSERT INTO web_login_failure(username, address, at)"
	              " VALUES (?, ?, ?)",
	              e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, username);
	sql_bind_text(st, 2, address);
	sql_bind_int(st, 3, now);
	return sql_run(st, e, "cannot record failure");
}

int store_web_failures_clear(store *s, const char *username,
                             const char *address, int *cleared, att_err *e)
{
	sql_stmt *st =
	    sql_prep(s,
	             "DELETE FROM web_login_failure WHERE username = ?1"
	             " AND (?2 IS NULL OR address = ?2)",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, username);
	sql_bind_text(st, 2, address);
	if (sql_run(st, e, "cannot clear failures"))
		return ATT_EIO;
	if (cleared)
		*cleared = (int)sql_changes(s);
	return ATT_OK;
}

/* ---- scope facts ---- */

static int collect_ids(store *s, const char *sql, const int64_t *args,
                       int nargs, arena *a, sw_ids *out, att_err *e)
{
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	for (int i = 0; i < nargs; i++)
		sql_bind_int(st, i + 1, args[i]);
	size_t cap = 8;
	int64_t *v = xmalloc(cap * sizeof(*v));
	int n = 0, rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		xgrow((void **)&v, &cap, (size_t)n + 1, sizeof(*v));
		v[n++] = sql_int(st, 0);
	}
	sql_reset(st);
	out->n = n;
	out->v = arena_alloc(a, (size_t)(n ? n : 1) * sizeof(int64_t));
	memcpy(out->v, v, (size_t)n * sizeof(int64_t));
	free(v);
	return rc == SQL_DONE ? ATT_OK : sql_fail(s, e, "scope query failed");
}

int store_web_account_scope(store *s, int64_t account_id, int64_t staff_id,
                            int64_t student_id, int64_t guardian_id, arena *a,
                            sw_ids *orgs, sw_ids *classes, sw_ids *students,
                            att_err *e)
{
	int64_t a1[] = {account_id};
	int64_t a2[] = {account_id, staff_id};
	int64_t a3[] = {account_id, student_id, guardian_id};
	if (collect_ids(s,
	                "SELECT org_id FROM account_scope"
	                " WHERE account_id = ?1 AND org_id IS NOT NULL",
	                a1, 1, a, orgs, e))
		return ATT_EIO;
	if (collect_ids(
	        s,
	        "SELECT class_id FROM account_scope"
	        " WHERE account_id = ?1 AND class_id IS NOT NULL"
	        " UNION SELECT class_id FROM teacher_of WHERE staff_id = ?2",
	        a2, 2, a, classes, e))
		return ATT_EIO;
	return collect_ids(s,
	                   "SELECT student_id FROM account_scope"
	                   " WHERE account_id = ?1 AND student_id IS NOT NULL"
	                   " UNION SELECT id FROM student WHERE id = ?2"
	                   " UNION SELECT student_id FROM guardian_link"
	                   "  WHERE guardian_id = ?3",
	                   a3, 3, a, students, e);
}

static int org_path(store *s, int by_id, const char *code, int64_t id, arena *a,
                    sw_org **path, int *n, att_err *e)
{
	static const char *by_code_sql =
	    "WITH RECURSIVE up(id, depth) AS ("
	    "  SELECT id, 0 FROM org WHERE code = ?1"
	    "  UNION ALL SELECT o.parent_id, up.depth + 1 FROM up"
	    "  JOIN org o ON o.id = up.id WHERE o.parent_id IS NOT NULL"
	    "  AND up.depth < 64)"
	    " SELECT o.id, o.code, o.name, label('org_level', o.level, "
	    "o.level) AS level, o.is_school FROM up"
	    " JOIN org o ON o.id = up.id ORDER BY up.depth DESC";
	static const char *by_id_sql =
	    "WITH RECURSIVE up(id, depth) AS ("
	    "  SELECT id, 0 FROM org WHERE id = ?1"
	    "  UNION ALL SELECT o.parent_id, up.depth + 1 FROM up"
	    "  JOIN org o ON o.id = up.id WHERE o.parent_id IS NOT NULL"
	    "  AND up.depth < 64)"
	    " SELECT o.id, o.code, o.name, label('org_level', o.level, "
	    "o.level) AS level, o.is_school FROM up"
	    " JOIN org o ON o.id = up.id ORDER BY up.depth DESC";
	sql_stmt *st = sql_prep(s, by_id ? by_id_sql : by_code_sql, e);
	if (!st)
		return ATT_EIO;
	if (by_id)
		sql_bind_int(st, 1, id);
	else
		sql_bind_text(st, 1, code);
	sw_org tmp[66];
	int k = 0, rc;
	while ((rc = sql_step(st)) == SQL_ROW && k < 66) {
		tmp[k].id = sql_int(st, 0);
		tmp[k].code = arena_strdup(a, sql_text(st, 1));
		tmp[k].name = arena_strdup(a, sql_text(st, 2));
		tmp[k].level = arena_strdup(a, sql_text(st, 3));
		tmp[k].is_school = (int)sql_int(st, 4);
		k++;
	}
	sql_reset(st);
	if (rc != SQL_DONE && rc != SQL_ROW)
		return sql_fail(s, e, "org path query failed");
	if (k == 0)
		return err_set(e, ATT_ENOTFOUND, "no such org");
	*path = arena_alloc(a, (size_t)k * sizeof(sw_org));
	memcpy(*path, tmp, (size_t)k * sizeof(sw_org));
	*n = k;
	return ATT_OK;
}

int store_web_org_path(store *s, const char *code, arena *a, sw_org **path,
                       int *n, att_err *e)
{
	return org_path(s, 0, code, 0, a, path, n, e);
}

int store_web_org_path_id(store *s, int64_t id, arena *a, sw_org **path, int *n,
                          att_err *e)
{
	return org_path(s, 1, NULL, id, a, path, n, e);
}

int store_web_class(store *s, const char *code, arena *a, sw_class *out,
                    att_err *e)
{
	rowset r;
	int rc = by_code(
	    s,
	    "SELECT c.id AS id, c.code AS code,"
	    " label('class', c.code, c.name) AS name, c.org_id AS org_id,"
	    " coalesce(c.grade, 0) AS grade,"
	    " coalesce(label('subject', su.code, su.name), '') AS subject,"
	    " y.code AS year, c.year_id AS year_id,"
	    " coalesce(c.subject_id, 0) AS subject_id FROM class c"
	    " JOIN academic_year y ON y.id = c.year_id"
	    " LEFT JOIN subject su ON su.id = c.subject_id WHERE c.code = ?",
	    code, a, &r, "class", e);
	if (rc)
		return rc;
	out->id = rows_int(&r, 0, "id");
	out->code = rows_text(&r, 0, "code");
	out->name = rows_text(&r, 0, "name");
	out->org_id = rows_int(&r, 0, "org_id");
	out->grade = (int)rows_int(&r, 0, "grade");
	out->subject = rows_text(&r, 0, "subject");
	out->year = rows_text(&r, 0, "year");
	out->year_id = rows_int(&r, 0, "year_id");
	out->subject_id = rows_int(&r, 0, "subject_id");
	return ATT_OK;
}

int store_web_student(store *s, const char *code, arena *a, sw_student *out,
                      att_err *e)
{
	rowset r;
	int rc = by_code(
	    s,
	    "SELECT s.id AS id, s.code AS code, s.given_name AS given_name,"
	    " s.family_name AS family_name, p.org_id AS school_id,"
	    " p.grade AS grade, p.year_id AS year_id FROM student s"
	    " LEFT JOIN placement p ON p.student_id = s.id AND p.year_id ="
	    "  (SELECT p2.year_id FROM placement p2 JOIN academic_year y"
	    "    ON y.id = p2.year_id WHERE p2.student_id = s.id"
	    "    ORDER BY y.start_date DESC LIMIT 1)"
	    " WHERE s.code = ?",
	    code, a, &r, "student", e);
	if (rc)
		return rc;
	out->id = rows_int(&r, 0, "id");
	out->code = rows_text(&r, 0, "code");
	out->given_name = rows_text(&r, 0, "given_name");
	out->family_name = rows_text(&r, 0, "family_name");
	out->school_id = rows_int(&r, 0, "school_id");
	out->grade = (int)rows_int(&r, 0, "grade");
	int64_t year = rows_int(&r, 0, "year_id");
	int64_t a1[] = {out->id};
	int64_t a2[] = {out->id, year};
	if (collect_ids(s,
	                "SELECT class_id FROM enrolment WHERE student_id = ?1",
	                a1, 1, a, &out->classes, e))
		return ATT_EIO;
	return collect_ids(s,
	                   "SELECT e.class_id FROM enrolment e JOIN class c"
	                   " ON c.id = e.class_id WHERE e.student_id = ?1"
	                   " AND c.year_id = ?2",
	                   a2, 2, a, &out->current_classes, e);
}

int store_web_analysed(store *s, const char *analysis)
{
	return store_run_latest(s, analysis) > 0;
}

int64_t store_web_account_id(store *s, const char *username)
{
	sql_stmt *st =
	    sql_prep(s, "SELECT id FROM account WHERE username = ?", NULL);
	if (!st)
		return -1;
	sql_bind_text(st, 1, username);
	int64_t id = -1;
	if (sql_step(st) == SQL_ROW)
		id = sql_int(st, 0);
	sql_reset(st);
	return id;
}

/* ---- page queries ---- */

/* The proficient cut of each summative assessment of year ?2. */
#define CUT_CTE                                                                \
	"cut(aid, max_score, pcut, subject_id) AS (SELECT a.id, a.max_score,"  \
	" coalesce((SELECT min(c.min_score) FROM cut_score c WHERE"            \
	"  c.assessment_id = a.id AND lower(c.band) IN ('proficient', "        \
	"'meets',"                                                             \
	"  'secure', 'expected', 'at expected', 'meets expectations')),"       \
	" (SELECT c.min_score FROM cut_score c WHERE c.assessment_id = a.id"   \
	"  AND c.seq = (SELECT (max(c2.seq) + 1) / 2 FROM cut_score c2"        \
	"  WHERE c2.assessment_id = a.id)), a.max_score * 0.6), a.subject_id"  \
	" FROM assessment a WHERE a.year_id = ?2 AND a.kind = 'summative')"

/* Every org under ?1 (inclusive). */
#define SUB_CTE                                                                \
	"sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM org o"               \
	" JOIN sub ON o.parent_id = sub.id)"

/* The columns of an early-warning reasons query (r: ews_reason, su: its
 * subject). */
#define EWS_REASON_COLS                                                        \
	"r.student_id AS sid, r.code, r.level, r.value, r.threshold,"          \
	" r.count, r.total, coalesce(label('subject', su.code, su.name), '')"  \
	" AS subject"

static const char *const queries[SWQ_COUNT] = {
    [SWQ_ORG_CHILDREN] =
        "WITH RECURSIVE m(child, id) AS (SELECT id, id FROM org"
        "  WHERE parent_id = ?1 UNION ALL SELECT m.child, o.id FROM m"
        "  JOIN org o ON o.parent_id = m.id), " CUT_CTE ","
        " pl AS MATERIALIZED (SELECT m.child, p.student_id FROM m"
        "  JOIN placement p ON p.org_id = m.id AND p.year_id = ?2),"
        " res AS (SELECT pl.child, r.score * 100.0 / cut.max_score AS pct,"
        "  r.score >= cut.pcut AS prof FROM cut JOIN result r"
        "  ON r.assessment_id = cut.aid JOIN pl ON pl.student_id = "
        "r.student_id),"
        " att AS (SELECT pl.child, sum(att_present(t.marks)) AS pr,"
        "  sum(att_possible(t.marks)) AS po FROM pl JOIN attendance t"
        "  ON t.student_id = pl.student_id AND t.year_id = ?2 GROUP BY "
        "pl.child),"
        " sch AS (SELECT child, count(*) AS n FROM m JOIN org o ON o.id = m.id"
        "  AND o.is_school = 1 GROUP BY child)"
        " SELECT o.code, o.name, label('org_level', o.level, o.level) AS "
        "level, o.is_school,"
        "  coalesce(sch.n, 0) AS schools, coalesce(s.n, 0) AS students,"
        "  r.mean, r.prof, 100.0 * att.pr / nullif(att.po, 0) AS attendance,"
        "  coalesce(s.n, 0) AS n"
        " FROM org o LEFT JOIN (SELECT child, count(*) AS n FROM pl"
        "  GROUP BY child) s ON s.child = o.id"
        " LEFT JOIN (SELECT child, avg(pct) AS mean, 100.0 * avg(prof) AS prof"
        "  FROM res GROUP BY child) r ON r.child = o.id"
        " LEFT JOIN att ON att.child = o.id LEFT JOIN sch ON sch.child = o.id"
        " WHERE o.parent_id = ?1 ORDER BY o.name",
    [SWQ_ORG_SUMMARY] =
        "WITH RECURSIVE " SUB_CTE ", " CUT_CTE ","
        " pl AS MATERIALIZED (SELECT p.student_id FROM sub JOIN placement p"
        "  ON p.org_id = sub.id AND p.year_id = ?2)"
        " SELECT (SELECT count(*) FROM sub JOIN org o ON o.id = sub.id"
        "   AND o.is_school = 1) AS schools,"
        "  (SELECT count(*) FROM pl) AS students,"
        "  (SELECT avg(r.score * 100.0 / cut.max_score) FROM cut JOIN result r"
        "   ON r.assessment_id = cut.aid JOIN pl ON pl.student_id = "
        "r.student_id)"
        "   AS mean,"
        "  (SELECT 100.0 * avg(r.score >= cut.pcut) FROM cut JOIN result r"
        "   ON r.assessment_id = cut.aid JOIN pl ON pl.student_id = "
        "r.student_id)"
        "   AS prof,"
        "  (SELECT 100.0 * sum(att_present(t.marks))"
        "   / nullif(sum(att_possible(t.marks)), 0) FROM pl JOIN attendance t"
        "   ON t.student_id = pl.student_id AND t.year_id = ?2) AS attendance",
    [SWQ_ORG_TREND] =
        "WITH RECURSIVE " SUB_CTE ","
        " yr AS (SELECT y.id, y.code, y.start_date FROM academic_year y),"
        " pl AS MATERIALIZED (SELECT p.student_id, p.year_id FROM sub"
        "  JOIN placement p ON p.org_id = sub.id)"
        " SELECT yr.code AS year, count(DISTINCT pl.student_id) AS students,"
        "  avg(r.score * 100.0 / a.max_score) AS mean,"
        "  count(r.score) AS n"
        " FROM yr JOIN pl ON pl.year_id = yr.id"
        " JOIN result r ON r.student_id = pl.student_id"
        " JOIN assessment a ON a.id = r.assessment_id AND a.year_id = yr.id"
        "  AND a.kind = 'summative'"
        " GROUP BY yr.id ORDER BY yr.start_date",
    [SWQ_ORG_SUPPORT] =
        "WITH RECURSIVE " SUB_CTE ", " CUT_CTE ","
        " sch AS (SELECT o.id, o.code, o.name FROM sub JOIN org o"
        "  ON o.id = sub.id AND o.is_school = 1),"
        " pl AS MATERIALIZED (SELECT p.org_id, p.student_id FROM sch"
        "  JOIN placement p ON p.org_id = sch.id AND p.year_id = ?2),"
        " res AS (SELECT pl.org_id, avg(r.score * 100.0 / cut.max_score) AS "
        "mean,"
        "  100.0 * avg(r.score >= cut.pcut) AS prof FROM cut JOIN result r"
        "  ON r.assessment_id = cut.aid JOIN pl ON pl.student_id = r.student_id"
        "  GROUP BY pl.org_id),"
        " att AS (SELECT pl.org_id, 100.0 * sum(att_present(t.marks))"
        "  / nullif(sum(att_possible(t.marks)), 0) AS rate FROM pl"
        "  JOIN attendance t ON t.student_id = pl.student_id"
        "  AND t.year_id = ?2 GROUP BY pl.org_id),"
        " n AS (SELECT org_id, count(*) AS n FROM pl GROUP BY org_id)"
        " SELECT sch.code, sch.name, n.n AS students, res.mean, res.prof,"
        "  att.rate AS attendance, n.n AS n"
        " FROM sch JOIN n ON n.org_id = sch.id LEFT JOIN res"
        "  ON res.org_id = sch.id LEFT JOIN att ON att.org_id = sch.id"
        " ORDER BY res.mean IS NULL, res.mean, att.rate LIMIT 10",
    [SWQ_SCHOOL_GRADES] =
        "WITH " CUT_CTE ","
        " pl AS MATERIALIZED (SELECT p.student_id, p.grade FROM placement p"
        "  WHERE p.org_id = ?1 AND p.year_id = ?2),"
        " res AS (SELECT pl.grade, avg(r.score * 100.0 / cut.max_score) AS "
        "mean,"
        "  100.0 * avg(r.score >= cut.pcut) AS prof FROM cut JOIN result r"
        "  ON r.assessment_id = cut.aid JOIN pl ON pl.student_id = r.student_id"
        "  GROUP BY pl.grade),"
        " att AS (SELECT pl.grade, 100.0 * sum(att_present(t.marks))"
        "  / nullif(sum(att_possible(t.marks)), 0) AS rate FROM pl"
        "  JOIN attendance t ON t.student_id = pl.student_id"
        "  AND t.year_id = ?2 GROUP BY pl.grade)"
        " SELECT g.grade, g.n AS students, res.mean, res.prof,"
        "  att.rate AS attendance, g.n AS n FROM (SELECT grade, count(*) AS n"
        "  FROM pl GROUP BY grade) g LEFT JOIN res ON res.grade = g.grade"
        " LEFT JOIN att ON att.grade = g.grade ORDER BY g.grade",
    [SWQ_SCHOOL_CLASSES] =
        "WITH " CUT_CTE
        " SELECT c.code, label('class', c.code, c.name) AS name, c.grade, "
        "coalesce(label('subject', su.code, su.name), '') AS subject,"
        "  (SELECT group_concat(st.given_name || ' ' || st.family_name, ', ')"
        "   FROM teacher_of t JOIN staff st ON st.id = t.staff_id"
        "   WHERE t.class_id = c.id) AS teacher,"
        "  (SELECT count(*) FROM enrolment e WHERE e.class_id = c.id) AS "
        "students,"
        "  (SELECT avg(r.score * 100.0 / cut.max_score) FROM enrolment e"
        "   JOIN result r ON r.student_id = e.student_id"
        "   JOIN cut ON cut.aid = r.assessment_id"
        "   AND (c.subject_id IS NULL OR cut.subject_id = c.subject_id)"
        "   WHERE e.class_id = c.id) AS mean"
        " FROM class c LEFT JOIN subject su ON su.id = c.subject_id"
        " WHERE c.org_id = ?1 AND c.year_id = ?2 ORDER BY c.grade, c.name",
    [SWQ_SCHOOL_SUBJECTS] =
        "WITH " CUT_CTE ","
        " pl AS MATERIALIZED (SELECT p.student_id FROM placement p"
        "  WHERE p.org_id = ?1 AND p.year_id = ?2)"
        " SELECT su.code, label('subject', su.code, su.name) AS name, "
        "count(DISTINCT r.student_id) AS students,"
        "  avg(r.score * 100.0 / cut.max_score) AS mean,"
        "  100.0 * avg(r.score >= cut.pcut) AS prof,"
        "  count(DISTINCT r.student_id) AS n"
        " FROM cut JOIN result r ON r.assessment_id = cut.aid"
        " JOIN pl ON pl.student_id = r.student_id"
        " JOIN subject su ON su.id = cut.subject_id"
        " GROUP BY su.id ORDER BY su.name",
    [SWQ_SCHOOL_SUBGROUPS] =
        "WITH " CUT_CTE ","
        " pl AS MATERIALIZED (SELECT p.student_id, s.gender, "
        "s.ses_disadvantaged,"
        "  s.special_needs FROM placement p JOIN student s ON s.id = "
        "p.student_id"
        "  WHERE p.org_id = ?1 AND p.year_id = ?2),"
        " g AS (SELECT student_id, 'gender:' || gender AS grp FROM pl"
        "  WHERE gender IS NOT NULL"
        "  UNION ALL SELECT student_id, 'ses:' || ses_disadvantaged FROM pl"
        "  WHERE ses_disadvantaged IS NOT NULL"
        "  UNION ALL SELECT student_id, 'sen:' || special_needs FROM pl"
        "  WHERE special_needs IS NOT NULL)"
        " SELECT g.grp AS subgroup, count(DISTINCT g.student_id) AS students,"
        "  avg(r.score * 100.0 / cut.max_score) AS mean,"
        "  100.0 * avg(r.score >= cut.pcut) AS prof,"
        "  count(DISTINCT g.student_id) AS n"
        " FROM g JOIN result r ON r.student_id = g.student_id"
        " JOIN cut ON cut.aid = r.assessment_id"
        " GROUP BY g.grp ORDER BY g.grp",
    [SWQ_SCHOOL_GAPS] =
        "SELECT y.code AS year,"
        "  avg(CASE WHEN s.gender = 'F' THEN r.score * 100.0 / a.max_score END)"
        "   AS girls,"
        "  avg(CASE WHEN s.gender = 'M' THEN r.score * 100.0 / a.max_score END)"
        "   AS boys,"
        "  avg(CASE WHEN s.ses_disadvantaged = 1"
        "   THEN r.score * 100.0 / a.max_score END) AS disadvantaged,"
        "  avg(CASE WHEN s.ses_disadvantaged = 0"
        "   THEN r.score * 100.0 / a.max_score END) AS others"
        " FROM placement p JOIN academic_year y ON y.id = p.year_id"
        " JOIN student s ON s.id = p.student_id"
        " JOIN result r ON r.student_id = p.student_id"
        " JOIN assessment a ON a.id = r.assessment_id AND a.year_id = p.year_id"
        "  AND a.kind = 'summative'"
        " WHERE p.org_id = ?1 GROUP BY y.id ORDER BY y.start_date",
    [SWQ_SCHOOL_INTERVENTIONS] =
        "SELECT i.code, label('intervention', i.code, i.name) AS name, "
        "coalesce(label('subject', su.code, su.name), '') AS subject,"
        "  i.start_date, i.end_date,"
        "  (SELECT count(*) FROM participant p WHERE p.intervention_id = i.id)"
        "   AS participants, i.cost, im.g, im.g_lo, im.g_hi, im.comparison,"
        "  im.status, im.cost_per_01sd"
        " FROM intervention i LEFT JOIN subject su ON su.id = i.subject_id"
        " LEFT JOIN impact im ON im.rowid = (SELECT rowid FROM impact"
        "  WHERE intervention_id = i.id ORDER BY n_matched DESC LIMIT 1)"
        " WHERE i.org_id = ?1 ORDER BY i.start_date DESC, i.name",
    [SWQ_SCHOOL_GOALS] =
        "SELECT g.code, g.title, g.metric, g.baseline, g.target, g.due_date,"
        "  coalesce(label('class', c.code, c.name), '') AS class, gp.current, "
        "gp.projected,"
        "  gp.status"
        " FROM goal g LEFT JOIN class c ON c.id = g.class_id"
        " LEFT JOIN goal_progress gp ON gp.goal_id = g.id"
        " WHERE g.org_id = ?1 OR c.org_id = ?1 ORDER BY g.due_date",
    [SWQ_SCHOOL_OBSERVATIONS] =
        "SELECT label('criterion', os.criterion, os.criterion) AS criterion,"
        " count(*) AS observations,"
        "  avg(os.score) AS mean"
        " FROM observation o JOIN observation_score os"
        "  ON os.observation_id = o.id WHERE o.org_id = ?1"
        " GROUP BY os.criterion ORDER BY os.criterion",
    [SWQ_SCHOOL_SURVEYS] =
        "SELECT sv.code, label('survey', sv.code, sv.title) AS title, "
        "sv.audience,"
        "  (SELECT count(*) FROM survey_response r WHERE r.survey_id = sv.id"
        "   AND (r.org_id = ?1 OR r.org_id IS NULL)) AS responses,"
        "  (SELECT avg(a.value) FROM survey_response r JOIN survey_answer a"
        "   ON a.response_id = r.id WHERE r.survey_id = sv.id"
        "   AND (r.org_id = ?1 OR r.org_id IS NULL)) AS mean"
        " FROM survey sv WHERE sv.org_id = ?1 OR sv.org_id IS NULL"
        "  OR sv.org_id IN (WITH RECURSIVE up(id) AS (SELECT ?1 UNION ALL"
        "   SELECT o.parent_id FROM org o JOIN up ON o.id = up.id"
        "   WHERE o.parent_id IS NOT NULL) SELECT id FROM up)"
        " ORDER BY sv.code",
    [SWQ_CLASS_ITEMS] =
        "WITH cl AS (SELECT c.id, c.year_id, c.subject_id FROM class c"
        "  WHERE c.id = ?1)"
        " SELECT label('assessment', a.code, a.name) AS assessment, i.code AS "
        "item,"
        "  coalesce(sd.code, '') AS standard, count(*) AS n,"
        "  avg(ir.points / i.max_points) AS difficulty,"
        "  (SELECT st.pbis FROM item_stat st WHERE st.item_id = i.id) AS pbis,"
        "  (SELECT st.flag FROM item_stat st WHERE st.item_id = i.id) AS flag"
        " FROM cl JOIN assessment a ON a.year_id = cl.year_id"
        "  AND (cl.subject_id IS NULL OR a.subject_id = cl.subject_id)"
        " JOIN item i ON i.assessment_id = a.id"
        " JOIN item_response ir ON ir.item_id = i.id"
        " JOIN enrolment e ON e.student_id = ir.student_id AND e.class_id = ?1"
        " LEFT JOIN standard sd ON sd.id = i.standard_id"
        " GROUP BY i.id ORDER BY a.date, a.name, i.seq, i.code",
    [SWQ_STUDENT_RESULTS] =
        "SELECT y.code AS year, coalesce(a.date, '') AS date,"
        "  label('subject', su.code, su.name) AS subject, label('assessment', "
        "a.code, a.name) AS assessment, a.kind,"
        "  r.score * 100.0 / a.max_score AS pct,"
        "  (SELECT label('band', c.band, c.band) AS band FROM cut_score c "
        "WHERE c.assessment_id = a.id"
        "   AND c.min_score <= r.score ORDER BY c.seq DESC LIMIT 1) AS band,"
        "  EXISTS (SELECT 1 FROM result_review v WHERE v.student_id ="
        "   r.student_id AND v.assessment_id = r.assessment_id) AS review,"
        "  a.year_id, a.subject_id"
        " FROM result r JOIN assessment a ON a.id = r.assessment_id"
        " JOIN academic_year y ON y.id = a.year_id"
        " JOIN subject su ON su.id = a.subject_id"
        " WHERE r.student_id = ?1 ORDER BY y.start_date, a.date, su.name",
    [SWQ_STUDENT_ATTENDANCE] =
        "SELECT y.code AS year, att_possible(t.marks) AS possible,"
        "  att_present(t.marks) AS present,"
        "  att_possible(t.marks) - att_present(t.marks) AS absent,"
        "  att_late(t.marks) AS late,"
        "  100.0 * att_present(t.marks) / nullif(att_possible(t.marks), 0) AS "
        "rate"
        " FROM attendance t JOIN academic_year y ON y.id = t.year_id"
        " WHERE t.student_id = ?1 ORDER BY y.start_date",
    [SWQ_STUDENT_GOALS] =
        "SELECT g.code, g.title, g.metric, g.baseline, g.target, g.due_date,"
        "  g.set_by, gp.current, gp.projected, gp.status FROM goal g"
        " LEFT JOIN goal_progress gp ON gp.goal_id = g.id"
        " WHERE g.student_id = ?1 ORDER BY g.due_date",
    [SWQ_TEACHER_CLASSES] =
        "SELECT c.code, label('class', c.code, c.name) AS name, c.grade, "
        "coalesce(label('subject', su.code, su.name), '') AS subject,"
        "  y.code AS year,"
        "  (SELECT count(*) FROM enrolment e WHERE e.class_id = c.id) AS "
        "students"
        " FROM class c JOIN academic_year y ON y.id = c.year_id"
        " LEFT JOIN subject su ON su.id = c.subject_id"
        " WHERE c.id IN (SELECT class_id FROM account_scope WHERE account_id = "
        "?1"
        "  AND class_id IS NOT NULL UNION SELECT class_id FROM teacher_of"
        "  WHERE staff_id = ?2)"
        " ORDER BY y.start_date DESC, c.grade, c.name",
    [SWQ_PARENT_CHILDREN] =
        "SELECT s.code, s.given_name || ' ' || s.family_name AS name"
        " FROM student s WHERE s.id IN (SELECT student_id FROM account_scope"
        "  WHERE account_id = ?1 AND student_id IS NOT NULL"
        "  UNION SELECT student_id FROM guardian_link WHERE guardian_id = ?2"
        "  UNION SELECT ?3)"
        " ORDER BY s.given_name",
    [SWQ_OFFICER_ORGS] =
        "SELECT o.code, o.name, label('org_level', o.level, o.level) AS level"
        " FROM account_scope sc"
        " JOIN org o ON o.id = sc.org_id WHERE sc.account_id = ?1"
        " ORDER BY o.name",
    [SWQ_ROOT_ORGS] =
        "SELECT o.code, o.name, label('org_level', o.level, o.level) AS level"
        " FROM org o WHERE o.parent_id IS NULL"
        " ORDER BY o.name",
    [SWQ_LATEST_YEAR] =
        "SELECT y.id, y.code FROM academic_year y WHERE EXISTS (SELECT 1"
        "  FROM assessment a JOIN result r ON r.assessment_id = a.id"
        "  WHERE a.year_id = y.id AND a.kind = 'summative')"
        " ORDER BY y.start_date DESC LIMIT 1",
    [SWQ_YEARS] =
        "SELECT y.id, y.code FROM academic_year y WHERE EXISTS (SELECT 1"
        "  FROM assessment a JOIN result r ON r.assessment_id = a.id"
        "  WHERE a.year_id = y.id AND a.kind = 'summative')"
        " ORDER BY y.start_date DESC",
    [SWQ_ORG_CHILDREN_D] =
        "WITH RECURSIVE m(child, id) AS (SELECT id, id FROM org"
        "  WHERE parent_id = ?1 UNION ALL SELECT m.child, o.id FROM m"
        "  JOIN org o ON o.parent_id = m.id),"
        " pl AS MATERIALIZED (SELECT m.child, p.student_id FROM m"
        "  JOIN placement p ON p.org_id = m.id AND p.year_id = ?2),"
        " att AS (SELECT pl.child, count(*) AS n, sum(att_present(t.marks)) AS "
        "pr,"
        "  sum(att_possible(t.marks)) AS po FROM pl LEFT JOIN attendance t"
        "  ON t.student_id = pl.student_id AND t.year_id = ?2 GROUP BY "
        "pl.child),"
        " sch AS (SELECT child, count(*) AS n FROM m JOIN org o ON o.id = m.id"
        "  AND o.is_school = 1 GROUP BY child),"
        " ds AS (SELECT d.org_id, sum(d.n * d.mean_pct) / sum(d.n) AS mean,"
        "  100.0 * sum(d.n * d.share_prof) / sum(d.n) AS prof FROM desc_stat d"
        "  JOIN assessment a ON a.id = d.assessment_id AND a.kind = 'summative'"
        "  WHERE d.group_kind = 'org' AND d.subgroup = 'all' AND d.year_id = ?2"
        "  AND d.org_id IN (SELECT id FROM org WHERE parent_id = ?1)"
        "  GROUP BY d.org_id)"
        " SELECT o.code, o.name, label('org_level', o.level, o.level) AS "
        "level, o.is_school,"
        "  coalesce(sch.n, 0) AS schools, coalesce(att.n, 0) AS students,"
        "  ds.mean, ds.prof, 100.0 * att.pr / nullif(att.po, 0) AS attendance,"
        "  v.va, v.lo AS va_lo, v.hi AS va_hi,"
        "  es.n_warn + es.n_risk AS ews, coalesce(att.n, 0) AS n,"
        "  (SELECT sum(g.n * g.median_sgp) / sum(g.n) FROM growth_median g"
        "   WHERE g.org_id = o.id AND g.group_kind = 'org'"
        "   AND g.period = 'annual' AND g.year_id = ?2) AS sgp"
        " FROM org o LEFT JOIN att ON att.child = o.id"
        " LEFT JOIN sch ON sch.child = o.id LEFT JOIN ds ON ds.org_id = o.id"
        " LEFT JOIN va_group v ON v.org_id = o.id AND v.group_kind = 'org'"
        "  AND v.model = 'regression' AND v.subject_id IS NULL AND v.year_id = "
        "?2"
        " LEFT JOIN ews_summary es ON es.org_id = o.id AND es.year_id = ?2"
        " WHERE o.parent_id = ?1 ORDER BY o.name",
    [SWQ_ORG_SUMMARY_D] =
        "WITH RECURSIVE " SUB_CTE ","
        " pl AS MATERIALIZED (SELECT p.student_id FROM sub JOIN placement p"
        "  ON p.org_id = sub.id AND p.year_id = ?2)"
        " SELECT (SELECT count(*) FROM sub JOIN org o ON o.id = sub.id"
        "   AND o.is_school = 1) AS schools,"
        "  (SELECT count(*) FROM pl) AS students,"
        "  (SELECT sum(d.n * d.mean_pct) / sum(d.n) FROM desc_stat d"
        "   JOIN assessment a ON a.id = d.assessment_id AND a.kind = "
        "'summative'"
        "   WHERE d.group_kind = 'org' AND d.subgroup = 'all'"
        "   AND d.year_id = ?2 AND d.org_id = ?1) AS mean,"
        "  (SELECT 100.0 * sum(d.n * d.share_prof) / sum(d.n) FROM desc_stat d"
        "   JOIN assessment a ON a.id = d.assessment_id AND a.kind = "
        "'summative'"
        "   WHERE d.group_kind = 'org' AND d.subgroup = 'all'"
        "   AND d.year_id = ?2 AND d.org_id = ?1) AS prof,"
        "  (SELECT 100.0 * sum(att_present(t.marks))"
        "   / nullif(sum(att_possible(t.marks)), 0) FROM pl JOIN attendance t"
        "   ON t.student_id = pl.student_id AND t.year_id = ?2) AS attendance,"
        "  (SELECT n_warn + n_risk FROM ews_summary WHERE org_id = ?1"
        "   AND year_id = ?2) AS ews",
    [SWQ_ORG_SUPPORT_D] =
        "WITH RECURSIVE " SUB_CTE ","
        " sch AS MATERIALIZED (SELECT o.id, o.code, o.name FROM sub JOIN org o"
        "  ON o.id = sub.id AND o.is_school = 1),"
        " v AS MATERIALIZED (SELECT v.* FROM sch CROSS JOIN va_group v"
        "  ON v.org_id = sch.id WHERE v.group_kind = 'org'"
        "  AND v.model = 'regression' AND v.subject_id IS NULL AND v.year_id = "
        "?2"
        "  ORDER BY v.hi < 0 DESC, v.va LIMIT 10)"
        " SELECT sch.code, sch.name, v.n AS students,"
        "  (SELECT sum(d.n * d.mean_pct) / sum(d.n) FROM desc_stat d"
        "   JOIN assessment a ON a.id = d.assessment_id AND a.kind = "
        "'summative'"
        "   WHERE d.org_id = sch.id AND d.group_kind = 'org'"
        "   AND d.subgroup = 'all' AND d.year_id = ?2) AS mean,"
        "  v.va, v.lo AS va_lo, v.hi AS va_hi,"
        "  (SELECT n_warn + n_risk FROM ews_summary es WHERE es.org_id = sch.id"
        "   AND es.year_id = ?2) AS ews, v.n AS n"
        " FROM v JOIN sch ON sch.id = v.org_id"
        " ORDER BY v.hi < 0 DESC, v.va",
    [SWQ_ORG_PEERS] = "WITH RECURSIVE " SUB_CTE
                      " SELECT lo.code AS leader_code, lo.name AS leader,"
                      "  po.code AS partner_code, po.name AS partner,"
                      "  coalesce(label('subject', su.code, su.name), '') AS "
                      "subject, p.leader_va, p.partner_va,"
                      "  p.same_block, coalesce(p.subject_id, 0) AS subject_id"
                      " FROM peer_pair p JOIN org lo ON lo.id = p.leader_org_id"
                      " JOIN org po ON po.id = p.partner_org_id"
                      " LEFT JOIN subject su ON su.id = p.subject_id"
                      " WHERE p.leader_org_id IN (SELECT id FROM sub)"
                      "  AND p.partner_org_id IN (SELECT id FROM sub)"
                      " ORDER BY p.rank, lo.name LIMIT 50",
    /* Early warning: the flags and reasons of the ews analysis (its
     * latest run, the only rows its tables hold); the reasons are codes
     * with their values, put in words by ews_text.h. A reasons query
     * returns sid, code, level, value, threshold, count, total, subject
     * ordered by sid and seq. */
    [SWQ_SCHOOL_EWS] =
        "SELECT s.code, s.given_name || ' ' || s.family_name AS name, f.grade,"
        "  100.0 * f.att_rate AS attendance, f.overall AS level,"
        "  f.student_id AS sid"
        " FROM ews_flag f JOIN student s ON s.id = f.student_id"
        " WHERE f.org_id = ?1 AND f.year_id = ?2 AND f.overall > 0"
        " ORDER BY f.overall DESC, f.att_rate, s.family_name LIMIT 500",
    [SWQ_SCHOOL_EWS_REASONS] =
        "WITH fl AS MATERIALIZED (SELECT f.student_id, f.year_id"
        "  FROM ews_flag f JOIN student s ON s.id = f.student_id"
        "  WHERE f.org_id = ?1 AND f.year_id = ?2 AND f.overall > 0"
        "  ORDER BY f.overall DESC, f.att_rate, s.family_name LIMIT 500)"
        " SELECT " EWS_REASON_COLS " FROM fl"
        " JOIN ews_reason r ON r.student_id = fl.student_id"
        "  AND r.year_id = fl.year_id"
        " LEFT JOIN subject su ON su.id = r.subject_id"
        " ORDER BY r.student_id, r.seq",
    [SWQ_CLASS_EWS] =
        "SELECT s.code, f.student_id AS sid, f.overall AS level"
        " FROM class c JOIN enrolment e ON e.class_id = c.id"
        " JOIN ews_flag f ON f.student_id = e.student_id"
        "  AND f.year_id = c.year_id"
        " JOIN student s ON s.id = f.student_id"
        " WHERE c.id = ?1 AND f.overall > 0 ORDER BY f.student_id",
    [SWQ_CLASS_EWS_REASONS] =
        "SELECT " EWS_REASON_COLS
        " FROM class c JOIN enrolment e ON e.class_id = c.id"
        " JOIN ews_reason r ON r.student_id = e.student_id"
        "  AND r.year_id = c.year_id"
        " LEFT JOIN subject su ON su.id = r.subject_id"
        " WHERE c.id = ?1 ORDER BY r.student_id, r.seq",
    [SWQ_CLASS_EWS_YEAR] =
        "SELECT count(*) AS covered FROM class c"
        " JOIN ews_summary es ON es.year_id = c.year_id AND es.level = 'all'"
        " WHERE c.id = ?1",
    [SWQ_STUDENT_EWS] =
        "SELECT f.student_id AS sid, f.overall AS level, y.code AS year"
        " FROM ews_flag f"
        " LEFT JOIN academic_year y ON y.id = f.year_id"
        " WHERE f.student_id = ?1",
    [SWQ_STUDENT_EWS_REASONS] =
        "SELECT " EWS_REASON_COLS " FROM ews_reason r"
        " LEFT JOIN subject su ON su.id = r.subject_id"
        " WHERE r.student_id = ?1 ORDER BY r.student_id, r.seq",
    /* groups are stored from 0; a teacher reads "Group 1" (as the class
     * planning sheet, srep_instr_groups, numbers them): the latest run's
     * groups of the class's latest assessment by date */
    [SWQ_CLASS_GROUPS] =
        "WITH la AS (SELECT g.run_id, g.assessment_id FROM instr_group g"
        "  JOIN assessment x ON x.id = g.assessment_id WHERE g.class_id = ?1"
        "  AND g.run_id = (SELECT max(run_id) FROM instr_group)"
        "  ORDER BY x.date DESC, x.id LIMIT 1)"
        " SELECT g.group_no + 1 AS grp, g.weakest, g.n AS students,"
        "  100.0 * g.mean_mastery AS mastery,"
        "  (SELECT group_concat(s.given_name || ' ' || s.family_name, ', ')"
        "   FROM instr_group_member m JOIN student s ON s.id = m.student_id"
        "   WHERE m.class_id = g.class_id AND m.assessment_id = g.assessment_id"
        "   AND m.group_no = g.group_no AND m.run_id = g.run_id) AS names"
        " FROM la JOIN instr_group g ON g.class_id = ?1"
        "  AND g.run_id = la.run_id AND g.assessment_id = la.assessment_id"
        " ORDER BY g.group_no",
    [SWQ_UNIT_ORGS] =
        "WITH RECURSIVE d(id, depth) AS (SELECT id, 0 FROM org"
        "  WHERE parent_id IS NULL UNION ALL SELECT o.id, d.depth + 1 FROM org "
        "o"
        "  JOIN d ON o.parent_id = d.id WHERE d.depth < 64)"
        " SELECT o.code FROM d JOIN org o ON o.id = d.id WHERE o.is_school = 0"
        " ORDER BY d.depth, o.code",
    [SWQ_ORG_TREND_D] =
        "SELECT y.code AS year, max(d.n) AS students,"
        "  sum(d.n * d.mean_pct) / sum(d.n) AS mean"
        " FROM desc_stat d JOIN assessment a ON a.id = d.assessment_id"
        "  AND a.kind = 'summative' JOIN academic_year y ON y.id = d.year_id"
        " WHERE d.org_id = ?1 AND d.group_kind = 'org' AND d.subgroup = 'all'"
        " GROUP BY y.id ORDER BY y.start_date",
};

#define SW_ROW_CAP 5000

int store_web_query(store *s, sw_query q, const int64_t *args, int nargs,
                    arena *a, sw_rows *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	if ((int)q < 0 || q >= SWQ_COUNT || !queries[q])
		return err_set(e, ATT_EIO, "unknown page query %d", (int)q);
	sql_stmt *st = sql_prep(s, queries[q], e);
	if (!st)
		return ATT_EIO;
	int want = sql_nparams(st);
	for (int i = 0; i < want; i++)
		sql_bind_int(st, i + 1, i < nargs ? args[i] : 0);
	return sql_rows(st, a, SW_ROW_CAP, out, e, "page query failed");
}
