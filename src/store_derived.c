/*
 * store_derived.c - SQL for analysis runs, derived-table writes and
 * exports (see store_derived.h).
 */
#include "store_derived.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_internal.h"

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Table and column names come from code, but check them anyway: only
 * identifier characters and commas/spaces reach SQL text. */
static int ident_ok(const char *s, int list)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' ||
		      (list && (*s == ',' || *s == ' '))))
			return 0;
	return 1;
}

int store_run_begin(store *s, const char *analyses, const char *params_json,
                    int64_t data_version, int64_t *run_id, att_err *e)
{
	char ts[32];
	now_iso(ts);
	sqlite3_stmt *st =
	    st_prep(s,
	            "INSERT INTO analysis_run(started_at, data_version,"
	            " analyses, params, status) VALUES (?, ?, ?, ?, 'running')",
	            e);
	if (!st)
		return ATT_EIO;
	st_bind_text(st, 1, ts);
	sqlite3_bind_int64(st, 2, data_version);
	st_bind_text(st, 3, analyses);
	st_bind_text(st, 4, params_json ? params_json : "{}");
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, e, "cannot record the analysis run");
	*run_id = sqlite3_last_insert_rowid(s->db);
	return ATT_OK;
}

int store_run_finish(store *s, int64_t run_id, const char *status, att_err *e)
{
	char ts[32];
	now_iso(ts);
	sqlite3_stmt *st = st_prep(
	    s,
	    "UPDATE analysis_run SET finished_at = ?, status = ? WHERE id = ?",
	    e);
	if (!st)
		return ATT_EIO;
	st_bind_text(st, 1, ts);
	st_bind_text(st, 2, status);
	sqlite3_bind_int64(st, 3, run_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE
	           ? ATT_OK
	           : st_fail(s, e, "cannot finish the analysis run");
}

int store_run_step(store *s, int64_t run_id, const char *analysis,
                   double seconds, int64_t rows, att_err *e)
{
	sqlite3_stmt *st =
	    st_prep(s,
	            "INSERT OR REPLACE INTO analysis_step(run_id, analysis,"
	            " seconds, rows) VALUES (?, ?, ?, ?)",
	            e);
	if (!st)
		return ATT_EIO;
	sqlite3_bind_int64(st, 1, run_id);
	st_bind_text(st, 2, analysis);
	sqlite3_bind_double(st, 3, seconds);
	sqlite3_bind_int64(st, 4, rows);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE
	           ? ATT_OK
	           : st_fail(s, e, "cannot record the analysis step");
}

int64_t store_run_latest(store *s, const char *analysis)
{
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT max(r.id) FROM analysis_run r WHERE r.status = 'done'"
	    " AND (?1 IS NULL OR EXISTS (SELECT 1 FROM analysis_step p"
	    " WHERE p.run_id = r.id AND p.analysis = ?1))",
	    NULL);
	if (!st)
		return -1;
	st_bind_text(st, 1, analysis);
	int64_t id = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

int store_derived_begin(store *s, att_err *e)
{
	return store_begin(s, e);
}

int store_derived_commit(store *s, att_err *e)
{
	return store_commit(s, e);
}

int store_derived_clear(store *s, const char *table, att_err *e)
{
	if (!ident_ok(table, 0))
		return err_set(e, ATT_EUSAGE, "bad table name '%s'", table);
	char sql[160];
	snprintf(sql, sizeof(sql), "DELETE FROM %s", table);
	return st_exec(s, sql, e);
}

struct dins {
	store *s;
	sqlite3_stmt *st;
	int ncol;
	int64_t rows;
	char table[64];
};

dins *store_dins_begin(store *s, const char *table, const char *cols,
                       att_err *e)
{
	if (!ident_ok(table, 0) || !ident_ok(cols, 1) || strlen(table) >= 64) {
		err_set(e, ATT_EUSAGE, "bad table or column names for '%s'",
		        table ? table : "");
		return NULL;
	}
	int ncol = 1;
	for (const char *p = cols; *p; p++)
		ncol += *p == ',';
	buf b;
	buf_init(&b);
	buf_printf(&b, "INSERT INTO %s(%s) VALUES (", table, cols);
	for (int i = 0; i < ncol; i++)
		buf_adds(&b, i ? ", ?" : "?");
	buf_addc(&b, ')');
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, b.data, -1, &st, NULL);
	buf_free(&b);
	if (rc != SQLITE_OK) {
		st_fail(s, e, "cannot prepare insert");
		return NULL;
	}
	dins *w = xcalloc(1, sizeof(*w));
	w->s = s;
	w->st = st;
	w->ncol = ncol;
	snprintf(w->table, sizeof(w->table), "%s", table);
	return w;
}

int store_dins_row(dins *w, att_err *e, const char *fmt, ...)
{
	if ((int)strlen(fmt) != w->ncol)
		return err_set(e, ATT_EUSAGE, "%s: %d values for %d columns",
		               w->table, (int)strlen(fmt), w->ncol);
	va_list ap;
	va_start(ap, fmt);
	for (int k = 0; fmt[k]; k++) {
		int col = k + 1;
		switch (fmt[k]) {
		case 'i':
			sqlite3_bind_int64(w->st, col, va_arg(ap, int64_t));
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			if (v < 0)
				sqlite3_bind_null(w->st, col);
			else
				sqlite3_bind_int64(w->st, col, v);
			break;
		}
		case 'd': {
			double v = va_arg(ap, double);
			if (isnan(v) || isinf(v))
				sqlite3_bind_null(w->st, col);
			else
				sqlite3_bind_double(w->st, col, v);
			break;
		}
		case 't': {
			const char *v = va_arg(ap, const char *);
			if (v)
				sqlite3_bind_text(w->st, col, v, -1,
				                  SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(w->st, col);
			break;
		}
		default:
			va_end(ap);
			return err_set(e, ATT_EUSAGE, "%s: bad row format '%c'",
			               w->table, fmt[k]);
		}
	}
	va_end(ap);
	int rc = sqlite3_step(w->st);
	sqlite3_reset(w->st);
	if (rc != SQLITE_DONE)
		return st_fail(w->s, e, "cannot write derived row");
	w->rows++;
	return ATT_OK;
}

int64_t store_dins_count(const dins *w)
{
	return w ? w->rows : 0;
}

void store_dins_end(dins *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->st);
	free(w);
}

/* ---- exports ---- */

int store_table_exists(store *s, const char *table)
{
	if (!ident_ok(table, 0))
		return 0;
	sqlite3_stmt *st = st_prep(
	    s,
	    "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view')"
	    " AND name = ?",
	    NULL);
	if (!st)
		return 0;
	st_bind_text(st, 1, table);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* Raw tables whose ids are replaced by the codes users know. */
static const struct {
	const char *table;
	const char *sql;
} export_views[] = {
    {"result", "SELECT a.code AS assessment, s.code AS student, r.score"
               " FROM result r JOIN assessment a ON a.id = r.assessment_id"
               " JOIN student s ON s.id = r.student_id"
               " ORDER BY r.assessment_id, r.student_id"},
    {"item_response",
     "SELECT a.code AS assessment, i.code AS item, s.code AS student,"
     " r.points FROM item_response r JOIN item i ON i.id = r.item_id"
     " JOIN assessment a ON a.id = i.assessment_id"
     " JOIN student s ON s.id = r.student_id"
     " ORDER BY r.item_id, r.student_id"},
    {"placement",
     "SELECT s.code AS student, y.code AS year, o.code AS school, p.grade"
     " FROM placement p JOIN student s ON s.id = p.student_id"
     " JOIN academic_year y ON y.id = p.year_id"
     " JOIN org o ON o.id = p.org_id ORDER BY p.student_id, p.year_id"},
    {"enrolment",
     "SELECT c.code AS class, s.code AS student, e.start_date, e.end_date"
     " FROM enrolment e JOIN class c ON c.id = e.class_id"
     " JOIN student s ON s.id = e.student_id"
     " ORDER BY e.class_id, e.student_id"},
    {"attendance",
     "SELECT s.code AS student, y.code AS year, y.start_date, a.marks"
     " FROM attendance a JOIN student s ON s.id = a.student_id"
     " JOIN academic_year y ON y.id = a.year_id"
     " ORDER BY a.student_id, a.year_id"},
    {"cut_score",
     "SELECT a.code AS assessment, c.seq, c.band, c.min_score"
     " FROM cut_score c JOIN assessment a ON a.id = c.assessment_id"
     " ORDER BY c.assessment_id, c.seq"},
    {"participant",
     "SELECT i.code AS intervention, s.code AS student, p.dosage,"
     " p.start_date, p.end_date FROM participant p"
     " JOIN intervention i ON i.id = p.intervention_id"
     " JOIN student s ON s.id = p.student_id"
     " ORDER BY p.intervention_id, p.student_id"},
    {"teacher_of",
     "SELECT c.code AS class, f.code AS staff, t.role FROM teacher_of t"
     " JOIN class c ON c.id = t.class_id JOIN staff f ON f.id = t.staff_id"
     " ORDER BY t.class_id, t.staff_id"},
};

int store_export(store *s, const char *table, store_export_fn fn, void *ctx,
                 att_err *e)
{
	if (!store_table_exists(s, table))
		return err_set(e, ATT_ENOTFOUND, "no table '%s'",
		               table ? table : "");
	const char *sql = NULL;
	for (size_t i = 0; i < ARRAY_LEN(export_views); i++)
		if (strcmp(export_views[i].table, table) == 0)
			sql = export_views[i].sql;
	char own[200];
	if (!sql) {
		snprintf(own, sizeof(own), "SELECT * FROM %s", table);
		sql = own;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return st_fail(s, e, "cannot read table");
	int ncol = sqlite3_column_count(st);
	const char **names = xcalloc((size_t)ncol + 1, sizeof(char *));
	store_value *vals = xcalloc((size_t)ncol + 1, sizeof(store_value));
	for (int k = 0; k < ncol; k++)
		names[k] = sqlite3_column_name(st, k);
	int rc, stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int k = 0; k < ncol; k++) {
			store_value *v = &vals[k];
			switch (sqlite3_column_type(st, k)) {
			case SQLITE_INTEGER:
				v->type = SV_INT;
				v->i = sqlite3_column_int64(st, k);
				break;
			case SQLITE_FLOAT:
				v->type = SV_REAL;
				v->d = sqlite3_column_double(st, k);
				break;
			case SQLITE_TEXT:
				v->type = SV_TEXT;
				v->s = (const char *)sqlite3_column_text(st, k);
				break;
			case SQLITE_BLOB:
				v->type = SV_BLOB;
				v->s = sqlite3_column_blob(st, k);
				v->len = sqlite3_column_bytes(st, k);
				break;
			default:
				v->type = SV_NULL;
			}
		}
		if ((stop = fn(ctx, ncol, names, vals)))
			break;
	}
	int ok = stop || rc == SQLITE_DONE;
	if (!ok)
		st_fail(s, e, "cannot read table");
	sqlite3_finalize(st);
	free(names);
	free(vals);
	return stop ? stop : ok ? ATT_OK : ATT_EIO;
}
