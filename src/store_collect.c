/*
 * store_collect.c - what the data-entry store files share
 * (store_collect_internal.h): the transaction of a save, statement and
 * list helpers, class facts and enrolment, class_save versions, the audit
 * entry of a save; and the lookups the entry pages use (ids by code, a
 * class's students, a school's teachers, an account's school). The
 * contract of each exported function is in store_collect.h.
 *
 * Invariants of every save (all store_collect_*.c files):
 *  1. Each committing function opens its own BEGIN IMMEDIATE transaction
 *     (refusing to nest in a caller's), validates everything before the
 *     first write where it can, and on any failure rolls back: a save is
 *     all or nothing.
 *  2. Every commit bumps the data version once.
 *  3. Every time a save records is the caller's (collect_actor.now), never
 *     a clock read here.
 */
#include "store_collect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "store_account.h"

/* ---- statements ---- */

const char *sc_col_dup(arena *a, sql_stmt *st, int i)
{
	return arena_strdup(a, sql_text(st, i));
}

int sc_step_done(store *s, sql_stmt *st, att_err *e, const char *what)
{
	int rc = sql_step(st);
	sql_reset(st);
	if (rc != SQL_DONE && rc != SQL_ROW)
		return sql_fail(s, e, what);
	return ATT_OK;
}

int sc_insert_id(store *s, sql_stmt *st, int64_t *id, att_err *e,
                 const char *what)
{
	int rc = sql_step(st);
	*id = rc == SQL_ROW ? sql_int(st, 0) : 0;
	sql_reset(st);
	if (rc != SQL_DONE && rc != SQL_ROW)
		return sql_fail(s, e, what);
	return ATT_OK;
}

int sc_step_one(store *s, sql_stmt *st, att_err *e, const char *what,
                const char *noun, int64_t id)
{
	int rc = sql_step(st);
	if (rc == SQL_ROW)
		return ATT_OK;
	sql_reset(st);
	if (rc != SQL_DONE)
		return sql_fail(s, e, what);
	return err_set(e, ATT_ENOTFOUND, "no %s with id %lld", noun,
	               (long long)id);
}

int sc_list(store *s, sql_stmt *st, size_t size, sc_row_fn fn, arena *a,
            void **out, int *n, att_err *e, const char *what)
{
	size_t cap = 0;
	char *v = NULL;
	int k = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		xgrow((void **)&v, &cap, (size_t)k + 1, size);
		memset(v + (size_t)k * size, 0, size);
		fn(st, a, v + (size_t)k * size);
		k++;
	}
	sql_reset(st);
	if (rc != SQL_DONE) {
		free(v);
		return sql_fail(s, e, what);
	}
	*out = arena_alloc(a, size * (size_t)(k ? k : 1));
	if (k)
		memcpy(*out, v, size * (size_t)k);
	free(v);
	*n = k;
	return ATT_OK;
}

/* ---- the transaction of a save ---- */

int sc_begin(store *s, att_err *e)
{
	if (sql_in_tx(s))
		return err_set(e, ATT_EIO, "a transaction is already open");
	return store_begin(s, e);
}

int sc_fail(store *s, int rc)
{
	store_rollback(s);
	return rc;
}

int sc_finish(store *s, att_err *e)
{
	if (store_bump_version(s, e))
		return sc_fail(s, ATT_EIO);
	return store_commit(s, e);
}

void sc_bind_account(sql_stmt *st, int i, const collect_actor *who)
{
	if (who && who->account_id > 0)
		sql_bind_int(st, i, who->account_id);
	else
		sql_bind_null(st, i);
}

void sc_when(const collect_actor *who, char out[21])
{
	clock_iso(who ? who->now : 0, out);
}

int sc_audit(store *s, const collect_actor *who, const char *action,
             const char *kind, const char *target, const char *detail,
             att_err *e)
{
	audit_entry a = {.at = who ? who->now : 0,
	                 .account_id = who ? who->account_id : 0,
	                 .username = who ? who->username : NULL,
	                 .action = action,
	                 .target_kind = kind,
	                 .target = target,
	                 .address = who ? who->address : NULL,
	                 .detail = detail};
	return store_audit_add(s, &a, e);
}

void sc_gen_code(store *s, const char *table, const char *prefix, char *out,
                 size_t n)
{
	char q[80];
	snprintf(q, sizeof(q), "SELECT count(*) FROM %s", table);
	for (int64_t k = sql_one_int(s, q) + 1;; k++) {
		snprintf(out, n, "%s%lld", prefix, (long long)k);
		if (store_collect_id(s, table, out) < 0)
			return;
	}
}

int sc_put(store *s, const char *upsert_sql, const char *delete_sql, int64_t k1,
           int64_t k2, int has, double v, att_err *e)
{
	sql_stmt *st = sql_prep(s, has ? upsert_sql : delete_sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, k1);
	sql_bind_int(st, 2, k2);
	if (has)
		sql_bind_num(st, 3, v);
	return sc_step_done(s, st, e, "cannot save a value");
}

/* ---- classes ---- */

int sc_class_get(store *s, int64_t id, arena *a, class_info *c, att_err *e)
{
	sql_stmt *st =
	    sql_prep(s,
	             "SELECT c.id, c.code, label('class', c.code, c.name) AS "
	             "name, c.org_id, c.year_id,"
	             " coalesce(c.subject_id, 0), coalesce(c.grade, -1),"
	             " y.start_date, y.end_date"
	             " FROM class c JOIN academic_year y ON y.id = c.year_id"
	             " WHERE c.id = ?1",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, id);
	int rc = sc_step_one(s, st, e, "cannot read class", "class", id);
	if (rc)
		return rc;
	c->id = sql_int(st, 0);
	c->code = sc_col_dup(a, st, 1);
	c->name = sc_col_dup(a, st, 2);
	c->org_id = sql_int(st, 3);
	c->year_id = sql_int(st, 4);
	c->subject_id = sql_int(st, 5);
	c->grade = (int)sql_int(st, 6);
	c->year_start = sc_col_dup(a, st, 7);
	c->year_end = sc_col_dup(a, st, 8);
	sql_reset(st);
	return ATT_OK;
}

int sc_class_day(const class_info *c, const char *date, int *day, int *ndays,
                 att_err *e)
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

static void reg_row(sql_stmt *st, arena *a, void *elem)
{
	collect_reg_row *r = elem;
	r->student_id = sql_int(st, 0);
	r->code = sc_col_dup(a, st, 1);
	r->name = sc_col_dup(a, st, 2);
	r->mark = ATT_PRESENT;
}

int sc_enrolled(store *s, int64_t class_id, const char *date, arena *a,
                collect_reg_row **out, int *n, att_err *e)
{
	sql_stmt *st = sql_prep(
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
	sql_bind_int(st, 1, class_id);
	sql_bind_text(st, 2, date);
	return sc_enrolled_rows(s, st, a, out, n, e);
}

int sc_enrolled_rows(store *s, sql_stmt *st, arena *a, collect_reg_row **out,
                     int *n, att_err *e)
{
	return sc_list(s, st, sizeof(**out), reg_row, a, (void **)out, n, e,
	               "cannot list enrolled students");
}

int sc_find_student(const collect_reg_row *rows, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (rows[i].student_id == id)
			return i;
	return -1;
}

/* ---- class_save ---- */

int64_t sc_save_version(store *s, const char *kind, int64_t target,
                        int64_t class_id)
{
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT version FROM class_save WHERE kind = ?1 AND target_id = ?2"
	    " AND class_id = ?3",
	    NULL);
	if (!st)
		return -1;
	sql_bind_text(st, 1, kind);
	sql_bind_int(st, 2, target);
	sql_bind_int(st, 3, class_id);
	int64_t v = 0;
	int rc = sql_step(st);
	if (rc == SQL_ROW)
		v = sql_int(st, 0);
	else if (rc != SQL_DONE)
		v = -1;
	sql_reset(st);
	return v;
}

int sc_save_record(store *s, const char *kind, int64_t target, int64_t class_id,
                   const collect_actor *who, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO class_save(kind, target_id, class_id, version,"
	    " first_saved_at, saved_at, saved_by) VALUES (?1, ?2, ?3, 1,"
	    " ?5, ?5, ?4)"
	    " ON CONFLICT(kind, target_id, class_id) DO UPDATE SET"
	    " version = class_save.version + 1, saved_by = ?4, saved_at = ?5",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_text(st, 1, kind);
	sql_bind_int(st, 2, target);
	sql_bind_int(st, 3, class_id);
	sc_bind_account(st, 4, who);
	char at[21];
	sc_when(who, at);
	sql_bind_text(st, 5, at);
	return sc_step_done(s, st, e, "cannot record save");
}

/* ---- lookups ---- */

int64_t store_collect_id(store *s, const char *table, const char *code)
{
	static const char *sqls[][2] = {
	    {"class", "SELECT id FROM class WHERE code = ?1"},
	    {"student", "SELECT id FROM student WHERE code = ?1"},
	    {"staff", "SELECT id FROM staff WHERE code = ?1"},
	    {"org", "SELECT id FROM org WHERE code = ?1"},
	    {"assessment", "SELECT id FROM assessment WHERE code = ?1"},
	    {"survey", "SELECT id FROM survey WHERE code = ?1"},
	    {"observation", "SELECT id FROM observation WHERE code = ?1"},
	    {"calendar_event", "SELECT id FROM calendar_event WHERE code = ?1"},
	};
	if (!code)
		return -1;
	for (size_t i = 0; i < ARRAY_LEN(sqls); i++) {
		if (strcmp(sqls[i][0], table) != 0)
			continue;
		sql_stmt *st = sql_prep(s, sqls[i][1], NULL);
		if (st)
			sql_bind_text(st, 1, code);
		int64_t id =
		    st && sql_step(st) == SQL_ROW ? sql_int(st, 0) : -1;
		if (st)
			sql_reset(st);
		return id;
	}
	return -1;
}

static void staff_row(sql_stmt *st, arena *a, void *elem)
{
	collect_staff_ref *v = elem;
	v->id = sql_int(st, 0);
	v->code = sc_col_dup(a, st, 1);
	v->name = sc_col_dup(a, st, 2);
}

int store_collect_teachers(store *s, int64_t school_id, arena *a,
                           collect_staff_ref **out, int *n, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT DISTINCT t.id, t.code, t.given_name || CASE WHEN"
	    " t.family_name <> '' THEN ' ' || t.family_name ELSE '' END,"
	    " t.family_name, t.given_name"
	    " FROM staff t JOIN teacher_of tf ON tf.staff_id = t.id"
	    " JOIN class c ON c.id = tf.class_id WHERE c.org_id = ?1"
	    " ORDER BY t.family_name, t.given_name, t.code LIMIT 1000",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, school_id);
	return sc_list(s, st, sizeof(**out), staff_row, a, (void **)out, n, e,
	               "cannot list teachers");
}

int store_collect_students(store *s, int64_t class_id, arena *a,
                           collect_reg_row **out, int *n, att_err *e)
{
	return sc_enrolled(s, class_id, NULL, a, out, n, e);
}

int64_t store_collect_account_school(store *s, int64_t account_id)
{
	sql_stmt *st = sql_prep(
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
	sql_bind_int(st, 1, account_id);
	int64_t v = 0;
	if (sql_step(st) == SQL_ROW)
		v = sql_int(st, 0);
	sql_reset(st);
	return v;
}
