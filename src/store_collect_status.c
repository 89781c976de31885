/*
 * store_collect_status.c - the status of every data-collection window per
 * school and class (complete, late, partial, missing; the counting rules
 * are in store_collect.h) and each account's reminders of what it owes.
 */
#include "store_collect_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "collect_input.h"

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
	    "SELECT sch.id, sch.code, sch.name, sch.sub, c.id, c.code, "
	    "label('class', c.code, c.name) AS name, "
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
	    "SELECT sch.id, sch.code, sch.name, sch.sub, c.id, c.code, "
	    "label('class', c.code, c.name) AS name,"
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
	    "SELECT sch.id, sch.code, sch.name, sch.sub, c.id, c.code, "
	    "label('class', c.code, c.name) AS name,"
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
	    "SELECT sch.id, sch.code, sch.name, sch.sub, c.id, c.code, "
	    "label('class', c.code, c.name) AS name,"
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
	    "SELECT e.id, e.code, label('event', e.code, e.title) AS title,"
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
		x->code = sc_col_dup(&a, st, 1);
		x->title = sc_col_dup(&a, st, 2);
		x->collects = sc_col_dup(&a, st, 3);
		x->start = sc_col_dup(&a, st, 4);
		x->due = sc_col_dup(&a, st, 5);
		x->org_id = sqlite3_column_int64(st, 6);
		x->year_id = sqlite3_column_int64(st, 7);
		x->assessment_id = sqlite3_column_int64(st, 8);
		x->survey_id = sqlite3_column_int64(st, 9);
		x->term_id = sqlite3_column_int64(st, 10);
		x->audience = sc_col_dup(&a, st, 11);
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
	int64_t *classes; /* a teacher's classes (malloc) */
	int nclasses;
	size_t ccap;
	int64_t *schools; /* the schools whose windows count (malloc) */
	int nschools;
	size_t scap;
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

static void rem_school(rem_ctx *c, int64_t org)
{
	for (int i = 0; i < c->nschools; i++)
		if (c->schools[i] == org)
			return;
	xgrow((void **)&c->schools, &c->scap, (size_t)c->nschools + 1,
	      sizeof(*c->schools));
	c->schools[c->nschools++] = org;
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

/* A teacher's classes in a year containing today (their schools count),
 * with a reminder for each register not taken today (weekdays). */
static int rem_teacher(store *s, rem_ctx *c, int64_t account_id,
                       int64_t staff_id, long tday, att_err *e)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT DISTINCT c.id, c.code, label('class', c.code, c.name) AS "
	    "name, c.org_id,"
	    " " REGISTER_CLASS_SQL ","
	    " EXISTS (SELECT 1 FROM register_taken r WHERE r.class_id = c.id"
	    "  AND r.date = ?3),"
	    " EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = c.id)"
	    " FROM class c JOIN academic_year y ON y.id = c.year_id"
	    " WHERE y.start_date <= ?3 AND y.end_date >= ?3 AND"
	    " (c.id IN (SELECT class_id FROM account_scope WHERE account_id ="
	    "  ?1 AND class_id IS NOT NULL) OR c.id IN (SELECT class_id FROM"
	    "  teacher_of WHERE staff_id = ?2)) ORDER BY c.code",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, staff_id);
	st_bind_text(st, 3, c->today);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&c->classes, &c->ccap, (size_t)c->nclasses + 1,
		      sizeof(*c->classes));
		int64_t id = sqlite3_column_int64(st, 0);
		c->classes[c->nclasses++] = id;
		rem_school(c, sqlite3_column_int64(st, 3));
		if (date_weekday(tday) < 5 && sqlite3_column_int(st, 4) &&
		    !sqlite3_column_int(st, 5) && sqlite3_column_int(st, 6)) {
			collect_reminder *m = rem_push(c);
			m->kind = "register";
			m->what = "";
			m->target = sc_col_dup(c->a, st, 1);
			m->target_name = sc_col_dup(c->a, st, 2);
			m->due_date = arena_strdup(c->a, c->today);
			m->expected = 1;
			m->target_id = id;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ATT_OK
	                         : st_fail(s, e, "cannot list classes");
}

/* A principal's schools: their org scope rows. */
static int rem_principal(store *s, rem_ctx *c, int64_t account_id, att_err *e)
{
	c->school_level = 1;
	sqlite3_stmt *st = st_prep(s,
	                           "SELECT org_id FROM account_scope WHERE"
	                           " account_id = ? AND org_id IS NOT NULL",
	                           e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, account_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		rem_school(c, sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	return ATT_OK;
}

/* Open surveys of the account's audience in its schools' trees that it
 * has not answered. */
static int rem_surveys(store *s, rem_ctx *c, int64_t account_id,
                       const char *aud, att_err *e)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    ACCOUNT_ORGS_CTE
	    "SELECT v.id, v.code, label('survey', v.code, v.title) AS title, "
	    "coalesce(v.close_date, '')"
	    " FROM survey v WHERE v.audience = ?2 AND (v.open_date IS NULL OR"
	    " v.open_date <= ?3) AND (v.close_date IS NULL OR"
	    " v.close_date >= ?3) AND (v.org_id IS NULL OR v.org_id IN anc)"
	    " AND NOT EXISTS (SELECT 1 FROM survey_taken t WHERE t.survey_id ="
	    " v.id AND t.account_id = ?1) ORDER BY v.close_date, v.code",
	    e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, account_id);
	st_bind_text(st, 2, aud);
	st_bind_text(st, 3, c->today);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		collect_reminder *m = rem_push(c);
		m->kind = "survey";
		m->survey_id = sqlite3_column_int64(st, 0);
		m->target = sc_col_dup(c->a, st, 1);
		m->what = sc_col_dup(c->a, st, 2);
		m->target_name = m->what;
		m->due_date = sc_col_dup(c->a, st, 3);
		m->expected = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ATT_OK
	                         : st_fail(s, e, "cannot list surveys");
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
	int rc =
	    sc_step_one(s, st, e, "cannot read account", "account", account_id);
	if (rc)
		return rc;
	char role[16];
	snprintf(role, sizeof(role), "%s", st_text(st, 0));
	int64_t staff_id = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);

	rem_ctx c = {.a = a, .today = today};
	char oldest[11];
	date_format(tday - 30, oldest);
	c.oldest_due = oldest;
	if (!strcmp(role, "teacher"))
		rc = rem_teacher(s, &c, account_id, staff_id, tday, e);
	else if (!strcmp(role, "principal"))
		rc = rem_principal(s, &c, account_id, e);
	for (int i = 0; i < c.nschools && rc == ATT_OK; i++)
		rc = store_collect_status(s, 0, c.schools[i], today, rem_status,
		                          &c, e);
	const char *aud =
	    !strcmp(role, "student")  ? "student"
	    : !strcmp(role, "parent") ? "parent"
	    : (!strcmp(role, "teacher") || !strcmp(role, "principal")) ? "staff"
	                                                               : NULL;
	if (!rc && aud)
		rc = rem_surveys(s, &c, account_id, aud, e);
	if (!rc) {
		if (c.n)
			qsort(c.v, (size_t)c.n, sizeof(*c.v), rem_cmp);
		*out = arena_alloc(a, sizeof(*c.v) * (size_t)(c.n ? c.n : 1));
		if (c.n)
			memcpy(*out, c.v, sizeof(*c.v) * (size_t)c.n);
		*n = c.n;
	}
	free(c.v);
	free(c.classes);
	free(c.schools);
	return rc;
}

/* The account's schools (staff school, student's and children's
 * placements, org scope rows) and their ancestors, as CTE "anc". */
