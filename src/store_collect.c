/*
 * store_collect.c - SQL for data entry in the browser: registers,
 * markbooks, behaviour, attitude, surveys, observations, collection status
 * and reminders (see store_collect.h for the contract of each function).
 *
 * Invariants:
 *  1. Each committing function opens its own BEGIN IMMEDIATE transaction
 *     (refusing to nest in a caller's), validates everything before the
 *     first write where it can, and on any failure rolls back: a save is
 *     all or nothing.
 *  2. Every commit bumps the data version once.
 *  3. An anonymous survey response carries nothing that identifies its
 *     respondent: a random id, the survey's audience as role, no person
 *     columns, no org, no date; survey_taken for the survey is rewritten in
 *     key order in the same transaction (with secure_delete on) so the
 *     physical order of its cells tells nothing about who answered when.
 */
#include "store_collect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "collect_input.h"
#include "store_account.h"
#include "store_internal.h"

/* ---- helpers ---- */

static const char *col_dup(arena *a, sqlite3_stmt *st, int i)
{
	return arena_strdup(a, st_text(st, i));
}

static int step_done(store *s, sqlite3_stmt *st, att_err *e, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return st_fail(s, e, what);
	return ATT_OK;
}

static int begin_own(store *s, att_err *e)
{
	if (!sqlite3_get_autocommit(s->db))
		return err_set(e, ATT_EIO, "a transaction is already open");
	return store_begin(s, e);
}

static int fail_rb(store *s, int rc)
{
	store_rollback(s);
	return rc;
}

static int finish(store *s, att_err *e)
{
	if (store_bump_version(s, e))
		return fail_rb(s, ATT_EIO);
	return store_commit(s, e);
}

int64_t store_collect_id(store *s, const char *table, const char *code)
{
	static const char *sqls[][2] = {
	    {"class", "SELECT id FROM class WHERE code = ?"},
	    {"student", "SELECT id FROM student WHERE code = ?"},
	    {"staff", "SELECT id FROM staff WHERE code = ?"},
	    {"org", "SELECT id FROM org WHERE code = ?"},
	    {"assessment", "SELECT id FROM assessment WHERE code = ?"},
	    {"survey", "SELECT id FROM survey WHERE code = ?"},
	    {"observation", "SELECT id FROM observation WHERE code = ?"},
	    {"calendar_event", "SELECT id FROM calendar_event WHERE code = ?"},
	};
	if (!code)
		return -1;
	for (size_t i = 0; i < ARRAY_LEN(sqls); i++) {
		if (strcmp(sqls[i][0], table) != 0)
			continue;
		sqlite3_stmt *st = st_prep(s, sqls[i][1], NULL);
		if (!st)
			return -1;
		st_bind_text(st, 1, code);
		int64_t id = -1;
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return id;
	}
	return -1;
}

/* What the entry functions need to know about a class. */
typedef struct class_info {
	int64_t id, org_id, year_id, subject_id;
	int grade;
	const char *code, *name, *year_start, *year_end;
} class_info;

static int class_get(store *s, int64_t id, arena *a, class_info *c, att_err *e)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT c.id, c.code, label('class', c.code, c.name), c.org_id,"
	    " c.year_id,"
	    " coalesce(c.subject_id, 0), coalesce(c.grade, -1),"
	    " y.start_date, y.end_date"
	    " FROM class c JOIN academic_year y ON y.id = c.year_id"
	    " WHERE c.id = ?",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return st_fail(s, e, "cannot read class");
		return err_set(e, ATT_ENOTFOUND, "no class with id %lld",
		               (long long)id);
	}
	c->id = sqlite3_column_int64(st, 0);
	c->code = col_dup(a, st, 1);
	c->name = col_dup(a, st, 2);
	c->org_id = sqlite3_column_int64(st, 3);
	c->year_id = sqlite3_column_int64(st, 4);
	c->subject_id = sqlite3_column_int64(st, 5);
	c->grade = sqlite3_column_int(st, 6);
	c->year_start = col_dup(a, st, 7);
	c->year_end = col_dup(a, st, 8);
	sqlite3_reset(st);
	return ATT_OK;
}

/* Day index of date in the class's year, and the year's length in days. */
static int class_day(const class_info *c, const char *date, int *day,
                     int *ndays, att_err *e)
{
	long d = date ? date_parse(date) : -1;
	if (d < 0 || strlen(date) != 10)
		return err_set(e, ATT_EINPUT, "'%s' is not a date (YYYY-MM-DD)",
		               date ? date : "");
	long a = date_parse(c->year_start), b = date_parse(c->year_end);
	if (a < 0 || b < a)
		return err_set(e, ATT_EINPUT,
		               "academic year of class '%s' has bad dates",
		               c->code);
	if (d < a || d > b)
		return err_set(
		    e, ATT_EINPUT,
		    "%s is outside the academic year of class '%s' (%s to %s)",
		    date, c->code, c->year_start, c->year_end);
	*day = (int)(d - a);
	*ndays = (int)(b - a + 1);
	return ATT_OK;
}

/* Students enrolled in a class (on date, or at any time when date is
 * NULL), by family name, given name and code. */
static int enrolled(store *s, int64_t class_id, const char *date, arena *a,
                    collect_reg_row **out, int *n, att_err *e)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT s.id, s.code, s.given_name || CASE WHEN s.family_name <> ''"
	    " THEN ' ' || s.family_name ELSE '' END"
	    " FROM enrolment en JOIN student s ON s.id = en.student_id"
	    " WHERE en.class_id = ?1 AND s.active = 1 AND (?2 IS NULL OR"
	    " ((en.start_date IS NULL OR en.start_date <= ?2) AND"
	    "  (en.end_date IS NULL OR en.end_date >= ?2)))"
	    " ORDER BY s.family_name, s.given_name, s.code",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, class_id);
	st_bind_text(st, 2, date);
	size_t cap = 0;
	collect_reg_row *rows = NULL;
	int k = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&rows, &cap, (size_t)k + 1, sizeof(*rows));
		rows[k].student_id = sqlite3_column_int64(st, 0);
		rows[k].code = col_dup(a, st, 1);
		rows[k].name = col_dup(a, st, 2);
		rows[k].mark = ATT_PRESENT;
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return st_fail(s, e, "cannot list enrolled students");
	}
	*out = arena_alloc(a, sizeof(**out) * (size_t)(k ? k : 1));
	if (k)
		memcpy(*out, rows, sizeof(*rows) * (size_t)k);
	free(rows);
	*n = k;
	return ATT_OK;
}

static int find_student(const collect_reg_row *rows, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (rows[i].student_id == id)
			return i;
	return -1;
}

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
	return step_done(s, st, e, "cannot write attendance");
}

/* ---- registers ---- */

int store_register_load(store *s, int64_t class_id, const char *date, arena *a,
                        collect_register *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	class_info c = {0};
	int rc = class_get(s, class_id, a, &c, e);
	if (rc)
		return rc;
	int day, ndays;
	if ((rc = class_day(&c, date, &day, &ndays, e)))
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
		out->saved_at = col_dup(a, st, 1);
	}
	sqlite3_reset(st);
	if ((rc = enrolled(s, class_id, date, a, &out->rows, &out->n, e)))
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
	int rc = begin_own(s, e);
	if (rc)
		goto out;
	class_info c = {0};
	int day, ndays;
	if ((rc = class_get(s, class_id, &a, &c, e)) ||
	    (rc = class_day(&c, date, &day, &ndays, e)))
		goto fail;
	collect_reg_row *rows;
	int nrows;
	if ((rc = enrolled(s, class_id, date, &a, &rows, &nrows, e)))
		goto fail;
	int *want = arena_alloc(&a, sizeof(int) * (size_t)(nrows ? nrows : 1));
	for (int i = 0; i < nrows; i++)
		want[i] = ATT_PRESENT;
	for (int i = 0; i < n; i++) {
		int k = find_student(rows, nrows, marks[i].student_id);
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
	if ((rc = step_done(s, st, e, "cannot record register")))
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
	if ((rc = finish(s, e)))
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
#define REGISTER_CLASS_SQL                                                     \
	"(c.subject_id IS NULL OR NOT EXISTS (SELECT 1 FROM class h"           \
	" WHERE h.org_id = c.org_id AND h.year_id = c.year_id"                 \
	" AND h.subject_id IS NULL))"

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
	    "SELECT c.id, c.code, label('class', c.code, c.name),"
	    " (SELECT count(*) FROM enrolment en"
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
		v[k].code = col_dup(a, st, 1);
		v[k].name = col_dup(a, st, 2);
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

/* ---- markbook ---- */

typedef struct asmt_info {
	int64_t id, subject_id, year_id, class_id;
	int grade;
	double max_score;
	const char *code, *name, *kind, *date;
} asmt_info;

static int asmt_get(store *s, int64_t id, arena *a, asmt_info *o, att_err *e)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT id, code, label('assessment', code, name), kind,"
	    " coalesce(date, ''), max_score,"
	    " subject_id, year_id, coalesce(class_id, 0), coalesce(grade, -1)"
	    " FROM assessment WHERE id = ?",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return st_fail(s, e, "cannot read assessment");
		return err_set(e, ATT_ENOTFOUND, "no assessment with id %lld",
		               (long long)id);
	}
	o->id = sqlite3_column_int64(st, 0);
	o->code = col_dup(a, st, 1);
	o->name = col_dup(a, st, 2);
	o->kind = col_dup(a, st, 3);
	o->date = col_dup(a, st, 4);
	o->max_score = sqlite3_column_double(st, 5);
	o->subject_id = sqlite3_column_int64(st, 6);
	o->year_id = sqlite3_column_int64(st, 7);
	o->class_id = sqlite3_column_int64(st, 8);
	o->grade = sqlite3_column_int(st, 9);
	sqlite3_reset(st);
	return ATT_OK;
}

static int64_t save_version(store *s, const char *kind, int64_t target,
                            int64_t class_id)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT version FROM class_save WHERE kind = ? AND target_id = ?"
	    " AND class_id = ?",
	    NULL);
	if (!st)
		return -1;
	st_bind_text(st, 1, kind);
	sqlite3_bind_int64(st, 2, target);
	sqlite3_bind_int64(st, 3, class_id);
	int64_t v = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

static int save_record(store *s, const char *kind, int64_t target,
                       int64_t class_id, const collect_actor *who, att_err *e)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "INSERT INTO class_save(kind, target_id, class_id, version,"
	    " first_saved_at, saved_at, saved_by) VALUES (?1, ?2, ?3, 1,"
	    " ?5, ?5, ?4)"
	    " ON CONFLICT(kind, target_id, class_id) DO UPDATE SET"
	    " version = version + 1, saved_by = ?4, saved_at = ?5",
	    e);
	if (!st)
		return ATT_EIO;
	st_bind_text(st, 1, kind);
	sqlite3_bind_int64(st, 2, target);
	sqlite3_bind_int64(st, 3, class_id);
	if (who && who->account_id > 0)
		sqlite3_bind_int64(st, 4, who->account_id);
	else
		sqlite3_bind_null(st, 4);
	char at[21];
	clock_iso(who ? who->now : 0, at);
	st_bind_text(st, 5, at);
	return step_done(s, st, e, "cannot record save");
}

int store_markbook_load(store *s, int64_t assessment_id, int64_t class_id,
                        arena *a, collect_markbook *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	asmt_info as = {0};
	class_info c = {0};
	int rc;
	if ((rc = asmt_get(s, assessment_id, a, &as, e)) ||
	    (rc = class_get(s, class_id, a, &c, e)))
		return rc;
	if (as.year_id != c.year_id || (as.class_id && as.class_id != c.id) ||
	    (!as.class_id &&
	     ((c.subject_id && as.subject_id != c.subject_id) ||
	      (as.grade >= 0 && c.grade >= 0 && as.grade != c.grade))))
		return err_set(
		    e, ATT_EINPUT,
		    "assessment '%s' is not one class '%s' can enter", as.code,
		    c.code);
	out->assessment_id = as.id;
	out->assessment_code = as.code;
	out->name = as.name;
	out->kind = as.kind;
	out->date = as.date;
	out->max_score = as.max_score;
	out->class_id = c.id;
	out->class_code = c.code;
	out->class_name = c.name;
	out->version = save_version(s, "markbook", as.id, c.id);
	if (out->version < 0)
		return st_fail(s, e, "cannot read markbook version");

	sqlite3_stmt *st =
	    st_prep(s,
	            "SELECT i.id, i.code, i.max_points, coalesce(sd.code, ''),"
	            " coalesce(label('standard', sd.code, sd.description), '')"
	            " FROM item i"
	            " LEFT JOIN standard sd ON sd.id = i.standard_id"
	            " WHERE i.assessment_id = ? ORDER BY i.seq, i.code",
	            e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, as.id);
	size_t cap = 0;
	collect_item *items = NULL;
	int k = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&items, &cap, (size_t)k + 1, sizeof(*items));
		items[k].id = sqlite3_column_int64(st, 0);
		items[k].code = col_dup(a, st, 1);
		items[k].max_points = sqlite3_column_double(st, 2);
		items[k].standard_code = col_dup(a, st, 3);
		items[k].standard = col_dup(a, st, 4);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(items);
		return st_fail(s, e, "cannot list items");
	}
	out->items = arena_alloc(a, sizeof(*items) * (size_t)(k ? k : 1));
	if (k)
		memcpy(out->items, items, sizeof(*items) * (size_t)k);
	free(items);
	out->nitems = k;

	collect_reg_row *rows;
	int nrows;
	if ((rc = enrolled(s, c.id, NULL, a, &rows, &nrows, e)))
		return rc;
	out->nstudents = nrows;
	out->students = arena_alloc(a, sizeof(*out->students) *
	                                   (size_t)(nrows ? nrows : 1));
	for (int i = 0; i < nrows; i++) {
		collect_mb_student *m = &out->students[i];
		m->student_id = rows[i].student_id;
		m->code = rows[i].code;
		m->name = rows[i].name;
		m->has_points =
		    arena_alloc(a, sizeof(int) * (size_t)(k ? k : 1));
		m->points =
		    arena_alloc(a, sizeof(double) * (size_t)(k ? k : 1));
	}
	st = st_prep(
	    s,
	    "SELECT r.student_id, r.score FROM result r JOIN enrolment en"
	    " ON en.student_id = r.student_id AND en.class_id = ?2"
	    " WHERE r.assessment_id = ?1",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, as.id);
	sqlite3_bind_int64(st, 2, c.id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = find_student(rows, nrows, sqlite3_column_int64(st, 0));
		if (i >= 0) {
			out->students[i].has_score = 1;
			out->students[i].score = sqlite3_column_double(st, 1);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, e, "cannot read results");
	if (!k)
		return ATT_OK;
	st = st_prep(
	    s,
	    "SELECT ir.student_id, ir.item_id, ir.points FROM item_response ir"
	    " JOIN item i ON i.id = ir.item_id"
	    " JOIN enrolment en ON en.student_id = ir.student_id AND "
	    "en.class_id = ?2"
	    " WHERE i.assessment_id = ?1",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, as.id);
	sqlite3_bind_int64(st, 2, c.id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = find_student(rows, nrows, sqlite3_column_int64(st, 0));
		int64_t item = sqlite3_column_int64(st, 1);
		for (int j = 0; i >= 0 && j < k; j++) {
			if (out->items[j].id == item) {
				out->students[i].has_points[j] = 1;
				out->students[i].points[j] =
				    sqlite3_column_double(st, 2);
				break;
			}
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, e, "cannot read item responses");
	return ATT_OK;
}

int store_markbook_list(store *s, int64_t class_id, arena *a,
                        collect_asmt_ref **out, int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	class_info c = {0};
	int rc = class_get(s, class_id, a, &c, e);
	if (rc)
		return rc;
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT a.id, a.code, label('assessment', a.code, a.name), a.kind,"
	    " coalesce(a.date, ''), "
	    "a.max_score,"
	    " (SELECT count(*) FROM item i WHERE i.assessment_id = a.id),"
	    " (SELECT count(*) FROM result r JOIN enrolment en ON"
	    "  en.student_id = r.student_id AND en.class_id = ?1"
	    "  WHERE r.assessment_id = a.id)"
	    " FROM assessment a WHERE a.year_id = ?2 AND (a.class_id = ?1 OR"
	    " (a.class_id IS NULL AND (?3 = 0 OR a.subject_id = ?3)"
	    "  AND (a.grade IS NULL OR ?4 < 0 OR a.grade = ?4)))"
	    " ORDER BY coalesce(a.date, '') DESC, a.code LIMIT 200",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, c.id);
	sqlite3_bind_int64(st, 2, c.year_id);
	sqlite3_bind_int64(st, 3, c.subject_id);
	sqlite3_bind_int(st, 4, c.grade);
	size_t cap = 0;
	collect_asmt_ref *v = NULL;
	int k = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, (size_t)k + 1, sizeof(*v));
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].code = col_dup(a, st, 1);
		v[k].name = col_dup(a, st, 2);
		v[k].kind = col_dup(a, st, 3);
		v[k].date = col_dup(a, st, 4);
		v[k].max_score = sqlite3_column_double(st, 5);
		v[k].nitems = sqlite3_column_int(st, 6);
		v[k].entered = sqlite3_column_int(st, 7);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return st_fail(s, e, "cannot list assessments");
	}
	*out = arena_alloc(a, sizeof(*v) * (size_t)(k ? k : 1));
	if (k)
		memcpy(*out, v, sizeof(*v) * (size_t)k);
	free(v);
	*n = k;
	return ATT_OK;
}

static int kind_ok(const char *k)
{
	static const char *kinds[] = {"baseline", "formative", "summative",
	                              "diagnostic"};
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (strcmp(k, kinds[i]) == 0)
			return 1;
	return 0;
}

int store_markbook_create(store *s, int64_t class_id, const char *code,
                          const char *name, const char *kind, const char *date,
                          double max_score, const collect_item_spec *items,
                          int nitems, const collect_actor *who, int64_t *id_out,
                          att_err *e)
{
	arena a;
	arena_init(&a);
	int rc = begin_own(s, e);
	if (rc)
		goto out;
	class_info c = {0};
	int day, ndays;
	if ((rc = class_get(s, class_id, &a, &c, e)))
		goto fail;
	if (!kind || !*kind)
		kind = "formative";
	if (!kind_ok(kind)) {
		rc = err_set(e, ATT_EINPUT, "unknown assessment kind '%s'",
		             kind);
		goto fail;
	}
	if (!name || !*name || strlen(name) > 200) {
		rc = err_set(e, ATT_EINPUT,
		             "an assessment needs a name (at most 200 bytes)");
		goto fail;
	}
	if ((rc = class_day(&c, date, &day, &ndays, e)))
		goto fail;
	if (!c.subject_id) {
		rc = err_set(e, ATT_EINPUT,
		             "class '%s' has no subject to assess", c.code);
		goto fail;
	}
	if (nitems > 0) {
		max_score = 0;
		for (int i = 0; i < nitems; i++) {
			if (!items[i].code || !*items[i].code ||
			    !(items[i].max_points > 0) ||
			    !isfinite(items[i].max_points) ||
			    items[i].max_points > 10000) {
				rc = err_set(e, ATT_EINPUT,
				             "item %d needs a code and a "
				             "maximum above 0",
				             i + 1);
				goto fail;
			}
			for (int j = 0; j < i; j++)
				if (strcmp(items[i].code, items[j].code) == 0) {
					rc = err_set(
					    e, ATT_EINPUT,
					    "item code '%s' appears twice",
					    items[i].code);
					goto fail;
				}
			max_score += items[i].max_points;
		}
	}
	if (!(max_score > 0) || !isfinite(max_score) || max_score > 100000) {
		rc =
		    err_set(e, ATT_EINPUT, "the maximum score must be above 0");
		goto fail;
	}
	char gen[300];
	if (!code || !*code) {
		int64_t k = st_int(s, "SELECT count(*) FROM assessment") + 1;
		for (;; k++) {
			snprintf(gen, sizeof(gen), "%s-F%lld", c.code,
			         (long long)k);
			if (store_collect_id(s, "assessment", gen) < 0)
				break;
		}
		code = gen;
	} else if (store_collect_id(s, "assessment", code) >= 0) {
		rc = err_set(e, ATT_EINPUT, "assessment code '%s' is taken",
		             code);
		goto fail;
	}
	sqlite3_stmt *st = st_prep(
	    s,
	    "INSERT INTO assessment(code, name, subject_id, year_id, term_id,"
	    " grade, kind, date, max_score, class_id) VALUES (?1, ?2, ?3, ?4,"
	    " (SELECT id FROM term WHERE year_id = ?4 AND start_date <= ?6 AND"
	    "  end_date >= ?6 ORDER BY kind = 'term' DESC, start_date DESC "
	    "LIMIT 1),"
	    " ?5, ?7, ?6, ?8, ?9)",
	    e);
	if (!st) {
		rc = ATT_EIO;
		goto fail;
	}
	st_bind_text(st, 1, code);
	st_bind_text(st, 2, name);
	sqlite3_bind_int64(st, 3, c.subject_id);
	sqlite3_bind_int64(st, 4, c.year_id);
	if (c.grade >= 0)
		sqlite3_bind_int(st, 5, c.grade);
	else
		sqlite3_bind_null(st, 5);
	st_bind_text(st, 6, date);
	st_bind_text(st, 7, kind);
	sqlite3_bind_double(st, 8, max_score);
	sqlite3_bind_int64(st, 9, c.id);
	if ((rc = step_done(s, st, e, "cannot create assessment")))
		goto fail;
	int64_t aid = sqlite3_last_insert_rowid(s->db);
	for (int i = 0; i < nitems; i++) {
		int64_t sid = 0;
		if (items[i].standard_code && *items[i].standard_code) {
			st = st_prep(
			    s, "SELECT id FROM standard WHERE code = ?", e);
			if (!st) {
				rc = ATT_EIO;
				goto fail;
			}
			st_bind_text(st, 1, items[i].standard_code);
			sid = sqlite3_step(st) == SQLITE_ROW
			          ? sqlite3_column_int64(st, 0)
			          : 0;
			sqlite3_reset(st);
			if (!sid) {
				rc = err_set(
				    e, ATT_EINPUT,
				    "no learning outcome with code '%s'",
				    items[i].standard_code);
				goto fail;
			}
		}
		st = st_prep(
		    s,
		    "INSERT INTO item(assessment_id, code, seq, max_points,"
		    " standard_id) VALUES (?, ?, ?, ?, ?)",
		    e);
		if (!st) {
			rc = ATT_EIO;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, aid);
		st_bind_text(st, 2, items[i].code);
		sqlite3_bind_int(st, 3, i + 1);
		sqlite3_bind_double(st, 4, items[i].max_points);
		if (sid)
			sqlite3_bind_int64(st, 5, sid);
		else
			sqlite3_bind_null(st, 5);
		if ((rc = step_done(s, st, e, "cannot add item")))
			goto fail;
	}
	if ((rc = store_audit_add(s, who ? who->account_id : 0,
	                          who ? who->username : NULL, "markbook.create",
	                          "assessment", code, who ? who->address : NULL,
	                          c.code, e)))
		goto fail;
	if ((rc = finish(s, e)))
		goto out;
	if (id_out)
		*id_out = aid;
	goto out;
fail:
	store_rollback(s);
out:
	arena_free(&a);
	return rc;
}

/* Current value of a cell in a loaded markbook. */
static void cell_now(const collect_markbook *mb, int si, int item_ix, int *has,
                     double *v)
{
	const collect_mb_student *m = &mb->students[si];
	if (item_ix < 0) {
		*has = m->has_score;
		*v = m->score;
	} else {
		*has = m->has_points[item_ix];
		*v = m->points[item_ix];
	}
}

static int same_value(int ha, double a, int hb, double b)
{
	return ha == hb && (!ha || fabs(a - b) < 1e-9);
}

int store_markbook_save(store *s, int64_t assessment_id, int64_t class_id,
                        int64_t base_version, const collect_score *cells, int n,
                        const collect_actor *who, arena *a,
                        collect_conflict **conflicts, int *nconflicts,
                        int64_t *version_out, att_err *e)
{
	if (conflicts)
		*conflicts = NULL;
	if (nconflicts)
		*nconflicts = 0;
	arena tmp;
	arena_init(&tmp);
	int rc = begin_own(s, e);
	if (rc)
		goto out;
	collect_markbook mb;
	if ((rc =
	         store_markbook_load(s, assessment_id, class_id, &tmp, &mb, e)))
		goto fail;
	/* Resolve and validate every cell first. */
	int *si = arena_alloc(&tmp, sizeof(int) * (size_t)(n ? n : 1));
	int *ii = arena_alloc(&tmp, sizeof(int) * (size_t)(n ? n : 1));
	for (int k = 0; k < n; k++) {
		const collect_score *x = &cells[k];
		si[k] = -1;
		for (int i = 0; i < mb.nstudents; i++)
			if (mb.students[i].student_id == x->student_id)
				si[k] = i;
		if (si[k] < 0) {
			rc = err_set(e, ATT_EINPUT,
			             "student %lld is not in class '%s'",
			             (long long)x->student_id, mb.class_code);
			goto fail;
		}
		ii[k] = -1;
		double max = mb.max_score;
		if (x->item_id) {
			for (int j = 0; j < mb.nitems; j++)
				if (mb.items[j].id == x->item_id)
					ii[k] = j;
			if (ii[k] < 0) {
				rc = err_set(
				    e, ATT_EINPUT,
				    "item %lld is not part of assessment '%s'",
				    (long long)x->item_id, mb.assessment_code);
				goto fail;
			}
			max = mb.items[ii[k]].max_points;
		} else if (mb.nitems) {
			rc = err_set(
			    e, ATT_EINPUT,
			    "assessment '%s' is scored by item: its total is"
			    " the sum of the items",
			    mb.assessment_code);
			goto fail;
		}
		if (x->has_value &&
		    (!isfinite(x->value) || x->value < 0 || x->value > max)) {
			rc = err_set(e, ATT_EINPUT,
			             "score %g for '%s'%s%s is outside 0 to %g",
			             x->value, mb.students[si[k]].code,
			             ii[k] >= 0 ? " on item " : "",
			             ii[k] >= 0 ? mb.items[ii[k]].code : "",
			             max);
			goto fail;
		}
	}
	if (base_version != mb.version) {
		size_t cap = 0;
		collect_conflict *v = NULL;
		int nc = 0;
		for (int k = 0; k < n; k++) {
			int has;
			double now;
			cell_now(&mb, si[k], ii[k], &has, &now);
			if (same_value(has, now, cells[k].has_value,
			               cells[k].value))
				continue;
			xgrow((void **)&v, &cap, (size_t)nc + 1, sizeof(*v));
			v[nc].student_id = cells[k].student_id;
			v[nc].item_id = cells[k].item_id;
			v[nc].mine_has = cells[k].has_value;
			v[nc].mine = cells[k].value;
			v[nc].theirs_has = has;
			v[nc].theirs = now;
			nc++;
		}
		if (conflicts && a) {
			*conflicts =
			    arena_alloc(a, sizeof(*v) * (size_t)(nc ? nc : 1));
			if (nc)
				memcpy(*conflicts, v, sizeof(*v) * (size_t)nc);
		}
		free(v);
		if (nconflicts)
			*nconflicts = nc;
		rc = err_set(
		    e, ATT_ECONFLICT,
		    "markbook '%s' for class '%s' was saved by someone else"
		    " since you opened it (version %lld, yours %lld);"
		    " %d of your values differ",
		    mb.assessment_code, mb.class_code, (long long)mb.version,
		    (long long)base_version, nc);
		goto fail;
	}
	int changed = 0;
	int *touched = arena_alloc(
	    &tmp, sizeof(int) * (size_t)(mb.nstudents ? mb.nstudents : 1));
	for (int k = 0; k < n; k++) {
		const collect_score *x = &cells[k];
		int has;
		double now;
		cell_now(&mb, si[k], ii[k], &has, &now);
		if (same_value(has, now, x->has_value, x->value))
			continue;
		changed++;
		sqlite3_stmt *st;
		if (ii[k] >= 0) {
			touched[si[k]] = 1;
			st =
			    x->has_value
			        ? st_prep(
			              s,
			              "INSERT INTO item_response(item_id, "
			              "student_id,"
			              " points) VALUES (?1, ?2, ?3) ON CONFLICT"
			              "(item_id, student_id) DO UPDATE SET "
			              "points = ?3",
			              e)
			        : st_prep(s,
			                  "DELETE FROM item_response WHERE "
			                  "item_id = ?1"
			                  " AND student_id = ?2",
			                  e);
			if (!st) {
				rc = ATT_EIO;
				goto fail;
			}
			sqlite3_bind_int64(st, 1, x->item_id);
		} else {
			st = x->has_value
			         ? st_prep(
			               s,
			               "INSERT INTO result(assessment_id, "
			               "student_id,"
			               " score) VALUES (?1, ?2, ?3) ON CONFLICT"
			               "(assessment_id, student_id) DO UPDATE "
			               "SET score = ?3",
			               e)
			         : st_prep(s,
			                   "DELETE FROM result WHERE "
			                   "assessment_id = ?1"
			                   " AND student_id = ?2",
			                   e);
			if (!st) {
				rc = ATT_EIO;
				goto fail;
			}
			sqlite3_bind_int64(st, 1, mb.assessment_id);
		}
		sqlite3_bind_int64(st, 2, x->student_id);
		if (x->has_value)
			sqlite3_bind_double(st, 3, x->value);
		if ((rc = step_done(s, st, e, "cannot save score")))
			goto fail;
	}
	/* Totals of item-scored assessments follow their items. */
	for (int i = 0; i < mb.nstudents; i++) {
		if (!touched[i])
			continue;
		sqlite3_stmt *st = st_prep(
		    s,
		    "SELECT count(*), coalesce(sum(ir.points), 0) FROM "
		    "item_response ir"
		    " JOIN item i ON i.id = ir.item_id"
		    " WHERE i.assessment_id = ?1 AND ir.student_id = ?2",
		    e);
		if (!st) {
			rc = ATT_EIO;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, mb.assessment_id);
		sqlite3_bind_int64(st, 2, mb.students[i].student_id);
		int cnt = 0;
		double sum = 0;
		if (sqlite3_step(st) == SQLITE_ROW) {
			cnt = sqlite3_column_int(st, 0);
			sum = sqlite3_column_double(st, 1);
		}
		sqlite3_reset(st);
		st = cnt ? st_prep(
		               s,
		               "INSERT INTO result(assessment_id, student_id, "
		               "score)"
		               " VALUES (?1, ?2, ?3) ON CONFLICT(assessment_id,"
		               " student_id) DO UPDATE SET score = ?3",
		               e)
		         : st_prep(
		               s,
		               "DELETE FROM result WHERE assessment_id = ?1 AND"
		               " student_id = ?2",
		               e);
		if (!st) {
			rc = ATT_EIO;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, mb.assessment_id);
		sqlite3_bind_int64(st, 2, mb.students[i].student_id);
		if (cnt)
			sqlite3_bind_double(st, 3, sum);
		if ((rc = step_done(s, st, e, "cannot save total")))
			goto fail;
	}
	if ((rc = save_record(s, "markbook", mb.assessment_id, mb.class_id, who,
	                      e)))
		goto fail;
	char target[300], detail[64];
	snprintf(target, sizeof(target), "%s/%s", mb.assessment_code,
	         mb.class_code);
	snprintf(detail, sizeof(detail), "%d cells changed", changed);
	if ((rc = store_audit_add(s, who ? who->account_id : 0,
	                          who ? who->username : NULL, "markbook.save",
	                          "markbook", target, who ? who->address : NULL,
	                          detail, e)))
		goto fail;
	if ((rc = finish(s, e)))
		goto out;
	if (version_out)
		*version_out = mb.version + 1;
	goto out;
fail:
	store_rollback(s);
out:
	arena_free(&tmp);
	return rc;
}

/* ---- behaviour and attitude ---- */

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
	int rc = begin_own(s, e);
	if (rc)
		return rc;
	sqlite3_stmt *st = st_prep(
	    s,
	    "INSERT INTO behaviour_event(student_id, date, kind, category,"
	    " points, serious, staff_id, note)"
	    " SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM student WHERE id = ?1",
	    e);
	if (!st)
		return fail_rb(s, ATT_EIO);
	sqlite3_bind_int64(st, 1, student_id);
	st_bind_text(st, 2, date);
	st_bind_text(st, 3, kind);
	st_bind_text(st, 4, category);
	sqlite3_bind_int(st, 5, points);
	sqlite3_bind_int(st, 6, serious ? 1 : 0);
	if (who && who->staff_id > 0)
		sqlite3_bind_int64(st, 7, who->staff_id);
	else
		sqlite3_bind_null(st, 7);
	st_bind_text(st, 8, note && *note ? note : NULL);
	if ((rc = step_done(s, st, e, "cannot record behaviour")))
		return fail_rb(s, rc);
	if (sqlite3_changes(s->db) != 1)
		return fail_rb(s, err_set(e, ATT_ENOTFOUND,
		                          "no student with id %lld",
		                          (long long)student_id));
	int64_t id = sqlite3_last_insert_rowid(s->db);
	if ((rc = finish(s, e)))
		return rc;
	if (id_out)
		*id_out = id;
	return ATT_OK;
}

int store_behaviour_list(store *s, int64_t class_id, int limit, arena *a,
                         collect_behaviour **out, int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT b.id, s.code, s.given_name || CASE WHEN s.family_name <> ''"
	    " THEN ' ' || s.family_name ELSE '' END, b.date, b.kind, "
	    "label('behaviour', b.category, b.category),"
	    " b.points, coalesce(b.note, '')"
	    " FROM behaviour_event b JOIN enrolment en ON en.student_id = "
	    "b.student_id"
	    " JOIN student s ON s.id = b.student_id"
	    " WHERE en.class_id = ?1 ORDER BY b.date DESC, b.id DESC LIMIT ?2",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, class_id);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : 100);
	size_t cap = 0;
	collect_behaviour *v = NULL;
	int k = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, (size_t)k + 1, sizeof(*v));
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].student_code = col_dup(a, st, 1);
		v[k].student_name = col_dup(a, st, 2);
		v[k].date = col_dup(a, st, 3);
		v[k].kind = col_dup(a, st, 4);
		v[k].category = col_dup(a, st, 5);
		v[k].points = sqlite3_column_int(st, 6);
		v[k].note = col_dup(a, st, 7);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return st_fail(s, e, "cannot list behaviour");
	}
	*out = arena_alloc(a, sizeof(*v) * (size_t)(k ? k : 1));
	if (k)
		memcpy(*out, v, sizeof(*v) * (size_t)k);
	free(v);
	*n = k;
	return ATT_OK;
}

/* Recursive CTE "anc(id)": the org ?1 and its ancestors. */
#define ANCESTORS_CTE                                                          \
	"WITH RECURSIVE anc(id) AS (SELECT ?1 UNION ALL SELECT o.parent_id"    \
	" FROM org o JOIN anc ON o.id = anc.id WHERE o.parent_id IS NOT "      \
	"NULL) "

int store_attitude_window(store *s, int64_t class_id, const char *date,
                          arena *a, collect_window *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	class_info c = {0};
	int rc = class_get(s, class_id, a, &c, e);
	if (rc)
		return rc;
	sqlite3_stmt *st = st_prep(
	    s,
	    ANCESTORS_CTE
	    "SELECT e.id, e.code, label('event', e.code, e.title), "
	    "e.start_date,"
	    " e.due_date,"
	    " (SELECT t.id FROM term t WHERE t.year_id = e.year_id AND"
	    "  t.start_date <= e.due_date AND t.end_date >= e.due_date"
	    "  ORDER BY t.kind = 'term' DESC, t.start_date DESC LIMIT 1) AS "
	    "tid,"
	    " (SELECT label('term', t.code, t.name) FROM term t"
	    "  WHERE t.year_id = e.year_id AND"
	    "  t.start_date <= e.due_date AND t.end_date >= e.due_date"
	    "  ORDER BY t.kind = 'term' DESC, t.start_date DESC LIMIT 1)"
	    " FROM calendar_event e WHERE e.kind = 'data_collection'"
	    " AND e.collects = 'attitude' AND e.year_id = ?2 AND e.start_date "
	    "<= ?3"
	    " AND (e.org_id IS NULL OR e.org_id IN anc) AND tid IS NOT NULL"
	    " ORDER BY e.due_date < ?3,"
	    " CASE WHEN e.due_date >= ?3 THEN e.due_date END, e.due_date DESC"
	    " LIMIT 1",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, c.org_id);
	sqlite3_bind_int64(st, 2, c.year_id);
	st_bind_text(st, 3, date);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->event_id = sqlite3_column_int64(st, 0);
		out->event_code = col_dup(a, st, 1);
		out->title = col_dup(a, st, 2);
		out->start_date = col_dup(a, st, 3);
		out->due_date = col_dup(a, st, 4);
		out->term_id = sqlite3_column_int64(st, 5);
		out->term_name = col_dup(a, st, 6);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ATT_OK;
	if (rc != SQLITE_DONE)
		return st_fail(s, e, "cannot find attitude window");
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
	int rc = class_get(s, class_id, a, &c, e);
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
	out->version = save_version(s, "attitude", term_id, class_id);
	if ((rc = enrolled(s, class_id, date, a, &out->students, &out->n, e)))
		return rc;
	out->grades =
	    arena_alloc(a, sizeof(int) * (size_t)(out->n ? out->n : 1));
	sqlite3_stmt *st =
	    st_prep(s,
	            "SELECT g.student_id, g.grade FROM attitude_grade g JOIN "
	            "enrolment en"
	            " ON en.student_id = g.student_id AND en.class_id = ?1"
	            " WHERE g.term_id = ?2 AND g.subject_id = ?3",
	            e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, class_id);
	sqlite3_bind_int64(st, 2, term_id);
	sqlite3_bind_int64(st, 3, subject_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = find_student(out->students, out->n,
		                     sqlite3_column_int64(st, 0));
		if (i >= 0)
			out->grades[i] = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ATT_OK
	                         : st_fail(s, e, "cannot read attitude");
}

int store_attitude_save(store *s, int64_t class_id, int64_t term_id,
                        int64_t subject_id, const collect_grade *g, int n,
                        const collect_actor *who, att_err *e)
{
	arena a;
	arena_init(&a);
	int rc = begin_own(s, e);
	if (rc)
		goto out;
	class_info c = {0};
	if ((rc = class_get(s, class_id, &a, &c, e)))
		goto fail;
	if (!subject_id)
		subject_id = c.subject_id;
	if (!subject_id) {
		rc =
		    err_set(e, ATT_EINPUT, "class '%s' has no subject", c.code);
		goto fail;
	}
	sqlite3_stmt *st =
	    st_prep(s, "SELECT 1 FROM term WHERE id = ? AND year_id = ?", e);
	if (!st) {
		rc = ATT_EIO;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, term_id);
	sqlite3_bind_int64(st, 2, c.year_id);
	int ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!ok) {
		rc = err_set(e, ATT_EINPUT,
		             "term %lld is not in the year of class '%s'",
		             (long long)term_id, c.code);
		goto fail;
	}
	collect_reg_row *rows;
	int nrows;
	if ((rc = enrolled(s, class_id, NULL, &a, &rows, &nrows, e)))
		goto fail;
	for (int i = 0; i < n; i++) {
		if (find_student(rows, nrows, g[i].student_id) < 0) {
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
		        ? st_prep(
		              s,
		              "INSERT INTO attitude_grade(student_id, term_id,"
		              " subject_id, grade) VALUES (?1, ?2, ?3, ?4)"
		              " ON CONFLICT(student_id, term_id, subject_id)"
		              " DO UPDATE SET grade = ?4",
		              e)
		        : st_prep(
		              s,
		              "DELETE FROM attitude_grade WHERE student_id = ?1"
		              " AND term_id = ?2 AND subject_id = ?3",
		              e);
		if (!st) {
			rc = ATT_EIO;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, g[i].student_id);
		sqlite3_bind_int64(st, 2, term_id);
		sqlite3_bind_int64(st, 3, subject_id);
		if (g[i].grade)
			sqlite3_bind_int(st, 4, g[i].grade);
		if ((rc = step_done(s, st, e, "cannot save attitude grade")))
			goto fail;
	}
	if ((rc = save_record(s, "attitude", term_id, class_id, who, e)))
		goto fail;
	rc = finish(s, e);
	goto out;
fail:
	store_rollback(s);
out:
	arena_free(&a);
	return rc;
}

/* ---- surveys ---- */

static int audience_ok(const char *a)
{
	return a && (!strcmp(a, "student") || !strcmp(a, "parent") ||
	             !strcmp(a, "staff"));
}

int store_survey_create(store *s, const collect_survey *sp,
                        const collect_actor *who, int64_t *id_out, att_err *e)
{
	if (!sp->title || !*sp->title || strlen(sp->title) > 200)
		return err_set(e, ATT_EINPUT,
		               "a survey needs a title (at most 200 bytes)");
	if (!audience_ok(sp->audience))
		return err_set(
		    e, ATT_EINPUT,
		    "survey audience must be student, parent or staff");
	if (!sp->open_date || !sp->close_date ||
	    date_parse(sp->open_date) < 0 || date_parse(sp->close_date) < 0 ||
	    strlen(sp->open_date) != 10 || strlen(sp->close_date) != 10 ||
	    strcmp(sp->open_date, sp->close_date) > 0)
		return err_set(e, ATT_EINPUT,
		               "a survey needs an open and a close date "
		               "(YYYY-MM-DD, open first)");
	if (sp->nq < 1 || sp->nq > 100)
		return err_set(e, ATT_EINPUT,
		               "a survey needs 1 to 100 questions");
	for (int i = 0; i < sp->nq; i++) {
		const collect_question *q = &sp->q[i];
		if (!q->kind ||
		    (strcmp(q->kind, "likert") && strcmp(q->kind, "text")))
			return err_set(
			    e, ATT_EINPUT,
			    "question %d: kind must be likert or text", i + 1);
		if (!q->text || !*q->text || strlen(q->text) > 500)
			return err_set(
			    e, ATT_EINPUT,
			    "question %d needs its text (at most 500 bytes)",
			    i + 1);
	}
	int rc = begin_own(s, e);
	if (rc)
		return rc;
	char gen[64];
	const char *code = sp->code;
	if (!code || !*code) {
		int64_t k = st_int(s, "SELECT count(*) FROM survey") + 1;
		for (;; k++) {
			snprintf(gen, sizeof(gen), "SURVEY-%lld", (long long)k);
			if (store_collect_id(s, "survey", gen) < 0)
				break;
		}
		code = gen;
	} else if (store_collect_id(s, "survey", code) >= 0) {
		return fail_rb(s, err_set(e, ATT_EINPUT,
		                          "survey code '%s' is taken", code));
	}
	sqlite3_stmt *st =
	    st_prep(s,
	            "INSERT INTO survey(code, title, audience, anonymous, "
	            "year_id, org_id,"
	            " open_date, close_date) VALUES (?1, ?2, ?3, ?4,"
	            " (SELECT id FROM academic_year WHERE start_date <= ?5 AND "
	            "end_date >= ?5"
	            "  ORDER BY start_date DESC LIMIT 1), ?6, ?5, ?7)",
	            e);
	if (!st)
		return fail_rb(s, ATT_EIO);
	st_bind_text(st, 1, code);
	st_bind_text(st, 2, sp->title);
	st_bind_text(st, 3, sp->audience);
	sqlite3_bind_int(st, 4, sp->anonymous ? 1 : 0);
	st_bind_text(st, 5, sp->open_date);
	if (sp->org_id > 0)
		sqlite3_bind_int64(st, 6, sp->org_id);
	else
		sqlite3_bind_null(st, 6);
	st_bind_text(st, 7, sp->close_date);
	if ((rc = step_done(s, st, e, "cannot create survey")))
		return fail_rb(s, rc);
	int64_t id = sqlite3_last_insert_rowid(s->db);
	for (int i = 0; i < sp->nq; i++) {
		st = st_prep(
		    s,
		    "INSERT INTO survey_question(survey_id, seq, kind, text)"
		    " VALUES (?, ?, ?, ?)",
		    e);
		if (!st)
			return fail_rb(s, ATT_EIO);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i + 1);
		st_bind_text(st, 3, sp->q[i].kind);
		st_bind_text(st, 4, sp->q[i].text);
		if ((rc = step_done(s, st, e, "cannot add question")))
			return fail_rb(s, rc);
	}
	if ((rc = store_audit_add(s, who ? who->account_id : 0,
	                          who ? who->username : NULL, "survey.create",
	                          "survey", code, who ? who->address : NULL,
	                          NULL, e)))
		return fail_rb(s, rc);
	if ((rc = finish(s, e)))
		return rc;
	if (id_out)
		*id_out = id;
	return ATT_OK;
}

static void survey_row(sqlite3_stmt *st, arena *a, collect_survey *o)
{
	o->id = sqlite3_column_int64(st, 0);
	o->code = col_dup(a, st, 1);
	o->title = col_dup(a, st, 2);
	o->audience = col_dup(a, st, 3);
	o->anonymous = sqlite3_column_int(st, 4);
	o->org_id = sqlite3_column_int64(st, 5);
	o->open_date = col_dup(a, st, 6);
	o->close_date = col_dup(a, st, 7);
	o->responses = sqlite3_column_int(st, 8);
	o->org_code = col_dup(a, st, 9);
}

#define SURVEY_COLS                                                            \
	"SELECT v.id, v.code, label('survey', v.code, v.title), v.audience,"   \
	" v.anonymous,"                                                        \
	" coalesce(v.org_id, 0), coalesce(v.open_date, ''),"                   \
	" coalesce(v.close_date, ''), (SELECT count(*) FROM survey_response r" \
	" WHERE r.survey_id = v.id), coalesce((SELECT o.code FROM org o "      \
	"WHERE o.id = v.org_id), '') FROM survey v "

int store_survey_load(store *s, int64_t survey_id, arena *a,
                      collect_survey *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st = st_prep(s, SURVEY_COLS "WHERE v.id = ?", e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, survey_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		survey_row(st, a, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ATT_ENOTFOUND, "no survey with id %lld",
		               (long long)survey_id);
	if (rc != SQLITE_ROW)
		return st_fail(s, e, "cannot read survey");
	st = st_prep(
	    s,
	    "SELECT id, seq, kind, label('question', (SELECT v.code FROM"
	    " survey v WHERE v.id = survey_id) || '/' || seq, text)"
	    " FROM survey_question WHERE "
	    "survey_id = ?"
	    " ORDER BY seq",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, survey_id);
	size_t cap = 0;
	collect_question *q = NULL;
	int k = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&q, &cap, (size_t)k + 1, sizeof(*q));
		q[k].id = sqlite3_column_int64(st, 0);
		q[k].seq = sqlite3_column_int(st, 1);
		q[k].kind = col_dup(a, st, 2);
		q[k].text = col_dup(a, st, 3);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(q);
		return st_fail(s, e, "cannot read questions");
	}
	out->q = arena_alloc(a, sizeof(*q) * (size_t)(k ? k : 1));
	if (k)
		memcpy(out->q, q, sizeof(*q) * (size_t)k);
	free(q);
	out->nq = k;
	return ATT_OK;
}

int store_survey_list(store *s, int64_t org_id, arena *a, collect_survey **out,
                      int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = st_prep(
	    s,
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM "
	    "org o"
	    " JOIN sub ON o.parent_id = sub.id), "
	    " anc(id) AS (SELECT ?1 UNION ALL SELECT o.parent_id FROM org o"
	    " JOIN anc ON o.id = anc.id WHERE o.parent_id IS NOT "
	    "NULL) " SURVEY_COLS "WHERE ?1 = 0 OR v.org_id IS NULL OR v.org_id "
	    "IN sub OR v.org_id IN anc"
	    " ORDER BY v.open_date DESC, v.id DESC LIMIT 500",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, org_id);
	size_t cap = 0;
	collect_survey *v = NULL;
	int k = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, (size_t)k + 1, sizeof(*v));
		memset(&v[k], 0, sizeof(v[k]));
		survey_row(st, a, &v[k]);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return st_fail(s, e, "cannot list surveys");
	}
	*out = arena_alloc(a, sizeof(*v) * (size_t)(k ? k : 1));
	if (k)
		memcpy(*out, v, sizeof(*v) * (size_t)k);
	free(v);
	*n = k;
	return ATT_OK;
}

int store_survey_taken(store *s, int64_t survey_id, int64_t account_id)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT 1 FROM survey_taken WHERE survey_id = ? AND account_id = ?",
	    NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, survey_id);
	sqlite3_bind_int64(st, 2, account_id);
	int r = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return r;
}

/* Rewrite survey_taken's rows of a survey in key order, adding account:
 * afterwards the cells sit as if inserted in account order, so their
 * physical placement says nothing about who answered when. */
static int taken_rewrite(store *s, int64_t survey_id, int64_t account_id,
                         att_err *e)
{
	sqlite3_stmt *st =
	    st_prep(s,
	            "SELECT account_id FROM survey_taken WHERE survey_id = ?"
	            " ORDER BY account_id",
	            e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, survey_id);
	size_t cap = 0;
	int64_t *ids = NULL;
	size_t k = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&ids, &cap, k + 2, sizeof(*ids));
		ids[k++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return st_fail(s, e, "cannot read survey_taken");
	}
	xgrow((void **)&ids, &cap, k + 1, sizeof(*ids));
	size_t pos = 0;
	while (pos < k && ids[pos] < account_id)
		pos++;
	memmove(&ids[pos + 1], &ids[pos], (k - pos) * sizeof(*ids));
	ids[pos] = account_id;
	k++;
	st = st_prep(s, "DELETE FROM survey_taken WHERE survey_id = ?", e);
	if (!st) {
		free(ids);
		return ATT_EIO;
	}
	sqlite3_bind_int64(st, 1, survey_id);
	if ((rc = step_done(s, st, e, "cannot rewrite survey_taken"))) {
		free(ids);
		return rc;
	}
	for (size_t i = 0; i < k; i++) {
		st = st_prep(s,
		             "INSERT INTO survey_taken(survey_id, account_id) "
		             "VALUES (?, ?)",
		             e);
		if (!st) {
			free(ids);
			return ATT_EIO;
		}
		sqlite3_bind_int64(st, 1, survey_id);
		sqlite3_bind_int64(st, 2, ids[i]);
		if ((rc = step_done(s, st, e, "cannot record survey taken"))) {
			free(ids);
			return rc;
		}
	}
	free(ids);
	return ATT_OK;
}

int store_survey_answer(store *s, int64_t survey_id,
                        const collect_respondent *r, const collect_answer *ans,
                        int n, const char *today, att_err *e)
{
	arena a;
	arena_init(&a);
	collect_survey sv;
	int rc = store_survey_load(s, survey_id, &a, &sv, e);
	if (rc)
		goto out;
	if (!r || r->account_id <= 0) {
		rc = err_set(e, ATT_EINPUT,
		             "only a signed-in account can answer a survey");
		goto out;
	}
	if (!r->role || strcmp(r->role, sv.audience) != 0) {
		rc = err_set(e, ATT_EINPUT, "survey '%s' is for %s, not %s",
		             sv.code, sv.audience, r->role ? r->role : "?");
		goto out;
	}
	if (!today || (*sv.open_date && strcmp(today, sv.open_date) < 0) ||
	    (*sv.close_date && strcmp(today, sv.close_date) > 0)) {
		rc = err_set(e, ATT_EINPUT, "survey '%s' is open from %s to %s",
		             sv.code, sv.open_date, sv.close_date);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		const collect_question *q = NULL;
		for (int j = 0; j < sv.nq; j++)
			if (sv.q[j].id == ans[i].question_id)
				q = &sv.q[j];
		if (!q) {
			rc = err_set(e, ATT_EINPUT,
			             "question %lld is not in survey '%s'",
			             (long long)ans[i].question_id, sv.code);
			goto out;
		}
		for (int j = 0; j < i; j++)
			if (ans[j].question_id == ans[i].question_id) {
				rc = err_set(e, ATT_EINPUT,
				             "question %d answered twice",
				             q->seq);
				goto out;
			}
		if (!strcmp(q->kind, "likert") &&
		    (ans[i].value < 0 || ans[i].value > 5)) {
			rc = err_set(e, ATT_EINPUT,
			             "question %d: answer must be 1 to 5",
			             q->seq);
			goto out;
		}
		if (ans[i].text && strlen(ans[i].text) > 4000) {
			rc = err_set(
			    e, ATT_EINPUT,
			    "question %d: answer longer than 4000 bytes",
			    q->seq);
			goto out;
		}
	}
	if (sv.anonymous && st_exec(s, "PRAGMA secure_delete = ON", e)) {
		rc = ATT_EIO;
		goto out;
	}
	if ((rc = begin_own(s, e)))
		goto out;
	if (store_survey_taken(s, survey_id, r->account_id)) {
		rc = err_set(e, ATT_ECONFLICT,
		             "you have already answered survey '%s'", sv.code);
		goto fail;
	}
	sqlite3_stmt *st;
	int64_t rid = 0;
	if (sv.anonymous) {
		/* A random positive 62-bit id, retried on the (unlikely)
		 * collision; the role is the survey's audience, so it adds
		 * nothing. */
		for (int tries = 0; tries < 8; tries++) {
			uint64_t x;
			sqlite3_randomness(sizeof(x), &x);
			rid = (int64_t)(x >> 2) + 1;
			st = st_prep(s,
			             "INSERT OR IGNORE INTO "
			             "survey_response(id, survey_id,"
			             " respondent_role) VALUES (?, ?, ?)",
			             e);
			if (!st) {
				rc = ATT_EIO;
				goto fail;
			}
			sqlite3_bind_int64(st, 1, rid);
			sqlite3_bind_int64(st, 2, survey_id);
			st_bind_text(st, 3, sv.audience);
			if ((rc =
			         step_done(s, st, e, "cannot record response")))
				goto fail;
			if (sqlite3_changes(s->db) == 1)
				break;
			rid = 0;
		}
		if (!rid) {
			rc = err_set(e, ATT_EIO, "cannot draw a response id");
			goto fail;
		}
	} else {
		st = st_prep(
		    s,
		    "INSERT INTO survey_response(survey_id, respondent_role,"
		    " student_id, guardian_id, staff_id, org_id, submitted_on)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?)",
		    e);
		if (!st) {
			rc = ATT_EIO;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, survey_id);
		st_bind_text(st, 2, sv.audience);
		const int64_t ids[4] = {r->student_id, r->guardian_id,
		                        r->staff_id, r->org_id};
		for (int i = 0; i < 4; i++) {
			if (ids[i] > 0)
				sqlite3_bind_int64(st, 3 + i, ids[i]);
			else
				sqlite3_bind_null(st, 3 + i);
		}
		st_bind_text(st, 7, today);
		if ((rc = step_done(s, st, e, "cannot record response")))
			goto fail;
		rid = sqlite3_last_insert_rowid(s->db);
	}
	for (int i = 0; i < n; i++) {
		int has_text = ans[i].text && *ans[i].text;
		if (!ans[i].value && !has_text)
			continue;
		st = st_prep(s,
		             "INSERT INTO survey_answer(response_id, "
		             "question_id, value, text)"
		             " VALUES (?, ?, ?, ?)",
		             e);
		if (!st) {
			rc = ATT_EIO;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, rid);
		sqlite3_bind_int64(st, 2, ans[i].question_id);
		if (ans[i].value)
			sqlite3_bind_int(st, 3, ans[i].value);
		else
			sqlite3_bind_null(st, 3);
		st_bind_text(st, 4, has_text ? ans[i].text : NULL);
		if ((rc = step_done(s, st, e, "cannot record answer")))
			goto fail;
	}
	if (sv.anonymous) {
		if ((rc = taken_rewrite(s, survey_id, r->account_id, e)))
			goto fail;
	} else {
		st = st_prep(s,
		             "INSERT INTO survey_taken(survey_id, account_id) "
		             "VALUES (?, ?)",
		             e);
		if (!st) {
			rc = ATT_EIO;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, survey_id);
		sqlite3_bind_int64(st, 2, r->account_id);
		if ((rc = step_done(s, st, e, "cannot record survey taken")))
			goto fail;
	}
	if ((rc = finish(s, e)))
		goto out;
	if (sv.anonymous) {
		/* Move the transaction's frames out of the WAL now rather than
		 * at the next automatic checkpoint (best effort: busy readers
		 * may delay it). */
		sqlite3_wal_checkpoint_v2(
		    s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	goto out;
fail:
	store_rollback(s);
out:
	if (sv.anonymous)
		st_exec(s, "PRAGMA secure_delete = OFF", NULL);
	arena_free(&a);
	return rc;
}

int store_survey_results(store *s, int64_t survey_id, arena *a,
                         collect_q_result **out, int *n, long *responses,
                         att_err *e)
{
	*out = NULL;
	*n = 0;
	collect_survey sv;
	int rc = store_survey_load(s, survey_id, a, &sv, e);
	if (rc)
		return rc;
	*responses = sv.responses;
	collect_q_result *res =
	    arena_alloc(a, sizeof(*res) * (size_t)(sv.nq ? sv.nq : 1));
	for (int i = 0; i < sv.nq; i++) {
		res[i].question_id = sv.q[i].id;
		res[i].kind = sv.q[i].kind;
		res[i].text = sv.q[i].text;
		sqlite3_stmt *st = st_prep(
		    s,
		    "SELECT value, coalesce(text, '') FROM survey_answer"
		    " WHERE question_id = ? ORDER BY response_id",
		    e);
		if (!st)
			return ATT_EIO;
		sqlite3_bind_int64(st, 1, sv.q[i].id);
		size_t cap = 0;
		const char **texts = NULL;
		double sum = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int v = sqlite3_column_type(st, 0) == SQLITE_NULL
			            ? 0
			            : sqlite3_column_int(st, 0);
			const char *t = st_text(st, 1);
			if (v >= 1 && v <= 5) {
				res[i].counts[v - 1]++;
				sum += v;
				res[i].n++;
			} else if (*t) {
				xgrow((void **)&texts, &cap,
				      (size_t)res[i].ntexts + 1,
				      sizeof(*texts));
				texts[res[i].ntexts++] = arena_strdup(a, t);
				res[i].n++;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			free(texts);
			return st_fail(s, e, "cannot read answers");
		}
		long nl = res[i].counts[0] + res[i].counts[1] +
		          res[i].counts[2] + res[i].counts[3] +
		          res[i].counts[4];
		res[i].mean = nl ? sum / (double)nl : 0;
		res[i].texts = arena_alloc(
		    a, sizeof(*texts) *
		           (size_t)(res[i].ntexts ? res[i].ntexts : 1));
		if (res[i].ntexts)
			memcpy(res[i].texts, texts,
			       sizeof(*texts) * (size_t)res[i].ntexts);
		free(texts);
	}
	*out = res;
	*n = sv.nq;
	return ATT_OK;
}

/* ---- observations ---- */

int store_observation_add(store *s, const collect_observation *o,
                          const collect_actor *who, int64_t *id_out, att_err *e)
{
	if (!o->date || strlen(o->date) != 10 || date_parse(o->date) < 0)
		return err_set(e, ATT_EINPUT, "'%s' is not a date (YYYY-MM-DD)",
		               o->date ? o->date : "");
	if (o->nscores < 1 || o->nscores > 40)
		return err_set(e, ATT_EINPUT,
		               "an observation needs 1 to 40 criterion scores");
	for (int i = 0; i < o->nscores; i++) {
		const collect_crit_score *c = &o->scores[i];
		if (!c->criterion || !*c->criterion ||
		    strlen(c->criterion) > 60)
			return err_set(e, ATT_EINPUT,
			               "criterion %d has no name", i + 1);
		if (c->score < 1 || c->score > 4)
			return err_set(e, ATT_EINPUT,
			               "criterion '%s': score must be 1 to 4",
			               c->criterion);
		for (int j = 0; j < i; j++)
			if (!strcmp(o->scores[j].criterion, c->criterion))
				return err_set(e, ATT_EINPUT,
				               "criterion '%s' appears twice",
				               c->criterion);
	}
	if ((o->notes && strlen(o->notes) > 8000) ||
	    (o->next_steps && strlen(o->next_steps) > 8000))
		return err_set(e, ATT_EINPUT,
		               "notes are longer than 8000 bytes");
	int rc = begin_own(s, e);
	if (rc)
		return rc;
	int64_t org = o->org_id;
	sqlite3_stmt *st =
	    st_prep(s, "SELECT coalesce(org_id, 0) FROM staff WHERE id = ?", e);
	if (!st)
		return fail_rb(s, ATT_EIO);
	sqlite3_bind_int64(st, 1, o->staff_id);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found && !org)
		org = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!found)
		return fail_rb(s, err_set(e, ATT_ENOTFOUND,
		                          "no staff member with id %lld",
		                          (long long)o->staff_id));
	if (!org)
		return fail_rb(s,
		               err_set(e, ATT_EINPUT,
		                       "the observed teacher has no school"));
	char gen[64];
	const char *code = o->code;
	if (!code || !*code) {
		int64_t k = st_int(s, "SELECT count(*) FROM observation") + 1;
		for (;; k++) {
			snprintf(gen, sizeof(gen), "OBS-%lld", (long long)k);
			if (store_collect_id(s, "observation", gen) < 0)
				break;
		}
		code = gen;
	} else if (store_collect_id(s, "observation", code) >= 0) {
		return fail_rb(s,
		               err_set(e, ATT_EINPUT,
		                       "observation code '%s' is taken", code));
	}
	int64_t observer =
	    o->observer_id ? o->observer_id : (who ? who->staff_id : 0);
	st = st_prep(s,
	             "INSERT INTO observation(code, staff_id, observer_id, "
	             "org_id, class_id,"
	             " date, rubric, notes, next_steps) VALUES (?, ?, ?, ?, ?, "
	             "?, ?, ?, ?)",
	             e);
	if (!st)
		return fail_rb(s, ATT_EIO);
	st_bind_text(st, 1, code);
	sqlite3_bind_int64(st, 2, o->staff_id);
	if (observer > 0)
		sqlite3_bind_int64(st, 3, observer);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, org);
	if (o->class_id > 0)
		sqlite3_bind_int64(st, 5, o->class_id);
	else
		sqlite3_bind_null(st, 5);
	st_bind_text(st, 6, o->date);
	st_bind_text(st, 7, o->rubric && *o->rubric ? o->rubric : "default");
	st_bind_text(st, 8, o->notes && *o->notes ? o->notes : NULL);
	st_bind_text(st, 9,
	             o->next_steps && *o->next_steps ? o->next_steps : NULL);
	if ((rc = step_done(s, st, e, "cannot record observation")))
		return fail_rb(s, rc);
	int64_t id = sqlite3_last_insert_rowid(s->db);
	for (int i = 0; i < o->nscores; i++) {
		st = st_prep(s,
		             "INSERT INTO observation_score(observation_id, "
		             "criterion, score)"
		             " VALUES (?, ?, ?)",
		             e);
		if (!st)
			return fail_rb(s, ATT_EIO);
		sqlite3_bind_int64(st, 1, id);
		st_bind_text(st, 2, o->scores[i].criterion);
		sqlite3_bind_int(st, 3, o->scores[i].score);
		if ((rc = step_done(s, st, e, "cannot record score")))
			return fail_rb(s, rc);
	}
	if ((rc = store_audit_add(s, who ? who->account_id : 0,
	                          who ? who->username : NULL, "observation.add",
	                          "observation", code,
	                          who ? who->address : NULL, NULL, e)))
		return fail_rb(s, rc);
	if ((rc = finish(s, e)))
		return rc;
	if (id_out)
		*id_out = id;
	return ATT_OK;
}

int store_observation_list(store *s, int64_t staff_id, int64_t org_id, arena *a,
                           collect_observation **out, int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT o.id, o.code, o.staff_id, t.given_name || ' ' || "
	    "t.family_name,"
	    " coalesce(o.observer_id, 0), coalesce(b.given_name || ' ' || "
	    "b.family_name, ''),"
	    " o.org_id, coalesce(o.class_id, 0), o.date, o.rubric,"
	    " coalesce(o.notes, ''), coalesce(o.next_steps, '')"
	    " FROM observation o JOIN staff t ON t.id = o.staff_id"
	    " LEFT JOIN staff b ON b.id = o.observer_id"
	    " WHERE (?1 = 0 OR o.staff_id = ?1) AND (?2 = 0 OR o.org_id = ?2)"
	    " ORDER BY o.date DESC, o.id DESC LIMIT 500",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, staff_id);
	sqlite3_bind_int64(st, 2, org_id);
	size_t cap = 0;
	collect_observation *v = NULL;
	int k = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, (size_t)k + 1, sizeof(*v));
		memset(&v[k], 0, sizeof(v[k]));
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].code = col_dup(a, st, 1);
		v[k].staff_id = sqlite3_column_int64(st, 2);
		v[k].staff_name = col_dup(a, st, 3);
		v[k].observer_id = sqlite3_column_int64(st, 4);
		v[k].observer_name = col_dup(a, st, 5);
		v[k].org_id = sqlite3_column_int64(st, 6);
		v[k].class_id = sqlite3_column_int64(st, 7);
		v[k].date = col_dup(a, st, 8);
		v[k].rubric = col_dup(a, st, 9);
		v[k].notes = col_dup(a, st, 10);
		v[k].next_steps = col_dup(a, st, 11);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return st_fail(s, e, "cannot list observations");
	}
	for (int i = 0; i < k; i++) {
		st = st_prep(s,
		             "SELECT criterion, score FROM observation_score"
		             " WHERE observation_id = ? ORDER BY criterion",
		             e);
		if (!st) {
			free(v);
			return ATT_EIO;
		}
		sqlite3_bind_int64(st, 1, v[i].id);
		collect_crit_score tmp[40] = {{0}};
		int m = 0;
		while (sqlite3_step(st) == SQLITE_ROW && m < 40) {
			tmp[m].criterion = col_dup(a, st, 0);
			tmp[m].score = sqlite3_column_int(st, 1);
			m++;
		}
		sqlite3_reset(st);
		v[i].scores =
		    arena_alloc(a, sizeof(tmp[0]) * (size_t)(m ? m : 1));
		memcpy(v[i].scores, tmp, sizeof(tmp[0]) * (size_t)m);
		v[i].nscores = m;
	}
	*out = arena_alloc(a, sizeof(*v) * (size_t)(k ? k : 1));
	if (k)
		memcpy(*out, v, sizeof(*v) * (size_t)k);
	free(v);
	*n = k;
	return ATT_OK;
}

int store_observation_aggregate(store *s, int64_t org_id, arena *a,
                                collect_crit_agg **out, int *n,
                                long *observations, long *teachers, att_err *e)
{
	*out = NULL;
	*n = 0;
	*observations = 0;
	*teachers = 0;
	sqlite3_stmt *st = st_prep(
	    s,
	    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM "
	    "org o"
	    " JOIN sub ON o.parent_id = sub.id)"
	    " SELECT count(*), count(DISTINCT staff_id) FROM observation"
	    " WHERE ?1 = 0 OR org_id IN sub",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, org_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*observations = sqlite3_column_int64(st, 0);
		*teachers = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	st = st_prep(s,
	             "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT "
	             "o.id FROM org o"
	             " JOIN sub ON o.parent_id = sub.id)"
	             " SELECT sc.criterion, count(*), avg(sc.score),"
	             " sum(sc.score = 1), sum(sc.score = 2), sum(sc.score = "
	             "3), sum(sc.score = 4)"
	             " FROM observation_score sc JOIN observation o ON o.id = "
	             "sc.observation_id"
	             " WHERE ?1 = 0 OR o.org_id IN sub GROUP BY sc.criterion"
	             " ORDER BY sc.criterion",
	             e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, org_id);
	size_t cap = 0;
	collect_crit_agg *v = NULL;
	int k = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, (size_t)k + 1, sizeof(*v));
		v[k].criterion = col_dup(a, st, 0);
		v[k].n = sqlite3_column_int64(st, 1);
		v[k].mean = sqlite3_column_double(st, 2);
		for (int j = 0; j < 4; j++)
			v[k].counts[j] = sqlite3_column_int64(st, 3 + j);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return st_fail(s, e, "cannot aggregate observations");
	}
	*out = arena_alloc(a, sizeof(*v) * (size_t)(k ? k : 1));
	if (k)
		memcpy(*out, v, sizeof(*v) * (size_t)k);
	free(v);
	*n = k;
	return ATT_OK;
}

/* ---- collection status ---- */

typedef struct ev {
	int64_t id, org_id, year_id, assessment_id, survey_id, term_id;
	const char *code, *title, *collects, *start, *due, *audience;
} ev;

/* Schools under both the event's org (?1, NULL for all) and the filter
 * org (?2, NULL for all), with their submission for event ?3. */
#define SCHOOLS_CTE                                                            \
	"WITH RECURSIVE ea(id) AS (SELECT id FROM org WHERE (?1 IS NULL AND"   \
	" parent_id IS NULL) OR id = ?1 UNION ALL SELECT o.id FROM org o JOIN" \
	" ea ON o.parent_id = ea.id),"                                         \
	" rb(id) AS (SELECT id FROM org WHERE (?2 IS NULL AND parent_id IS"    \
	" NULL) OR id = ?2 UNION ALL SELECT o.id FROM org o JOIN rb ON"        \
	" o.parent_id = rb.id),"                                               \
	" sch(id, code, name, sub) AS (SELECT o.id, o.code, o.name,"           \
	" (SELECT cs.submitted_on FROM collection_submission cs WHERE"         \
	" cs.event_id = ?3 AND cs.org_id = o.id) FROM org o WHERE"             \
	" o.is_school = 1 AND o.id IN ea AND o.id IN rb) "

/* Every status query returns: school id, code, name, submitted_on, class
 * id, code, name, expected, done, late (0/1). */
static const char *status_sql(const char *collects, int64_t target)
{
	static const char *att = SCHOOLS_CTE
	    "SELECT sch.id, sch.code, sch.name, sch.sub, c.id, c.code,"
	    " label('class', c.code, c.name), "
	    "0,"
	    " (SELECT count(*) FROM register_taken r WHERE r.class_id = c.id "
	    "AND"
	    "  r.date BETWEEN ?5 AND ?6),"
	    " coalesce((SELECT max(substr(r.saved_at, 1, 10) > ?8) FROM "
	    "register_taken r"
	    "  WHERE r.class_id = c.id AND r.date BETWEEN ?5 AND ?6), 0)"
	    " FROM sch JOIN class c ON c.org_id = sch.id AND c.year_id = ?4"
	    " WHERE " REGISTER_CLASS_SQL
	    " AND EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = c.id)"
	    " ORDER BY sch.code, c.code";
	static const char *res = SCHOOLS_CTE
	    "SELECT sch.id, sch.code, sch.name, sch.sub, c.id, c.code,"
	    " label('class', c.code, c.name),"
	    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id),"
	    " (SELECT count(*) FROM enrolment en JOIN result r ON"
	    "  r.student_id = en.student_id AND r.assessment_id = ?7"
	    "  WHERE en.class_id = c.id),"
	    " coalesce((SELECT substr(cs.first_saved_at, 1, 10) > ?8 FROM "
	    "class_save cs"
	    "  WHERE cs.kind = 'markbook' AND cs.target_id = ?7 AND "
	    "cs.class_id = c.id), 0)"
	    " FROM sch JOIN class c ON c.org_id = sch.id JOIN assessment a ON "
	    "a.id = ?7"
	    " WHERE c.year_id = a.year_id AND (c.id = a.class_id OR "
	    "(a.class_id IS NULL"
	    "  AND (a.grade IS NULL OR c.grade = a.grade) AND (c.subject_id = "
	    "a.subject_id"
	    "  OR (c.subject_id IS NULL AND NOT EXISTS (SELECT 1 FROM class h "
	    "WHERE"
	    "  h.org_id = c.org_id AND h.year_id = c.year_id AND h.subject_id "
	    "= a.subject_id)))))"
	    " AND EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = c.id)"
	    " ORDER BY sch.code, c.code";
	static const char *attitude = SCHOOLS_CTE
	    "SELECT sch.id, sch.code, sch.name, sch.sub, c.id, c.code,"
	    " label('class', c.code, c.name),"
	    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id),"
	    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id AND "
	    "EXISTS"
	    "  (SELECT 1 FROM attitude_grade g WHERE g.student_id = "
	    "en.student_id AND"
	    "  g.term_id = ?7 AND (c.subject_id IS NULL OR g.subject_id = "
	    "c.subject_id))),"
	    " coalesce((SELECT substr(cs.first_saved_at, 1, 10) > ?8 FROM "
	    "class_save cs"
	    "  WHERE cs.kind = 'attitude' AND cs.target_id = ?7 AND "
	    "cs.class_id = c.id), 0)"
	    " FROM sch JOIN class c ON c.org_id = sch.id AND c.year_id = ?4"
	    " WHERE EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = "
	    "c.id)"
	    " ORDER BY sch.code, c.code";
	static const char *survey = SCHOOLS_CTE
	    ", aud(aid, org) AS ("
	    " SELECT ac.id, st.org_id FROM account ac JOIN staff st ON st.id = "
	    "ac.staff_id"
	    "  WHERE ?9 = 'staff' AND ac.role IN ('teacher', 'principal')"
	    " UNION SELECT ac.id, p.org_id FROM account ac JOIN placement p ON"
	    "  p.student_id = ac.student_id AND p.year_id = ?4"
	    "  WHERE ?9 = 'student' AND ac.role = 'student'"
	    " UNION SELECT ac.id, p.org_id FROM account ac JOIN guardian_link "
	    "gl ON"
	    "  gl.guardian_id = ac.guardian_id JOIN placement p ON"
	    "  p.student_id = gl.student_id AND p.year_id = ?4"
	    "  WHERE ?9 = 'parent' AND ac.role = 'parent')"
	    " SELECT sch.id, sch.code, sch.name, sch.sub, 0, '', '',"
	    " (SELECT count(*) FROM aud WHERE aud.org = sch.id),"
	    " (SELECT count(*) FROM aud JOIN survey_taken t ON t.account_id = "
	    "aud.aid"
	    "  AND t.survey_id = ?7 WHERE aud.org = sch.id), 0"
	    " FROM sch ORDER BY sch.code";
	static const char *obs = SCHOOLS_CTE
	    ", tch(staff_id, org) AS (SELECT DISTINCT t.staff_id, c.org_id FROM"
	    " teacher_of t JOIN class c ON c.id = t.class_id WHERE c.year_id = "
	    "?4)"
	    " SELECT sch.id, sch.code, sch.name, sch.sub, 0, '', '',"
	    " (SELECT count(*) FROM tch WHERE tch.org = sch.id),"
	    " (SELECT count(DISTINCT o.staff_id) FROM observation o JOIN tch ON"
	    "  tch.staff_id = o.staff_id AND tch.org = sch.id"
	    "  WHERE o.org_id = sch.id AND o.date BETWEEN ?5 AND ?10),"
	    " coalesce((SELECT max(o.date) > ?8 FROM observation o"
	    "  WHERE o.org_id = sch.id AND o.date BETWEEN ?5 AND ?10), 0)"
	    " FROM sch ORDER BY sch.code";
	static const char *res_window = SCHOOLS_CTE
	    "SELECT sch.id, sch.code, sch.name, sch.sub, c.id, c.code,"
	    " label('class', c.code, c.name),"
	    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id),"
	    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id AND "
	    "EXISTS"
	    "  (SELECT 1 FROM result r JOIN assessment a ON a.id = "
	    "r.assessment_id"
	    "  WHERE r.student_id = en.student_id AND a.year_id = c.year_id AND"
	    "  a.date BETWEEN ?5 AND ?8 AND (a.class_id = c.id OR (a.class_id "
	    "IS NULL"
	    "  AND a.subject_id = c.subject_id AND (a.grade IS NULL OR a.grade "
	    "= c.grade))))),"
	    " coalesce((SELECT max(substr(cs.first_saved_at, 1, 10) > ?8) FROM "
	    "class_save cs"
	    "  JOIN assessment a ON a.id = cs.target_id WHERE cs.kind = "
	    "'markbook' AND"
	    "  cs.class_id = c.id AND a.date BETWEEN ?5 AND ?8), 0)"
	    " FROM sch JOIN class c ON c.org_id = sch.id AND c.year_id = ?4"
	    " WHERE EXISTS (SELECT 1 FROM assessment a WHERE a.year_id = "
	    "c.year_id AND"
	    "  a.date BETWEEN ?5 AND ?8 AND (a.class_id = c.id OR (a.class_id "
	    "IS NULL AND"
	    "  a.subject_id = c.subject_id AND (a.grade IS NULL OR a.grade = "
	    "c.grade))))"
	    " AND EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = c.id)"
	    " ORDER BY sch.code, c.code";
	static const char *profile = SCHOOLS_CTE
	    "SELECT sch.id, sch.code, sch.name, sch.sub, 0, '', '', 1, 0, 0"
	    " FROM sch ORDER BY sch.code";
	if (!strcmp(collects, "attendance"))
		return att;
	if (!strcmp(collects, "results"))
		return target ? res : res_window;
	if (!strcmp(collects, "attitude"))
		return attitude;
	if (!strcmp(collects, "survey"))
		return survey;
	if (!strcmp(collects, "observation"))
		return obs;
	return profile;
}

int store_collect_status(store *s, int64_t event_id, int64_t org_id,
                         const char *today, collect_status_fn fn, void *ctx,
                         att_err *e)
{
	arena a;
	arena_init(&a);
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT e.id, e.code, label('event', e.code, e.title),"
	    " CASE WHEN e.kind = 'assessment' THEN 'results' ELSE e.collects "
	    "END,"
	    " e.start_date, e.due_date, coalesce(e.org_id, 0), e.year_id,"
	    " coalesce(e.assessment_id, 0), coalesce(e.survey_id, 0),"
	    " coalesce((SELECT t.id FROM term t WHERE t.year_id = e.year_id AND"
	    "  t.start_date <= e.due_date AND t.end_date >= e.due_date"
	    "  ORDER BY t.kind = 'term' DESC, t.start_date DESC LIMIT 1), 0),"
	    " coalesce((SELECT v.audience FROM survey v WHERE v.id = "
	    "e.survey_id), '')"
	    " FROM calendar_event e WHERE ((e.kind = 'data_collection' AND"
	    " e.collects IS NOT NULL) OR (e.kind = 'assessment' AND"
	    " e.assessment_id IS NOT NULL)) AND (?1 = 0 OR e.id = ?1)"
	    " AND e.start_date <= ?2 ORDER BY e.due_date, e.code",
	    e);
	if (!st) {
		arena_free(&a);
		return ATT_EIO;
	}
	sqlite3_bind_int64(st, 1, event_id);
	st_bind_text(st, 2, today);
	size_t cap = 0;
	ev *evs = NULL;
	int nev = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&evs, &cap, (size_t)nev + 1, sizeof(*evs));
		ev *x = &evs[nev++];
		x->id = sqlite3_column_int64(st, 0);
		x->code = col_dup(&a, st, 1);
		x->title = col_dup(&a, st, 2);
		x->collects = col_dup(&a, st, 3);
		x->start = col_dup(&a, st, 4);
		x->due = col_dup(&a, st, 5);
		x->org_id = sqlite3_column_int64(st, 6);
		x->year_id = sqlite3_column_int64(st, 7);
		x->assessment_id = sqlite3_column_int64(st, 8);
		x->survey_id = sqlite3_column_int64(st, 9);
		x->term_id = sqlite3_column_int64(st, 10);
		x->audience = col_dup(&a, st, 11);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = st_fail(s, e, "cannot list collection events");
		goto out;
	}
	rc = ATT_OK;
	for (int i = 0; i < nev; i++) {
		ev *x = &evs[i];
		int64_t target = !strcmp(x->collects, "results")
		                     ? x->assessment_id
		                 : !strcmp(x->collects, "attitude") ? x->term_id
		                 : !strcmp(x->collects, "survey") ? x->survey_id
		                                                  : 0;
		if (!target && (!strcmp(x->collects, "attitude") ||
		                !strcmp(x->collects, "survey")))
			continue; /* nothing to measure against */
		const char *upto = strcmp(today, x->due) < 0 ? today : x->due;
		long weekdays = collect_weekdays(x->start, upto);
		st = st_prep(s, status_sql(x->collects, target), e);
		if (!st) {
			rc = ATT_EIO;
			goto out;
		}
		if (x->org_id)
			sqlite3_bind_int64(st, 1, x->org_id);
		if (org_id)
			sqlite3_bind_int64(st, 2, org_id);
		sqlite3_bind_int64(st, 3, x->id);
		sqlite3_bind_int64(st, 4, x->year_id);
		st_bind_text(st, 5, x->start);
		st_bind_text(st, 6, upto);
		sqlite3_bind_int64(st, 7, target);
		st_bind_text(st, 8, x->due);
		st_bind_text(st, 9, x->audience);
		st_bind_text(st, 10, today);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			collect_status_row r = {0};
			r.event_id = x->id;
			r.event_code = x->code;
			r.title = x->title;
			r.collects = x->collects;
			r.start_date = x->start;
			r.due_date = x->due;
			r.school_id = sqlite3_column_int64(st, 0);
			r.school_code = st_text(st, 1);
			r.school_name = st_text(st, 2);
			int submitted =
			    sqlite3_column_type(st, 3) != SQLITE_NULL;
			const char *sub = st_text(st, 3);
			r.class_id = sqlite3_column_int64(st, 4);
			r.class_code = st_text(st, 5);
			r.class_name = st_text(st, 6);
			r.expected = sqlite3_column_int64(st, 7);
			r.done = sqlite3_column_int64(st, 8);
			int late = sqlite3_column_int(st, 9);
			if (!strcmp(x->collects, "attendance")) {
				r.expected = weekdays;
				if (r.done > r.expected)
					r.done = r.expected;
			}
			if (submitted) {
				if (r.expected <= 0)
					r.expected = 1;
				r.done = r.expected;
				late = strcmp(sub, x->due) > 0;
			}
			r.status =
			    collect_status_word(r.done, r.expected, late);
			fn(ctx, &r);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			rc = st_fail(s, e, "cannot compute collection status");
			goto out;
		}
		rc = ATT_OK;
	}
out:
	free(evs);
	arena_free(&a);
	return rc;
}

/* ---- reminders ---- */

typedef struct rem_ctx {
	arena *a;
	collect_reminder *v;
	size_t cap;
	int n;
	const int64_t *classes;
	int nclasses;
	int school_level; /* principal: keep school-level observation lines */
	const char *today;
	const char *oldest_due; /* lines due before this are left out */
} rem_ctx;

static collect_reminder *rem_push(rem_ctx *c)
{
	xgrow((void **)&c->v, &c->cap, (size_t)c->n + 1, sizeof(*c->v));
	collect_reminder *r = &c->v[c->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static void rem_status(void *ctx, const collect_status_row *r)
{
	rem_ctx *c = ctx;
	if (!strcmp(r->status, "complete") || !strcmp(r->status, "late"))
		return;
	if (strcmp(r->due_date, c->oldest_due) < 0)
		return;
	if (r->class_id) {
		int mine = 0;
		for (int i = 0; i < c->nclasses; i++)
			mine |= c->classes[i] == r->class_id;
		/* Attendance windows are covered by the daily register line. */
		if (!mine || c->school_level ||
		    !strcmp(r->collects, "attendance"))
			return;
	} else if (!c->school_level || strcmp(r->collects, "observation")) {
		return;
	}
	collect_reminder *m = rem_push(c);
	m->kind = arena_strdup(c->a, r->collects);
	m->what = arena_strdup(c->a, r->title);
	m->target =
	    arena_strdup(c->a, r->class_id ? r->class_code : r->school_code);
	m->target_name =
	    arena_strdup(c->a, r->class_id ? r->class_name : r->school_name);
	m->due_date = arena_strdup(c->a, r->due_date);
	m->done = r->done;
	m->expected = r->expected;
	m->overdue = strcmp(c->today, r->due_date) > 0;
	m->event_id = r->event_id;
	m->target_id = r->class_id ? r->class_id : r->school_id;
}

static int rem_cmp(const void *pa, const void *pb)
{
	const collect_reminder *a = pa, *b = pb;
	int c = strcmp(a->due_date, b->due_date);
	if (c)
		return c;
	c = strcmp(a->kind, b->kind);
	return c ? c : strcmp(a->target, b->target);
}

int store_collect_reminders(store *s, int64_t account_id, const char *today,
                            arena *a, collect_reminder **out, int *n,
                            att_err *e)
{
	*out = NULL;
	*n = 0;
	long tday = date_parse(today);
	if (tday < 0)
		return err_set(e, ATT_EINPUT, "'%s' is not a date", today);
	sqlite3_stmt *st = st_prep(
	    s, "SELECT role, coalesce(staff_id, 0) FROM account WHERE id = ?",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, account_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return err_set(e, ATT_ENOTFOUND, "no account with id %lld",
		               (long long)account_id);
	}
	char role[16];
	snprintf(role, sizeof(role), "%s", st_text(st, 0));
	int64_t staff_id = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);

	rem_ctx c = {.a = a, .today = today};
	char oldest[11];
	date_format(tday - 30, oldest);
	c.oldest_due = oldest;
	int rc = ATT_OK;
	size_t ccap = 0, scap = 0;
	int64_t *classes = NULL, *schools = NULL;
	int nschools = 0;
	if (!strcmp(role, "teacher")) {
		/* The teacher's classes in a year containing today. */
		st = st_prep(
		    s,
		    "SELECT DISTINCT c.id, c.code, label('class', c.code, "
		    "c.name),"
		    " c.org_id,"
		    " " REGISTER_CLASS_SQL ","
		    " EXISTS (SELECT 1 FROM register_taken r WHERE r.class_id "
		    "= c.id"
		    "  AND r.date = ?3),"
		    " EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = "
		    "c.id)"
		    " FROM class c JOIN academic_year y ON y.id = c.year_id"
		    " WHERE y.start_date <= ?3 AND y.end_date >= ?3 AND"
		    " (c.id IN (SELECT class_id FROM account_scope WHERE "
		    "account_id = ?1"
		    "  AND class_id IS NOT NULL) OR c.id IN (SELECT class_id "
		    "FROM"
		    "  teacher_of WHERE staff_id = ?2)) ORDER BY c.code",
		    e);
		if (!st)
			return ATT_EIO;
		sqlite3_bind_int64(st, 1, account_id);
		sqlite3_bind_int64(st, 2, staff_id);
		st_bind_text(st, 3, today);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			xgrow((void **)&classes, &ccap, (size_t)c.nclasses + 1,
			      sizeof(*classes));
			classes[c.nclasses++] = sqlite3_column_int64(st, 0);
			int64_t org = sqlite3_column_int64(st, 3);
			int seen = 0;
			for (int i = 0; i < nschools; i++)
				seen |= schools[i] == org;
			if (!seen) {
				xgrow((void **)&schools, &scap,
				      (size_t)nschools + 1, sizeof(*schools));
				schools[nschools++] = org;
			}
			if (date_weekday(tday) < 5 &&
			    sqlite3_column_int(st, 4) &&
			    !sqlite3_column_int(st, 5) &&
			    sqlite3_column_int(st, 6)) {
				collect_reminder *m = rem_push(&c);
				m->kind = "register";
				m->what = "";
				m->target = col_dup(a, st, 1);
				m->target_name = col_dup(a, st, 2);
				m->due_date = arena_strdup(a, today);
				m->expected = 1;
				m->target_id = classes[c.nclasses - 1];
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			rc = st_fail(s, e, "cannot list classes");
			goto out;
		}
		rc = ATT_OK;
	} else if (!strcmp(role, "principal")) {
		c.school_level = 1;
		st = st_prep(
		    s,
		    "SELECT org_id FROM account_scope WHERE account_id = ?"
		    " AND org_id IS NOT NULL",
		    e);
		if (!st)
			return ATT_EIO;
		sqlite3_bind_int64(st, 1, account_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			xgrow((void **)&schools, &scap, (size_t)nschools + 1,
			      sizeof(*schools));
			schools[nschools++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_reset(st);
	}
	c.classes = classes;
	for (int i = 0; i < nschools && rc == ATT_OK; i++)
		rc = store_collect_status(s, 0, schools[i], today, rem_status,
		                          &c, e);
	if (rc)
		goto out;

	/* Open surveys of the account's audience in its schools' trees. */
	const char *aud =
	    !strcmp(role, "student")  ? "student"
	    : !strcmp(role, "parent") ? "parent"
	    : (!strcmp(role, "teacher") || !strcmp(role, "principal")) ? "staff"
	                                                               : NULL;
	if (aud) {
		st = st_prep(
		    s,
		    "WITH RECURSIVE sch(id) AS ("
		    " SELECT org_id FROM staff WHERE id = (SELECT staff_id "
		    "FROM account"
		    "  WHERE id = ?1)"
		    " UNION SELECT p.org_id FROM placement p WHERE "
		    "p.student_id ="
		    "  (SELECT student_id FROM account WHERE id = ?1)"
		    " UNION SELECT p.org_id FROM placement p JOIN "
		    "guardian_link gl ON"
		    "  gl.student_id = p.student_id WHERE gl.guardian_id ="
		    "  (SELECT guardian_id FROM account WHERE id = ?1)"
		    " UNION SELECT org_id FROM account_scope WHERE account_id "
		    "= ?1"
		    "  AND org_id IS NOT NULL),"
		    " anc(id) AS (SELECT id FROM sch UNION SELECT o.parent_id "
		    "FROM org o"
		    "  JOIN anc ON o.id = anc.id WHERE o.parent_id IS NOT NULL)"
		    " SELECT v.id, v.code, label('survey', v.code, v.title),"
		    " coalesce(v.close_date, '') "
		    "FROM survey v"
		    " WHERE v.audience = ?2 AND (v.open_date IS NULL OR"
		    " v.open_date <= ?3) AND (v.close_date IS NULL OR"
		    " v.close_date >= ?3)"
		    " AND (v.org_id IS NULL OR v.org_id IN anc) AND NOT EXISTS"
		    " (SELECT 1 FROM survey_taken t WHERE t.survey_id = v.id "
		    "AND"
		    "  t.account_id = ?1) ORDER BY v.close_date, v.code",
		    e);
		if (!st) {
			rc = ATT_EIO;
			goto out;
		}
		sqlite3_bind_int64(st, 1, account_id);
		st_bind_text(st, 2, aud);
		st_bind_text(st, 3, today);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			collect_reminder *m = rem_push(&c);
			m->kind = "survey";
			m->survey_id = sqlite3_column_int64(st, 0);
			m->target = col_dup(a, st, 1);
			m->what = col_dup(a, st, 2);
			m->target_name = m->what;
			m->due_date = col_dup(a, st, 3);
			m->expected = 1;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			rc = st_fail(s, e, "cannot list surveys");
			goto out;
		}
		rc = ATT_OK;
	}
	if (c.n)
		qsort(c.v, (size_t)c.n, sizeof(*c.v), rem_cmp);
	*out = arena_alloc(a, sizeof(*c.v) * (size_t)(c.n ? c.n : 1));
	if (c.n)
		memcpy(*out, c.v, sizeof(*c.v) * (size_t)c.n);
	*n = c.n;
out:
	free(c.v);
	free(classes);
	free(schools);
	return rc;
}

/* The account's schools (staff school, student's and children's
 * placements, org scope rows) and their ancestors, as CTE "anc". */
#define ACCOUNT_ORGS_CTE                                                       \
	"WITH RECURSIVE sch(id) AS ("                                          \
	" SELECT org_id FROM staff WHERE id = (SELECT staff_id FROM account"   \
	"  WHERE id = ?1)"                                                     \
	" UNION SELECT p.org_id FROM placement p WHERE p.student_id ="         \
	"  (SELECT student_id FROM account WHERE id = ?1)"                     \
	" UNION SELECT p.org_id FROM placement p JOIN guardian_link gl ON"     \
	"  gl.student_id = p.student_id WHERE gl.guardian_id ="                \
	"  (SELECT guardian_id FROM account WHERE id = ?1)"                    \
	" UNION SELECT org_id FROM account_scope WHERE account_id = ?1"        \
	"  AND org_id IS NOT NULL),"                                           \
	" anc(id) AS (SELECT id FROM sch UNION SELECT o.parent_id FROM org o"  \
	"  JOIN anc ON o.id = anc.id WHERE o.parent_id IS NOT NULL) "

int store_survey_open_for(store *s, int64_t survey_id, int64_t account_id,
                          const char *today)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    ACCOUNT_ORGS_CTE
	    "SELECT 1 FROM survey v, account ac WHERE v.id = ?2 AND ac.id = ?1"
	    " AND v.audience = CASE ac.role WHEN 'student' THEN 'student'"
	    "  WHEN 'parent' THEN 'parent' WHEN 'teacher' THEN 'staff'"
	    "  WHEN 'principal' THEN 'staff' END"
	    " AND (v.open_date IS NULL OR v.open_date <= ?3) AND (v.close_date "
	    "IS NULL OR v.close_date >= ?3)"
	    " AND (v.org_id IS NULL OR v.org_id IN anc)",
	    NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, survey_id);
	st_bind_text(st, 3, today);
	int r = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return r;
}

int store_collect_teachers(store *s, int64_t school_id, arena *a,
                           collect_staff_ref **out, int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT DISTINCT t.id, t.code, t.given_name || CASE WHEN"
	    " t.family_name <> '' THEN ' ' || t.family_name ELSE '' END,"
	    " t.family_name, t.given_name"
	    " FROM staff t JOIN teacher_of tf ON tf.staff_id = t.id"
	    " JOIN class c ON c.id = tf.class_id WHERE c.org_id = ?"
	    " ORDER BY t.family_name, t.given_name, t.code LIMIT 1000",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, school_id);
	size_t cap = 0;
	collect_staff_ref *v = NULL;
	int k = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&v, &cap, (size_t)k + 1, sizeof(*v));
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].code = col_dup(a, st, 1);
		v[k].name = col_dup(a, st, 2);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return st_fail(s, e, "cannot list teachers");
	}
	*out = arena_alloc(a, sizeof(*v) * (size_t)(k ? k : 1));
	if (k)
		memcpy(*out, v, sizeof(*v) * (size_t)k);
	free(v);
	*n = k;
	return ATT_OK;
}

int store_collect_students(store *s, int64_t class_id, arena *a,
                           collect_reg_row **out, int *n, att_err *e)
{
	return enrolled(s, class_id, NULL, a, out, n, e);
}

int64_t store_collect_account_school(store *s, int64_t account_id)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT coalesce("
	    " (SELECT t.org_id FROM staff t JOIN account a ON a.staff_id = t.id"
	    "  WHERE a.id = ?1),"
	    " (SELECT p.org_id FROM placement p JOIN account a ON"
	    "  a.student_id = p.student_id JOIN academic_year y ON y.id = "
	    "p.year_id"
	    "  WHERE a.id = ?1 ORDER BY y.start_date DESC LIMIT 1),"
	    " (SELECT p.org_id FROM placement p JOIN guardian_link gl ON"
	    "  gl.student_id = p.student_id JOIN account a ON a.guardian_id ="
	    "  gl.guardian_id JOIN academic_year y ON y.id = p.year_id"
	    "  WHERE a.id = ?1 ORDER BY y.start_date DESC LIMIT 1),"
	    " (SELECT org_id FROM account_scope WHERE account_id = ?1 AND"
	    "  org_id IS NOT NULL ORDER BY rowid LIMIT 1), 0)",
	    NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, account_id);
	int64_t v = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}
