/*
 * store_collect_register.c - attendance registers: a class's register for
 * a day (its enrolled students with their marks from the attendance
 * blobs), saving it (blobs, the register_taken row and its version, an
 * audited edit), and a school's classes whose register is not taken.
 */
#include "store_collect_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "collect_input.h"
#include "store_account.h"

/* Read a student's marks blob for a year into a malloc'd buffer of at
 * least ndays days. *had is 1 when a row existed. */
static int marks_read(store *s, int64_t student_id, int64_t year_id, int ndays,
                      uint8_t **out, size_t *len, int *had, att_err *e)
{
	sql_stmt *st = sql_prep(s,
	                        "SELECT marks FROM attendance WHERE student_id "
	                        "= ?1 AND year_id = ?2",
	                        e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, student_id);
	sql_bind_int(st, 2, year_id);
	size_t need = attendance_bytes(ndays);
	int rc = sql_step(st);
	*had = rc == SQL_ROW;
	int blen = 0;
	const void *blob = *had ? sql_blob(st, 0, &blen) : NULL;
	size_t have = blob ? (size_t)blen : 0;
	size_t n = have > need ? have : need;
	uint8_t *m = xcalloc(n ? n : 1, 1);
	if (have)
		memcpy(m, blob, have);
	sql_reset(st);
	if (rc != SQL_ROW && rc != SQL_DONE) {
		free(m);
		return sql_fail(s, e, "cannot read attendance");
	}
	*out = m;
	*len = n;
	return ATT_OK;
}

static int marks_write(store *s, int64_t student_id, int64_t year_id,
                       const uint8_t *m, size_t len, att_err *e)
{
	sql_stmt *st = sql_prep(s,
	                        "INSERT INTO attendance(student_id, "
	                        "year_id, marks) VALUES (?1, ?2, ?3)"
	                        " ON CONFLICT(student_id, year_id) DO "
	                        "UPDATE SET marks = excluded.marks",
	                        e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, student_id);
	sql_bind_int(st, 2, year_id);
	sql_bind_blob(st, 3, m, (int)len);
	return sc_step_done(s, st, e, "cannot write attendance");
}

/* ---- registers ---- */

/* The register_taken row of a class-day: *taken, its version and (when
 * a is given) its time. */
static int taken_get(store *s, int64_t class_id, const char *date, arena *a,
                     int *taken, int64_t *version, const char **saved_at,
                     att_err *e)
{
	sql_stmt *st = sql_prep(s,
	                        "SELECT version, saved_at FROM register_taken"
	                        " WHERE class_id = ?1 AND date = ?2",
	                        e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, class_id);
	sql_bind_text(st, 2, date);
	int rc = sql_step(st);
	*taken = rc == SQL_ROW;
	*version = *taken ? sql_int(st, 0) : 0;
	if (saved_at)
		*saved_at = *taken ? sc_col_dup(a, st, 1) : "";
	sql_reset(st);
	return rc == SQL_ROW || rc == SQL_DONE
	           ? ATT_OK
	           : sql_fail(s, e, "cannot read the register");
}

/* A student's mark on a day (ATT_NONE when none), from the year's blob. */
static int day_mark(store *s, int64_t student_id, const class_info *c, int day,
                    int ndays, int *mark, att_err *e)
{
	uint8_t *m;
	size_t len;
	int had;
	int rc =
	    marks_read(s, student_id, c->year_id, ndays, &m, &len, &had, e);
	if (rc)
		return rc;
	*mark = attendance_get(m, len, day);
	free(m);
	return ATT_OK;
}

int store_register_load(store *s, int64_t class_id, const char *date, arena *a,
                        collect_register *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	class_info c = {0};
	int rc = sc_class_get(s, class_id, a, &c, e);
	int day, ndays;
	if (rc || (rc = sc_class_day(&c, date, &day, &ndays, e)))
		return rc;
	out->class_id = c.id;
	out->class_code = c.code;
	out->class_name = c.name;
	out->org_id = c.org_id;
	snprintf(out->date, sizeof(out->date), "%s", date);
	if ((rc = taken_get(s, class_id, date, a, &out->taken, &out->version,
	                    &out->saved_at, e)) ||
	    (rc = sc_enrolled(s, class_id, date, a, &out->rows, &out->n, e)))
		return rc;
	for (int i = 0; i < out->n; i++) {
		int code;
		if ((rc = day_mark(s, out->rows[i].student_id, &c, day, ndays,
		                   &code, e)))
			return rc;
		if (code != ATT_NONE && code != ATT_CLOSED)
			out->rows[i].mark = code;
	}
	return ATT_OK;
}

/* The mark each enrolled student gets: present unless marks says
 * otherwise; ATT_EINPUT for a student not enrolled or a bad code. */
static int marks_wanted(const class_info *c, const char *date,
                        const collect_reg_row *rows, int nrows,
                        const collect_mark *marks, int n, int *want, att_err *e)
{
	for (int i = 0; i < nrows; i++)
		want[i] = ATT_PRESENT;
	for (int i = 0; i < n; i++) {
		int k = sc_find_student(rows, nrows, marks[i].student_id);
		if (k < 0)
			return err_set(
			    e, ATT_EINPUT,
			    "student %lld is not enrolled in class '%s' on %s",
			    (long long)marks[i].student_id, c->code, date);
		int m = marks[i].mark;
		if (m != ATT_PRESENT && m != ATT_ABSENT && m != ATT_EXCUSED &&
		    m != ATT_LATE)
			return err_set(
			    e, ATT_EINPUT,
			    "bad attendance mark %d for student '%s'", m,
			    rows[k].code);
		want[k] = m;
	}
	return ATT_OK;
}

/* Write each student's mark into their blob where it differs (or the
 * blob is missing), counting the day's tally and, on an edit, listing
 * each change ("S2 absent->excused"). */
static int marks_apply(store *s, const class_info *c, int day, int ndays,
                       const collect_reg_row *rows, int nrows, const int *want,
                       int edit, int *tally, buf *changes, att_err *e)
{
	for (int i = 0; i < nrows; i++) {
		uint8_t *m;
		size_t len;
		int had;
		int rc = marks_read(s, rows[i].student_id, c->year_id, ndays,
		                    &m, &len, &had, e);
		if (rc)
			return rc;
		int old = attendance_get(m, len, day);
		tally[want[i]]++;
		if (old == want[i] && had) {
			free(m);
			continue;
		}
		if (edit && old != want[i])
			buf_printf(changes, "%s%s %s->%s",
			           changes->len ? "; " : "", rows[i].code,
			           attendance_code_name(old),
			           attendance_code_name(want[i]));
		attendance_set(m, len, day, want[i]);
		rc = marks_write(s, rows[i].student_id, c->year_id, m, len, e);
		free(m);
		if (rc)
			return rc;
	}
	return ATT_OK;
}

/* The register_taken row: one more save, by whom and when, the tally. */
static int taken_record(store *s, int64_t class_id, const char *date,
                        const int *tally, const collect_actor *who, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO register_taken(class_id, date, saved_by, saved_at,"
	    " version, present, absent, late, excused) VALUES (?1, ?2, ?3,"
	    " ?8, 1, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT(class_id, date) DO UPDATE SET saved_by = ?3,"
	    " saved_at = ?8,"
	    " version = register_taken.version + 1, present = ?4, absent = ?5, "
	    "late = ?6,"
	    " excused = ?7",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, class_id);
	sql_bind_text(st, 2, date);
	sc_bind_account(st, 3, who);
	sql_bind_int(st, 4, tally[ATT_PRESENT]);
	sql_bind_int(st, 5, tally[ATT_ABSENT]);
	sql_bind_int(st, 6, tally[ATT_LATE]);
	sql_bind_int(st, 7, tally[ATT_EXCUSED]);
	char at[21];
	sc_when(who, at);
	sql_bind_text(st, 8, at);
	return sc_step_done(s, st, e, "cannot record register");
}

int store_register_save(store *s, int64_t class_id, const char *date,
                        const collect_mark *marks, int n,
                        int64_t expect_version, const collect_actor *who,
                        int64_t *version_out, att_err *e)
{
	arena a;
	arena_init(&a);
	buf changes;
	buf_init(&changes);
	class_info c = {0};
	collect_reg_row *rows;
	int day, ndays, nrows, taken, tally[ATT_MAX_CODE + 1] = {0};
	int64_t version = 0;
	int rc = sc_begin(s, e);
	if (rc)
		goto out;
	if ((rc = sc_class_get(s, class_id, &a, &c, e)) ||
	    (rc = sc_class_day(&c, date, &day, &ndays, e)) ||
	    (rc = sc_enrolled(s, class_id, date, &a, &rows, &nrows, e)))
		goto fail;
	int *want = arena_alloc(&a, sizeof(int) * (size_t)(nrows ? nrows : 1));
	if ((rc = marks_wanted(&c, date, rows, nrows, marks, n, want, e)) ||
	    (rc =
	         taken_get(s, class_id, date, NULL, &taken, &version, NULL, e)))
		goto fail;
	if (expect_version >= 0 && expect_version != version) {
		rc = err_set(
		    e, ATT_ECONFLICT,
		    "register of class '%s' for %s was saved by someone else"
		    " (version %lld, yours %lld)",
		    c.code, date, (long long)version,
		    (long long)expect_version);
		goto fail;
	}
	if ((rc = marks_apply(s, &c, day, ndays, rows, nrows, want, taken,
	                      tally, &changes, e)) ||
	    (rc = taken_record(s, class_id, date, tally, who, e)))
		goto fail;
	if (taken &&
	    (rc = sc_audit(s, who, "register.edit", "register",
	                   arena_printf(&a, "%s/%s", c.code, date),
	                   changes.len ? changes.data : "no change", e)))
		goto fail;
	if ((rc = sc_finish(s, e)))
		goto out;
	if (version_out)
		*version_out = version + 1;
	goto out;
fail:
	sc_fail(s, rc);
out:
	buf_free(&changes);
	arena_free(&a);
	return rc;
}

static void class_ref_row(sql_stmt *st, arena *a, void *elem)
{
	collect_class_ref *v = elem;
	v->id = sql_int(st, 0);
	v->code = sc_col_dup(a, st, 1);
	v->name = sc_col_dup(a, st, 2);
	v->students = (int)sql_int(st, 3);
}

int store_register_missing(store *s, int64_t school_id, const char *date,
                           arena *a, collect_class_ref **out, int *n,
                           att_err *e)
{
	*out = NULL;
	*n = 0;
	if (date_parse(date) < 0)
		return err_set(e, ATT_EINPUT, "'%s' is not a date", date);
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT c.id, c.code, label('class', c.code, c.name) AS name, "
	    "(SELECT count(*) FROM enrolment en"
	    "  WHERE en.class_id = c.id AND (en.start_date IS NULL OR"
	    "  en.start_date <= ?2) AND (en.end_date IS NULL OR en.end_date >= "
	    "?2)) AS k"
	    " FROM class c JOIN academic_year y ON y.id = c.year_id"
	    " WHERE c.org_id = ?1 AND y.start_date <= ?2 AND y.end_date >= ?2"
	    " AND " REGISTER_CLASS_SQL
	    " AND NOT EXISTS (SELECT 1 FROM register_taken r"
	    "  WHERE r.class_id = c.id AND r.date = ?2)"
	    " AND k > 0 ORDER BY c.code",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, school_id);
	sql_bind_text(st, 2, date);
	return sc_list(s, st, sizeof(**out), class_ref_row, a, (void **)out, n,
	               e, "cannot list registers");
}
