/*
 * store_report.c - SQL for reports and calendars (see store_report.h):
 * one table of the report queries, each declared once with its SQL, the
 * kind of each parameter, the derived table it needs and the thing it
 * looks up by code, and one runner that prepares the cached statement,
 * binds the arguments and collects the rows into a rowset (store_rows.h)
 * in the caller's arena.
 */
#include "store_report.h"

#include <string.h>

#include "store_internal.h"

/* The flagged students of a class (?1 > 0) or of the orgs under ?2. */
#define EWS_WHO                                                                \
	"((?1 > 0 AND f.student_id IN (SELECT student_id FROM"                 \
	"   enrolment WHERE class_id = ?1))"                                   \
	" OR (?1 = 0 AND f.org_id IN (SELECT id FROM sub)))"

/* One report query: the kind of each parameter ?1, ?2, ... ('t' the
 * text argument, 'i' the next integer), the derived table it needs (NULL:
 * none), what it looks up by code (NULL: no row is an empty answer, not
 * an error), and its SQL. */
typedef struct srep_def {
	const char *params;
	const char *table;
	const char *lookup;
	const char *sql;
} srep_def;

static const srep_def queries[SRQ_COUNT] = {
    [SRQ_YEAR] = {"t", NULL, "academic year",
                  "SELECT id, code, name, start_date, end_date"
                  " FROM academic_year WHERE code = ?"},
    [SRQ_YEAR_LATEST] = {"", NULL, "academic year",
                         "SELECT id, code, name, start_date, end_date"
                         " FROM academic_year ORDER BY start_date DESC"
                         " LIMIT 1"},
    [SRQ_LAST_RUN] =
        {"", NULL, NULL,
         "SELECT id, started_at, finished_at, data_version, analyses"
         " FROM analysis_run WHERE status = 'done' ORDER BY id DESC LIMIT 1"},
    [SRQ_STUDENT] =
        {"ti", NULL, "student",
         "SELECT s.id, s.code, s.given_name, s.family_name, s.gender, "
         "o.id AS school_id, o.code AS school_code, o.name AS "
         "school_name, p.grade FROM student s LEFT JOIN placement p ON "
         "p.student_id = s.id AND p.year_id = ?2 LEFT JOIN org o ON "
         "o.id = p.org_id WHERE s.code = ?1"},
    [SRQ_STUDENT_CLASSES] =
        {"ii", NULL, NULL,
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
         "c.subject_id IS NOT NULL, sub.name, c.code"},
    [SRQ_GUARDIANS] =
        {"i", NULL, NULL,
         "SELECT trim(g.given_name || ' ' || g.family_name) AS name, "
         "l.relation, coalesce((SELECT ac.lang FROM account ac WHERE "
         "ac.guardian_id   = g.id AND ac.disabled = 0 ORDER BY ac.id "
         "LIMIT 1), '') AS lang FROM guardian_link l JOIN guardian g ON "
         "g.id = l.guardian_id WHERE l.student_id = ? ORDER BY g.code"},
    [SRQ_STUDENT_RESULTS] =
        {"ii", NULL, NULL,
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
         "BY sub.name, 7, a.id"},
    [SRQ_STUDENT_GROWTH] =
        {"ii", "growth", NULL,
         "SELECT label('subject', sub.code, sub.name) AS name, g.sgp, "
         "g.period, g.status, g.cohort_n"
         " FROM growth g JOIN subject sub ON sub.id = g.subject_id"
         " WHERE g.student_id = ?1 AND g.year_id = ?2"
         "   AND g.run_id = (SELECT max(run_id) FROM growth)"
         "   AND g.period = (SELECT min(g2.period) FROM growth g2"
         "     WHERE g2.student_id = g.student_id AND g2.year_id ="
         "     g.year_id AND g2.subject_id = g.subject_id"
         "     AND g2.run_id = g.run_id)"
         " ORDER BY sub.name"},
    [SRQ_STUDENT_ATTITUDE] =
        {"ii", NULL, NULL,
         "SELECT label('subject', sub.code, sub.name) AS subject, "
         "label('term', t.code, t.name) AS term, g.grade FROM "
         "attitude_grade g JOIN term t ON t.id = g.term_id JOIN subject "
         "sub ON sub.id = g.subject_id WHERE g.student_id = ?1 AND "
         "t.year_id = ?2 AND t.seq =  (SELECT max(t2.seq) FROM "
         "attitude_grade g2 JOIN term t2   ON t2.id = g2.term_id WHERE "
         "g2.student_id = ?1 AND   t2.year_id = ?2 AND g2.subject_id = "
         "g.subject_id) ORDER BY sub.name"},
    [SRQ_STUDENT_GOALS] =
        {"i", NULL, NULL,
         "SELECT g.title, g.metric, coalesce(label('subject', sub.code, "
         "sub.name), '') AS subject, "
         "g.baseline, g.target, g.due_date, g.set_by FROM goal g LEFT "
         "JOIN subject sub ON sub.id = g.subject_id WHERE g.student_id "
         "= ? ORDER BY g.due_date, g.code"},
    [SRQ_STUDENT_BEHAVIOUR] =
        {"ii", NULL, NULL,
         "SELECT coalesce(sum(b.kind = 'positive'), 0) AS positive, "
         "coalesce(sum(b.kind = 'negative'), 0) AS negative, "
         "coalesce(sum(b.serious), 0) AS serious FROM behaviour_event "
         "b, academic_year y WHERE b.student_id = ?1 AND y.id = ?2   "
         "AND b.date >= y.start_date AND b.date <= y.end_date"},
    [SRQ_CLASS] =
        {"t", NULL, "class",
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
         "subject sub ON sub.id = c.subject_id WHERE c.code = ?"},
    [SRQ_CLASS_STUDENTS] =
        {"i", NULL, NULL,
         "SELECT s.id, s.code, s.given_name, s.family_name FROM enrolment en"
         " JOIN student s ON s.id = en.student_id WHERE en.class_id = ?"
         " ORDER BY s.family_name, s.given_name, s.code"},
    [SRQ_ORG] =
        {"t", NULL, "org",
         "SELECT o.id, o.code, o.name, label('org_level', o.level, o.level) "
         "AS level, o.is_school, "
         "coalesce(p.name, '') AS parent FROM org o LEFT JOIN org p ON "
         "p.id = o.parent_id WHERE o.code = ?"},
    [SRQ_ORG_SCHOOLS] =
        {"i", NULL, NULL,
         "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL  SELECT o.id "
         "FROM org o JOIN sub ON o.parent_id = sub.id) SELECT o.id, "
         "o.code, o.name, coalesce(p.name, '') AS parent FROM sub JOIN "
         "org o ON o.id = sub.id LEFT JOIN org p ON p.id = o.parent_id "
         "WHERE o.is_school = 1 ORDER BY o.code"},
    [SRQ_SCHOOL_STUDENTS] =
        {"ii", NULL, NULL,
         "SELECT s.id, s.code, s.given_name, s.family_name, p.grade"
         " FROM placement p JOIN student s ON s.id = p.student_id"
         " WHERE p.org_id = ? AND p.year_id = ?"
         " ORDER BY p.grade, s.family_name, s.given_name, s.code"},
    [SRQ_CALENDAR] =
        {"ii", NULL, NULL,
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
         "id FROM down)) ORDER BY e.due_date, e.code"},
    [SRQ_GAPS] =
        {"ii", "gap", NULL,
         "SELECT g.dimension, g.group_a, g.group_b, label('subject', "
         "sj.code, sj.name) AS subject, "
         "label('assessment', x.code, x.name) AS assessment, g.n_a, g.n_b, "
         "g.g, g.g_lo, g.g_hi FROM "
         "gap g JOIN assessment x ON x.id = g.assessment_id JOIN "
         "subject sj ON sj.id = x.subject_id WHERE g.org_id = ?1 AND "
         "x.year_id = ?2   AND g.run_id = (SELECT max(run_id) FROM gap) "
         "ORDER BY g.dimension, sj.name, x.date, x.id"},
    [SRQ_GAP_TRENDS] =
        {"i", "gap_trend", NULL,
         "SELECT g.dimension, g.group_a, g.group_b, label('subject', "
         "sj.code, sj.name) AS name, g.points,"
         " g.g_first, g.g_last, g.slope, g.slope_lo, g.slope_hi, g.verdict"
         " FROM gap_trend g JOIN subject sj ON sj.id = g.subject_id"
         " WHERE g.org_id = ?1"
         "   AND g.run_id = (SELECT max(run_id) FROM gap_trend)"
         " ORDER BY g.dimension, sj.name"},
    [SRQ_ORG_GOALS] =
        {"i", NULL, NULL,
         "SELECT g.title, g.metric, coalesce(label('subject', sj.code, "
         "sj.name), '') AS subject, "
         "g.baseline, g.target, g.due_date FROM goal g LEFT JOIN "
         "subject sj ON sj.id = g.subject_id LEFT JOIN class c ON c.id "
         "= g.class_id WHERE g.org_id = ?1 OR c.org_id = ?1 ORDER BY "
         "g.due_date, g.code"},
    [SRQ_INTERVENTIONS] =
        {"ii", NULL, NULL,
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
         "ORDER BY i.start_date, i.code"},
    [SRQ_EWS_FLAGS] =
        {"ii", "ews_flag", NULL,
         "WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL"
         "  SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
         " SELECT st.code, st.given_name, st.family_name, f.overall,"
         "  f.codes, f.student_id, f.low_subjects, f.growth_fall, f.att_rate"
         " FROM ews_flag f JOIN student st ON st.id = f.student_id"
         " WHERE f.run_id = (SELECT max(run_id) FROM ews_flag)"
         "  AND " EWS_WHO
         " ORDER BY f.overall DESC, st.family_name, st.given_name, st.code"},
    [SRQ_EWS_REASONS] =
        {"ii", "ews_reason", NULL,
         "WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL"
         "  SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
         " SELECT r.student_id, r.code, r.level, r.value, r.threshold,"
         "  r.count, r.total, coalesce(label('subject', su.code, su.name), "
         "'') AS subject"
         " FROM ews_flag f JOIN ews_reason r ON r.student_id = f.student_id"
         "  AND r.year_id IS f.year_id"
         " LEFT JOIN subject su ON su.id = r.subject_id"
         " WHERE f.run_id = (SELECT max(run_id) FROM ews_flag)"
         "  AND " EWS_WHO " ORDER BY r.student_id, r.seq"},
    [SRQ_IMPACT] =
        {"i", "impact", NULL,
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
         "BY i.start_date, i.code, sj.name"},
    [SRQ_GOAL_PROGRESS] =
        {"ii", "goal_progress", NULL,
         "SELECT g.title, p.current, p.projected, p.status, p.met,"
         "  g.target, g.due_date"
         " FROM goal_progress p JOIN goal g ON g.id = p.goal_id"
         " LEFT JOIN class c ON c.id = g.class_id"
         " WHERE p.run_id = (SELECT max(run_id) FROM goal_progress)"
         "  AND ((?1 > 0 AND g.student_id = ?1)"
         "   OR (?2 > 0 AND (g.org_id = ?2 OR c.org_id = ?2)))"
         " ORDER BY g.due_date, g.code"},
    [SRQ_THEMES] =
        {"i", "theme_count", NULL,
         "SELECT label('theme', th.code, th.name) AS theme, t.source, t.n, "
         "t.n_texts,  "
         "coalesce((SELECT q.quote FROM theme_quote q   WHERE "
         "q.theme_id = t.theme_id AND q.source = t.source   AND "
         "(q.org_id = t.org_id OR q.org_id IS NULL)   AND q.run_id = "
         "t.run_id ORDER BY q.rank LIMIT 1), '') AS quote FROM "
         "theme_count t JOIN theme th ON th.id = t.theme_id WHERE "
         "t.org_id = ?1  AND t.run_id = (SELECT max(run_id) FROM "
         "theme_count) ORDER BY t.source, t.n DESC, th.name"},
    [SRQ_PEER_PAIRS] =
        {"i", "peer_pair", NULL,
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
         "pt.name, p.rank"},
    [SRQ_INSTR_GROUPS] =
        {"i", "instr_group", NULL,
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
         "g.group_no"},
};

int srep_query(store *s, srep_qid q, srep_args args, arena *a, srep_rows *out,
               att_err *e)
{
	memset(out, 0, sizeof(*out));
	if ((int)q < 0 || q >= SRQ_COUNT || !queries[q].sql)
		return err_set(e, ATT_EUSAGE, "no report query %d", (int)q);
	const srep_def *d = &queries[q];
	if (d->table && !srep_has_table(s, d->table))
		return err_set(e, ATT_ENOTFOUND, "no %s table", d->table);
	int by_code = strchr(d->params, 't') != NULL;
	if (by_code && !args.code)
		return err_set(e, ATT_EUSAGE, "report query %d needs a code",
		               (int)q);
	sql_stmt *st = sql_prep(s, d->sql, e);
	if (!st)
		return ATT_EIO;
	int ni = 0;
	for (int i = 0; d->params[i]; i++) {
		if (d->params[i] == 't')
			sql_bind_text(st, i + 1, args.code);
		else
			sql_bind_int(st, i + 1, args.id[ni++]);
	}
	int rc = sql_rows(st, a, 0, out, e, "report query");
	if (rc || out->nrow > 0 || !d->lookup)
		return rc;
	if (!by_code)
		return err_set(e, ATT_ENOTFOUND, "the database has no %s",
		               d->lookup);
	return err_set(e, ATT_ENOTFOUND, "no %s with code '%s'", d->lookup,
	               args.code);
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
