/*
 * store_collect_marks.c - markbooks: a class's assessments, creating an ad
 * hoc one with items, loading a markbook (items, students, their totals,
 * review flags and item points), saving exactly the cells that differ
 * with the version check and the conflict list of a stale save, and
 * importing an assessment's marks for the students of an org at once.
 *
 * The total and the items (collect_total in collect_input.h): a SUM total
 * is recomputed from the student's item points after every save; a
 * SCALED total is never replaced by a sum: saving items without the total
 * keeps the total and flags it for review (result_review), saving the
 * total clears the flag.
 *
 * A save works on a markbook loaded inside its transaction (mb_*): cells
 * are resolved to (student, column) and checked, compared with the saved
 * values, written where they differ (and the loaded copy updated), then
 * the totals follow the rule.
 */
#include "store_collect_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A class may enter an assessment of its year that is its own, or shared
 * (no class) with the class's subject (a homeroom enters any) and grade.
 * Used in SQL with the class as c and the assessment as a. */
#define CAN_ENTER_SQL                                                          \
	"(c.year_id = a.year_id AND (a.class_id = c.id OR (a.class_id IS NULL" \
	" AND (c.subject_id IS NULL OR a.subject_id = c.subject_id)"           \
	" AND (a.grade IS NULL OR c.grade IS NULL OR a.grade = c.grade))))"

/* Upserts and deletes of one cell: (item, student) or (assessment,
 * student) keys, ?3 the value (sc_put). */
static const char *const item_put =
    "INSERT INTO item_response(item_id, student_id, points) VALUES (?1, ?2,"
    " ?3) ON CONFLICT(item_id, student_id) DO UPDATE SET points = ?3";
static const char *const item_del =
    "DELETE FROM item_response WHERE item_id = ?1 AND student_id = ?2";
static const char *const total_put =
    "INSERT INTO result(assessment_id, student_id, score) VALUES (?1, ?2,"
    " ?3) ON CONFLICT(student_id, assessment_id) DO UPDATE SET score = ?3";
static const char *const total_del =
    "DELETE FROM result WHERE assessment_id = ?1 AND student_id = ?2";

/* ---- loading ---- */

static void item_row(sql_stmt *st, arena *a, void *elem)
{
	collect_item *it = elem;
	it->id = sql_int(st, 0);
	it->code = sc_col_dup(a, st, 1);
	it->max_points = sql_num(st, 2);
	it->standard_code = sc_col_dup(a, st, 3);
	it->standard = sc_col_dup(a, st, 4);
}

int store_assessment_load(store *s, int64_t assessment_id, arena *a,
                          collect_markbook *mb, att_err *e)
{
	memset(mb, 0, sizeof(*mb));
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT id, code, label('assessment', code, name) AS name, "
	    "kind, coalesce(date, ''), max_score,"
	    " coalesce(scale, 'raw') FROM assessment WHERE id = ?1",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, assessment_id);
	int rc = sc_step_one(s, st, e, "cannot read assessment", "assessment",
	                     assessment_id);
	if (rc)
		return rc;
	mb->assessment_id = sql_int(st, 0);
	mb->assessment_code = sc_col_dup(a, st, 1);
	mb->name = sc_col_dup(a, st, 2);
	mb->kind = sc_col_dup(a, st, 3);
	mb->date = sc_col_dup(a, st, 4);
	mb->max_score = sql_num(st, 5);
	mb->scale = sc_col_dup(a, st, 6);
	sql_reset(st);
	st =
	    sql_prep(s,
	             "SELECT i.id, i.code, i.max_points, coalesce(sd.code, ''),"
	             " coalesce(label('standard', sd.code, sd.description), "
	             "'') FROM item i"
	             " LEFT JOIN standard sd ON sd.id = i.standard_id"
	             " WHERE i.assessment_id = ?1 ORDER BY i.seq, i.code",
	             e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, assessment_id);
	if ((rc = sc_list(s, st, sizeof(*mb->items), item_row, a,
	                  (void **)&mb->items, &mb->nitems, e,
	                  "cannot list items")))
		return rc;
	double sum = 0;
	for (int j = 0; j < mb->nitems; j++)
		sum += mb->items[j].max_points;
	mb->total =
	    collect_total_rule(mb->scale, mb->max_score, mb->nitems, sum);
	return ATT_OK;
}

/* Give the roster (students of mb) their cells, read student by student:
 * a result is keyed (student, assessment) and item responses have a
 * student index, so each read is a key range. */
static int mb_scores(store *s, collect_markbook *mb, arena *a, att_err *e)
{
	size_t k = (size_t)(mb->nitems ? mb->nitems : 1);
	for (int i = 0; i < mb->nstudents; i++) {
		collect_mb_student *m = &mb->students[i];
		m->has_points = arena_alloc(a, sizeof(int) * k);
		m->points = arena_alloc(a, sizeof(double) * k);
		/* each statement is prepared just before it runs: the
		 * statement cache may finalize an older one */
		sql_stmt *st = sql_prep(
		    s,
		    "SELECT r.score, EXISTS (SELECT 1 FROM result_review v"
		    " WHERE v.student_id = r.student_id AND v.assessment_id ="
		    " r.assessment_id) FROM result r WHERE r.student_id = ?1"
		    " AND r.assessment_id = ?2",
		    e);
		if (!st)
			return ATT_EIO;
		sql_bind_int(st, 1, m->student_id);
		sql_bind_int(st, 2, mb->assessment_id);
		int rc = sql_step(st);
		if (rc == SQL_ROW) {
			m->has_score = 1;
			m->score = sql_num(st, 0);
			m->review = (int)sql_int(st, 1);
			mb->nreview += m->review;
		}
		sql_reset(st);
		if (rc != SQL_ROW && rc != SQL_DONE)
			return sql_fail(s, e, "cannot read results");
		st = sql_prep(
		    s,
		    "SELECT ir.item_id, ir.points FROM item_response ir"
		    " JOIN item i ON i.id = ir.item_id WHERE"
		    " ir.student_id = ?1 AND i.assessment_id = ?2",
		    e);
		if (!st)
			return ATT_EIO;
		sql_bind_int(st, 1, m->student_id);
		sql_bind_int(st, 2, mb->assessment_id);
		while ((rc = sql_step(st)) == SQL_ROW) {
			int64_t item = sql_int(st, 0);
			for (int j = 0; j < mb->nitems; j++)
				if (mb->items[j].id == item) {
					m->has_points[j] = 1;
					m->points[j] = sql_num(st, 1);
				}
		}
		sql_reset(st);
		if (rc != SQL_DONE)
			return sql_fail(s, e, "cannot read item responses");
	}
	return ATT_OK;
}

/* Copy a roster into mb's students. */
static void mb_roster(collect_markbook *mb, const collect_reg_row *rows, int n,
                      arena *a)
{
	mb->nstudents = n;
	mb->students =
	    arena_alloc(a, sizeof(*mb->students) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		mb->students[i].student_id = rows[i].student_id;
		mb->students[i].code = rows[i].code;
		mb->students[i].name = rows[i].name;
	}
}

int store_markbook_load(store *s, int64_t assessment_id, int64_t class_id,
                        arena *a, collect_markbook *out, att_err *e)
{
	class_info c = {0};
	int rc;
	if ((rc = store_assessment_load(s, assessment_id, a, out, e)) ||
	    (rc = sc_class_get(s, class_id, a, &c, e)))
		return rc;
	sql_stmt *st = sql_prep(s,
	                        "SELECT 1 FROM class c, assessment a WHERE"
	                        " c.id = ?1 AND a.id = ?2 AND " CAN_ENTER_SQL,
	                        e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, class_id);
	sql_bind_int(st, 2, assessment_id);
	int ok = sql_step(st) == SQL_ROW;
	sql_reset(st);
	if (!ok)
		return err_set(
		    e, ATT_EINPUT,
		    "assessment '%s' is not one class '%s' can enter",
		    out->assessment_code, c.code);
	out->class_id = c.id;
	out->class_code = c.code;
	out->class_name = c.name;
	out->version = sc_save_version(s, "markbook", assessment_id, c.id);
	if (out->version < 0)
		return sql_fail(s, e, "cannot read markbook version");
	collect_reg_row *rows;
	int nrows;
	if ((rc = sc_enrolled(s, c.id, NULL, a, &rows, &nrows, e)))
		return rc;
	mb_roster(out, rows, nrows, a);
	return mb_scores(s, out, a, e);
}

static void asmt_ref_row(sql_stmt *st, arena *a, void *elem)
{
	collect_asmt_ref *v = elem;
	v->id = sql_int(st, 0);
	v->code = sc_col_dup(a, st, 1);
	v->name = sc_col_dup(a, st, 2);
	v->kind = sc_col_dup(a, st, 3);
	v->date = sc_col_dup(a, st, 4);
	v->max_score = sql_num(st, 5);
	v->nitems = (int)sql_int(st, 6);
	v->entered = (int)sql_int(st, 7);
	v->shared = (int)sql_int(st, 8);
}

int store_markbook_list(store *s, int64_t class_id, arena *a,
                        collect_asmt_ref **out, int *n, att_err *e)
{
	*out = NULL;
	*n = 0;
	class_info c = {0};
	int rc = sc_class_get(s, class_id, a, &c, e);
	sql_stmt *st =
	    rc ? NULL
	       : sql_prep(
	             s,
	             "SELECT a.id, a.code, label('assessment', a.code, a.name) "
	             "AS name, a.kind, coalesce(a.date, "
	             "''),"
	             " a.max_score,"
	             " (SELECT count(*) FROM item i WHERE i.assessment_id = "
	             "a.id),"
	             " (SELECT count(*) FROM result r JOIN enrolment en ON"
	             "  en.student_id = r.student_id AND en.class_id = c.id"
	             "  WHERE r.assessment_id = a.id), a.class_id IS NULL"
	             " FROM class c JOIN assessment a ON " CAN_ENTER_SQL
	             " WHERE c.id = ?1"
	             " ORDER BY coalesce(a.date, '') DESC, a.code LIMIT 200",
	             e);
	if (!st)
		return rc ? rc : ATT_EIO;
	sql_bind_int(st, 1, class_id);
	return sc_list(s, st, sizeof(**out), asmt_ref_row, a, (void **)out, n,
	               e, "cannot list assessments");
}

/* ---- creating an ad hoc assessment ---- */

static int kind_ok(const char *k)
{
	static const char *kinds[] = {"baseline", "formative", "summative",
	                              "diagnostic"};
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (strcmp(k, kinds[i]) == 0)
			return 1;
	return 0;
}

/* Check the new items; *max becomes the sum of their maxima (so the total
 * of an ad hoc assessment with items is their sum). */
static int items_check(const collect_item_spec *items, int nitems, double *max,
                       att_err *e)
{
	if (nitems <= 0)
		return ATT_OK;
	*max = 0;
	for (int i = 0; i < nitems; i++) {
		if (!items[i].code || !*items[i].code ||
		    !(items[i].max_points > 0) ||
		    !isfinite(items[i].max_points) ||
		    items[i].max_points > 10000)
			return err_set(e, ATT_EINPUT,
			               "item %d needs a code and a maximum "
			               "above 0",
			               i + 1);
		for (int j = 0; j < i; j++)
			if (strcmp(items[i].code, items[j].code) == 0)
				return err_set(e, ATT_EINPUT,
				               "item code '%s' appears twice",
				               items[i].code);
		*max += items[i].max_points;
	}
	return ATT_OK;
}

/* Insert the items of assessment aid, each outcome code resolved. */
static int items_insert(store *s, int64_t aid, const collect_item_spec *items,
                        int nitems, att_err *e)
{
	for (int i = 0; i < nitems; i++) {
		int64_t sid = 0;
		const char *oc = items[i].standard_code;
		if (oc && *oc) {
			sql_stmt *st = sql_prep(
			    s, "SELECT id FROM standard WHERE code = ?1", e);
			if (!st)
				return ATT_EIO;
			sql_bind_text(st, 1, oc);
			if (sql_step(st) == SQL_ROW)
				sid = sql_int(st, 0);
			sql_reset(st);
			if (!sid)
				return err_set(
				    e, ATT_EINPUT,
				    "no learning outcome with code '%s'", oc);
		}
		sql_stmt *st = sql_prep(
		    s,
		    "INSERT INTO item(assessment_id, code, seq, max_points,"
		    " standard_id) VALUES (?1, ?2, ?3, ?4, ?5)",
		    e);
		if (!st)
			return ATT_EIO;
		sql_bind_int(st, 1, aid);
		sql_bind_text(st, 2, items[i].code);
		sql_bind_int(st, 3, i + 1);
		sql_bind_num(st, 4, items[i].max_points);
		if (sid)
			sql_bind_int(st, 5, sid);
		else
			sql_bind_null(st, 5);
		int rc = sc_step_done(s, st, e, "cannot add item");
		if (rc)
			return rc;
	}
	return ATT_OK;
}

/* Check what the new assessment says about itself and the class. */
static int create_check(const class_info *c, const char *name, const char *kind,
                        const char *date, att_err *e)
{
	int day, ndays;
	if (!kind_ok(kind))
		return err_set(e, ATT_EINPUT, "unknown assessment kind '%s'",
		               kind);
	if (!name || !*name || strlen(name) > 200)
		return err_set(
		    e, ATT_EINPUT,
		    "an assessment needs a name (at most 200 bytes)");
	int rc = sc_class_day(c, date, &day, &ndays, e);
	if (rc)
		return rc;
	if (!c->subject_id)
		return err_set(e, ATT_EINPUT,
		               "class '%s' has no subject to assess", c->code);
	return ATT_OK;
}

int store_markbook_create(store *s, int64_t class_id, const char *code,
                          const char *name, const char *kind, const char *date,
                          double max_score, const collect_item_spec *items,
                          int nitems, const collect_actor *who, int64_t *id_out,
                          att_err *e)
{
	arena a;
	arena_init(&a);
	class_info c = {0};
	char gen[300];
	if (!kind || !*kind)
		kind = "formative";
	int rc = sc_begin(s, e);
	if (rc)
		goto out;
	if ((rc = sc_class_get(s, class_id, &a, &c, e)) ||
	    (rc = create_check(&c, name, kind, date, e)) ||
	    (rc = items_check(items, nitems, &max_score, e)))
		goto fail;
	if (!(max_score > 0) || !isfinite(max_score) || max_score > 100000) {
		rc =
		    err_set(e, ATT_EINPUT, "the maximum score must be above 0");
		goto fail;
	}
	if (!code || !*code) {
		sc_gen_code(s, "assessment", arena_printf(&a, "%s-F", c.code),
		            gen, sizeof(gen));
		code = gen;
	} else if (store_collect_id(s, "assessment", code) >= 0) {
		rc = err_set(e, ATT_EINPUT, "assessment code '%s' is taken",
		             code);
		goto fail;
	}
	sql_stmt *st = sql_prep(
	    s,
	    "INSERT INTO assessment(code, name, subject_id, year_id, term_id,"
	    " grade, kind, date, max_score, class_id) VALUES (?1, ?2, ?3, ?4,"
	    " (SELECT id FROM term WHERE year_id = ?4 AND start_date <= ?6 AND"
	    "  end_date >= ?6 ORDER BY kind = 'term' DESC, start_date DESC "
	    "LIMIT 1),"
	    " ?5, ?7, ?6, ?8, ?9) RETURNING id",
	    e);
	if (!st) {
		rc = ATT_EIO;
		goto fail;
	}
	sql_bind_text(st, 1, code);
	sql_bind_text(st, 2, name);
	sql_bind_int(st, 3, c.subject_id);
	sql_bind_int(st, 4, c.year_id);
	if (c.grade >= 0)
		sql_bind_int(st, 5, c.grade);
	else
		sql_bind_null(st, 5);
	sql_bind_text(st, 6, date);
	sql_bind_text(st, 7, kind);
	sql_bind_num(st, 8, max_score);
	sql_bind_int(st, 9, c.id);
	int64_t aid;
	if ((rc = sc_insert_id(s, st, &aid, e, "cannot create assessment")))
		goto fail;
	if ((rc = items_insert(s, aid, items, nitems, e)) ||
	    (rc = sc_audit(s, who, "markbook.create", "assessment", code,
	                   c.code, e)))
		goto fail;
	if ((rc = sc_finish(s, e)))
		goto out;
	if (id_out)
		*id_out = aid;
	goto out;
fail:
	sc_fail(s, rc);
out:
	arena_free(&a);
	return rc;
}

/* ---- saving ---- */

/* A save in progress over a loaded markbook: each submitted cell resolved
 * to its student (si) and item (ii, -1 the total), and per student
 * whether an item changed and whether the total was submitted. */
typedef struct mb_save {
	collect_markbook *mb;
	const collect_score *cells;
	int n;
	int64_t assessment_id, class_id, org_id, base_version;
	const collect_actor *who;
	arena *a; /* the caller's, for conflicts */
	collect_conflict **conflicts;
	int *nconflicts;
	int *si, *ii;
	unsigned char *items_changed, *total_sent;
	collect_save_info info;
} mb_save;

/* Student index sorted by id, for resolving many cells quickly. */
typedef struct sid_ix {
	int64_t id;
	int i;
} sid_ix;

static int sid_cmp(const void *pa, const void *pb)
{
	const sid_ix *a = pa, *b = pb;
	return (a->id > b->id) - (a->id < b->id);
}

/* Current value of a cell in the loaded markbook. */
static void cell_now(const collect_markbook *mb, int si, int ii, int *has,
                     double *v)
{
	const collect_mb_student *m = &mb->students[si];
	*has = ii < 0 ? m->has_score : m->has_points[ii];
	*v = ii < 0 ? m->score : m->points[ii];
}

static int same_value(int ha, double a, int hb, double b)
{
	return ha == hb && (!ha || fabs(a - b) < 1e-9);
}

/* Check one resolved cell: a total where the rule takes one, a value in
 * 0..max. */
static int cell_check(const mb_save *sv, int k, att_err *e)
{
	const collect_markbook *mb = sv->mb;
	const collect_score *x = &sv->cells[k];
	int ii = sv->ii[k];
	const char *who = mb->students[sv->si[k]].code;
	if (ii < 0 && mb->total == COLLECT_TOTAL_SUM)
		return err_set(e, ATT_EINPUT,
		               "assessment '%s' is scored by item: its total is"
		               " the sum of the items",
		               mb->assessment_code);
	double max = ii < 0 ? mb->max_score : mb->items[ii].max_points;
	if (x->has_value &&
	    (!isfinite(x->value) || x->value < 0 || x->value > max))
		return err_set(e, ATT_EINPUT,
		               "score %g for '%s'%s%s is outside 0 to %g",
		               x->value, who, ii >= 0 ? " on item " : "",
		               ii >= 0 ? mb->items[ii].code : "", max);
	return ATT_OK;
}

/* Resolve and check every cell before anything is written: the student
 * is on the markbook's roster, the item is the assessment's, no cell
 * twice. */
static int cells_resolve(mb_save *sv, arena *a, att_err *e)
{
	collect_markbook *mb = sv->mb;
	int ns = mb->nstudents, nc = mb->nitems + 1, n = sv->n;
	size_t nn = (size_t)(n ? n : 1), nsz = (size_t)(ns ? ns : 1);
	sv->si = arena_alloc(a, sizeof(int) * nn);
	sv->ii = arena_alloc(a, sizeof(int) * nn);
	sv->items_changed = arena_alloc(a, nsz);
	sv->total_sent = arena_alloc(a, nsz);
	sid_ix *ix = arena_alloc(a, sizeof(*ix) * nsz);
	for (int i = 0; i < ns; i++)
		ix[i] = (sid_ix){mb->students[i].student_id, i};
	qsort(ix, (size_t)ns, sizeof(*ix), sid_cmp);
	unsigned char *seen = arena_alloc(a, nsz * (size_t)nc);
	for (int k = 0; k < n; k++) {
		const collect_score *x = &sv->cells[k];
		sid_ix key = {x->student_id, 0};
		const sid_ix *hit =
		    ns ? bsearch(&key, ix, (size_t)ns, sizeof(*ix), sid_cmp)
		       : NULL;
		if (!hit)
			return err_set(
			    e, ATT_EINPUT,
			    "student %lld may not be entered on '%s'",
			    (long long)x->student_id,
			    mb->class_code ? mb->class_code
			                   : mb->assessment_code);
		sv->si[k] = hit->i;
		sv->ii[k] = -1;
		for (int j = 0; x->item_id && j < mb->nitems; j++)
			if (mb->items[j].id == x->item_id)
				sv->ii[k] = j;
		if (x->item_id && sv->ii[k] < 0)
			return err_set(
			    e, ATT_EINPUT,
			    "item %lld is not part of assessment '%s'",
			    (long long)x->item_id, mb->assessment_code);
		unsigned char *once = &seen[(size_t)hit->i * (size_t)nc +
		                            (size_t)(sv->ii[k] + 1)];
		if (*once)
			return err_set(e, ATT_EINPUT,
			               "a value for '%s' is given twice",
			               mb->students[hit->i].code);
		*once = 1;
		int rc = cell_check(sv, k, e);
		if (rc)
			return rc;
	}
	return ATT_OK;
}

/* Every submitted cell whose saved value differs, into a (a stale save). */
static int cells_conflicts(const mb_save *sv, arena *a, collect_conflict **out)
{
	size_t cap = 0;
	collect_conflict *v = NULL;
	int nc = 0;
	for (int k = 0; k < sv->n; k++) {
		const collect_score *x = &sv->cells[k];
		int has;
		double now;
		cell_now(sv->mb, sv->si[k], sv->ii[k], &has, &now);
		if (same_value(has, now, x->has_value, x->value))
			continue;
		xgrow((void **)&v, &cap, (size_t)nc + 1, sizeof(*v));
		v[nc++] =
		    (collect_conflict){x->student_id, x->item_id, x->has_value,
		                       has,           x->value,   now};
	}
	if (out && a) {
		*out = arena_alloc(a, sizeof(*v) * (size_t)(nc ? nc : 1));
		if (nc)
			memcpy(*out, v, sizeof(*v) * (size_t)nc);
	}
	free(v);
	return nc;
}

/* Write the cells that differ from the saved values, keeping the loaded
 * markbook up to date. */
static int cells_write(store *s, mb_save *sv, att_err *e)
{
	collect_markbook *mb = sv->mb;
	for (int k = 0; k < sv->n; k++) {
		const collect_score *x = &sv->cells[k];
		int si = sv->si[k], ii = sv->ii[k], has;
		double now;
		collect_mb_student *m = &mb->students[si];
		if (ii < 0)
			sv->total_sent[si] = 1;
		cell_now(mb, si, ii, &has, &now);
		if (same_value(has, now, x->has_value, x->value))
			continue;
		sv->info.changed++;
		int rc =
		    ii < 0 ? sc_put(s, total_put, total_del, mb->assessment_id,
		                    x->student_id, x->has_value, x->value, e)
		           : sc_put(s, item_put, item_del, x->item_id,
		                    x->student_id, x->has_value, x->value, e);
		if (rc)
			return rc;
		if (ii < 0) {
			m->has_score = x->has_value;
			m->score = x->value;
		} else {
			sv->items_changed[si] = 1;
			m->has_points[ii] = x->has_value;
			m->points[ii] = x->value;
		}
	}
	return ATT_OK;
}

/* Flag a kept scaled total for review (or clear the flag: flag 0). */
static int review_set(store *s, const collect_markbook *mb,
                      const collect_mb_student *m, int flag,
                      const collect_actor *who, att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    flag ? "INSERT INTO result_review(student_id, assessment_id,"
	           " flagged_at, flagged_by, items_sum) VALUES (?1, ?2, ?3, ?4,"
	           " ?5) ON CONFLICT(student_id, assessment_id) DO UPDATE SET"
	           " flagged_at = ?3, flagged_by = ?4, items_sum = ?5"
	         : "DELETE FROM result_review WHERE student_id = ?1 AND"
	           " assessment_id = ?2",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, m->student_id);
	sql_bind_int(st, 2, mb->assessment_id);
	if (flag) {
		char at[21];
		sc_when(who, at);
		sql_bind_text(st, 3, at);
		sc_bind_account(st, 4, who);
		double sum = 0;
		for (int j = 0; j < mb->nitems; j++)
			sum += m->has_points[j] ? m->points[j] : 0;
		sql_bind_num(st, 5, sum);
	}
	return sc_step_done(s, st, e, "cannot flag a total for review");
}

/* The totals follow the rule (collect_total): SUM totals are recomputed
 * for students whose items changed; SCALED totals are kept, flagged when
 * items changed without the total, confirmed when the total was sent. */
static int totals_follow(store *s, mb_save *sv, const collect_actor *who,
                         att_err *e)
{
	collect_markbook *mb = sv->mb;
	for (int i = 0; i < mb->nstudents; i++) {
		collect_mb_student *m = &mb->students[i];
		int rc = ATT_OK;
		if (mb->total == COLLECT_TOTAL_SUM && sv->items_changed[i]) {
			int has = 0;
			double sum = 0;
			for (int j = 0; j < mb->nitems; j++) {
				has |= m->has_points[j];
				sum += m->has_points[j] ? m->points[j] : 0;
			}
			if (same_value(has, sum, m->has_score, m->score))
				continue;
			sv->info.totals++;
			rc = sc_put(s, total_put, total_del, mb->assessment_id,
			            m->student_id, has, sum, e);
			m->has_score = has;
			m->score = sum;
		} else if (mb->total == COLLECT_TOTAL_SCALED &&
		           sv->total_sent[i] && m->review) {
			sv->info.confirmed++;
			rc = review_set(s, mb, m, 0, who, e);
		} else if (mb->total == COLLECT_TOTAL_SCALED &&
		           sv->items_changed[i] && !sv->total_sent[i] &&
		           m->has_score) {
			sv->info.flagged++;
			rc = review_set(s, mb, m, 1, who, e);
		}
		if (rc)
			return rc;
	}
	return ATT_OK;
}

/* Apply a resolved save: cells, totals, and the audit entry naming what
 * changed (target: the markbook or the assessment). */
static int save_apply(store *s, mb_save *sv, const collect_actor *who,
                      const char *target, att_err *e)
{
	int rc = cells_write(s, sv, e);
	if (rc || (rc = totals_follow(s, sv, who, e)))
		return rc;
	sv->info.cells = sv->n;
	char detail[160];
	snprintf(detail, sizeof(detail),
	         "%d of %d cells changed; %d totals recomputed, %d flagged for"
	         " review, %d confirmed",
	         sv->info.changed, sv->n, sv->info.totals, sv->info.flagged,
	         sv->info.confirmed);
	return sc_audit(s, who, "markbook.save", "markbook", target, detail, e);
}

/* Run one save in its own transaction: body loads, checks and writes
 * (in sv, with a scratch arena); commit, or roll back on any failure.
 * *info gets what was done, zero when nothing was. */
static int save_txn(store *s, mb_save *sv,
                    int (*body)(store *, mb_save *, arena *, att_err *),
                    collect_save_info *info, att_err *e)
{
	if (info)
		memset(info, 0, sizeof(*info));
	arena tmp;
	arena_init(&tmp);
	collect_markbook mb;
	sv->mb = &mb;
	int rc = sc_begin(s, e);
	if (!rc && (rc = body(s, sv, &tmp, e)))
		sc_fail(s, rc);
	else if (!rc && !(rc = sc_finish(s, e)) && info)
		*info = sv->info;
	sv->mb = NULL;
	arena_free(&tmp);
	return rc;
}

/* A class's markbook: the version check (a stale save lists its
 * conflicts), then the cells and totals, and the class's save. */
static int markbook_body(store *s, mb_save *sv, arena *tmp, att_err *e)
{
	collect_markbook *mb = sv->mb;
	int rc;
	if ((rc = store_markbook_load(s, sv->assessment_id, sv->class_id, tmp,
	                              mb, e)) ||
	    (rc = cells_resolve(sv, tmp, e)))
		return rc;
	if (sv->base_version != mb->version) {
		int nc = cells_conflicts(sv, sv->a, sv->conflicts);
		if (sv->nconflicts)
			*sv->nconflicts = nc;
		return err_set(
		    e, ATT_ECONFLICT,
		    "markbook '%s' for class '%s' was saved by someone else"
		    " since you opened it (version %lld, yours %lld);"
		    " %d of your values differ",
		    mb->assessment_code, mb->class_code, (long long)mb->version,
		    (long long)sv->base_version, nc);
	}
	sv->info.version = mb->version + 1;
	return (rc = save_apply(s, sv, sv->who,
	                        arena_printf(tmp, "%s/%s", mb->assessment_code,
	                                     mb->class_code),
	                        e))
	           ? rc
	           : sc_save_record(s, "markbook", mb->assessment_id,
	                            mb->class_id, sv->who, e);
}

int store_markbook_save(store *s, int64_t assessment_id, int64_t class_id,
                        int64_t base_version, const collect_score *cells, int n,
                        const collect_actor *who, arena *a,
                        collect_conflict **conflicts, int *nconflicts,
                        collect_save_info *info, att_err *e)
{
	if (conflicts)
		*conflicts = NULL;
	if (nconflicts)
		*nconflicts = 0;
	mb_save sv = {.cells = cells,
	              .n = n,
	              .assessment_id = assessment_id,
	              .class_id = class_id,
	              .base_version = base_version,
	              .who = who,
	              .a = a,
	              .conflicts = conflicts,
	              .nconflicts = nconflicts};
	return save_txn(s, &sv, markbook_body, info, e);
}

/* ---- an org's marks at once ---- */

/* The classes under org ?1 that may enter assessment ?2, with their
 * enrolled active students (s). */
#define ORG_CLASSES_SQL                                                        \
	" FROM class c JOIN assessment a ON a.id = ?2"                         \
	" JOIN enrolment en ON en.class_id = c.id JOIN student s ON"           \
	" s.id = en.student_id WHERE c.org_id IN (WITH RECURSIVE sub(id) AS"   \
	" (SELECT ?1 UNION ALL SELECT o.id FROM org o JOIN sub ON"             \
	" o.parent_id = sub.id) SELECT id FROM sub) AND s.active = 1"          \
	" AND " CAN_ENTER_SQL

static int org_roster(store *s, int64_t org_id, collect_markbook *mb, arena *a,
                      att_err *e)
{
	sql_stmt *st = sql_prep(
	    s,
	    "SELECT DISTINCT s.id, s.code, s.given_name || CASE WHEN"
	    " s.family_name <> '' THEN ' ' || s.family_name ELSE '' END,"
	    " s.family_name, s.given_name" ORG_CLASSES_SQL
	    " ORDER BY s.family_name, s.given_name, s.code",
	    e);
	if (!st)
		return ATT_EIO;
	sql_bind_int(st, 1, org_id);
	sql_bind_int(st, 2, mb->assessment_id);
	collect_reg_row *rows;
	int n;
	int rc = sc_enrolled_rows(s, st, a, &rows, &n, e);
	if (rc)
		return rc;
	mb_roster(mb, rows, n, a);
	return ATT_OK;
}

/* Record a markbook save for every class under org whose students were
 * changed, so a form opened before the import is refused as stale. */
static int org_classes_saved(store *s, int64_t org_id, const mb_save *sv,
                             const collect_actor *who, att_err *e)
{
	sql_stmt *st =
	    sql_prep(s, "SELECT c.id" ORG_CLASSES_SQL " AND s.id = ?3", e);
	if (!st)
		return ATT_EIO;
	size_t cap = 0;
	int64_t *done = NULL;
	int nd = 0, rc = ATT_OK;
	const collect_markbook *mb = sv->mb;
	for (int i = 0; i < mb->nstudents && !rc; i++) {
		if (!sv->items_changed[i] && !sv->total_sent[i])
			continue;
		sql_bind_int(st, 1, org_id);
		sql_bind_int(st, 2, mb->assessment_id);
		sql_bind_int(st, 3, mb->students[i].student_id);
		while (sql_step(st) == SQL_ROW) {
			int64_t c = sql_int(st, 0), seen = 0;
			for (int k = 0; k < nd; k++)
				seen |= done[k] == c;
			if (seen)
				continue;
			xgrow((void **)&done, &cap, (size_t)nd + 1,
			      sizeof(*done));
			done[nd++] = c;
		}
		sql_reset(st);
	}
	for (int k = 0; k < nd && !rc; k++)
		rc = sc_save_record(s, "markbook", mb->assessment_id, done[k],
		                    who, e);
	free(done);
	return rc;
}

/* An org's marks: the roster of its classes that may enter the
 * assessment, the cells and totals, a save on each class changed. */
static int import_body(store *s, mb_save *sv, arena *tmp, att_err *e)
{
	collect_markbook *mb = sv->mb;
	int rc;
	if ((rc = store_assessment_load(s, sv->assessment_id, tmp, mb, e)) ||
	    (rc = org_roster(s, sv->org_id, mb, tmp, e)) ||
	    (rc = mb_scores(s, mb, tmp, e)) ||
	    (rc = cells_resolve(sv, tmp, e)) ||
	    (rc = save_apply(s, sv, sv->who, mb->assessment_code, e)))
		return rc;
	return org_classes_saved(s, sv->org_id, sv, sv->who, e);
}

int store_marks_import(store *s, int64_t org_id, int64_t assessment_id,
                       const collect_score *cells, int n,
                       const collect_actor *who, collect_save_info *info,
                       att_err *e)
{
	mb_save sv = {.cells = cells,
	              .n = n,
	              .assessment_id = assessment_id,
	              .org_id = org_id,
	              .who = who};
	return save_txn(s, &sv, import_body, info, e);
}
