/*
 * store_collect_class.c - behaviour events and attitude-to-learning
 * grades: recording and listing a class's events, the calendar's open
 * attitude window of a class, and a class's grades for a term (loaded and
 * saved whole).
 */
#include "store_collect_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "collect_input.h"

int store_behaviour_add(store *s, int64_t student_id, const char *date,
                        const char *kind, const char *category, int points,
                        int serious, const char *note, const collect_actor *who,
                        int64_t *id_out, att_err *e)
{
	if (!date || strlen(date) != 10 || date_parse(date) < 0)
		return err_set(e, ATT_EINPUT, "'%s' is not a date (YYYY-MM-DD)",
		               date ? date : "");
	if (!kind || (strcmp(kind, "positive") && strcmp(kind, "negative")))
		return err_set(e, ATT_EINPUT,
		               "behaviour kind must be positive or negative");
	if (!category || !*category || strlen(category) > 60)
		return err_set(
		    e, ATT_EINPUT,
		    "a behaviour event needs a category (at most 60 bytes)");
	if (points < -100 || points > 100)
		return err_set(e, ATT_EINPUT,
		               "points must be between -100 and 100");
	if (note && strlen(note) > 2000)
		return err_set(e, ATT_EINPUT,
		               "the note is longer than 2000 bytes");
	int rc = sc_begin(s, e);
	if (rc)
		return rc;
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO behaviour_event(student_id, date, kind, category,"
	    " points, serious, staff_id, note)"
	    " SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM student WHERE id = ?1"
	    " RETURNING id",
	    e);
	if (!st)
		return sc_fail(s, ATT_EIO);
	sql_bind_int(st, 1, student_id);
	sql_bind_text(st, 2, date);
	sql_bind_text(st, 3, kind);
	sql_bind_text(st, 4, category);
	sql_bind_int(st, 5, points);
	sql_bind_int(st, 6, serious ? 1 : 0);
	if (who && who->staff_id > 0)
		sql_bind_int(st, 7, who->staff_id);
	else
		sql_bind_null(st, 7);
	sql_bind_text(st, 8, note && *note ? note : NULL);
	int64_t id;
	if ((rc = sc_insert_id(s, st, &id, e, "cannot record behaviour")))
		return sc_fail(s, rc);
	if (!id)
		return sc_fail(s, err_set(e, ATT_ENOTFOUND,
		                          "no student with id %lld",
		                          (long long)student_id));
	if ((rc = sc_finish(s, e)))
		return rc;
	if (id_out)
		*id_out = id;
	return ATT_OK;
}

static void behaviour_row(sql_stmt *st, arena *a, void *elem)
{
	collect_behaviour *v = elem;
	v->id = sql_int(st, 0);
	v->student_code = sc_col_dup(a, st, 1);
	v->student_name = sc_col_dup(a, st, 2);
	v->date = sc_col_dup(a, st, 3);
	v->kind = sc_col_dup(a, st, 4);
	v->category = sc_col_dup(a, st, 5);
	v->points = (int)sql_int(st, 6);
	v->note = sc_col_dup(a, st, 7);
}

int store_behaviour_list(store *s, int64_t class_id, int limit, arena *a,
                         collect_behaviour **out, int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT b.id, s.code, s.given_name || CASE WHEN s.family_name <> ''"
	    " THEN ' ' || s.family_name ELSE '' END, b.date, b.kind, "
	    "label('behaviour', b.category, b.category) AS category,"
	    " b.points, coalesce(b.note, '')"
	    " FROM behaviour_event b JOIN enrolment en ON en.student_id = "
	    "b.student_id"
	    " JOIN student s ON s.id = b.student_id"
	    " WHERE en.class_id = ?1 ORDER BY b.date DESC, b.id DESC LIMIT ?2",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, class_id);
	sql_bind_int(st, 2, limit > 0 ? limit : 100);
	return sc_list(s, st, sizeof(**out), behaviour_row, a, (void **)out, n,
	               e, "cannot list behaviour");
}

int store_attitude_window(store *s, int64_t class_id, const char *date,
                          arena *a, collect_window *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	class_info c = {0};
	int rc = sc_class_get(s, class_id, a, &c, e);
	if (rc)
		return rc;
	sql_stmt *st = sql_prep(
	    s,
	    ANCESTORS_CTE
	    "SELECT id, code, title, start_date, due_date, tid, term_name"
	    " FROM (SELECT e.id, e.code, label('event', e.code, e.title) AS"
	    " title, e.start_date, e.due_date,"
	    " (SELECT t.id FROM term t WHERE t.year_id = e.year_id AND"
	    "  t.start_date <= e.due_date AND t.end_date >= e.due_date"
	    "  ORDER BY t.kind = 'term' DESC, t.start_date DESC LIMIT 1) AS "
	    "tid,"
	    " (SELECT label('term', t.code, t.name) AS name FROM term t WHERE"
	    "  t.year_id = e.year_id AND"
	    "  t.start_date <= e.due_date AND t.end_date >= e.due_date"
	    "  ORDER BY t.kind = 'term' DESC, t.start_date DESC LIMIT 1)"
	    "  AS term_name"
	    " FROM calendar_event e WHERE e.kind = 'data_collection'"
	    " AND e.collects = 'attitude' AND e.year_id = ?2"
	    " AND e.start_date <= ?3"
	    " AND (e.org_id IS NULL OR e.org_id IN (SELECT id FROM anc))) w"
	    " WHERE tid IS NOT NULL"
	    " ORDER BY due_date < ?3,"
	    " CASE WHEN due_date >= ?3 THEN due_date END, due_date DESC"
	    " LIMIT 1",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, c.org_id);
	sql_bind_int(st, 2, c.year_id);
	sql_bind_text(st, 3, date);
	rc = sql_step(st);
	if (rc == SQL_ROW) {
		out->event_id = sql_int(st, 0);
		out->event_code = sc_col_dup(a, st, 1);
		out->title = sc_col_dup(a, st, 2);
		out->start_date = sc_col_dup(a, st, 3);
		out->due_date = sc_col_dup(a, st, 4);
		out->term_id = sql_int(st, 5);
		out->term_name = sc_col_dup(a, st, 6);
	}
	sql_reset(st);
	if (rc == SQL_ROW)
		return ATT_OK;
	if (rc != SQL_DONE)
		return sql_fail(s, e, "cannot find attitude window");
	return err_set(
	    e, ATT_ENOTFOUND,
	    "no attitude-to-learning window is open for class '%s' on %s",
	    c.code, date);
}

int store_attitude_load(store *s, int64_t class_id, int64_t term_id,
                        int64_t subject_id, const char *date, arena *a,
                        collect_attitude *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	class_info c = {0};
	int rc = sc_class_get(s, class_id, a, &c, e);
	if (rc)
		return rc;
	if (!subject_id)
		subject_id = c.subject_id;
	if (!subject_id)
		return err_set(
		    e, ATT_EINPUT,
		    "class '%s' has no subject: choose one for attitude grades",
		    c.code);
	out->class_id = class_id;
	out->subject_id = subject_id;
	out->term_id = term_id;
	out->version = sc_save_version(s, "attitude", term_id, class_id);
	if ((rc =
	         sc_enrolled(s, class_id, date, a, &out->students, &out->n, e)))
		return rc;
	out->grades =
	    arena_alloc(a, sizeof(int) * (size_t)(out->n ? out->n : 1));
	sql_stmt *st =
	    sql_prep(s,
	             "SELECT g.student_id, g.grade FROM attitude_grade g JOIN "
	             "enrolment en"
	             " ON en.student_id = g.student_id AND en.class_id = ?1"
	             " WHERE g.term_id = ?2 AND g.subject_id = ?3",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, class_id);
	sql_bind_int(st, 2, term_id);
	sql_bind_int(st, 3, subject_id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		int i = sc_find_student(out->students, out->n, sql_int(st, 0));
		if (i >= 0)
			out->grades[i] = (int)sql_int(st, 1);
	}
	sql_reset(st);
	return rc == SQL_DONE ? ATT_OK : sql_fail(s, e, "cannot read attitude");
}

int store_attitude_save(store *s, int64_t class_id, int64_t term_id,
                        int64_t subject_id, const collect_grade *g, int n,
                        const collect_actor *who, att_err *e)
{
	arena a;
	arena_init(&a);
	int rc = sc_begin(s, e);
	if (rc)
		goto out;
	class_info c = {0};
	if ((rc = sc_class_get(s, class_id, &a, &c, e)))
		goto fail;
	if (!subject_id)
		subject_id = c.subject_id;
	if (!subject_id) {
		rc =
		    err_set(e, ATT_EINPUT, "class '%s' has no subject", c.code);
		goto fail;
	}
	sql_stmt *st =
	    sql_prep(s, "SELECT 1 FROM term WHERE id = ?1 AND year_id = ?2", e);
	if (!st) {
		rc = ATT_EIO;
		goto fail;
	}
	sql_bind_int(st, 1, term_id);
	sql_bind_int(st, 2, c.year_id);
	int ok = sql_step(st) == SQL_ROW;
	sql_reset(st);
	if (!ok) {
		rc = err_set(e, ATT_EINPUT,
		             "term %lld is not in the year of class '%s'",
		             (long long)term_id, c.code);
		goto fail;
	}
	collect_reg_row *rows;
	int nrows;
	if ((rc = sc_enrolled(s, class_id, NULL, &a, &rows, &nrows, e)))
		goto fail;
	for (int i = 0; i < n; i++) {
		if (sc_find_student(rows, nrows, g[i].student_id) < 0) {
			rc = err_set(e, ATT_EINPUT,
			             "student %lld is not in class '%s'",
			             (long long)g[i].student_id, c.code);
			goto fail;
		}
		if (g[i].grade < 0 || g[i].grade > 4) {
			rc = err_set(e, ATT_EINPUT,
			             "attitude grade %d is not 1 to 4",
			             g[i].grade);
			goto fail;
		}
	}
	for (int i = 0; i < n; i++) {
		st =
		    g[i].grade
		        ? sql_prep(
		              s,
		              "INSERT INTO attitude_grade(student_id, term_id,"
		              " subject_id, grade) VALUES (?1, ?2, ?3, ?4)"
		              " ON CONFLICT(student_id, term_id, subject_id)"
		              " DO UPDATE SET grade = ?4",
		              e)
		        : sql_prep(
		              s,
		              "DELETE FROM attitude_grade WHERE student_id = ?1"
		              " AND term_id = ?2 AND subject_id = ?3",
		              e);
		if (!st) {
			rc = ATT_EIO;
			goto fail;
		}
		sql_bind_int(st, 1, g[i].student_id);
		sql_bind_int(st, 2, term_id);
		sql_bind_int(st, 3, subject_id);
		if (g[i].grade)
			sql_bind_int(st, 4, g[i].grade);
		if ((rc = sc_step_done(s, st, e, "cannot save attitude grade")))
			goto fail;
	}
	if ((rc = sc_save_record(s, "attitude", term_id, class_id, who, e)))
		goto fail;
	rc = sc_finish(s, e);
	goto out;
fail:
	store_rollback(s);
out:
	arena_free(&a);
	return rc;
}
