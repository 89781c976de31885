/*
 * store_collect_marks.c - markbooks: a class's assessments, creating an ad
 * hoc one with items, loading a markbook (items, students, their totals
 * and item points) and saving its cells with the version check and the
 * conflict list of a stale save.
 */
#include "store_collect_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_account.h"

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
	    "SELECT id, code, name, kind, coalesce(date, ''), max_score,"
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
	o->code = sc_col_dup(a, st, 1);
	o->name = sc_col_dup(a, st, 2);
	o->kind = sc_col_dup(a, st, 3);
	o->date = sc_col_dup(a, st, 4);
	o->max_score = sqlite3_column_double(st, 5);
	o->subject_id = sqlite3_column_int64(st, 6);
	o->year_id = sqlite3_column_int64(st, 7);
	o->class_id = sqlite3_column_int64(st, 8);
	o->grade = sqlite3_column_int(st, 9);
	sqlite3_reset(st);
	return ATT_OK;
}

int store_markbook_load(store *s, int64_t assessment_id, int64_t class_id,
                        arena *a, collect_markbook *out, att_err *e)
{
	memset(out, 0, sizeof(*out));
	asmt_info as = {0};
	class_info c = {0};
	int rc;
	if ((rc = asmt_get(s, assessment_id, a, &as, e)) ||
	    (rc = sc_class_get(s, class_id, a, &c, e)))
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
	out->version = sc_save_version(s, "markbook", as.id, c.id);
	if (out->version < 0)
		return st_fail(s, e, "cannot read markbook version");

	sqlite3_stmt *st =
	    st_prep(s,
	            "SELECT i.id, i.code, i.max_points, coalesce(sd.code, ''),"
	            " coalesce(sd.description, '') FROM item i"
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
		items[k].code = sc_col_dup(a, st, 1);
		items[k].max_points = sqlite3_column_double(st, 2);
		items[k].standard_code = sc_col_dup(a, st, 3);
		items[k].standard = sc_col_dup(a, st, 4);
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
	if ((rc = sc_enrolled(s, c.id, NULL, a, &rows, &nrows, e)))
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
		int i =
		    sc_find_student(rows, nrows, sqlite3_column_int64(st, 0));
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
		int i =
		    sc_find_student(rows, nrows, sqlite3_column_int64(st, 0));
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
	int rc = sc_class_get(s, class_id, a, &c, e);
	if (rc)
		return rc;
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT a.id, a.code, a.name, a.kind, coalesce(a.date, ''), "
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
		v[k].code = sc_col_dup(a, st, 1);
		v[k].name = sc_col_dup(a, st, 2);
		v[k].kind = sc_col_dup(a, st, 3);
		v[k].date = sc_col_dup(a, st, 4);
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
	int rc = sc_begin(s, e);
	if (rc)
		goto out;
	class_info c = {0};
	int day, ndays;
	if ((rc = sc_class_get(s, class_id, &a, &c, e)))
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
	if ((rc = sc_class_day(&c, date, &day, &ndays, e)))
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
	if ((rc = sc_step_done(s, st, e, "cannot create assessment")))
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
		if ((rc = sc_step_done(s, st, e, "cannot add item")))
			goto fail;
	}
	if ((rc = store_audit_add(s, who ? who->account_id : 0,
	                          who ? who->username : NULL, "markbook.create",
	                          "assessment", code, who ? who->address : NULL,
	                          c.code, e)))
		goto fail;
	if ((rc = sc_finish(s, e)))
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
	int rc = sc_begin(s, e);
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
		if ((rc = sc_step_done(s, st, e, "cannot save score")))
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
		if ((rc = sc_step_done(s, st, e, "cannot save total")))
			goto fail;
	}
	if ((rc = sc_save_record(s, "markbook", mb.assessment_id, mb.class_id,
	                         who, e)))
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
	if ((rc = sc_finish(s, e)))
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
