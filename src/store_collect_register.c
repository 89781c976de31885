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
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT marks FROM attendance WHERE student_id = ? AND year_id = ?",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, student_id);
	sqlite3_bind_int64(st, 2, year_id);
	size_t need = attendance_bytes(ndays);
	int rc = sqlite3_step(st);
	*had = rc == SQLITE_ROW;
	size_t have = *had ? (size_t)sqlite3_column_bytes(st, 0) : 0;
	size_t n = have > need ? have : need;
	uint8_t *m = xcalloc(n ? n : 1, 1);
	if (have)
		memcpy(m, sqlite3_column_blob(st, 0), have);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(m);
		return st_fail(s, e, "cannot read attendance");
	}
	*out = m;
	*len = n;
	return ATT_OK;
}

static int marks_write(store *s, int64_t student_id, int64_t year_id,
                       const uint8_t *m, size_t len, att_err *e)
{
	sqlite3_stmt *st = st_prep(s,
	                           "INSERT INTO attendance(student_id, "
	                           "year_id, marks) VALUES (?, ?, ?)"
	                           " ON CONFLICT(student_id, year_id) DO "
	                           "UPDATE SET marks = excluded.marks",
	                           e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, student_id);
	sqlite3_bind_int64(st, 2, year_id);
	sqlite3_bind_blob(st, 3, m, (int)len, SQLITE_STATIC);
	return sc_step_done(s, st, e, "cannot write attendance");
}

/* ---- registers ---- */

int store_register_load(store *s, int64_t class_id, const char *date, arena *a,
                        collect_register *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	class_info c = {0};
	int rc = sc_class_get(s, class_id, a, &c, e);
	if (rc)
		return rc;
	int day, ndays;
	if ((rc = sc_class_day(&c, date, &day, &ndays, e)))
		return rc;
	out->class_id = c.id;
	out->class_code = c.code;
	out->class_name = c.name;
	out->org_id = c.org_id;
	snprintf(out->date, sizeof(out->date), "%s", date);
	out->saved_at = "";
	sqlite3_stmt *st =
	    st_prep(s,
	            "SELECT version, saved_at FROM register_taken"
	            " WHERE class_id = ? AND date = ?",
	            e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, class_id);
	st_bind_text(st, 2, date);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->taken = 1;
		out->version = sqlite3_column_int64(st, 0);
		out->saved_at = sc_col_dup(a, st, 1);
	}
	sqlite3_reset(st);
	if ((rc = sc_enrolled(s, class_id, date, a, &out->rows, &out->n, e)))
		return rc;
	for (int i = 0; i < out->n; i++) {
		uint8_t *m;
		size_t len;
		int had;
		if ((rc = marks_read(s, out->rows[i].student_id, c.year_id,
		                     ndays, &m, &len, &had, e)))
			return rc;
		int code = attendance_get(m, len, day);
		free(m);
		if (code != ATT_NONE && code != ATT_CLOSED)
			out->rows[i].mark = code;
	}
	return ATT_OK;
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
	int rc = sc_begin(s, e);
	if (rc)
		goto out;
	class_info c = {0};
	int day, ndays;
	if ((rc = sc_class_get(s, class_id, &a, &c, e)) ||
	    (rc = sc_class_day(&c, date, &day, &ndays, e)))
		goto fail;
	collect_reg_row *rows;
	int nrows;
	if ((rc = sc_enrolled(s, class_id, date, &a, &rows, &nrows, e)))
		goto fail;
	int *want = arena_alloc(&a, sizeof(int) * (size_t)(nrows ? nrows : 1));
	for (int i = 0; i < nrows; i++)
		want[i] = ATT_PRESENT;
	for (int i = 0; i < n; i++) {
		int k = sc_find_student(rows, nrows, marks[i].student_id);
		if (k < 0) {
			rc = err_set(
			    e, ATT_EINPUT,
			    "student %lld is not enrolled in class '%s' on %s",
			    (long long)marks[i].student_id, c.code, date);
			goto fail;
		}
		int m = marks[i].mark;
		if (m != ATT_PRESENT && m != ATT_ABSENT && m != ATT_EXCUSED &&
		    m != ATT_LATE) {
			rc = err_set(e, ATT_EINPUT,
			             "bad attendance mark %d for student '%s'",
			             m, rows[k].code);
			goto fail;
		}
		want[k] = m;
	}
	int64_t version = 0;
	sqlite3_stmt *st = st_prep(s,
	                           "SELECT version FROM register_taken WHERE "
	                           "class_id = ? AND date = ?",
	                           e);
	if (!st) {
		rc = ATT_EIO;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, class_id);
	st_bind_text(st, 2, date);
	int taken = sqlite3_step(st) == SQLITE_ROW;
	if (taken)
		version = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (expect_version >= 0 && expect_version != version) {
		rc = err_set(
		    e, ATT_ECONFLICT,
		    "register of class '%s' for %s was saved by someone else"
		    " (version %lld, yours %lld)",
		    c.code, date, (long long)version,
		    (long long)expect_version);
		goto fail;
	}
	int tally[ATT_MAX_CODE + 1] = {0};
	for (int i = 0; i < nrows; i++) {
		uint8_t *m;
		size_t len;
		int had;
		if ((rc = marks_read(s, rows[i].student_id, c.year_id, ndays,
		                     &m, &len, &had, e)))
			goto fail;
		int old = attendance_get(m, len, day);
		tally[want[i]]++;
		if (old == want[i] && had) {
			free(m);
			continue;
		}
		if (taken && old != want[i])
			buf_printf(&changes, "%s%s %s->%s",
			           changes.len ? "; " : "", rows[i].code,
			           attendance_code_name(old),
			           attendance_code_name(want[i]));
		attendance_set(m, len, day, want[i]);
		rc = marks_write(s, rows[i].student_id, c.year_id, m, len, e);
		free(m);
		if (rc)
			goto fail;
	}
	st = st_prep(
	    s,
	    "INSERT INTO register_taken(class_id, date, saved_by, saved_at,"
	    " version, present, absent, late, excused) VALUES (?1, ?2, ?3,"
	    " ?8, 1, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT(class_id, date) DO UPDATE SET saved_by = ?3,"
	    " saved_at = ?8,"
	    " version = version + 1, present = ?4, absent = ?5, late = ?6,"
	    " excused = ?7",
	    e);
	if (!st) {
		rc = ATT_EIO;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, class_id);
	st_bind_text(st, 2, date);
	if (who && who->account_id > 0)
		sqlite3_bind_int64(st, 3, who->account_id);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int(st, 4, tally[ATT_PRESENT]);
	sqlite3_bind_int(st, 5, tally[ATT_ABSENT]);
	sqlite3_bind_int(st, 6, tally[ATT_LATE]);
	sqlite3_bind_int(st, 7, tally[ATT_EXCUSED]);
	char at[21];
	clock_iso(who ? who->now : 0, at);
	st_bind_text(st, 8, at);
	if ((rc = sc_step_done(s, st, e, "cannot record register")))
		goto fail;
	if (taken) {
		char target[300];
		snprintf(target, sizeof(target), "%s/%s", c.code, date);
		if ((rc = store_audit_add(
		         s, who ? who->account_id : 0,
		         who ? who->username : NULL, "register.edit",
		         "register", target, who ? who->address : NULL,
		         changes.len ? changes.data : "no change", e)))
			goto fail;
	}
	if ((rc = sc_finish(s, e)))
		goto out;
	if (version_out)
		*version_out = version + 1;
	goto out;
fail:
	store_rollback(s);
out:
	buf_free(&changes);
	arena_free(&a);
	return rc;
}

/* Homeroom rule shared by registers and status: a class takes a register
 * when it is a homeroom (no subject) or its school has no homerooms that
 * year. */

int store_register_missing(store *s, int64_t school_id, const char *date,
                           arena *a, collect_class_ref **out, int *n,
                           att_err *e)
{
	*out = NULL;
	*n = 0;
	if (date_parse(date) < 0)
		return err_set(e, ATT_EINPUT, "'%s' is not a date", date);
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT c.id, c.code, c.name, (SELECT count(*) FROM enrolment en"
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
	sqlite3_bind_int64(st, 1, school_id);
	st_bind_text(st, 2, date);
	size_t cap = 0;
	collect_class_ref *v = NULL;
	int k = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, (size_t)k + 1, sizeof(*v));
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].code = sc_col_dup(a, st, 1);
		v[k].name = sc_col_dup(a, st, 2);
		v[k].students = sqlite3_column_int(st, 3);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return st_fail(s, e, "cannot list registers");
	}
	*out = arena_alloc(a, sizeof(*v) * (size_t)(k ? k : 1));
	if (k)
		memcpy(*out, v, sizeof(*v) * (size_t)k);
	free(v);
	*n = k;
	return ATT_OK;
}
