/*
 * store_collect_status.c - the completeness of every data-collection
 * window per school and class: the one definition (store_collect.h; the
 * states and their rule, collect_input.h), the windows counted by state,
 * the overdue windows of each school, and each account's reminders of
 * what it owes.
 */
#include "store_collect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "collect_input.h"
#include "store_sql.h"

/* A window: a calendar event and what it is measured against. */
typedef struct ev {
	int64_t id, org_id, year_id, target;
	const char *code, *title, *collects, *start, *due, *audience;
} ev;

/* A school a window asks, with the date of its submission counted ("":
 * none on or before today). */
typedef struct sch_row {
	int64_t id;
	const char *code, *name, *sub;
} sch_row;

/* Schools under both the event's org (?1, NULL for all) and the filter
 * org (?2, NULL for all). */
#define SCHOOLS_CTE                                                            \
	"WITH RECURSIVE ea(id) AS (SELECT id FROM org WHERE (?1 IS NULL AND"   \
	" parent_id IS NULL) OR id = ?1 UNION ALL SELECT o.id FROM org o JOIN" \
	" ea ON o.parent_id = ea.id),"                                         \
	" rb(id) AS (SELECT id FROM org WHERE (?2 IS NULL AND parent_id IS"    \
	" NULL) OR id = ?2 UNION ALL SELECT o.id FROM org o JOIN rb ON"        \
	" o.parent_id = rb.id),"                                               \
	" sch(id, code, name) AS (SELECT o.id, o.code, o.name FROM org o"      \
	" WHERE o.is_school = 1 AND o.id IN (SELECT id FROM ea) AND o.id IN "  \
	"(SELECT id FROM rb)) "

/* The parameters every query of a window may use. */
enum {
	P_EVENT_ORG = 1,
	P_ORG,
	P_EVENT,
	P_YEAR,
	P_START,
	P_UPTO, /* min(due, today) */
	P_TARGET,
	P_DUE,
	P_AUDIENCE,
	P_TODAY
};

/* The schools of event ?3 with the submission counted as of ?10. */
static const char *const schools_sql = SCHOOLS_CTE
    "SELECT sch.id, sch.code, sch.name,"
    " coalesce((SELECT cs.submitted_on FROM collection_submission cs"
    "  WHERE cs.event_id = ?3 AND cs.org_id = sch.id"
    "  AND cs.submitted_on <= ?10), '') AS sub"
    " FROM sch ORDER BY sch.code";

/* Every line query returns: school id, class id (0 for a school's line),
 * class code, class name, expected, done, late (0/1); ordered by school
 * code and class code. */
static const char *const att_sql = SCHOOLS_CTE
    "SELECT sch.id, c.id, c.code, label('class', c.code, c.name) AS name,"
    " 0 AS expected,"
    " (SELECT count(*) FROM register_taken r WHERE r.class_id = c.id"
    "  AND r.date BETWEEN ?5 AND ?6) AS done,"
    " coalesce((SELECT max(CASE WHEN substr(r.saved_at, 1, 10) > ?8 THEN 1 "
    "ELSE 0 END)"
    "  FROM register_taken r WHERE r.class_id = c.id"
    "  AND r.date BETWEEN ?5 AND ?6), 0) AS late"
    " FROM sch JOIN class c ON c.org_id = sch.id AND c.year_id = ?4"
    " WHERE " REGISTER_CLASS_SQL
    " AND EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = c.id)"
    " ORDER BY sch.code, c.code";

/* Assessment a is class c's: its own, or one of its year for the class's
 * grade and subject (a homeroom takes a subject's assessments when its
 * school has no class of that subject that year). */
#define ASSESSMENT_CLASS_SQL                                                   \
	" a.year_id = c.year_id AND (a.class_id = c.id OR (a.class_id IS NULL" \
	" AND (a.grade IS NULL OR a.grade = c.grade)"                          \
	" AND (a.subject_id = c.subject_id OR (c.subject_id IS NULL"           \
	" AND NOT EXISTS (SELECT 1 FROM class h WHERE h.org_id = c.org_id"     \
	" AND h.year_id = c.year_id AND h.subject_id = a.subject_id)))))"

static const char *const res_sql = SCHOOLS_CTE
    "SELECT sch.id, c.id, c.code, label('class', c.code, c.name) AS name,"
    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id),"
    " (SELECT count(*) FROM enrolment en JOIN result r ON"
    "  r.student_id = en.student_id AND r.assessment_id = ?7"
    "  WHERE en.class_id = c.id AND (a.date IS NULL OR a.date <= ?10)),"
    " coalesce((SELECT substr(cs.first_saved_at, 1, 10) > ?8"
    "  FROM class_save cs WHERE cs.kind = 'markbook'"
    "  AND cs.target_id = ?7 AND cs.class_id = c.id), 0)"
    " FROM sch JOIN class c ON c.org_id = sch.id"
    " JOIN assessment a ON a.id = ?7 WHERE" ASSESSMENT_CLASS_SQL
    " AND EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = c.id)"
    " ORDER BY sch.code, c.code";

/* The assessments of class c dated in the window (?5 to ?8). */
#define WINDOW_ASSESSMENT_SQL                                                  \
	" a.date BETWEEN ?5 AND ?8 AND" ASSESSMENT_CLASS_SQL

static const char *const res_window_sql = SCHOOLS_CTE
    "SELECT sch.id, c.id, c.code, label('class', c.code, c.name) AS name,"
    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id),"
    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id"
    "  AND EXISTS (SELECT 1 FROM result r JOIN assessment a"
    "  ON a.id = r.assessment_id WHERE r.student_id = en.student_id"
    "  AND a.date <= ?10 AND" WINDOW_ASSESSMENT_SQL ")),"
    " coalesce((SELECT max(CASE WHEN substr(cs.first_saved_at, 1, 10) > ?8 "
    "THEN 1 ELSE 0 END)"
    "  FROM class_save cs JOIN assessment a ON a.id = cs.target_id"
    "  WHERE cs.kind = 'markbook' AND cs.class_id = c.id"
    "  AND a.date BETWEEN ?5 AND ?8), 0)"
    " FROM sch JOIN class c ON c.org_id = sch.id AND c.year_id = ?4"
    " WHERE EXISTS (SELECT 1 FROM assessment a WHERE" WINDOW_ASSESSMENT_SQL ")"
    " AND EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = c.id)"
    " ORDER BY sch.code, c.code";

static const char *const attitude_sql = SCHOOLS_CTE
    "SELECT sch.id, c.id, c.code, label('class', c.code, c.name) AS name,"
    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id),"
    " (SELECT count(*) FROM enrolment en WHERE en.class_id = c.id"
    "  AND EXISTS (SELECT 1 FROM attitude_grade g"
    "  WHERE g.student_id = en.student_id AND g.term_id = ?7"
    "  AND (c.subject_id IS NULL OR g.subject_id = c.subject_id))),"
    " coalesce((SELECT substr(cs.first_saved_at, 1, 10) > ?8"
    "  FROM class_save cs WHERE cs.kind = 'attitude'"
    "  AND cs.target_id = ?7 AND cs.class_id = c.id), 0)"
    " FROM sch JOIN class c ON c.org_id = sch.id AND c.year_id = ?4"
    " WHERE EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = c.id)"
    " ORDER BY sch.code, c.code";

static const char *const survey_sql = SCHOOLS_CTE
    ", aud(aid, org) AS ("
    " SELECT ac.id, st.org_id FROM account ac"
    "  JOIN staff st ON st.id = ac.staff_id"
    "  WHERE ?9 = 'staff' AND ac.role IN ('teacher', 'principal')"
    " UNION SELECT ac.id, p.org_id FROM account ac JOIN placement p"
    "  ON p.student_id = ac.student_id AND p.year_id = ?4"
    "  WHERE ?9 = 'student' AND ac.role = 'student'"
    "  AND NOT EXISTS (SELECT 1 FROM survey v WHERE v.id = ?7 AND "
    "NOT " SURVEY_CONSENT_SQL(
        "ac.student_id",
        "?10") ")"
               " UNION SELECT ac.id, p.org_id FROM account ac JOIN "
               "guardian_link gl"
               "  ON gl.guardian_id = ac.guardian_id JOIN placement p"
               "  ON p.student_id = gl.student_id AND p.year_id = ?4"
               "  WHERE ?9 = 'parent' AND ac.role = 'parent')"
               " SELECT sch.id, 0, '', '',"
               " (SELECT count(*) FROM aud WHERE aud.org = sch.id),"
               " (SELECT count(*) FROM aud JOIN survey_taken t"
               "  ON t.account_id = aud.aid AND t.survey_id = ?7"
               "  WHERE aud.org = sch.id), 0"
               " FROM sch ORDER BY sch.code";

static const char *const obs_sql = SCHOOLS_CTE
    ", tch(staff_id, org) AS (SELECT DISTINCT t.staff_id, c.org_id"
    " FROM teacher_of t JOIN class c ON c.id = t.class_id"
    " WHERE c.year_id = ?4)"
    " SELECT sch.id, 0, '', '',"
    " (SELECT count(*) FROM tch WHERE tch.org = sch.id),"
    " (SELECT count(DISTINCT o.staff_id) FROM observation o JOIN tch"
    "  ON tch.staff_id = o.staff_id AND tch.org = sch.id"
    "  WHERE o.org_id = sch.id AND o.date BETWEEN ?5 AND ?10),"
    " coalesce((SELECT max(o.date) > ?8 FROM observation o"
    "  WHERE o.org_id = sch.id AND o.date BETWEEN ?5 AND ?10), 0)"
    " FROM sch ORDER BY sch.code";

static const char *const profile_sql =
    SCHOOLS_CTE "SELECT sch.id, 0, '', '', 1, 0, 0 FROM sch ORDER BY sch.code";

/* The line query of a window, and whether it counts per class. */
static const char *lines_sql(const ev *x, int *per_class)
{
	static const struct {
		const char *collects, *sql, *targeted;
		int per_class;
	} kinds[] = {
	    {"attendance", att_sql, NULL, 1},
	    {"results", res_window_sql, res_sql, 1},
	    {"attitude", attitude_sql, NULL, 1},
	    {"survey", survey_sql, NULL, 0},
	    {"observation", obs_sql, NULL, 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		if (strcmp(x->collects, kinds[i].collects))
			continue;
		*per_class = kinds[i].per_class;
		return x->target && kinds[i].targeted ? kinds[i].targeted
		                                      : kinds[i].sql;
	}
	*per_class = 0;
	return profile_sql;
}

/* The windows q asks for, in order of due date and code. The target is
 * the assessment (results), the term holding the due date (attitude) or
 * the survey; 0 when there is none (nothing of the kind can be in). */
static int list_events(store *s, const collect_query *q, arena *a, ev **out,
                       int *n, att_err *e)
{
	static const char *const sql =
	    "SELECT e.id, e.code, label('event', e.code, e.title) AS title,"
	    " CASE WHEN e.kind = 'assessment' THEN 'results'"
	    "  ELSE e.collects END AS collects,"
	    " e.start_date, e.due_date, coalesce(e.org_id, 0) AS org_id,"
	    " e.year_id, coalesce(CASE WHEN e.kind = 'assessment'"
	    "  OR e.collects = 'results' THEN e.assessment_id"
	    "  WHEN e.collects = 'survey' THEN e.survey_id"
	    "  WHEN e.collects = 'attitude' THEN (SELECT t.id FROM term t"
	    "  WHERE t.year_id = e.year_id AND t.start_date <= e.due_date"
	    "  AND t.end_date >= e.due_date"
	    "  ORDER BY t.kind = 'term' DESC, t.start_date DESC LIMIT 1)"
	    "  END, 0) AS target,"
	    " coalesce((SELECT v.audience FROM survey v"
	    "  WHERE v.id = e.survey_id), '') AS audience"
	    " FROM calendar_event e WHERE ((e.kind = 'data_collection'"
	    " AND e.collects IS NOT NULL) OR (e.kind = 'assessment'"
	    " AND e.assessment_id IS NOT NULL)) AND (?1 = 0 OR e.id = ?1)"
	    " AND (?2 = 0 OR e.year_id = ?2) ORDER BY e.due_date, e.code";
	sql_stmt *st = sql_prep(s, sql, e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, q->event_id);
	sql_bind_int(st, 2, q->year_id);
	rowset r;
	int rc = sql_rows(st, a, 0, &r, e, "cannot list collection windows");
	if (rc)
		return rc;
	*out = arena_alloc(a, (size_t)(r.nrow + 1) * sizeof(ev));
	*n = r.nrow;
	for (int i = 0; i < r.nrow; i++)
		(*out)[i] = (ev){rows_int(&r, i, "id"),
		                 rows_int(&r, i, "org_id"),
		                 rows_int(&r, i, "year_id"),
		                 rows_int(&r, i, "target"),
		                 rows_text(&r, i, "code"),
		                 rows_text(&r, i, "title"),
		                 rows_text(&r, i, "collects"),
		                 rows_text(&r, i, "start_date"),
		                 rows_text(&r, i, "due_date"),
		                 rows_text(&r, i, "audience")};
	return ATT_OK;
}

/* Bind the parameters of a window's queries (enum above). */
static void bind_window(sql_stmt *st, const ev *x, const collect_query *q,
                        const char *upto)
{
	sql_bind_id(st, P_EVENT_ORG, x->org_id ? x->org_id : -1);
	sql_bind_id(st, P_ORG, q->org_id ? q->org_id : -1);
	sql_bind_int(st, P_EVENT, x->id);
	sql_bind_int(st, P_YEAR, x->year_id);
	sql_bind_text(st, P_START, x->start);
	sql_bind_text(st, P_UPTO, upto);
	sql_bind_int(st, P_TARGET, x->target);
	sql_bind_text(st, P_DUE, x->due);
	sql_bind_text(st, P_AUDIENCE, x->audience);
	sql_bind_text(st, P_TODAY, q->today);
}

/* The schools a window asks (schools_sql), in the caller's arena. */
static int window_schools(store *s, const ev *x, const collect_query *q,
                          const char *upto, arena *a, sch_row **out, int *n,
                          att_err *e)
{
	sql_stmt *st = sql_prep(s, schools_sql, e);
	if (!st)
		return ATT_EIO;
	bind_window(st, x, q, upto);
	rowset r;
	int rc = sql_rows(st, a, 0, &r, e, "cannot list a window's schools");
	if (rc)
		return rc;
	*out = arena_alloc(a, (size_t)(r.nrow + 1) * sizeof(sch_row));
	*n = r.nrow;
	for (int i = 0; i < r.nrow; i++)
		(*out)[i] = (sch_row){
		    rows_int(&r, i, "id"), rows_text(&r, i, "code"),
		    rows_text(&r, i, "name"), rows_text(&r, i, "sub")};
	return ATT_OK;
}

/* One window being measured: its lines handed to fn, and the school whose
 * class lines are being gathered for a school's line. */
typedef struct win {
	const ev *x;
	const collect_query *q;
	int per_class_kind; /* the window counts per class */
	int due_passed;
	long weekdays; /* attendance: the window's weekdays */
	collect_status_fn fn;
	void *ctx;
	long n[COLLECT_NSTATES]; /* the current school's class lines */
	long lines;
} win;

/* The state of a line of school sc: a submission counted makes it all
 * in (late when submitted after the due date). */
static void line_state(const win *w, const sch_row *sc, collect_status_row *r,
                       int late)
{
	if (*sc->sub) {
		if (r->expected <= 0)
			r->expected = 1;
		r->done = r->expected;
		late = strcmp(sc->sub, w->x->due) > 0;
	}
	r->state = collect_state_of(r->done, r->expected, late, w->due_passed);
	r->status = collect_state_code(r->state);
	r->submitted_on = sc->sub;
}

static collect_status_row row_of(const win *w, const sch_row *sc)
{
	collect_status_row r = {0};
	r.event_id = w->x->id;
	r.event_code = w->x->code;
	r.title = w->x->title;
	r.collects = w->x->collects;
	r.start_date = w->x->start;
	r.due_date = w->x->due;
	r.school_id = sc->id;
	r.school_code = sc->code;
	r.school_name = sc->name;
	r.class_code = "";
	r.class_name = "";
	return r;
}

/* The school's own line after its class lines (if the window counts per
 * class, for a per-school query or a school with no class asked). */
static void school_done(win *w, const sch_row *sc)
{
	if (w->per_class_kind && (!w->q->per_class || !w->lines)) {
		collect_status_row r = row_of(w, sc);
		if (!w->lines) {
			line_state(w, sc, &r, 0);
		} else {
			r.done = w->n[COLLECT_COMPLETE] + w->n[COLLECT_LATE];
			r.expected = w->lines;
			r.state = collect_state_merge(w->n, w->due_passed);
			r.status = collect_state_code(r.state);
			r.submitted_on = sc->sub;
		}
		w->fn(w->ctx, &r);
	}
	memset(w->n, 0, sizeof(w->n));
	w->lines = 0;
}

/* One row of a line query for school sc. */
static void line_row(win *w, const sch_row *sc, sql_stmt *st)
{
	collect_status_row r = row_of(w, sc);
	r.class_id = sql_int(st, 1);
	r.class_code = sql_text(st, 2);
	r.class_name = sql_text(st, 3);
	r.expected = sql_int(st, 4);
	r.done = sql_int(st, 5);
	if (!strcmp(w->x->collects, "attendance")) {
		r.expected = w->weekdays;
		if (r.done > r.expected)
			r.done = r.expected;
	}
	line_state(w, sc, &r, (int)sql_int(st, 6));
	if (!w->per_class_kind || w->q->per_class)
		w->fn(w->ctx, &r);
	w->n[r.state]++;
	w->lines++;
}

/* Every line of one window. */
static int window_lines(store *s, win *w, arena *a, att_err *e)
{
	const ev *x = w->x;
	const char *today = w->q->today;
	const char *upto = strcmp(today, x->due) < 0 ? today : x->due;
	w->due_passed = strcmp(today, x->due) > 0;
	w->weekdays = collect_weekdays(x->start, x->due);
	sch_row *sc;
	int nsc, k = 0;
	int rc = window_schools(s, x, w->q, upto, a, &sc, &nsc, e);
	if (rc)
		return rc;
	sql_stmt *st = sql_prep(s, lines_sql(x, &w->per_class_kind), e);
	if (!st)
		return ATT_EIO;
	bind_window(st, x, w->q, upto);
	while ((rc = sql_step(st)) == SQL_ROW) {
		int64_t id = sql_int(st, 0);
		while (k < nsc && sc[k].id != id)
			school_done(w, &sc[k++]);
		if (k < nsc)
			line_row(w, &sc[k], st);
	}
	sql_reset(st);
	if (rc != SQL_DONE)
		return sql_fail(s, e, "cannot compute collection status");
	while (k < nsc)
		school_done(w, &sc[k++]);
	return ATT_OK;
}

int store_collect_status(store *s, const collect_query *q, collect_status_fn fn,
                         void *ctx, att_err *e)
{
	if (!q->today || date_parse(q->today) < 0)
		return err_set(e, ATT_EINPUT, "'%s' is not a date",
		               q->today ? q->today : "");
	arena a;
	arena_init(&a);
	ev *evs;
	int nev;
	int rc = list_events(s, q, &a, &evs, &nev, e);
	for (int i = 0; !rc && i < nev; i++) {
		win w = {.x = &evs[i], .q = q, .fn = fn, .ctx = ctx};
		rc = window_lines(s, &w, &a, e);
	}
	arena_free(&a);
	return rc;
}

/* ---- windows counted by state, overdue windows per school ---- */

typedef struct win_acc {
	arena *a;
	collect_tally *v;
	size_t cap;
	int n;
} win_acc;

static void win_count(void *ctx, const collect_status_row *r)
{
	win_acc *c = ctx;
	if (!c->n || c->v[c->n - 1].event_id != r->event_id) {
		xgrow((void **)&c->v, &c->cap, (size_t)c->n + 1, sizeof(*c->v));
		c->v[c->n++] =
		    (collect_tally){r->event_id,
		                    arena_strdup(c->a, r->event_code),
		                    arena_strdup(c->a, r->title),
		                    arena_strdup(c->a, r->collects),
		                    arena_strdup(c->a, r->start_date),
		                    arena_strdup(c->a, r->due_date),
		                    0,
		                    {0}};
	}
	collect_tally *w = &c->v[c->n - 1];
	w->lines++;
	w->n[r->state]++;
}

int store_collect_tallies(store *s, const collect_query *q, arena *a,
                          collect_tally **out, int *n, att_err *e)
{
	win_acc c = {.a = a};
	int rc = store_collect_status(s, q, win_count, &c, e);
	*n = rc ? 0 : c.n;
	*out = arena_alloc(a, (size_t)(*n + 1) * sizeof(**out));
	if (*n)
		memcpy(*out, c.v, (size_t)*n * sizeof(**out));
	free(c.v);
	return rc;
}

typedef struct od_key {
	int64_t id;
	int i;
} od_key;

typedef struct od_acc {
	od_key *k;
	int n;
	int *overdue;
} od_acc;

static int od_cmp(const void *pa, const void *pb)
{
	const od_key *a = pa, *b = pb;
	return (a->id > b->id) - (a->id < b->id);
}

static void od_count(void *ctx, const collect_status_row *r)
{
	od_acc *c = ctx;
	if (!collect_state_overdue(r->state))
		return;
	od_key key = {r->school_id, 0};
	const od_key *hit =
	    bsearch(&key, c->k, (size_t)c->n, sizeof(od_key), od_cmp);
	if (hit)
		c->overdue[hit->i]++;
}

int store_collect_overdue(store *s, const collect_query *q, int nschools,
                          const int64_t *school_ids, int *overdue, att_err *e)
{
	od_acc c = {xmalloc(((size_t)nschools + 1) * sizeof(od_key)), nschools,
	            overdue};
	for (int i = 0; i < nschools; i++) {
		c.k[i] = (od_key){school_ids[i], i};
		overdue[i] = 0;
	}
	qsort(c.k, (size_t)nschools, sizeof(od_key), od_cmp);
	collect_query per_school = *q;
	per_school.per_class = 0;
	int rc = store_collect_status(s, &per_school, od_count, &c, e);
	free(c.k);
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
	/* windows open today whose line is not all in */
	if (r->state == COLLECT_COMPLETE || r->state == COLLECT_LATE ||
	    strcmp(r->start_date, c->today) > 0 ||
	    strcmp(r->due_date, c->oldest_due) < 0)
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

/* Run a reminder query into r: ?1 the account, ?3 today (the caller
 * binds any other). */
static int rem_rows(sql_stmt *st, rem_ctx *c, int64_t account_id, rowset *r,
                    att_err *e, const char *what)
{
	sql_bind_int(st, 1, account_id);
	sql_bind_text(st, 3, c->today);
	return sql_rows(st, c->a, 0, r, e, what);
}

/* A teacher's classes in a year containing today (their schools count),
 * with a reminder for each register not taken today (weekdays). */
static int rem_teacher(store *s, rem_ctx *c, int64_t account_id,
                       int64_t staff_id, long tday, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT DISTINCT c.id, c.code, label('class', c.code, c.name) AS "
	    "name, c.org_id,"
	    " " REGISTER_CLASS_SQL " AS register,"
	    " EXISTS (SELECT 1 FROM register_taken r WHERE r.class_id = c.id"
	    "  AND r.date = ?3) AS taken,"
	    " EXISTS (SELECT 1 FROM enrolment en WHERE en.class_id = c.id)"
	    " AS enrolled"
	    " FROM class c JOIN academic_year y ON y.id = c.year_id"
	    " WHERE y.start_date <= ?3 AND y.end_date >= ?3 AND"
	    " (c.id IN (SELECT class_id FROM account_scope WHERE account_id ="
	    "  ?1 AND class_id IS NOT NULL) OR c.id IN (SELECT class_id FROM"
	    "  teacher_of WHERE staff_id = ?2)) ORDER BY c.code",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 2, staff_id);
	rowset r;
	int rc = rem_rows(st, c, account_id, &r, e, "cannot list classes");
	for (int i = 0; !rc && i < r.nrow; i++) {
		xgrow((void **)&c->classes, &c->ccap, (size_t)c->nclasses + 1,
		      sizeof(*c->classes));
		int64_t id = rows_int(&r, i, "id");
		c->classes[c->nclasses++] = id;
		rem_school(c, rows_int(&r, i, "org_id"));
		if (date_weekday(tday) < 5 && rows_int(&r, i, "register") &&
		    !rows_int(&r, i, "taken") && rows_int(&r, i, "enrolled")) {
			collect_reminder *m = rem_push(c);
			m->kind = "register";
			m->what = "";
			m->target = rows_text(&r, i, "code");
			m->target_name = rows_text(&r, i, "name");
			m->due_date = arena_strdup(c->a, c->today);
			m->expected = 1;
			m->target_id = id;
		}
	}
	return rc;
}

/* A principal's schools: their org scope rows. */
static int rem_principal(store *s, rem_ctx *c, int64_t account_id, att_err *e)
{
	c->school_level = 1;
	sql_stmt *st = sql_prep(s,
	                        "SELECT org_id FROM account_scope WHERE"
	                        " account_id = ?1 AND org_id IS NOT NULL",
	                        e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, account_id);
	rowset r;
	int rc = sql_rows(st, c->a, 0, &r, e, "cannot read scope");
	for (int i = 0; !rc && i < r.nrow; i++)
		rem_school(c, rows_int(&r, i, "org_id"));
	return rc;
}

/* Surveys open to the account (store_survey_open_for's rule, consent
 * included) that it has not answered. */
static int rem_surveys(store *s, rem_ctx *c, int64_t account_id, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    ACCOUNT_ORGS_CTE
	    "SELECT v.id, v.code, label('survey', v.code, v.title) AS title, "
	    "coalesce(v.close_date, '') AS close_date"
	    " FROM survey v WHERE" SURVEY_OPEN_SQL " AND " SURVEY_CONSENT_SQL(
	        ACCOUNT_STUDENT_SQL, "?3") " AND NOT EXISTS (SELECT 1 FROM "
	                                   "survey_taken t WHERE t.survey_id ="
	                                   " v.id AND t.account_id = ?1) ORDER "
	                                   "BY v.close_date, v.code",
	    e);
	if (!st)
		return ATT_EIO;
	rowset r;
	int rc = rem_rows(st, c, account_id, &r, e, "cannot list surveys");
	for (int i = 0; !rc && i < r.nrow; i++) {
		collect_reminder *m = rem_push(c);
		m->kind = "survey";
		m->survey_id = rows_int(&r, i, "id");
		m->target = rows_text(&r, i, "code");
		m->what = rows_text(&r, i, "title");
		m->target_name = m->what;
		m->due_date = rows_text(&r, i, "close_date");
		m->expected = 1;
	}
	return rc;
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
	sql_stmt *st = sql_prep(s,
	                        "SELECT role, coalesce(staff_id, 0) AS staff_id"
	                        " FROM account WHERE id = ?1",
	                        e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, account_id);
	rowset acc;
	int rc = sql_rows(st, a, 1, &acc, e, "cannot read account");
	if (rc)
		return rc;
	if (!acc.nrow)
		return err_set(e, ATT_ENOTFOUND, "no account with id %lld",
		               (long long)account_id);
	const char *role = rows_text(&acc, 0, "role");
	int64_t staff_id = rows_int(&acc, 0, "staff_id");

	rem_ctx c = {.a = a, .today = today};
	char oldest[11];
	date_format(tday - 30, oldest);
	c.oldest_due = oldest;
	if (!strcmp(role, "teacher"))
		rc = rem_teacher(s, &c, account_id, staff_id, tday, e);
	else if (!strcmp(role, "principal"))
		rc = rem_principal(s, &c, account_id, e);
	for (int i = 0; i < c.nschools && rc == ATT_OK; i++) {
		collect_query q = {0, 0, c.schools[i], today, 1};
		rc = store_collect_status(s, &q, rem_status, &c, e);
	}
	if (!rc)
		rc = rem_surveys(s, &c, account_id, e);
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
